"""An item's search terms: what the index holds of each item, made once per build.

The words of each field as written (lower case, NFC) and folded, and the folded pairs of adjacent
words of every field (search.py says why). Made in the load stage (``documents.load_document``),
once per item and build, and kept in ``Document.search_terms`` in their packed form
(``item_terms``): every index that holds the item (its own site's and the portal's) reads them
there, and an unchanged item's terms come from the parse cache, not from its text again.
"""
from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import chain, repeat
from typing import Iterable, Union

from ..core.textcheck import fold_vi
from ..model.content_types import CONTENT_TYPES, RELATIONS

_WORD = re.compile(r"\w+")
_CODE_PART = re.compile(r"[/\-.]")
# (name, boost) in the order lunr sees them, and of each item's terms; a field's number is its position here
FIELDS = (("title", 10), ("code", 20), ("tags", 3), ("summary", 2), ("fields", 2), ("body", 1), ("files", 1),
          ("pairs", 1))
FIELD_NAMES = tuple(name for name, _ in FIELDS)


def fold_case(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def words(text: str) -> list[str]:
    """Lower-case NFC words of a text; punctuation separates, Vietnamese letters do not."""
    return _WORD.findall(fold_case(text))


def _fold_table() -> dict[int, str]:
    """Every precomposed letter whose folded form is one letter: str.translate folds a whole text."""
    table = {}
    for cp in range(0xC0, 0x2000):
        ch = chr(cp)
        folded = fold_vi(ch)
        if folded != ch and len(folded) == 1 and ch.lower() == ch:
            table[cp] = folded
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """fold_vi for lower-case NFC text, fast: a word keeps its length and its boundaries."""
    return text.translate(_FOLD)


def code_terms(code: str) -> list[str]:
    """A document number or code and its parts, split at / - and .: 40/2024/QĐ-UBND, 40/2024/qđ, 40/2024, 40,
    2024, qđ-ubnd, qđ, ubnd."""
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


_TAG = re.compile(r"<[^>]+>")


def plain_text(body_html: str) -> str:
    """The readable text of an item's HTML body."""
    return html.unescape(_TAG.sub(" ", body_html))


@dataclass(frozen=True)
class Entry:
    """What the index knows of one item: the text of each field."""
    title: str
    code: str = ""
    tags: tuple[str, ...] = ()
    summary: str = ""
    fields: tuple[str, ...] = ()
    body: str = ""
    files: tuple[str, ...] = ()


_OWN_FIELDS = frozenset({"title", "tags", "number", "symbol", "code"})  # fields with a lunr field of their own
_ADDRESS = re.compile(r"^(?:https?://|mailto:|/)\S*$")


def _strings(value) -> list[str]:
    """The text in a field's value: strings, in lists, records and their entries; not addresses,
    dates or numbers (a picture gives its alt text and caption)."""
    if isinstance(value, str):
        return [] if _ADDRESS.match(value) else [value]
    if isinstance(value, (list, tuple)):
        return [s for x in value for s in _strings(x)]
    if isinstance(value, dict):
        return [s for x in value.values() for s in _strings(x)]
    if hasattr(value, "alt") and hasattr(value, "src"):
        return [s for s in (value.alt, getattr(value, "caption", "")) if s]
    if hasattr(value, "__dataclass_fields__"):
        return [s for name in value.__dataclass_fields__ for s in _strings(getattr(value, name))]
    return []


def item_entry(type_name: str, values: dict, body_html: str, file_texts: Iterable[str] = ()) -> Entry:
    """What the search indexes of an item: its title, number or code, tags, summary, every other
    text field of its type (relations, which name other items, and files are not text), its body
    and its attachments' text."""
    ctype = CONTENT_TYPES[type_name]
    code = (f"{values['number']}/{values['symbol']}" if values.get("number") and values.get("symbol")
            else values["code"] if isinstance(values.get("code"), str) else "")  # a number, or a code (mã số)
    summary = ctype.summary_of(values)
    texts: list[str] = []
    for spec in ctype.fields:
        if spec.name in _OWN_FIELDS or spec.file or spec.name in RELATIONS or spec.name not in values:
            continue
        texts += [s for s in _strings(values[spec.name]) if s != summary]
    moment = ctype.date_of(values)
    if moment:
        texts.append(str(moment.year))
    if ctype.search_text:
        texts += ctype.search_text(values)
    return Entry(title=values["title"], code=code, tags=tuple(values.get("tags", ())), summary=summary,
                 fields=tuple(texts), body=plain_text(body_html), files=tuple(file_texts))


class _FoldedWords(dict):
    """word → its folded form, computed once per word (a bounded memo: words are few, numbers many)."""

    def __missing__(self, word: str) -> str:
        if len(self) > 200_000:
            self.clear()
        folded = self[word] = fold(word)
        return folded


_FOLDED = _FoldedWords()


def _text_terms(texts: Iterable[str], pairs: Counter) -> dict[str, int]:
    """Words as written and folded, with their counts; the folded pairs of adjacent words are
    counted into ``pairs``."""
    terms: Counter = Counter()
    for text in texts:
        exact = _WORD.findall(fold_case(text))
        if not exact:
            continue
        folded = list(map(_FOLDED.__getitem__, exact))
        terms.update(folded)                                   # C loops, no Python per word
        pairs.update(map(" ".join, zip(folded, folded[1:])))
        marked = {w: n for w, n in Counter(exact).items() if _FOLDED[w] != w}
        for word, n in marked.items():  # a marked word is never a folded form
            terms[word] += n
    return dict(terms)


def entry_terms(entry: Entry) -> tuple[dict, ...]:
    """Each field's terms and counts, in the order of FIELDS: the words of each field where they
    are, the pairs of adjacent words of every field in one (``pairs``), so that words found together
    weigh the same in the title as in the body and outweigh the same words scattered."""
    code = Counter()
    for term in code_terms(entry.code):
        code[term] += 1
        if fold(term) != term:
            code[fold(term)] += 1
    pairs: Counter = Counter()
    return (_text_terms([entry.title], pairs), dict(code), _text_terms(entry.tags, pairs),
            _text_terms([entry.summary], pairs), _text_terms(entry.fields, pairs), _text_terms([entry.body], pairs),
            _text_terms(entry.files, pairs), dict(pairs))


TERMS_VERSION = "3"  # of entry_terms and its packed form: a change to either changes this, and the cache's keys

# An item's terms: packed (bytes, ``pack``), or each field's terms and counts when a term holds a separator.
Terms = Union[bytes, "tuple[dict[str, int], ...]"]


def pack(fields: tuple[dict, ...]) -> bytes | None:
    """The packed form of an item's terms: each field's terms joined by US (0x1F), fields by RS
    (0x1E) (control characters no text keeps: core/controlchars.py), then NUL and each term's count
    as a byte (at most 255; the index counts at most 9). Joins and splits in C: several times
    faster than JSON, and what ``search.index_files`` reads without making dicts. None when a term
    holds a separator (the load stage refuses control characters; this makes sure)."""
    names = "\x1e".join("\x1f".join(f) for f in fields)
    if (names.count("\x1e") != len(fields) - 1 or "\0" in names
            or names.count("\x1f") != sum(max(len(f) - 1, 0) for f in fields)):
        return None
    try:
        counts = bytes(chain.from_iterable(f.values() for f in fields))   # (in C)
    except ValueError:  # a count above 255
        counts = bytes(map(min, chain.from_iterable(f.values() for f in fields), repeat(255)))
    return names.encode() + b"\0" + counts


def unpack(packed: bytes) -> tuple[dict[str, int], ...]:
    """Each field's terms and counts, from ``pack``'s form."""
    names, _, counts = packed.partition(b"\0")
    fields, at = [], 0
    for part in names.decode().split("\x1e"):
        terms = part.split("\x1f") if part else []
        fields.append(dict(zip(terms, counts[at:at + len(terms)])))
        at += len(terms)
    return tuple(fields)


def item_terms(entry: Entry, cache=None) -> Terms:
    """entry_terms, packed; from the cache when the item's text is unchanged (``cache``: a
    ParseCache, or None), else made and stored there."""
    source = "\x1e".join((entry.title, entry.code, "\x1f".join(entry.tags), entry.summary, "\x1f".join(entry.fields),
                           entry.body, "\x1f".join(entry.files)))
    key = f"search-terms:{TERMS_VERSION}:" + hashlib.sha256(source.encode()).hexdigest()
    stored = cache.get(key) if cache is not None else None
    if isinstance(stored, bytes):
        return stored
    fields = entry_terms(entry)
    packed = pack(fields)
    if packed is None:
        return fields
    if cache is not None:
        cache.put(key, packed)
    return packed


def cached_terms(entry: Entry, cache=None) -> tuple[dict[str, int], ...]:
    """item_terms, as each field's terms and counts."""
    terms = item_terms(entry, cache)
    return unpack(terms) if isinstance(terms, bytes) else terms
