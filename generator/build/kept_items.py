"""Items as the last build loaded them, kept in the cache folder for the next build.

A build after one edit loads that one item, not every item of the province again: an item is taken
from here when its file, the files it names and the folders they are in are as they were when it
was loaded (``file_marks``, what the dev server's DocumentMemo checks between two saves: the same
size and time; or, for a fresh checkout as in CI, where every file has a new time, the same contents'
hash), and the generator (its code and libraries: memo's tool hash) and the load settings are the
ones it was loaded with. Anything else is loaded as usual and stored for the build after.

Kept in ``items.sqlite`` beside the parse cache, one row per item: the Document and its problems as
the parse cache stores values (core/cache.py's tagged JSON, no pickle: reading the cache never runs
code). Its body, its search terms (bytes) and its attachments' texts (up to attachment_text.MAX_CHARS
each: a province's PDFs), most of its size, are in a table of their own, ``parts``, read when a page or
a search index needs them, and its front matter's line numbers when a problem is reported
(``documents.Later``; a build after one edit renders few item pages and two search indexes), from
the row of the same fingerprint. Its marks are in a third table: a file found
unchanged by its contents under a new time has that time kept (the next build compares times only),
ten thousand small rows rewritten at once. A row that does not decode is a miss.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import posixpath
import sqlite3
import stat
import weakref
from collections.abc import Callable
from contextlib import closing
from functools import lru_cache, partial
from pathlib import Path

from ..core.cache import BAD_DATA, dumps, loads
from ..core.collector import collections_held
from ..core.diagnostics import Diagnostic
from ..core.git import unmodified_blobs
from ..core.workers import worker_pool
from .discover import SourceFile
from .documents import (
    PARSE_VERSION,
    Document,
    Later,
    LoadSettings,
    contents_digest,
    digest_of,
    load_chunk,
)

ITEMS_FILE = "items.sqlite"
COLUMNS = ("rel", "key", "fingerprint", "value", "apart")
# ``apart``: which of terms and texts the item's row of ``parts`` holds (TERMS_APART, TEXTS_APART)
TERMS_APART, TEXTS_APART = 1, 2
# the parts read when a page needs them, in a table of their own: a build reads every row of ``items``,
# which beside the bodies spanned five times as many pages of the file (0.045 -> 0.026 s at 10,000 items)
PARTS_COLUMNS = ("rel", "key", "fingerprint", "body", "terms", "texts", "lines")
# each item's marks in a table of their own: new times are kept for many rows at once (a checkout), and a row
# of ``items`` is rewritten whole by any change, its value with it
MARKS_COLUMNS = ("rel", "marks")
Loaded = tuple[Document, list[Diagnostic]]


def file_marks(root: Path, rel: str, doc: Document | None) -> tuple:
    """What an item's load read: its file, its folder (a file added beside it), the files it names and
    its site's files folder; each path with its size and modification time, or Nones when it is
    missing (``_with_digests`` adds the contents' hash for the rows kept). A file found in the site's
    files folder was looked for beside the item first (documents._find_file): that path is marked too,
    missing, so that a file put there, in a folder of its own (``phu-luc/bao-cao.txt``), is taken."""
    paths = [rel, os.path.dirname(rel)]
    if doc is not None:
        shared = f"content/{doc.site}/files"
        for a in (*doc.attachments, *doc.images.values(), *doc.body_files):
            if a.source:
                paths.append(a.source)
                if a.source.startswith(f"{shared}/"):
                    beside = posixpath.normpath(posixpath.join(posixpath.dirname(rel),
                                                               posixpath.relpath(a.source, shared)))
                    if beside != a.source:
                        paths.append(beside)
        paths.append(shared)
    marks, base = [], os.fspath(root)
    for path in paths:
        try:
            st = os.stat(f"{base}/{path}")
            marks.append((path, st.st_size, st.st_mtime_ns))
        except OSError:
            marks.append((path, None, None))
    return tuple(marks)


def _with_digests(root: str, marks: tuple, digests: dict[str, str]) -> list:
    return [[path, size, mtime, digest_of(root, path, digests) if size is not None else None]
            for path, size, mtime in marks]


def _stat(root: str, path: str, stats: dict[str, os.stat_result | None]) -> os.stat_result | None:
    """A path's stat (None: not there), taken once per ``stats``."""
    st = stats.get(path, False)
    if st is False:
        try:
            st = stats[path] = os.stat(f"{root}/{path}")
        except OSError:
            st = stats[path] = None
    return st


_WAITING = "waiting"  # (_unchanged: a digest not made yet)


def _unchanged(root: str, marks: list, digests: dict[str, str], stats: dict[str, os.stat_result | None],
               later: dict[str, None] | None = None) -> list | str | None:
    """Each path as it was: the same time (a working copy), or else the same contents (a fresh
    checkout, as in CI, gives every file a new time). ``stats``: each path's, looked at once (a folder
    holds many items). Returns None when something changed, else the marks as they are now: ``marks``
    itself, or new ones with the new times of the paths whose contents are the same (kept for the next
    build, which then compares times only). With ``later``, a path whose contents' hash is not in
    ``digests`` yet is added there instead of hashed, and _WAITING returned (unless something else changed)."""
    now = marks
    waiting = False
    for at, (path, size, mtime, digest) in enumerate(marks):
        st = _stat(root, path, stats)
        if st is None:
            if size is not None:
                return None
            continue
        if size is None:
            return None
        if st.st_mtime_ns == mtime and st.st_size == size:
            continue
        if not stat.S_ISDIR(st.st_mode) and st.st_size != size:
            return None
        if later is not None and path not in digests:
            later[path] = None
            waiting = True
            continue
        if not digest or digest_of(root, path, digests) != digest:  # ("": it could not be read then)
            return None
        if now is marks:
            now = list(marks)
        now[at] = [path, st.st_size, st.st_mtime_ns, digest]
    return _WAITING if waiting else now


# files to hash at least, for a second process to hash half of them (a fresh checkout: every item's file,
# its folder and attachments, 13,000 at 10,000 items, 0.12 s on one core)
AHEAD_MIN = 2000
# files with new times at least, for git's index to be asked what they hold (two git processes: 0.03 s at
# 13,000 files), not their bytes read
GIT_MIN = 500


def _hash(root: str, paths: list[str], digests: dict[str, str], jobs: int) -> None:
    """The contents' hashes of ``paths`` (files, or folders: their names) into ``digests``, on two
    processes when there are AHEAD_MIN of them or more and ``jobs`` allows (a fresh checkout's, outside git)."""
    if jobs < 2 or len(paths) < AHEAD_MIN:
        digests.update(_digests(root, paths))
        return
    half = len(paths) // 2
    with worker_pool(1) as pool:
        theirs = pool.submit(_digests, root, paths[:half])
        digests.update(_digests(root, paths[half:]))
        digests.update(theirs.result())


def _digests(root: str, paths: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in paths:
        digest_of(root, path, found)
    return found


def settings_key(tool: str, settings: LoadSettings) -> str:
    """The generator's code and libraries (``tool``: memo.tool_hash()), the parse version and the
    load settings, as one hash."""
    fields = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings)}
    fields["official_contacts"] = sorted(fields["official_contacts"])
    return hashlib.sha256(json.dumps([tool, PARSE_VERSION, fields], sort_keys=True, default=list,
                                     ensure_ascii=False).encode()).hexdigest()


class _Parts:
    """Reads the parts of kept items left in the file (their bodies and search terms), one connection
    per process: the build's forked workers each open their own, and a process closes its own before it
    forks (``_close_readers``: SQLite's locks are not a child's to inherit). ``made_in``: the process
    that handed the items over (a load worker, which lives for one build), or 0 for this one."""

    def __init__(self, path: Path, key: str, made_in: int = 0):
        self.path, self.key, self.made_in = path, key, made_in
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        _READERS.add(self)

    def read(self, rel: str, column: str, fingerprint: str):
        if self._db is None or self._pid != os.getpid():  # a connection is never used across a fork
            self._db, self._pid = sqlite3.connect(str(self.path), timeout=60), os.getpid()
        with closing(self._db.execute(f"SELECT {column} FROM parts WHERE rel = ? AND key = ? AND fingerprint = ?",
                                      (rel, self.key, fingerprint))) as rows:
            row = rows.fetchone()  # (the statement closed: no read left open, no lock held)
        if row is None:
            raise KeptItemChanged(f"{rel}: kept in {self.path} when this build began, changed or removed since "
                                  "(the cache folder cleaned or replaced by hand?); build again")
        return row[0]

    def close(self) -> None:
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
            self._db = None

    def _read_json(self, rel: str, column: str, fingerprint: str, fits, what: str):
        """A column kept as JSON, when it reads as ``fits`` says (else the row changed: an error)."""
        try:
            value = json.loads(self.read(rel, column, fingerprint))
        except ValueError:
            value = None
        if not fits(value):
            raise KeptItemChanged(f"{rel}: {what} kept in {self.path} do not read; build again")
        return value

    def read_lines(self, rel: str, fingerprint: str) -> dict[str, int]:
        return self._read_json(rel, "lines", fingerprint, lambda v: isinstance(v, dict) and all(
            isinstance(k, str) and type(n) is int for k, n in v.items()), "the lines of its front matter")

    def read_texts(self, rel: str, fingerprint: str) -> tuple[str, ...]:
        return tuple(self._read_json(rel, "texts", fingerprint, lambda v: isinstance(v, list) and all(
            isinstance(t, str) for t in v), "the texts of its attachments"))

    def __reduce__(self):
        # (pickled with the items a worker loaded: one reader per file and worker, however many items name it;
        # a worker lives for one build, so no later build takes a reader of a file replaced since)
        return _parts_of, (self.path, self.key, self.made_in)


@lru_cache(maxsize=16)
def _parts_of(path: Path, key: str, made_in: int) -> _Parts:
    return _Parts(path, key, made_in)


_READERS: weakref.WeakSet[_Parts] = weakref.WeakSet()


def _close_readers() -> None:
    for parts in list(_READERS):
        parts.close()


os.register_at_fork(before=_close_readers)


def _read_later(doc: Document, parts: _Parts, apart: int) -> Document:
    """``doc`` (just made: no one holds it yet) with its parts kept in ``parts``'s file left there, read
    when first used: its body and lines, and its terms and texts where ``apart`` says they are kept."""
    rel, fingerprint = doc.path, doc.fingerprint
    object.__setattr__(doc, "body_html", Later(partial(parts.read, rel, "body", fingerprint)))
    object.__setattr__(doc, "lines", Later(partial(parts.read_lines, rel, fingerprint)))
    if apart & TERMS_APART:
        object.__setattr__(doc, "search_terms", Later(partial(parts.read, rel, "terms", fingerprint)))
    if apart & TEXTS_APART:
        object.__setattr__(doc, "attachment_text", Later(partial(parts.read_texts, rel, fingerprint)))
    return doc


class KeptItemChanged(RuntimeError):
    """A kept item's row changed while a build still read it."""


class KeptItems:
    """The rows of ``items.sqlite`` for one key (``settings_key``); an unusable file only costs time."""

    def __init__(self, cache_dir: Path, root: str, key: str):
        self.root, self.key, self.path = root, key, cache_dir / ITEMS_FILE
        self._db: sqlite3.Connection | None = None
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), timeout=60)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=OFF")  # a lost row is only loaded again
            tables = {name: [row[1] for row in self._db.execute(f"PRAGMA table_info({name})")]
                      for name in ("items", "parts", "marks")}
            wanted = {"items": list(COLUMNS), "parts": list(PARTS_COLUMNS), "marks": list(MARKS_COLUMNS)}
            if any(tables.values()) and tables != wanted:
                for name in tables:  # an earlier version's rows: none would be read
                    self._db.execute(f"DROP TABLE IF EXISTS {name}")
            self._db.execute("CREATE TABLE IF NOT EXISTS items (rel TEXT PRIMARY KEY, key TEXT NOT NULL, "
                             "fingerprint TEXT NOT NULL, value TEXT NOT NULL, apart INTEGER NOT NULL)")
            self._db.execute("CREATE TABLE IF NOT EXISTS parts (rel TEXT PRIMARY KEY, key TEXT NOT NULL, "
                             "fingerprint TEXT NOT NULL, body TEXT NOT NULL, terms BLOB, texts TEXT, "
                             "lines TEXT NOT NULL)")
            self._db.execute("CREATE TABLE IF NOT EXISTS marks (rel TEXT PRIMARY KEY, marks TEXT NOT NULL)")
            # rows of other keys found without reading every row (``forget``)
            self._db.execute("CREATE INDEX IF NOT EXISTS items_key ON items (key)")
            self._db.commit()
        except (OSError, sqlite3.Error):
            self.close()

    def unchanged(self, sources: list[SourceFile], seen: dict[str, os.stat_result] | None = None,
                  jobs: int = 1, meanwhile: Callable[[list[SourceFile]], None] | None = None,
                  ) -> dict[str, Loaded]:
        """The items of ``sources`` whose files are as they were when stored, by path. Their bodies and
        search terms are read from the file when first used (``Later``). ``seen``: paths' stats this
        build took already (its input stamp's walk: not taken again); ``jobs``: processes that may hash
        files whose times changed (``_hash``: a fresh checkout's). ``meanwhile`` is called, once
        the files are checked and before the rows are decoded, with the sources that will not be found
        (no row, or a file changed: to be loaded, as another process may do while the rows are decoded)."""
        if self._db is None:
            return {}
        wanted = {src.rel: src for src in sources}
        found: dict[str, Loaded] = {}
        digests: dict[str, str] = {}  # a folder many items share is listed once
        stats: dict[str, os.stat_result | None] = dict(seen) if seen else {}
        retimed: list[tuple[str, str, str]] = []
        parts = _Parts(self.path, self.key)
        try:
            rows = []
            for rel, marks, value, apart in self._db.execute("SELECT rel, marks.marks, value, apart FROM items "
                                                             "JOIN marks USING (rel) WHERE key = ?", (self.key,)):
                if rel in wanted and type(apart) is int:
                    try:
                        rows.append((rel, json.loads(marks), value, apart))
                    except BAD_DATA:
                        continue
            checked = []  # the rows whose files are as they were, with their marks now
            later: dict[str, None] | None = {}  # files whose times changed: hashed at once (_hash), on two processes
            asked = False  # git's index, for them
            for check in range(2):
                waiting = []
                for row in rows:
                    rel, kept, value, apart = row
                    try:
                        now = _unchanged(self.root, kept, digests, stats, later)
                    except BAD_DATA:
                        continue
                    if now is _WAITING:
                        waiting.append(row)
                    elif now is not None:
                        checked.append((rel, kept, now, value, apart))
                    if later is not None and len(later) >= GIT_MIN and not asked:
                        # many files with new times (a fresh clone, as in CI): git's index knows what they
                        # hold; the rows after this one are checked at once (their folders listed, the few
                        # files git does not vouch for read), not in a second pass
                        asked, blobs = True, unmodified_blobs(self.root)
                        if blobs:  # (outside git: the files are hashed after the pass, on two processes)
                            digests.update(blobs)
                            _hash(self.root, [path for path in later if path not in digests], digests, jobs)
                            later = None
                if not waiting:
                    break
                if later:
                    _hash(self.root, list(later), digests, jobs)
                later, rows = None, waiting
            if meanwhile is not None:
                rels = {row[0] for row in checked}
                meanwhile([src for src in sources if src.rel not in rels])
            with collections_held():  # ten thousand Documents decoded, no cycle (core/collector.py)
                for rel, kept, now, value, apart in checked:
                    src = wanted[rel]
                    try:
                        doc, problems = loads(value)
                    except BAD_DATA:
                        continue
                    if isinstance(doc, Document) and (doc.id, doc.site, doc.type, doc.slug, doc.lang, doc.path) == \
                            (src.item_id, src.site, src.type, src.slug, src.lang, rel):
                        # the Document was made just now, from the row: its parts left in the file are set here
                        found[rel] = (_read_later(doc, parts, apart), problems)
                        if now is not kept:
                            retimed.append((json.dumps(now), rel))
        except sqlite3.Error:
            return {}
        if retimed:  # files touched, not changed (a checkout, a copy): the next build compares their times only
            try:
                with self._db:
                    self._db.executemany("UPDATE marks SET marks = ? WHERE rel = ?", retimed)
            except sqlite3.Error:
                pass
        return found

    def count(self) -> int:
        """How many items are kept for this key (0 when the file does not read)."""
        if self._db is None:
            return 0
        try:
            return self._db.execute("SELECT count(*) FROM items WHERE key = ?", (self.key,)).fetchone()[0]
        except sqlite3.Error:
            return 0

    def store(self, loaded: list[Loaded], before: dict[str, list]) -> dict[str, int]:
        """Keep these items, just loaded (by the workers that loaded them: the encoding is spread);
        ``before``: each item's file and folder marked before it was read (``load_and_keep``). Returns
        the paths of the items kept, each with what its row of ``parts`` holds (``apart``)."""
        if self._db is None:
            return {}
        rows, parts, marks, digests = [], [], [], {}
        for doc, problems in loaded:
            terms = doc.search_terms if isinstance(doc.search_terms, bytes) else None
            try:
                # terms that could not be packed (search_terms.item_terms) stay in the value, as they are
                without = {"body_html": "", "attachment_text": (), "lines": {},
                           **({"search_terms": ()} if terms is not None else {})}
                value = dumps([dataclasses.replace(doc, **without), problems])
            except TypeError:
                continue  # not storable: loaded again next time
            files = _with_digests(self.root, file_marks(Path(self.root), doc.path, doc)[2:], digests)
            texts = json.dumps(doc.attachment_text, ensure_ascii=False) if doc.attachment_text else None
            apart = (TERMS_APART if terms is not None else 0) | (TEXTS_APART if texts is not None else 0)
            rows.append((doc.path, self.key, doc.fingerprint, value, apart))
            parts.append((doc.path, self.key, doc.fingerprint, doc.body_html, terms, texts,
                          json.dumps(doc.lines, ensure_ascii=False)))
            marks.append((doc.path, json.dumps(before[doc.path] + files)))
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO items (rel, key, fingerprint, value, apart) "
                                     "VALUES (?, ?, ?, ?, ?)", rows)
                self._db.executemany("INSERT OR REPLACE INTO parts (rel, key, fingerprint, body, terms, texts, lines) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?)", parts)
                self._db.executemany("INSERT OR REPLACE INTO marks (rel, marks) VALUES (?, ?)", marks)
        except sqlite3.Error:
            return {}
        return {rel: apart for rel, _, _, _, apart in rows}

    def forget(self, sources: list[SourceFile]) -> None:
        """Drop the rows of items no longer among ``sources`` and those of other keys."""
        if self._db is None:
            return
        present = {src.rel for src in sources}
        try:
            with self._db:
                # (``key != ?`` would read every row: each of the two ranges is looked up in the index)
                dropped = self._db.execute("DELETE FROM items WHERE key < ? OR key > ?", (self.key, self.key)).rowcount
                gone = [(rel,) for (rel,) in self._db.execute("SELECT rel FROM items") if rel not in present]
                self._db.executemany("DELETE FROM items WHERE rel = ?", gone)
                if dropped or gone:  # (the other tables' rows are dropped with their item's: none else to look for)
                    self._db.execute("DELETE FROM marks WHERE rel NOT IN (SELECT rel FROM items)")
                    self._db.execute("DELETE FROM parts WHERE rel NOT IN (SELECT rel FROM items)")
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None


class FileVersions:
    """What a file to copy holds, as a hash: from the marks of the kept items (each item's file and the
    files it names, with their contents' hash, checked by content when their times changed: a fresh
    checkout), while the file's size and time are the ones noted there; else, for a file of at most
    ``MAX_HASHED`` bytes (a layout's asset, a logo), its bytes hashed, once per process. The marks are
    read the first time one is asked for: a build whose files all have their old times asks none."""
    MAX_HASHED = 1 << 20

    def __init__(self, root: Path, cache_dir: str | None):
        self.root, self.cache_dir = root, cache_dir
        self._marks: dict[str, tuple[int, int, str]] | None = None
        self._hashed: dict[tuple[str, int, int], str] = {}

    def of(self, path: Path, st: os.stat_result) -> str | None:
        if self._marks is None:
            self._marks = _marked(Path(self.cache_dir) / ITEMS_FILE) if self.cache_dir else {}
        try:
            rel = path.relative_to(self.root).as_posix()
        except ValueError:
            rel = ""
        noted = self._marks.get(rel)
        if noted is not None and noted[:2] == (st.st_size, st.st_mtime_ns):
            return noted[2]
        if st.st_size > self.MAX_HASHED:
            return None
        key = (os.fspath(path), st.st_size, st.st_mtime_ns)
        if key not in self._hashed:
            found = contents_digest(key[0])
            if not found:
                return None
            self._hashed[key] = found
        return self._hashed[key]


def _marked(path: Path) -> dict[str, tuple[int, int, str]]:
    """Every file the kept items' marks name with its size, time and contents' hash (folders left out)."""
    found: dict[str, tuple[int, int, str]] = {}
    if not path.is_file():
        return found
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
        try:
            for (marks,) in db.execute("SELECT marks FROM marks"):
                for mark in json.loads(marks):
                    if len(mark) == 4 and isinstance(mark[0], str) and isinstance(mark[1], int) \
                            and isinstance(mark[2], int) and isinstance(mark[3], str) and mark[3]:
                        found[mark[0]] = (mark[1], mark[2], mark[3])
        finally:
            db.close()
    except (sqlite3.Error, ValueError, TypeError):
        return {}
    return found


def load_and_keep(sources: list[SourceFile], settings: LoadSettings, cache_dir: str | None, key: str | None,
                  apart: bool = False):
    """documents.load_chunk, then (with a ``key``) the items loaded kept for the next build. With ``apart``,
    the items kept are returned with their parts left in the file, read when first used (``Later``), as a
    build reads kept items: a worker's items then reach the build without their bodies and terms (most of
    their size: the build's process, which every later worker is forked from, holds a fraction)."""
    if key is None or cache_dir is None:
        return load_chunk(sources, settings, cache_dir)
    # an item's file marked before it is read: saved again while it loads, it is read again next time
    digests: dict[str, str] = {}
    before = {src.rel: _with_digests(settings.root, file_marks(Path(settings.root), src.rel, None), digests)
              for src in sources}
    results = load_chunk(sources, settings, cache_dir, digests)  # (the attachments' hashes made once)
    kept = KeptItems(Path(cache_dir), settings.root, key)
    try:
        stored = kept.store([(doc, problems) for doc, problems in results if doc is not None], before)
    finally:
        kept.close()
    if apart and stored:
        parts = _parts_of(kept.path, key, os.getpid())
        results = [(_read_later(doc, parts, stored[doc.path]) if doc is not None and doc.path in stored else doc,
                    problems) for doc, problems in results]
    return results
