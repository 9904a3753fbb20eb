"""An edition's search index brought up to date from its last files, after some items were edited.

The files of an index (search.py) are a function of its items' terms, in the order the items are
numbered. When the items are the same ones in the same order and only some of them changed (an
edit), the new files differ from the last build's only in the entries of the terms those items held
or hold now with other counts, in the docs files and in meta.json. ``update`` takes the last files, takes the edited
items out of the entries of their old terms and puts them into those of their new ones, as text
(the entry of a term no item holds any more leaves its file, a new term's takes its place in code
point order), then writes the docs files and meta.json again: byte for byte what
``search.index_files`` writes from all the items (tests/test_search_update.py compares them on
random edits), at the cost of the chunks the edit changed instead of all its items' terms. Meta.json's
version is a hash of every other file's digest (search_files.meta_file): the files an edit left as
they were are neither read nor hashed, but linked from the last output.

Anything else makes the index whole again (``updated_index`` returns None): an item added, removed
or moved, more than ``MAX_EDITED`` items edited, the number of chunks changing, a term holding a
quote, a backslash or a control character, an edited item's old terms no longer in the parse cache,
a last file that is not what the state says (read and hashed unless its inode, size and time are the
ones the state noted when the last build linked it), another generator.

What the last index was made of is kept in the cache folder (``search-state/``), a file per edition
and version of its files (meta.json's): the generator that made it, the items' ids in order, the
parse cache's keys of their terms (``Document.terms_key``), the number of postings and each file's
digest, with the stat of the last output's file it linked (``keep_state``). A build keeps
the state of the index it writes and of the last output's (the output still, should the build fail),
and no other of the edition. An item whose terms have no key (none made, or not packed) could change
unseen: its index is made whole.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from bisect import bisect_left
from collections.abc import Mapping
from itertools import accumulate, chain
from pathlib import Path
from typing import NamedTuple

from ..core.cache import ParseCache
from .documents import Document
from .output import Reuse
from .search_files import (
    MAX_TF,
    Doc,
    chunk_count,
    chunk_of,
    chunk_text,
    digests_of,
    docs_files,
    file_digest,
    key_of,
    meta_file,
)
from .search_terms import unpack

STATE_FOLDER = "search-state"
MAX_EDITED = 64        # more edited items than this in one index: made whole (each edit costs its terms' entries)
_UNSAFE = re.compile(r'["\\\x00-\x1f]')  # what JSON would escape in a term: never in a term updated here

Fields = tuple[dict[str, int], ...]   # an item's terms: each field's terms with their counts (search_terms.unpack)


def update(old: Mapping[str, bytes], postings: int, edits: list[tuple[int, bytes, bytes]], docs: list[Doc],
           digests: dict[str, str] | None = None) -> tuple[dict[str, bytes], int] | None:
    """The index files after ``edits`` (each: an item's number, its terms before and now, packed),
    from the last files (``old``: by path under the search folder, each read when asked for) holding
    ``postings`` postings, with ``docs``, what results show of every item now; and how many postings
    they hold. Only the files that may have changed are returned (the chunks of the terms whose entries
    changed, the docs files and meta.json): every other is the old one. ``digests``: each old file's
    (search_files.file_digest) but meta.json's, made from ``old`` when not given. None when the number of
    items or of chunks would change, or a term cannot be found as text."""
    meta = json.loads(old["meta.json"])
    chunks = meta["chunks"]
    if meta["items"] != len(docs) or any(not 0 <= n < len(docs) for n, _, _ in edits):
        return None
    before = [unpack(terms) for _, terms, _ in edits]
    after = {n: unpack(terms) for n, _, terms in edits}
    # a posting is a term in a field
    total = postings + sum(map(len, chain.from_iterable(after.values()))) - sum(map(len, chain.from_iterable(before)))
    if chunk_count(total) != chunks:
        return None
    touched: dict[int, list[str]] = {}
    for term in _changed_terms(before, [after[n] for n, _, _ in edits]):
        if _UNSAFE.search(term):
            return None
        touched.setdefault(chunk_of(key_of(term), chunks), []).append(term)
    files: dict[str, bytes] = {}
    for chunk, terms in touched.items():
        name = f"chunks/{chunk}.json"
        text = old[name].decode()
        if "\\" in text:  # an escaped key: its text is not its term
            return None
        files[name] = _updated_chunk(text, sorted(terms), sorted(after), after).encode()
    files.update(docs_files(docs))
    if digests is None:
        digests = {name: file_digest(old[name]) for name in _names(meta)}
    now = {**digests, **digests_of(files)}
    if len(now) != len(digests):  # (the same items: the same docs files)
        return None
    files["meta.json"] = meta_file(now, len(docs), chunks)
    return files, total


def _names(meta: dict) -> list[str]:
    """The files of an index but meta.json, from what its meta.json says."""
    return [f"chunks/{n}.json" for n in range(meta["chunks"])] + \
        [f"docs/{n}.json" for n in range(-(-meta["items"] // meta["docs_per_file"]))]


def _changed_terms(before: list[Fields], after: list[Fields]) -> set[str]:
    """The terms whose entries may change: an edited item holds them now, or held them, with other
    counts in a field (a term's entry is its items and their counts in each field; an edit of a
    sentence changes a few of the thousands of terms a long item holds). (A count beyond what an
    entry shows, changed, gives its entry again as it was.)"""
    changed: set[str] = set()
    for old, new in zip(before, after):
        for old_counts, new_counts in zip(old, new):
            changed.update(term for term, _ in old_counts.items() ^ new_counts.items())
    return changed


def _updated_chunk(text: str, terms: list[str], numbers: list[int], after: dict[int, Fields]) -> str:
    """A chunk file's text with the entries of ``terms`` (sorted) holding the items ``numbers`` as
    ``after`` says. Its entries are ``"term":[…,"counts"]``; split at ``"],"``, which only ends one
    (no key holds a quote: the text has no backslash), each piece is an entry without its first and
    last two characters (the first's and the last's: with them, taken off here)."""
    body = text[1:-2]  # between "{" and "}\n"
    cores = body.split('"],"') if body else []
    if cores:
        cores[0], cores[-1] = cores[0][1:], cores[-1][:-2]
    keys = [core[:core.index('":[')] for core in cores]
    out: list[str] = []
    done = 0
    for term in terms:
        at = bisect_left(keys, term, done)
        out += cores[done:at]
        held = at < len(keys) and keys[at] == term
        data = json.loads(cores[at][len(term) + 2:] + '"]') if held else []
        entry = _entry(term, data, numbers, after)
        if entry is not None:
            out.append(entry[1:-2])
        done = at + 1 if held else at
    out += cores[done:]
    return '{"' + '"],"'.join(out) + '"]}\n' if out else chunk_text([])


def _entry(term: str, data: list, numbers: list[int], after: dict[int, Fields]) -> str | None:
    """A term's entry (``"term":[field,[item deltas],"counts",…]``, as search.index_files writes it)
    from its last one's data, the items ``numbers`` in it as ``after`` says; None when no item holds it.
    Each field's deltas change only where an item leaves or enters (a common word's list is long)."""
    fields: dict[int, list] = {data[at]: [data[at + 1], data[at + 2]] for at in range(0, len(data), 3)}
    for n in numbers:
        for group in fields.values():
            deltas, digits = group
            items = list(accumulate(deltas))
            i = bisect_left(items, n)
            if i < len(items) and items[i] == n:
                if i + 1 < len(deltas):
                    deltas[i + 1] += deltas[i]
                del deltas[i]
                group[1] = digits[:i] + digits[i + 1:] if digits else ""
        for field, counts in enumerate(after[n]):
            count = counts.get(term)
            if count is None:
                continue
            deltas, digits = group = fields.setdefault(field, [[], ""])
            items = list(accumulate(deltas))
            i = bisect_left(items, n)
            step = n - (items[i - 1] if i else 0)
            if i < len(deltas):
                deltas[i] -= step
            deltas.insert(i, step)
            digit = str(min(count, MAX_TF))
            if digits or digit != "1":
                digits = digits or "1" * (len(deltas) - 1)
                group[1] = digits[:i] + digit + digits[i:]
    parts = [f'{field},[{",".join(map(str, deltas))}],"{digits if digits.strip("1") else ""}"'
             for field, (deltas, digits) in sorted(fields.items()) if deltas]
    return f'"{term}":[{",".join(parts)}]' if parts else None


# --- what the last index was made of, in the cache folder ------------------------------------------------

def _edition(site: str, lang: str) -> str:
    return hashlib.sha256(f"{site}\0{lang}".encode()).hexdigest()[:16]


def _state_file(cache_dir: Path, site: str, lang: str, version: str) -> Path:
    return cache_dir / STATE_FOLDER / f"{_edition(site, lang)}-{version}.json"


class IndexUpdate(NamedTuple):
    """An index brought up to date: each file's bytes, or the last output's file where it is the same;
    how many postings it holds; and each file's state (see ``keep_state``)."""
    files: list[tuple[str, bytes | Reuse]]
    postings: int
    states: dict[str, list]


def updated_index(cache_dir: Path, folder: Path, site: str, lang: str, tool: str, items: list[Document],
                  docs: list[Doc]) -> IndexUpdate | None:
    """The edition's index files brought up to date from the last output's (in ``folder``, its search
    folder) when only some of its ``items`` changed; None when they must be made whole (see the module's
    text). A last file is read only when an edit changed it or its state does not say it is the one
    hashed (a file written new by the last build: hashed once); else it is linked as it is."""
    try:
        meta_bytes = (folder / "meta.json").read_bytes()
        meta = json.loads(meta_bytes)
        state = json.loads(_state_file(cache_dir, site, lang, meta["version"]).read_text(encoding="utf-8"))
        if state["tool"] != tool or state["refs"] != [d.id for d in items] or len(state["keys"]) != len(items):
            return None
        postings = int(state["postings"])
        kept = state["files"]
        names = _names(meta)
        if sorted(kept) != sorted(names):
            return None
        digests = {name: kept[name][0] for name in names}
        if not all(isinstance(d, str) for d in digests.values()) or \
                meta_file(digests, meta["items"], meta["chunks"]) != meta_bytes:
            return None
        read: dict[str, bytes] = {"meta.json": meta_bytes}
        states: dict[str, list] = {}   # each last file that is its digest's, with its stat now
        for name in names:
            st = os.stat(folder / name)
            now = [st.st_ino, st.st_size, st.st_mtime_ns]
            if kept[name][1:] != now:
                read[name] = (folder / name).read_bytes()
                if file_digest(read[name]) != digests[name]:
                    return None  # changed since it was written: the index is made whole
            states[name] = [digests[name], *now]
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    # an item whose terms the parse cache does not hold by a key (none made, or not packed) could have
    # changed unseen: the index is made whole
    if not all(isinstance(key, str) and key for key in state["keys"]) or not all(d.terms_key for d in items):
        return None
    edited = [n for n, (d, key) in enumerate(zip(items, state["keys"])) if d.terms_key != key]
    if len(edited) > MAX_EDITED:
        return None
    cache = ParseCache(os.fspath(cache_dir))
    try:
        edits = []
        for n in edited:
            before, now = cache.get(state["keys"][n]), items[n].search_terms
            if not isinstance(before, bytes) or not isinstance(now, bytes):
                return None
            edits.append((n, before, now))
    finally:
        cache.close()
    try:
        made = update(_LastFiles(folder, read), postings, edits, docs, digests)
    except OSError:
        return None
    if made is None:
        return None
    changed, total = made
    files: list[tuple[str, bytes | Reuse]] = []
    for name in names:
        data = changed.get(name)
        digest = file_digest(data) if data is not None else digests[name]
        if digest != digests[name]:
            files.append((name, data))
            states[name] = [digest]  # (written new: hashed by the next build that reads it)
        else:  # the last output's file: linked, so that its state stays true
            files.append((name, Reuse(os.fspath(folder / name), states[name][2])))
    files.append(("meta.json", changed["meta.json"]))
    return IndexUpdate(files, total, states)


class _LastFiles(Mapping):
    """The last output's index files, each read when asked for (those ``read`` already, as they were)."""

    def __init__(self, folder: Path, read: dict[str, bytes]):
        self.folder, self.read = folder, read

    def __getitem__(self, name: str) -> bytes:
        found = self.read.get(name)
        if found is None:
            found = self.read[name] = (self.folder / name).read_bytes()
        return found

    def __iter__(self):
        return iter(self.read)

    def __len__(self) -> int:
        return len(self.read)


def states_of(files: dict[str, bytes]) -> dict[str, list]:
    """The state of each file of an index made whole: its digest (no stat: written new)."""
    return {name: [digest] for name, digest in digests_of(files).items()}


def keep_state(cache_dir: Path, folder: Path | None, site: str, lang: str, tool: str, items: list[Document],
               meta: bytes, postings: int, states: dict[str, list]) -> None:
    """Keep what the index whose meta.json is ``meta`` was made of, for the next build: its items' ids and
    terms' keys, its postings and each file's digest, with the inode, size and time of the last output's
    file it links (a file whose stat is still that is not read again); and of the edition's other states
    only the one of the last output's files (in ``folder``), which stay the output if this build fails."""
    version = json.loads(meta)["version"]
    target = _state_file(cache_dir, site, lang, version)
    keep = {target.name}
    try:
        live = json.loads((folder / "meta.json").read_bytes())["version"] if folder is not None else None
        if isinstance(live, str):
            keep.add(_state_file(cache_dir, site, lang, live).name)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f"{target.name}.{os.getpid()}")
        temp.write_text(json.dumps({"tool": tool, "refs": [d.id for d in items], "keys": [d.terms_key for d in items],
                                    "postings": postings, "files": states}, ensure_ascii=False), encoding="utf-8")
        os.replace(temp, target)
        prefix = f"{_edition(site, lang)}-"
        for other in target.parent.iterdir():
            if other.name.startswith(prefix) and other.name not in keep:
                other.unlink(missing_ok=True)
    except OSError:
        pass  # not kept: the next build makes the index whole
