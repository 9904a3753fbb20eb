"""Publication facts from git: when each item reached main, when it last changed, its major changes.

Merging to main publishes, so the moments that count are the commits on main's first-parent
chain: a merge commit (the moment a pull request reached main) or a commit pushed to main
directly. Everything is read in ONE ``git log`` over the whole repository (plus one
``git rev-parse`` to find HEAD and refuse a shallow clone), never a process per file:

    git log --first-parent -m --raw -p -U<whole file> -I<not change_note, not status> -- ':(glob)content/**/*.md'

``--raw`` lists every file each commit touched (minor edits included). ``-p`` with ``-I`` shows
the diff of a file only when a changed line starts with ``change_note:`` or ``status:``; every
other diff is hidden, so the output stays small. A diff that is shown has a context longer than
any file, so it is the whole file, old and new: its front matter (from the opening ``---`` to the
closing one) is read on both sides, and only keys there count. A ``change_note:`` line of the
body is text, and a line whose position alone cannot be told (a ``-U0`` diff does not show where
the front matter closes) is never guessed at. A commit is a major change of an item when the
note in its new front matter is not the note of the old one (moving the file to another year,
reordering keys and ``fix --nfc`` leave it as it was); an item merged as a ``status: draft`` is
first published by the commit that lifts the draft status. Merges are diffed against their first
parent, so a branch of many commits is one change of main, at the merge's commit time.

An item is known by its path without the year folder (``content/<site>/<type>/<slug>[.<lang>].md``),
so moving it to another year keeps its history: with ``--no-renames`` a move is the old file's
deletion and the new file's addition in one commit, the same item on both sides. The facts of one
HEAD never change: they are cached with the HEAD's hash when a cache folder is given. Nor do the facts
of the commits before a new HEAD: when the cached HEAD is on the new one's first-parent chain (main
moved on: the hourly publication, a commit of one's own), only the commits since are logged
(``git log <cached>..HEAD``: a few, not the ten thousand of a province's history, 2.4 s at 10,000
commits) and their touches put before the cached ones; anything else (a branch switched, history
rewritten) is read whole again.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .. import __version__
from ..core.front_matter import is_boundary
from ..core.git import Started, git

GITFACTS_VERSION = f"{__version__}:5"  # bump when parse_log changes, so older cached facts are not reused
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


# Diffs are shown only for files where a changed line starts with `change_note:` or `status:`.
_NOT_A_NOTE = _not_keys((NOTE_KEY + ":", STATUS_KEY + ":"))
# The context of a shown diff: longer than any file, so a diff shown at all is the whole file, one
# hunk from line 1 (an ignored group of lines inside it is shown too). Twice it still fits 32 bits.
WHOLE_FILE = 100_000_000
PATHSPEC = ":(glob)content/**/*.md"
_RECORD = "\x1e"
# a record starts a line (a diff's lines start with " ", "+", "-" or "\\"): a U+001E in an item's text is text
_RECORDS = re.compile(r"(?:\A|\n)\x1e")
_YEAR_FOLDER = re.compile(r"(content/[^/]+/[^/]+/)\d{4}/([^/]+)")
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")  # a commit's full name (SHA-1 or SHA-256)


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
    commit: str = ""                          # the commit of main that first made it public ("" unknown)


@lru_cache(maxsize=1 << 16)
def item_key(path: str) -> str:
    """An item's file without its year folder: moving an item to another year keeps its history."""
    m = _YEAR_FOLDER.fullmatch(path)
    return m[1] + m[2] if m else path


def publication(path: str, values: dict[str, Any], facts: GitFacts | None,
                source: Publication | None = None, date_field: str | None = "date") -> Publication:
    """First published, last updated and major changes of one item.

    From git: first published is the first commit of main that brought the file, or its
    ``publish_at`` when that is later (scheduled items); changes merged before it are not updates.
    A translation gives its source's publication as ``source``: it is never public before its
    source (the index hides it), so it is first published no earlier than the source is.
    Without git facts (no git, a shallow clone, a file not committed yet): the front-matter date
    (the type's ``date_field``: ``date``, ``issued_date``…), and no history.
    """
    touches = facts.of(path) if facts is not None else ()
    if not touches:
        return Publication((values.get(date_field) if date_field else None))
    touches = _from_first_public(touches)
    cutoff = facts.imported_before
    if cutoff is not None and touches[-1].time < cutoff:
        # Imported: published before the repository existed; what changed since is git's to tell.
        since = tuple(t for t in touches if t.time >= cutoff)
        return Publication((values.get(date_field) if date_field else None), since[0].time if since else None,
                           tuple(t for t in since if t.note), bool(since))
    first: dt.datetime = touches[-1].time
    publish_at = values.get("publish_at")
    if publish_at is not None and publish_at > first:
        first = publish_at
    if source is not None and source.from_git and isinstance(source.first, dt.datetime) and source.first > first:
        first = source.first
    last = touches[0].time
    changes = tuple(t for t in touches[:-1] if t.note and t.time > first)
    return Publication(first, last if last > first else None, changes, True, touches[-1].commit)


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


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "no message"


# The history as committed, whatever the repository's settings: replaced objects and grafts not followed (they
# change no HEAD's name, so cached facts would not follow them either), every item diffed as text (attributes
# such as `*.md -diff`, read from the working tree, or a file over core.bigFileThreshold would hide every note
# of the past), the root commit shown and the context's blank lines kept.
GIT_PLAIN = ["--no-replace-objects", "-c", "core.quotepath=off", "-c", "log.showRoot=true",
             "-c", "diff.suppressBlankEmpty=false"]


def log_command(commits: str = "HEAD") -> list[str]:
    """The log of ``commits`` (a revision range: ``HEAD``, or ``<earlier>..<head>``)."""
    return [*GIT_PLAIN, "log", "--first-parent", "-m", "--raw", "--no-abbrev", "-p", f"-U{WHOLE_FILE}", "--text",
            "--diff-algorithm=myers", "--no-renames", "--no-color", "--no-ext-diff", "--no-textconv", "--relative",
            "--no-show-signature", "--src-prefix=a/", "--dst-prefix=b/", f"-I{_NOT_A_NOTE}",
            f"--format={_RECORD}%H%x00%cI%x00%ct", commits, "--", PATHSPEC]


def read_git_facts(root: Path, cache_dir: Path | str | None = None) -> tuple[GitFacts | None, str]:
    """The git facts of ``root``'s HEAD, or None and why they are unavailable."""
    with begin_git_facts(root, cache_dir) as reading:
        return reading.result()


class FactsReading:
    """``read_git_facts`` begun (``begin_git_facts``): a whole log, when one is needed, runs meanwhile
    (2.3 s at 10,000 commits, while a build loads its items); ``result`` waits for it, leaving the
    block stops it unread."""

    def __init__(self, done: tuple[GitFacts | None, str], log: Started | None = None, head: str = "",
                 cache: Path | None = None):
        self._done, self._log, self._head, self._cache = done, log, head, cache

    def result(self) -> tuple[GitFacts | None, str]:
        if self._log is not None:
            log, self._log = self._log.finish(), None
            if log.returncode != 0:
                why = _first_line(log.stderr).removeprefix("fatal: ")
                self._done = None, f"`git log` failed: {why} (congtt needs git 2.30 or later)"
            else:
                facts = GitFacts(self._head, parse_log(log.stdout.decode("utf-8", "replace")))
                _write_cache(self._cache, facts)
                self._done = facts, ""
        return self._done

    def __enter__(self) -> FactsReading:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._log is not None:
            self._log.stop()
            self._log = None


def begin_git_facts(root: Path, cache_dir: Path | str | None = None) -> FactsReading:
    """``read_git_facts`` with its whole log, if it needs one, left running (a ``with`` block)."""
    if shutil.which("git") is None:
        return FactsReading((None, "git is not installed"))
    try:
        head = git(root, "rev-parse", "--is-shallow-repository", "--verify", "-q", "HEAD")
    except OSError as exc:
        return FactsReading((None, f"git cannot run ({exc})"))
    shallow, _, sha = head.stdout.decode().strip().partition("\n")
    if head.returncode != 0 and shallow:
        return FactsReading((None, "the git repository has no commits yet"))
    if head.returncode != 0:
        return FactsReading((None, _first_line(head.stderr).removeprefix("fatal: ")))
    if shallow.strip() == "true":
        return FactsReading((None, "this is a shallow clone (fetch the whole history: `git fetch --unshallow`, "
                                   "or `fetch-depth: 0` in CI)"))
    sha = sha.strip()
    cache = _cache_path(cache_dir, root)
    cached = _read_cache(cache)
    if cached is not None and cached.head == sha:
        return FactsReading((cached, ""))
    facts = _moved_on(root, cached, sha) if cached is not None else None
    if facts is not None:
        _write_cache(cache, facts)
        return FactsReading((facts, ""))
    try:
        return FactsReading((None, ""), Started(root, *log_command()), sha, cache)
    except OSError as exc:
        return FactsReading((None, f"git cannot run ({exc})"))


def _moved_on(root: Path, earlier: GitFacts, head: str) -> GitFacts | None:
    """The facts of ``head`` from ``earlier``'s and the log of the commits since, when ``earlier.head``
    is on ``head``'s first-parent chain; else None (a branch switched, history rewritten: read it all).
    A commit's touches depend on it and its first parent only (``parse_log``), so the facts are the
    same as a whole log's."""
    chain = git(root, *GIT_PLAIN, "rev-list", "--first-parent", "--parents", f"{earlier.head}..{head}")
    lines = chain.stdout.decode("ascii", "replace").splitlines() if chain.returncode == 0 else []
    oldest = lines[-1].split() if lines else []
    if len(oldest) < 2 or oldest[1] != earlier.head:  # not on the chain (or HEAD went back: nothing since)
        return None
    log = git(root, *log_command(f"{earlier.head}..{head}"))
    if log.returncode != 0:
        return None
    since = parse_log(log.stdout.decode("utf-8", "replace"))
    touches = dict(earlier.touches)
    for key, newer in since.items():
        touches[key] = newer + touches.get(key, ())
    return GitFacts(head, dict(sorted(touches.items())))


@dataclass(frozen=True)
class _Front:
    """What one version of a file says in its front matter."""
    note: str | None   # the change_note, normalised; None when there is none
    status: str        # `status:`, "published" when there is none


_NO_KEYS = _Front(None, "published")  # a version no shown diff speaks of: it has no such line at all
_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


class _Side:
    """The lines of one side (old or new) of a whole-file diff, up to its closing ``---``."""
    __slots__ = ("lines", "state")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.state = 0  # 0: before the first line, 1: in the front matter, 2: past it, 3: none

    def add(self, line: str) -> None:
        if self.state == 1:
            if is_boundary(line):
                self.state = 2
            else:
                self.lines.append(line)
        elif self.state == 0:
            self.state = 1 if is_boundary(line.lstrip("\ufeff")) else 3  # 3: no front matter

    def front(self) -> _Front:
        if self.state != 2:  # no front matter, or never closed: the item does not load at all
            return _NO_KEYS
        note = status = None
        for n, line in enumerate(self.lines):
            if line.startswith(NOTE_KEY + ":"):
                note = _note(line, self.lines, n + 1)
            elif line.startswith(STATUS_KEY + ":"):
                status = _status(line)
        return _Front(note or None, status or "published")


def parse_log(text: str) -> dict[str, tuple[Touch, ...]]:
    """Item key → touches, newest first, from the output of ``log_command``."""
    found: dict[str, list[Touch]] = {}
    for record in _RECORDS.split(text)[1:]:
        header, _, rest = record.partition("\n")
        sha, _, stamp = header.partition("\x00")
        moment = _moment(stamp)
        if moment is None:  # a date no calendar of Python's holds: the commit is left out
            continue
        keys: list[str] = []
        old: dict[str, _Front] = {}  # item key → its front matter before this commit, where known
        new: dict[str, _Front] = {}  # … and after it
        current = ""
        sides: tuple[_Side, _Side] | None = None  # of the file whose diff is being read
        present = (False, False)
        skipping = True  # not in a hunk, or both sides' front matter read

        def finish() -> None:
            if current and sides is not None:
                if present[0]:
                    old[current] = sides[0].front()
                if present[1]:
                    new[current] = sides[1].front()

        for line in rest.split("\n"):
            if not skipping:
                sign = line[:1]
                if sign == " ":
                    sides[0].add(line[1:])
                    sides[1].add(line[1:])
                elif sign == "-":
                    sides[0].add(line[1:])
                elif sign == "+":
                    sides[1].add(line[1:])
                elif sign != "\\":
                    skipping = True  # the next file's header, or a second hunk (none with WHOLE_FILE)
                if not skipping:
                    skipping = sides[0].state >= 2 and sides[1].state >= 2
                    continue
            if line.startswith(":"):
                meta, _, path = line.partition("\t")
                if path and not path.startswith('"'):
                    key = item_key(path)
                    keys.append(key)
                    kind = meta.rsplit(" ", 1)[-1][:1]
                    if kind == "A":  # shown below if it has a key line; if not, it has none
                        new.setdefault(key, _NO_KEYS)
                    elif kind == "D":
                        old.setdefault(key, _NO_KEYS)
            elif line.startswith("diff --git "):
                finish()
                pair = line[len("diff --git a/"):]  # `a/PATH b/PATH`: the same PATH twice (no renames)
                current = item_key(pair[:(len(pair) - 3) // 2]) if line.startswith("diff --git a/") else ""
                sides = None
                skipping = True
            elif line.startswith("@@ ") and current and sides is None:
                m = _HUNK.match(line)
                if m is None:
                    continue
                old_start, old_len, new_start, new_len = (int(x) if x is not None else 1 for x in m.groups())
                present = (old_len > 0, new_len > 0)
                # the whole file starts at line 1; anything else cannot be read (never with WHOLE_FILE)
                if (present[0] and old_start != 1) or (present[1] and new_start != 1):
                    current = ""
                    continue
                sides = (_Side(), _Side())
                for side, here in zip(sides, present):
                    if not here:
                        side.state = 2
                skipping = False
        finish()
        for key in dict.fromkeys(keys):
            before, after = old.get(key), new.get(key)
            note = status = None
            if after is not None:
                if after.note and (before is None or after.note != before.note):
                    note = after.note
                if before is None or after.status != before.status:
                    status = after.status
            found.setdefault(key, []).append(Touch(sha, moment, note or "", status))
    return {key: tuple(touches) for key, touches in sorted(found.items())}


def _moment(stamp: str) -> dt.datetime | None:
    """A commit's time from ``%cI%x00%ct``: as its committer's clock said it, or, for a zone Python has not
    (``+9959``, from an imported history), the same moment in UTC; None for a year past 9999."""
    iso, _, seconds = stamp.strip().partition("\x00")
    try:
        return dt.datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        return dt.datetime.fromtimestamp(int(seconds), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None


def _status(line: str) -> str:
    try:
        value = yaml.safe_load(line)
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):  # `status: 2025-13-45`: no date
        return "published"
    status = value.get(STATUS_KEY) if isinstance(value, dict) else None
    # Only a scalar is a status; a list may stand for a great deal of text (aliases repeated).
    return str(status).strip() if status and isinstance(status, (str, int, float)) else "published"


def _note(first: str, lines: list[str], start: int) -> str:
    """The text of a ``change_note:`` line, with its indented continuation lines (YAML), normalised
    (NFC, one space between words), so that quoting, folding and ``fix --nfc`` change nothing."""
    parts = [first]
    for line in lines[start:]:
        if not line.startswith((" ", "\t")):
            break
        parts.append(line)
    try:
        value = yaml.safe_load("\n".join(parts))
        text = value.get(NOTE_KEY) if isinstance(value, dict) else None
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
        text = None
    if not isinstance(text, str):
        text = first.partition(":")[2].strip().strip("\"'")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _cache_path(cache_dir: Path | str | None, root: Path) -> Path | None:
    """One file per repository folder, holding the facts of the HEAD it was last built at."""
    if cache_dir is None:
        return None
    key = hashlib.sha256(f"{Path(root).resolve()}".encode()).hexdigest()[:24]
    return Path(cache_dir) / f"gitfacts-{key}.json"


def _read_cache(path: Path | None) -> GitFacts | None:
    """The cached facts (of the HEAD they name); plain JSON, checked field by field, so a forged file
    runs nothing and one that does not fit is not used. (Each commit is stored once, its touches by
    number: 0.16 -> 0.025 s at 10,000 items, read by every build of a repository.)"""
    if path is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_bytes())
        # (the HEAD is given to git as a revision: a commit's name, never an option)
        if data["version"] != GITFACTS_VERSION or type(data["head"]) is not str or not _SHA.fullmatch(data["head"]):
            return None
        commits = [(sha, dt.datetime.fromisoformat(stamp)) for sha, stamp in data["commits"]]
        if not all(type(sha) is str for sha, _ in commits):
            return None
        made: dict[tuple, Touch] = {}  # a commit's minor touches, one object for all its files
        touches: dict[str, tuple[Touch, ...]] = {}
        for key, kept in data["touches"].items():
            items = []
            for at, note, status in kept:
                if type(at) is not int or at < 0 or type(note) is not str or \
                        (status is not None and type(status) is not str):
                    return None
                touch = made.get((at, note, status))
                if touch is None:
                    touch = made[at, note, status] = Touch(*commits[at], note, status)
                items.append(touch)
            touches[key] = tuple(items)
        return GitFacts(data["head"], touches)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        return None


def _write_cache(path: Path | None, facts: GitFacts) -> None:
    if path is None:
        return
    numbers: dict[str, int] = {}
    commits: list[list[str]] = []
    touches: dict[str, list] = {}
    for key, kept in facts.touches.items():
        items = touches[key] = []
        for touch in kept:
            at = numbers.get(touch.commit)
            if at is None:
                at = numbers[touch.commit] = len(commits)
                commits.append([touch.commit, touch.time.isoformat()])
            items.append([at, touch.note, touch.status])
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # (ASCII: a note git gave with a lone surrogate, `\ud800`, is written as its escape and read back as it was)
        temp.write_text(json.dumps({"version": GITFACTS_VERSION, "head": facts.head, "commits": commits,
                                    "touches": touches}), encoding="ascii")
        os.replace(temp, path)
    except (OSError, TypeError, ValueError):
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)  # an unusable cache only costs time
