"""A site's home page: what a reader looks for first, in the places real portals put it.

The newest news item with a picture is the featured story; the next news items are cards (with a
picture when they have one). Beside them: the document lookup box and the public services (procedures,
the province's and the national public-service portal). Below: the current week's schedule, a short
block per other type with a `home_count` (the questions answered with the way to ask one), and on the
portal the component sites. Every block links to the page with all of it.
"""
from __future__ import annotations

from ..model.config import Config, SiteConfig
from ..model.content_types import CONTENT_TYPES
from ..model.forms import FORMS, form_path
from ..model.i18n import pick, words
from ..model.site_names import site_name
from . import plan as p
from . import views as v
from .documents import Document
from .page_input import RenderInput, summaries
from .states import on_home
from .types.rendering import render_hooks

NEWS_CARDS = 4          # news cards beside the featured story
LOWER_COUNT = 2         # entries of each lower section (a phone shows the first)
NATIONAL_SERVICES = "https://dichvucong.gov.vn"


def _with_image(doc: Document, site_id: str, link: v.Linker, index, facts) -> dict:
    """A listing's entry of `site_id`'s home (naming another site's item's site) with the item's picture
    as item pages show it (views.item_view's `image`)."""
    entry = summaries([doc], site_id, link, index)[0]
    if "image" in doc.images:
        entry["image"] = v.item_view(doc, link, index, facts)["image"]
    return entry


def _news(ri: RenderInput, site_id: str, items: list[Document], link: v.Linker) -> tuple[dict | None, list[dict]]:
    """The featured story (the newest with a picture) and the cards of the next newest."""
    featured = next((d for d in items if "image" in d.images), None)
    rest = [d for d in items if d is not featured][:NEWS_CARDS]
    return ((_with_image(featured, site_id, link, ri.index, ri.facts) if featured else None),
            [_with_image(d, site_id, link, ri.index, ri.facts) for d in rest])


def _services(ri: RenderInput, site: SiteConfig, lang: str, link: v.Linker) -> dict:
    """The public-services block: the procedures the site lists, the province's public-service portal
    (the profile's `public_services_url`) and the national one, named as the profile's national links
    name them."""
    t = words(lang)
    profile = ri.config.province.profile
    names = {n["url"].rstrip("/"): pick(n["name"], lang) for n in profile.get("national_links") or ()}
    links = []
    if ri.index.has_items(site.id, lang, "procedure"):
        links.append({"title": t["procedures_all"], "url": link.url(site.id, lang, p.list_path("procedure", lang))})
    for url, default in ((profile.get("public_services_url"), t["services_online"]),
                         (NATIONAL_SERVICES, t["services_national"])):
        if url:
            links.append({"title": names.get(url.rstrip("/"), default), "url": url})
    return {"links": links}


def home_view(ri: RenderInput, site: SiteConfig, lang: str, link: v.Linker) -> dict:
    """What home.html and portal_home.html show (on the portal, the component sites' items of
    aggregated types too, each naming its site)."""
    col = 0 if lang == "vi" else 1
    listed = {name: [d for d in ri.index.items(site.id, lang, name) if on_home(d, ri.index)]
              for name in CONTENT_TYPES}
    featured, cards = _news(ri, site.id, listed["news"], link)
    sections = []
    for type_name, ctype in CONTENT_TYPES.items():
        items = listed[type_name]
        if items and ctype.home_count and type_name != "news":  # 0: menu only, or own block
            sections.append({"title": (ctype.home_label or ctype.label)[col], "type": type_name,
                             "url": link.url(site.id, lang, p.list_path(type_name, lang)),
                             "entries": summaries(items[:min(ctype.home_count, LOWER_COUNT)], site.id, link,
                                                  ri.index),
                             "ask_url": link.url(site.id, lang, form_path(FORMS["question"], lang))
                             if type_name == "qa" else ""})
    context = {
        "featured": featured, "cards": cards,
        "news_url": link.url(site.id, lang, p.list_path("news", lang)) if listed["news"] else "",
        "lookup_url": link.url(site.id, lang, p.lookup_path(lang))
        if site.kind == "portal" or listed["legal"] else "",
        "services": _services(ri, site, lang, link),
        "sections": sections, "groups": directory(ri.config, lang, link) if site.kind == "portal" else [],
    }
    for ctype in CONTENT_TYPES.values():  # a type's own block: the work schedule's current week
        if (home := render_hooks(ctype).home) is not None:
            context.update(home(ri, site.id, lang, link))
    return context


def directory(config: Config, lang: str, link: v.Linker) -> list[dict]:
    """The component sites by kind: departments, districts, communes, units."""
    t = words(lang)
    groups = []
    for kind, label in (("department", "departments"), ("district", "districts"), ("commune", "communes"),
                        ("unit", "units")):
        sites = [s for s in config.sites.values() if s.kind == kind]
        if sites:
            groups.append({"kind": kind, "title": t[label],
                           "sites": [{"name": site_name(s, config.province.profile, lang), "url": link.url(s.id, lang),
                                      "host": s.host, "description": pick(s.description, lang) if s.description else ""}
                                     for s in sites]})
    return groups
