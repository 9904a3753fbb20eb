"""The portal's aggregation: which component sites' items the portal lists as its own.

A type declared with ``aggregate=True`` (``ContentType.aggregate``) is listed on the portal with
every component site's items of that type that the portal may show (``portal_may_show``): the
portal's listing of the type (20 a page, newest first), its home block, its feed, its menu and
its lookups then carry them, each entry naming its site and linking to the item on its own site.
Folded into the index's listings once, before planning, so that pagination, pages and sitemap
agree. The portal's search shards stay its own: its search reads the component sites' shards,
and where the profile needs approval shows of them only the results marked as approved.
"""
from __future__ import annotations

from dataclasses import replace

from ..model.config import Config, Profile
from ..model.content_types import ORDER
from .documents import Document
from .index import ContentIndex, sort_documents


def needs_approval(profile: Profile) -> bool:
    """Whether a component site's item reaches the portal only once the portal's board approved it
    (004 Đ15.4.a): marked `syndicate: true`, which the approval gate sent to that board."""
    return bool(profile.get("syndication_needs_portal_approval"))


def portal_may_show(profile: Profile, doc: Document) -> bool:
    """Whether a component site's item may be shown on the portal's own pages: under a profile that
    needs approval, only items marked `syndicate: true`; elsewhere every item."""
    return not needs_approval(profile) or doc.values.get("syndicate") is True


def with_portal_listings(config: Config, index: ContentIndex) -> ContentIndex:
    """The index whose portal listings of aggregated types hold the component sites' items too,
    for each edition of the portal that the component site also has."""
    listed = dict(index.listed)
    profile = config.province.profile
    for portal in (s for s in config.sites.values() if s.kind == "portal"):
        others = [s.id for s in config.sites.values() if s.id != portal.id]
        for edition in portal.editions:
            lang = edition.lang
            for ctype in (t for t in ORDER if t.aggregate):
                found = [d for site_id in others if config.sites[site_id].edition(lang) is not None
                         for d in index.items(site_id, lang, ctype.name) if portal_may_show(profile, d)]
                if found:
                    listed[(portal.id, lang, ctype.name)] = tuple(
                        sort_documents([*index.items(portal.id, lang, ctype.name), *found]))
    return replace(index, listed=dict(sorted(listed.items())))
