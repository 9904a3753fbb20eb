"""Incremental builds against Hugo's cold build (issue 13 point 3).

    python bench/incremental.py                     # 10,000 items, 20 sites
    python bench/incremental.py --items 1000 --runs 3
    python bench/incremental.py --corpus /tmp/c10k  # a corpus bench/corpus.py wrote already

For one corpus (bench/corpus.py, no pictures) it times, each as a subprocess, wall time:

    hugo cold         hugo over the Hugo copy, fresh cache and output
    congtt cold       build.py build --jobs 2, fresh cache and output
    no change         the same build again: nothing changed
    one edit          a sentence of one component site's news item changed (its file's bytes), then built
    edit, same again  the build after it, nothing changed
    portal edit       the same on a legal document of the portal
    edits committed   the two edits committed (their pull requests merged): a new HEAD, its git facts
                      brought up to date from the last build's (one commit logged, not the history)
    CI: …             the hourly publication: a third edit committed, then the repository cloned
                      afresh at the same path (every file a new time and inode, a new git index), the
                      cache and the last output (both its generations) through tar as actions/cache
                      restores them (new inodes; the same times and hard links)

The congtt copy is a git repository, as a province's is: the sites, layouts and shared files in a
first commit, then each item in a commit of its own, an hour apart (``with_history``: 10,000 commits
at 10,000 items, made once with `git fast-import`; a --corpus given is put under git in place and
kept so). Publication dates and histories come from that log, as in production.

then prints the seconds, the pages congtt rendered again ("reused" of the build's report) and each
ratio to Hugo's cold wall time (targets: no change 0.05x, one edit 0.1x). Runs alternate Hugo and
congtt cold builds; the figure kept is the median.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from build_bench import congtt_cmd, hugo_binary, hugo_cmd, measure, remove_output  # noqa: E402
from corpus import given_or_written  # noqa: E402

CI_ROW = "CI: fresh clone, restored cache, one edit committed"
TARGETS = {"no change": 0.05, "one edit": 0.1, "portal edit": 0.1, "edits committed": 0.1, CI_ROW: 0.1}
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Biên tập viên",
           "GIT_AUTHOR_EMAIL": "btv@langson.gov.vn", "GIT_COMMITTER_NAME": "Ban biên tập",
           "GIT_COMMITTER_EMAIL": "bbt@langson.gov.vn"}


def edit(path: Path, n: int) -> None:
    """Change one sentence of an item's body: its bytes change, its front matter does not."""
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    path.write_text(head + sep + f"Câu sửa lần {n} của biên tập viên. " + body, encoding="utf-8")


def git(repo: Path, *args: str, stdin: bytes | None = None) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True,
                          env={**os.environ, **GIT_ENV})
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed:\n{done.stderr.decode(errors='replace')[-2000:]}")
    return done.stdout.decode()


def with_history(repo: Path) -> None:
    """Put ``repo`` under git as a province's repository is: everything but the items in a first commit,
    then each item (its Markdown file and the files named by its stem beside it) in a commit of its own,
    an hour apart, as each reached main by a pull request of its own. A repository already (an earlier
    run's --corpus): what the run left uncommitted is committed."""
    if (repo / ".git").exists():
        if git(repo, "status", "--porcelain"):
            git(repo, "add", "-A")
            git(repo, "commit", "-q", "-m", "Các sửa đổi còn lại")
        return
    files = sorted(p for p in repo.rglob("*") if p.is_file())
    items: dict[Path, list[Path]] = {p.with_suffix(""): [p] for p in files
                                     if p.suffix == ".md" and p.parts[len(repo.parts)] == "content"}
    rest = []
    for path in files:
        stem = path.with_suffix("")
        if path.suffix != ".md" and stem in items:
            items[stem].append(path)
        elif path.suffix != ".md" or stem not in items:
            rest.append(path)
    stream, moment = [], 1_700_000_000

    def commit(message: str, paths: list[Path]) -> None:
        nonlocal moment
        moment += 3600
        text = message.encode()
        stream.append(f"commit refs/heads/main\ncommitter Ban biên tập <bbt@langson.gov.vn> {moment} +0700\n"
                      f"data {len(text)}\n".encode() + text + b"\n")
        for path in paths:
            data = path.read_bytes()
            stream.append(f"M 100644 inline {path.relative_to(repo).as_posix()}\ndata {len(data)}\n".encode()
                          + data + b"\n")

    commit("Cổng thông tin: cấu hình, giao diện, tệp dùng chung", rest)
    for stem, paths in items.items():
        commit(f"Đăng {stem.name}", paths)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "fast-import", "--quiet", stdin=b"".join(stream))
    git(repo, "reset", "-q")  # the index from HEAD, the files left as they are


def restore_like_the_ci_cache(parent: Path, names: list[str]) -> None:
    """These entries of ``parent`` as actions/cache gives them back: through one tar (`--posix`), which
    keeps files, links, hard links and times, every file and folder a new inode."""
    archive, elsewhere = parent / ".restore.tar", parent / ".restoring"
    subprocess.run(["tar", "--posix", "-cf", str(archive), "-C", str(parent), *names], check=True)
    elsewhere.mkdir()
    subprocess.run(["tar", "-xf", str(archive), "-C", str(elsewhere)], check=True)  # before the old go: new inodes
    for name in names:
        path = parent / name
        shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        (elsewhere / name).rename(path)
    elsewhere.rmdir()
    archive.unlink()


def congtt(corpus: Path, out: Path, cache: Path, env: dict) -> tuple[float, str]:
    seconds, _, _, _, _, _, code, stderr = measure(congtt_cmd(REPO / "build.py", corpus / "congtt", out, 2),
                                                   dict(env, CONGTT_CACHE_DIR=str(cache)), None, REPO)
    if code != 0:
        raise SystemExit(f"congtt failed:\n{stderr[-2000:]}")
    reused = re.search(r"(\d+) pages, (\d+) unchanged", stderr)
    pages = re.search(r"(\d+) pages", stderr)
    told = f"{int(pages[1]) - int(reused[2])} of {pages[1]} pages rendered" if reused else \
        f"all {pages[1] if pages else '?'} pages rendered"
    return seconds, told


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--sites", type=int, default=20)
    ap.add_argument("--runs", type=int, default=2, help="cold builds of each tool, alternating")
    ap.add_argument("--corpus", type=Path, help="a folder bench/corpus.py wrote (else a new one)")
    ap.add_argument("--hugo", help="the hugo binary (default: from PATH or the hugo package)")
    args = ap.parse_args(argv)
    hugo = hugo_binary(args.hugo)
    with tempfile.TemporaryDirectory(prefix="congtt-incremental-") as tmp:
        work = Path(tmp)
        corpus = given_or_written(args.corpus, work, args.items, args.sites)
        with_history(corpus / "congtt")
        # Python as it runs for a user: bytecode cached (pip compiles an installed package's; a checkout's is
        # written at its first import). A machine that sets PYTHONDONTWRITEBYTECODE, as the one of the
        # figures in bench/README.md does, would compile the generator's modules again at every build (0.1 s).
        env = {k: v for k, v in os.environ.items() if k not in ("CONGTT_CACHE_DIR", "PYTHONDONTWRITEBYTECODE")}
        hugo_times, cold_times = [], []
        for k in range(args.runs):
            if hugo:
                remove_output(work / "hugo-out")
                seconds, *_, code, stderr = measure(hugo_cmd(hugo, corpus / "hugo", work / "hugo-out",
                                                             work / f"hugo-cache-{k}"), env, None, REPO)
                if code != 0:
                    raise SystemExit(f"hugo failed:\n{stderr[-2000:]}")
                hugo_times.append(seconds)
            remove_output(work / "out")
            seconds, told = congtt(corpus, work / "out", work / f"cache-{k}", env)
            cold_times.append(seconds)
        cache = work / f"cache-{args.runs - 1}"
        rows = [("congtt cold", statistics.median(cold_times), told)]
        rows.append(("no change", *congtt(corpus, work / "out", cache, env)))
        news = sorted((corpus / "congtt/content").glob("xa*/news/*/*.md"))[0]
        edit(news, 1)
        rows.append(("one edit", *congtt(corpus, work / "out", cache, env)))
        rows.append(("edit, same again", *congtt(corpus, work / "out", cache, env)))
        legal = sorted((corpus / "congtt/content/langson/legal").glob("*/*.md"))[0]
        edit(legal, 2)
        rows.append(("portal edit", *congtt(corpus, work / "out", cache, env)))
        git(corpus / "congtt", "commit", "-q", "-a", "-m", "Sửa tin và văn bản")  # both pull requests merged
        rows.append(("edits committed", *congtt(corpus, work / "out", cache, env)))
        # The hourly publication in CI: one more edit merged, a fresh clone at the same path (every file
        # and folder a new time, a new git index), the cache and the last output as actions/cache restores
        # them (new inodes, the same times).
        edit(news, 3)
        git(corpus / "congtt", "commit", "-q", "-a", "-m", "Sửa tin lần nữa")
        restore_like_the_ci_cache(work, [cache.name])
        restore_like_the_ci_cache(work, ["out", *(p.name for p in work.glob(".out.*"))])
        origin = work / "origin"
        (corpus / "congtt").rename(origin)
        try:
            git(work, "clone", "-q", str(origin), str(corpus / "congtt"))
            rows.append((CI_ROW, *congtt(corpus, work / "out", cache, env)))
        finally:  # the corpus as it was (a --corpus given stays a repository of its own, not a clone)
            shutil.rmtree(corpus / "congtt", ignore_errors=True)
            origin.rename(corpus / "congtt")
        hugo_cold = statistics.median(hugo_times) if hugo_times else 0.0
        items = sum(1 for _ in (corpus / "congtt/content").rglob("*.md"))
        print(f"{items} items; Hugo cold {hugo_cold:.2f} s (runs {', '.join(f'{t:.2f}' for t in hugo_times)}); "
              f"congtt cold runs {', '.join(f'{t:.2f}' for t in cold_times)}\n")
        print("| build | seconds | x Hugo cold | target | pages |")
        print("|---|---|---|---|---|")
        for name, seconds, told in rows:
            ratio = seconds / hugo_cold if hugo_cold else float("nan")
            target = f"≤ {TARGETS[name]}x" if name in TARGETS else ""
            print(f"| {name} | {seconds:.2f} | {ratio:.3f} | {target} | {told} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
