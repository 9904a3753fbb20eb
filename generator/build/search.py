"""Full-text search: an edition's lunr index, split by terms so that a query loads only its own.

What is indexed: every public item's title, number or code, tags, summary, every other text field
(signer, issuer, field, unit, a person's title, a Q&A's answer, …), its whole body and the text of
its attachments. Each field is a lunr field with its boost (``FIELDS``).

Terms, the same in Python and in ``search_vi.js`` (the ``congtt-vi`` function of both):

- every word as written (lower case, NFC) and, when different, folded (tone and vowel marks
  removed, đ → d): a query typed with marks matches both forms of an exactly written word and only
  the folded form of a differently marked one, so "đông" ranks "Đông" above "Đồng"; without marks
  it matches both equally;
- every two adjacent words, folded, joined by a space ("hung vuong"): Vietnamese words are one to
  four syllables, so a query's syllables in order rank the item holding them together above the
  one holding them scattered, and ``"…"`` requires them.

The index is lunr's: lunr.js (and Python lunr, the reference here) scores a query on the vectors of
``lunr.Index.load``, with lunr's BM25 weights (k1 = 1.2; b = 0, lunr's own parameter, so that
weights do not depend on the length of other items and a part of the index does not change when
an unrelated item does). What is stored is what those weights are made of: for each term, its
postings (item numbers, delta-coded, and term frequencies, 9 at most) per field. Terms are
spread over ``chunks`` files by a hash of their folded form, so a word and its marked spellings
sit in one file and a query fetches one file per word and per pair of words, and only once. The
items' titles, addresses and summaries for the result list are in ``docs`` files of
``DOCS_PER_FILE`` items each.
"""
from __future__ import annotations

import hashlib
import html
import json
import math
import re
import unicodedata
import zlib
from array import array
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate, repeat
from typing import Callable, Iterable

import numpy as np
from lunr import __TARGET_JS_VERSION__
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.query import QueryPresence
from lunr.token import Token

from ..core.textcheck import fold_vi
from ..model.content_types import CONTENT_TYPES
from .index import RELATIONS

PIPELINE_LABEL = "congtt-vi"
_WORD = re.compile(r"\w+")
_CODE_PART = re.compile(r"[/\-.]")
# (name, boost) in the order lunr sees them; a field's number is its position here
FIELDS = (("title", 10), ("code", 20), ("tags", 3), ("summary", 2), ("fields", 2), ("body", 1), ("files", 1),
          ("pairs", 1))
FIELD_NAMES = tuple(name for name, _ in FIELDS)
BOOSTS = tuple(boost for _, boost in FIELDS)
K1 = 1.2                 # lunr's default
MAX_TF = 9               # a term's count in a field beyond this counts as this
PAIR_BOOST = 20          # a query's adjacent words found together outweigh them scattered, in any field
MAX_QUERY_WORDS = 32     # a query's words beyond these are not looked up (each costs a file)
CODE_BOOST = 2           # a number or code typed whole ("40/2024/QĐ-UBND") found whole
DOCS_PER_FILE = 10       # items per docs file: a page of ten results fetches at most ten small files
POSTINGS_PER_CHUNK = 6000  # the index has about (postings / this) chunk files
SUMMARY_CHARS = 200      # of a summary shown in results


def vi_variants(token: Token, i: int = 0, tokens: list | None = None):
    """The token as written (lower case) and, if it differs, folded."""
    exact = str(token)
    folded = fold_vi(exact)
    if folded == exact:
        return token
    return [token, token.clone(lambda *_: folded)]


Pipeline.register_function(vi_variants, PIPELINE_LABEL)


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


TERMS_VERSION = "3"  # of entry_terms and its stored form: a change to either changes this, and the cache's keys


def cached_terms(entry: Entry, cache) -> tuple[dict, ...]:
    """entry_terms, from the cache when the item's text is unchanged (``cache``: a ParseCache).

    Stored as each field's terms joined by US (0x1F), fields by RS (0x1E) (control characters no
    text keeps: core/controlchars.py), then NUL and each term's count as a byte (at most 255; the
    index counts at most MAX_TF): joins and splits in C, several times faster than JSON."""
    source = "\x1e".join((entry.title, entry.code, "\x1f".join(entry.tags), entry.summary, "\x1f".join(entry.fields),
                           entry.body, "\x1f".join(entry.files)))
    key = f"search-terms:{TERMS_VERSION}:" + hashlib.sha256(source.encode()).hexdigest()
    stored = cache.get(key)
    if isinstance(stored, bytes):
        names, _, counts = stored.partition(b"\0")
        fields, at = [], 0
        for part in names.decode().split("\x1e"):
            terms = part.split("\x1f") if part else []
            fields.append(dict(zip(terms, counts[at:at + len(terms)])))
            at += len(terms)
        return tuple(fields)
    fields = entry_terms(entry)
    names = "\x1e".join("\x1f".join(f) for f in fields)
    if names.count("\x1e") == len(fields) - 1 and names.count("\x1f") == sum(max(len(f) - 1, 0) for f in fields):
        # (no term holds a separator: the load stage refuses control characters, this makes sure)
        cache.put(key, names.encode() + b"\0" + bytes(map(min, (n for f in fields for n in f.values()), repeat(255))))
    return fields


def key_of(term: str) -> str:
    """The folded form that places a term in its chunk."""
    return fold(term)


def chunk_of(key: str, chunks: int) -> int:
    """CRC-32 of the key's UTF-8 bytes, modulo the number of chunks: the same in search_vi.js."""
    return zlib.crc32(key.encode()) % chunks


@dataclass(frozen=True)
class Doc:
    """What a result shows of an item."""
    ref: str
    url: str
    title: str
    kind: str = ""
    date: str = ""
    summary: str = ""
    site: str = ""

    def row(self) -> list[str]:
        return [self.ref, self.url, self.title, self.kind, self.date, self.summary[:SUMMARY_CHARS], self.site]


def chunk_count(postings: int) -> int:
    return max(1, -(-postings // POSTINGS_PER_CHUNK))


class _Ids(dict):
    """term → a number of its own, given in the order terms are met."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number


def index_files(terms_of_items: list[tuple[dict, ...]], docs: list[Doc]) -> dict[str, bytes]:
    """An edition's index files (path under its search folder → bytes), items numbered in the
    order given: ``meta.json``, ``chunks/<n>.json`` and ``docs/<n>.json``.

    The postings are gathered in flat arrays (term, item, count) per field, in C (array.extend over
    map), and grouped by term with numpy's stable sort, which keeps each term's items in order."""
    ids = _Ids()
    flat = [(array("i"), array("i"), array("i")) for _ in FIELDS]  # per field: term ids, item numbers, counts
    for number, fields in enumerate(terms_of_items):
        for f, counter in enumerate(fields):
            if counter:
                term_ids, numbers, counts = flat[f]
                term_ids.extend(map(ids.__getitem__, counter))
                numbers.extend(repeat(number, len(counter)))
                counts.extend(counter.values())
    chunks = chunk_count(sum(len(term_ids) for term_ids, _, _ in flat))
    terms = list(ids)
    grouped: list[dict[str, list]] = [{} for _ in range(chunks)]
    for f, (term_ids, numbers, counts) in enumerate(flat):
        if not term_ids:
            continue
        order = np.argsort(np.frombuffer(term_ids, dtype=np.int32), kind="stable")
        sorted_ids = np.frombuffer(term_ids, dtype=np.int32)[order]
        items = np.frombuffer(numbers, dtype=np.int32)[order]
        digits = np.minimum(np.frombuffer(counts, dtype=np.int32)[order], MAX_TF).astype(np.uint8) + ord("0")
        starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]])
        ends = np.r_[starts[1:], len(sorted_ids)]
        deltas = items.copy()
        deltas[1:] -= items[:-1]
        deltas[starts] = items[starts]          # each term's first item as it is, then differences
        not_one = np.cumsum(np.r_[0, digits != ord("1")]).tolist()
        delta_list, digit_bytes = deltas.tolist(), digits.tobytes()
        for term_id, start, end in zip(sorted_ids[starts].tolist(), starts.tolist(), ends.tolist()):
            term = terms[term_id]
            key = _FOLDED[term] if " " not in term else term  # a pair is folded already
            group = grouped[zlib.crc32(key.encode()) % chunks]  # chunk_of, inline
            entry = group.get(term)
            if entry is None:
                entry = group[term] = []
            entry += [f, delta_list[start:end],
                      "" if not_one[end] == not_one[start] else digit_bytes[start:end].decode()]
    files: dict[str, bytes] = {}
    for n, group in enumerate(grouped):
        files[f"chunks/{n}.json"] = _json(dict(sorted(group.items())))
    for start in range(0, len(docs), DOCS_PER_FILE):
        files[f"docs/{start // DOCS_PER_FILE}.json"] = _json([d.row() for d in docs[start:start + DOCS_PER_FILE]])
    version = hashlib.sha256(b"".join(files[name] for name in sorted(files))).hexdigest()[:16]
    files["meta.json"] = _json({"version": version, "items": len(docs), "chunks": chunks,
                                "docs_per_file": DOCS_PER_FILE, "fields": FIELD_NAMES, "boosts": BOOSTS,
                                "k1": K1, "pair_boost": PAIR_BOOST, "code_boost": CODE_BOOST,
                                "max_query_words": MAX_QUERY_WORDS})
    return files


def _json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


# --- reading the index: the reference for search.js, and what tests and benchmarks use -------------

@dataclass(frozen=True)
class Clause:
    term: str
    required: bool
    pipeline: bool      # a word: as written and folded (congtt-vi); a pair: as it is
    boost: int = 1


_CODE = re.compile(r"\w+(?:[/\-.]\w+)+")
_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”')


def query_clauses(query: str) -> list[Clause]:
    """What a reader's query asks: every word (required), every two adjacent words as a pair
    (preferred; required inside "…", which asks for the exact phrase). search_vi.js: the same."""
    query = fold_case(query)
    segments: list[tuple[str, bool]] = []
    last = 0
    for m in _QUOTED.finditer(query):
        segments.append((query[last:m.start()], False))
        segments.append((m.group(1) if m.group(1) is not None else m.group(2), True))
        last = m.end()
    segments.append((query[last:], False))
    clauses: list[Clause] = []
    seen: set[tuple[str, bool]] = set()
    budget = MAX_QUERY_WORDS
    for text, quoted in segments:
        found = _WORD.findall(text)[:budget]
        budget -= len(found)
        for code in _CODE.findall(text):  # also whole: its words alone are in many items
            if (code, True) not in seen:
                seen.add((code, True))
                clauses.append(Clause(code, False, True, CODE_BOOST))
        for w in found:
            if (w, True) not in seen:
                seen.add((w, True))
                clauses.append(Clause(w, True, True))
        folded = [fold(w) for w in found]
        for pair in map(" ".join, zip(folded, folded[1:])):
            if (pair, False) not in seen:
                seen.add((pair, False))
                clauses.append(Clause(pair, quoted, False, PAIR_BOOST))
    return clauses


def clause_terms(clause: Clause) -> list[str]:
    """The index terms a clause looks up: a word as written and folded, a pair as it is."""
    if not clause.pipeline:
        return [clause.term]
    folded = fold(clause.term)
    return [clause.term] if folded == clause.term else [clause.term, folded]


def weight(df: int, items: int, tf: int, boost: int) -> float:
    """lunr's BM25 weight (Builder.createFieldVectors with b = 0), rounded as lunr rounds it."""
    idf = math.log(1 + abs((items - df + 0.5) / (df + 0.5)))
    score = idf * ((K1 + 1) * tf) / (K1 + tf)
    score *= boost
    return math.floor(score * 1000 + 0.5) / 1000


def numbers_of(data: list) -> set[int]:
    """The items a term's postings name, in any field."""
    found: set[int] = set()
    for at in range(0, len(data), 3):
        found.update(accumulate(data[at + 1]))
    return found


def candidates(postings: dict[str, list], clauses: list[Clause]) -> set[int] | None:
    """The items holding every required clause (one of its terms, in any field); None: no clause
    is required. lunr would find the same; computing it first keeps the others out of lunr."""
    found: set[int] | None = None
    for clause in clauses:
        if clause.required:
            holders = set().union(*(numbers_of(postings[t]) for t in clause_terms(clause)))
            found = holders if found is None else found & holders
    return found


def lunr_index(meta: dict, postings: dict[str, list], keep: set[int] | None = None) -> dict:
    """The serialised lunr index (what lunr.Index.load reads) over some terms' postings, of the
    items in ``keep`` (None: all): every term named is there, with no postings when it has none.
    A term's weights count all its postings (lunr's idf), kept or not."""
    inverted, vectors = [], {}
    items = meta["items"]
    for i, term in enumerate(sorted(postings)):
        entry = {"_index": i, **{name: {} for name in FIELD_NAMES}}
        data = postings[term]
        df = sum(len(data[at + 1]) for at in range(0, len(data), 3))  # lunr.idf: postings in every field
        for at in range(0, len(data), 3):
            f, deltas, counts = data[at], data[at + 1], data[at + 2]
            name, boost = FIELD_NAMES[f], BOOSTS[f]
            for k, n in enumerate(accumulate(deltas)):
                if keep is not None and n not in keep:
                    continue
                tf = int(counts[k]) if counts else 1
                ref = str(n)
                entry[name][ref] = {}
                vectors.setdefault(f"{name}/{ref}", []).extend((i, weight(df, items, tf, boost)))
        inverted.append([term, entry])
    return {"version": __TARGET_JS_VERSION__, "fields": list(FIELD_NAMES),
            "fieldVectors": [[ref, vector] for ref, vector in vectors.items()],
            "invertedIndex": inverted, "pipeline": [PIPELINE_LABEL]}


@dataclass(frozen=True)
class Hit:
    number: int
    score: float


class Searcher:
    """An edition's index read as search.js reads it: files fetched on demand (``load`` takes a path
    under the search folder and returns its bytes), each once; ``fetched`` lists them in order."""

    def __init__(self, load: Callable[[str], bytes]):
        self._load = load
        self.fetched: list[str] = []
        self._files: dict[str, object] = {}
        self.meta = self._get("meta.json")

    def _get(self, path: str):
        if path not in self._files:
            self.fetched.append(path)
            self._files[path] = json.loads(self._load(path))
        return self._files[path]

    def search(self, query: str) -> list[Hit]:
        clauses = query_clauses(query)
        if not clauses:
            return []
        chunks = self.meta["chunks"]
        postings: dict[str, list] = {}
        for clause in clauses:
            for term in clause_terms(clause):
                chunk = self._get(f"chunks/{chunk_of(key_of(term), chunks)}.json")
                postings[term] = chunk.get(term, [])
        keep = candidates(postings, clauses)
        if keep is not None and not keep:
            return []
        index = Index.load(lunr_index(self.meta, postings, keep))

        def build(q):
            for c in clauses:
                q.term(c.term, use_pipeline=c.pipeline, boost=c.boost,
                       presence=QueryPresence.REQUIRED if c.required else QueryPresence.OPTIONAL)
        hits = [Hit(int(r["ref"]), r["score"]) for r in index.query(callback=build)]
        return sorted(hits, key=lambda h: (-math.floor(h.score * 1e6 + 0.5), h.number))

    def doc(self, number: int) -> Doc:
        per = self.meta["docs_per_file"]
        row = self._get(f"docs/{number // per}.json")[number % per]
        return Doc(*row)

    def refs(self, query: str) -> list[str]:
        return [self.doc(h.number).ref for h in self.search(query)]
