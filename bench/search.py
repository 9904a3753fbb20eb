"""Search benchmark: congtt's term-split lunr index against Pagefind over the same corpus.

For each size (default 10,000 and 50,000 news items, every component item syndicated so that the
portal's index holds the whole province) the script generates a corpus with ``bench/corpus.py``, then

    (a) builds it with congtt (``build.py build --jobs 2 --timings``, fresh CONGTT_CACHE_DIR),
        timing the whole build and reading the CPU seconds of its ``search_index`` pages (summed
        over the workers; the items' terms are made before, at load); times the index's whole
        work again in a process of its own, wall on one core (``index_time``: every item's terms
        made once from its text, then every edition's index assembled) and then spread over
        ``--jobs`` forked processes as the build spreads it; and measures for the
        portal and one component host: chunk and docs files, the index's bytes raw and gzipped,
        and what queries download (below);
    (b) runs Pagefind (``python -m pagefind``, package ``pagefind[bin]``) over the same HTML,
        congtt's built pages of every host, timing it (wall), and measures its bundle and, in
        Chromium (Python Playwright), what its JS API downloads for the same queries.

Queries: 20 phrases from bench/search_recall.py's generator (10 items of the host, with and without
diacritics) and a few common one- and two-word queries. A query downloads, gzipped (gzip -9 of each
file, as a server would send it): lunr.min.js, search-vi.js, search.js, meta.json, the chunk files
holding its words and pairs, and the docs files of its first ten results. "Cold" counts a query as
the first of a visit; "in turn" runs the set in one visit and counts only files not fetched before.
For Pagefind the same: a fresh browser context per query (cold), one page for the set (in turn),
``pagefind.search(q)`` and ``.data()`` of the first ten results, counting every file the page
requested under /pagefind/ (.js/.json gzipped -9, its .pf_* and wasm files as they are: Pagefind
gzips them itself). Without Playwright or Chromium (or with ``--no-browser``: at 50,000 items its
WebAssembly search does not finish in Chromium in reasonable time), Pagefind's download for each
query is worked out from its bundle by its own rules (``pagefind_model``: its code, pf_meta and the
index chunks its ``request_indexes`` names for the query's terms; the results' fragments left out,
so a lower bound); where Chromium runs, the worked-out figure is printed against the measured one.
``--downloads OUT PF_ROOT [--no-browser]`` compares the portal's queries on a kept output.

Exit status 0 unless a build fails.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from build_bench import congtt_cmd, tree_size  # noqa: E402
from corpus import write_corpus  # noqa: E402
from search_recall import draw_queries, node_hits, search  # noqa: E402

PORTAL = "langson.gov.vn"
KB = 1024
ASSETS = ("lunr.min.js", "search-vi.js", "search.js")
COMMON = ("tỉnh", "thông tin", "ủy ban", "lang son", "dich vu cong")
CHROMIUM = Path("/usr/bin/chromium")
TOP = 10

PAGE = """<!doctype html><html lang="vi"><meta charset="utf-8"><title>pagefind bench</title>
<script type="module">
window.runQuery = async (q) => {
  const pf = await import("/pagefind/pagefind.js");
  const r = await pf.search(q);
  const data = await Promise.all(r.results.slice(0, %d).map((x) => x.data()));
  return [r.results.length, data.map((d) => d.url)];
};
window.benchReady = true;
</script>
""" % TOP


@functools.cache
def gz_file(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def wire(path: Path) -> int:
    """What a server sends: .js/.json/.css/.html gzipped -9; Pagefind's own gzipped files as they are."""
    return gz_file(path) if path.suffix in (".js", ".json", ".css", ".html") else path.stat().st_size


def run(cmd: list[str], env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True)
    return time.perf_counter() - t0, p


def children_cpu() -> float:
    """CPU seconds (user + system) of every child waited for so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def pagefind_per_host(out: Path, pf_root: Path) -> dict:
    """Pagefind run once per host folder of a built output (``--site <host>``), one after the other: the
    wall times summed, and the hosts it failed on. When one run over the whole output does not finish
    (at 50,000 items it was killed for memory on a 23 GB machine), this is what indexing the same pages
    costs Pagefind as separate sites; it indexes less than congtt's portal index, which holds every
    component site's items too."""
    secs, cpu, failed, pages = 0.0, 0.0, [], 0
    for host in sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
        cpu0 = children_cpu()
        spent, done = run([sys.executable, "-m", "pagefind", "--site", str(host), "--output-path",
                           str(pf_root / host.name), "--quiet"])
        secs, cpu = secs + spent, cpu + children_cpu() - cpu0
        if done.returncode:
            failed.append(f"{host.name} (exit {done.returncode})")
            continue
        entry = json.loads((pf_root / host.name / "pagefind-entry.json").read_text())
        pages += sum(v["page_count"] for v in entry["languages"].values())
    return {"secs": secs, "cpu": cpu, "failed": failed, "pages": pages}


_SHARED: dict = {}  # what index_time's worker processes read, set before they are forked


def _terms_of(span: tuple[int, int]) -> int:
    from generator.build import search_terms
    for d in _SHARED["docs"][span[0]:span[1]]:
        search_terms.item_terms(search_terms.item_entry(d.type, d.values, d.body_html, d.attachment_text))
    return span[1] - span[0]


def _edition(n: int) -> int:
    from generator.build import views as v
    from generator.build.data_pages import search_index_files
    from generator.build.page_input import PageCall
    ri, page = _SHARED["ri"], _SHARED["editions"][n]
    site = ri.config.sites[page.site]
    return len(search_index_files(PageCall(ri, page, site, v.Linker(ri.config, site.edition(page.lang)))))


def index_time(root: Path, cache: Path, jobs: int = 1) -> dict:
    """The index's own work for a whole build, timed wall in this process: every item's terms made
    once from its text (``search_terms.item_terms`` with no cache: the load stage's work on a cold
    cache), then every edition's index assembled from them (the ``search_index`` pages' work).
    Loading (from the build's warm cache) is not counted. With ``jobs`` > 1, the same work again
    spread over that many forked processes, as the build spreads it (items in equal spans; each
    edition whole, the largest first), timed wall from the first fork to the last result."""
    import datetime as dt
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from generator.build.aggregate import with_portal_listings
    from generator.build.page_input import RenderInput, search_documents
    from generator.build.plan import plan
    from generator.core.clock import VN_TZ
    from generator.pipeline import BuildOptions, load_content
    options = BuildOptions(root=root, out=root / "unused", now=dt.datetime.now(VN_TZ), jobs=2, cache_dir=cache)
    config, index, _ = load_content(options)
    docs = list(index.docs.values())
    index = with_portal_listings(config, index)
    pages, copies, _ = plan(config, index)
    ri = RenderInput(config, index, tuple(pages), tuple(copies), str(cache), None)
    held = {pg: len(search_documents(ri, config.sites[pg.site], pg.lang)) for pg in pages if pg.kind == "search_index"}
    editions = sorted(held, key=held.__getitem__, reverse=True)
    _SHARED.update(docs=docs, ri=ri, editions=editions)
    t0 = time.perf_counter()
    _terms_of((0, len(docs)))
    tokenise = time.perf_counter() - t0
    t0 = time.perf_counter()
    for n in range(len(editions)):
        _edition(n)
    result = {"items": len(docs), "tokenise": tokenise, "assemble": time.perf_counter() - t0,
              "editions": len(editions), "jobs": jobs}
    if jobs > 1:
        step = -(-len(docs) // (jobs * 8))
        t0 = time.perf_counter()
        with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
            list(pool.map(_terms_of, [(k, k + step) for k in range(0, len(docs), step)]))
        result["tokenise_jobs"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
            list(pool.map(_edition, range(len(editions))))
        result["assemble_jobs"] = time.perf_counter() - t0
    return result


def host_queries(out: Path, host: str, seed: int) -> list[str]:
    drawn, _ = draw_queries(out, out / host / "tim-kiem", 20, seed)
    return [q.text for q in drawn] + list(COMMON)


def congtt_downloads(site: Path, queries: list[str]) -> dict:
    """Bytes (gzipped) each query downloads, cold and in turn, read with the Python Searcher, which
    fetches what search.js fetches, in the same order."""
    index_dir = site / "tim-kiem"
    code = sum(gz_file(site / "assets" / a) for a in ASSETS if (site / "assets" / a).is_file())

    def fetch(searcher, q) -> int:
        before = len(searcher.fetched)
        hits = searcher.search(q)
        for h in hits[:TOP]:
            searcher.doc(h.number)
        return sum(gz_file(index_dir / p) for p in searcher.fetched[before:])

    def fresh():
        return search.Searcher(lambda p: (index_dir / p).read_bytes())

    cold, files = [], []
    for q in queries:
        s = fresh()
        cold.append(code + gz_file(index_dir / "meta.json") + fetch(s, q))
        files.append(len(s.fetched))
    s = fresh()
    turn = [fetch(s, q) for q in queries]
    turn[0] += code + gz_file(index_dir / "meta.json")
    return {"cold": cold, "turn": turn, "files": files, "code": code}


def congtt_host(out: Path, host: str, queries: list[str], work: Path) -> dict:
    site = out / host
    index_dir = site / "tim-kiem"
    if not (index_dir / "meta.json").is_file():
        return {"host": host, "error": "no tim-kiem/meta.json"}
    meta = json.loads((index_dir / "meta.json").read_bytes())
    every = [p for p in index_dir.rglob("*.json")]
    r = {"host": host, "items": meta["items"], "chunks": len(list((index_dir / "chunks").glob("*.json"))),
         "docs": len(list((index_dir / "docs").glob("*.json"))),
         "raw": sum(p.stat().st_size for p in every), "gzip": sum(gz_file(p) for p in every),
         "largest_chunk_gz": max(gz_file(p) for p in (index_dir / "chunks").glob("*.json"))}
    r.update(congtt_downloads(site, queries))
    # lunr.js in Node, one process for the set, files read from disk
    t0 = time.perf_counter()
    from search_recall import Query
    node, secs, why = node_hits(index_dir, [Query(q, 0, "", True, 0, "") for q in queries], work)
    r["node_ms_per_query"] = round(1000 * secs / len(queries), 1) if node is not None else None
    r["node_note"] = why or f"node run {time.perf_counter() - t0:.1f} s"
    return r


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def pagefind_downloads(root: Path, queries: list[str]) -> dict:
    """In Chromium, what Pagefind's JS API fetches under /pagefind/ for each query (cold: a fresh
    context each) and for the set in one page (in turn: files not fetched before)."""
    from playwright.sync_api import sync_playwright  # the bench extra

    (root / "bench.html").write_text(PAGE, encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    def size(url: str) -> int:
        path = url[len(base):].split("?")[0]
        return wire(root / path.lstrip("/")) if path.startswith("/pagefind/") else 0

    cold, turn, results, first = [], [], [], {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
            try:
                for q in queries:
                    ctx = browser.new_context()
                    page = ctx.new_page()
                    seen: list[str] = []
                    page.on("request", lambda req, seen=seen: seen.append(req.url))
                    page.goto(f"{base}/bench.html")
                    page.wait_for_function("window.benchReady === true")
                    results.append(page.evaluate("(q) => window.runQuery(q)", q)[0])
                    cold.append(sum(size(u) for u in set(seen)))
                    if not first:  # the first query's bytes by kind of file: index/, fragment/, the rest
                        for u in set(seen):
                            part = u[len(base):].split("?")[0].split("/")
                            if len(part) > 2 and part[1] == "pagefind":
                                kind = part[2] if len(part) > 3 else part[2].split(".")[0]
                                first[kind] = first.get(kind, 0) + size(u)
                    ctx.close()
                ctx = browser.new_context()
                page = ctx.new_page()
                seen = []
                page.on("request", lambda req: seen.append(req.url))
                page.goto(f"{base}/bench.html")
                page.wait_for_function("window.benchReady === true")
                counted: set[str] = set()
                for q in queries:
                    page.evaluate("(q) => window.runQuery(q)", q)
                    new = set(seen) - counted
                    counted |= new
                    turn.append(sum(size(u) for u in new))
                ctx.close()
            finally:
                browser.close()
    finally:
        server.shutdown()
    return {"cold": cold, "turn": turn, "results": results, "first": first}


PUNCTUATION = ("Pd", "Pe", "Pf", "Pi", "Po", "Ps")  # the classes Pagefind's search() drops from a query


def pagefind_terms(query: str) -> list[str]:
    """A query's terms as Pagefind 1.x's ``search()`` makes them before asking its WebAssembly for
    index chunks: punctuation dropped, lower case, runs of spaces made one, diacritics removed
    (NFD, combining marks dropped; đ stays), split on spaces."""
    kept = "".join(c.lower() for c in query if unicodedata.category(c) not in PUNCTUATION)
    folded = "".join(c for c in unicodedata.normalize("NFD", " ".join(kept.split()))
                     if not unicodedata.category(c).startswith("M"))
    return folded.split(" ") if folded else []


def pagefind_chunks(meta_chunks: list, terms: list[str]) -> set[str]:
    """The index chunks Pagefind 1.5's ``request_indexes`` names for these terms: for each term the
    first chunk whose [from, to] holds it, or, when none does (the term falls between two chunks),
    the first that could hold an extension or a prefix of it (both sides cut to the shorter length).
    Checked against the chunks Chromium fetched for the benchmark's queries at 10,000 items."""
    found = set()
    for term in terms:
        strict = next((name for low, high, name in meta_chunks if low <= term <= high), None)
        loose = strict or next((name for low, high, name in meta_chunks
                                if term[:len(low)] >= low[:len(term)] and term[:len(high)] <= high[:len(term)]), None)
        if loose:
            found.add(loose)
    return found


def pagefind_model(bundle: Path, queries: list[str], language: str = "vi") -> dict:
    """What Pagefind 1.x fetches for each query before any result's ``.data()``, worked out from its
    bundle by its own rules: pagefind.js, its worker, pagefind-entry.json, the language's
    WebAssembly and pf_meta, and the index chunks ``pagefind_chunks`` names for the query's terms;
    "cold" a query as the first of a visit, "turn" the set in one visit (files not fetched before),
    as ``pagefind_downloads`` counts them. A lower bound of its download (the first ten results'
    fragments are left out), checked against the download measured in Chromium where both run."""
    import cbor2  # the bench extra

    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    lang = entry["languages"].get(language) or next(iter(entry["languages"].values()))
    meta = bundle / f"pagefind.{lang['hash']}.pf_meta"
    body = gzip.decompress(meta.read_bytes())
    chunks = cbor2.loads(body[len(b"pagefind_dcd"):])[2]  # [version, pages, chunks, filters, sorts, ...]
    wasm = bundle / f"wasm.{lang.get('wasm') or 'unknown'}.pagefind"
    code = [bundle / name for name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
            if (bundle / name).is_file()] + [wasm, meta]
    cold, turn, seen = [], [], set()
    for q in queries:
        files = set(code) | {bundle / "index" / f"{name}.pf_index" for name in pagefind_chunks(chunks, pagefind_terms(q))}
        cold.append(sum(wire(f) for f in files))
        turn.append(sum(wire(f) for f in files - seen))
        seen |= files
    return {"cold": cold, "turn": turn}


def can_drive_chromium() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed (pip install --require-hashes -r requirements/bench.lock)"
    return "" if CHROMIUM.is_file() else f"{CHROMIUM} not found"


def describe(d: list[int]) -> str:
    return f"{d[0] / KB:,.0f} / {statistics.median(d) / KB:,.0f} / {max(d) / KB:,.0f}"


def later(d: list[int]) -> str:
    """A set run in turn: the first query, then the median and max of the later ones (new files only)."""
    return f"{d[0] / KB:,.0f}, then {statistics.median(d[1:]) / KB:,.1f} / {max(d[1:]) / KB:,.0f}"


def compare(h: dict, pf_root: Path, queries: list[str], why_no_browser: str) -> dict:
    """Print Pagefind's download for the queries (measured in Chromium, or worked out from its bundle
    when the browser is not run) and congtt's against it; the figures for the summary."""
    model = pagefind_model(pf_root / "pagefind", queries)
    if why_no_browser:
        pfd, kind = model, "worked out from its bundle: a lower bound"
    else:
        pfd, kind = pagefind_downloads(pf_root, queries), "measured in Chromium"
        print(f"    pagefind results per query: {pfd['results']}; first query's bytes by file: {json.dumps(pfd['first'])}")
        held = [m / d for m, d in zip(model["cold"], pfd["cold"])]
        print(f"    pagefind worked out from its bundle / measured, per query: {min(held):.2f}x to {max(held):.2f}x "
              f"(at most 1x: the worked-out figure is a lower bound)")
    print(f"    pagefind KB per query ({kind}, first / median / max): cold {describe(pfd['cold'])}; in turn {later(pfd['turn'])}")
    each = [c / p for c, p in zip(h["cold"], pfd["cold"])]
    print(f"    congtt / pagefind: first query {h['cold'][0] / pfd['cold'][0]:.2f}x (target <= 0.5x); "
          f"median cold {statistics.median(h['cold']) / statistics.median(pfd['cold']):.2f}x; "
          f"max single query (cold) {max(h['cold']) / max(pfd['cold']):.2f}x (target <= 1x); each query against "
          f"Pagefind's for the same query: at most {max(each):.2f}x, {sum(r <= 1 for r in each)} of {len(each)} at most 1x; "
          f"whole set in turn {sum(h['turn']) / max(1, sum(pfd['turn'])):.2f}x", flush=True)
    return {"pf_first": pfd["cold"][0], "pf_max": max(pfd["cold"]), "pf_turn_max_later": max(pfd["turn"][1:]),
            "pf_kind": kind, "each_max": max(each)}


def downloads(out: Path, pf_root: Path, seed: int, why_no_browser: str) -> None:
    """On a kept output and Pagefind bundle (``--downloads OUT PF_ROOT``): the portal's queries only."""
    queries = host_queries(out, PORTAL, seed)
    with tempfile.TemporaryDirectory() as work:
        h = congtt_host(out, PORTAL, queries, Path(work))
    print(f"  {PORTAL}: congtt KB per query (first / median / max): cold {describe(h['cold'])}; "
          f"in turn {later(h['turn'])}")
    compare(h, pf_root, queries, why_no_browser)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--pagefind-per-host"]:  # on a kept output: python bench/search.py --pagefind-per-host OUT
        with tempfile.TemporaryDirectory(prefix="pagefind-") as where:
            print(json.dumps(pagefind_per_host(Path(argv[1]), Path(where))))
        return 0
    if argv[:1] == ["--downloads"]:  # python bench/search.py --downloads OUT PF_ROOT [--no-browser]
        downloads(Path(argv[1]), Path(argv[2]), 0, "--no-browser" if "--no-browser" in argv else can_drive_chromium())
        return 0
    if argv[:1] == ["--index-time"]:  # (run by the benchmark in a process of its own)
        sys.path.insert(0, str(REPO))
        print(json.dumps(index_time(Path(argv[1]), Path(argv[2]), int(argv[3]) if len(argv) > 3 else 1)))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000])
    ap.add_argument("--sites", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--component", default="so1.langson.gov.vn", help="component host to measure")
    ap.add_argument("--no-browser", action="store_true", help="Pagefind's lower bound instead of Chromium")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--pagefind-by-host", type=int, nargs="*", default=[], metavar="ITEMS",
                    help="at these sizes run Pagefind host by host only (at 50,000 items its whole-site run "
                         "needs more than 23 GB)")
    a = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="congtt-search-bench-")).resolve()
    why_no_browser = "--no-browser" if a.no_browser else can_drive_chromium()
    if why_no_browser:
        print(f"note: Pagefind's downloads are its lower bound, not measured: {why_no_browser}")
    if shutil.which("node") is None:
        print("note: node not found; no lunr.js timing")
    failed = False
    summary = []
    try:
        for items in a.sizes:
            corpus = work / f"corpus-{items}"
            write_corpus(corpus, items, a.sites, a.seed, syndicate=True)
            out, cache = work / f"out-{items}", work / f"cache-{items}"
            cache.mkdir()
            env = dict(os.environ, CONGTT_CACHE_DIR=str(cache))
            secs, p = run(congtt_cmd(REPO / "build.py", corpus / "congtt", out, a.jobs) + ["--timings"], env)
            m = re.search(r"\bsearch_index ([0-9.]+)", p.stderr or "")
            index_cpu = float(m[1]) if m else float("nan")
            print(f"\n{items:,} items: congtt build {secs:.1f} s (exit {p.returncode}); search index "
                  f"{index_cpu:.1f} CPU s (all editions, summed over {a.jobs} workers)", flush=True)
            if p.returncode:
                print(p.stderr[-2000:])
                failed = True
                continue
            _, ip = run([sys.executable, __file__, "--index-time", str(corpus / "congtt"), str(cache), str(a.jobs)])
            it = json.loads(ip.stdout) if ip.returncode == 0 else None
            if it:
                index_wall = it["tokenise"] + it["assemble"]
                jobs_wall = it.get("tokenise_jobs", 0) + it.get("assemble_jobs", 0) or index_wall
                print(f"  index on one core, wall: {index_wall:.1f} s (each of {it['items']:,} items' terms made "
                      f"once {it['tokenise']:.1f} s, {it['editions']} editions' indexes assembled {it['assemble']:.1f} s); "
                      f"in {a.jobs} processes as the build spreads it, wall: {jobs_wall:.1f} s (terms "
                      f"{it.get('tokenise_jobs', 0):.1f} s, editions {it.get('assemble_jobs', 0):.1f} s)", flush=True)
            else:
                index_wall = jobs_wall = float("nan")
                print(f"  index time not measured: {ip.stderr[-1000:]}")
            every = [q for q in out.glob("*/tim-kiem/**/*.json")]
            all_raw, all_gz = sum(q.stat().st_size for q in every), sum(gz_file(q) for q in every)
            print(f"  every host's index: {len(every):,} files, {all_raw / KB:,.0f} KB raw, {all_gz / KB:,.0f} KB gzip")

            pf_root = work / f"pagefind-{items}"
            pf_out = pf_root / "pagefind"
            cpu0 = children_cpu()
            if items in a.pagefind_by_host:
                pf_secs, pp = 0.0, subprocess.CompletedProcess([], 1, "", "not run whole: --pagefind-by-host")
            else:
                pf_secs, pp = run([sys.executable, "-m", "pagefind", "--site", str(out), "--output-path", str(pf_out),
                                   "--quiet"])
            pf_cpu = children_cpu() - cpu0
            pf = None
            if pp.returncode:
                killed = " (killed: SIGKILL, the kernel's out-of-memory killer most likely)" if pp.returncode == -9 else ""
                print(f"  pagefind over the whole output failed after {pf_secs:.1f} s, exit {pp.returncode}{killed}: "
                      f"{(pp.stderr or pp.stdout)[-1000:]}", flush=True)
                failed = failed or items not in a.pagefind_by_host
                shutil.rmtree(pf_root, ignore_errors=True)
                per = pagefind_per_host(out, pf_root)
                print(f"  pagefind host by host: {per['secs']:.1f} s wall summed ({per['cpu']:.1f} CPU s), "
                      f"{per['pages']:,} pages{'; failed on ' + ', '.join(per['failed']) if per['failed'] else ''}; "
                      f"congtt's index on one core {index_wall:.1f} s = {index_wall / per['secs']:.2f}x "
                      f"(target <= 0.5x), in {a.jobs} processes {jobs_wall:.1f} s = {jobs_wall / per['secs']:.2f}x",
                      flush=True)
            else:
                total, files = tree_size(pf_out)
                pages = json.loads((pf_out / "pagefind-entry.json").read_text())
                pf = {"secs": pf_secs, "total": total, "files": files,
                      "chunks": len(list((pf_out / "index").glob("*.pf_index"))),
                      "pages": sum(v["page_count"] for v in pages["languages"].values())}
                print(f"  pagefind: {pf_secs:.1f} s wall ({pf_cpu:.1f} CPU s), {pf['pages']:,} pages, {pf['chunks']:,} index chunks, "
                      f"bundle {total / KB:,.0f} KB in {files:,} files", flush=True)
                print(f"  index time: congtt on one core {index_wall:.1f} s wall = {index_wall / pf_secs:.2f}x Pagefind's wall "
                      f"(target <= 0.5x), in {a.jobs} processes {jobs_wall:.1f} s = {jobs_wall / pf_secs:.2f}x")
                print(f"  render's search_index pages: {index_cpu:.1f} CPU s = {index_cpu / a.jobs:.1f} s on {a.jobs} cores; "
                      f"congtt CPU / Pagefind wall = {index_cpu / pf_secs:.2f}x, (CPU / cores) / Pagefind wall = "
                      f"{index_cpu / a.jobs / pf_secs:.2f}x (target <= 0.5x); CPU / CPU = {index_cpu / pf_cpu:.2f}x; "
                      f"whole congtt build / Pagefind = "
                      f"{secs / pf_secs:.2f}x")
            for host in (PORTAL, a.component):
                queries = host_queries(out, host, a.seed)
                h = congtt_host(out, host, queries, work)
                if "error" in h:
                    print(f"  {host}: {h['error']}")
                    failed = True
                    continue
                print(f"  {host}: {h['items']:,} items, {h['chunks']} chunk files + {h['docs']} docs files, "
                      f"{h['raw'] / KB:,.0f} KB raw, {h['gzip'] / KB:,.0f} KB gzip, largest chunk "
                      f"{h['largest_chunk_gz'] / KB:,.0f} KB gz; code {h['code'] / KB:,.0f} KB gz; "
                      f"lunr.js in Node {h['node_ms_per_query']} ms a query ({h['node_note']})")
                print(f"    congtt KB per query (first / median / max): cold {describe(h['cold'])}; "
                      f"in turn (first, then later median / max) {later(h['turn'])}; files fetched cold: median {statistics.median(h['files'])}, "
                      f"max {max(h['files'])}")
                line = {"items": items, "host": host, "congtt_first": h["cold"][0], "congtt_max": max(h["cold"]),
                        "congtt_turn_max_later": max(h["turn"][1:]), "index_cpu": index_cpu, "build": secs,
                        "index_wall_one_core": index_wall, "index_wall_jobs": jobs_wall}
                if pf and host == PORTAL:
                    line.update(compare(h, pf_root, queries, why_no_browser), pf_secs=pf_secs, pf_cpu=pf_cpu)
                summary.append(line)
            if not a.keep:
                for d in (corpus, out, cache, pf_root):
                    shutil.rmtree(d, ignore_errors=True)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work folder kept: {work}")
    print()
    print(json.dumps(summary, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
