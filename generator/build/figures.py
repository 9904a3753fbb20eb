"""The files an item's text names: ``![alt](file "caption")`` becomes a responsive, lazily loaded
picture, and ``[words](file.pdf)`` a link to the file, published beside the page.

The sanitised HTML of a body (``markup.to_html``) holds plain ``<img>`` and ``<a>`` tags. Each
``<img>`` naming a file by a relative path is an attachment of the item, found like any other
(``documents``: beside the item or in the site's ``files/``), checked by ``images.measure`` at the
line that names it, copied beside the page and published in the widths of ``images.renditions``. Its
tag becomes a ``<picture>`` with WebP and fallback ``srcset``, the width and height of its picture and
``loading="lazy"``; an image alone in its paragraph that has a title becomes a ``<figure>`` whose
``<figcaption>`` is the title. Images on other hosts keep their address and load lazily.

Each ``<a>`` whose relative address ends in a file's name (an extension, not a page's ``.html``) names
a file of the item the same way: found and checked like an attachment (a missing one is
``file.missing`` at its line), copied beside the page, and linked there by its name, percent-encoded
(``file_names.in_address``). Links to pages (``/tin-tuc/x/``, ``../x/``) and to other hosts are left
as they are, for ``linkcheck``.
"""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import replace
from typing import Callable
from urllib.parse import unquote, urlsplit

from ..core.cache import ParseCache, cache_key
from ..core.diagnostics import Diagnostic, error
from ..core.fields import shown
from . import images
from .file_names import in_address, name_bytes

IMG = re.compile(r"<img\b([^>]*)>")
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
_IMAGES = re.compile(r"<p>\s*<img\b([^>]*)>\s*</p>|<img\b([^>]*)>")  # alone in a paragraph, or among words
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|/|#)")
_LINK = re.compile(r"<a\b([^>]*)>")
_HREF = re.compile(r'\bhref="[^"]*"')


def measured(attachment, raw: bytes, rel: str, line: int, cache: ParseCache,
             problems: list[Diagnostic]):
    """``attachment`` with its width, height and fallback format, or None (and a located problem)
    when the original is refused; the measure is cached by the original's bytes."""
    if attachment.ext not in images.MEASURED:
        return attachment
    key = cache_key("image:" + images.VERSION, "", raw)
    found = cache.get(key)
    if not isinstance(found, images.Measure):
        found = images.measure(raw, attachment.ext)
        cache.put(key, found)
    if found.problem:
        problems.append(error(rel, line, found.code, f"`{shown(attachment.name)}` {found.problem}"))
        return None
    most = images.name_limit(attachment.name, found.width, found.height, found.fallback)
    if name_bytes(attachment.name) > most:
        problems.append(error(rel, line, "image.name-too-long",
                              f"`{shown(attachment.name)}`: the file name is too long for its renditions "
                              f"({name_bytes(attachment.name)} bytes, at most {most}); shorten it"))
        return None
    return replace(attachment, width=found.width, height=found.height, fallback=found.fallback)


def _attrs(tag: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _ATTR.findall(tag)}


def local_sources(body_html: str) -> list[str]:
    """The files the body's images name, in order, each once; addresses elsewhere left out."""
    srcs = [_attrs(m[1]).get("src", "") for m in IMG.finditer(body_html)]
    return list(dict.fromkeys(s for s in srcs if s and not _EXTERNAL.match(s)))


_OTHER_HOST = re.compile(r"^(?:https?:)?//", re.IGNORECASE)


def other_hosts_images(body_html: str, domain: str = "") -> list[str]:
    """The body's images fetched from another host (`https://…`, `//…`) than the province's (``domain``
    and the hosts under it), in order, each once: every reader's browser would ask that host for them."""
    srcs = [_attrs(m[1]).get("src", "") for m in IMG.finditer(body_html)]

    def elsewhere(src: str) -> bool:
        host = (urlsplit(src if "//" in src[:8] else "//" + src).hostname or "").rstrip(".")
        return not domain or not (host == domain or host.endswith("." + domain))
    return list(dict.fromkeys(s for s in srcs if _OTHER_HOST.match(s) and elsewhere(s)))


def _link_file(href: str, file_types: frozenset[str]) -> tuple[str, str] | None:
    """The file a link's address names, as written on disk, and what follows it in the address (`?…`,
    `#…`), when it is relative and ends in an extension the profile allows for files; else None: a page
    (`../x/`, `x.html`), another host, or a name no file has (`dichvucong.gov.vn`). The address as it is
    comes first (`<Tờ trình #3.txt>` names a file with a `#`), then its path; one written with escapes
    (`k%E1%BA%BF.pdf`) is its path with them undone."""
    if _EXTERNAL.match(href) or href.startswith("?"):
        return None
    parts = urlsplit(href)
    after = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    escaped = re.search(r"%[0-9A-Fa-f]{2}", href) is not None  # an address written with its escapes
    for name, rest in ((unquote(parts.path), after),) if escaped else ((href, ""), (parts.path, after)):
        ext = posixpath.splitext(name.rsplit("/", 1)[-1])[1].lower().lstrip(".")
        if ext in file_types:
            return name, rest
    return None


def local_links(body_html: str, file_types: frozenset[str]) -> list[tuple[str, str, str]]:
    """The files the body's links name, in order, each once: (the address as written, the file, what
    follows the file in the address)."""
    hrefs = [_attrs(m[1]).get("href", "") for m in _LINK.finditer(body_html)]
    return [(h, *found) for h in dict.fromkeys(hrefs) if (found := _link_file(h, file_types)) is not None]


def line_of(text: str, src: str, body: int = 0) -> int:
    """The line of the file's text that names ``src`` in its body (from offset ``body``): its `](src` in
    Markdown or its `="src"` in HTML, else its first mention there (never the front matter's: a summary
    may name the file too); the body's first line when it is written otherwise (escaped, or with entities)."""
    found = [at for at in (text.find(mark, body) for mark in ("](" + src, "](<" + src, f'="{src}"', f"='{src}'"))
             if at >= 0]
    at = min(found) if found else text.find(src, body)
    return text.count("\n", 0, at if at >= 0 else body) + 1


def _picture(attrs: dict[str, str], attachment) -> str:
    esc = html.escape
    alt = f' alt="{esc(attrs.get("alt", ""))}"'
    if attachment is None:
        return f'<img src="{esc(attrs.get("src", ""))}"{alt} loading="lazy">'
    shown_as = images.sources(attachment.name, attachment.width, attachment.height, attachment.fallback, "")
    size = f' width="{shown_as["width"]}" height="{shown_as["height"]}"' if shown_as["width"] else ""
    sizes = ' sizes="(min-width: 48rem) 46rem, 100vw"'
    img = (f'<img src="{esc(shown_as["src"])}"'
           + (f' srcset="{esc(shown_as["srcset"])}"{sizes}' if shown_as["srcset"] else "")
           + f'{size}{alt} loading="lazy" decoding="async">')
    if not shown_as["webp_srcset"]:
        return img
    return f'<picture><source type="image/webp" srcset="{esc(shown_as["webp_srcset"])}"{sizes}>{img}</picture>'


def rewrite(body_html: str, found: dict[str, object]) -> str:
    """The body with each image as a picture (``found``: file named → its measured attachment);
    an image alone in its paragraph with a title becomes a figure with that caption."""
    def picture(m: re.Match) -> str:
        attrs = _attrs(m[1] if m[1] is not None else m[2])
        shown_as = _picture(attrs, found.get(attrs.get("src", "")))
        if m[1] is None:
            return shown_as
        if not attrs.get("title"):
            return f"<p>{shown_as}</p>"
        return (f'<figure class="body-figure">{shown_as}'
                f'<figcaption>{html.escape(attrs["title"])}</figcaption></figure>')
    return _IMAGES.sub(picture, body_html)


def relink(body_html: str, found: dict[str, object], after: dict[str, str]) -> str:
    """The body with each link to a file (``found``: the address written → its attachment) leading to
    the copy published beside the page, by its name percent-encoded, what followed it kept (``after``)."""
    def link(m: re.Match) -> str:
        written = _attrs(m[1]).get("href", "")
        attachment = found.get(written)
        if attachment is None:
            return m[0]
        address = in_address(attachment.name) + after.get(written, "")
        return _HREF.sub(lambda _: f'href="{html.escape(address)}"', m[0], count=1)
    return _LINK.sub(link, body_html)


def _found(text: str, body: int, names: list[tuple[str, str]], find: Callable[[str, int], object | None]
           ) -> dict[str, object]:
    """Each address's attachment (``names``: the address as written, the file it names), found at the
    line of ``text`` that writes it; one ``find`` refuses left out."""
    found = {}
    for written, name in names:
        attachment = find(name, line_of(text, written, body))
        if attachment is not None:
            found[written] = attachment
    return found


def body_files(text: str, body: int, body_html: str, find_image: Callable[[str, int], object | None],
               find_file: Callable[[str, int], object | None], file_types: frozenset[str] = frozenset()
               ) -> tuple[tuple, str]:
    """The files the body names, each once, and the body with pictures in place of its images and its
    links to files leading to their copies; ``find_image`` finds an image named at a line of ``text``
    (whose body starts at offset ``body``) and checks it (``measured``), ``find_file`` finds any other
    file, or each reports why not."""
    pictures = _found(text, body, [(src, src) for src in local_sources(body_html)], find_image) \
        if "<img" in body_html else {}
    links = local_links(body_html, file_types) if "<a" in body_html else []
    linked = _found(text, body, [(written, name) for written, name, _ in links], find_file)
    if "<img" in body_html:
        body_html = rewrite(body_html, pictures)
    if linked:
        body_html = relink(body_html, linked, {written: rest for written, _, rest in links})
    files = {a.source: a for a in [*linked.values(), *pictures.values()]}  # shown and linked: as shown
    return tuple(files.values()), body_html
