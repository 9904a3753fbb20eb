"""Pages that are data, not HTML: an item's JSON record, the sitemap, the Atom feed, the search
index. Each takes a ``PageCall`` and returns bytes (the search index: many files)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from functools import partial
from html import escape as html_escape
from pathlib import Path

from ..core.cache import ParseCache
from ..model.config import SiteConfig
from ..model.content_types import CONTENT_TYPES, RELATIONS
from ..model.i18n import iso
from ..model.site_names import site_name
from . import plan as p
from . import views as v
from .catalogue_pages import catalogue_json
from .documents import Document
from .index import stamp

# XML's text: &, < and > escaped (what xml.sax.saxutils.escape does, without its import of urllib,
# http.client and ssl at every build's start)
escape = partial(html_escape, quote=False)
from .memo import edition_pages
from .output import Reuse
from .page_input import PageCall, RenderInput, search_documents
from .search_terms import item_entry, item_terms
from .states import state_record
from .types.rendering import HOOK_DATA_PAGES, SITEMAP_KINDS, render_hooks


def _record(doc: Document, link: v.Linker, ri: RenderInput) -> bytes:
    def plain(value):
        if isinstance(value, tuple):
            return [plain(x) for x in value]
        if isinstance(value, dict):  # entries of a list field: a Q&A's steps, its citations
            return {k: plain(x) for k, x in value.items()}
        if hasattr(value, "src") and hasattr(value, "alt"):
            return {"src": value.src, "alt": value.alt, **({"caption": value.caption} if value.caption else {})}
        if hasattr(value, "isoformat"):
            return iso(value)
        if isinstance(value, dict):  # a record of a list (fields.records)
            return {k: plain(x) for k, x in value.items()}
        if dataclasses.is_dataclass(value):  # an entry of a list of records: a week's activity
            return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return value
    record = {
        "id": doc.id, "lang": doc.lang, "type": doc.type, "site": doc.site,
        "url": link.absolute(doc.site, doc.lang, p.item_path(doc)),
        # Relation fields name only items that are public now (`relations` below has them resolved):
        # a removed or scheduled item's slug must not leak through another item's record.
        "fields": {k: plain(val) for k, val in doc.values.items() if k not in RELATIONS},
        "body_html": doc.body_html,
        "files": [link.file(doc, a.name, absolute=True) for a in doc.attachments],
        "translations": {lang: link.absolute(doc.site, lang, p.item_path(ri.index.get(doc.id, lang)))
                         for lang in ri.index.translations(doc.id)},
        "relations": {k: list(x) for k, x in ri.index.relations_of(doc.id).items()},
    }
    if doc.type == "legal":
        record["effect"] = v.effect_view(doc, link, ri.index)["code"]
    if (more := render_hooks(CONTENT_TYPES[doc.type]).record) is not None:  # a week's days and entries
        record.update(more(doc.values))
    if CONTENT_TYPES[doc.type].state is not None:
        record["state"] = state_record(doc, ri.index)
    record.update(v.publication_record(doc, ri.index, ri.facts))
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n").encode()


def iso_moment(moment) -> str:
    text = iso(moment)
    return text if "T" in text else text + "T00:00:00+07:00"


def _last_changed(ri: RenderInput, doc: Document) -> str:
    """When an item last changed, for machines: its last update from git, else its first publication."""
    pub = v.item_publication(doc, ri.index, ri.facts)
    moment = pub.updated or pub.first
    return iso_moment(moment) if moment is not None else ""


def _sitemap(ri: RenderInput, pages: list[p.Page], link: v.Linker, site: SiteConfig) -> bytes:
    urls = []
    for pg in pages:
        if pg.kind not in ("home", "item", "list", "kind", "tags", "tag", "field", "directory", "catalogue",
                           *SITEMAP_KINDS) and not pg.kind.startswith("form_"):
            continue
        lastmod = _last_changed(ri, ri.index.get(pg.key, pg.lang)) if pg.kind == "item" else ""
        urls.append((link.absolute(site.id, pg.lang, pg.path), lastmod))
    body = "".join(f"<url><loc>{escape(u)}</loc>" + (f"<lastmod>{m}</lastmod>" if m else "") + "</url>\n"
                   for u, m in sorted(urls))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n").encode()


def _feed(ri: RenderInput, site: SiteConfig, lang: str, link: v.Linker, type_name: str = "") -> bytes:
    """The site's feed, or one type's (`type_name`): what the site lists of each type in the feed (on
    the portal, the component sites' items of aggregated types too), each entry's author naming the
    site it comes from."""
    items = [d for name, ctype in CONTENT_TYPES.items() if name == type_name or not type_name
             for d in ri.index.items(site.id, lang, name) if ctype.in_feed(d.values)]
    news = {d.id: CONTENT_TYPES[d.type].news_of(d.values, lang) for d in items}  # a procedure's change notice
    items = sorted(items, key=lambda d: (-stamp(news[d.id][0] if news[d.id] else CONTENT_TYPES[d.type].date_of(
        d.values)), d.id))[:20]
    title, home = site_name(site, ri.config.province.profile, lang), link.absolute(site.id, lang)
    if type_name:  # the type's own feed: named for it, its home the type's listing
        title = f"{CONTENT_TYPES[type_name].label[0 if lang == 'vi' else 1]} | {title}"
        home = link.absolute(site.id, lang, p.list_path(type_name, lang))
    entries = []
    latest = ""
    for doc in items:
        ri.index.get(doc.id, doc.lang)  # when it changed (git history): read by id, its whole fingerprint (memo.py)
        pub = v.item_publication(doc, ri.index, ri.facts)
        first = pub.first or CONTENT_TYPES[doc.type].date_of(doc.values)
        published, updated = iso_moment(first), _last_changed(ri, doc) or iso_moment(first)
        if news[doc.id]:  # changed since: dated by the change, told by its notice
            updated = max(updated, iso_moment(news[doc.id][0]), key=_instant)
        latest = max(latest, updated, key=_instant) if latest else updated
        url = link.absolute(doc.site, lang, p.item_path(doc))
        summary = news[doc.id][1] if news[doc.id] else CONTENT_TYPES[doc.type].summary_of(doc.values)
        entries.append(f"<entry><title>{escape(doc.title)}</title><link href=\"{escape(url)}\"/>"
                       f"<id>{escape(url)}</id><published>{published}</published><updated>{updated}</updated>"
                       f"<author><name>{escape(site_name(ri.config.sites[doc.site], ri.config.province.profile, lang))}</name></author>"
                       f"<summary>{escape(summary)}</summary></entry>\n")
    updated = latest or "2000-01-01T00:00:00+07:00"
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
            f'xml:lang="{lang}">\n<title>{escape(title)}</title>\n'
            f'<link href="{escape(home)}"/>\n<id>{escape(home)}</id>\n<updated>{updated}</updated>\n'
            + "".join(entries) + "</feed>\n").encode()


def _instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def search_index_files(c: PageCall) -> list[tuple[str, bytes | Reuse]]:
    """An edition's search index: its files, by path under the search folder (search.index_files);
    after an edit, the last output's brought up to date (search_update.py) when they can be, those an
    edit left as they were linked from the last output."""
    # numpy and lunr come in with the first index made whole: a build after no change or an edit, `check`
    # and the start of the other commands do not wait for them
    from .memo import tool_hash
    from .search_files import Doc
    from .search_update import keep_state, states_of, updated_index

    docs = search_documents(c.ri, c.site, c.lang)
    for d in docs:  # the index holds their text: read by id, its trace names each item's whole fingerprint (memo.py)
        c.ri.index.get(d.id, d.lang)
    rows = []
    for d in docs:
        summary = v.item_summary(d, c.link, c.ri.index)
        rows.append(Doc(ref=d.id, url=c.link.absolute(d.site, d.lang, p.item_path(d)), title=d.title,
                        kind=summary["type_label"], date=summary["date_text"], summary=summary["summary"],
                        site=summary["site_name"]))
    cache_dir = Path(c.ri.cache_dir) if c.ri.cache_dir else None
    memo = c.ri.memo
    last = None  # the last output's search folder
    if memo is not None and memo.folder is not None:
        last = memo.folder / f"{c.site.edition(c.lang).out_dir}/{c.page.out_file}".rsplit("/", 1)[0]
    made = updated_index(cache_dir, last, c.site.id, c.lang, tool_hash(), docs, rows) \
        if cache_dir is not None and last is not None else None
    if made is not None:
        files, postings, states = made
    else:
        # numpy and lunr: only to make an index whole
        from .search import counted_index_files
        terms = []
        cache = ParseCache(c.ri.cache_dir)
        for d in docs:
            # made at load (documents.py); else here
            terms.append(d.search_terms or item_terms(item_entry(d.type, d.values, d.body_html, d.attachment_text), cache))
        cache.close()
        whole, postings = counted_index_files(terms, rows)
        files, states = sorted(whole.items()), states_of(whole) if cache_dir is not None else {}
    if cache_dir is not None:
        keep_state(cache_dir, last, c.site.id, c.lang, tool_hash(), docs, dict(files)["meta.json"], postings, states)
    return sorted(files, key=lambda f: f[0])


def _record_page(c: PageCall) -> bytes:
    return _record(c.ri.index.get(c.page.key, c.lang), c.link, c.ri)


def _sitemap_page(c: PageCall) -> bytes:
    # A withdrawn item keeps its page for whoever has the address, but is no longer offered to be found.
    index = c.ri.index
    return _sitemap(c.ri, [pg for pg in edition_pages(c.ri.pages, c.site.id, c.lang) if not (
        pg.kind == "item" and index.get(pg.key, c.lang).status == "withdrawn")], c.link, c.site)


def _feed_page(c: PageCall) -> bytes:
    return _feed(c.ri, c.site, c.lang, c.link, c.page.type)


DATA_PAGES = {
    "record": _record_page, "sitemap": _sitemap_page, "feed": _feed_page,
    "catalogue_json": catalogue_json,
    **HOOK_DATA_PAGES,  # the types' own: qa_tickets
}
# Pages that are many files: (the path of each under the page's folder, its bytes)
FILE_SET_PAGES = {"search_index": search_index_files}
