"""Plan: for each site and edition, every page to emit with its URL.

Two claims on one output path are an error naming both sources, and so is a
path that would land outside the output folder (a host folder that is no host
name, a `..` or an empty segment): the configuration is checked before, this is
the last guard before anything is written. Pages are plain records; rendering
them is the next stage's job.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.diagnostics import Diagnostic, error
from ..core.fields import is_host_name
from ..core.textcheck import slugify_vi
from ..model.config import Config, Edition, SiteConfig
from ..model.content_types import CONTENT_TYPES
from ..model.forms import PAGE_FORMS, form_path
from .catalogue import catalogue_path
from .documents import Document
from .images import renditions
from .index import ContentIndex, tag_key
from .kinds import kind_path, kinds_listed
from .types.planning import plan_hooks


@dataclass(frozen=True)
class Page:
    site: str
    lang: str
    path: str            # relative to the edition's base URL: "", "tin-tuc/", "tin-tuc/abc/"
    kind: str            # home, item, record, list, kind, tags, tag, field, directory, catalogue, not_found,
                         # gone, sitemap, feed, form_question, form_petition, form_rating (the forms' pages), …
    source: str          # the file or rule that asks for this page
    type: str = ""
    number: int = 1      # page number of a listing
    pages: int = 1       # number of pages of that listing
    key: str = ""        # item id, tag or field slug

    @property
    def out_file(self) -> str:
        return self.path if self.path.endswith((".html", ".xml", ".json")) else self.path + "index.html"

    @property
    def ident(self) -> str:
        """Every field as one text: what a page's trace and the plan's fingerprint name it by (memo.py),
        made for tens of thousands of pages per build faster than ``repr``. (Not cached: asked once or
        twice a page, and a cached_property's first access costs twice the join.)"""
        return "\x1f".join((self.site, self.lang, self.path, self.kind, self.source, self.type, str(self.number),
                             str(self.pages), self.key))


@dataclass(frozen=True)
class Copy:
    site: str
    lang: str
    path: str            # relative to the edition's base URL
    source: str          # repository-relative file
    width: int = 0       # a rendition of an image (images.make): its size and format; 0 for the file as it is
    height: int = 0
    fmt: str = ""


def segment(type_name: str, lang: str) -> str:
    return CONTENT_TYPES[type_name].segment[0 if lang == "vi" else 1]


def slot(lang: str, vi: str, other: str) -> str:
    return vi if lang == "vi" else other


def item_path(doc: Document) -> str:
    return f"{segment(doc.type, doc.lang)}/{doc.slug}/"


def list_path(type_name: str, lang: str, number: int = 1) -> str:
    base = f"{segment(type_name, lang)}/"
    return base if number == 1 else f"{base}{slot(lang, 'trang', 'page')}/{number}/"


def feed_path(type_name: str, lang: str) -> str:
    """A type's own feed beside its listing: /cong-bao/feed.xml (the site's feed is /feed.xml)."""
    return list_path(type_name, lang) + "feed.xml"


def tags_path(lang: str) -> str:
    return slot(lang, "chu-de/", "tags/")


def tag_path(tag: str, lang: str, number: int = 1) -> str:
    base = f"{tags_path(lang)}{tag_key(tag)}/"
    return base if number == 1 else f"{base}{slot(lang, 'trang', 'page')}/{number}/"


def field_path(field_name: str, lang: str) -> str:
    return f"{segment('legal', lang)}/{slot(lang, 'linh-vuc', 'fields')}/{slugify_vi(field_name) or 'khac'}/"


def lookup_path(lang: str) -> str:
    """The document lookup (tra cứu văn bản) of an edition."""
    return f"{segment('legal', lang)}/{slot(lang, 'tra-cuu', 'lookup')}/"


def search_path(lang: str) -> str:
    return slot(lang, "tim-kiem/", "search/")


def year_of(doc: Document) -> int:
    moment = CONTENT_TYPES[doc.type].date_of(doc.values)
    return moment.year if moment else 0


def directory_path(lang: str) -> str:
    return slot(lang, "trang-thanh-phan/", "component-sites/")


def page_count(count: int, size: int) -> int:
    return max(1, -(-count // size))


def plan_edition(site: SiteConfig, edition: Edition, index: ContentIndex, is_portal: bool,
                 documents: list[Document]):
    """Pages of one edition; `documents` are the edition's visible items (withdrawn ones too)."""
    lang = edition.lang
    pages = [Page(site.id, lang, "", "home", site.path),
             Page(site.id, lang, "404.html", "not_found", site.path),
             Page(site.id, lang, "410.html", "gone", site.path),  # what a taken-down address shows
             Page(site.id, lang, "sitemap.xml", "sitemap", site.path),
             Page(site.id, lang, "feed.xml", "feed", site.path)]
    copies: list[Copy] = []
    if is_portal:
        pages.append(Page(site.id, lang, directory_path(lang), "directory", site.path))
        pages.append(Page(site.id, lang, catalogue_path(lang), "catalogue", site.path))
        pages.append(Page(site.id, lang, catalogue_path(lang) + "index.json", "catalogue_json", site.path))
    pages += [Page(site.id, lang, form_path(form, lang), f"form_{form.kind}", site.path) for form in PAGE_FORMS]
    tags: dict[str, int] = {}
    legal_fields: dict[str, str] = {}
    for doc in documents:
        path = item_path(doc)
        pages.append(Page(site.id, lang, path, "item", doc.path, doc.type, key=doc.id))
        pages.append(Page(site.id, lang, path + "index.json", "record", doc.path, doc.type, key=doc.id))
        for attachment in [*doc.attachments, *doc.images.values(), *doc.body_files]:
            copies.append(Copy(site.id, lang, path + attachment.name, attachment.source))
            copies += [Copy(site.id, lang, path + r.name, attachment.source, r.width, r.height, r.fmt)
                       for r in renditions(attachment.name, attachment.width, attachment.height, attachment.fallback)]
        if doc.status == "published":
            for tag in doc.values.get("tags", ()):
                tags[tag_key(tag)] = tags.get(tag_key(tag), 0) + 1
            if doc.type == "legal" and doc.values.get("field"):
                legal_fields[slugify_vi(doc.values["field"])] = doc.values["field"]
    for type_name, ctype in CONTENT_TYPES.items():
        count = len(index.items(site.id, lang, type_name))
        # the portal's document lookup (below) is always there, and its way back is the documents' list
        if not count and not (is_portal and type_name == "legal"):
            continue
        total = page_count(count, ctype.page_size)
        if ctype.feed:
            pages.append(Page(site.id, lang, feed_path(type_name, lang), "feed", site.path, type_name))
        if (listing := plan_hooks(ctype).listing) is not None:  # the work schedule: current week, index of weeks
            pages += [Page(site.id, lang, x.path, x.kind, site.path, type_name, x.number, x.pages, x.key)
                      for x in listing(type_name, lang, total)]
            continue
        for number in range(1, total + 1):
            pages.append(Page(site.id, lang, list_path(type_name, lang, number), "list", site.path,
                              type_name, number, total))
    pages += [Page(site.id, lang, kind_path(type_name, key, lang), "kind", site.path, type_name, key=key)
              for type_name, key, _ in kinds_listed(index, site.id, lang)]
    if tags:
        pages.append(Page(site.id, lang, tags_path(lang), "tags", site.path))
        for tag in sorted(tags):
            total = page_count(tags[tag], CONTENT_TYPES["news"].page_size)
            for number in range(1, total + 1):
                pages.append(Page(site.id, lang, tag_path(tag, lang, number), "tag", site.path,
                                  number=number, pages=total, key=tag))
    pages.append(Page(site.id, lang, search_path(lang), "search", site.path))
    # the index's files (search.index_files): meta.json, then chunks/ and docs/ beside it
    pages.append(Page(site.id, lang, f"{search_path(lang)}meta.json", "search_index", site.path))
    if is_portal or index.items(site.id, lang, "legal"):
        pages.append(Page(site.id, lang, lookup_path(lang), "lookup", site.path, "legal"))
    for slug in sorted(legal_fields):
        pages.append(Page(site.id, lang, field_path(legal_fields[slug], lang), "field", site.path,
                          "legal", key=legal_fields[slug]))
    for type_name, ctype in CONTENT_TYPES.items():  # the types' own pages: the Q&A lookup, by field, by state
        if (more := plan_hooks(ctype).pages) is not None:
            pages += [Page(site.id, lang, x.path, x.kind, site.path, type_name, x.number, x.pages, x.key)
                      for x in more(type_name, site.id, lang, index, is_portal)]
    return pages, copies


def inside_output(full: str, hosts: dict[str, bool] | None = None) -> bool:
    """Whether an output path stays in its host's folder of the output: `host/a/b.html`, nothing
    absolute, no `.`, `..` or empty segment, no backslash, a host name first (``hosts``: the answers
    for the host names seen so far, an edition's pages sharing theirs)."""
    parts = full.split("/")
    if len(parts) < 2 or "\\" in full or "\0" in full or "" in parts or "." in parts or ".." in parts:
        return False
    if hosts is None:
        return is_host_name(parts[0])
    if parts[0] not in hosts:
        hosts[parts[0]] = is_host_name(parts[0])
    return hosts[parts[0]]


def _collision(full: str, source: str, owner: str) -> Diagnostic:
    """Two claims on one output file; an item against a page the site makes (a form, a lookup) is the
    item's to rename, said at the item."""
    item, page = (source, owner) if owner.startswith("sites/") else (owner, source)
    if item.startswith("content/") and page.startswith("sites/"):
        return error(item, 1, "url.collision", f"its address ({full}) is a page the site makes itself ({page}); "
                     "the name is reserved: rename the item's file")
    return error(source, 1, "url.collision", f"output {full} is also claimed by {owner}; rename one of them")


def plan(config: Config, index: ContentIndex, only: frozenset[str] | None = None):
    """All pages and file copies of the selected sites; collisions become diagnostics."""
    pages: list[Page] = []
    copies: list[Copy] = []
    by_edition: dict[tuple[str, str], list[Document]] = {}
    for (_, lang), doc in index.docs.items():
        by_edition.setdefault((doc.site, lang), []).append(doc)
    for site in config.sites.values():
        if only and site.id not in only:
            continue
        for edition in site.editions:
            p, c = plan_edition(site, edition, index, site.kind == "portal", by_edition.get((site.id, edition.lang), []))
            pages += p
            copies += c
    problems: list[Diagnostic] = []
    owners: dict[str, str] = {}
    editions = {(s.id, e.lang): e for s in config.sites.values() for e in s.editions}
    hosts: dict[str, bool] = {}
    for target in [*pages, *copies]:
        out = target.out_file if isinstance(target, Page) else target.path
        full = f"{editions[(target.site, target.lang)].out_dir}/{out}"
        if not inside_output(full, hosts):
            problems.append(error(target.source, 1, "output.outside",
                                  f"output {full} would be written outside its host's folder of the "
                                  "output; nothing was written. Check the site's slug, languages and the "
                                  "profile's host patterns"))
            continue
        if full in owners and owners[full] != target.source:
            problems.append(_collision(full, target.source, owners[full]))
            continue
        owners.setdefault(full, target.source)
    return pages, copies, problems
