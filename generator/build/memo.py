"""Incremental rendering: a page is rendered again only when something it read has changed.

While a page renders, the index it sees (``TracedIndex``) notes what it asks for: an item by id
and language, a listing, a tag's or a field's items, an item's translations or relations, whether a
listing is empty, the day of the build, the list of planned pages. Each such read is a *token*;
``Fingerprints`` says what a token stands for in this build (an item's fingerprint: the hash of its
file's bytes and of its attached files' sizes and contents, its state and its git history; a listing's,
a tag's or a field's: the same of its items in order, but of their front matter, not their text,
nor their git history, which no listing shows: ``Document.listed_print``; a page that shows an
item's text or its history reads it by id: the search index and the feed do, for every item they
hold). The page's trace is its tokens, each with a short hash of its fingerprint
(its *print*), and a digest of the page itself (what it is: ``Page.ident``) with the ``base`` every
page shares: the generator's own code and layouts, the versions of the installed libraries, the
repository's ``layouts/`` and ``sites/``.

The next build reuses a page (a hard link to the last good output's file) when its digest is the
same and each of its tokens' prints now is the one stored: everything the page read is as it was,
so its bytes are the ones a cold build would write (tests/test_incremental.py compares them). A
print is computed once per token and process, and a page's check compares short texts, no hash
of its own: a province's twenty thousand pages share a few thousand tokens. A read the
tracer cannot narrow (the whole index, as the translation checks do) makes a token whose
fingerprint covers every item. The traces are kept in the cache folder with the generation folder
they describe; any other output folder, or none, means every page is rendered. Each host's are a
file of their own, read by the process that renders the host's site (``LastTraces``); a host whose
pages were all reused sends none back to the build, which keeps its file (``Memo.kept_hosts``).
The file also holds the host's planned pages as one hash (``host_pages``): while they are the same
and none of the host's tokens changed, its pages are reused without a check each (most hosts of a
build after one edit: ``HostTraces.unchanged``).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..core.cache import dumps, loads
from .discover import ContentWalk, walk_content
from .documents import Document
from .gitfacts import GitFacts
from .index import ContentIndex
from .kept_items import FileVersions, file_marks
from .tool_files import tool_layouts

MEMO_VERSION = "7"
# the generation the traces describe, and which file of TRACES_FOLDER holds each host's traces
TRACES_FILE = "render-traces.json"
# each host's traces, in a file named by their hash: a build writes again only those of the hosts where a
# page was rendered (after one edit, two or three of a province's twenty), and removes the others' old ones
TRACES_FOLDER = "render-traces"
_TRACES_NAME = re.compile(r"[A-Za-z0-9.-]+\.[0-9a-f]{16}\.json")
# which files of each host the live folder's build wrote anew (the others are hard links of the generation
# before it's, the folder the next build recycles: kept there in place, output.in_place), and that folder
SETTLED_FILE = "render-settled.json"
# files of the live folder written since its build (the dev server's preview of a save, preview.py):
# their traces no longer say what they hold, so no later build reuses them
REWRITTEN_FILE = "render-rewritten.json"

Token = tuple[str, ...]
# the kind of token a copied file's trace holds (its source's contents: render._copied checks it), read by no page
COPY_TOKEN = "file"


class TracedIndex:
    """The build's index, noting into ``reads`` every token a page's reads of it stand for."""

    def __init__(self, index: ContentIndex, reads: set[Token]):
        self._index = index
        self._reads = reads

    def get(self, item_id: str, lang: str) -> Document | None:
        self._reads.add(("doc", item_id, lang))
        return self._index.get(item_id, lang)

    # an item's languages and its relations are one token, ("item", id): an item page reads both, and
    # one token for both left 26,000 to check after an edit at 10,000 items instead of 36,000
    def translations(self, item_id: str) -> tuple[str, ...]:
        self._reads.add(("item", item_id))
        return self._index.translations(item_id)

    def related(self, item_id: str, relation: str) -> tuple[str, ...]:
        self._reads.add(("item", item_id))
        return self._index.related(item_id, relation)

    def relations_of(self, item_id: str) -> dict[str, tuple[str, ...]]:
        self._reads.add(("item", item_id))
        return self._index.relations_of(item_id)

    def items(self, site: str, lang: str, type_name: str | None = None) -> tuple[Document, ...]:
        self._reads.add(("list", site, lang, type_name or ""))
        return self._index.items(site, lang, type_name)

    def has_items(self, site: str, lang: str, type_name: str | None = None) -> bool:
        self._reads.add(("has", site, lang, type_name or ""))
        return self._index.has_items(site, lang, type_name)

    def with_tag(self, site: str, lang: str, key: str) -> tuple[Document, ...]:
        self._reads.add(("tag", site, lang, key))
        return self._index.with_tag(site, lang, key)

    def in_field(self, site: str, lang: str, key: str) -> tuple[Document, ...]:
        self._reads.add(("field", site, lang, key))
        return self._index.in_field(site, lang, key)

    @property
    def today(self):
        self._reads.add(("today",))
        return self._index.today

    def __getattr__(self, name: str):  # docs, listed, relations, …: the whole index
        self._reads.add(("all",))
        return getattr(self._index, name)


class TracedPages:
    """The planned pages, noting that a page read them (a sitemap lists the site's pages)."""

    def __init__(self, pages: tuple, reads: set[Token]):
        self._pages = pages
        self._reads = reads

    def __iter__(self):
        self._reads.add(("pages",))
        return iter(self._pages)

    def __len__(self) -> int:
        self._reads.add(("pages",))
        return len(self._pages)

    def __getitem__(self, i):
        self._reads.add(("pages",))
        return self._pages[i]

    def of_edition(self, site: str, lang: str) -> list:
        """One edition's planned pages (its sitemap's): a read of its host's pages alone, ("pages", site,
        lang), so that a page added to one site does not make every site's sitemap again."""
        self._reads.add(("pages", site, lang))
        return edition_pages(self._pages, site, lang)


def edition_pages(pages, site: str, lang: str) -> list:
    """The planned pages of one edition, in the plan's order (``pages``: all of them, or TracedPages)."""
    if isinstance(pages, TracedPages):
        return pages.of_edition(site, lang)
    return [page for page in pages if page.site == site and page.lang == lang]


def _hash(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class Fingerprints:
    """What each token stands for in this build, each computed once."""

    def __init__(self, index: ContentIndex, facts: GitFacts | None, pages_print: str,
                 edition_pages_print: dict[tuple[str, str], str] | None = None):
        self.index, self.facts, self.pages_print = index, facts, pages_print
        # each edition's planned pages, as the hash of its host's (Memo.hosts_now): ("pages", site, lang)
        self.edition_pages_print = edition_pages_print or {}
        self._memo: dict[Token, str] = {}
        self._prints: dict[Token, str] = {}
        self._shown: dict[int, str] = {}  # ``listed`` of each Document (by id): an item is in many listings
        # what each edition's shared context (menu, footer) read in this build: its pages read it as one
        # token, ("edition", site, lang), whose fingerprint is theirs
        self.editions: dict[tuple[str, str], tuple[Token, ...]] = {}

    def doc(self, doc: Document | None) -> str:
        if doc is None:
            return "-"
        # its git history: each commit that touched it (which fixes the commit's time), its note and the
        # state it set (a join, not repr: a datetime's repr costs five times as much, for each item)
        history = "\x1e".join([f"{t.commit}\x1f{t.note}\x1f{t.status}" for t in self.facts.of(doc.path)]) \
            if self.facts is not None else ""
        return f"{doc.path}|{doc.fingerprint}|{doc.status}|{history}"

    @staticmethod
    def listed(doc: Document) -> str:
        """What a listing shows of an item: its front matter and files (Document.listed_print), its state;
        not its text nor its git history (a feed, which shows when an item changed, reads each by id)."""
        return f"{doc.path}|{doc.listed_print}|{doc.status}"

    def _docs(self, docs) -> str:
        return _hash(*(self.doc(d) for d in docs))

    def _listed(self, docs) -> str:
        shown, listed = self._shown, self.listed
        return _hash(*[shown.get(id(d)) or shown.setdefault(id(d), listed(d)) for d in docs])

    def of(self, token: Token) -> str:
        found = self._memo.get(token)
        if found is None:
            found = self._memo[token] = self._text(token)
        return found

    def _text(self, token: Token) -> str:
        return f"{token!r}={self._compute(token)}"

    def _compute(self, token: Token) -> str:
        kind, index = token[0], self.index
        if kind == "doc":
            return self.doc(index.get(token[1], token[2]))
        if kind == "item":
            return f"{','.join(index.translations(token[1]))}|{sorted(index.relations_of(token[1]).items())!r}"
        if kind == "list":
            return self._listed(index.items(token[1], token[2], token[3]))
        if kind == "has":
            return "1" if index.has_items(token[1], token[2], token[3]) else "0"
        if kind == "tag":
            return self._listed(index.with_tag(token[1], token[2], token[3]))
        if kind == "field":
            return self._listed(index.in_field(token[1], token[2], token[3]))
        if kind == "today":
            return index.today.isoformat()
        if kind == "pages":
            return self.pages_print if len(token) == 1 else self.edition_pages_print.get(tuple(token[1:]), "?")
        if kind == "edition":
            tokens = self.editions.get((token[1], token[2]))
            return _hash(*map(self.of, tokens)) if tokens is not None else "?"
        if kind == "all":
            return _hash(self._docs(index.docs.values()), repr(index.relations), repr(sorted(index.listed)),
                         repr(sorted(index.gone)), self._docs(index.gone.values()))
        return "?" + repr(token)  # a token of another version: never equal to what it stored

    def print_of(self, token: Token) -> str:
        """A token's fingerprint as a short hash (64 bits: what a trace stores of each token). (Its text,
        ``of``, is not kept: most tokens are asked for once, by the one host that read them.)"""
        found = self._prints.get(token)
        if found is None:
            text = self._memo.get(token) or self._text(token)
            found = self._prints[token] = hashlib.sha256(text.encode()).hexdigest()[:16]
        return found

    def prints_of(self, tokens) -> tuple[str, ...]:
        return tuple(map(self.print_of, tokens))


def page_digest(base: str, page_id: str) -> str:
    """What names a page in its trace: the ``base`` and the page's identity (128 bits)."""
    return _hash(base, page_id)[:32]


def host_pages(base: str, pages, host_of: dict[tuple[str, str], str]) -> dict[str, str]:
    """Each host's planned pages (``host_of``: an edition's host, by site and language) as one hash: the
    ``base`` and their identities, in the plan's order."""
    idents: dict[str, list[str]] = {}
    for page in pages:
        idents.setdefault(host_of[(page.site, page.lang)], []).append(page.ident)
    return {host: _hash(base, *found) for host, found in idents.items()}


def file_digest(base: str, source: Path, size: int, mtime_ns: int, made: str = "") -> str:
    """A copied file's digest: its source, size and modification time (and ``made``: a rendition's size
    and format)."""
    return _hash(base, str(source), str(size), str(mtime_ns), made)


def contents_digest(base: str, made: str, version: str) -> str:
    """What a copied file's trace holds of its source's contents (``version``: kept_items.FileVersions)."""
    return _hash(base, made, version)


@dataclass
class Trace:
    digest: str              # page_digest (a copied file: file_digest; DEFERRED: render it next time)
    tokens: tuple[Token, ...]
    files: tuple[str, ...]   # the output files the page wrote (the search index: many)
    prints: tuple[str, ...] = ()  # each token's print (Fingerprints.print_of) when the page was made


class HostTraces:
    """One host's traces as its file holds them: each token it names once, with its print, and each
    page's digest, the numbers of its tokens and its files; a page's Trace is made when asked for. A
    page is checked by its digest and by whether one of its tokens is among the host's whose print
    changed, found once per ``Fingerprints`` (a site's render): most hosts of a build after one edit
    have none. ``pages``: the host's planned pages when the file was written, as one hash
    (``host_pages``; "" when one of its pages was DEFERRED): while it is the same and no token changed,
    every page the file traces is as it was, its digest unchecked (``unchanged``), and only its
    ``files`` are read. ``files``: each traced page's (or copied file's) output files, by its name;
    ``copies``: each copied file's digest and token numbers; ``details``: those of the pages, or a
    function that reads them (the second line of the host's file, most of it: parsed when a page's
    trace is asked for, never for a host that is unchanged)."""

    def __init__(self, tokens: list[Token], prints: list[str], files: dict[str, tuple[str, ...]],
                 copies: dict[str, list], details: dict[str, list] | Callable[[], dict[str, list]],
                 pages: str = ""):
        self.tokens, self.prints, self.files, self.pages = tokens, prints, files, pages
        self._copies, self._details = copies, details
        self._made: dict[str, Trace] = {}
        self._checked: tuple[Fingerprints | None, frozenset[int]] = (None, frozenset())

    def unchanged(self, pages: str, now: Fingerprints) -> bool:
        """Whether the host's planned pages are ``pages`` (host_pages), as when the file was written, and
        none of its tokens changed: then each page the file traces is reused as it is."""
        return bool(pages) and self.pages == pages and not self._changed(now)

    def _changed(self, now: Fingerprints) -> frozenset[int]:
        """The numbers of the pages' tokens whose print is not ``now``'s (computed once per Fingerprints;
        copies' tokens are their traces' own: render._copied)."""
        if self._checked[0] is not now:
            print_of = now.print_of
            self._checked = (now, frozenset(i for i, (token, stored) in enumerate(zip(self.tokens, self.prints))
                                            if token[0] != COPY_TOKEN and print_of(token) != stored))
        return self._checked[1]

    def __contains__(self, name: str) -> bool:
        return name in self.files

    def names(self):
        return self.files.keys()

    def _entry(self, name: str) -> list | None:
        """A traced page's (or copied file's) digest and token numbers, as its file holds them."""
        if name not in self.files:
            return None
        found = self._copies.get(name)
        if found is None:
            if callable(self._details):
                self._details = self._details()
            found = self._details.get(name)
        return found

    def get(self, name: str) -> Trace | None:
        found = self._made.get(name)
        if found is None:
            entry = self._entry(name)
            tokens, prints = self.tokens, self.prints
            try:
                digest, used = entry
                found = Trace(str(digest), tuple([tokens[i] for i in used]), self.files[name],
                              tuple([prints[i] for i in used]))
            except (IndexError, TypeError, ValueError):  # none, or a damaged file: no trace
                return None
            self._made[name] = found
        return found

    def reusable(self, name: str, digest: str, now: Fingerprints) -> Trace | None:
        """The page's trace when it was made from inputs of this digest and its tokens' prints are ``now``'s."""
        entry = self._entry(name)
        try:
            if entry is None or entry[0] != digest:
                return None
            changed = self._changed(now)
            if changed and not changed.isdisjoint(entry[1]):
                return None
        except (IndexError, TypeError):  # (a damaged file)
            return None
        return self.get(name)


_NO_TRACES = HostTraces([], [], {}, {}, {})


class LastTraces:
    """The last good build's traces, each host's read from its file in TRACES_FOLDER the first time one
    of its pages is asked for, in the process that asks: a build's workers each read those of the sites
    they render, and none is sent back unless it changed (``kept_hosts``). A host's file that does not
    read gives no traces (its pages are rendered). Traces of pages that wrote a file of ``rewritten``
    (preview.py) or one of ``lost`` (gone from the last output) are left out, and their host's file is
    written again."""

    def __init__(self, folder: Path | None, names: dict[str, str], rewritten: frozenset[str] = frozenset(),
                 lost: frozenset[str] = frozenset()):
        self.folder, self.names = folder, names   # host → its traces file, in ``folder``
        self._rewritten, self._lost = rewritten, lost
        self._hosts: dict[str, HostTraces] = {}
        self._partial: set[str] = set()   # hosts some of whose traces were left out, or did not read

    def of_host(self, host: str) -> HostTraces:
        found = self._hosts.get(host)
        if found is None:
            found = self._hosts[host] = self._read(host)
        return found

    def get(self, name: str) -> Trace | None:
        return self.of_host(name.split("/", 1)[0]).get(name)

    def reusable(self, name: str, digest: str, now: Fingerprints) -> Trace | None:
        """``name``'s trace when its page's digest is ``digest`` and what it read is as it was (HostTraces).
        Its files are taken as there (a stat each would cost a build after an edit more than its pages):
        one gone since is found when it is linked (output.LastOutputLost), and its page rendered after all."""
        return self.of_host(name.split("/", 1)[0]).reusable(name, digest, now)

    def whole(self, host: str) -> bool:
        """Whether ``of_host(host)`` is every trace its file holds (the file then stands for them)."""
        self.of_host(host)
        return host in self.names and host not in self._partial

    def without(self, lost: set[str]) -> "LastTraces":
        return LastTraces(self.folder, self.names, self._rewritten, self._lost | frozenset(lost))

    def _read(self, host: str) -> HostTraces:
        name = self.names.get(host)
        if name is None or self.folder is None:
            return _NO_TRACES
        try:
            head, _, rest = (self.folder / name).read_bytes().partition(b"\n")
            part = json.loads(head)
            tokens = [tuple(t[1:]) for t in part["tokens"]]
            prints = [str(t[0]) for t in part["tokens"]]
            names, pages = part["names"], part.get("pages", "")
            # ``used`` is checked when the page is (a number that is no token's: the page rendered)
            files = {page: (page,) if made == 0 else tuple(map(str, made)) for page, made in zip(names, part["files"])}
            copies = dict(part["copies"])
            if len(files) != len(names) or not isinstance(pages, str):
                raise ValueError(name)
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            self._partial.add(host)
            return _NO_TRACES

        def details() -> dict[str, list]:
            try:
                return dict(zip([page for page in names if page not in copies], json.loads(rest)))
            except (ValueError, TypeError):
                return {}  # (its pages rendered)
        if self._rewritten or self._lost:
            left = {page: made for page, made in files.items()
                    if self._rewritten.isdisjoint(made) and self._lost.isdisjoint(made)}
            if len(left) != len(files):
                self._partial.add(host)
                pages = ""
            files = left
        return HostTraces(tokens, prints, files, copies, details, pages)


@dataclass
class Memo:
    """The last good build's traces, and the folder holding its files (None: render everything)."""
    base: str
    traces: LastTraces
    folder: Path | None
    pages_print: str = ""   # the fingerprint of the planned pages, computed once per build
    # the dev server's first pass after a save: a search index keeps its last files even when its items
    # changed (its trace then says DEFERRED, so the next build renders it)
    defer_file_sets: bool = False
    # the hosts whose files the folder being written holds as the live one does, but for these (take_settled)
    settled: dict[str, frozenset[str]] = field(default_factory=dict)
    # what the files to copy hold (one per process: the kept items' marks read once, when first needed)
    versions: FileVersions | None = None
    # each host's planned pages in this build, as one hash (host_pages)
    hosts_now: dict[str, str] = field(default_factory=dict)

    def holds(self, files) -> bool:
        """Whether the last good output has every one of these files."""
        return self.folder is not None and all(os.path.isfile(f"{self.folder}/{f}") for f in files)

    def without(self, sources: list[str]) -> "Memo":
        """The memo without the traces of pages whose files in the last output are among ``sources``."""
        prefix = f"{self.folder}/"
        lost = {s[len(prefix):] for s in sources if s.startswith(prefix)}
        return dataclasses.replace(self, traces=self.traces.without(lost))

    def reused(self, traces: dict[str, Trace]) -> int:
        """How many of ``traces`` (made in this process) are the last build's: their pages were reused."""
        return sum(1 for name, trace in traces.items() if self.traces.get(name) is trace)

    def kept_hosts(self, traces: dict[str, Trace], whole: dict[str, list[str]] | None = None) -> set[str]:
        """The hosts of ``traces`` whose traces are the last build's, each of them and no other: their
        traces file stands for them (save_memo keeps it). ``whole``: pages reused with their host
        (HostTraces.unchanged), which ``traces`` leaves out, by host."""
        whole = whole or {}
        by_host: dict[str, dict[str, Trace]] = {host: {} for host in whole}
        for name, trace in traces.items():
            by_host.setdefault(name.split("/", 1)[0], {})[name] = trace
        kept = set()
        for host, mine in by_host.items():
            old = self.traces.of_host(host)
            reused = whole.get(host, ())
            if self.traces.whole(host) and old.pages == self.hosts_now.get(host, "") \
                    and len(old.names()) == len(mine) + len(reused) \
                    and old.names() == mine.keys() | set(reused) \
                    and all(t is (was := old.get(name)) or t == was for name, t in mine.items()):
                kept.add(host)
        return kept


DEFERRED = "deferred"


# What shapes the output besides the content: the generator's code and layouts, and every library.
def _tree_hash(folder: Path, digest, links: bool = True) -> None:
    """The names and bytes of the files under ``folder``; without ``links``, a symbolic link (the folder, a
    file) by where it points, not read: the repository's links are refused, and never read (core/links.py)."""
    if not links and folder.is_symlink():
        digest.update(b"link\0" + os.fsencode(os.readlink(folder)) + b"\0")
        return
    for path in sorted(folder.rglob("*")):
        if not links and path.is_symlink():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0link\0" + os.fsencode(os.readlink(path)))
        elif path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


@lru_cache(maxsize=1)
def tool_hash() -> str:
    """The generator's own code and layouts and the versions of the installed libraries, as a hash."""
    digest = hashlib.sha256(MEMO_VERSION.encode())
    package = Path(__file__).resolve().parents[1]
    _tree_hash(package, digest)
    if not tool_layouts().is_relative_to(package):  # a checkout's layouts/ (a wheel has them inside)
        _tree_hash(tool_layouts(), digest)
    # every installed library by name (the generator itself is hashed above: its own egg-info, found
    # or not beside a script depending on how Python was started, must not change the key)
    versions = dict(map(_name_and_version, importlib.metadata.distributions()))
    versions.pop(package.name, None)
    for name, version in sorted(versions.items()):
        digest.update(f"{name}=={version}\n".encode())
    return digest.hexdigest()


_HEADER = re.compile(r"^(Name|Version):[ \t]*(.*?)[ \t]*$", re.M)


def _name_and_version(dist: importlib.metadata.Distribution) -> tuple[str, str]:
    """A library's name (lower case, - for _) and version, from the headers of its metadata file, read as
    text (the email parser of ``dist.metadata`` costs eight times as much: 16 ms a build for 55 libraries).
    The core metadata puts each on one line of the headers, before the first empty line."""
    text = (dist.read_text("METADATA") or dist.read_text("PKG-INFO") or "").replace("\r\n", "\n")
    headers: dict[str, str] = {}
    for key, value in _HEADER.findall(text.split("\n\n", 1)[0]):
        headers.setdefault(key, value)
    return headers.get("Name", "").lower().replace("_", "-"), headers.get("Version", "")


def base_key(root: Path, extra: str = "") -> str:
    """What every page's digest holds: the tool (code, layouts, libraries), the repository's
    ``layouts/``, ``sites/`` (the configuration, logos) and ``profiles/`` (a province's own profile,
    read before the built-in ones: config.load_profile), and ``extra`` (facts of the build)."""
    digest = hashlib.sha256((tool_hash() + extra).encode())
    for name in ("layouts", "sites", "profiles"):
        if (root / name).is_dir():
            _tree_hash(root / name, digest, links=False)
    return digest.hexdigest()


def generation(folder: Path) -> list:
    """What names the build that wrote ``folder``: the folder's name and its modification time to the
    nanosecond (set when the build made or swept the folder's top level, never after). A copy that keeps
    times, as the CI cache's tar does when it restores the last output, is the same build; an output
    removed and built again, or copied without its times, is not."""
    return [folder.name, folder.stat().st_mtime_ns]


def load_memo(cache_dir: Path | None, out: Path, base: str, pages: tuple, host_of: dict[tuple[str, str], str],
              defer_file_sets: bool = False) -> Memo | None:
    """The traces of the build that wrote ``out``'s live folder, or an empty memo; ``host_of``: each
    edition's host (by site and language), for each host's pages as one hash (``host_pages``)."""
    if cache_dir is None:
        return None
    memo = _load_traces(cache_dir, out, base)
    memo.hosts_now, memo.defer_file_sets = host_pages(base, pages, host_of), defer_file_sets
    # every planned page (what the ("pages",) token stands for): each host's, one hash over the province
    memo.pages_print = _hash(*(f"{host}={digest}" for host, digest in sorted(memo.hosts_now.items())))
    return memo


def _load_traces(cache_dir: Path, out: Path, base: str) -> Memo:
    """The memo of the live folder's build: which file holds each host's traces (read when asked for)."""
    live = Path(os.path.realpath(out))
    try:
        data = json.loads((cache_dir / TRACES_FILE).read_text(encoding="utf-8"))
        if data.get("version") != MEMO_VERSION or not live.is_dir() or data["generation"] != generation(live):
            return Memo(base, LastTraces(None, {}), None)
        hosts = {str(host): name for host, name in data["hosts"].items() if _TRACES_NAME.fullmatch(name)}
        if len(hosts) != len(data["hosts"]):
            return Memo(base, LastTraces(None, {}), None)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Memo(base, LastTraces(None, {}), None)
    rewritten = frozenset(_rewritten(cache_dir, live))
    return Memo(base, LastTraces(cache_dir / TRACES_FOLDER, hosts, rewritten), live)


def _rewritten(cache_dir: Path, live: Path) -> list[str]:
    try:
        data = json.loads((cache_dir / REWRITTEN_FILE).read_text(encoding="utf-8"))
        return list(data["files"]) if data["generation"] == generation(live) else []
    except (OSError, ValueError, KeyError, TypeError):
        return []


def mark_rewritten(cache_dir: Path | None, out: Path, files: list[str]) -> None:
    """Note that these files of the live folder were written after its build (preview.py): the next
    build renders them again, and the output is no longer what the inputs' stamp says."""
    if cache_dir is None:
        return
    live = Path(os.path.realpath(out))
    (cache_dir / STAMP_FILE).unlink(missing_ok=True)
    (cache_dir / SETTLED_FILE).unlink(missing_ok=True)  # the live folder's files are no longer the one before's
    data = {"generation": generation(live), "files": sorted({*_rewritten(cache_dir, live), *files})}
    cache_dir.mkdir(parents=True, exist_ok=True)
    temp = cache_dir / f"{REWRITTEN_FILE}.{os.getpid()}"
    temp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(temp, cache_dir / REWRITTEN_FILE)


def save_memo(cache_dir: Path | None, out: Path, traces: dict[str, Trace], last: Memo | None = None,
              kept: set[str] | frozenset[str] = frozenset()) -> None:
    """Keep the traces of the build now live at ``out``, for the next one: each host's in a file of its
    own, those of ``kept`` hosts the files of ``last`` (the memo this build read) that hold them already
    (Memo.kept_hosts: the same traces, page for page); then the index naming them and the generation,
    written whole and renamed; then the files no longer named are removed."""
    if cache_dir is None:
        return
    live = Path(os.path.realpath(out))
    by_host: dict[str, dict[str, Trace]] = {}
    for name, trace in traces.items():
        by_host.setdefault(name.split("/", 1)[0], {})[name] = trace
    folder = cache_dir / TRACES_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    hosts: dict[str, str] = {}
    if last is not None and last.traces.folder == folder:
        hosts.update({host: last.traces.names[host] for host in kept
                      if host in last.traces.names and host not in by_host})
    for host, mine in sorted(by_host.items()):
        numbers: dict[Token, int] = {}  # each token once: a site's pages share most of theirs
        # each token's print: the same in every trace of one build (a trace kept from an older one was kept
        # because its tokens' prints are the same now); a deferred one's, which stores none, never read
        token_prints: dict[Token, str] = {}
        for t in mine.values():
            token_prints.update(zip(t.tokens, t.prints))
        # the pages, then the copied files (whose traces hold no token but their source's contents)
        names = sorted(mine, key=lambda name: (all(x[0] == COPY_TOKEN for x in mine[name].tokens), name))
        stored = {name: [mine[name].digest, [numbers.setdefault(x, len(numbers)) for x in mine[name].tokens]]
                  for name in names}
        copies = {name: stored[name] for name in names if all(x[0] == COPY_TOKEN for x in mine[name].tokens)}
        # the host's pages as one hash, when this build planned them and none waits to be rendered
        pages = last.hosts_now.get(host, "") if last is not None and \
            all(t.digest != DEFERRED for t in mine.values()) else ""
        # a first line read for every host (what an unchanged one needs: HostTraces), a second with each page's
        # digest and tokens; a page's one file, its own name (most pages), as 0
        head = {"tokens": [[token_prints.get(t, "-"), *t] for t in numbers], "pages": pages, "names": names,
                "files": [0 if mine[name].files == (name,) else list(mine[name].files) for name in names],
                "copies": copies}
        text = json.dumps(head, ensure_ascii=False, separators=(",", ":")) + "\n" + \
            json.dumps([stored[name] for name in names if name not in copies], ensure_ascii=False,
                       separators=(",", ":"))
        hosts[host] = f"{host}.{hashlib.sha256(text.encode()).hexdigest()[:16]}.json"
        if not (folder / hosts[host]).is_file():
            temp = folder / f".{hosts[host]}.{os.getpid()}"
            temp.write_text(text, encoding="utf-8")
            os.replace(temp, folder / hosts[host])
    data = {"version": MEMO_VERSION, "generation": generation(live), "hosts": dict(sorted(hosts.items()))}
    temp = cache_dir / f"{TRACES_FILE}.{os.getpid()}"
    temp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(temp, cache_dir / TRACES_FILE)
    (cache_dir / REWRITTEN_FILE).unlink(missing_ok=True)
    named = set(hosts.values())
    for path in folder.iterdir():
        if path.name not in named and not path.name.startswith("."):  # (another build's, being written)
            path.unlink(missing_ok=True)


def take_settled(cache_dir: Path | None, recycled_as: list | None) -> dict[str, frozenset[str]]:
    """Each host's files the live folder's build wrote anew, when the folder this build writes is the
    generation before the live one as it was then (``recycled_as``: its ``generation`` before it was
    renamed); none otherwise. The note is removed as it is read: this build changes the folder, and a
    build that stops leaves it as the generation before, no longer as the note says."""
    if cache_dir is None:
        return {}
    path = cache_dir / SETTLED_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        path.unlink()
        if data.get("version") != MEMO_VERSION or recycled_as is None or data["previous"] != recycled_as:
            return {}
        return {str(host): frozenset(map(str, names)) for host, names in data["hosts"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        path.unlink(missing_ok=True)
        return {}


def keep_settled(cache_dir: Path | None, previous: Path | None, hosts: dict[str, list[str]]) -> None:
    """Note, for the next build, which files of each of ``hosts`` the build now live wrote anew: its
    others are hard links of ``previous``'s (the live folder before it, now the generation before)."""
    if cache_dir is None or previous is None or not hosts or not previous.is_dir():
        return
    data = {"version": MEMO_VERSION, "previous": generation(previous),
            "hosts": {host: sorted(names) for host, names in sorted(hosts.items())}}
    temp = cache_dir / f"{SETTLED_FILE}.{os.getpid()}"
    temp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(temp, cache_dir / SETTLED_FILE)


# A build after no change at all: the inputs' stamp is the last good build's, so is its output.
STAMP_FILE = "build-stamp.json"


def input_stamp(root: Path, base: str, *facts: str, walk: ContentWalk | None = None) -> str:
    """Everything a build reads, as one hash: ``base``, ``facts`` (the git HEAD, the day, the sites
    asked for) and the name, size and modification time of every file under ``content/`` and
    ``audit/`` (a file edited, added, renamed or removed changes it), from ``walk`` when the build
    walked them already (discover.walk_content, with stats)."""
    digest = hashlib.sha256("\0".join((os.fspath(root), base, *facts)).encode())
    stats = (walk if walk is not None and walk.stats is not None else walk_content(root, stats=True)).stats
    is_dir = stat.S_ISDIR
    digest.update("".join([f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n" for path, st in stats.items()
                           if not is_dir(st.st_mode)]).encode())
    return digest.hexdigest()


def last_result(cache_dir: Path | None, out: Path, stamp: str, now) -> dict | None:
    """What the last good build reported, when its inputs' stamp is ``stamp``, its output is still the
    live one, no scheduled item has come due since and the clock is not before its (``--now`` set back
    within the day: an item published then may not be now)."""
    if cache_dir is None:
        return None
    try:
        data = json.loads((cache_dir / STAMP_FILE).read_text(encoding="utf-8"))
        live = Path(os.path.realpath(out))
        if (data.get("version") != MEMO_VERSION or data["stamp"] != stamp or not live.is_dir()
                or data["generation"] != generation(live)):
            return None
        result = loads(data["result"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    due, built = result.pop("next_publish_at", None), result.pop("now", None)
    if (due is not None and now >= due) or not isinstance(built, dt.datetime) or now < built:
        return None
    result["next_publish_at"] = due
    return result


def save_stamp(cache_dir: Path | None, out: Path, stamp: str, result: dict) -> None:
    if cache_dir is None:
        return
    data = {"version": MEMO_VERSION, "stamp": stamp, "generation": generation(Path(os.path.realpath(out))),
            "result": dumps(result)}
    temp = cache_dir / f"{STAMP_FILE}.{os.getpid()}"
    temp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(temp, cache_dir / STAMP_FILE)


@dataclass
class DocumentMemo:
    """Items loaded by the earlier builds of one process (the dev server between two saves): an item
    is read again only when its file, a file it names or the folders they are in changed (size and
    time), or the load settings did."""
    settings: object = None
    items: dict[str, tuple[tuple, Document, list]] = field(default_factory=dict)

    def kept(self, root: Path, rel: str, settings) -> tuple[Document, list] | None:
        if settings != self.settings:
            self.items.clear()
            self.settings = settings
        entry = self.items.get(rel)
        if entry is None or entry[0] != file_marks(root, rel, entry[1]):
            return None
        return entry[1], entry[2]

    def keep(self, root: Path, rel: str, doc: Document | None, problems: list) -> None:
        if doc is None:
            self.items.pop(rel, None)
        else:
            self.items[rel] = (file_marks(root, rel, doc), doc, problems)
