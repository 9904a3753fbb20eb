"""Where an item is scanned for personal data, and which contacts are official.

Two rules keep citizens' personal data out of the repository (requirements.md §3.8):

- **Keys.** A front-matter key that would hold an asker's identity, ID number, phone, address
  or e-mail (``core/personal_patterns.personal_key``) and that the item's type does not declare
  is refused (``personal.key``): it belongs in the intake system. A type that declares such a
  key for official data (a person's office phone) keeps it.
- **Text.** The fields a type marks ``scan_personal=True``, and the body of a type marked
  ``scan_body`` (all its items, or those its predicate picks: a directive's responses to
  petitions and to the press), are scanned for ID numbers, phone numbers and e-mail addresses
  (``personal.id``, ``personal.phone``, ``personal.email``), each at its exact line and column,
  unless it is an official contact from the site files: the province's and every site's
  ``contact`` (phone, hotline, fax, email), the profile's ``contact``, ``footer_hotline``,
  ``portal_emails`` and its Q&A channels' e-mail addresses.
- **Names.** The fields a type marks ``scan_names=True`` (an asker's own words: a question) warn
  of a person named with an honorific, "Tôi là Nguyễn Văn A" (``personal.name``).
- **Overrides.** An item's ``not_personal`` lists exact strings the editor confirms are not
  personal data (a 9-digit file number); a finding of exactly that string is dropped, everything
  else is still reported, and an entry that matches nothing is a warning
  (``personal.not-personal-unused``), so the list never outlives its reason.

The scan depends on the item's bytes only, so its findings are cached with the parse; which of
them are official is decided on every build (``problems``), from the configuration.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Iterable

import yaml

from ..core.diagnostics import Diagnostic, error, warning
from ..core.personal_patterns import (
    KINDS,
    contact_key,
    find_names,
    find_personal_data,
    masked,
    personal_key,
)
from ..model.config import Config
from ..model.type_spec import ContentType

INTAKE = ("personal data never enters the content repository, which is public and keeps its history: keep "
          "it in the intake system, where questions and petitions are received")


@dataclass(frozen=True)
class Finding:
    """Something that looks like personal data, where it is written."""
    line: int
    col: int
    kind: str    # id, phone, email, name
    shown: str   # masked, for the message
    key: str     # compared with the official contacts


def _position(text: str, index: int, line: int, col: int) -> tuple[int, int]:
    """Line and column of ``text[index]``, for a text that starts at ``line``:``col``."""
    before = text.count("\n", 0, index)
    if before == 0:
        return line, col + index
    return line + before, index - text.rfind("\n", 0, index)


def _initials(name: str) -> str:
    """A name as a message may repeat it: its initials (N. V. A.)."""
    return " ".join(word[0] + "." for word in name.split())


def scan_text(text: str, line: int, col: int = 1, names: bool = False) -> list[Finding]:
    """Findings in a text that starts at ``line``:``col`` of its file; with ``names``, people named
    with an honorific too."""
    out = []
    for match in sorted(find_personal_data(text) + (find_names(text) if names else []), key=lambda m: m.start):
        at_line, at_col = _position(text, match.start, line, col)
        if match.kind == "name":
            out.append(Finding(at_line, at_col, "name", _initials(match.text), " ".join(match.text.split())))
        else:
            out.append(Finding(at_line, at_col, match.kind, masked(match.text), match.key))
    return out


def scan_front_matter(node: yaml.Node | None, source: str, line_offset: int, names: Iterable[str],
                      name_fields: Iterable[str] = ()) -> list[Finding]:
    """Findings in the values of the named keys, read from the source as written (so every finding
    has its exact place, in plain, quoted and block scalars alike, and inside lists and mappings);
    in ``name_fields``, people named with an honorific too."""
    wanted, with_names = set(names), set(name_fields)
    if not wanted or not isinstance(node, yaml.MappingNode):
        return []
    out: list[Finding] = []
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value in wanted:
            start, end = value.start_mark, value.end_mark
            out += scan_text(source[start.index:end.index], line_offset + start.line + 1, start.column + 1,
                             key.value in with_names)
    return out


def not_personal(findings: list[Finding], allowed: Iterable[str], path: str,
                 line: int) -> tuple[list[Finding], list[Diagnostic]]:
    """The findings the item's ``not_personal`` does not name, and a warning for each entry that
    names none of them (it is stale, or was never needed)."""
    keys = {entry: contact_key(entry) if entry.strip()[:1].isdigit() or "@" in entry else " ".join(entry.split())
            for entry in allowed}
    kept = [x for x in findings if x.key not in keys.values()]
    found = {x.key for x in findings}
    unused = [warning(path, line, "personal.not-personal-unused",
                      f"`{entry}` in `not_personal` matches nothing the personal-data scan finds in this item; "
                      "remove it from the list") for entry, key in keys.items() if key not in found]
    return kept, unused


def scan_item(path: str, node: yaml.Node | None, front_matter: str, line_offset: int, body: str, body_line: int,
              ctype: ContentType, values: dict[str, Any],
              lines: dict[str, int]) -> tuple[list[Finding], list[Diagnostic]]:
    """Everything in an item that looks like personal data, where its type says citizens' words are
    published (its scanned fields, its body), less what its ``not_personal`` names; and a warning
    for each ``not_personal`` entry that names nothing."""
    found = scan_front_matter(node, front_matter, line_offset, ctype.scanned_fields, ctype.name_fields)
    if ctype.scans_body(values):
        found += scan_text(body, body_line)
    return not_personal(found, values.get("not_personal") or (), path, lines.get("not_personal", 1))


def key_problems(node: yaml.Node | None, ctype: ContentType, path: str,
                 line_offset: int) -> tuple[list[Diagnostic], set[tuple[int, int]]]:
    """``personal.key`` for every undeclared key that would hold personal data, and the places of
    those keys (their ``field.unknown`` is replaced by this message)."""
    if not isinstance(node, yaml.MappingNode):
        return [], set()
    declared = [x.name for x in ctype.fields]
    problems, places = [], set()
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.value in declared:
            continue
        what = personal_key(key.value)
        if what is None:
            continue
        line, col = line_offset + key.start_mark.line + 1, key.start_mark.column + 1
        close = difflib.get_close_matches(key.value, declared, n=1, cutoff=0.6)
        hint = f" (`{key.value}` is no key of a {ctype.name} item either" + (
            f"; did you mean `{close[0]}`?)" if close else ")")
        problems.append(error(path, line, "personal.key",
                              f"`{key.value}` would hold a citizen's {what}: {INTAKE}; remove the key{hint}", col))
        places.add((line, col))
    return problems, places


def message(finding: Finding) -> str:
    if finding.kind == "name":
        return (f"`{finding.shown}` names a person with an honorific: the asker's identity is never published; "
                f"{INTAKE}. Write \"người hỏi\" or \"công dân\" instead; if this is an official named on "
                "purpose, list the name in the item's `not_personal`")
    english, _ = KINDS[finding.kind]
    return (f"`{finding.shown}` looks like {english}, which is personal data: {INTAKE}. Remove it from the "
            "text; if it is an official contact of an agency, add it to the site file's `contact`; if it is "
            "no one's (a file number), list it exactly in the item's `not_personal`")


def problems(path: str, findings: Iterable[Finding], official: frozenset[str]) -> list[Diagnostic]:
    """An error for every finding that is not an official contact; a warning for a person named
    (a name alone may be an official's)."""
    return [(warning if x.kind == "name" else error)(path, x.line, f"personal.{x.kind}", message(x), x.col)
            for x in findings if x.key not in official]


def official_contacts(config: Config) -> frozenset[str]:
    """Phones and e-mail addresses the site files publish on purpose, compared as ``contact_key``."""
    profile = config.province.profile
    texts: list[str] = []
    for contact in [config.province.contact, profile.get("contact") or {},
                    *(site.contact for site in config.sites.values())]:
        texts += [str(contact[k]) for k in ("phone", "hotline", "fax", "email") if contact.get(k)]
    texts += [str(x) for x in profile.get("portal_emails") or ()]
    if profile.get("footer_hotline"):
        texts.append(str(profile.get("footer_hotline")))
    qa = profile.get("qa") or {}
    texts += [str(c.get("value")) for c in qa.get("channels") or () if isinstance(c, dict) and c.get("kind") == "email"]
    return frozenset(contact_key(t) for t in texts if t)
