"""The content index: every visible item by id and language, with relations.

Cross-document checks live here: references to unknown items, translations
without a source. Visibility (drafts, scheduled items) is decided once, from
the build's "now", so every output agrees.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import attrgetter

from ..core.diagnostics import Diagnostic, error
from ..core.textcheck import slugify_vi
from ..model.content_types import CONTENT_TYPES, RELATIONS
from .documents import Document


@dataclass(frozen=True)
class ContentIndex:
    docs: dict[tuple[str, str], Document]                 # (item id, lang) → document
    relations: dict[str, dict[str, tuple[str, ...]]]      # item id → relation → item ids
    today: dt.date
    languages: dict[str, tuple[str, ...]] = field(default_factory=dict)  # item id → languages
    # Listed (published) items, in order: (site, lang, type or "") → documents; (site, lang, tag key) → documents.
    # On the portal, a type's listing also holds the component sites' items it aggregates (aggregate.py).
    listed: dict[tuple[str, str, str], tuple[Document, ...]] = field(default_factory=dict)
    tagged: dict[tuple[str, str, str], tuple[Document, ...]] = field(default_factory=dict)
    # Taken down (status `removed`, or a translation of a removed source): (item id, lang) → document.
    # Their addresses answer 410 Gone (see gone.py); nothing else of them is published.
    gone: dict[tuple[str, str], Document] = field(default_factory=dict)
    # Listed items by their `field` (lĩnh vực), in order: (site, lang, field key) → documents.
    fielded: dict[tuple[str, str, str], tuple[Document, ...]] = field(default_factory=dict)

    def get(self, item_id: str, lang: str) -> Document | None:
        return self.docs.get((item_id, lang))

    def translations(self, item_id: str) -> tuple[str, ...]:
        return self.languages.get(item_id, ())

    def related(self, item_id: str, relation: str) -> tuple[str, ...]:
        return self.relations.get(item_id, {}).get(relation, ())

    def relations_of(self, item_id: str) -> dict[str, tuple[str, ...]]:
        return self.relations.get(item_id, {})

    def items(self, site: str, lang: str, type_name: str | None = None) -> tuple[Document, ...]:
        """Listed items of one site and language, in the type's order (withdrawn left out); on the
        portal, a type's include the component sites' items it aggregates."""
        return self.listed.get((site, lang, type_name or ""), ())

    def has_items(self, site: str, lang: str, type_name: str | None = None) -> bool:
        """Whether ``items`` would list anything (a menu's entry asks no more)."""
        return bool(self.listed.get((site, lang, type_name or "")))

    def with_tag(self, site: str, lang: str, key: str) -> tuple[Document, ...]:
        return self.tagged.get((site, lang, key), ())

    def in_field(self, site: str, lang: str, key: str) -> tuple[Document, ...]:
        return self.fielded.get((site, lang, key), ())


@lru_cache(maxsize=65536)
def tag_key(tag: str) -> str:
    """Tags that differ only in case or diacritics are one tag."""
    return slugify_vi(tag) or "khac"


def _listings(docs: dict[tuple[str, str], Document]):
    """Each listing, tag and field's items, in ``sort_documents``' order: the published items sorted once
    and taken in that order into each (within one, whose items share a language, the order's keys are
    unique: the same as sorting each on its own)."""
    groups: dict[tuple[str, str, str], list[Document]] = {}
    tags: dict[tuple[str, str, str], list[Document]] = {}
    fields: dict[tuple[str, str, str], list[Document]] = {}
    for doc in sort_documents([d for d in docs.values() if d.status == "published"]):
        groups.setdefault((doc.site, doc.lang, doc.type), []).append(doc)
        groups.setdefault((doc.site, doc.lang, ""), []).append(doc)
        for key in {tag_key(t) for t in doc.values.get("tags", ())}:
            tags.setdefault((doc.site, doc.lang, key), []).append(doc)
        if isinstance(doc.values.get("field"), str):
            fields.setdefault((doc.site, doc.lang, tag_key(doc.values["field"])), []).append(doc)
    listed = {k: tuple(v) for k, v in sorted(groups.items())}
    tagged = {k: tuple(v) for k, v in sorted(tags.items())}
    fielded = {k: tuple(v) for k, v in sorted(fields.items())}
    return listed, tagged, fielded


_EPOCH_DAY = dt.date(1970, 1, 1).toordinal()


def stamp(moment) -> float:
    """A date or a moment as seconds, to order items by it (a day counts from its midnight UTC: its
    days since 1970 times a day's seconds, what that midnight's timestamp() is, without making it)."""
    if isinstance(moment, dt.datetime):
        return moment.timestamp()
    if isinstance(moment, dt.date):
        return float((moment.toordinal() - _EPOCH_DAY) * 86400)
    return 0.0


def sort_key_date(doc: Document):
    return (-stamp(CONTENT_TYPES[doc.type].date_of(doc.values)), doc.id)


def sort_documents(docs: list[Document]) -> list[Document]:
    ordered = {name for name, ctype in CONTENT_TYPES.items() if ctype.sort == "order"}
    by_order = [d for d in docs if d.type in ordered]
    by_date = [d for d in docs if d.type not in ordered]
    by_order.sort(key=lambda d: (d.values.get("order", 1000), d.title, d.id))
    by_date.sort(key=sort_key_date)
    return by_date + by_order


def is_visible(doc: Document, now: dt.datetime) -> bool:
    """Whether an item is public at ``now``: not a draft, not taken down, not scheduled for later."""
    if doc.status in ("draft", "removed"):
        return False
    publish_at = doc.values.get("publish_at")
    return publish_at is None or publish_at <= now


def resolve_ref(ref: str, doc: Document) -> str:
    parts = ref.split("/")
    if len(parts) == 1:
        return f"{doc.site}/{doc.type}/{ref}"
    if len(parts) == 2:
        return f"{doc.site}/{ref}"
    return ref


def build_index(documents: list[Document], now: dt.datetime, today: dt.date,
                unloaded: frozenset[str] = frozenset()) -> tuple[ContentIndex, list[Diagnostic]]:
    """``unloaded``: the ids of Vietnamese items whose files have errors (said there): a translation of
    one has its source, not loaded."""
    problems: list[Diagnostic] = []
    all_ids = {d.id for d in documents}
    sources = {d.id for d in documents if d.lang == "vi"} | unloaded
    for doc in documents:
        if doc.lang != "vi" and doc.id not in sources:
            problems.append(error(doc.path, 1, "translation.orphan",
                                  f"translation without its Vietnamese source `{doc.slug}.md` beside it; "
                                  "add the source or rename the file"))
    # one item and language at one address: of files that claim the same, the first by path is kept
    seen: dict[tuple[str, str], str] = {}
    claimed = False
    for doc in documents:
        first = seen.setdefault((doc.id, doc.lang), doc.path)
        if first != doc.path:
            claimed = True
            if doc.path < first:
                seen[(doc.id, doc.lang)] = doc.path
    if claimed:  # (rare: the problems in the files' order, each naming the first)
        for doc in sorted(documents, key=_path):
            first = seen[(doc.id, doc.lang)]
            if first != doc.path:
                problems.append(error(doc.path, 1, "url.collision",
                                      f"`{doc.slug}` is also the slug of {first}; both would be published at "
                                      "one address, so rename one of the files"))
        documents = [d for d in documents if seen[(d.id, d.lang)] == d.path]
    # A translation is public only while its Vietnamese source is: a source taken down, drafted
    # or scheduled for later takes every translation with it.
    shown = [d for d in documents if is_visible(d, now)]
    public_sources = {d.id for d in shown if d.lang == "vi"}
    visible = [d for d in shown if d.id in public_sources]
    # A source withdrawn (no longer current) withdraws its translations too: banner, out of listings.
    withdrawn = {d.id for d in visible if d.lang == "vi" and d.status == "withdrawn"}
    if withdrawn:
        visible = [replace(d, values={**d.values, "status": "withdrawn"}, search_terms=())  # (terms of other values)
                   if d.id in withdrawn and d.lang != "vi" else d
                   for d in visible]
    visible.sort(key=_id_and_lang)
    docs = {(d.id, d.lang): d for d in visible}
    languages: dict[str, list[str]] = {}
    for item_id, lang in docs:
        languages.setdefault(item_id, []).append(lang)

    relations: dict[str, dict[str, list[str]]] = {}
    named: dict[str, dict[str, list[str]]] = {relation: {} for relation in RELATIONS}  # every item's, for cycles
    for doc in documents:
        if doc.lang != "vi":
            continue
        for relation, reverse in RELATIONS.items():
            for ref in doc.values.get(relation, ()):
                target = resolve_ref(ref, doc)
                if target not in all_ids:
                    problems.append(error(doc.path, doc.lines.get(relation, 1), "ref.missing",
                                          f"`{relation}` names `{ref}`, which is no item ({target}); "
                                          "check the slug, or write site/type/slug"))
                    continue
                if target == doc.id:
                    problems.append(error(doc.path, doc.lines.get(relation, 1), "ref.self",
                                          f"`{relation}` names the item itself (`{ref}`); remove it"))
                    continue
                named[relation].setdefault(doc.id, []).append(target)
                if doc.id not in public_sources or target not in public_sources:
                    continue
                relations.setdefault(doc.id, {}).setdefault(relation, []).append(target)
                relations.setdefault(target, {}).setdefault(reverse, []).append(doc.id)
    by_id = {d.id: d for d in documents if d.lang == "vi"}
    for relation, edges in named.items():
        for cycle in _cycles(edges):
            first = by_id[cycle[0]]
            problems.append(error(first.path, first.lines.get(relation, 1), "ref.cycle",
                                  f"`{relation}` goes round: {' → '.join([*cycle, cycle[0]])}; a document "
                                  f"cannot {relation.rstrip('s')} one that {relation} it, remove one of them"))
    frozen = {k: {r: tuple(sorted(v)) for r, v in rel.items()} for k, rel in sorted(relations.items())}
    # the Vietnamese first, then the others by code (most items have one language: nothing to sort)
    langs = {k: tuple(v) if len(v) == 1 else tuple(sorted(v, key=lambda l: (l != "vi", l)))
             for k, v in languages.items()}
    listed, tagged, fielded = _listings(docs)
    removed_sources = {d.id for d in documents if d.lang == "vi" and d.status == "removed"}
    gone = {(d.id, d.lang): d for d in sorted((d for d in documents if d.status == "removed" or d.id in removed_sources),
                                              key=_id_and_lang)}
    return ContentIndex(docs, frozen, today, langs, listed, tagged, gone, fielded), problems


def _cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle of a relation once, from its smallest id (``edges``: an id → the ids it names)."""
    found: dict[frozenset[str], list[str]] = {}
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done

    def walk(start: str) -> None:
        path, stack = [start], [iter(edges.get(start, ()))]
        state[start] = 1
        while stack:
            target = next(stack[-1], None)
            if target is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(target) == 1:
                cycle = path[path.index(target):]
                at = cycle.index(min(cycle))
                found.setdefault(frozenset(cycle), cycle[at:] + cycle[:at])
            elif target not in state:
                state[target] = 1
                path.append(target)
                stack.append(iter(edges.get(target, ())))
    for node in sorted(edges):
        if node not in state:
            walk(node)
    return sorted(found.values())


_path = attrgetter("path")
_id_and_lang = attrgetter("id", "lang")


@dataclass(frozen=True)
class Effect:
    code: str               # not_yet, in_force, expired, replaced
    replaced_by: tuple[str, ...] = ()


def legal_effect(doc: Document, index: ContentIndex) -> Effect:
    """Effect status of a legal document on the build's day, from its dates and relations."""
    today = index.today
    replacements = [index.get(r, "vi") for r in index.related(doc.id, "replaced_by")]
    in_force_replacements = tuple(r.id for r in replacements
                                  if r is not None and r.values["effective_date"] <= today)
    if in_force_replacements:
        return Effect("replaced", in_force_replacements)
    expiry = doc.values.get("expiry_date")
    if expiry is not None and expiry <= today:
        return Effect("expired")
    if doc.values["effective_date"] > today:
        return Effect("not_yet")
    return Effect("in_force")
