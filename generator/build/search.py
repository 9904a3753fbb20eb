"""Full-text search: an edition's lunr index, split by terms so that a query loads only its own.

What is indexed: every public item's title, number or code, tags, summary, every other text field
(signer, issuer, field, unit, a person's title, a Q&A's answer, …), its whole body and the text of
its attachments. Each field is a lunr field with its boost (``FIELDS``).

Terms, the same in Python and in ``search_vi.js`` (the ``congtt-vi`` function of both):

- every word as written (lower case, NFC) and, when different, folded (tone and vowel marks
  removed, đ → d): a query typed with marks matches both forms of an exactly written word and only
  the folded form of a differently marked one, so "đông" ranks "Đông" above "Đồng"; without marks
  it matches both equally;
- every two and every three adjacent words, folded, joined by a space ("hung vuong", "duong hung
  vuong"): Vietnamese words are one to four syllables, so a query's syllables in order rank the
  item holding them together above the one holding them scattered, and ``"…"`` requires them. The
  triples tell the item holding a phrase from the many holding its pairs apart (a phrase of a legal
  text shares its pairs with most items of the same kind).

The index is lunr's: lunr.js (and Python lunr, the reference here) scores a query on the vectors of
``lunr.Index.load``, with lunr's BM25 weights (k1 = 1.2; b = 0, lunr's own parameter, so that
weights do not depend on the length of other items and a part of the index does not change when
an unrelated item does). What is stored is what those weights are made of: for each term, its
postings (item numbers, delta-coded, and term frequencies, 9 at most) per field. Terms are
spread over ``chunks`` files by a hash of their folded form (``key_of``; a triple's first two
words), so a word and its marked spellings sit in one file, a triple in its first pair's, and a
query fetches one file per word and per pair of words, and only once. The
items' titles, addresses and summaries for the result list are in ``docs`` files of
``DOCS_PER_FILE`` items each.
"""
from __future__ import annotations

import json
import math
import re
import zlib
from array import array
from dataclasses import dataclass
from itertools import accumulate, chain, repeat
from json.encoder import encode_basestring
from typing import Callable

import numpy as np
from lunr import __TARGET_JS_VERSION__
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.query import QueryPresence
from lunr.token import Token

from ..core.textcheck import fold_vi
from .search_files import (  # noqa: F401 - the files' shapes, read here by tests and benchmarks too
    BOOSTS,
    CODE_BOOST,
    DOCS_PER_FILE,
    K1,
    MAX_QUERY_WORDS,
    MAX_TF,
    PAIR_BOOST,
    SUMMARY_CHARS,
    Doc,
    chunk_count,
    chunk_of,
    chunk_text,
    docs_files,
    key_of,
    with_meta,
)
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
def vi_variants(token: Token, i: int = 0, tokens: list | None = None):
    """The token as written (lower case) and, if it differs, folded."""
    exact = str(token)
    folded = fold_vi(exact)
    if folded == exact:
        return token
    return [token, token.clone(lambda *_: folded)]


Pipeline.register_function(vi_variants, PIPELINE_LABEL)


class _Ids(dict):
    """term → a number of its own, given in the order terms are met."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number


def _runs(*keys: np.ndarray) -> np.ndarray:
    """Where each run of equal values (of all the keys together) starts."""
    if not len(keys[0]):
        return np.empty(0, dtype=np.int64)
    change = np.zeros(len(keys[0]), dtype=bool)
    change[0] = True
    for key in keys:
        change[1:] |= key[1:] != key[:-1]
    return np.flatnonzero(change)


@dataclass
class _Postings:
    """Postings in flat arrays: per posting the term's number, the field, the item and the count."""
    terms: np.ndarray
    fields: np.ndarray
    items: np.ndarray
    counts: np.ndarray


_PAIRS = len(FIELDS) - 1   # the field of pairs and triples: the last
ONE_CODE_WORDS = 2 ** 21   # below this many terms, a triple's three numbers are one int64 (else its pair is numbered first)
PACKED_BITS = 64           # what _sorted_packed packs in a row (the tests make it less, to try the slower ways)


def _gather(terms_of_items: list[Terms]) -> tuple[_Ids, _Postings, np.ndarray, np.ndarray, list]:
    """The word fields' postings (every field but pairs), in item order, made in C (split, map,
    array.extend), numbering the terms in ``ids``; and every text's words as those numbers, one
    array for the edition, -1 ending each text, with the item of each (the pairs and triples are
    made from them: ``_together``; in item order); and the pairs of items given as dicts, (item,
    {pair: count})."""
    ids = _Ids()
    term_ids, counts = array("i"), array("B")
    held = array("i")  # postings of each item in each word field: item 0's fields, then item 1's, …
    distinct, distinct_at = array("i"), array("q")  # the sequences' words of each item, and where each item's start
    sequences: dict[int, list] = {2: [], 4: []}     # width → (item, its numbers' bytes)
    dict_pairs = []
    for number, terms in enumerate(terms_of_items):
        if isinstance(terms, bytes):  # packed (search_terms.pack): no dict is made
            names, _, rest = terms.partition(b"\0")
            parts = names.decode().split("\x1e")
            n = 0
            for part in parts[:-1]:
                some = part.split("\x1f") if part else ()
                term_ids.extend(map(ids.__getitem__, some))
                held.append(len(some))
                n += len(some)
            counts.frombytes(rest[:n])
            distinct_at.append(len(distinct))
            if parts[-1]:
                distinct.extend(map(ids.__getitem__, parts[-1].split("\x1f")))
            sequences[rest[n]].append((number, rest[n + 1:]))
        else:
            for counter in terms[:-1]:
                term_ids.extend(map(ids.__getitem__, counter))
                counts.extend(map(min, counter.values(), repeat(255)))
                held.append(len(counter))
            distinct_at.append(len(distinct))
            dict_pairs.append((number, terms[-1]))
            for pair in terms[-1]:  # its words numbered now: _together numbers words before pairs
                list(map(ids.__getitem__, pair.split(" ")))
    per = np.frombuffer(held, dtype=np.int32)
    fields = np.repeat(np.tile(np.arange(_PAIRS, dtype=np.int8), len(terms_of_items)), per)
    numbers = np.repeat(np.arange(len(terms_of_items), dtype=np.int32), per.reshape(-1, _PAIRS).sum(axis=1))
    postings = _Postings(np.frombuffer(term_ids, dtype=np.int32), fields, numbers, np.frombuffer(counts, dtype=np.uint8))
    known = np.append(np.frombuffer(distinct, dtype=np.int32).astype(np.int64), -1)  # the last: a text's end
    starts = np.frombuffer(distinct_at, dtype=np.int64)
    words_of, items_of = [], []
    for width, found in sequences.items():
        if not found:
            continue
        numbers_of = [np.frombuffer(data, dtype="<u2" if width == 2 else "<u4") for _, data in found]
        lengths = np.fromiter(map(len, numbers_of), dtype=np.int64, count=len(found))
        item = np.fromiter((n for n, _ in found), dtype=np.int32, count=len(found))
        local = np.concatenate(numbers_of).astype(np.int64)
        ends = local == (0xFFFF if width == 2 else 0xFFFFFFFF)
        at = local + np.repeat(starts[item], lengths)
        at[ends] = len(known) - 1
        words_of.append(known[at])
        items_of.append(np.repeat(item, lengths))
    if not words_of:
        return ids, postings, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int32), dict_pairs
    if len(words_of) > 1:  # items of both widths (an item of more than 65,534 distinct words): in item order again
        items = np.concatenate(items_of)
        order = np.argsort(items, kind="stable")
        return ids, postings, np.concatenate(words_of)[order], items[order], dict_pairs
    return ids, postings, words_of[0], items_of[0], dict_pairs


def _sorted_packed(*columns: tuple[np.ndarray, int]) -> list[np.ndarray] | None:
    """Non-negative integer columns (each with its width in bits, the first the most significant)
    sorted together as one uint64 each row (numpy's sort of plain numbers, several times faster
    than a stable argsort and the gathers after it); None when the widths exceed 64 bits."""
    if sum(bits for _, bits in columns) > PACKED_BITS:
        return None
    packed = np.zeros(len(columns[0][0]), dtype=np.uint64)
    for values, bits in columns:
        packed <<= np.uint64(bits)
        packed |= values.astype(np.uint64)
    packed.sort()
    out = []
    for values, bits in reversed(columns):
        out.append((packed & np.uint64((1 << bits) - 1)).astype(np.int64))
        packed >>= np.uint64(bits)
    return out[::-1]


def _bits(largest: int) -> int:
    return max(1, int(largest).bit_length())


def _pair_postings(ids: _Ids, code: np.ndarray, item: np.ndarray, term_name) -> _Postings:
    """Postings of sorted (code, item) rows, one per occurrence: counted per item, each code named
    (``term_name(codes)``: their terms) and numbered."""
    new = _runs(code, item)
    counts = np.minimum(np.diff(np.r_[new, len(code)]), 255).astype(np.uint8)
    code, item = code[new], item[new].astype(np.int32)
    heads = _runs(code)
    term_of = np.fromiter(map(ids.__getitem__, term_name(code[heads])), dtype=np.int32, count=len(heads))
    return _Postings(np.repeat(term_of, np.diff(np.r_[heads, len(code)])),
                     np.full(len(code), _PAIRS, dtype=np.int8), item, counts)


def _together_packed(ids: _Ids, sequence: np.ndarray, items: np.ndarray) -> _Postings | None:
    """``_together`` by sorting packed numbers: the pairs as (first word, second word, place) in one
    uint64, then the triples as (their pair's rank, third word, item); None when those do not fit
    64 bits (an edition of very many words), for the slower way."""
    if not len(sequence):
        return None
    valid = sequence >= 0
    used = np.zeros(len(ids), dtype=bool)
    used[sequence[valid]] = True
    word_of = np.flatnonzero(used)                            # the sequences' words, numbered anew from 0
    size = len(word_of)
    seq = np.where(valid, (np.cumsum(used) - 1)[np.where(valid, sequence, 0)], -1)
    vb, pb, ib = _bits(size), _bits(len(seq)), _bits(int(items.max()) if len(items) else 0)
    at = np.flatnonzero((seq[:-1] >= 0) & (seq[1:] >= 0))   # where each pair starts
    ordered = _sorted_packed((seq[at], vb), (seq[at + 1], vb), (at, pb))
    if ordered is None:
        return None
    first, second, at = ordered
    code = first * size + second
    item = items[at]
    rank = np.cumsum(np.r_[True, code[1:] != code[:-1]]) - 1 if len(code) else code   # each pair's rank
    leading = code[_runs(code)]
    follows = at + 2 < len(seq)
    follows[follows] = seq[at[follows] + 2] >= 0              # a third word: a triple starts here too
    triples = _sorted_packed((rank[follows], _bits(len(leading))), (seq[at[follows] + 2], vb), (item[follows], ib))
    if triples is None:
        return None
    t_rank, third, t_item = triples
    names = list(ids)

    def pair_names(codes):
        return (f"{names[a]} {names[b]}" for a, b in zip(word_of[codes // size].tolist(), word_of[codes % size].tolist()))

    def triple_names(codes):
        pair = leading[codes // size]
        return (f"{names[a]} {names[b]} {names[c]}" for a, b, c in zip(
            word_of[pair // size].tolist(), word_of[pair % size].tolist(), word_of[codes % size].tolist()))
    found = [_pair_postings(ids, code, item, pair_names),
             _pair_postings(ids, t_rank * size + third, t_item, triple_names)]
    return _Postings(*(np.concatenate([getattr(f, name) for f in found]) for name in ("terms", "fields", "items", "counts")))


def _together(ids: _Ids, sequence: np.ndarray, items: np.ndarray, dict_pairs: list) -> _Postings:
    """The pairs field's postings, grouped by term, each term's items in order: every two and three
    adjacent words of each text (``sequence``: term numbers, -1 ending a text; ``items``: the item
    of each), found with numpy as numbers of words and counted per item, then named and numbered."""
    if not dict_pairs and (fast := _together_packed(ids, sequence, items)) is not None:
        return fast
    size = len(ids) + 1                      # a pair is a triple whose third word is number len(ids)
    two = (sequence[:-1] >= 0) & (sequence[1:] >= 0)
    three = two[:-1] & two[1:]
    first = np.concatenate([sequence[:-1][two], sequence[:-2][three]])
    second = np.concatenate([sequence[1:][two], sequence[1:-1][three]])
    third = np.concatenate([np.full(int(two.sum()), size - 1, dtype=np.int64), sequence[2:][three]])
    held = np.concatenate([items[:-1][two], items[:-2][three]])
    if dict_pairs:  # items whose terms are dicts: each pair or triple as many times as it is counted
        rows = [([ids[w] for w in pair.split(" ")] + [size - 1])[:3] + [n, count]
                for n, pairs in dict_pairs for pair, count in pairs.items()]
        if rows:
            table = np.array(rows, dtype=np.int64).reshape(-1, 5)
            again = np.minimum(table[:, 4], 255)
            first, second, third, held = (np.concatenate([x, np.repeat(table[:, k], again)])
                                          for k, x in enumerate((first, second, third, held)))
    if size < ONE_CODE_WORDS:   # the three numbers in one int64
        leading, code = None, (first * size + second) * size + third
    else:                # the first two numbered as pairs first
        leading = np.unique(first * size + second)
        code = np.searchsorted(leading, first * size + second) * size + third
    order = np.argsort(code, kind="stable") if not dict_pairs else np.lexsort((held, code))
    names = list(ids)

    def pair_or_triple_names(codes):
        pairs, last = codes // size, codes % size
        if leading is not None:
            pairs = leading[pairs]
        return (f"{names[a]} {names[b]}" if c == size - 1 else f"{names[a]} {names[b]} {names[c]}"
                for a, b, c in zip((pairs // size).tolist(), (pairs % size).tolist(), last.tolist()))
    return _pair_postings(ids, code[order], held[order], pair_or_triple_names)


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


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def _grouped(ids: _Ids, single: _Postings, pairs: _Postings, chunks: int):
    """Every posting in the order of the files: by chunk, term (in code point order, as JSON's
    sorted keys), field and item. The word fields' postings are sorted once with numpy (packed
    with item and count in one uint64 each, ``_sorted_packed``; else a stable sort, which keeps each
    term's items in order); the pairs' come grouped by term; the groups of both are
    then put in order, and the postings follow their group. Returns the terms by number, each
    term's chunk, and per group of postings (a term in a field) its term, field and where it starts
    and ends; and per posting its item and count."""
    terms = list(ids)
    # fold(term) for all at once, but only where a term is not ASCII: most are pairs and triples, folded
    # already, and str.translate reads everything after a first other character slowly (60 -> 15 ms)
    folded = _NOT_ASCII.sub(lambda m: fold(m[0]), "\x1f".join(terms))
    keys = [k if k.count(" ") < 2 else k[:k.find(" ", k.find(" ") + 1)]       # key_of(term)
            for k in folded.split("\x1f")]
    chunk = (np.fromiter(map(zlib.crc32, map(str.encode, keys)), dtype=np.int64, count=len(terms))
             % chunks).tolist()                                                # chunk_of(key_of(term))
    rank = np.empty(len(terms), dtype=np.int64)
    rank[sorted(range(len(terms)), key=terms.__getitem__)] = np.arange(len(terms))
    slot = np.empty(len(terms), dtype=np.int64)   # each term's place in the files: by chunk, then term
    slot[np.lexsort((rank, chunk))] = np.arange(len(terms))
    wide = np.int64 if len(terms) * len(FIELDS) >= 2 ** 31 else np.int32
    slot = slot.astype(wide)
    key = slot[single.terms] * len(FIELDS) + single.fields
    ordered = _sorted_packed((key, _bits(len(terms) * len(FIELDS))), (single.items, _bits(len(single.items) and
                                                                                          int(single.items.max()))),
                             (single.counts, 8))
    if ordered is not None:
        key, w_items, w_counts = ordered
        term_of_slot = np.empty(len(terms), dtype=np.int64)
        term_of_slot[slot] = np.arange(len(terms))
        w_terms, w_fields = term_of_slot[key // len(FIELDS)], key % len(FIELDS)
    else:
        order = np.argsort(key, kind="stable")
        w_terms, w_fields, w_items, w_counts = single.terms[order], single.fields[order], single.items[order], \
            single.counts[order]
    w_starts, p_starts = _runs(w_terms, w_fields), _runs(pairs.terms)
    g_terms = np.concatenate([w_terms[w_starts], pairs.terms[p_starts]])
    g_fields = np.concatenate([w_fields[w_starts], pairs.fields[p_starts]])
    g_starts = np.concatenate([w_starts, p_starts + len(w_terms)])
    g_ends = np.r_[g_starts[1:], len(w_terms) + len(pairs.terms)]
    g_order = np.argsort(slot[g_terms].astype(np.int64) * len(FIELDS) + g_fields)
    g_terms, g_fields, g_starts, g_ends = g_terms[g_order], g_fields[g_order], g_starts[g_order], g_ends[g_order]
    lengths = g_ends - g_starts
    new_starts = np.r_[0, np.cumsum(lengths)[:-1]] if len(lengths) else lengths
    where = np.repeat(g_starts - new_starts, lengths) + np.arange(int(lengths.sum()))   # each posting's place before
    items = np.concatenate([w_items, pairs.items])[where]
    counts = np.concatenate([w_counts, pairs.counts])[where]
    return terms, chunk, g_terms, g_fields, new_starts, new_starts + lengths, items, counts


def index_files(terms_of_items: list[Terms], docs: list[Doc]) -> dict[str, bytes]:
    """An edition's index files (path under its search folder → bytes), items numbered in the
    order given (each item's terms as ``search_terms.item_terms`` gives them): ``meta.json``,
    ``chunks/<n>.json`` and ``docs/<n>.json``."""
    return counted_index_files(terms_of_items, docs)[0]


def counted_index_files(terms_of_items: list[Terms], docs: list[Doc]) -> tuple[dict[str, bytes], int]:
    """``index_files``, and how many postings the index holds (a term in a field of an item: one),
    which sets the number of chunks (search_update.py keeps it to update the files later).

    The postings are gathered in flat arrays (``_gather``, ``_together``) and put in the files'
    order (``_grouped``); the numbers of all postings are written as text in one join, and each
    chunk's JSON is cut from it: Python works once per term and field, not per posting."""
    ids, single, sequence, items_of, dict_pairs = _gather(terms_of_items)
    pairs = _together(ids, sequence, items_of, dict_pairs)
    postings = len(single.terms) + len(pairs.terms)
    chunks = chunk_count(postings)
    grouped: list[list[str]] = [[] for _ in range(chunks)]
    if postings:
        terms, chunk, tids, flds, starts, ends, items, counts = _grouped(ids, single, pairs, chunks)
        deltas = items.copy()
        deltas[1:] -= items[:-1]
        deltas[starts] = items[starts]          # each term's first item in a field as it is, then differences
        text, at = _numbers_text(deltas)
        digits = (np.minimum(counts, MAX_TF) + ord("0")).astype(np.uint8).tobytes().decode()
        not_one = np.r_[0, np.cumsum(counts != 1)]
        counted = (not_one[ends] != not_one[starts]).tolist()   # a group whose counts are not all 1 lists them
        heads = np.r_[True, tids[1:] != tids[:-1]]
        for term_id, f, start, end, a, b, with_counts, opens, closes in zip(
                tids.tolist(), flds.tolist(), starts.tolist(), ends.tolist(), at[starts].tolist(),
                (at[ends] - 1).tolist(), counted, heads.tolist(), np.r_[heads[1:], True].tolist()):
            part = f'{f},[{text[a:b]}],"{digits[start:end] if with_counts else ""}"'
            if opens:
                term = terms[term_id]
                out = grouped[chunk[term_id]]
                part = f"{encode_basestring(term)}:[{part}"
            out.append(part + "]" if closes else part)
    files = {f"chunks/{n}.json": chunk_text(parts).encode() for n, parts in enumerate(grouped)}
    return with_meta({**files, **docs_files(docs)}, len(docs), chunks), postings


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
    """What a reader's query asks: every word (required), every two and three adjacent words as a
    pair or triple (preferred; required inside "…", which asks for the exact phrase). search_vi.js:
    the same."""
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
        for pair in chain(map(" ".join, zip(folded, folded[1:])), map(" ".join, zip(folded, folded[1:], folded[2:]))):
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
