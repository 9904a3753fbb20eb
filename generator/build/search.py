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
import json
import math
import re
import zlib
from array import array
from dataclasses import dataclass
from itertools import accumulate, repeat
from json.encoder import encode_basestring
from typing import Callable

import numpy as np
from lunr import __TARGET_JS_VERSION__
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.query import QueryPresence
from lunr.token import Token

from ..core.textcheck import fold_vi
from .search_terms import (  # noqa: F401 - what the index is made of, read here by tests and benchmarks too
    _WORD,
    FIELD_NAMES,
    FIELDS,
    TERMS_VERSION,
    Entry,
    Terms,
    cached_terms,
    code_terms,
    entry_terms,
    fold,
    fold_case,
    item_entry,
    item_terms,
    pack,
    plain_text,
    unpack,
    words,
)

PIPELINE_LABEL = "congtt-vi"
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


def _gather(terms_of_items: list[Terms]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every posting in flat arrays, in item order, made in C (split, map, array.extend): the
    terms by number, and per posting the term's number, the field, the item and the count."""
    ids = _Ids()
    term_ids, counts = array("i"), array("B")
    held = array("i")  # postings of each item in each field: item 0's fields, then item 1's, …
    nothing = (0,) * len(FIELDS)
    for terms in terms_of_items:
        if isinstance(terms, bytes):  # packed (search_terms.pack): no dict is made
            names, _, found = terms.partition(b"\0")
            if not found:
                held.extend(nothing)
                continue
            for part in names.decode().split("\x1e"):
                some = part.split("\x1f") if part else ()
                term_ids.extend(map(ids.__getitem__, some))
                held.append(len(some))
            counts.frombytes(found)
        else:
            for counter in terms:
                term_ids.extend(map(ids.__getitem__, counter))
                counts.extend(map(min, counter.values(), repeat(255)))
                held.append(len(counter))
    per = np.frombuffer(held, dtype=np.int32)
    fields = np.repeat(np.tile(np.arange(len(FIELDS), dtype=np.int8), len(terms_of_items)), per)
    numbers = np.repeat(np.arange(len(terms_of_items), dtype=np.int32), per.reshape(-1, len(FIELDS)).sum(axis=1))
    return (list(ids), np.frombuffer(term_ids, dtype=np.int32), fields, numbers, np.frombuffer(counts, dtype=np.uint8))


def _digit_rows(numbers: np.ndarray, digits: int) -> np.ndarray:
    """Each non-negative number's decimal digits, right-aligned in ``digits`` bytes after NULs, then a comma."""
    rows = np.zeros((len(numbers), digits + 1), dtype=np.uint8)
    rows[:, digits] = ord(",")
    left = numbers.astype(np.int64)
    for k in range(digits - 1, -1, -1):
        left, digit = np.divmod(left, 10)
        rows[:, k] = np.where((digit > 0) | (left > 0) | (k == digits - 1), digit + ord("0"), 0)
    return rows


TABLE_NUMBERS = 1 << 20  # numbers below this (item numbers and their differences) are written from a table


def _numbers_text(numbers: np.ndarray) -> tuple[str, np.ndarray]:
    """Non-negative numbers written in decimal, joined by commas (``",".join(map(str, …))``), and
    where each starts (one more: the text's length + 1), written with numpy: each number's row of
    digits is looked up in a table of the numbers up to the largest (or made, when that is large),
    and the rows' bytes other than their padding are the text."""
    top = int(numbers.max())
    digits = len(str(top))
    if top < TABLE_NUMBERS:
        table = _digit_rows(np.arange(top + 1), digits)
        rows = np.take(table, numbers, axis=0)
        width = np.take(np.count_nonzero(table, axis=1).astype(np.uint8), numbers)
    else:
        rows = _digit_rows(numbers, digits)
        width = np.count_nonzero(rows, axis=1).astype(np.uint8)
    at = np.empty(len(numbers) + 1, dtype=np.int64 if rows.size >= 2 ** 31 else np.int32)  # one array, no copies
    at[0] = 0
    np.cumsum(width, out=at[1:])
    return rows[rows != 0].tobytes()[:-1].decode("ascii"), at


def index_files(terms_of_items: list[Terms], docs: list[Doc]) -> dict[str, bytes]:
    """An edition's index files (path under its search folder → bytes), items numbered in the
    order given (each item's terms as ``search_terms.item_terms`` gives them): ``meta.json``,
    ``chunks/<n>.json`` and ``docs/<n>.json``.

    The postings are gathered in flat arrays (``_gather``) and sorted once with numpy by chunk,
    term (in code point order, as JSON's sorted keys), field and item (a stable sort keeps each
    term's items in order); the numbers of all postings are written as text in one join, and
    each chunk's JSON is cut from it: Python works once per term and field, not per posting."""
    terms, term_ids, fields, numbers, counts = _gather(terms_of_items)
    chunks = chunk_count(len(term_ids))
    grouped: list[list[str]] = [[] for _ in range(chunks)]
    if len(term_ids):
        keys = fold("\x1f".join(terms)).split("\x1f")    # key_of(term), in one call
        chunk = (np.fromiter(map(zlib.crc32, map(str.encode, keys)), dtype=np.int64, count=len(terms))
                 % chunks).tolist()                                                # chunk_of(key_of(term))
        rank = np.empty(len(terms), dtype=np.int64)
        rank[sorted(range(len(terms)), key=terms.__getitem__)] = np.arange(len(terms))
        slot = np.empty(len(terms), dtype=np.int64)   # each term's place in the files: by chunk, then term
        slot[np.lexsort((rank, chunk))] = np.arange(len(terms))
        wide = np.int64 if len(terms) * len(FIELDS) >= 2 ** 31 else np.int32
        order = np.argsort(slot.astype(wide)[term_ids] * len(FIELDS) + fields, kind="stable")
        tids, flds, items, counts = term_ids[order], fields[order], numbers[order], counts[order]
        starts = np.flatnonzero(np.r_[True, (tids[1:] != tids[:-1]) | (flds[1:] != flds[:-1])])
        ends = np.r_[starts[1:], len(tids)]
        deltas = items.copy()
        deltas[1:] -= items[:-1]
        deltas[starts] = items[starts]          # each term's first item in a field as it is, then differences
        text, at = _numbers_text(deltas)
        digits = (np.minimum(counts, MAX_TF) + ord("0")).astype(np.uint8).tobytes().decode()
        not_one = np.r_[0, np.cumsum(counts != 1)]
        counted = (not_one[ends] != not_one[starts]).tolist()   # a group whose counts are not all 1 lists them
        heads = np.r_[True, tids[starts][1:] != tids[starts][:-1]]
        for term_id, f, start, end, a, b, with_counts, opens, closes in zip(
                tids[starts].tolist(), flds[starts].tolist(), starts.tolist(), ends.tolist(), at[starts].tolist(),
                (at[ends] - 1).tolist(), counted, heads.tolist(), np.r_[heads[1:], True].tolist()):
            part = f'{f},[{text[a:b]}],"{digits[start:end] if with_counts else ""}"'
            if opens:
                term = terms[term_id]
                out = grouped[chunk[term_id]]
                part = f"{encode_basestring(term)}:[{part}"
            out.append(part + "]" if closes else part)
    files: dict[str, bytes] = {}
    for n, parts in enumerate(grouped):  # the JSON of {term: [field, [item deltas], "counts", …], …}
        files[f"chunks/{n}.json"] = ("{" + ",".join(parts) + "}\n").encode()
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
