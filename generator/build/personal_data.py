"""Where an item is scanned for personal data, and which contacts are official.

Two rules keep citizens' personal data out of the repository (requirements.md §3.8):

- **Keys.** A front-matter key that would hold an asker's identity, ID number, phone, address
  or e-mail (``core/personal_patterns.personal_key``) and that the item's type does not declare
  is refused (``personal.key``): it belongs in the intake system. A type that declares such a
  key for official data (a person's office phone) keeps it.
- **Text.** The fields a type marks ``scan_personal=True``, and the body of a type marked
  ``scan_body=True``, are scanned for ID numbers, phone numbers and e-mail addresses
  (``personal.id``, ``personal.phone``, ``personal.email``), each at its exact line and column,
  unless it is an official contact from the site files: the province's and every site's
  ``contact`` (phone, hotline, fax, email), the profile's ``contact``, ``footer_hotline``,
  ``portal_emails`` and its Q&A channels' e-mail addresses.

The scan depends on the item's bytes only, so its findings are cached with the parse; which of
them are official is decided on every build (``problems``), from the configuration.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

import yaml

from ..core.diagnostics import Diagnostic, error
from ..core.personal_patterns import (
    KINDS,
    contact_key,
    find_personal_data,
    masked,
    personal_key,
)
from ..model.config import Config
from ..model.type_spec import ContentType

INTAKE = ("personal data never enters the content repository (004 Đ19; requirements.md §3.8): keep it in "
          "the intake system, where questions and petitions are received")


@dataclass(frozen=True)
class Finding:
    """Something that looks like personal data, where it is written."""
    line: int
    col: int
    kind: str    # id, phone, email
    shown: str   # masked, for the message
    key: str     # compared with the official contacts


def _position(text: str, index: int, line: int, col: int) -> tuple[int, int]:
    """Line and column of ``text[index]``, for a text that starts at ``line``:``col``."""
    before = text.count("\n", 0, index)
    if before == 0:
        return line, col + index
    return line + before, index - text.rfind("\n", 0, index)


def scan_text(text: str, line: int, col: int = 1) -> list[Finding]:
    """Findings in a text that starts at ``line``:``col`` of its file."""
    out = []
    for match in find_personal_data(text):
        at_line, at_col = _position(text, match.start, line, col)
        out.append(Finding(at_line, at_col, match.kind, masked(match.text), match.key))
    return out


def scan_front_matter(node: yaml.Node | None, source: str, line_offset: int, names: Iterable[str]) -> list[Finding]:
    """Findings in the values of the named keys, read from the source as written (so every finding
    has its exact place, in plain, quoted and block scalars alike, and inside lists and mappings)."""
    wanted = set(names)
    if not wanted or not isinstance(node, yaml.MappingNode):
        return []
    out: list[Finding] = []
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value in wanted:
            start, end = value.start_mark, value.end_mark
            out += scan_text(source[start.index:end.index], line_offset + start.line + 1, start.column + 1)
    return out


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
    english, _ = KINDS[finding.kind]
    return (f"`{finding.shown}` looks like {english}, which is personal data: {INTAKE}. Remove it from the "
            "text; if it is an official contact of an agency, add it to the site file's `contact`")


def problems(path: str, findings: Iterable[Finding], official: frozenset[str]) -> list[Diagnostic]:
    """An error for every finding that is not an official contact."""
    return [error(path, x.line, f"personal.{x.kind}", message(x), x.col) for x in findings if x.key not in official]


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
