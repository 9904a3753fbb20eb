"""Search recall: phrases drawn from anywhere in items' indexed text, searched in Python and in lunr.js.

For N random items of an edition (seeded) the script takes each item's indexed text from its built
JSON record (``<item address>/index.json``): the title, every text field (tags, summary, author,
signer, …; not dates or addresses) and the body's HTML as text. Attachments' extracted text is
indexed too but is not in the record, so no phrase comes from it. From that text it draws a phrase
of 2 to 5 consecutive words (syllables) at a random place, and types it twice: with diacritics
(NFC, lower case) and without (``search.fold``). Every query runs through the Python reference
(``generator.build.search.Searcher``) and through lunr.js in one Node process
(``lunr.congtt.Searcher`` of search_vi.js, reading the files from disk); the two orders must be the
same. Printed: how often the item is among the results and in the first ten, overall, with and
without diacritics and by phrase length, and how many queries' folded phrase occurs, as consecutive
words, in more than 10 items (no search can tell those items apart by text; they stay in the rates).

    python bench/search_recall.py                          # 1,000 queries at 10,000 items
    python bench/search_recall.py --items 2000 --queries 200 --keep

The corpus is bench/corpus.py's with ``syndicate=True``, so the portal's index holds every item of
the province. Exit status 0 unless the build fails.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
from corpus import write_corpus  # noqa: E402

from generator.build import search  # noqa: E402

PORTAL = "langson.gov.vn"
LENGTHS = (2, 3, 4, 5)
CROWDED = 10          # a phrase in more items than this cannot single one out
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]*)?$")
_ADDRESS = re.compile(r"^(?:https?://|mailto:|/)\S*$")
_WORD = re.compile(r"\w+")

NODE_SCRIPT = r"""
// argv: lunr, search_vi.js, index folder, queries.json, output file
global.lunr = require(process.argv[2]);
require(process.argv[3]);
const fs = require("fs"), path = require("path");
const dir = process.argv[4];
const queries = JSON.parse(fs.readFileSync(process.argv[5], "utf8"));
const searcher = new lunr.congtt.Searcher((p) => Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, p), "utf8"))));
(async () => {
  const out = [];
  const t = process.hrtime();
  for (const q of queries) { out.push((await searcher.search(q)).map((h) => h.number)); }
  const d = process.hrtime(t);
  fs.writeFileSync(process.argv[6], JSON.stringify({hits: out, seconds: d[0] + d[1] / 1e9}));
})().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
"""


@dataclass(frozen=True)
class Query:
    text: str          # as typed
    item: int          # the item's number in the edition's index
    ref: str
    marked: bool       # typed with diacritics
    length: int        # words
    phrase: str        # folded words joined by spaces


def nfc_lower(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def _strings(value) -> list[str]:
    """Text in a record's field value: strings in lists and records, not dates or addresses."""
    if isinstance(value, str):
        return [] if _ISO_DATE.match(value.strip()) or _ADDRESS.match(value.strip()) else [value]
    if isinstance(value, list):
        return [s for x in value for s in _strings(x)]
    if isinstance(value, dict):
        return [s for x in value.values() for s in _strings(x)]
    return []


def record_texts(record: dict) -> list[str]:
    """An item's indexed text from its JSON record, one string per field (title first), the body last."""
    fields = record.get("fields", {})
    texts = _strings(fields.get("title", ""))
    texts += [s for name, value in fields.items() if name != "title" for s in _strings(value)]
    texts.append(search.plain_text(record.get("body_html", "")))
    return [t for t in texts if t.strip()]


def record_path(out: Path, url: str) -> Path:
    parts = urlsplit(url)
    return out / parts.netloc / parts.path.strip("/") / "index.json"


def edition_docs(index_dir: Path) -> list[list]:
    """Every row of the edition's docs files, in item-number order."""
    meta = json.loads((index_dir / "meta.json").read_bytes())
    rows: list[list] = []
    n = 0
    while len(rows) < meta["items"]:
        rows += json.loads((index_dir / "docs" / f"{n}.json").read_bytes())
        n += 1
    return rows


def draw_queries(out: Path, index_dir: Path, count: int, seed: int = 0) -> tuple[list[Query], list[list[str]]]:
    """``count`` queries (half as many phrases, each with and without diacritics) from random items
    of the edition whose index is ``index_dir``; also every item's folded words, field by field."""
    rows = edition_docs(index_dir)
    rng = random.Random(seed)
    phrases = (count + 1) // 2
    picked = rng.sample(range(len(rows)), phrases) if phrases <= len(rows) else \
        [rng.randrange(len(rows)) for _ in range(phrases)]
    queries: list[Query] = []
    for number in picked:
        ref, url = rows[number][0], rows[number][1]
        texts = [search.words(t) for t in record_texts(json.loads(record_path(out, url).read_bytes()))]
        length = rng.choice(LENGTHS)
        while length > 1 and not any(len(w) >= length for w in texts):
            length -= 1
        starts = [(f, i) for f, w in enumerate(texts) for i in range(len(w) - length + 1)]
        f, i = starts[rng.randrange(len(starts))]
        marked = " ".join(texts[f][i:i + length])
        folded = search.fold(marked)
        for typed, is_marked in ((marked, True), (folded, False)):
            queries.append(Query(typed, number, ref, is_marked, length, folded))
    return queries[:count], rows


def crowded(out: Path, rows: list[list], queries: list[Query]) -> dict[str, int]:
    """For each query's folded phrase, how many items of the edition hold it as consecutive words
    in one field (read from every item's record; bigrams narrow the candidates)."""
    wanted = {}
    for q in queries:
        words = q.phrase.split()
        wanted[q.phrase] = list(zip(words, words[1:]))
    pairs = {p for ps in wanted.values() for p in ps}
    holders: dict[tuple, set[int]] = {p: set() for p in pairs}
    texts: dict[int, list[str]] = {}
    for number, row in enumerate(rows):
        fields = [search.fold(" ".join(search.words(t))) for t in
                  record_texts(json.loads(record_path(out, row[1]).read_bytes()))]
        hit = False
        for text in fields:
            w = text.split()
            for p in zip(w, w[1:]):
                if p in holders:
                    holders[p].add(number)
                    hit = True
        if hit:
            texts[number] = [f" {t} " for t in fields]
    counts = {}
    for phrase, ps in wanted.items():
        candidates = set.intersection(*(holders[p] for p in ps)) if ps else set()
        counts[phrase] = sum(any(f" {phrase} " in t for t in texts[n]) for n in candidates)
    return counts


def python_hits(index_dir: Path, queries: list[Query]) -> tuple[list[list[int]], float]:
    searcher = search.Searcher(lambda p: (index_dir / p).read_bytes())
    t0 = time.perf_counter()
    hits = [[h.number for h in searcher.search(q.text)] for q in queries]
    return hits, time.perf_counter() - t0


def node_hits(index_dir: Path, queries: list[Query], work: Path) -> tuple[list[list[int]] | None, float, str]:
    """The same queries through lunr.js (one Node process); None and the reason when Node is missing
    or fails."""
    if shutil.which("node") is None:
        return None, 0.0, "node not found"
    script, qfile, ofile = work / "recall.js", work / "queries.json", work / "hits.json"
    script.write_text(NODE_SCRIPT, encoding="utf-8")
    qfile.write_text(json.dumps([q.text for q in queries], ensure_ascii=False), encoding="utf-8")
    p = subprocess.run(["node", str(script), str(REPO / "node_modules" / "lunr"),
                        str(REPO / "generator" / "build" / "search_vi.js"), str(index_dir), str(qfile), str(ofile)],
                       capture_output=True, text=True)
    if p.returncode:
        return None, 0.0, p.stderr.strip()[-1000:]
    data = json.loads(ofile.read_text(encoding="utf-8"))
    return data["hits"], data["seconds"], ""


@dataclass
class Rates:
    queries: int = 0
    found: int = 0
    top10: int = 0

    def add(self, rank: int | None) -> None:
        self.queries += 1
        self.found += rank is not None
        self.top10 += rank is not None and rank < 10

    def text(self) -> str:
        if not self.queries:
            return "no queries"
        return (f"{self.queries:5d} queries: found {100 * self.found / self.queries:6.2f} %, "
                f"first ten {100 * self.top10 / self.queries:6.2f} %")


def evaluate(queries: list[Query], hits: list[list[int]], counts: dict[str, int] | None = None) -> dict[str, Rates]:
    """Rates by group: all, marked/unmarked, by length, and by whether the phrase is crowded."""
    groups: dict[str, Rates] = {}
    for q, h in zip(queries, hits):
        rank = h.index(q.item) if q.item in h else None
        keys = ["all", "with diacritics" if q.marked else "without diacritics", f"{q.length} words"]
        if counts is not None:
            keys.append(f"phrase in > {CROWDED} items" if counts[q.phrase] > CROWDED else f"phrase in <= {CROWDED} items")
        for k in keys:
            groups.setdefault(k, Rates()).add(rank)
    return groups


def mismatches(queries: list[Query], a: list[list[int]], b: list[list[int]]) -> list[tuple[Query, list[int], list[int]]]:
    return [(q, x, y) for q, x, y in zip(queries, a, b) if x != y]


def build(corpus_repo: Path, out: Path, cache: Path, jobs: int) -> subprocess.CompletedProcess:
    env = dict(os.environ, CONGTT_CACHE_DIR=str(cache))
    return subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--root", str(corpus_repo),
                           "--out", str(out), "--jobs", str(jobs), "--timings"],
                          env=env, cwd=REPO, capture_output=True, text=True)


def report(queries: list[Query], py: list[list[int]], node: list[list[int]] | None,
           counts: dict[str, int]) -> str:
    lines = []
    groups = evaluate(queries, py, counts)
    order = ["all", "with diacritics", "without diacritics", *(f"{n} words" for n in LENGTHS),
             f"phrase in <= {CROWDED} items", f"phrase in > {CROWDED} items"]
    lines.append("Python reference:")
    lines += [f"  {k:<24} {groups[k].text()}" for k in order if k in groups]
    many = sum(counts[q.phrase] > CROWDED for q in queries)
    lines.append(f"  queries whose folded phrase is in more than {CROWDED} items: {many} of {len(queries)} "
                 f"(included in the rates above)")
    best = sum(min(1.0, CROWDED / max(1, counts[q.phrase])) for q in queries) / max(1, len(queries))
    lines.append(f"  first ten at best (a phrase in n > 10 items puts its item there at most 10/n of the time): "
                 f"{100 * best:.2f} %")
    lines.append(f"  queries typed the same with and without diacritics: "
                 f"{sum(q.marked and q.text == q.phrase for q in queries)} phrases")
    if node is None:
        lines.append("lunr.js in Node: not run")
    else:
        bad = mismatches(queries, py, node)
        ng = evaluate(queries, node)
        lines.append(f"lunr.js in Node: {ng['all'].text()}; order differs from Python for {len(bad)} queries")
        for q, x, y in bad[:5]:
            lines.append(f"  {q.text!r}: Python {x[:10]}… ({len(x)}), Node {y[:10]}… ({len(y)})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, default=10000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--sites", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--host", default=PORTAL, help="the edition's host (default the portal, which holds every item)")
    ap.add_argument("--out", type=Path, help="an existing build to query instead of building one")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    a = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="congtt-recall-")).resolve()
    try:
        out = a.out
        if out is None:
            write_corpus(work / "corpus", a.items, a.sites, a.seed, syndicate=True)
            out, cache = work / "out", work / "cache"
            cache.mkdir()
            t0 = time.perf_counter()
            p = build(work / "corpus" / "congtt", out, cache, a.jobs)
            print(f"built {a.items:,} items over {a.sites} sites in {time.perf_counter() - t0:.1f} s "
                  f"(exit {p.returncode})", flush=True)
            if p.returncode:
                print(p.stderr[-3000:])
                return 1
        index_dir = out / a.host / "tim-kiem"
        t0 = time.perf_counter()
        queries, rows = draw_queries(out, index_dir, a.queries, a.seed)
        counts = crowded(out, rows, queries)
        print(f"{len(queries)} queries from {len(queries) // 2} of {len(rows):,} items of {a.host} "
              f"({time.perf_counter() - t0:.1f} s)", flush=True)
        py, py_s = python_hits(index_dir, queries)
        node, node_s, why = node_hits(index_dir, queries, work)
        print(f"Python {py_s:.1f} s, Node {node_s:.1f} s{'' if node is not None else ' (' + why + ')'}")
        print(report(queries, py, node, counts))
        print("Phrases come from the title, text fields and body of each item's JSON record; "
              "attachments' text is indexed but not in the record, so no phrase is drawn from it.")
    finally:
        if a.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
