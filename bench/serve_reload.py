"""Edit-to-visible under the dev server: from an editor's save to the new text in the open tab.

    python bench/serve_reload.py [--items 10000] [--sites 20] [--edits 5] [--jobs 2] [--work DIR] [--pause 1] [--wait-for-rest]

Writes the bench corpus (corpus.py), starts ``build.py serve`` on it (a fresh parse cache, warmed by
its first build), opens one item's page in Chromium (Debian's /usr/bin/chromium through Python
Playwright), then, ``--edits`` times: appends a new paragraph to that item's Markdown and times
until the paragraph is in the page, which reloads itself (live reload; the benchmark never reloads
it). Prints each edit's time, the server's report of it, and the median. The server previews an edit
of a published item (generator/build/preview.py: the item's own pages first), then builds the other
pages when no save came for half a second; by default the next edit comes ``--pause`` s after the
last was shown, stopping that build as an editor saving again would (its count is printed, and the
build after the last edit); ``--wait-for-rest`` lets each finish first.

The figure is a wall time on a shared machine: compare runs made one after another.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``build.py serve`` in a subprocess, its standard error collected line by line."""

    def __init__(self, repo: Path, cache: Path, jobs: int):
        self.port, self.lines = free_port(), []
        env = dict(os.environ, CONGTT_CACHE_DIR=str(cache))
        self.proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--root", str(repo),
                                      "--port", str(self.port), "--jobs", str(jobs)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        threading.Thread(target=lambda: self.lines.extend(self.proc.stderr), daemon=True).start()

    def wait_for(self, text: str, count: int = 1, seconds: float = 1800) -> str:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            found = [line for line in list(self.lines) if text in line]
            if len(found) >= count:
                return found[count - 1].strip()
            if self.proc.poll() is not None:
                raise SystemExit("serve stopped:\n" + "".join(self.lines[-30:]))
            time.sleep(0.05)
        raise SystemExit(f"no {text!r} after {seconds} s:\n" + "".join(self.lines[-30:]))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def item_page(repo: Path, out: Path) -> tuple[Path, str, str]:
    """An item in the middle of the corpus, its host and its address."""
    items = sorted(repo.glob("content/*/news/*/*.md"))
    item = items[len(items) // 2]
    pages = sorted(p for p in out.glob(f"*/tin-tuc/{item.stem}/index.html") if not p.parts[-4].startswith("english"))
    if not pages:
        raise SystemExit(f"no page for {item} in {out}")
    return item, pages[0].parts[-4], f"/tin-tuc/{item.stem}/"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, default=10_000, help="news items (default 10000)")
    ap.add_argument("--sites", type=int, default=20, help="sites incl. the portal (default 20)")
    ap.add_argument("--edits", type=int, default=5, help="edits timed (default 5)")
    ap.add_argument("--jobs", type=int, default=2, help="the server's build workers (default 2)")
    ap.add_argument("--work", type=Path, default=None, help="folder for the corpus (default: a temporary one)")
    ap.add_argument("--pause", type=float, default=1.0, help="seconds between an edit shown and the next edit")
    ap.add_argument("--wait-for-rest", action="store_true",
                    help="wait for the build of the other pages before the next edit (default: edit again after "
                    "--pause, stopping that build as an editor saving again does)")
    a = ap.parse_args(argv)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("needs playwright: pip install --require-hashes -r requirements/test.lock", file=sys.stderr)
        return 2
    work = a.work or Path(tempfile.mkdtemp(prefix="serve-reload-"))
    corpus = work / "corpus"
    if not (corpus / "congtt").is_dir():
        write_corpus(corpus, a.items, a.sites)
    repo = corpus / "congtt"
    shutil.rmtree(work / "cache", ignore_errors=True)
    server = Server(repo, work / "cache", a.jobs)
    times: list[float] = []
    builds: list[str] = []
    try:
        first = server.wait_for("Serving", seconds=3600)
        print(f"{a.items} items: {server.wait_for('built ')}; {first}", flush=True)
        item, host, path = item_page(repo, repo / "public")
        original = item.read_text(encoding="utf-8")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context()
            context.route("**/*", lambda route: route.continue_()
                          if (urlsplit(route.request.url).hostname or "").endswith(".localhost") else route.abort())
            page = context.new_page()
            page.goto(f"http://{host}.localhost:{server.port}{path}", wait_until="load")
            for n in range(1, a.edits + 1):
                time.sleep(a.pause)  # the page's event stream connected, the watcher quiet
                marker = f"Đoạn sửa số {n} của bài thử"
                started = time.perf_counter()
                item.write_text(original + f"\n\n{marker}.\n", encoding="utf-8")
                page.wait_for_function("m => document.body && document.body.innerText.includes(m)", arg=marker,
                                       timeout=3_600_000, polling=20)
                times.append(time.perf_counter() - started)
                report = server.wait_for("showed ", n)
                builds.append(re.sub(r" \(.*", "", report))
                print(f"edit {n}: visible after {times[-1]:.2f} s ({builds[-1]})", flush=True)
                if a.wait_for_rest:  # the build of the other pages, before the next edit
                    print(f"  {re.sub(r' [(].*', '', server.wait_for('then the other pages', n))}", flush=True)
            if not a.wait_for_rest:
                last_shown = max(i for i, line in enumerate(server.lines) if line.startswith("showed "))
                while not any("then the other pages" in line for line in server.lines[last_shown:]):
                    time.sleep(0.05)
                rest = next(line for line in server.lines[last_shown:] if "then the other pages" in line).strip()
                stopped = sum("pass stopped" in line for line in server.lines)
                print(f"builds of the other pages stopped by the next save: {stopped}; the one after the last "
                      f"edit: {re.sub(r' [(].*', '', rest)}", flush=True)
            browser.close()
        item.write_text(original, encoding="utf-8")
    finally:
        server.stop()
    print(f"edit-to-visible at {a.items} items, median of {len(times)}: {statistics.median(times):.2f} s "
          f"(min {min(times):.2f}, max {max(times):.2f})")
    if a.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
