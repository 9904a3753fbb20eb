"""Publication facts from git: when each item reached main, when it last changed, its major changes.

Merging to main publishes, so the moments that count are the commits on main's first-parent
chain: a merge commit (the moment a pull request reached main) or a commit pushed to main
directly. Everything is read in ONE ``git log`` over the whole repository (plus one
``git rev-parse`` to find HEAD and refuse a shallow clone), never a process per file:

    git log --first-parent -m --raw -p -U0 -I<not change_note> -- ':(glob)content/**/*.md'

``--raw`` lists every file each commit touched (minor edits included); ``-p`` with ``-I`` prints
only the parts of diffs that add or remove a top-level ``change_note:`` or ``status:`` line, so
the output stays small: a commit that adds a ``change_note:`` line to an item is a major change of
that item, and the note is its description; an item merged as a ``status: draft`` is first
published by the commit that lifts the draft status. Merges are diffed against their first parent, so a branch of many
commits is one change of main, at the merge's commit time.

An item is known by its path without the year folder (``content/<site>/<type>/<slug>[.<lang>].md``),
so moving it to another year keeps its history. The facts of one HEAD never change: they are
cached with the HEAD's hash when a cache folder is given.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import __version__

GITFACTS_VERSION = f"{__version__}:2"  # bump when parse_log changes, so older cached facts are not reused
NOTE_KEY = "change_note"
STATUS_KEY = "status"


def _not_keys(keys: tuple[str, ...]) -> str:
    """A regex for lines that start with none of ``keys``. `git log -I` hides a group of changed
    lines when every line of it matches; the regex is matched with REG_NEWLINE against the line
    and its newline, so no alternative may match an empty string (`^$` would match after the
    newline of any line): a line ends early at `$` after a proper prefix of a key, an empty line
    is matched by its newline itself, and otherwise it leaves every key at some character."""
    alternatives = []
    for prefix in sorted({key[:n] for key in keys for n in range(len(key))}):
        following = "".join(sorted({k[len(prefix)] for k in keys if k.startswith(prefix) and len(k) > len(prefix)}))
        alternatives.append(f"{re.escape(prefix)}[^{following}]")
        if prefix:
            alternatives.append(f"{re.escape(prefix)}$")
    return "^(" + "|".join(alternatives) + "|\n)"


# Diffs show only the groups of changed lines that touch a `change_note:` or a `status:` line.
_NOT_A_NOTE = _not_keys((NOTE_KEY + ":", STATUS_KEY + ":"))
PATHSPEC = ":(glob)content/**/*.md"
_RECORD = "\x1e"
_YEAR_FOLDER = re.compile(r"(content/[^/]+/[^/]+/)\d{4}/([^/]+)")


@dataclass(frozen=True)
class Touch:
    """One first-parent commit that changed an item's file."""
    commit: str          # full hash
    time: dt.datetime    # committer time: when the change reached the branch
    note: str = ""       # the change_note this commit added; "" for a minor change
    status: str | None = None  # the item's `status:` as this commit set it; None: left as it was


@dataclass(frozen=True)
class GitFacts:
    head: str
    touches: dict[str, tuple[Touch, ...]] = field(default_factory=dict)  # item key → touches, newest first
    # Items first committed before this moment were imported from an earlier portal
    # (`imported_before` in sites/_province.yaml): their Ngày đăng is their front-matter date.
    imported_before: dt.datetime | None = None

    def of(self, path: str) -> tuple[Touch, ...]:
        return self.touches.get(item_key(path), ())


@dataclass(frozen=True)
class Publication:
    """What an item's page says of its publication."""
    first: dt.date | dt.datetime | None       # Ngày đăng
    updated: dt.datetime | None = None        # Cập nhật lần cuối, only when later than `first`
    changes: tuple[Touch, ...] = ()           # Lịch sử cập nhật: major changes after `first`, newest first
    from_git: bool = False


def item_key(path: str) -> str:
    """An item's file without its year folder: moving an item to another year keeps its history."""
    m = _YEAR_FOLDER.fullmatch(path)
    return m[1] + m[2] if m else path


def publication(path: str, values: dict[str, Any], facts: GitFacts | None) -> Publication:
    """First published, last updated and major changes of one item.

    From git: first published is the first commit of main that brought the file, or its
    ``publish_at`` when that is later (scheduled items); changes merged before it are not updates.
    Without git facts (no git, a shallow clone, a file not committed yet): the front-matter date
    (``date``, else ``issued_date``), as before, and no history.
    """
    touches = facts.of(path) if facts is not None else ()
    if not touches:
        return Publication(values.get("date") or values.get("issued_date"))
    touches = _from_first_public(touches)
    cutoff = facts.imported_before
    if cutoff is not None and touches[-1].time < cutoff:
        # Imported: published before the repository existed; what changed since is git's to tell.
        since = tuple(t for t in touches if t.time >= cutoff)
        return Publication(values.get("date") or values.get("issued_date"), since[0].time if since else None,
                           tuple(t for t in since if t.note), bool(since))
    first: dt.datetime = touches[-1].time
    publish_at = values.get("publish_at")
    if publish_at is not None and publish_at > first:
        first = publish_at
    last = touches[0].time
    changes = tuple(t for t in touches[:-1] if t.note and t.time > first)
    return Publication(first, last if last > first else None, changes, True)


def _from_first_public(touches: tuple[Touch, ...]) -> tuple[Touch, ...]:
    """The touches (newest first) from the first one that left the item public: an item merged as a
    draft is published by the commit that changes its status, not by the one that brought it."""
    state = "published"
    for i in range(len(touches) - 1, -1, -1):
        if touches[i].status is not None:
            state = touches[i].status
        if state not in ("draft", "removed"):
            return touches[:i + 1]
    return touches


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, env=env, stdin=subprocess.DEVNULL)


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "no message"


def log_command() -> list[str]:
    return ["-c", "core.quotepath=off", "log", "--first-parent", "-m", "--raw", "--no-abbrev", "-p", "-U0",
            "--no-renames", "--no-color", "--no-ext-diff", "--no-textconv", "--relative", "--no-show-signature",
            "--src-prefix=a/", "--dst-prefix=b/", f"-I{_NOT_A_NOTE}", f"--format={_RECORD}%H%x00%cI",
            "HEAD", "--", PATHSPEC]


def read_git_facts(root: Path, cache_dir: Path | str | None = None) -> tuple[GitFacts | None, str]:
    """The git facts of ``root``'s HEAD, or None and why they are unavailable."""
    if shutil.which("git") is None:
        return None, "git is not installed"
    try:
        head = _git(root, "rev-parse", "--is-shallow-repository", "--verify", "-q", "HEAD")
    except OSError as exc:
        return None, f"git cannot run ({exc})"
    shallow, _, sha = head.stdout.decode().strip().partition("\n")
    if head.returncode != 0 and shallow:
        return None, "the git repository has no commits yet"
    if head.returncode != 0:
        return None, _first_line(head.stderr).removeprefix("fatal: ")
    if shallow.strip() == "true":
        return None, ("this is a shallow clone (fetch the whole history: `git fetch --unshallow`, "
                      "or `fetch-depth: 0` in CI)")
    sha = sha.strip()
    cache = _cache_path(cache_dir, root)
    cached = _read_cache(cache, sha)
    if cached is not None:
        return cached, ""
    log = _git(root, *log_command())
    if log.returncode != 0:
        why = _first_line(log.stderr).removeprefix("fatal: ")
        return None, f"`git log` failed: {why} (congtt needs git 2.30 or later)"
    facts = GitFacts(sha, parse_log(log.stdout.decode("utf-8", "replace")))
    _write_cache(cache, facts)
    return facts, ""


def parse_log(text: str) -> dict[str, tuple[Touch, ...]]:
    """Item key → touches, newest first, from the output of ``log_command``."""
    found: dict[str, list[Touch]] = {}
    for record in text.split(_RECORD)[1:]:
        header, _, rest = record.partition("\n")
        sha, _, stamp = header.partition("\x00")
        moment = dt.datetime.fromisoformat(stamp.strip())
        keys: list[str] = []
        notes: dict[str, str] = {}
        statuses: dict[str, str] = {}
        current = ""
        lines = rest.split("\n")
        for n, line in enumerate(lines):
            if line.startswith(":"):
                path = line.partition("\t")[2]
                if path and not path.startswith('"'):
                    keys.append(item_key(path))
            elif line.startswith("diff --git "):
                pair = line[len("diff --git a/"):]  # `a/PATH b/PATH`: the same PATH twice (no renames)
                current = item_key(pair[:(len(pair) - 3) // 2]) if line.startswith("diff --git a/") else ""
            elif line.startswith("+" + NOTE_KEY + ":") and current:
                note = _note(line[1:], lines, n + 1)
                if note:
                    notes[current] = note
            elif line.startswith("+" + STATUS_KEY + ":") and current:
                statuses[current] = _status(line[1:])
            elif line.startswith("-" + STATUS_KEY + ":") and current:
                statuses.setdefault(current, "published")  # removed, unless a `+status:` line replaces it
        for key in dict.fromkeys(keys):
            found.setdefault(key, []).append(Touch(sha, moment, notes.get(key, ""), statuses.get(key)))
    return {key: tuple(touches) for key, touches in sorted(found.items())}


def _status(line: str) -> str:
    try:
        value = yaml.safe_load(line)
    except yaml.YAMLError:
        return "published"
    status = value.get(STATUS_KEY) if isinstance(value, dict) else None
    return str(status).strip() if status else "published"


def _note(first: str, lines: list[str], start: int) -> str:
    """The text of an added ``change_note:`` line, with its indented continuation lines (YAML)."""
    parts = [first]
    for line in lines[start:]:
        if not line.startswith(("+ ", "+\t")):
            break
        parts.append(line[1:])
    try:
        value = yaml.safe_load("\n".join(parts))
        text = value.get(NOTE_KEY) if isinstance(value, dict) else None
    except yaml.YAMLError:
        text = None
    if not isinstance(text, str):
        text = first.partition(":")[2].strip().strip("\"'")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _cache_path(cache_dir: Path | str | None, root: Path) -> Path | None:
    """One file per repository folder, holding the facts of the HEAD it was last built at."""
    if cache_dir is None:
        return None
    key = hashlib.sha256(f"{Path(root).resolve()}".encode()).hexdigest()[:24]
    return Path(cache_dir) / f"gitfacts-{key}.pickle"


def _read_cache(path: Path | None, head: str) -> GitFacts | None:
    if path is None or not path.is_file():
        return None
    try:
        version, facts = pickle.loads(path.read_bytes())
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError):
        return None
    ok = version == GITFACTS_VERSION and isinstance(facts, GitFacts) and facts.head == head
    return facts if ok else None


def _write_cache(path: Path | None, facts: GitFacts) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temp.write_bytes(pickle.dumps((GITFACTS_VERSION, facts), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temp, path)
    except OSError:
        pass  # an unusable cache only costs time
