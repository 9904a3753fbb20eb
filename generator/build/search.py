"""Vietnamese search indexes that Python lunr builds and lunr.js reads (groundwork of issue 3).

One token folding for both languages, registered under one pipeline label:
each token stands for itself (lower case, NFC) and, when different, for its
folded form (tone and vowel marks removed, đ → d). A query typed with marks
matches both forms of an exactly written word and only the folded form of a
differently marked one, so "đông" ranks "Đông" above "Đồng"; a query typed
without marks matches both equally. lunr's English stop-word filter, stemmer
and ASCII trimmer never run: they drop or mangle Vietnamese syllables
("an", "do", "đường" → "ng"). ``search_vi.js`` beside this file is the same
function for the browser.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

import lunr
from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.token import Token

from ..core.textcheck import fold_vi
from ..model.content_types import CONTENT_TYPES

PIPELINE_LABEL = "congtt-vi"
_WORD = re.compile(r"\w+")
_CODE_PART = re.compile(r"[/\-]")


def vi_variants(token: Token, i: int = 0, tokens: list | None = None):
    """The token as written (lower case) and, if it differs, folded."""
    exact = str(token)
    folded = fold_vi(exact)
    if folded == exact:
        return token
    return [token, token.clone(lambda *_: folded)]


Pipeline.register_function(vi_variants, PIPELINE_LABEL)


def words(text: str) -> list[str]:
    """Lower-case NFC words of a text; punctuation separates, Vietnamese letters do not."""
    return _WORD.findall(fold_case(text))


def fold_case(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def code_terms(code: str) -> list[str]:
    """A document number and its parts: 40/2024/QĐ-UBND, 40/2024/qđ, 40/2024, 40, 2024, qđ-ubnd, qđ, ubnd."""
    code = fold_case(code).strip()
    if not code:
        return []
    parts = _CODE_PART.split(code)
    seps = _CODE_PART.findall(code)
    terms = {code, *parts}
    for start in range(len(parts)):
        joined = parts[start]
        for end in range(start + 1, len(parts)):
            joined += seps[end - 1] + parts[end]
            terms.add(joined)
    return sorted(t for t in terms if t)


@dataclass(frozen=True)
class Entry:
    """What the index knows of one item."""
    ref: str
    title: str
    summary: str = ""
    body: str = ""
    tags: tuple[str, ...] = ()
    code: str = ""
    meta: tuple[str, ...] = ()   # hình thức, cơ quan ban hành, lĩnh vực, năm


FIELDS = (("title", 10), ("code", 20), ("tags", 3), ("summary", 2), ("meta", 2), ("body", 1))


def build_index(entries: Iterable[Entry]) -> dict:
    """A serialised lunr index (the JSON lunr.js loads) over the entries, in ref order."""
    entries = list(entries)
    if not entries:  # lunr's builder divides by the number of documents
        return {"version": lunr.__TARGET_JS_VERSION__, "fields": [name for name, _ in FIELDS],
                "fieldVectors": [], "invertedIndex": [], "pipeline": [PIPELINE_LABEL]}
    builder = Builder()
    builder.pipeline.add(vi_variants)
    builder.search_pipeline.add(vi_variants)
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for entry in sorted(entries, key=lambda e: e.ref):
        builder.add({
            "ref": entry.ref, "title": words(entry.title), "summary": words(entry.summary),
            "body": words(entry.body), "tags": [w for tag in entry.tags for w in words(tag)],
            "code": code_terms(entry.code), "meta": [w for m in entry.meta for w in words(m)],
        })
    return builder.build().serialize()


def search(serialised: dict, query: str) -> list[str]:
    """Refs matching a query, best first, as lunr.js would answer in the browser."""
    return [hit["ref"] for hit in Index.load(serialised).search(fold_case(query))]


BODY_BUDGET = 1500  # characters of a body that go into an index


def plain_text(body_html: str) -> str:
    """The readable text of an item's HTML body."""
    return html.unescape(_TAG.sub(" ", body_html))


_TAG = re.compile(r"<[^>]+>")


def legal_entry(ref: str, values: dict, body_html: str) -> Entry:
    """What the document lookup indexes of a legal document: number, metadata, abstract, body."""
    issued = values["issued_date"]
    return Entry(
        ref=ref, title=values["title"], summary=values["abstract"], body=plain_text(body_html)[:BODY_BUDGET],
        tags=tuple(values.get("tags", ())), code=f"{values['number']}/{values['symbol']}",
        meta=(values["doc_form"], values["issuing_authority"], values.get("field", ""), str(issued.year)),
    )


SHARD_SIZE = 160       # items per shard: a first query downloads one shard (about 1.5 KB gzipped an item)
SUMMARY_CHARS = 200    # of a summary shown in results
ITEM_BODY_BUDGET = 200  # characters of an item's body that go into the site search


def shard_groups(refs_by_year: list[tuple[int, str]]) -> list[list[str]]:
    """Newest first, whole years together where they fit: shard 0 answers most queries alone.

    ``refs_by_year`` is (year, ref) in the listing's order (newest first)."""
    groups: list[list[str]] = []
    current: list[str] = []
    current_year = None
    for year, ref in refs_by_year:
        if current and (len(current) >= SHARD_SIZE or (year != current_year and len(current) >= SHARD_SIZE // 2)):
            groups.append(current)
            current = []
        current.append(ref)
        current_year = year
    if current:
        groups.append(current)
    return groups


def item_entry(ref: str, type_name: str, values: dict, body_html: str) -> Entry:
    """What the site search indexes of any item: title, summary, tags, number, metadata, some body."""
    code = (f"{values['number']}/{values['symbol']}" if values.get("number") and values.get("symbol")
            else values["code"] if isinstance(values.get("code"), str) else "")  # a number, or a code (mã số)
    ctype = CONTENT_TYPES[type_name]
    moment = ctype.date_of(values)
    meta = [values.get(k, "") for k in ("doc_form", "issuing_authority", "field", "position", "unit", "issuer",
                                        "agency", "enterprise")]
    if moment:
        meta.append(str(moment.year))
    if ctype.search_text:
        meta += ctype.search_text(values)
    return Entry(ref=ref, title=values["title"], summary=ctype.summary_of(values),
                 body=plain_text(body_html)[:ITEM_BODY_BUDGET], tags=tuple(values.get("tags", ())), code=code,
                 meta=tuple(m for m in meta if m))


def shard_bytes(entries: list[Entry], store: dict[str, dict], cache) -> bytes:
    """A shard file: the lunr index and what results show; reused from the cache when unchanged."""
    key_source = json.dumps([[list(map(str, e.__dict__.values())) for e in entries], store],
                            ensure_ascii=False, sort_keys=True)
    key = "search-shard:" + hashlib.sha256(key_source.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    data = (json.dumps({"index": build_index(entries), "docs": store}, ensure_ascii=False,
                       separators=(",", ":"), sort_keys=True) + "\n").encode()
    cache.put(key, data)
    return data
