"""An item's search terms: what the index holds of each item, made once per build.

The words of each field as written (lower case, NFC) and folded, and the folded pairs and triples
of adjacent words of every field (search.py says why), kept as each text's folded words in order.
Made in the load stage (``documents.load_document``), once per item and build, and kept in
``Document.search_terms`` in their packed form
(``item_terms``): every index that holds the item (its own site's and the portal's) reads them
there, and an unchanged item's terms come from the parse cache, not from its text again.
"""
from __future__ import annotations

import hashlib
import html
import re
import sys
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
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


@lru_cache(maxsize=1)  # made when a text is first folded, not at every build's start (6 ms)
def _fold_table() -> dict[int, str]:
    """Every precomposed letter whose folded form is one letter: str.translate folds a whole text."""
    table = {}
    for cp in range(0xC0, 0x2000):
        ch = chr(cp)
        folded = fold_vi(ch)
        if folded != ch and len(folded) == 1 and ch.lower() == ch:
            table[cp] = folded
    return table


def fold(text: str) -> str:
    """fold_vi for lower-case NFC text, fast: a word keeps its length and its boundaries."""
    return text.translate(_fold_table())


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


def _text_terms(texts: Iterable[str], sequences: list[list[str]]) -> dict[str, int]:
    """Words as written and folded, with their counts; each text's folded words, in order, are
    added to ``sequences`` (the pairs and triples of adjacent words are made from them)."""
    terms: Counter = Counter()
    for text in texts:
        exact = _WORD.findall(fold_case(text))
        if not exact:
            continue
        folded = list(map(_FOLDED.__getitem__, exact))
        terms.update(folded)                                   # C loops, no Python per word
        sequences.append(folded)
        terms.update([w for w, f in zip(exact, folded) if w != f])  # the marked words as written, counted in C
    return dict(terms)


def entry_words(entry: Entry) -> tuple[tuple[dict, ...], list[list[str]]]:
    """Each word field's terms and counts (the fields of FIELDS but ``pairs``), and the folded words
    of each text of every field, in order."""
    code = Counter()
    for term in code_terms(entry.code):
        code[term] += 1
        if fold(term) != term:
            code[fold(term)] += 1
    sequences: list[list[str]] = []
    return (_text_terms([entry.title], sequences), dict(code), _text_terms(entry.tags, sequences),
            _text_terms([entry.summary], sequences), _text_terms(entry.fields, sequences),
            _text_terms([entry.body], sequences), _text_terms(entry.files, sequences)), sequences


def together(sequences: Iterable[list[str]]) -> dict[str, int]:
    """The ``pairs`` field: every two and every three adjacent words of each text, folded, joined
    by a space, with their counts."""
    found: Counter = Counter()
    for folded in sequences:
        found.update(map(" ".join, zip(folded, folded[1:])))
        found.update(map(" ".join, zip(folded, folded[1:], folded[2:])))
    return dict(found)


def entry_terms(entry: Entry) -> tuple[dict, ...]:
    """Each field's terms and counts, in the order of FIELDS: the words of each field where they
    are, the pairs and triples of adjacent words of every field in one (``pairs``), so that words
    found together weigh the same in the title as in the body and outweigh the same words
    scattered. (The readable form; the index is made from ``item_terms``' packed form.)"""
    words, sequences = entry_words(entry)
    return (*words, together(sequences))


TERMS_VERSION = "5"  # of entry_words and the packed form: a change to either changes this, and the cache's keys

# An item's terms: packed (bytes, ``pack``), or each field's terms and counts (``entry_terms``) when
# a term holds a separator.
Terms = Union[bytes, "tuple[dict[str, int], ...]"]
_BREAK = {2: 0xFFFF, 4: 0xFFFFFFFF}   # in a packed sequence: the end of a text


def pack(words: tuple[dict, ...], sequences: list[list[str]]) -> bytes | None:
    """The packed form of an item's terms: each word field's terms joined by US (0x1F), fields by RS
    (0x1E), then RS and the distinct words of the sequences (control characters no text keeps:
    core/controlchars.py); NUL; each word field term's count as a byte (at most 255; the index
    counts at most 9); the width of what follows (2 or 4); each text's words as numbers (little
    endian) into those distinct words, each text ended by the largest number. The pairs and triples
    are not written out: ``search.index_files`` makes them from the numbers, with numpy. Joins and
    splits in C. None when a term holds a separator (the load stage refuses control characters;
    this makes sure)."""
    distinct = dict.fromkeys(chain.from_iterable(sequences))
    names = "\x1e".join(["\x1f".join(f) for f in words] + ["\x1f".join(distinct)])
    if (names.count("\x1e") != len(words) or "\0" in names
            or names.count("\x1f") != sum(max(len(f) - 1, 0) for f in (*words, distinct))):
        return None
    try:
        counts = bytes(chain.from_iterable(f.values() for f in words))   # (in C)
    except ValueError:  # a count above 255
        counts = bytes(map(min, chain.from_iterable(f.values() for f in words), repeat(255)))
    width = 2 if len(distinct) < _BREAK[2] else 4
    number = dict(zip(distinct, range(len(distinct))))
    stop = (_BREAK[width],)
    numbers = array("H" if width == 2 else "I",
                    chain.from_iterable(chain(map(number.__getitem__, folded), stop) for folded in sequences))
    if sys.byteorder != "little":
        numbers.byteswap()
    return names.encode() + b"\0" + counts + bytes([width]) + numbers.tobytes()


def unpacked(packed: bytes) -> tuple[tuple[str, ...], ...]:
    """The parts of ``pack``'s form: each word field's terms, the sequences' distinct words; the
    word fields' counts (bytes), the width and the sequences' numbers (bytes)."""
    names, _, rest = packed.partition(b"\0")
    parts = tuple(tuple(part.split("\x1f")) if part else () for part in names.decode().split("\x1e"))
    held = sum(map(len, parts[:-1]))
    return parts, rest[:held], rest[held], rest[held + 1:]


def unpack(packed: bytes) -> tuple[dict[str, int], ...]:
    """Each field's terms and counts (``entry_terms``' form), from ``pack``'s form."""
    parts, counts, width, numbers = unpacked(packed)
    fields, at = [], 0
    for terms in parts[:-1]:
        fields.append(dict(zip(terms, counts[at:at + len(terms)])))
        at += len(terms)
    values = array("H" if width == 2 else "I", numbers)
    if sys.byteorder != "little":
        values.byteswap()
    sequences, text = [], []
    for n in values:
        if n == _BREAK[width]:
            sequences.append(text)
            text = []
        else:
            text.append(parts[-1][n])
    return (*fields, together(sequences))


def terms_key(entry: Entry) -> str:
    """The key of an item's terms in the parse cache: a hash of what they are made of."""
    source = "\x1e".join((entry.title, entry.code, "\x1f".join(entry.tags), entry.summary, "\x1f".join(entry.fields),
                           entry.body, "\x1f".join(entry.files)))
    return f"search-terms:{TERMS_VERSION}:" + hashlib.sha256(source.encode()).hexdigest()


def item_terms(entry: Entry, cache=None, key: str | None = None) -> Terms:
    """entry_terms, packed; from the cache when the item's text is unchanged (``cache``: a
    ParseCache, or None), else made and stored there (under ``key``: ``terms_key(entry)``)."""
    key = key or terms_key(entry)
    stored = cache.get(key) if cache is not None else None
    if isinstance(stored, bytes):
        return stored
    words, sequences = entry_words(entry)
    packed = pack(words, sequences)
    if packed is None:
        return (*words, together(sequences))
    if cache is not None:
        cache.put(key, packed)
    return packed


def cached_terms(entry: Entry, cache=None) -> tuple[dict[str, int], ...]:
    """item_terms, as each field's terms and counts."""
    terms = item_terms(entry, cache)
    return unpack(terms) if isinstance(terms, bytes) else terms
