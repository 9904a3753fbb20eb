"""The takedown audit log: ``audit/takedowns.yaml``, one entry per takedown, append-only.

000/001 Đ8.2 has violating content removed "ngay" once it is notified;
requirements.md §3.4 and §7.2 item 32 ask for a record of who removed it, when,
why and the notification's reference. ``build.py takedown`` appends the entry
(``append_entry``); every build reads the log back (``check``) and warns about
an item marked ``status: removed`` that no entry accounts for.

An entry is written as text at the end of the file and never rewritten, so the
git history of the file shows additions only.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..build.index import ContentIndex
from ..core.diagnostics import Diagnostic, error, warning

AUDIT_LOG = "audit/takedowns.yaml"
KEYS = ("id", "path", "languages", "urls", "by", "at", "reason", "ref")

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
    """Append one entry to the log, creating it (with its header) on the first takedown."""
    path = root / AUDIT_LOG
    path.parent.mkdir(parents=True, exist_ok=True)
    attributes = path.parent / ".gitattributes"
    if not attributes.exists():
        attributes.write_text(GITATTRIBUTES, encoding="utf-8")
    if not path.exists():
        path.write_text(HEADER, encoding="utf-8")
    old = path.read_bytes()
    with path.open("a", encoding="utf-8", newline="\n") as log:
        if old and not old.endswith(b"\n"):
            log.write("\n")
        log.write("\n" + entry_text(entry))
    return path


def _text(value) -> str:
    return "" if value is None else str(value)


def _texts(value) -> tuple[str, ...]:
    return tuple(_text(x) for x in (value if isinstance(value, list) else [value]))


def read_log(root: Path) -> tuple[list[AuditEntry], list[Diagnostic]]:
    """Every entry of the log (none when it does not exist yet), or located problems."""
    path = root / AUDIT_LOG
    if not path.is_file():
        return [], []
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return [], [error(AUDIT_LOG, mark.line + 1 if mark else 1, "takedown.audit",
                          f"the audit log cannot be read as YAML: {exc.problem or exc}; restore the last "
                          "entry as `build.py takedown` wrote it (see git log -p audit/takedowns.yaml)")]
    if node is None:
        return [], []
    if not isinstance(data, list):
        return [], [error(AUDIT_LOG, node.start_mark.line + 1, "takedown.audit",
                          "the audit log must be a YAML list of entries (`- id: …`); restore it from git")]
    entries: list[AuditEntry] = []
    problems: list[Diagnostic] = []
    for item, item_node in zip(data, node.value):
        line = item_node.start_mark.line + 1
        missing = [k for k in KEYS if not isinstance(item, dict) or item.get(k) in (None, "", [])]
        if missing:
            problems.append(error(AUDIT_LOG, line, "takedown.audit",
                                  f"this entry lacks {', '.join(f'`{k}`' for k in missing)}; an entry records "
                                  "id, path, languages, urls, by, at, reason and ref. Add a corrected entry "
                                  "at the end rather than editing this one"))
            continue
        entries.append(AuditEntry(_text(item["id"]), _text(item["path"]), _texts(item["languages"]),
                                  _texts(item["urls"]), _text(item["by"]), _text(item["at"]),
                                  _text(item["reason"]), _text(item["ref"]), line))
    return entries, problems


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
