"""What an edition's search index files are (search.py makes them): where a term's postings go
(``key_of``, ``chunk_of``, ``chunk_count``), a chunk file's text from its entries, the docs files
and ``meta.json``, whose version is the hash of all the others. Without numpy or lunr: a build
that brings an index up to date (search_update.py) needs only these.
"""
from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass

from .search_terms import FIELD_NAMES, FIELDS, fold

BOOSTS = tuple(boost for _, boost in FIELDS)
K1 = 1.2                 # lunr's default
MAX_TF = 9               # a term's count in a field beyond this counts as this
PAIR_BOOST = 20          # a query's adjacent words found together outweigh them scattered, in any field
MAX_QUERY_WORDS = 32     # a query's words beyond these are not looked up (each costs a file)
CODE_BOOST = 2           # a number or code typed whole ("40/2024/QĐ-UBND") found whole
DOCS_PER_FILE = 10       # items per docs file: a page of ten results fetches at most ten small files
POSTINGS_PER_CHUNK = 6000  # the index has about (postings / this) chunk files
SUMMARY_CHARS = 200      # of a summary shown in results


def key_of(term: str) -> str:
    """The folded form that places a term in its chunk; of a triple of words, its first two: a
    query's triple sits in the file of its first pair, which the query fetches anyway."""
    parts = fold(term).split(" ", 2)
    return " ".join(parts[:2])


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


def chunk_text(entries: list[str]) -> str:
    """A chunk file's text from its terms' entries (``"term":[field,[item deltas],"counts",…]``), in
    the terms' order: the JSON of {term: [field, [item deltas], "counts", …], …}."""
    return "{" + ",".join(entries) + "}\n"


def docs_files(docs: list[Doc]) -> dict[str, bytes]:
    """What results show of the items, ``DOCS_PER_FILE`` to a file."""
    return {f"docs/{start // DOCS_PER_FILE}.json": _json([d.row() for d in docs[start:start + DOCS_PER_FILE]])
            for start in range(0, len(docs), DOCS_PER_FILE)}


def file_digest(data: bytes) -> str:
    """What stands for an index file's bytes in its meta.json's version (and in search_update's state)."""
    return hashlib.sha256(data).hexdigest()[:32]


def meta_file(digests: dict[str, str], items: int, chunks: int) -> bytes:
    """``meta.json``, whose version is the hash of every other file's name and digest (``file_digest``):
    what a browser's copy of a file is checked against, and what names the index's state
    (search_update.py), which brings it up to date without reading the files an edit left as they were."""
    version = hashlib.sha256("".join(f"{name}\0{digests[name]}\n" for name in sorted(digests)).encode()).hexdigest()[:16]
    return _json({"version": version, "items": items, "chunks": chunks,
                  "docs_per_file": DOCS_PER_FILE, "fields": FIELD_NAMES, "boosts": BOOSTS,
                  "k1": K1, "pair_boost": PAIR_BOOST, "code_boost": CODE_BOOST,
                  "max_query_words": MAX_QUERY_WORDS})


def digests_of(files: dict[str, bytes]) -> dict[str, str]:
    """Each file's digest but meta.json's."""
    return {name: file_digest(data) for name, data in files.items() if name != "meta.json"}


def with_meta(files: dict[str, bytes], items: int, chunks: int) -> dict[str, bytes]:
    """The chunk and docs files with their ``meta.json``."""
    files["meta.json"] = meta_file(digests_of(files), items, chunks)
    return files


def _json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
