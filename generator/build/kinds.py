"""Kinds within a type: a type whose items carry a `kind` choice (directive, plan, treaty, utility,
statement) lists each kind on a page of its own, since the regulations name them as sections of
their own (khen thưởng, kỷ luật: 003 Đ4.4; quy hoạch: 003 Đ4.8): `<segment>/loai/<kind>/`, the
kind's label as a slug (`chi-dao-dieu-hanh/loai/khen-thuong/`, `directives/kinds/commendations/`).
`loai` and `kinds` are reserved slugs (discover.py), so no item takes a kind's address.
"""
from __future__ import annotations

from ..core.textcheck import slugify_vi
from ..model.content_types import CONTENT_TYPES
from .index import ContentIndex

KIND_FOLDER = ("loai", "kinds")  # vi, other languages


def kind_labels(type_name: str) -> dict[str, tuple[str, str]]:
    """The type's kinds, key → (vi, en) label; empty when its items have no `kind` choice."""
    field = CONTENT_TYPES[type_name].field("kind")
    return getattr(field.coerce, "labels", {}) if field is not None else {}


def kind_path(type_name: str, key: str, lang: str) -> str:
    col = 0 if lang == "vi" else 1
    folder = KIND_FOLDER[col]
    return f"{CONTENT_TYPES[type_name].segment[col]}/{folder}/{slugify_vi(kind_labels(type_name)[key][col])}/"


def kinds_listed(index: ContentIndex, site: str, lang: str) -> list[tuple[str, str, int]]:
    """(type, kind, number of items) for each kind an edition lists, in the declarations' order."""
    out = []
    for type_name in CONTENT_TYPES:
        labels = kind_labels(type_name)
        items = index.items(site, lang, type_name) if labels else ()
        for key in labels:
            count = sum(1 for doc in items if doc.values.get("kind") == key)
            if count:
                out.append((type_name, key, count))
    return out
