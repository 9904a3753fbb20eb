"""What every page's function gets: the render input, and the questions pages of many kinds ask of it."""
from __future__ import annotations

from dataclasses import dataclass

from ..model.config import Config, SiteConfig
from . import plan as p
from . import views as v
from .documents import Document
from .gitfacts import GitFacts
from .index import ContentIndex, sort_documents


@dataclass(frozen=True)
class RenderInput:
    config: Config
    index: ContentIndex
    pages: tuple[p.Page, ...]
    copies: tuple[p.Copy, ...]
    cache_dir: str | None = None
    facts: GitFacts | None = None   # publication facts from git (None: none, dates from front matter)


@dataclass(frozen=True)
class PageCall:
    """What a page's function gets: the render input, the page, its site and a linker for its edition."""
    ri: RenderInput
    page: p.Page
    site: SiteConfig
    link: v.Linker

    @property
    def lang(self) -> str:
        return self.page.lang


def on_portal(ri: RenderInput, doc: Document) -> bool:
    """Whether a component site's item may be shown on the portal's own pages. Under a profile where
    that needs a portal approver (004 Đ15.4.a), only items marked `syndicate: true`, which the
    approval gate sent to the portal's board; elsewhere every item."""
    return (not ri.config.province.profile.get("syndication_needs_portal_approval")
            or doc.values.get("syndicate") is True)


def lookup_documents(ri: RenderInput, site: SiteConfig, lang: str) -> list[Document]:
    """The legal documents a site's lookup covers: its own; on the portal, every site's it may show."""
    if site.kind != "portal":
        return list(ri.index.items(site.id, lang, "legal"))
    found = [d for s in ri.config.sites for d in ri.index.items(s, lang, "legal")
             if s == site.id or on_portal(ri, d)]
    return sort_documents(found)
