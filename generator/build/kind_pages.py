"""The page of one kind within a type (``kinds.py``), the links a type's listing offers to its
kinds, and the kind in an item's breadcrumbs."""
from __future__ import annotations

from ..model.content_types import CONTENT_TYPES
from . import plan as p
from .documents import Document
from .kinds import kind_labels, kind_path, kinds_listed
from .page_input import PageCall, summaries


def kind_links(c: PageCall, type_name: str, current: str = "") -> list[dict]:
    """The kinds of a type the edition lists, with their counts, for the type's listings."""
    col = 0 if c.lang == "vi" else 1
    labels = kind_labels(type_name)
    return [{"title": labels[key][col], "url": c.link.url(c.site.id, c.lang, kind_path(type_name, key, c.lang)),
             "count": count, "current": key == current}
            for listed, key, count in kinds_listed(c.ri.index, c.site.id, c.lang) if listed == type_name]


def kind_crumb(c: PageCall, doc: Document) -> list[dict]:
    """The kind's page, between the type's listing and the item, when the item has a kind."""
    key = doc.values.get("kind")
    if key is None or not kind_labels(doc.type) or doc.status != "published":
        return []
    return [{"title": kind_labels(doc.type)[key][0 if c.lang == "vi" else 1],
             "url": c.link.url(c.site.id, c.lang, kind_path(doc.type, key, c.lang))}]


def kind_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    page, lang = c.page, c.lang
    ctype = CONTENT_TYPES[page.type]
    col = 0 if lang == "vi" else 1
    items = [d for d in c.ri.index.items(c.site.id, lang, page.type) if d.values.get("kind") == page.key]
    ctx["breadcrumbs"].append({"title": ctype.label[col],
                               "url": c.link.url(c.site.id, lang, p.list_path(page.type, lang))})
    ctx.update(title=kind_labels(page.type)[page.key][col], kinds=kind_links(c, page.type, page.key),
               listing={"entries": summaries(items, c.site.id, c.link, c.ri.index), "number": 1, "pages": 1,
                        "prev": "", "next": "", "page_links": [], "count": len(items), "groups": []})
    return "list.html"
