"""Check every link in a built output tree.

The builder writes one folder per host under the output folder::

    public/langson.gov.vn/index.html
    public/sokhcn.langson.gov.vn/tin-tuc/2025/abc/index.html

Each page's own URL is ``https://<host>/<path>``. Every ``href``/``src``/``srcset``
of the tags in ``LINK_ATTRS`` is resolved against it (or the page's ``<base href>``);
a URL whose host is a folder of the output tree must name an existing file (or a
folder with ``index.html``), and its ``#fragment`` must name an element ``id`` (or an
``<a name>``) in the target page. Other schemes (``mailto:``, ``tel:``, ``data:``,
``javascript:`` …) and hosts that are not in the tree are skipped.

Each page is parsed exactly once (in parallel over the available cores for large
trees); its ids are kept for the fragment checks of links into it.

    python -m generator.linkcheck public
"""
from __future__ import annotations

import os
import posixpath
import re
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from ..core.diagnostics import Diagnostic, error

CODE = "link.broken"

# tag -> attributes holding one URL; srcset is handled separately.
LINK_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "source": ("src",),
    "iframe": ("src",),
}
SRCSET_TAGS = frozenset({"img", "source"})
HTML_SUFFIXES = (".html", ".htm")
CHECKED_SCHEMES = frozenset({"http", "https"})
# Fragments that need no target element (HTML: "" and "top" scroll to the top).
FREE_FRAGMENTS = frozenset({"", "top"})
# Below this many pages a process pool costs more than it saves.
PARALLEL_MIN_PAGES = 400
_STRIP_WS = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


# ---------------------------------------------------------------- parsing


class _PageParser(HTMLParser):
    """Collects ids/names and (url, line, col) of every link of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int, int]] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = LINK_ATTRS.get(tag, ())
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                if value:
                    self.ids.add(value)
            elif name in names:
                self._add(name, value)
            elif name == "srcset" and tag in SRCSET_TAGS:
                line, col = self._attr_pos(name)
                for url in parse_srcset(value):
                    self.links.append((url, line, col))
            elif name == "href" and tag == "base" and self.base is None:
                self.base = value.strip()

    def _add(self, name: str, value: str) -> None:
        line, col = self._attr_pos(name)
        self.links.append((value, line, col))

    def _attr_pos(self, name: str) -> tuple[int, int]:
        """1-based line and column of the attribute's value (or of the tag)."""
        line, offset = self.getpos()
        text = self.get_starttag_text() or ""
        m = re.search(r"[\s/]" + name + r"\s*=\s*[\"']?", text, re.IGNORECASE)
        if not m:
            return line, offset + 1
        before = text[: m.end()]
        newlines = before.count("\n")
        if newlines:
            return line + newlines, len(before) - before.rfind("\n")
        return line, offset + len(before) + 1


def parse_srcset(value: str) -> list[str]:
    """The URLs of a srcset attribute (HTML's candidate-string parsing, simplified)."""
    urls: list[str] = []
    i, n = 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        start = i
        while i < n and not value[i].isspace():
            i += 1
        url = value[start:i]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            # Skip descriptors up to the next comma outside parentheses.
            depth = 0
            while i < n:
                ch = value[i]
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    depth = max(0, depth - 1)
                elif ch == "," and depth == 0:
                    break
                i += 1
        if url:
            urls.append(url)
    return urls


def parse_page(path: Path) -> tuple[set[str], list[tuple[str, int, int]], str | None]:
    """Ids, links and ``<base href>`` of one HTML file."""
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.ids, parser.links, parser.base


# ---------------------------------------------------------------- the tree


@dataclass
class _Tree:
    root: Path
    label: str  # out_dir's name, the first component of reported paths
    files: frozenset[str]  # "host/a/b.html", relative to root, posix
    dirs: frozenset[str]  # "host", "host/a", …
    hosts: dict[str, str]  # lower-case host -> folder name

    def show(self, rel: str) -> str:
        return f"{self.label}/{rel}"


def _scan(out_dir: Path) -> _Tree:
    root = Path(out_dir)
    files: set[str] = set()
    dirs: set[str] = set()
    root_str = str(root)
    for dirpath, dirnames, filenames in os.walk(root_str):
        rel = os.path.relpath(dirpath, root_str)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for d in dirnames:
            dirs.add(prefix + d)
        for f in filenames:
            files.add(prefix + f)
    hosts = {d.lower(): d for d in dirs if "/" not in d}
    label = root.name or root.resolve().name
    return _Tree(root, label, frozenset(files), frozenset(dirs), hosts)


# A link's outcome: None (nothing to check), ("ok", target_rel, fragment) or
# ("missing", message).
_Result = tuple


def _resolve(tree: _Tree, base_url: str, href: str) -> _Result | None:
    raw = _STRIP_WS.sub("", href.strip())
    url = urljoin(base_url, raw)
    parts = urlsplit(url)
    if parts.scheme.lower() not in CHECKED_SCHEMES:
        return None
    try:
        hostname = (parts.hostname or "").lower()
    except ValueError:
        return None
    folder = tree.hosts.get(hostname)
    if folder is None:
        return None  # external host
    try:
        path = unquote(parts.path or "/", encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return ("missing", f"link {raw!r} has a path that is not valid percent-encoded UTF-8; "
                           "percent-encode the UTF-8 bytes of the path")
    if not path.startswith("/"):
        path = "/" + path
    trailing = path.endswith("/")
    norm = posixpath.normpath(path)
    if norm.startswith("//"):
        norm = "/" + norm.lstrip("/")
    if norm == "/..":
        norm = "/"
    if norm.startswith("/../"):
        return ("missing", f"link {raw!r} climbs above the root of {folder}; fix the '..' steps")
    rel = folder + ("" if norm == "/" else norm)
    fragment = unquote(parts.fragment) if parts.fragment else parts.fragment
    if trailing or norm == "/":
        index = rel + "/index.html"
        if index in tree.files:
            return ("ok", index, fragment)
        hint = ""
        if rel in tree.files:
            hint = f" ({tree.show(rel)} is a file: drop the trailing '/')"
        return ("missing", f"link {raw!r} points to {url_display(parts)}, but "
                           f"{tree.show(index)} does not exist{hint}{_near(tree, index)}; "
                           "fix the URL or build that page")
    if rel in tree.files:
        return ("ok", rel, fragment)
    index = rel + "/index.html"
    if index in tree.files:
        return ("ok", index, fragment)
    if posixpath.splitext(norm)[1]:
        return ("missing", f"link {raw!r} points to {url_display(parts)}, but "
                           f"{tree.show(rel)} does not exist{_near(tree, rel)}; "
                           "fix the URL or add that file")
    return ("missing", f"link {raw!r} points to {url_display(parts)}, but neither "
                       f"{tree.show(rel)} nor {tree.show(index)} exists{_near(tree, rel)}; "
                       "fix the URL or build that page")


def url_display(parts) -> str:
    return f"{parts.scheme}://{parts.netloc}{parts.path or '/'}"


def _near(tree: _Tree, rel: str) -> str:
    """A hint when the target exists under another Unicode normalisation or case."""
    for form in ("NFC", "NFD"):
        other = unicodedata.normalize(form, rel)
        if other != rel and (other in tree.files or other in tree.dirs):
            return f" (it exists in Unicode {form}: write the path in NFC and percent-encode it)"
    low = rel.lower()
    if low != rel and (low in tree.files or low in tree.dirs):
        return f" ({tree.show(low)} exists: URLs are case-sensitive)"
    return ""


# ---------------------------------------------------------------- checking

# (page rel, line, col, href, target rel, fragment) waiting for the target's ids
_Pending = tuple[str, int, int, str, str, str]

_TREE: _Tree | None = None  # set in worker processes (and for the serial path)


def _check_pages(rels: list[str]) -> tuple[dict[str, frozenset[str]], list[Diagnostic], list[_Pending]]:
    tree = _TREE
    assert tree is not None
    ids_by_page: dict[str, frozenset[str]] = {}
    diags: list[Diagnostic] = []
    pending: list[_Pending] = []
    cache: dict[tuple[str, str], _Result | None] = {}
    for rel in rels:
        ids, links, base = parse_page(tree.root / rel)
        ids_by_page[rel] = frozenset(ids)
        host, _, rest = rel.partition("/")
        page_url = f"https://{host}/{rest}"
        base_url = urljoin(page_url, base) if base else page_url
        page_dir = base_url.rsplit("/", 1)[0]
        shown = tree.show(rel)
        for href, line, col in links:
            stripped = href.strip()
            if stripped.startswith("#") or stripped == "":
                # Same page (unless a <base> says otherwise).
                if base is None:
                    frag = unquote(stripped[1:])
                    if frag not in FREE_FRAGMENTS and frag not in ids and stripped[1:] not in ids:
                        diags.append(error(shown, line, CODE, _fragment_message(stripped, frag, "this page"), col))
                    continue
            # Root-relative and absolute links resolve the same on every page.
            if stripped.startswith("/") or _SCHEME.match(stripped):
                key = ("", stripped)
            elif stripped[:1] in ("?", "#", ""):
                key = (base_url, stripped)
            else:
                key = (page_dir, stripped)
            if key in cache:
                result = cache[key]
            else:
                result = cache[key] = _resolve(tree, base_url, stripped)
            if result is None:
                continue
            if result[0] == "missing":
                diags.append(error(shown, line, CODE, result[1], col))
                continue
            _, target, frag = result
            if frag in FREE_FRAGMENTS or not target.endswith(HTML_SUFFIXES):
                continue
            if target == rel:
                if frag not in ids and _raw_fragment(stripped) not in ids:
                    diags.append(error(shown, line, CODE, _fragment_message(stripped, frag, "this page"), col))
            else:
                pending.append((rel, line, col, stripped, target, frag))
    return ids_by_page, diags, pending


def _raw_fragment(href: str) -> str:
    return href.partition("#")[2]


def _fragment_message(href: str, frag: str, where: str) -> str:
    return (f"link {href!r} needs an element with id={frag!r} in {where}, but there is none; "
            f"add id=\"{frag}\" to the element it should jump to, or fix the fragment")


def _init_worker(tree: _Tree) -> None:
    global _TREE
    _TREE = tree


def _chunks(items: list[str], n: int) -> list[list[str]]:
    size = max(1, min(500, -(-len(items) // (n * 4))))
    return [items[i:i + size] for i in range(0, len(items), size)]


def check_links(out_dir: Path, *, jobs: int | None = None) -> list[Diagnostic]:
    """One ``link.broken`` error per broken link in the tree under ``out_dir``.

    ``jobs``: worker processes (default: the number of cores; 1 = no pool).
    Paths in the diagnostics start with ``out_dir``'s own name (``public/…``).
    """
    global _TREE
    tree = _scan(Path(out_dir))
    pages = sorted(f for f in tree.files if f.endswith(HTML_SUFFIXES) and "/" in f)
    jobs = jobs or os.cpu_count() or 1
    ids_by_page: dict[str, frozenset[str]] = {}
    diags: list[Diagnostic] = []
    pending: list[_Pending] = []
    if jobs <= 1 or len(pages) < PARALLEL_MIN_PAGES:
        _TREE = tree
        try:
            ids_by_page, diags, pending = _check_pages(pages)
        finally:
            _TREE = None
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(tree,)) as pool:
            for ids, d, p in pool.map(_check_pages, _chunks(pages, jobs)):
                ids_by_page.update(ids)
                diags.extend(d)
                pending.extend(p)
    for rel, line, col, href, target, frag in pending:
        ids = ids_by_page.get(target)
        if ids is None or frag in ids or _raw_fragment(href) in ids:
            continue
        diags.append(error(tree.show(rel), line, CODE, _fragment_message(href, frag, tree.show(target)), col))
    return sorted(diags)
