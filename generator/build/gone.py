"""Addresses of taken-down items, for the web server to answer 410 Gone.

A removed item (``status: removed``, see ``build.py takedown``) is absent from
every page, listing, feed, sitemap, search shard and record of every site and
edition; a reader who follows an old link or bookmark should learn that it was
removed (410 Gone), not that it never existed (404). The build writes, outside
every host folder (no host name starts with ``_``)::

    public/_server/gone.txt     every former address, absolute and percent-encoded, sorted,
                                one a line (also the list to purge from a CDN or cache)

and the nginx configuration that answers 410 for them (serverconf.py). Each edition
also gets ``410.html``, the page served with the status. ``python build.py serve``
reads ``gone.txt`` and answers 410 the same way.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core.diagnostics import Diagnostic, warning
from ..model.config import Config
from .file_names import in_address
from .images import renditions
from .index import ContentIndex
from .plan import item_path

SERVER_DIR = "_server"
GONE_LIST = f"{SERVER_DIR}/gone.txt"


def address(base_url: str, path: str) -> str:
    """The absolute address of an output path below ``base_url``, percent-encoded as every page and
    record writes it (``file_names.in_address``)."""
    return base_url + in_address(path.lstrip("/"))


def _addressable(name: str) -> bool:
    """Whether a file name can be the last part of an address (a removed item's missing files are listed
    by the name the front matter gave, which may be anything)."""
    return name not in ("", ".", "..") and "/" not in name and "\0" not in name


def gone_urls(config: Config, index: ContentIndex) -> tuple[str, ...]:
    """Every address a removed item had: its page, its record and its files, in every edition."""
    urls: set[str] = set()
    for (_, lang), doc in index.gone.items():
        site = config.sites.get(doc.site)
        edition = site.edition(lang) if site else None
        if edition is None:
            continue
        files = [*doc.attachments, *doc.images.values(), *doc.body_files]
        names = ["", "index.json", *(a.name for a in files),
                 *(r.name for a in files for r in renditions(a.name, a.width, a.height, a.fallback))]
        urls.update(address(edition.base_url, item_path(doc) + name) for name in names
                    if name == "" or _addressable(name))
    return tuple(sorted(urls))


def split(url: str) -> tuple[str, str]:
    """``https://host/a/b/`` → (``host``, ``/a/b/``), the path as gone.txt has it (percent-encoded)."""
    parts = urlsplit(url)
    return parts.hostname or "", parts.path or "/"


def read_gone(out: Path) -> dict[str, frozenset[str]]:
    """The last build's gone list: host → paths, decoded (``/tin-tuc/x/báo cáo.pdf``)."""
    listed = out / GONE_LIST
    by_host: dict[str, set[str]] = {}
    if listed.is_file():
        for url in listed.read_text(encoding="utf-8").split():
            host, path = split(url)
            by_host.setdefault(host, set()).add(unquote(path))  # as a request's path is compared: decoded
    return {host: frozenset(paths) for host, paths in by_host.items()}


def is_gone(paths: frozenset[str], path: str) -> bool:
    """Whether a request path is a removed item's page, record or file (with or without the slash)."""
    if path in paths or path + "/" in paths:
        return True
    return path.endswith("/index.html") and path[:-len("index.html")] in paths


def new_takedowns(out: Path, config: Config, index: ContentIndex) -> list:
    """Removed documents whose page was not yet in the gone list of the output in ``out``."""
    before = read_gone(out)
    found = []
    for (_, lang), doc in index.gone.items():
        edition = config.sites[doc.site].edition(lang) if doc.site in config.sites else None
        if edition is not None:
            host, path = split(edition.url(item_path(doc)))
            if path not in before.get(host, frozenset()):
                found.append(doc)
    return sorted(found, key=lambda d: (d.status != "removed", d.path))  # the files that say so first


def full_build_note(sites: frozenset[str], new: list) -> Diagnostic:
    """Why a ``--site`` build rebuilt every site: the other hosts may still show what was taken down."""
    first = new[0]
    return warning(first.path, first.lines.get("status", 1), "takedown.full-build",
                   f"built every site, not only --site {', '.join(sorted(sites))}: {len(new)} item(s) were taken "
                   "down since the last build, and the portal's aggregation and search, and every edition, must "
                   "drop them in the same deploy")
