"""Where a cold build's time goes, by stage (issue 13 point 6).

    python bench/stages.py --corpus /tmp/c10k          # a corpus bench/corpus.py wrote
    python bench/stages.py --items 10000               # writes one first (no pictures)
    python bench/stages.py --corpus /tmp/c10k --hugo   # and Hugo's cold build of the same corpus, for the ratio

One cold build (fresh parse cache and output, ``--jobs 1`` so that every stage runs in this process)
under cProfile, split into stages by the functions that do them:

    load       load_content without Markdown: discovery, front matter, checks, attachments' text, index
    markdown   Python-Markdown's convert and the HTML cleaning after it (inside the load stage)
    plan       git facts, portal aggregation, plan
    render     every page but the search index: contexts and Jinja (render_site minus the two below)
    search     the search index's files (the search_index pages)
    write      writing and linking the output files, and the swap
    other      the rest (start-up, pruning the generation before last, the caches' writes)

The figures are CPU seconds of this process under the profiler (which adds about a third); the
wall time of the same build without the profiler is printed beside them, and Hugo's with --hugo.
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
from build_bench import hugo_binary, hugo_cmd, remove_output  # noqa: E402
from corpus import write_corpus  # noqa: E402

# stage → (file suffix, function name) whose cumulative time it takes
MEASURED = {
    "markdown": [("markup.py", "to_html")],
    "search": [("data_pages.py", "search_index_files")],
    "write": [("output.py", "write_files"), ("output.py", "swap_in")],
}
WHOLE = {
    "load": ("pipeline.py", "load_content"),
    "render": ("pipeline.py", "render_and_write"),
    "build": ("pipeline.py", "build"),
}


def cumulative(stats: pstats.Stats, suffix: str, name: str) -> float:
    return sum(row[3] for (file, _, func), row in stats.stats.items() if file.endswith(suffix) and func == name)


def stages(stats: pstats.Stats) -> dict[str, float]:
    got = {k: sum(cumulative(stats, *f) for f in fs) for k, fs in MEASURED.items()}
    whole = {k: cumulative(stats, *f) for k, f in WHOLE.items()}
    write_in_render = cumulative(stats, "output.py", "write_files")
    out = {
        "load": whole["load"] - got["markdown"],
        "markdown": got["markdown"],
        "render": whole["render"] - got["search"] - write_in_render,
        "search": got["search"],
        "write": got["write"],
    }
    out["plan"] = whole["build"] - whole["load"] - whole["render"] - cumulative(stats, "output.py", "swap_in") \
        - cumulative(stats, "memo.py", "save_memo") - cumulative(stats, "pipeline.py", "_input_stamp")
    out["other"] = whole["build"] - sum(out.values())
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--sites", type=int, default=20)
    ap.add_argument("--hugo", action="store_true", help="time Hugo's cold build of the corpus too")
    args = ap.parse_args(argv)
    from generator.core.clock import VN_TZ
    from generator.pipeline import BuildOptions, build

    with tempfile.TemporaryDirectory(prefix="congtt-stages-") as tmp:
        work = Path(tmp)
        corpus = args.corpus
        if corpus is None:
            corpus = work / "corpus"
            write_corpus(corpus, args.items, args.sites, seed=0, pictures=False)
        now = dt.datetime.now(VN_TZ)

        def cold(profile: bool):
            shutil.rmtree(work / "cache", ignore_errors=True)
            remove_output(work / "out")
            options = BuildOptions(root=corpus / "congtt", out=work / "out", now=now, jobs=1, cache_dir=work / "cache")
            profiler = cProfile.Profile() if profile else None
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            result = build(options)
            if profiler:
                profiler.disable()
            seconds = time.perf_counter() - started
            assert result.ok, [d.text() for d in result.diagnostics][:5]
            return seconds, result, profiler

        wall, result, _ = cold(False)
        _, _, profiler = cold(True)
        figures = stages(pstats.Stats(profiler))
        hugo_wall = 0.0
        binary = hugo_binary(None) if args.hugo else None
        if binary:
            remove_output(work / "hugo-out")
            started = time.perf_counter()
            subprocess.run(hugo_cmd(binary, corpus / "hugo", work / "hugo-out", work / "hugo-cache"), check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
            hugo_wall = time.perf_counter() - started
        total = sum(figures.values())
        print(f"{result.pages} pages, {result.files} files; cold build --jobs 1: {wall:.1f} s wall"
              + (f"; Hugo cold {hugo_wall:.1f} s wall, ratio {wall / hugo_wall:.2f}x" if hugo_wall else ""))
        print("\n| stage | CPU s (profiled) | share |")
        print("|---|---|---|")
        for name in ("load", "markdown", "plan", "render", "search", "write", "other"):
            print(f"| {name} | {figures[name]:.1f} | {figures[name] / total:.0%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
