"""What a pull request changes, file by file, as the approval gate (``gate.py``) needs to know it.

The files come from ``git diff -z`` (exact names, whatever their characters) or from GitHub's
list; each is read at the base and at the head as bytes (``git cat-file``, never checked out)
and classified: an item of a site (its type, language, status, syndication; whether only its
``status:`` line changed), a site file (whether it changes who approves), the audit log
(the complete entries it appends, when it does nothing else), or another shared file.
"""
from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..build.documents import parse_source
from ..build.markup import new_converter
from ..core.git import git
from ..core.links import first_link
from ..core.yamlsource import compose, read_mapping
from ..model.board import read_board
from ..model.config import PROVINCE_SPECS, SITE_SPECS, Config
from ..model.content_types import CONTENT_TYPES
from .audit import AUDIT_LOG, AuditEntry, parse_log

PROVINCE_FILE = "sites/_province.yaml"
_SITE_FILE = re.compile(r"sites/([^/_][^/]*)\.yaml")


@dataclass(frozen=True)
class Change:
    path: str
    status: str                       # added, modified, removed, renamed
    site: str | None = None           # None: shared files of the whole repository
    type: str | None = None
    lang: str = "vi"
    item_status: str | None = None    # the item's `status:` after the change
    syndicate: bool = False
    status_only: bool | None = None   # only `status:` lines changed (None: the base is not at hand)
    appended: tuple[AuditEntry, ...] = ()  # for the audit log: the complete entries it appends, and nothing else
    # Why the board alone may not decide this shared file: "approval" (it changes who approves),
    # "audit" (it rewrites the audit log rather than appending to it), or "".
    sensitive: str = ""

    @property
    def item_id(self) -> str:
        """``site/type/slug``, as the build names the item (`SourceFile.item_id`)."""
        stem = self.path.rsplit("/", 1)[-1].removesuffix(".md")
        if self.lang != "vi":
            stem = stem.removesuffix(f".{self.lang}")
        return f"{self.site}/{self.type}/{stem}"


def shown(path: str) -> str:
    """A path as printed in the gate's report: quoted when it holds a control character, so a
    file name cannot add lines to the report."""
    return json.dumps(path, ensure_ascii=False) if any(unicodedata.category(c) == "Cc" for c in path) else path


_STATUSES = {"A": "added", "M": "modified", "D": "removed", "T": "modified"}


def parse_name_status(raw: bytes) -> list[tuple[str, str]]:
    """``git diff --name-status -z`` output → (path, status); a rename counts as both its paths.

    With ``-z`` every name is given as its bytes, unquoted, whatever it contains (non-ASCII
    letters, tabs, newlines, quotes); a rename or copy record carries two names."""
    fields = raw.split(b"\0")
    if fields and fields[-1] == b"":
        fields.pop()
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(fields):
        code = fields[i].decode("ascii")
        names = [n.decode("utf-8", "surrogateescape") for n in fields[i + 1:i + (3 if code[0] in "RC" else 2)]]
        i += 1 + len(names)
        if code[0] == "R":
            out += [(names[0], "removed"), (names[1], "renamed")]
        elif code[0] == "C":
            out.append((names[1], "added"))
        else:
            out.append((names[0], _STATUSES.get(code[0], "modified")))
    return out


def changed_files(root: Path, base: str, head: str, files_json: Path | None) -> list[tuple[str, str]]:
    """(path, status) of every file the PR changes; a rename counts as both its paths."""
    if files_json is not None:
        out = []
        for entry in json.loads(files_json.read_text(encoding="utf-8")):
            out.append((entry["filename"], entry.get("status", "modified")))
            if entry.get("previous_filename"):
                out.append((entry["previous_filename"], "removed"))
        return out
    diff = git(root, "diff", "--name-status", "-z", "-M", "--no-ext-diff", "--no-textconv", f"{base}...{head}",
               check=True)
    return parse_name_status(diff.stdout)


def read_at(root: Path, commit: str | None, path: str) -> bytes | None:
    """A file's bytes at a commit (read as data, nothing checked out), or in the working tree; None
    when it is not there. A symbolic link is read as git stores it, where it points; a file below a
    folder that is one is not in the tree: nothing outside the repository is read."""
    if commit:
        try:
            return git(root, "cat-file", "blob", f"{commit}:{path}", check=True).stdout
        except subprocess.CalledProcessError:
            return None
    file = root / path
    link = first_link(root, path)
    if link is not None:
        return os.fsencode(os.readlink(link)) if link == file else None
    return file.read_bytes() if file.is_file() else None


def _item_values(path: str, raw: bytes | None, type_name: str, md) -> dict | None:
    """The item's fields as the build reads them (same parser, same coercion); None when the
    build would reject the file, so the gate assumes the most it could mean."""
    if raw is None:
        return {}
    parsed = parse_source(path, raw, type_name, md)
    if any(p.severity == "error" for p in parsed.problems):
        return None
    return parsed.values


def status_only(before: bytes | None, after: bytes | None) -> bool | None:
    """Whether an item's change is a takedown's alone: its `status:` line and nothing else."""
    if before is None or after is None:
        return None
    def rest(raw: bytes) -> list[bytes]:
        return [line for line in raw.removeprefix(b"\xef\xbb\xbf").splitlines() if not line.startswith(b"status:")]
    return rest(before) == rest(after)


def appended_entries(before: bytes | None, after: bytes | None) -> tuple[AuditEntry, ...] | None:
    """The entries a change of the audit log appends, when appending them is all it does.

    The base must be the head's first bytes and end where a line ends; the added bytes must read,
    on their own, as complete, well-formed entries; and the head read whole must be the base's
    entries unchanged followed by those, so added lines cannot extend or override the last entry.
    None otherwise (or when the base is not at hand)."""
    if before is None or after is None or not after.startswith(before) or before[-1:] not in (b"", b"\n"):
        return None
    old, old_problems = parse_log(before)
    new, new_problems = parse_log(after[len(before):])
    whole, problems = parse_log(after)
    def same(entries: list[AuditEntry]) -> list[AuditEntry]:
        return [dataclasses.replace(e, line=0) for e in entries]
    if old_problems or new_problems or problems or not new or same(whole) != same(old + new):
        return None
    return tuple(new)


def _approval_facts(path: str, raw: bytes | None):
    """What in a site file decides who approves, as the build reads it: the province's `profile`;
    a site's `kind` and its whole `board` (members, roles, periods, delegations). None when the
    file is absent or the build would reject it."""
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    node, problems = compose(text, path)
    province = path == PROVINCE_FILE
    if problems:
        return None
    values, _, problems = read_mapping(node, PROVINCE_SPECS if province else SITE_SPECS, path,
                                       what="province file" if province else "site file")
    if any(p.severity == "error" for p in problems):
        return None
    if province:
        return values["profile"]
    board = None
    if "board" in values:
        board, problems = read_board(values["board"], Path(path).stem, path)
        if board is None or any(p.severity == "error" for p in problems):
            return None
        board = (tuple(dataclasses.replace(m, line=0) for m in board.members),
                 tuple(dataclasses.replace(d, line=0) for d in board.delegations))
    return values["kind"], board


def changes_who_approves(path: str, status: str, before: bytes | None, after: bytes | None) -> bool:
    """Whether a change of a file under sites/ changes who approves: a new or different profile, a
    site added, removed or renamed, or a site's `kind` or `board` changed. A file the build would
    reject, or whose base is not at hand, is assumed to."""
    if path != PROVINCE_FILE and not _SITE_FILE.fullmatch(path):
        return False  # the build reads no other file of sites/
    if status != "modified":
        return True
    old, new = _approval_facts(path, before), _approval_facts(path, after)
    return old is None or new is None or old != new


def classify(path: str, status: str, config: Config, after: bytes | None, before: bytes | None = None,
             md=None) -> Change:
    """What one changed file is: an item of a site, another file of a site, or a shared file."""
    parts = path.split("/")
    if len(parts) >= 3 and parts[0] == "content" and parts[1] in config.sites:
        site = parts[1]
        type_name = parts[2] if parts[2] in CONTENT_TYPES else None
        if not path.endswith(".md") or type_name is None:
            return Change(path, status, site, type_name)
        m = re.fullmatch(r"(.+)\.([a-z]{2})", parts[-1][:-3])
        lang = m[2] if m else "vi"
        values = _item_values(path, after, type_name, md or new_converter())
        if values is None:  # unreadable: it may be anything, so it needs every approval, syndication too
            return Change(path, status, site, type_name, lang, None, True, False)
        return Change(path, status, site, type_name, lang, values.get("status", "published"),
                      values.get("syndicate") is True, status_only(before, after))
    if path == AUDIT_LOG:
        entries = appended_entries(before, after) if status in ("added", "modified") else None
        return Change(path, status, status_only=entries is not None, appended=entries or (),
                      sensitive="" if entries is not None else "audit")
    return Change(path, status, sensitive="approval" if changes_who_approves(path, status, before, after) else "")
