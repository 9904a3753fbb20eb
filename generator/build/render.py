"""Render: turn planned pages into bytes with Jinja2 (StrictUndefined).

Templates come from the content repository's ``layouts/`` first, then the
tool's own ``layouts/``. One site is one unit of work: ``render_site`` returns
every output file of that site's editions as (path, bytes), sorted, and the pages that failed
(``layout_errors.PageFailure``, plain data that crosses from a worker process).
"""
from __future__ import annotations

import dataclasses
import shutil
import sys
import time
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..core.diagnostics import Diagnostic
from ..model.config import Config, SiteConfig
from ..model.i18n import LANGUAGE_NAMES, OG_LOCALES, pick, words
from ..model.identity import theme_css
from ..model.site_names import governing_agency
from . import images
from . import plan as p
from . import views as v
from .catalogue import catalogue_path
from .data_pages import DATA_PAGES, FILE_SET_PAGES
from .documents import Document
from .html_pages import HTML_PAGES
from .interaction import interaction_links
from .kept_items import FileVersions
from .layout_errors import PageFailure, layout_problems, page_failure
from .memo import (
    COPY_TOKEN,
    DEFERRED,
    Fingerprints,
    HostTraces,
    Memo,
    Trace,
    TracedIndex,
    TracedPages,
    contents_digest,
    file_digest,
    page_digest,
    tool_hash,
)
from .output import Reuse
from .page_input import PageCall, RenderInput
from .tool_files import SEARCH_VI_JS, lunr_js, tool_layouts


def layout_folders(root: Path) -> list[Path]:
    """Where layouts are looked up, first match wins: the repository's overrides, then the tool's."""
    return [path for path in (root / "layouts", tool_layouts()) if path.is_dir()]


def make_environment(root: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(path) for path in layout_folders(root)]), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        bytecode_cache=compiled_layouts(),
    )
    return env


class _CompiledLayouts(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled layouts in a folder, when it can be read and written: a folder that
    cannot be (a read-only installation) only costs the compiling."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


@lru_cache(maxsize=1)
def compiled_layouts() -> jinja2.BytecodeCache | None:
    """Where Jinja keeps what it compiles the layouts to (Python code), from one build to the next: beside
    the generator's own code, in its ``__pycache__``, as Python keeps a module's compiled code, in a folder
    named by the tool's hash (its code, layouts and libraries, Jinja among them). Jinja takes a layout's
    code only for the source it was compiled from (a hash of it is stored with it). Each process that
    renders compiled the layouts its pages use, about 0.1 s after one edit at 10,000 items.

    Never in the build's cache folder: its contents are data that reading never runs (core/cache.py),
    and a CI cache can be restored from another branch's run; this folder is the installed tool's own,
    written by whoever can write its code. None (compiled each time) where it cannot be made, or where
    Python writes no compiled code (``PYTHONDONTWRITEBYTECODE``, ``-B``)."""
    if sys.dont_write_bytecode:
        return None
    folder = Path(__file__).resolve().parent / "__pycache__" / f"layouts-{tool_hash()[:16]}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    for other in folder.parent.glob("layouts-*"):  # an earlier tool's
        if other != folder:
            shutil.rmtree(other, ignore_errors=True)
    return _CompiledLayouts(str(folder))


def check_layouts(root: Path, cache_dir: Path | None = None) -> list[Diagnostic]:
    """Layouts Jinja cannot read (syntax errors, not UTF-8), before any page is rendered; not read
    again while they and the generator are as when a build last found none (``cache_dir``)."""
    return layout_problems(make_environment(root), layout_folders(root), root, tool_layouts().parent,
                           cache_dir, tool_hash() if cache_dir is not None else "")


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
        "governing": governing_agency(site, prov, lang),
        "official_name": pick(profile.get("official_name") or {}, lang),
        # the line a reuser must write (statement 54): on every edition of every site, as the profile words it
        "reuse_lines": list(profile.get("reuse_lines") or ()),
        "links": [{"name": pick(link["name"], lang) if isinstance(link["name"], dict) else link["name"],
                   "url": link["url"]} for link in profile.get("national_links") or ()],
        "hotline": _hotline(site, profile, contact), "contact": contact,
        "social": list(prov.social),
    }


def _hotline(site: SiteConfig, profile, contact: dict) -> str:
    """The footer's hotline: on the portal, the one the regulation puts at its foot (the profile's
    ``footer_hotline``); on a component site, the site's own first."""
    own = v.contact_view(site.contact)["hotline"]
    first, then = (profile.get("footer_hotline"), own) if site.kind == "portal" else (own, profile.get("footer_hotline"))
    return first or then or contact.get("hotline", "")


THEME_CSS = "theme.css"  # under a themed site's /assets/


def _brand_view(ri: RenderInput, site: SiteConfig, lang: str, link: v.Linker) -> dict:
    """The header's identity: the logo and banner (served from the host's /assets/brand/), the agency
    named above the site's name, the theme's stylesheet, the edition's search page."""
    def image(found) -> dict | None:
        return {"url": "/assets/" + found.served_name, "width": found.width, "height": found.height} \
            if found is not None else None
    return {"logo": image(site.logo), "banner": image(site.banner),
            "agency": pick(ri.config.province.governing_agency, lang),
            "theme_css": "/assets/" + THEME_CSS if site.theme else "",
            "search_url": link.url(site.id, lang, p.search_path(lang))}


def edition_context(env: jinja2.Environment, ri: RenderInput, site: SiteConfig, lang: str, link: v.Linker) -> dict:
    """What every page of one edition shares, computed once per edition: views and the footer's HTML."""
    shared = {
        "lang": lang, "t": words(lang), "site": v.site_view(site, lang, link),
        "province": _province_view(ri.config, site, lang), "portal": v.site_view(ri.config.portal, lang, link),
        "nav": v.nav_view(site, lang, link, ri.index), "assets": "/assets/", "emc": site.emc,
        "language_names": LANGUAGE_NAMES, "interaction": interaction_links(site, lang, link),
        "brand": _brand_view(ri, site, lang, link),
    }
    portal_lang = (ri.config.portal.edition(lang) or ri.config.portal.editions[0]).lang
    shared["catalogue_url"] = link.url(ri.config.portal.id, portal_lang, catalogue_path(portal_lang))
    shared["footer_html"] = Markup(env.get_template("footer.html").render(shared))
    return shared


def _base_context(shared: dict, ri: RenderInput, site: SiteConfig, page: p.Page, link: v.Linker,
                  doc: Document | None) -> dict:
    lang = page.lang
    # The menu entry a page belongs to is the one with the longest path the page's path starts with;
    # its group is marked too.
    links = [e for entry in shared["nav"] for e in (entry["entries"] or [entry])]
    matching = [e["path"] for e in links if e["path"] is not None and (
        page.path == e["path"] or (e["path"] and page.path.startswith(e["path"])))]
    current = max(matching, key=len, default=None)

    def mark(entry: dict) -> dict:
        entries = [mark(e) for e in entry["entries"]]
        return dict(entry, entries=entries, current=any(e["current"] for e in entries) or (
            entry["path"] is not None and entry["path"] == current))
    nav = [mark(entry) for entry in shared["nav"]]
    alternates = v.alternates(site, lang, link, ri.index, doc)
    # for search engines, only the editions that hold this page (the item's translations; the homes):
    # the switcher's link to another edition's home is no translation of a page it lacks
    same = [a for a in alternates if a["current"] or a["same_item"] or page.kind == "home"]
    same = same if len(same) > 1 else []
    return {
        **shared, "nav": nav, "alternates": alternates, "same_page": same,
        "canonical": link.absolute(site.id, lang, page.path), "description": "",
        # Open Graph and Twitter card: what a shared link shows (an item's page adds its picture)
        "og": {"type": "website", "locale": OG_LOCALES.get(lang, lang),
               "alternates": [OG_LOCALES.get(a["lang"], a["lang"]) for a in same if not a["current"]],
               "image": "", "image_alt": ""},
        "breadcrumbs": [{"title": shared["t"]["home"], "url": shared["site"]["url"]}],
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
    return env.get_or_select_template(template).render(ctx).encode()


def _edition_dirs(site: SiteConfig) -> dict[str, str]:
    """Each edition's folder in the output, by language, with its trailing slash."""
    return {e.lang: f"{e.out_dir}/" for e in site.editions}


def _copies(root: Path, ri: RenderInput, site: SiteConfig, traces: dict[str, Trace] | None = None,
            ) -> list[tuple[str, bytes | Path | Reuse]]:
    """A site's files beside its pages: attachments as they are, and the renditions of its images,
    each original decoded at most once (and not at all when the cache holds its renditions, or when
    the last good build has them from the same original: ``traces`` with ``ri.memo``)."""
    memo = ri.memo if traces is not None else None
    out: list[tuple[str, bytes | Path | Reuse]] = []
    resized: dict[str, list[p.Copy]] = {}
    edition_dir = _edition_dirs(site)
    for copy in ri.site_copies.get(site.id, ()):
        if copy.width:
            resized.setdefault(copy.source, []).append(copy)
        else:
            out.append((edition_dir[copy.lang] + copy.path, root / copy.source))
    versions = _versions(root, ri)
    for source, copies in sorted(resized.items()):
        names = [edition_dir[c.lang] + c.path for c in copies]
        if memo is not None:
            reused = [_copied(memo, versions, name, root / source, traces, f"{c.width}x{c.height}.{c.fmt}")
                      for c, name in zip(copies, names)]
            if all(reused):
                out += zip(names, reused)
                continue
        wanted = [images.Rendition(c.path.rsplit("/", 1)[-1], c.width, c.height, c.fmt) for c in copies]
        out += zip(names, images.make(root / source, wanted, ri.cache_dir))
    return out


def _traced(ri: RenderInput, reads: set) -> RenderInput:
    """The render input whose index and pages note what is read of them into ``reads`` (memo.py)."""
    return dataclasses.replace(ri, index=TracedIndex(ri.index, reads), pages=TracedPages(ri.pages, reads))


def _reused(memo: Memo, prints: Fingerprints, page: p.Page, name: str) -> Trace | None:
    """The last good build's trace of this page when everything it read is as it was and its files are there."""
    if memo.folder is None:
        return None
    return memo.traces.reusable(name, page_digest(memo.base, page.ident), prints)


def _unchanged_hosts(memo: Memo, prints: Fingerprints, site: SiteConfig) -> dict[str, HostTraces]:
    """The last build's traces of each edition's host whose planned pages and reads are all as they
    were, by language: its pages reused without a check of their own."""
    if memo.folder is None:
        return {}
    found = {}
    for e in site.editions:
        traced = memo.traces.of_host(e.host)
        if traced.unchanged(memo.hosts_now.get(e.host, ""), prints):
            found[e.lang] = traced
    return found


def _deferred(memo: Memo, name: str) -> Trace | None:
    """The dev server's first pass: the last files of a search index, marked to be rendered next time."""
    trace = memo.traces.get(name) if memo.defer_file_sets else None
    if trace is None or not memo.holds(trace.files):
        return None
    return Trace(DEFERRED, trace.tokens, trace.files)


def render_site(env: jinja2.Environment, root: Path, ri: RenderInput, site_id: str,
                timings: dict[str, float] | None = None, traces: dict[str, Trace] | None = None,
                whole: dict[str, list[str]] | None = None,
                ) -> tuple[list[tuple[str, bytes | Path | Reuse]], list[PageFailure]]:
    """Every output file of one site's editions: (path under the output folder, bytes, a file to copy or
    one of the last good output to reuse), and the pages that could not be rendered (a layout's error,
    or the tool's).

    ``timings``, when given, gathers the CPU seconds spent on each kind of page; ``traces``, when
    given with ``ri.memo``, receives each page's trace (what it read), keyed by its output path, but
    those of the pages of a host whose pages and reads are all as they were (memo.HostTraces.unchanged):
    their names go to ``whole``, by host, and their traces stay in the last build's file."""
    site = ri.config.sites[site_id]
    failures: list[PageFailure] = []
    memo = ri.memo if traces is not None else None
    prints = Fingerprints(ri.index, ri.facts, memo.pages_print,
                          {(site_id, e.lang): memo.hosts_now.get(e.host, "?") for e in site.editions}) \
        if memo is not None else None

    def failed(exc: Exception, page: str, source: str) -> None:
        failures.append(page_failure(exc, page, source, root, tool_layouts().parent, layout_folders(root)))

    shared: dict[str, dict] = {}
    edition_reads: dict[str, set] = {}
    for e in site.editions:
        edition_reads[e.lang] = set()
        try:
            shared[e.lang] = edition_context(env, _traced(ri, edition_reads[e.lang]) if memo else ri, site, e.lang,
                                             v.Linker(ri.config, e))
        except Exception as exc:  # noqa: BLE001 - reported as data, the build fails once with all of them
            failed(exc, f"every page of {e.out_dir}/", site.path)
        if prints is not None:
            prints.editions[(site_id, e.lang)] = tuple(sorted(edition_reads[e.lang]))
    out: list[tuple[str, bytes | Path | Reuse]] = []
    unchanged = _unchanged_hosts(memo, prints, site) if memo is not None and whole is not None else {}
    edition_dir = _edition_dirs(site)
    last = f"{memo.folder}/" if memo is not None else ""  # (the last output's files, reused)
    for page in ri.site_pages.get(site_id, ()):
        if page.lang in shared:
            name = edition_dir[page.lang] + page.out_file
            traced = unchanged.get(page.lang)
            if traced is not None and (made := traced.files.get(name)) is not None:
                out += [(f, Reuse(last + f)) for f in made]
                whole.setdefault(name.split("/", 1)[0], []).append(name)
                continue
            if memo is not None and ((trace := _reused(memo, prints, page, name)) is not None
                                     or (page.kind in FILE_SET_PAGES and (trace := _deferred(memo, name)))):
                out += [(f, Reuse(last + f)) for f in trace.files]
                traces[name] = trace
                continue
            started = time.process_time()
            reads = {("edition", site_id, page.lang)}
            pri = _traced(ri, reads) if memo is not None else ri
            try:
                if page.kind in FILE_SET_PAGES:  # many files: the search index
                    folder = name.rsplit("/", 1)[0]
                    call = PageCall(pri, page, site, v.Linker(ri.config, site.edition(page.lang)))
                    made = [(f"{folder}/{rel}", data) for rel, data in FILE_SET_PAGES[page.kind](call)]
                else:
                    made = [(name, render_page(env, pri, page, shared[page.lang]))]
                out += made
                if memo is not None:
                    tokens = tuple(sorted(reads))
                    traces[name] = Trace(page_digest(memo.base, page.ident), tokens, tuple(f for f, _ in made),
                                         prints.prints_of(tokens))
            except Exception as exc:  # noqa: BLE001 - as above
                doc = ri.index.get(page.key, page.lang) if page.kind == "item" else None
                failed(exc, name + (f" (from {doc.path})" if doc else ""), doc.path if doc else site.path)
            if timings is not None:
                timings[page.kind] = timings.get(page.kind, 0.0) + time.process_time() - started
    out += _copies(root, ri, site, traces)
    hosts = sorted({e.out_dir.split("/")[0] for e in site.editions})
    for host in hosts:
        for rel, path in asset_files(root):
            out.append((f"{host}/assets/{rel}", path))
        out += [(f"{host}/assets/{image.served_name}", image.source) for image in {site.logo, site.banner} - {None}]
        if site.theme:
            out.append((f"{host}/assets/{THEME_CSS}", theme_css(site.theme).encode()))
    if memo is not None:  # files copied as they are: linked from the last output while their source is unchanged
        versions = _versions(root, ri)
        out = [(name, _copied(memo, versions, name, data, traces) or data) if isinstance(data, Path) else (name, data)
               for name, data in out]
    out.sort(key=lambda x: x[0])
    return out, failures


def _versions(root: Path, ri: RenderInput) -> FileVersions:
    """The build's FileVersions (the memo's: one per process), or one of its own."""
    found = ri.memo.versions if ri.memo is not None else None
    return found if found is not None else FileVersions(root, ri.cache_dir)


def _same(trace: Trace) -> Trace:
    """The same trace, but not the last build's object: not counted as a page reused (Memo.reused)."""
    return Trace(trace.digest, trace.tokens, trace.files, trace.prints)


def _copied(memo: Memo, versions: FileVersions, name: str, source: Path, traces: dict[str, Trace],
            made: str = "") -> Reuse | None:
    """The last output's ``name``, made from ``source`` (copied as it is, or its rendition ``made``), when
    it is still what this build would make; its trace into ``traces``. A trace is named by the source's
    size and time, and holds as its token what the source held (a FileVersions hash) when it was read:
    a source whose time changed (a fresh checkout) but not its contents is not copied again, and its
    trace stays as it was, so that its host's traces file stands (CI's checkout gives every file a new
    time at every run: a new trace each would write every host's file again and send every trace back
    from the workers)."""
    st = source.stat()
    digest = file_digest(memo.base, source, st.st_size, st.st_mtime_ns, made)
    old = memo.traces.get(name)
    if old is not None and old.digest == digest:
        traces[name] = _same(old)
        return Reuse(f"{memo.folder}/{name}", -1 if made else st.st_size)
    version = versions.of(source, st)
    tokens = ((COPY_TOKEN, contents_digest(memo.base, made, version)),) if version else ()
    if old is not None and tokens and old.tokens == tokens:
        traces[name] = _same(old)
        return Reuse(f"{memo.folder}/{name}", -1 if made else st.st_size)
    traces[name] = Trace(digest, tokens, (name,))
    return None
