"""The catalogue of information to be disclosed on the portal: its page and its JSON
(``catalogue.py`` says what is in it)."""
from __future__ import annotations

import json
from dataclasses import asdict

from ..model.site_names import site_name
from . import plan as p
from .catalogue import Entry, catalogue, catalogue_path
from .documents import Document
from .page_input import PageCall


def _where(c: PageCall, entry: Entry, absolute: bool) -> list[dict]:
    url = c.link.absolute if absolute else c.link.url
    return [{"site": site, "name": site_name(c.ri.config.sites[site], c.ri.config.province.profile, c.lang), "lang": lang,
             "url": url(site, lang, p.list_path(entry.type, lang))} for site, lang in entry.sites]


def _row(c: PageCall, entry: Entry, absolute: bool = False) -> dict:
    return {"type": entry.type, "label": entry.label, "kinds": list(entry.kinds), "where": _where(c, entry, absolute),
            "form": {"web_page": True, "record": "index.json", "feed": "feed.xml" if entry.feed else None,
                     "files": list(entry.files), "images": entry.images},
            "when": [asdict(said) for said in entry.when], "retention": asdict(entry.retention)}


def catalogue_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    profile = c.ri.config.province.profile
    ctx.update(title=ctx["t"]["catalogue"], instrument=profile.get("instrument", ""),
               rows=[_row(c, entry) for entry in catalogue(c.ri.config, c.ri.index, c.lang)],
               json_url=c.link.url(c.site.id, c.lang, catalogue_path(c.lang) + "index.json"))
    return "catalogue.html"


def catalogue_json(c: PageCall) -> bytes:
    profile = c.ri.config.province.profile
    data = {"lang": c.lang, "profile": profile.id, "instrument": profile.get("instrument", ""),
            "url": c.link.absolute(c.site.id, c.lang, catalogue_path(c.lang)),
            "entries": [_row(c, entry, absolute=True) for entry in catalogue(c.ri.config, c.ri.index, c.lang)]}
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n").encode()
