"""Render: turn planned pages into bytes with Jinja2 (StrictUndefined).

Templates come from the content repository's ``layouts/`` first, then the
tool's own ``layouts/``. One site is one unit of work: ``render_site`` returns
every output file of that site's editions as (path, bytes), sorted, and the pages that failed
(``layout_errors.PageFailure``, plain data that crosses from a worker process).
"""
from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import jinja2
from markupsafe import Markup

from ..core.cache import ParseCache
from ..core.diagnostics import Diagnostic
from ..core.textcheck import fold_vi
from ..model.config import Config, SiteConfig
from ..model.content_types import CONTENT_TYPES
from ..model.i18n import LANGUAGE_NAMES, iso, pick, words
from . import plan as p
from . import views as v
from .documents import Document
from .gitfacts import GitFacts
from .index import RELATIONS, ContentIndex, sort_documents, tag_key
from .layout_errors import PageFailure, layout_problems, page_failure
from .search import SUMMARY_CHARS, build_index, item_entry, legal_entry, shard_bytes
from .tool_files import SEARCH_VI_JS, lunr_js, tool_layouts

AGGREGATED_NEWS = 10


@dataclass(frozen=True)
class RenderInput:
    config: Config
    index: ContentIndex
    pages: tuple[p.Page, ...]
    copies: tuple[p.Copy, ...]
    cache_dir: str | None = None
    facts: GitFacts | None = None   # publication facts from git (None: none, dates from front matter)


def layout_folders(root: Path) -> list[Path]:
    """Where layouts are looked up, first match wins: the repository's overrides, then the tool's."""
    return [path for path in (root / "layouts", tool_layouts()) if path.is_dir()]


def make_environment(root: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(path) for path in layout_folders(root)]), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    return env


def check_layouts(root: Path) -> list[Diagnostic]:
    """Layouts Jinja cannot read (syntax errors, not UTF-8), before any page is rendered."""
    return layout_problems(make_environment(root), layout_folders(root), root, tool_layouts().parent)


def asset_files(root: Path) -> list[tuple[str, Path]]:
    """Static assets (CSS, JS) copied to every host: the repository's override the tool's;
    lunr.js from the npm package and the Vietnamese folding beside generator/build/search.py."""
    found: dict[str, Path] = {"search-vi.js": SEARCH_VI_JS}
    lunr = lunr_js(root)
    if lunr is not None:
        found["lunr.min.js"] = lunr
    for base in (tool_layouts() / "assets", root / "layouts" / "assets"):
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file():
                    found[path.relative_to(base).as_posix()] = path
    return sorted(found.items())


def _province_view(config: Config, site: SiteConfig, lang: str) -> dict:
    prov = config.province
    profile = prov.profile
    contact = v.contact_view(prov.contact, site.contact) if site.kind == "portal" else v.contact_view(site.contact)
    return {
        "name": pick(prov.name, lang), "sample": prov.sample,
        "governing": pick(prov.governing_agency if site.kind == "portal" else site.name, lang),
        "official_name": pick(profile.get("official_name") or {}, lang),
        "reuse_lines": list(profile.get("reuse_lines") or ()) if lang == "vi" and site.kind == "portal" else [],
        "links": [{"name": pick(link["name"], lang) if isinstance(link["name"], dict) else link["name"],
                   "url": link["url"]} for link in profile.get("national_links") or ()],
        "hotline": profile.get("footer_hotline") or contact.get("hotline", ""), "contact": contact,
        "social": list(prov.social),
    }


def edition_context(env: jinja2.Environment, ri: RenderInput, site: SiteConfig, lang: str, link: v.Linker) -> dict:
    """What every page of one edition shares, computed once per edition: views and the footer's HTML."""
    shared = {
        "lang": lang, "t": words(lang), "site": v.site_view(site, lang, link),
        "province": _province_view(ri.config, site, lang), "portal": v.site_view(ri.config.portal, lang, link),
        "nav": v.nav_view(site, lang, link, ri.index), "assets": "/assets/", "emc": site.emc,
        "language_names": LANGUAGE_NAMES,
    }
    shared["footer_html"] = Markup(env.get_template("footer.html").render(shared))
    return shared


def _base_context(shared: dict, ri: RenderInput, site: SiteConfig, page: p.Page, link: v.Linker,
                  doc: Document | None) -> dict:
    lang = page.lang
    # The menu entry a page belongs to is the one with the longest path the page's path starts with.
    matching = [e["path"] for e in shared["nav"] if e["path"] is not None and (
        page.path == e["path"] or (e["path"] and page.path.startswith(e["path"])))]
    current = max(matching, key=len, default=None)
    nav = [dict(entry, current=entry["path"] is not None and entry["path"] == current) for entry in shared["nav"]]
    return {
        **shared, "nav": nav, "alternates": v.alternates(site, lang, link, ri.index, doc),
        "canonical": link.absolute(site.id, lang, page.path), "description": "",
        "breadcrumbs": [{"title": shared["t"]["home"], "url": shared["site"]["url"]}],
    }


def _listing(items: list[Document], page: p.Page, size: int, link: v.Linker, ri: RenderInput,
             path_of) -> dict:
    start = (page.number - 1) * size
    chunk = items[start:start + size]
    return {
        "entries": [v.item_summary(d, link, ri.index) for d in chunk], "number": page.number, "pages": page.pages,
        "prev": link.url(page.site, page.lang, path_of(page.number - 1)) if page.number > 1 else "",
        "next": link.url(page.site, page.lang, path_of(page.number + 1)) if page.number < page.pages else "",
        "page_links": [{"number": n, "url": link.url(page.site, page.lang, path_of(n)), "current": n == page.number}
                       for n in range(1, page.pages + 1)],
        "count": len(items),
    }


def _home(ri: RenderInput, site: SiteConfig, lang: str, link: v.Linker) -> dict:
    sections = []
    for type_name, ctype in CONTENT_TYPES.items():
        items = ri.index.items(site.id, lang, type_name)
        if items:
            sections.append({"title": ctype.label[0 if lang == "vi" else 1], "type": type_name,
                             "url": link.url(site.id, lang, p.list_path(type_name, lang)),
                             "entries": [v.item_summary(d, link, ri.index) for d in items[:ctype.home_count]]})
    context = {"sections": sections, "aggregated": [], "groups": []}
    if site.kind == "portal":
        others = [d for (_, l), d in ri.index.docs.items()
                  if l == lang and d.site != site.id and d.type == "news" and d.status == "published"
                  and on_portal(ri, d)]
        context["aggregated"] = [v.item_summary(d, link, ri.index) for d in sort_documents(others)[:AGGREGATED_NEWS]]
        context["groups"] = _directory(ri.config, lang, link)
    return context


def _directory(config: Config, lang: str, link: v.Linker) -> list[dict]:
    t = words(lang)
    groups = []
    for kind, label in (("department", "departments"), ("district", "districts"), ("commune", "communes"),
                        ("unit", "units")):
        sites = [s for s in config.sites.values() if s.kind == kind]
        if sites:
            groups.append({"kind": kind, "title": t[label],
                           "sites": [{"name": pick(s.name, lang), "url": link.url(s.id, lang),
                                      "host": s.host, "description": pick(s.description, lang) if s.description else ""}
                                     for s in sites]})
    return groups


def _record(doc: Document, link: v.Linker, ri: RenderInput) -> bytes:
    def plain(value):
        if isinstance(value, tuple):
            return [plain(x) for x in value]
        if hasattr(value, "src") and hasattr(value, "alt"):
            return {"src": value.src, "alt": value.alt}
        if hasattr(value, "isoformat"):
            return iso(value)
        return value
    record = {
        "id": doc.id, "lang": doc.lang, "type": doc.type, "site": doc.site,
        "url": link.absolute(doc.site, doc.lang, p.item_path(doc)),
        # Relation fields name only items that are public now (`relations` below has them resolved):
        # a removed or scheduled item's slug must not leak through another item's record.
        "fields": {k: plain(val) for k, val in doc.values.items() if k not in RELATIONS},
        "body_html": doc.body_html,
        "files": [link.absolute(doc.site, doc.lang, p.item_path(doc) + a.name) for a in doc.attachments],
        "translations": {lang: link.absolute(doc.site, lang, p.item_path(ri.index.get(doc.id, lang)))
                         for lang in ri.index.translations(doc.id)},
        "relations": {k: list(x) for k, x in ri.index.relations.get(doc.id, {}).items()},
    }
    if doc.type == "legal":
        record["effect"] = v.effect_view(doc, link, ri.index)["code"]
    record.update(v.publication_record(doc, ri.index, ri.facts))
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n").encode()


def _last_changed(ri: RenderInput, doc: Document) -> str:
    """When an item last changed, for machines: its last update from git, else its first publication."""
    pub = v.item_publication(doc, ri.index, ri.facts)
    moment = pub.updated or pub.first
    return iso_moment(moment) if moment is not None else ""


def _sitemap(ri: RenderInput, pages: list[p.Page], link: v.Linker, site: SiteConfig) -> bytes:
    urls = []
    for pg in pages:
        if pg.kind not in ("home", "item", "list", "tags", "tag", "field", "directory"):
            continue
        lastmod = _last_changed(ri, ri.index.get(pg.key, pg.lang)) if pg.kind == "item" else ""
        urls.append((link.absolute(site.id, pg.lang, pg.path), lastmod))
    body = "".join(f"<url><loc>{escape(u)}</loc>" + (f"<lastmod>{m}</lastmod>" if m else "") + "</url>\n"
                   for u, m in sorted(urls))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n").encode()


def _feed(ri: RenderInput, site: SiteConfig, lang: str, link: v.Linker) -> bytes:
    items = [d for d in ri.index.items(site.id, lang) if d.type in ("news", "legal", "directive")]
    items = sort_documents(items)[:20]
    home = link.absolute(site.id, lang)
    entries = []
    latest = ""
    for doc in items:
        pub = v.item_publication(doc, ri.index, ri.facts)
        first = pub.first or doc.values.get("date") or doc.values.get("issued_date")
        published, updated = iso_moment(first), _last_changed(ri, doc) or iso_moment(first)
        latest = max(latest, updated, key=_instant) if latest else updated
        url = link.absolute(doc.site, lang, p.item_path(doc))
        summary = doc.values.get("summary") or doc.values.get("abstract") or ""
        entries.append(f"<entry><title>{escape(doc.title)}</title><link href=\"{escape(url)}\"/>"
                       f"<id>{escape(url)}</id><published>{published}</published><updated>{updated}</updated>"
                       f"<summary>{escape(summary)}</summary></entry>\n")
    updated = latest or "2000-01-01T00:00:00+07:00"
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
            f'xml:lang="{lang}">\n<title>{escape(pick(site.name, lang))}</title>\n'
            f'<link href="{escape(home)}"/>\n<id>{escape(home)}</id>\n<updated>{updated}</updated>\n'
            + "".join(entries) + "</feed>\n").encode()


def _instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _search_shard_urls(ri: RenderInput, site: SiteConfig, lang: str, link: v.Linker) -> list[dict]:
    """Shards a search page reads, in order: its own; on the portal, then every component site's
    (fetched from their hosts, which must allow it: Access-Control-Allow-Origin on /tim-kiem/*.json)."""
    sites = [site] + ([s for s in ri.config.sites.values() if s is not site] if site.kind == "portal" else [])
    urls = []
    for other in sites:
        if other is not site and other.edition(lang) is None:
            continue
        count = len(p.search_shards(ri.index, other.id, lang))
        urls += [{"url": link.url(other.id, lang, f"{p.search_path(lang)}shard-{n}.json")} for n in range(count)]
    return urls


def _search_shard(ri: RenderInput, site: SiteConfig, lang: str, page: p.Page, link: v.Linker) -> bytes:
    refs = p.search_shards(ri.index, site.id, lang)[page.number]
    docs = [ri.index.get(ref, lang) for ref in refs]
    entries = [item_entry(d.id, d.type, d.values, d.body_html) for d in docs]
    store = {}
    for d in docs:
        summary = v.item_summary(d, link, ri.index)
        store[d.id] = {"t": d.title, "u": link.absolute(d.site, d.lang, p.item_path(d)), "k": summary["type_label"],
                       "d": summary["date_text"],
                       "s": summary["summary"][:SUMMARY_CHARS], "n": summary["site_name"]}
    cache = ParseCache(ri.cache_dir)
    try:
        return shard_bytes(entries, store, cache)
    finally:
        cache.close()


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


def _facets(rows: list[dict]) -> dict:
    """The values each filter of the lookup offers, from the documents themselves."""
    def values(key: str) -> list[str]:
        return sorted({row[key] for row in rows if row[key]}, key=lambda x: (fold_vi(x), x))
    effects = sorted({(row["effect"]["code"], row["effect"]["label"]) for row in rows})
    return {"doc_form": values("doc_form"), "issuing_authority": values("issuing_authority"),
            "field": values("field"), "year": sorted({row["year"] for row in rows}, reverse=True),
            "effect": [{"code": code, "label": label} for code, label in effects]}


def iso_moment(moment) -> str:
    text = iso(moment)
    return text if "T" in text else text + "T00:00:00+07:00"


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


# --- pages that are data (JSON, XML): page → bytes -----------------------------------------------

def _record_page(c: PageCall) -> bytes:
    return _record(c.ri.index.get(c.page.key, c.lang), c.link, c.ri)


def _sitemap_page(c: PageCall) -> bytes:
    # A withdrawn item keeps its page for whoever has the address, but is no longer offered to be found.
    index = c.ri.index
    return _sitemap(c.ri, [pg for pg in c.ri.pages if pg.site == c.site.id and pg.lang == c.lang and not (
        pg.kind == "item" and index.get(pg.key, c.lang).status == "withdrawn")], c.link, c.site)


def _feed_page(c: PageCall) -> bytes:
    return _feed(c.ri, c.site, c.lang, c.link)


def _search_shard_page(c: PageCall) -> bytes:
    return _search_shard(c.ri, c.site, c.lang, c.page, c.link)


def _lookup_index_page(c: PageCall) -> bytes:
    entries = [legal_entry(d.id, d.values, d.body_html) for d in lookup_documents(c.ri, c.site, c.lang)]
    return (json.dumps(build_index(entries), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
            + "\n").encode()


DATA_PAGES = {
    "record": _record_page, "sitemap": _sitemap_page, "feed": _feed_page,
    "search_shard": _search_shard_page, "lookup_index": _lookup_index_page,
}


# --- HTML pages: fill the context, return the template's name ---------------------------------------

def _type_crumb(c: PageCall, type_name: str) -> dict:
    return {"title": CONTENT_TYPES[type_name].label[0 if c.lang == "vi" else 1],
            "url": c.link.url(c.site.id, c.lang, p.list_path(type_name, c.lang))}


def _item_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    ctx["breadcrumbs"].append(_type_crumb(c, doc.type))
    ctx.update(item=v.item_view(doc, c.link, c.ri.index, c.ri.facts), title=doc.title,
               description=doc.values.get("summary") or doc.values.get("abstract") or "")
    return f"{doc.type}.html"


def _list_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    page, lang = c.page, c.lang
    ctype = CONTENT_TYPES[page.type]
    ctx.update(title=ctype.label[0 if lang == "vi" else 1],
               listing=_listing(c.ri.index.items(c.site.id, lang, page.type), page, ctype.page_size, c.link, c.ri,
                                lambda n: p.list_path(page.type, lang, n)))
    return "list.html"


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
    items = [d for d in c.ri.index.items(c.site.id, lang, "legal") if d.values.get("field") == page.key]
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
    shards = _search_shard_urls(c.ri, c.site, c.lang, c.link)
    ctx.update(title=ctx["t"]["search"], shards_json=json.dumps(shards),
               search_url=c.link.url(c.site.id, c.lang, p.search_path(c.lang)))
    return "search.html"


def _lookup_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    lang = c.lang
    rows = [v.lookup_row(d, c.link, c.ri.index) for d in lookup_documents(c.ri, c.site, lang)]
    ctx["breadcrumbs"].append(_type_crumb(c, "legal"))
    ctx.update(title=ctx["t"]["lookup"], rows=rows, facets=_facets(rows),
               index_url=c.link.url(c.site.id, lang, p.lookup_path(lang) + "index.json"),
               lookup_url=c.link.url(c.site.id, lang, p.lookup_path(lang)))
    return "lookup.html"


def _directory_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    ctx.update(title=ctx["t"]["directory"], groups=_directory(c.ri.config, c.lang, c.link))
    return "directory.html"


def _not_found_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    ctx.update(title=ctx["t"]["not_found"])
    return "404.html"


def _gone_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    ctx.update(title=ctx["t"]["gone"])
    return "410.html"


def _home_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    ctx.update(title=ctx["site"]["name"], home=_home(c.ri, c.site, c.lang, c.link))
    return "portal_home.html" if c.site.kind == "portal" else "home.html"


HTML_PAGES = {
    "item": _item_page, "list": _list_page, "tag": _tag_page, "field": _field_page, "tags": _tags_page,
    "search": _search_page, "lookup": _lookup_page, "directory": _directory_page,
    "not_found": _not_found_page, "gone": _gone_page, "home": _home_page,
}


def render_page(env: jinja2.Environment, ri: RenderInput, page: p.Page, shared: dict | None = None) -> bytes:
    """One page's bytes; ``shared`` is the edition's ``edition_context`` when the caller has it."""
    site = ri.config.sites[page.site]
    call = PageCall(ri, page, site, v.Linker(ri.config, site.edition(page.lang)))
    data = DATA_PAGES.get(page.kind)
    if data is not None:
        return data(call)
    doc = ri.index.get(page.key, page.lang) if page.kind == "item" else None
    ctx = _base_context(shared or edition_context(env, ri, site, page.lang, call.link), ri, site, page, call.link,
                        doc)
    template = HTML_PAGES[page.kind](call, ctx, doc)
    return env.get_template(template).render(ctx).encode()


def render_site(env: jinja2.Environment, root: Path, ri: RenderInput, site_id: str,
                timings: dict[str, float] | None = None) -> tuple[list[tuple[str, bytes | Path]], list[PageFailure]]:
    """Every output file of one site's editions: (path under the output folder, bytes or a file to copy),
    and the pages that could not be rendered (a layout's error, or the tool's).

    ``timings``, when given, gathers the CPU seconds spent on each kind of page."""
    site = ri.config.sites[site_id]
    failures: list[PageFailure] = []

    def failed(exc: Exception, page: str, source: str) -> None:
        failures.append(page_failure(exc, page, source, root, tool_layouts().parent, layout_folders(root)))

    shared: dict[str, dict] = {}
    for e in site.editions:
        try:
            shared[e.lang] = edition_context(env, ri, site, e.lang, v.Linker(ri.config, e))
        except Exception as exc:  # noqa: BLE001 - reported as data, the build fails once with all of them
            failed(exc, f"every page of {e.out_dir}/", site.path)
    out: list[tuple[str, bytes | Path]] = []
    for page in ri.pages:
        if page.site == site_id and page.lang in shared:
            started = time.process_time()
            name = f"{site.edition(page.lang).out_dir}/{page.out_file}"
            try:
                out.append((name, render_page(env, ri, page, shared[page.lang])))
            except Exception as exc:  # noqa: BLE001 - as above
                doc = ri.index.get(page.key, page.lang) if page.kind == "item" else None
                failed(exc, name + (f" (from {doc.path})" if doc else ""), doc.path if doc else site.path)
            if timings is not None:
                timings[page.kind] = timings.get(page.kind, 0.0) + time.process_time() - started
    for copy in ri.copies:
        if copy.site == site_id:
            out.append((f"{site.edition(copy.lang).out_dir}/{copy.path}", root / copy.source))
    hosts = sorted({e.out_dir.split("/")[0] for e in site.editions})
    for host in hosts:
        for rel, path in asset_files(root):
            out.append((f"{host}/assets/{rel}", path))
    out.sort(key=lambda x: x[0])
    return out, failures
