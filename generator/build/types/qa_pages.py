"""The Q&A section's pages: what a question's page adds to the generic item, the section's
listing header, the ticket lookup and its JSON file, and the listings by field and by state.

Registered in ``html_pages`` (``HTML_PAGES``, ``ITEM_CONTEXT``, ``LIST_CONTEXT``) and
``data_pages`` (``DATA_PAGES``); the pages themselves are planned by ``qa_paths``.
"""
from __future__ import annotations

import json

from ...core.textcheck import slugify_vi
from ...model.config import SiteConfig
from ...model.content_types import CONTENT_TYPES
from ...model.types.qa import STATES, state_of
from .. import plan as p
from ..documents import Document
from ..page_input import PageCall, RenderInput
from .qa_paths import (
    TICKETS_FILE,
    field_path,
    lookup_path,
    state_path,
    ticket_year,
    tickets_path,
)
from .qa_views import col, profile_view, qa_item, ticket_row


def _crumb(c: PageCall) -> dict:
    return {"title": CONTENT_TYPES["qa"].label[col(c.lang)],
            "url": c.link.url(c.site.id, c.lang, p.list_path("qa", c.lang))}


def _hub(c: PageCall) -> dict:
    """Ways into the section: the lookup, the fields, the states, and how to ask (the profile's channels)."""
    items = c.ri.index.items(c.site.id, c.lang, "qa")
    fields: dict[str, str] = {}
    counts: dict[str, int] = {}
    for doc in items:
        fields.setdefault(slugify_vi(doc.values["field"]) or "khac", doc.values["field"])
        counts[state_of(doc.values)] = counts.get(state_of(doc.values), 0) + 1
    return {
        "lookup_url": c.link.url(c.site.id, c.lang, lookup_path(c.lang)),
        "fields": [{"name": name, "url": c.link.url(c.site.id, c.lang, field_path(name, c.lang))}
                   for _, name in sorted(fields.items())],
        "states": [{"label": STATES[s][col(c.lang)], "count": counts[s],
                    "url": c.link.url(c.site.id, c.lang, state_path(s, c.lang))} for s in STATES if s in counts],
        **profile_view(c.ri.config.province.profile, c.lang),
    }


def item_context(c: PageCall, ctx: dict, doc: Document) -> None:
    ctx["qa"] = qa_item(doc, c.link, c.ri.index, c.ri.config.province.profile)


def list_context(c: PageCall, ctx: dict) -> None:
    ctx["qa_hub"] = _hub(c)


def lookup_documents(ri: RenderInput, site: SiteConfig, lang: str) -> list[Document]:
    """The questions a site's lookup knows: those it lists (on the portal, every site's it may show:
    ``aggregate.with_portal_listings``)."""
    return list(ri.index.items(site.id, lang, "qa"))


def _by_year(c: PageCall) -> dict[str, list[Document]]:
    """The lookup's questions by the year their ticket was received, the latest year first."""
    years: dict[str, list[Document]] = {}
    for doc in lookup_documents(c.ri, c.site, c.lang):
        years.setdefault(ticket_year(doc.values["ticket"]), []).append(doc)
    return dict(sorted(years.items(), reverse=True))


def _lookup_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    """The lookup (the latest year's tickets listed) or one year's page (``c.page.key``)."""
    years = _by_year(c)
    year = c.page.key or next(iter(years), "")
    rows = sorted((ticket_row(d, c.link) for d in years.get(year, ())), key=lambda r: r["ticket"], reverse=True)
    lookup_url = c.link.url(c.site.id, c.lang, lookup_path(c.lang))
    ctx["breadcrumbs"].append(_crumb(c))
    if c.page.key:
        ctx["breadcrumbs"].append({"title": ctx["t"]["qa_lookup"], "url": lookup_url})
    ctx.update(title=ctx["t"]["qa_lookup"] if not c.page.key else ctx["t"]["qa_year"].format(year=year),
               rows=rows, hub=_hub(c), lookup_url=lookup_url, year=year,
               table_title=ctx["t"]["qa_year"].format(year=year),
               years=[{"year": y, "count": len(docs), "current": y == year,
                       "url": c.link.url(c.site.id, c.lang, lookup_path(c.lang, y))} for y, docs in years.items()],
               tickets_url=lookup_url + TICKETS_FILE)
    return "qa_lookup.html"


def _json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n").encode()


def _tickets_page(c: PageCall) -> bytes:
    """One year's tickets: code → what the lookup shows of it; read by ``layouts/assets/qa-lookup.js``."""
    tickets = {}
    for doc in _by_year(c).get(c.page.key, ()):
        row = ticket_row(doc, c.link)  # its url: root-relative on the same host, absolute across hosts
        tickets[row.pop("ticket")] = row
    return _json({"year": c.page.key, "tickets": tickets})


def _years_page(c: PageCall) -> bytes:
    """The years of tickets the lookup knows, each with its file and the number of its tickets."""
    return _json({"years": {y: {"count": len(docs), "url": c.link.url(c.site.id, c.lang, tickets_path(c.lang, y))}
                            for y, docs in _by_year(c).items()}})


def _group(c: PageCall, ctx: dict, items: list[Document], title: str, path_of) -> str:
    page = c.page
    size = CONTENT_TYPES["qa"].page_size
    chunk = items[(page.number - 1) * size:page.number * size]
    ctx["breadcrumbs"].append(_crumb(c))
    ctx.update(title=title, rows=[ticket_row(d, c.link) for d in chunk], listing={
        "number": page.number, "pages": page.pages, "count": len(items),
        "prev": c.link.url(c.site.id, c.lang, path_of(page.number - 1)) if page.number > 1 else "",
        "next": c.link.url(c.site.id, c.lang, path_of(page.number + 1)) if page.number < page.pages else "",
        "page_links": [{"number": n, "url": c.link.url(c.site.id, c.lang, path_of(n)), "current": n == page.number}
                       for n in range(1, page.pages + 1)]},
        lookup_url=c.link.url(c.site.id, c.lang, lookup_path(c.lang)))
    return "qa_group.html"


def _field_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    key = slugify_vi(c.page.key) or "khac"
    items = [d for d in c.ri.index.items(c.site.id, c.lang, "qa") if (slugify_vi(d.values["field"]) or "khac") == key]
    return _group(c, ctx, items, f"{ctx['t']['fields']}: {c.page.key}", lambda n: field_path(c.page.key, c.lang, n))


def _state_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    items = [d for d in c.ri.index.items(c.site.id, c.lang, "qa") if state_of(d.values) == c.page.key]
    return _group(c, ctx, items, f"{ctx['t']['qa_state']}: {STATES[c.page.key][col(c.lang)]}",
                  lambda n: state_path(c.page.key, c.lang, n))


HTML = {"qa_lookup": _lookup_page, "qa_field": _field_page, "qa_state": _state_page}
DATA = {"qa_tickets": _tickets_page, "qa_years": _years_page}
