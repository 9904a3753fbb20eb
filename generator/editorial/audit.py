"""The takedown audit log: ``audit/takedowns.yaml``, one entry per takedown, append-only.

000/001 Đ8.2 has violating content removed "ngay" once it is notified;
requirements.md §3.4 and §7.2 item 32 ask for a record of who removed it, when,
why and the notification's reference. ``build.py takedown`` appends the entry
(``append_entry``); every build reads the log back (``check``) and warns about
an item marked ``status: removed`` that no entry accounts for. ``audit/``, the log or its
``.gitattributes`` as a symbolic link is an error (``audit.symlink``): never read, never written.

An entry is written as text at the end of the file and never rewritten, so the
git history of the file shows additions only. ``parse_log`` is the one reader, for
the build and for the approval gate (which accepts a takedown's log change only
when it appends complete entries): every key once, each of its type, nothing else.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..build.index import ContentIndex
from ..core import fields as f
from ..core.diagnostics import Diagnostic, error, warning
from ..core.links import LinkRefused, links_on_the_way, write_file
from ..core.yamlsource import compose

AUDIT_LOG = "audit/takedowns.yaml"
AUDIT_ATTRIBUTES = "audit/.gitattributes"
_LINK = "audit.symlink"

HEADER = """\
# Nhật ký gỡ bỏ thông tin vi phạm (takedown audit log).
#
# 000/001 Đ8.2: thông tin vi phạm được gỡ bỏ ngay sau khi có thông báo. Mỗi lần gỡ bỏ
# ghi một mục: ai gỡ (by), khi nào (at), vì sao (reason), số hiệu thông báo (ref),
# mục nào (id, path, languages) và các địa chỉ đã gỡ (urls, nay trả lời 410 Gone).
#
# Written by `python build.py takedown PATH --reason "…" --ref "…"`, which appends one
# entry at the end. Never edit or delete a past entry: a correction is a new entry.
"""

# Appending at the end of one file from two branches is a textbook merge conflict; the union
# driver keeps both sides' lines, which for whole entries appended at the end is both entries.
GITATTRIBUTES = "# Two takedowns merged side by side keep both entries (see generator/editorial/audit.py).\n" \
                "takedowns.yaml merge=union\n"


@dataclass(frozen=True)
class AuditEntry:
    id: str
    path: str
    languages: tuple[str, ...]
    urls: tuple[str, ...]
    by: str
    at: str
    reason: str
    ref: str
    line: int = 1


def entry_text(entry: AuditEntry) -> str:
    """One entry as a YAML list item, keys in the order a reader expects them."""
    data = {"id": entry.id, "path": entry.path, "languages": list(entry.languages), "urls": list(entry.urls),
            "by": entry.by, "at": entry.at, "reason": entry.reason, "ref": entry.ref}
    return yaml.safe_dump([data], allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6)


def append_entry(root: Path, entry: AuditEntry) -> Path:
    """Append one entry to the log, creating it (with its header) on the first takedown; nothing is read or
    written through a symbolic link (``LinkRefused``; ``read_log`` refuses one first)."""
    refused = audit_links(root)
    if refused:
        raise LinkRefused(refused[0])
    path = root / AUDIT_LOG
    if not os.path.lexists(root / AUDIT_ATTRIBUTES):
        write_file(root, AUDIT_ATTRIBUTES, GITATTRIBUTES.encode(), _LINK, how="new")
    if not path.exists():
        write_file(root, AUDIT_LOG, HEADER.encode(), _LINK, how="new")
    old = path.read_bytes()
    added = ("\n" if old and not old.endswith(b"\n") else "") + "\n" + entry_text(entry)
    write_file(root, AUDIT_LOG, added.encode(), _LINK, how="append")
    return path


def audit_links(root: Path) -> list[Diagnostic]:
    """``audit/``, the log or its ``.gitattributes`` as a symbolic link: the log would be read from, and a
    takedown recorded in, a file outside the repository."""
    found = [d for rel in (AUDIT_LOG, AUDIT_ATTRIBUTES) for d in links_on_the_way(root, rel, _LINK)]
    return list(dict.fromkeys(found))


def _language(node: yaml.Node) -> str:
    raw = f.text(node)
    if not re.fullmatch(r"[a-z]{2}", raw):
        raise f.FieldError(f"`{f.shown(raw)}` is not a language code (two lower-case letters: vi, en, …)", node)
    return raw


def _moment(node: yaml.Node) -> str:
    """The time as written, which must be a date and time with its offset (as `takedown` writes it)."""
    raw = f.text(node)
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or "T" not in raw:
        raise f.FieldError(f"`{f.shown(raw)}` is not a date and time with its offset, like "
                           "2026-11-20T10:00:00+07:00", node)
    return raw


def _nonempty(coerce):
    def check(node: yaml.Node) -> tuple[str, ...]:
        values = coerce(node)
        if not values:
            raise f.FieldError("is an empty list", node, "field.required")
        return values
    return check


# How each key of an entry is read; every key is required.
READERS = {"id": f.text, "path": f.text, "languages": _nonempty(f.list_of(_language)),
           "urls": _nonempty(f.list_of(f.url)), "by": f.text, "at": _moment, "reason": f.text, "ref": f.text}
KEYS = tuple(READERS)
_REPAIR = "restore the entry as `build.py takedown` wrote it (see git log -p audit/takedowns.yaml)"


def _empty(node: yaml.Node) -> bool:
    return (isinstance(node, yaml.ScalarNode) and not node.value.strip() and not node.style) or (
        isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and not node.value)


def _entry(node: yaml.Node) -> tuple[AuditEntry | None, list[Diagnostic]]:
    """One entry, or why it is not one: every problem at its line."""
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        return None, [error(AUDIT_LOG, line, "takedown.audit", "an entry must be a mapping of `key: value` lines "
                            f"(`- id: …`, `  path: …`); {_REPAIR}")]
    problems: list[Diagnostic] = []
    values: dict[str, object] = {}
    seen: dict[str, int] = {}
    empty: set[str] = set()
    for key, value in node.value:
        at, col = key.start_mark.line + 1, key.start_mark.column + 1
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if name in seen:
            # YAML readers keep one of the two silently: a repeated key could rewrite an entry.
            problems.append(error(AUDIT_LOG, at, "takedown.audit", f"`{name}` is given twice in this entry (also "
                                  f"on line {seen[name]}); an entry names each key once: {_REPAIR}", col))
            continue
        if name not in READERS:
            problems.append(error(AUDIT_LOG, at, "takedown.audit", f"unknown key `{f.shown(str(key.value))}` in "
                                  f"an entry; an entry has only {', '.join(KEYS)}: {_REPAIR}", col))
            continue
        seen[name] = at
        if _empty(value):
            empty.add(name)  # reported with the missing keys
            continue
        try:
            values[name] = READERS[name](value)
        except f.FieldError as exc:
            where = exc.node or value
            problems.append(error(AUDIT_LOG, where.start_mark.line + 1, "takedown.audit",
                                  f"`{name}` {exc.message}; {_REPAIR}", where.start_mark.column + 1))
    missing = [k for k in KEYS if k not in seen or k in empty]
    if missing:
        problems.append(error(AUDIT_LOG, line, "takedown.audit",
                              f"this entry lacks {', '.join(f'`{k}`' for k in dict.fromkeys(missing))}; an entry "
                              "records id, path, languages, urls, by, at, reason and ref. Add a corrected entry "
                              "at the end rather than editing this one"))
    if problems:
        return None, problems
    return AuditEntry(values["id"], values["path"], values["languages"], values["urls"], values["by"],
                      values["at"], values["reason"], values["ref"], line), []


def parse_log(raw: bytes) -> tuple[list[AuditEntry], list[Diagnostic]]:
    """The entries of a log's bytes (none when it holds only comments), or located problems.

    The build and the approval gate both read the log with this, so they agree on what it says."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [], [error(AUDIT_LOG, raw[:exc.start].count(b"\n") + 1, "takedown.audit",
                          f"the audit log is not valid UTF-8; {_REPAIR}")]
    node, problems = compose(text, AUDIT_LOG)  # bounded: no alias loops or alias bombs; controls located
    if problems:
        return [], [error(AUDIT_LOG, p.line, "takedown.audit", f"the audit log: {p.message}; {_REPAIR}", p.col)
                    if p.code == "front-matter.yaml" else p for p in problems]
    if node is None:
        return [], []
    if not isinstance(node, yaml.SequenceNode):
        return [], [error(AUDIT_LOG, node.start_mark.line + 1, "takedown.audit",
                          "the audit log must be a YAML list of entries (`- id: …`); restore it from git")]
    entries: list[AuditEntry] = []
    problems: list[Diagnostic] = []
    for item in node.value:
        entry, probs = _entry(item)
        problems += probs
        if entry is not None:
            entries.append(entry)
    return entries, problems


def read_log(root: Path) -> tuple[list[AuditEntry], list[Diagnostic]]:
    """Every entry of the log (none when it does not exist yet), or located problems (a link among them:
    not read)."""
    linked = audit_links(root)
    if linked:
        return [], linked
    path = root / AUDIT_LOG
    return parse_log(path.read_bytes()) if path.is_file() else ([], [])


def unaudited(index: ContentIndex, entries: list[AuditEntry]) -> list[Diagnostic]:
    """A warning at the status line of each item marked removed without an audit entry.

    A translation taken down with its source needs no entry of its own: its source's covers it."""
    covered_paths = {e.path for e in entries}
    covered_items = {(e.id, lang) for e in entries for lang in e.languages}
    out = []
    for doc in index.gone.values():
        if doc.status != "removed" or doc.path in covered_paths or (doc.id, doc.lang) in covered_items:
            continue
        out.append(warning(doc.path, doc.lines.get("status", 1), "takedown.unaudited",
                           f"`status: removed` but {AUDIT_LOG} has no entry for it; take content down with "
                           f"`python build.py takedown {doc.path} --reason \"…\" --ref \"…\"`, which records "
                           "who, when, why and the notification's reference (000/001 Đ8.2)"))
    return out


def check(root: Path, index: ContentIndex) -> list[Diagnostic]:
    """Problems of the audit log itself, then items removed without an entry."""
    entries, problems = read_log(root)
    return problems + unaudited(index, entries)
