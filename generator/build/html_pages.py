"""HTML pages: each function fills the template context of one kind of page and names its template."""
from __future__ import annotations

from ..core.textcheck import fold_vi, slugify_vi
from ..model.content_types import CONTENT_TYPES
from ..model.i18n import words
from . import plan as p
from . import views as v
from .article_extras import og_item, related_items, table_of_contents
from .catalogue_pages import catalogue_page
from .documents import Document
from .home_page import directory, home_view
from .index import tag_key
from .interaction import FORM_PAGES, item_extras
from .kind_pages import kind_crumb, kind_links, kind_page
from .page_input import (
    PageCall,
    RenderInput,
    lookup_documents,
    search_documents,
    summaries,
)
from .types.rendering import HOOK_HTML_PAGES, render_hooks


def _listing(items: list[Document], page: p.Page, size: int, link: v.Linker, ri: RenderInput,
             path_of) -> dict:
    start = (page.number - 1) * size
    chunk = items[start:start + size]
    return {
        "entries": summaries(chunk, page.site, link, ri.index), "number": page.number, "pages": page.pages,
        "prev": link.url(page.site, page.lang, path_of(page.number - 1)) if page.number > 1 else "",
        "next": link.url(page.site, page.lang, path_of(page.number + 1)) if page.number < page.pages else "",
        "page_links": [{"number": n, "url": link.url(page.site, page.lang, path_of(n)), "current": n == page.number}
                       for n in range(1, page.pages + 1)],
        "count": len(items), "groups": [],
    }


def _facets(rows: list[dict]) -> dict:
    """The values each filter of the lookup offers, from the documents themselves."""
    def values(key: str) -> list[str]:
        return sorted({row[key] for row in rows if row[key]}, key=lambda x: (fold_vi(x), x))
    effects = sorted({(row["effect"]["code"], row["effect"]["label"]) for row in rows})
    return {"doc_form": values("doc_form"), "issuing_authority": values("issuing_authority"),
            "field": values("field"), "year": sorted({row["year"] for row in rows}, reverse=True),
            "effect": [{"code": code, "label": label} for code, label in effects]}


def _type_crumb(c: PageCall, type_name: str) -> dict:
    return {"title": CONTENT_TYPES[type_name].label[0 if c.lang == "vi" else 1],
            "url": c.link.url(c.site.id, c.lang, p.list_path(type_name, c.lang))}


def _item_page(c: PageCall, ctx: dict, doc: Document | None) -> list[str]:
    ctx["breadcrumbs"] += [_type_crumb(c, doc.type), *kind_crumb(c, doc)]
    ctx.update(item=v.item_view(doc, c.link, c.ri.index, c.ri.facts), title=doc.title,
               description=CONTENT_TYPES[doc.type].summary_of(doc.values))
    ctx.update(item_extras(c, doc))  # share links
    ctx["related"] = summaries(related_items(doc, c.ri.index), c.site.id, c.link, c.ri.index)
    ctx["og"].update(og_item(c, doc))
    ctx["item"]["body_html"], ctx["item"]["toc"] = table_of_contents(ctx["item"]["body_html"])
    if (add := render_hooks(CONTENT_TYPES[doc.type]).item) is not None:  # a week's table; a draft's comment form…
        add(c, ctx, doc)
    return [f"{doc.type}.html", "item.html"]  # the type's own layout, else the generic one


def _group_of(ctype, doc: Document) -> int:
    """The position of an item's group (``ContentType.group_by``): its value's among the field's choices;
    after them, items without a value."""
    choices = ctype.field(ctype.group_by).coerce.choices
    value = doc.values.get(ctype.group_by)
    return choices.index(value) if value in choices else len(choices)


def _in_groups(ctype, items: list[Document]) -> list[Document]:
    """Items by group, in the field's order; within a group in the type's order."""
    return sorted(items, key=lambda d: _group_of(ctype, d))  # stable: keeps the type's order


def _group_views(ctype, items: list[Document], chunk: list[Document], entries: list[dict], lang: str) -> list[dict]:
    """The groups of one listing page, each with its heading, its entries on the page and its size."""
    spec = ctype.field(ctype.group_by)
    col = 0 if lang == "vi" else 1
    sizes: dict[int, int] = {}
    for doc in items:
        sizes[_group_of(ctype, doc)] = sizes.get(_group_of(ctype, doc), 0) + 1
    groups: list[dict] = []
    for doc, entry in zip(chunk, entries):
        at = _group_of(ctype, doc)
        if not groups or groups[-1]["at"] != at:
            key = spec.coerce.choices[at] if at < len(spec.coerce.choices) else "other"
            title = spec.coerce.labels[key][col] if key != "other" else words(lang)["other_group"]
            groups.append({"at": at, "key": key, "title": title, "count": sizes[at], "entries": []})
        groups[-1]["entries"].append(entry)
    return groups


def _list_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    page, lang = c.page, c.lang
    ctype = CONTENT_TYPES[page.type]
    items = c.ri.index.items(c.site.id, lang, page.type)
    if ctype.group_by:
        items = _in_groups(ctype, items)
    listing = _listing(items, page, ctype.page_size, c.link, c.ri, lambda n: p.list_path(page.type, lang, n))
    if ctype.group_by:
        start = (page.number - 1) * ctype.page_size
        listing["groups"] = _group_views(ctype, items, items[start:start + ctype.page_size], listing["entries"],
                                         lang)
    ctx.update(title=ctype.label[0 if lang == "vi" else 1], listing=listing, kinds=kind_links(c, page.type),
               type_feed=c.link.url(c.site.id, lang, p.feed_path(page.type, lang)) if ctype.feed else "")
    if (add := render_hooks(ctype).listing) is not None:  # the Q&A section's ways in
        add(c, ctx)
    return [f"{page.type}_list.html", "list.html"]  # the type's own listing layout, else the generic one


def _tag_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    page, lang, t = c.page, c.lang, ctx["t"]
    items = list(c.ri.index.with_tag(c.site.id, lang, page.key))
    name = next(x for x in items[0].values["tags"] if tag_key(x) == page.key)
    ctx["breadcrumbs"].append({"title": t["tags"], "url": c.link.url(c.site.id, lang, p.tags_path(lang))})
    ctx.update(title=f"{t['tag']}: {name}", listing=_listing(items, page, CONTENT_TYPES["news"].page_size, c.link,
                                                             c.ri, lambda n: p.tag_path(page.key, lang, n)))
    return "list.html"


def _field_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    page, lang = c.page, c.lang
    # one page a field's address: every spelling that gives it ("Tư pháp", "tư pháp"), as the plan made it
    slug = slugify_vi(page.key)
    items = [d for d in c.ri.index.items(c.site.id, lang, "legal")
             if d.values.get("field") and slugify_vi(d.values["field"]) == slug]
    ctx["breadcrumbs"].append(_type_crumb(c, "legal"))
    ctx.update(title=f"{ctx['t']['fields']}: {page.key}",
               listing=_listing(items, page, len(items) or 1, c.link, c.ri, lambda n: p.field_path(page.key, lang)))
    return "list.html"


def _tags_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    counts: dict[str, list] = {}
    for d in c.ri.index.items(c.site.id, c.lang):
        for tag in d.values.get("tags", ()):
            counts.setdefault(tag_key(tag), [tag, 0])[1] += 1
    ctx.update(title=ctx["t"]["tags"],
               tags=[{"name": name, "count": n, "url": c.link.url(c.site.id, c.lang, p.tag_path(key, c.lang))}
                     for key, (name, n) in sorted(counts.items())])
    return "tags.html"


def _search_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    # the index is the edition's own, on its own host: on the portal it holds every site's items
    ctx.update(title=ctx["t"]["search"], search_url=c.link.url(c.site.id, c.lang, p.search_path(c.lang)))
    return "search.html"


def _lookup_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    lang = c.lang
    # a row carries its item's number in the edition's search index, which answers the lookup's words
    numbers = {(d.site, d.id): n for n, d in enumerate(search_documents(c.ri, c.site, lang))}
    rows = [{**v.lookup_row(d, c.link, c.ri.index), "number": numbers.get((d.site, d.id), "")}
            for d in lookup_documents(c.ri, c.site, lang)]
    ctx["breadcrumbs"].append(_type_crumb(c, "legal"))
    ctx.update(title=ctx["t"]["lookup"], rows=rows, facets=_facets(rows),
               index_url=c.link.url(c.site.id, lang, p.search_path(lang)),
               lookup_url=c.link.url(c.site.id, lang, p.lookup_path(lang)))
    return "lookup.html"


def _directory_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    ctx.update(title=ctx["t"]["directory"], groups=directory(c.ri.config, c.lang, c.link))
    return "directory.html"


def _not_found_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    ctx.update(title=ctx["t"]["not_found"])
    return "404.html"


def _gone_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    ctx.update(title=ctx["t"]["gone"])
    return "410.html"


def _home_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    ctx.update(title=ctx["site"]["name"], home=home_view(c.ri, c.site, c.lang, c.link))
    return "portal_home.html" if c.site.kind == "portal" else "home.html"


HTML_PAGES = {
    "item": _item_page, "list": _list_page, "tag": _tag_page, "field": _field_page, "tags": _tags_page,
    "search": _search_page, "lookup": _lookup_page, "directory": _directory_page,
    "not_found": _not_found_page, "gone": _gone_page, "home": _home_page,
    "kind": kind_page, "catalogue": catalogue_page,
    **FORM_PAGES,  # form_question, form_petition, form_rating
    **HOOK_HTML_PAGES,  # the types' own: schedule_current, schedule_weeks, qa_lookup, qa_field, qa_state
}
