"""Search benchmark: congtt's sharded lunr index against Pagefind over the same corpus.

For each size (default 1,000, 10,000 and 50,000 news items) the script generates a corpus with
``bench/corpus.py``, then

    (a) builds it with congtt (``build.py build --jobs 2``, fresh CONGTT_CACHE_DIR), timing the
        whole build, and measures for the portal and one component host: shards, total shard
        bytes (raw and gzip), the bytes a first query downloads (shard-0.json + lunr.min.js +
        search-vi.js + search.js, gzipped) and, in Node, lunr.Index.load and query latency;
    (b) runs Pagefind (``python -m pagefind``, package ``pagefind[bin]``) over the same HTML,
        congtt's built pages of every host, timing the index build, and measures the bundle.

Exit status 0 unless a build fails.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from build_bench import congtt_cmd, tree_size  # noqa: E402
from corpus import write_corpus  # noqa: E402

PORTAL = "langson.gov.vn"
KB = 1024
ASSETS = ("lunr.min.js", "search-vi.js", "search.js")

NODE_SCRIPT = r"""
global.lunr = require(process.argv[2]);
require(process.argv[3]);
const fs = require("fs");
const data = JSON.parse(fs.readFileSync(process.argv[4], "utf8"));
const queries = JSON.parse(process.argv[5]);
const ms = (t) => { const d = process.hrtime(t); return d[0] * 1e3 + d[1] / 1e6; };
const median = (a) => { a = a.slice().sort((x, y) => x - y); const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2; };
const loads = []; let index;
for (let i = 0; i < 7; i++) { const t = process.hrtime(); index = lunr.Index.load(data.index); loads.push(ms(t)); }
const per = [], hits = [];
for (const q of queries) {
  const times = []; let n = 0;
  for (let i = 0; i < 7; i++) { const t = process.hrtime();
    n = index.search(q.normalize("NFC").toLowerCase()).length; times.push(ms(t)); }
  per.push(median(times)); hits.push(n);
}
console.log(JSON.stringify({load_ms: median(loads), query_ms: median(per), max_query_ms: Math.max(...per), hits}));
"""


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def fold(word: str) -> str:
    s = unicodedata.normalize("NFD", word.lower().replace("đ", "d").replace("Đ", "d"))
    return unicodedata.normalize("NFC", re.sub(r"[\u0300-\u036f]", "", s))


def pick_queries(titles: list[str]) -> list[str]:
    """Five two-word queries from the commonest marked title words, with and without marks."""
    words = Counter(w for t in titles for w in re.findall(r"\w+", t.lower())
                    if len(w) >= 3 and fold(w) != w)
    common = [w for w, _ in words.most_common(10)]
    while len(common) < 10:
        common += common or ["tỉnh"]
    pairs = [(common[i], common[i + 5]) for i in range(5)]
    qs = [" ".join("+" + w for w in p) for p in pairs]
    return qs + [" ".join("+" + fold(w) for w in p) for p in pairs]


def run(cmd: list[str], env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True)
    return time.perf_counter() - t0, p


def congtt_host(out: Path, host: str, node_dir: Path) -> dict:
    site = out / host
    shards = sorted((site / "tim-kiem").glob("shard-*.json"))
    if not shards:
        return {"host": host, "error": "no shards"}
    raw = [p.read_bytes() for p in shards]
    first = site / "tim-kiem" / "shard-0.json"
    assets = sum(gz((site / "assets" / a).read_bytes()) for a in ASSETS if (site / "assets" / a).is_file())
    data = json.loads(first.read_bytes())
    r = {"host": host, "shards": len(shards), "docs0": len(data["docs"]),
         "raw": sum(map(len, raw)), "gzip": sum(map(gz, raw)),
         "first": gz(first.read_bytes()) + assets, "assets_gz": assets}
    queries = pick_queries([d.get("t", "") for d in data["docs"].values()])
    p = subprocess.run(["node", str(node_dir / "q.js"), str(REPO / "node_modules" / "lunr"),
                        str(REPO / "generator" / "build" / "search_vi.js"), str(first), json.dumps(queries)],
                       capture_output=True, text=True)
    if p.returncode:
        r["error"] = p.stderr.strip()[-500:]
    else:
        r.update(json.loads(p.stdout))
    r["queries"] = queries
    return r


def pagefind_sizes(bundle: Path) -> dict:
    """Total bundle bytes; 'entry' = files outside fragment/ and index/ plus one (median) index
    chunk; 'api' = pagefind.js + pagefind-entry.json + wasm + pf_meta + one index chunk, i.e. what
    the JS API alone fetches for a first query (UI files excluded). .js/.json are counted gzipped,
    the .pagefind/.pf_* files as they are (Pagefind already gzips them)."""
    total, files = tree_size(bundle)
    chunks = sorted(p.stat().st_size for p in (bundle / "index").glob("*.pf_index"))
    chunk = chunks[len(chunks) // 2] if chunks else 0
    top = [p for p in bundle.iterdir() if p.is_file()]
    def wire(p: Path) -> int:
        return gz(p.read_bytes()) if p.suffix in (".js", ".json", ".css") else p.stat().st_size
    entry_raw = sum(p.stat().st_size for p in top) + chunk
    entry = sum(wire(p) for p in top) + chunk
    api = sum(wire(p) for p in top if p.name in ("pagefind.js", "pagefind-entry.json")
              or p.name.startswith("wasm.") or p.suffix == ".pf_meta") + chunk
    return {"total": total, "files": files, "chunks": len(chunks), "chunk": chunk,
            "entry_raw": entry_raw, "entry": entry, "api": api}


def fmt(rows: list[tuple]) -> str:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    ap.add_argument("--sites", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--component", default="so1.langson.gov.vn", help="component host to measure")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    a = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="congtt-search-bench-")).resolve()
    (work / "node").mkdir()
    (work / "node" / "q.js").write_text(NODE_SCRIPT, encoding="utf-8")
    if shutil.which("node") is None:
        print("note: node not found; no query latency")
    failed = False
    rows = [("items", "measure", "congtt portal", "congtt component", "pagefind (same pages, every host)")]
    notes = []
    try:
        for items in a.sizes:
            corpus = work / f"corpus-{items}"
            write_corpus(corpus, items, a.sites, a.seed)
            out, cache = work / f"out-{items}", work / f"cache-{items}"
            cache.mkdir()
            env = dict(os.environ, CONGTT_CACHE_DIR=str(cache))
            secs, p = run(congtt_cmd(REPO / "build.py", corpus / "congtt", out, a.jobs) + ["--timings"], env)
            # CPU seconds spent building the search shards, summed over the workers (build.py --timings)
            m = re.search(r"search_shard ([0-9.]+)", p.stderr or "")
            index_cpu = float(m[1]) if m else float("nan")
            print(f"{items:,} items: congtt build {secs:.2f} s (exit {p.returncode}); search shards "
                  f"{index_cpu:.2f} CPU s, about {index_cpu / a.jobs:.2f} s on {a.jobs} cores", flush=True)
            if p.returncode:
                print(p.stderr[-2000:])
                failed = True
                continue
            hosts = [congtt_host(out, h, work / "node") for h in (PORTAL, a.component)]
            every = [q.read_bytes() for q in out.glob("*/tim-kiem/shard-*.json")]
            all_raw, all_gz, all_n = sum(map(len, every)), sum(map(gz, every)), len(every)
            print(f"  all hosts: {all_n} shards, {all_raw:,} B raw, {all_gz:,} B gzip")
            for h in hosts:
                print(f"  {h['host']}: {json.dumps({k: v for k, v in h.items() if k != 'host'}, ensure_ascii=False)}")
            # Pagefind indexes the same HTML: congtt's built pages, every host (its bundle goes to
            # a folder of its own, so congtt's output stays as measured above).
            pf, pf_secs = None, 0.0
            pf_out = work / f"pagefind-{items}"
            pf_secs, pp = run([sys.executable, "-m", "pagefind", "--site", str(out), "--output-path", str(pf_out),
                               "--quiet"])
            if pp.returncode:
                print(f"  pagefind failed: {(pp.stderr or pp.stdout)[-1000:]}")
                failed = True
            else:
                pf = pagefind_sizes(pf_out)
                pages = json.loads((pf_out / "pagefind-entry.json").read_text())
                pf["pages"] = sum(l["page_count"] for l in pages["languages"].values())
                print(f"  pagefind {pf_secs:.2f} s: {json.dumps(pf)}", flush=True)
            P, C = hosts
            na = "–"
            def k(h, key, scale=KB, f="{:,.0f}"):
                return f.format(h[key] / scale) if key in h else na
            rows += [
                (f"{items:,}", "build / index s", f"{secs:.2f} (all sites)", "", f"{pf_secs:.2f}" if pf else na),
                ("", "index alone s (CPU/cores)", f"{index_cpu / a.jobs:.2f} (all sites)", "", f"{pf_secs:.2f}" if pf else na),
                ("", "docs in shard 0 / pages", k(P, "docs0", 1), k(C, "docs0", 1), k(pf, "pages", 1) if pf else na),
                ("", "shards / index chunks", k(P, "shards", 1), k(C, "shards", 1), k(pf, "chunks", 1) if pf else na),
                ("", "index KB raw", k(P, "raw"), k(C, "raw"), k(pf, "total") if pf else na),
                ("", "index KB gzip", k(P, "gzip"), k(C, "gzip"), k(pf, "total") + " (pre-gz)" if pf else na),
                ("", "all hosts: shards, KB raw/gz", f"{all_n}, {all_raw / KB:,.0f}/{all_gz / KB:,.0f}", "", ""),
                ("", "first query KB (gz)", k(P, "first"), k(C, "first"),
                 f"{k(pf, 'entry')} entry / {k(pf, 'api')} API" if pf else na),
                ("", "lunr load ms (median)", k(P, "load_ms", 1, "{:.1f}"), k(C, "load_ms", 1, "{:.1f}"), na),
                ("", "query ms (median/max)", f"{k(P, 'query_ms', 1, '{:.2f}')}/{k(P, 'max_query_ms', 1, '{:.2f}')}",
                 f"{k(C, 'query_ms', 1, '{:.2f}')}/{k(C, 'max_query_ms', 1, '{:.2f}')}", na),
            ]
            if pf:
                for h in hosts:
                    if "first" in h:
                        notes.append(f"{items:,} items, {h['host']}: congtt/pagefind first-query bytes = "
                                     f"{h['first'] / pf['entry']:.2f}x (entry) / {h['first'] / pf['api']:.2f}x (API); "
                                     f"this host's shards gzip / pagefind bundle = {h['gzip'] / pf['total']:.2f}x")
                notes.append(f"{items:,} items: every host's shards gzip / pagefind bundle = {all_gz / pf['total']:.2f}x")
                notes.append(f"{items:,} items: congtt index alone / Pagefind = {index_cpu / a.jobs / pf_secs:.2f}x; "
                             f"congtt whole build / Pagefind = {secs / pf_secs:.2f}x")
            if not a.keep:
                for d in (corpus, out, cache, work / f"pagefind-{items}"):
                    shutil.rmtree(d, ignore_errors=True)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work folder kept: {work}")
    print()
    print(fmt(rows))
    print()
    print("congtt: first query = shard-0.json + lunr.min.js + search-vi.js + search.js, each gzip -9; "
          "latency in Node (median of 7 runs; per-query median over 10 queries: 5 two-word '+w1 +w2' "
          "queries from shard 0's titles, with and without diacritics).")
    print("pagefind: index KB = whole pagefind/ folder (its .pf_* and wasm files are already gzipped); "
          "'entry' = every file under pagefind/ outside fragment/ and index/ (UI files included; "
          ".js/.json/.css gzipped) plus one median-size index chunk; 'API' = pagefind.js + "
          "pagefind-entry.json + wasm + pf_meta + one index chunk (what the JS API alone fetches "
          "before fragments). Pagefind indexes the same HTML: congtt's built pages of every host (items, lists, tags).")
    for n in notes:
        print(n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
