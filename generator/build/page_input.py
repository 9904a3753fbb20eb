"""What every page's function gets: the render input, and the questions pages of many kinds ask of it."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..model.config import Config, SiteConfig
from . import plan as p
from . import views as v
from .aggregate import portal_may_show
from .documents import Document
from .gitfacts import GitFacts
from .index import ContentIndex
from .memo import Memo


@dataclass(frozen=True)
class RenderInput:
    config: Config
    index: ContentIndex
    pages: tuple[p.Page, ...]
    copies: tuple[p.Copy, ...]
    cache_dir: str | None = None
    facts: GitFacts | None = None   # publication facts from git (None: none, dates from front matter)
    memo: Memo | None = None        # the last good build's traces: pages whose reads are unchanged are reused

    @cached_property
    def site_pages(self) -> dict[str, list[p.Page]]:
        """The planned pages by site, in the plan's order (each site's render walks its own, not the
        province's: twenty sites of a thousand pages each walked twenty thousand pages twenty times)."""
        found: dict[str, list[p.Page]] = {}
        for page in self.pages:
            found.setdefault(page.site, []).append(page)
        return found

    @cached_property
    def site_copies(self) -> dict[str, list[p.Copy]]:
        """The files to copy by site, in the plan's order."""
        found: dict[str, list[p.Copy]] = {}
        for copy in self.copies:
            found.setdefault(copy.site, []).append(copy)
        return found


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


def lookup_documents(ri: RenderInput, site: SiteConfig, lang: str) -> list[Document]:
    """The legal documents a site's lookup covers: those it lists (on the portal, every site's it may
    show: ``aggregate.with_portal_listings``)."""
    return list(ri.index.items(site.id, lang, "legal"))


def search_documents(ri: RenderInput, site: SiteConfig, lang: str) -> list[Document]:
    """The items an edition's search index holds, in the order they are numbered: the site's own,
    in its listing's order, and on the portal then every other site's of that language the portal may
    show (``aggregate.portal_may_show``), site by site: one index answers for the whole province."""
    docs = list(ri.index.items(site.id, lang))
    if site.kind == "portal":
        profile = ri.config.province.profile
        docs += [d for other in ri.config.sites.values() if other is not site and other.edition(lang) is not None
                 for d in ri.index.items(other.id, lang) if portal_may_show(profile, d)]
    return docs


def summaries(docs, site_id: str, link: v.Linker, index: ContentIndex) -> list[dict]:
    """What a listing of `site_id` shows of each item; one from another site (the portal's
    aggregation) names its site (`other_site`)."""
    return [{**v.item_summary(d, link, index), "other_site": d.site != site_id} for d in docs]
