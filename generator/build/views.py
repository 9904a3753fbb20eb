"""Views: the plain dictionaries templates see, never the internal objects.

``Linker`` knows every edition's address and writes links the way a reader's
browser needs them: root-relative within one host, absolute across hosts.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core import fields as f
from ..core.clock import VN_TZ
from ..model.config import Config, Edition, SiteConfig
from ..model.content_types import CONTENT_TYPES
from ..model.forms import PAGE_FORMS, form_path
from ..model.i18n import (
    LANGUAGE_NAMES,
    format_moment,
    format_money,
    format_period,
    format_size,
    iso,
    pick,
    words,
)
from ..model.site_names import governing_agency, site_name
from ..model.type_spec import MENU_GROUPS
from . import images
from . import plan as p
from .csv_table import table_view
from .documents import Document
from .file_names import in_address
from .gitfacts import GitFacts, Publication, publication
from .index import ContentIndex, legal_effect
from .states import state_view
from .translated import parse_ref, source_state

LEGAL_ROWS = ("doc_form", "issuing_authority", "number_symbol", "issued_date", "effective_date",
              "abstract", "field", "signer", "shortened_procedure")


@dataclass(frozen=True)
class Linker:
    config: Config
    here: Edition

    def edition(self, site_id: str, lang: str) -> Edition:
        site = self.config.sites[site_id]
        return site.edition(lang) or site.editions[0]

    def url(self, site_id: str, lang: str, path: str = "") -> str:
        """Root-relative on the same host, absolute across hosts."""
        target = self.edition(site_id, lang)
        if target.host == self.here.host:
            return target.root_path + path.lstrip("/")
        return target.url(path)

    def absolute(self, site_id: str, lang: str, path: str = "") -> str:
        return self.edition(site_id, lang).url(path)

    def file(self, doc: Document, name: str, absolute: bool = False) -> str:
        """The address of a file published beside an item's page (an attachment, an image): its name
        percent-encoded as gone.txt has it (``file_names.in_address``); on disk it keeps its name."""
        path = p.item_path(doc) + in_address(name)
        return self.absolute(doc.site, doc.lang, path) if absolute else self.url(doc.site, doc.lang, path)


CONTACT_KEYS = ("address", "phone", "hotline", "fax", "email")


def contact_view(*contacts: dict) -> dict:
    """Contact details with every key present, later dictionaries overriding earlier ones."""
    merged = {key: "" for key in CONTACT_KEYS}
    for contact in contacts:
        merged.update({k: str(v) for k, v in (contact or {}).items() if v})
    return merged


def site_view(site: SiteConfig, lang: str, link: Linker) -> dict:
    return {"id": site.id, "kind": site.kind, "name": site_name(site, link.config.province.profile, lang),
            "governing": governing_agency(site, link.config.province, lang),
            "description": pick(site.description, lang) if site.description else "",
            "url": link.url(site.id, lang), "host": site.host, "contact": contact_view(site.contact)}


def tag_views(doc: Document, link: Linker) -> list[dict]:
    return [{"name": tag, "url": link.url(doc.site, doc.lang, p.tag_path(tag, doc.lang))}
            for tag in doc.values.get("tags", ())]


def item_summary(doc: Document, link: Linker, index: ContentIndex) -> dict:
    """What a listing shows of an item."""
    values = doc.values
    ctype = CONTENT_TYPES[doc.type]
    moment = ctype.date_of(values)
    site = link.config.sites[doc.site]
    view = {
        "title": doc.title, "url": link.url(doc.site, doc.lang, p.item_path(doc)), "type": doc.type,
        "type_label": CONTENT_TYPES[doc.type].label[0 if doc.lang == "vi" else 1],
        "summary": ctype.summary_of(values),
        "date_text": format_moment(moment, doc.lang) if moment else "",
        "date_iso": iso(moment) if moment else "", "site_name": site_name(site, link.config.province.profile, doc.lang),
        "site_url": link.url(doc.site, doc.lang), "lang": doc.lang, "sample": values.get("sample", False),
        "position": values.get("position", ""), "unit": values.get("unit", ""), "mark": "",
    }
    if "image" in doc.images:  # a card's thumbnail
        view["image"] = image_view(doc, "image", link)
    if ctype.extra_view is not None:  # e.g. a procedure's change notices and its "recently changed" mark
        view.update(ctype.extra_view(values, doc.lang, index.today))
    if doc.type == "legal":
        view["code"] = f"{values['number']}/{values['symbol']}"
        view["effect"] = effect_view(doc, link, index)
    if ctype.state is not None:
        view["state"] = state_view(doc, index)
    return view


def image_view(doc: Document, key: str, link: Linker) -> dict:
    """An item's picture as ``macros.html``'s ``picture`` shows it: the original's ``url``, its
    ``alt``, and the renditions' ``src``, ``srcset``, ``webp_srcset``, ``width`` and ``height``."""
    found = doc.images[key]
    base = link.url(doc.site, doc.lang, p.item_path(doc))
    return {"url": link.file(doc, found.name), "alt": doc.values[key].alt, "caption": doc.values[key].caption,
            **images.sources(found.name, found.width, found.height, found.fallback, base)}


def effect_view(doc: Document, link: Linker, index: ContentIndex) -> dict:
    t = words(doc.lang)
    effect = legal_effect(doc, index)
    replaced = []
    for item_id in effect.replaced_by:
        other = index.get(item_id, doc.lang) or index.get(item_id, "vi")
        replaced.append({"title": other.title, "url": link.url(other.site, other.lang, p.item_path(other))})
    return {"code": effect.code, "label": t[effect.code], "replaced_by": replaced}


def _relation_views(doc: Document, link: Linker, index: ContentIndex) -> list[dict]:
    out = []
    for relation in ("replaces", "replaced_by", "amends", "amended_by"):
        targets = []
        for item_id in index.related(doc.id, relation):
            other = index.get(item_id, doc.lang) or index.get(item_id, "vi")
            if other is not None:
                targets.append({"title": other.title, "url": link.url(other.site, other.lang, p.item_path(other))})
        if targets:
            out.append({"label": words(doc.lang)[relation], "entries": targets})
    return out


def _legal_rows(doc: Document) -> list[dict]:
    ctype = CONTENT_TYPES["legal"]
    col = 0 if doc.lang == "vi" else 1
    rows = []
    for name in LEGAL_ROWS:
        if name == "number_symbol":
            label = "Số, ký hiệu" if doc.lang == "vi" else "Number and symbol"
            rows.append({"label": label, "value": f"{doc.values['number']}/{doc.values['symbol']}"})
            continue
        value = doc.values.get(name)
        if value is None or value is False:
            continue
        if value is True:
            value = words(doc.lang)["yes"]
        elif isinstance(value, dt.date):
            value = format_moment(value, doc.lang, labelled=True)
        rows.append({"label": ctype.field(name).label[col], "value": value})
    return rows


def _file_views(doc: Document, link: Linker, key: str | None = None) -> list[dict]:
    return [{"url": link.file(doc, a.name), "name": a.name, "ext": a.ext.upper(),
             "size": format_size(a.size, doc.lang), "download_only": a.download_only}
            for a in doc.attachments if key is None or a.field == key]


def table_views(doc: Document, link: Linker) -> list[dict]:
    """Each CSV the item attaches, as the table its page shows (``csv_table``), with its download."""
    out = []
    for number, a in enumerate((a for a in doc.attachments if a.ext == "csv" and a.source), 1):
        view = table_view(link.config.root / a.source, a.name, f"{doc.title} ({a.name})", doc.lang)
        view.update(id=f"bang-so-lieu-{number}", name=a.name, size=format_size(a.size, doc.lang),
                    url=link.file(doc, a.name))
        out.append(view)
    return out


def fact_row(doc: Document, name: str, link: Linker) -> dict | None:
    """One row of an item's table of facts, its value written as readers expect it: dates in the
    administrative form, money grouped in đồng, choices by their label, addresses as links, the
    files of a file field as download links; None when the item does not give the field."""
    ctype = CONTENT_TYPES[doc.type]
    spec = ctype.field(name)
    value = doc.values.get(name)
    if spec is None or value is None or value == () or value == "":
        return None
    col = 0 if doc.lang == "vi" else 1
    row = {"name": name, "label": spec.label[col] or name, "value": "", "href": "", "iso": "", "files": []}
    coerce = spec.coerce
    if spec.file:
        row["files"] = _file_views(doc, link, name)
    elif isinstance(value, (dt.date, dt.datetime)):
        row.update(value=format_moment(value, doc.lang, labelled=True), iso=iso(value))
    elif isinstance(value, f.Period):
        row["value"] = format_period(value, doc.lang)
    elif coerce is f.money:
        row["value"] = format_money(value, doc.lang)
    elif hasattr(coerce, "labels"):
        row["value"] = coerce.labels[value][col]
    elif isinstance(value, bool):
        row["value"] = words(doc.lang)["yes" if value else "no"]
    elif coerce is f.url:
        row.update(value=value, href=value)
    elif coerce is f.email:
        row.update(value=value, href="mailto:" + value)
    elif coerce is f.phone:
        row.update(value=value, href="tel:" + value.replace(" ", "").replace(".", ""))
    elif isinstance(value, tuple):
        row["value"] = "; ".join(str(x) for x in value)
    else:
        row["value"] = str(value)
    return row


def fact_rows(doc: Document, link: Linker) -> list[dict]:
    """The table of facts the type declares (``ContentType.rows``), in its order."""
    return [row for name in CONTENT_TYPES[doc.type].rows if (row := fact_row(doc, name, link)) is not None]


def item_view(doc: Document, link: Linker, index: ContentIndex, facts: GitFacts | None = None) -> dict:
    values = doc.values
    here = p.item_path(doc)
    view = item_summary(doc, link, index)
    view.update(publication_view(doc, facts, index), translation=translation_view(doc, link, index, facts))
    view.update({
        "id": doc.id, "body_html": doc.body_html, "tags": tag_views(doc, link),
        "author": values.get("author", ""), "source": values.get("source", ""),
        "withdrawn": doc.status == "withdrawn", "json_url": link.url(doc.site, doc.lang, here + "index.json"),
        "files": _file_views(doc, link), "tables": table_views(doc, link),
        "relations": _relation_views(doc, link, index), "rows": [], "duties": list(values.get("duties", ())),
        "national_db_url": values.get("national_db_url", ""),
        "event_time": format_moment(values["event_time"], doc.lang) if values.get("event_time") else "",
    })
    for key in ("image", "photo"):
        if key in doc.images:
            view[key] = image_view(doc, key, link)
    if doc.type == "legal":
        view["rows"] = _legal_rows(doc)
    elif CONTENT_TYPES[doc.type].rows:
        view["rows"] = fact_rows(doc, link)
    return view


def alternates(site: SiteConfig, lang: str, link: Linker, index: ContentIndex, doc: Document | None) -> list[dict]:
    """One entry per edition: the same item's translation, or that edition's home page."""
    out = []
    for edition in site.editions:
        target = index.get(doc.id, edition.lang) if doc else None
        path = p.item_path(target) if target else ""
        out.append({"lang": edition.lang, "name": LANGUAGE_NAMES.get(edition.lang, edition.lang),
                    "url": link.url(site.id, edition.lang, path),
                    "absolute": link.absolute(site.id, edition.lang, path),
                    "current": edition.lang == lang, "same_item": bool(target)})
    return out


def nav_view(site: SiteConfig, lang: str, link: Linker, index: ContentIndex) -> list[dict]:
    """The edition's menu: home; the groups of ``MENU_GROUPS`` in order, each with the types the
    edition lists that name it (``ContentType.menu_group``) and what belongs beside them (the
    document lookup beside legal documents, the citizens' forms under Tương tác, the component
    sites under Giới thiệu); search; the site file's own links. An entry's `path` (None for links
    elsewhere) lets a page mark its own entry; a group has its links in `entries`."""
    t = words(lang)
    col = 0 if lang == "vi" else 1

    def entry(title: str, path: str | None, url: str | None = None) -> dict:
        return {"title": title, "path": path, "url": link.url(site.id, lang, path) if url is None else url,
                "entries": []}
    groups: dict[str, list[dict]] = {key: [] for key in MENU_GROUPS}
    for type_name, ctype in CONTENT_TYPES.items():
        if index.has_items(site.id, lang, type_name):
            groups[ctype.menu_group].append(entry(ctype.label[col], p.list_path(type_name, lang)))
    if site.kind == "portal" or index.has_items(site.id, lang, "legal"):
        groups[CONTENT_TYPES["legal"].menu_group].append(entry(t["lookup"], p.lookup_path(lang)))
    groups["interaction"] += [entry(form.title[col], form_path(form, lang)) for form in PAGE_FORMS]
    if site.kind == "portal":
        groups["about"].append(entry(t["directory"], p.directory_path(lang)))
    return [entry(t["home"], ""),
            *({"title": MENU_GROUPS[key][col], "key": key, "path": None, "url": "", "entries": links}
              for key, links in groups.items() if links),
            entry(t["search"], p.search_path(lang)),
            *(entry(pick(extra.title, lang), None, extra.url) for extra in site.nav)]


def lookup_row(doc: Document, link: Linker, index: ContentIndex) -> dict:
    """One legal document in the lookup table: the eight elements, its effect and its filters."""
    values = doc.values
    first_file = doc.attachments[0] if doc.attachments else None
    return {
        "ref": doc.id, "title": doc.title, "url": link.url(doc.site, doc.lang, p.item_path(doc)),
        "code": f"{values['number']}/{values['symbol']}", "doc_form": values["doc_form"],
        "issuing_authority": values["issuing_authority"], "field": values.get("field", ""),
        "year": str(values["issued_date"].year), "issued": format_moment(values["issued_date"], doc.lang, labelled=True),
        "issued_iso": iso(values["issued_date"]), "effective": format_moment(values["effective_date"], doc.lang, labelled=True),
        "abstract": values["abstract"], "effect": effect_view(doc, link, index),
        "site_name": site_name(link.config.sites[doc.site], link.config.province.profile, doc.lang),
        "file": {"url": link.file(doc, first_file.name), "name": first_file.name,
                 "ext": first_file.ext.upper(), "size": format_size(first_file.size, doc.lang)} if first_file else None,
    }


def _moment(moment, lang: str, labelled: bool = False) -> dict:
    return {"text": format_moment(moment, lang, labelled), "iso": iso(moment)}


def item_publication(doc: Document, index: ContentIndex | None, facts: GitFacts | None) -> Publication:
    """gitfacts.publication of an item; a translation is first published no earlier than its source."""
    source = index.get(doc.id, "vi") if index is not None and doc.lang != "vi" else None
    return publication(doc.path, doc.values, facts,
                       publication(source.path, source.values, facts, date_field=CONTENT_TYPES[doc.type].date_field)
                       if source is not None else None, date_field=CONTENT_TYPES[doc.type].date_field)


def publication_view(doc: Document, facts: GitFacts | None, index: ContentIndex | None = None) -> dict:
    """Ngày đăng (first published), Cập nhật lần cuối (last updated) and Lịch sử cập nhật (major
    changes, newest first) of an item's page; see gitfacts.publication."""
    pub = item_publication(doc, index, facts)
    # after "Ngày đăng:" no second "ngày" ("Ngày đăng: 25 tháng 10 năm 2024"); "Cập nhật lần cuối:" keeps it
    first = _moment(pub.first, doc.lang, labelled=True) if pub.first is not None else None
    updated = _moment(pub.updated, doc.lang) if pub.updated is not None else None
    if updated and first and format_moment(pub.updated, doc.lang) == format_moment(pub.first, doc.lang):
        updated = None  # later by seconds: the page would say the same moment twice
    return {"published": first, "updated": updated,
            "changes": [dict(_moment(t.time, doc.lang), note=t.note) for t in pub.changes]}


def publication_record(doc: Document, index: ContentIndex, facts: GitFacts | None) -> dict:
    """The same facts in the item's JSON record (``index.json``)."""
    pub = item_publication(doc, index, facts)
    record = {"published": {
        "first": iso(pub.first) if pub.first is not None else None,
        "updated": iso(pub.updated) if pub.updated is not None else None,
        "changes": [{"at": iso(t.time), "commit": t.commit, "note": t.note} for t in pub.changes],
        "from": "git" if pub.from_git else "front matter"}}
    ref = parse_ref(doc.values["translation_of"]) if "translation_of" in doc.values else None
    if ref is not None and doc.lang != "vi":
        state = source_state(doc, index, facts)
        record["translation"] = {"of": ref[0], "revision": ref[1],
                                 "stale": state.stale if state is not None and state.known else None}
    return record


def translation_view(doc: Document, link: Linker, index: ContentIndex, facts: GitFacts | None) -> dict | None:
    """The notice of a translation whose Vietnamese source changed after the revision it follows."""
    state = source_state(doc, index, facts)
    if state is None or not state.stale:
        return None
    source = state.source
    changed = state.changes[0].time.astimezone(VN_TZ).date()
    return dict(_moment(changed, doc.lang), source_url=link.url(source.site, source.lang, p.item_path(source)))
