"""Links in an item's text to pages of the province's sites that the build does not make (`check`).

An editor writes a link to another item from the host's root (`/van-ban/15-2026-qd-ubnd/`) or as a
whole address on one of the province's hosts; a mistyped slug, a year folder in the address or an
item not published yet leads nowhere. ``check`` (the pull request's annotations) says so at the
Markdown line that writes the link, with the address it leads to; ``linkcheck`` finds the same after
a build, in the built pages. Addresses on other hosts, assets and fragments are not looked at.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from ..core.diagnostics import Diagnostic, warning
from ..core.front_matter import split
from ..model.config import Config
from .figures import line_of
from .index import ContentIndex
from .plan import Copy, Page, item_path

_HREF = re.compile(r'<a\s[^>]*?href="([^"]+)"')


def body_link_problems(root: Path, config: Config, index: ContentIndex, pages: list[Page],
                       copies: list[Copy]) -> list[Diagnostic]:
    """A warning at each link of a published item's text to an address of the province's hosts that
    no page or file of this build is at."""
    editions = {(s.id, e.lang): e for s in config.sites.values() for e in s.editions}
    # (the hosts of the sites planned: with --site, the others' pages are not, and not looked at)
    hosts = {urlsplit(editions[(t.site, t.lang)].base_url).hostname for t in pages if (t.site, t.lang) in editions}
    planned = {f"{editions[(t.site, t.lang)].out_dir}/{t.out_file if isinstance(t, Page) else t.path}"
               for t in [*pages, *copies] if (t.site, t.lang) in editions}
    out = []
    for doc in index.docs.values():
        edition = editions.get((doc.site, doc.lang))
        if edition is None or "href" not in (doc.body_html or ""):
            continue
        here = edition.url(item_path(doc))
        text = None
        for written in dict.fromkeys(html.unescape(h) for h in _HREF.findall(doc.body_html)):
            target = urlsplit(urljoin(here, written))
            if target.scheme not in ("http", "https") or target.hostname not in hosts:
                continue
            path = unquote(target.path).lstrip("/")
            full = f"{target.hostname}/{path}"
            if path.startswith("assets/") or full in planned or f"{full.rstrip('/')}/index.html" in planned:
                continue
            if text is None:
                text = _text(root / doc.path)
                body = split(text)
                start = body.body if body is not None and body.body is not None else 0
            out.append(warning(doc.path, line_of(text, written, start), "link.missing",
                               f"the link `{written}` leads to {target.scheme}://{full}, which no page or file of "
                               "the build is at; correct the address (an item is at /<type>/<slug>/, without "
                               "its year: docs/content-format.md)"))
    return out


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").lstrip("\ufeff")
    except (OSError, UnicodeDecodeError):
        return ""
