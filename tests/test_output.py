"""The output changes in one step: a kill at any moment leaves a whole build, old or new.

``public`` is a link to a generation folder beside it (generator/build/output.py). Builds are
killed at every step of the swap (a stand-in ``os`` that dies on the chosen call) and at moments
spread over whole runs of ``build.py``; after each kill ``public/`` must hold exactly the files of
the old build or of the new one, and the next build must remove what the killed one left.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from sitekit import NOW, news, run_build, write_repo

from generator.build import output
from generator.pipeline import BuildOptions, Interrupted
from generator.pipeline import build as build_site

REPO = Path(__file__).resolve().parents[1]
DEPT = 'kind: department\nslug: sokhcn\nname: "Sở Khoa học và Công nghệ"\n'
STYLE = "langson.gov.vn/assets/style.css"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def beside(root: Path) -> list[str]:
    """The output's link and everything the build keeps beside it."""
    return sorted(p.name for p in root.iterdir() if "public" in p.name)


def repo(root: Path, title: str, items: int = 1) -> Path:
    files_ = {"sites/sokhcn.yaml": DEPT}
    for i in range(items):
        files_[f"content/{('tinh', 'sokhcn')[i % 2]}/news/2025/tin-{i}.md"] = news(f"{title} {i}")
    return write_repo(root, files_)


def manifests(tmp_path: Path, items: int = 1) -> tuple[dict, dict]:
    """The files of a build of the old content and of the new one."""
    for name, title in (("old", "Bản cũ"), ("new", "Bản mới")):
        assert run_build(repo(tmp_path / f"expect-{name}", title, items)).ok
    return files(tmp_path / "expect-old/public"), files(tmp_path / "expect-new/public")


def make_plain(public: Path) -> None:
    """Turn the output into a plain folder, as builds before generations left it."""
    live = Path(os.path.realpath(public))
    public.unlink()
    live.rename(public)
    for leftover in public.parent.glob(".public.*"):
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()


# A build whose output.py dies (SIGKILL, no cleanup) on its Nth change of a name in the swap.
DRIVER = """
import os, signal, sys
from pathlib import Path
from generator.build import output
from sitekit import run_build

root, kill_at, steps = Path(sys.argv[1]), int(sys.argv[2]), 0

def dying(function):
    def step(*args, **kwargs):
        global steps
        steps += 1
        if steps == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return function(*args, **kwargs)
    return step

class FileSystem:
    def __getattr__(self, name):
        value = getattr(os, name)
        return dying(value) if name in ("rename", "replace", "symlink") else value

output.os = FileSystem()
output._exchange = dying(output._exchange)
output._remove = dying(output._remove)
assert run_build(root).ok
print(steps)
"""


@pytest.mark.parametrize("before", ["link", "plain folder"])
def test_a_kill_at_any_step_of_the_swap_leaves_a_whole_build(tmp_path, before):
    old, new = manifests(tmp_path)
    killed = 0
    for kill_at in range(1, 30):
        root = repo(tmp_path / f"kill-{kill_at}", "Bản cũ")
        assert run_build(root).ok
        assert run_build(root).ok  # a generation before the live one, and one to prune
        if before == "plain folder":
            make_plain(root / "public")
        repo(root, "Bản mới")
        done = subprocess.run([sys.executable, "-c", DRIVER, str(root), str(kill_at)], env=ENV,
                              capture_output=True, text=True, timeout=60)
        assert files(root / "public") in (old, new), (kill_at, beside(root))
        assert run_build(root).ok  # the next build cleans up
        assert files(root / "public") == new
        assert len(beside(root)) == 4 and not [n for n in beside(root) if ".new-" in n or ".link-" in n], beside(root)
        if done.returncode == 0:  # no step left to kill at
            break
        assert done.returncode == -signal.SIGKILL, done.stderr
        killed += 1
    assert killed >= 4  # each change of a name in the swap and the pruning after it


def _processes_of(root: Path) -> list[int]:
    """Live processes started for a build of ``root`` (workers are forks: same command line)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and str(root).encode() in (proc / "cmdline").read_bytes() \
                    and (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                found.append(int(proc.name))
        except OSError:
            pass
    return found


def test_a_build_killed_at_any_moment_leaves_a_whole_build_and_no_workers(tmp_path):
    old, new = manifests(tmp_path, items=40)
    root = repo(tmp_path / "site", "Bản cũ", items=40)
    assert run_build(root).ok
    repo(root, "Bản mới", items=40)
    command = [sys.executable, str(REPO / "build.py"), "build", "--root", str(root), "--jobs", "2", "--no-cache"]
    outcomes = set()
    for attempt in range(12):
        build = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3 + attempt * 0.08)
        build.kill()
        build.wait()
        end = time.monotonic() + 5
        while _processes_of(root) and time.monotonic() < end:
            time.sleep(0.05)
        outlived = _processes_of(root)
        for pid in outlived:  # not to leave them running when the test fails
            os.kill(pid, signal.SIGKILL)
        assert outlived == [], "workers outlived the build"
        now = files(root / "public")
        assert now in (old, new), attempt
        outcomes.add("new" if now == new else "old")
    assert run_build(root).ok
    assert files(root / "public") == new and len(beside(root)) == 4
    assert "old" in outcomes  # some kills did land before the swap


READER = """
import sys, time
path, stop = sys.argv[1], sys.argv[2]
import os
reads = missing = 0
while not os.path.exists(stop):
    try:
        with open(path, "rb") as f:
            f.read()
    except FileNotFoundError:
        missing += 1
    reads += 1
print(reads, missing)
"""


def test_a_reader_never_finds_the_stylesheet_missing(tmp_path):
    root = repo(tmp_path, "Bản")
    assert run_build(root).ok
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(root / "public" / STYLE), str(stop)],
                              stdout=subprocess.PIPE, text=True)
    try:
        for i in range(25):
            repo(root, f"Bản {i}")
            assert run_build(root).ok
    finally:
        stop.touch()
        reads, missing = map(int, reader.communicate(timeout=30)[0].split())
    assert reads > 1000 and missing == 0


def test_builds_at_once_take_turns(tmp_path):
    root = repo(tmp_path, "Bản cũ")
    assert run_build(root).ok
    repo(root, "Bản mới")
    command = [sys.executable, str(REPO / "build.py"), "build", "--root", str(root), "--jobs", "1", "--no-cache"]
    builds = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(3)]
    for build in builds:
        assert build.wait(60) == 0, build.stderr.read()
    assert beside(root) == [".public.gen-3", ".public.gen-4", ".public.lock", "public"]
    assert os.readlink(root / "public") == ".public.gen-4"
    assert "Bản mới 0" in (root / "public/langson.gov.vn/tin-tuc/tin-0/index.html").read_text(encoding="utf-8")


def test_leftovers_of_killed_builds_go_and_the_live_build_stays(tmp_path):
    root = repo(tmp_path, "Bản")
    for _ in range(3):
        assert run_build(root).ok
    assert beside(root) == [".public.gen-2", ".public.gen-3", ".public.lock", "public"]
    for name in (".public.new-99999", ".public.gen-9", ".public.gen-1", ".public.old-12"):
        (root / name / "langson.gov.vn").mkdir(parents=True)
    os.symlink(".public.gen-9", root / ".public.link-99999")
    (root / ".public.notes").write_text("the user's own file", encoding="utf-8")
    assert not run_build(write_repo(root, {"content/tinh/news/2025/hong.md": news(date="2025-02-30")})).ok
    assert beside(root) == [".public.gen-1", ".public.gen-2", ".public.gen-3", ".public.gen-9", ".public.link-99999",
                            ".public.lock", ".public.new-99999", ".public.notes", ".public.old-12", "public"]
    (root / "content/tinh/news/2025/hong.md").unlink()
    assert run_build(root).ok
    assert beside(root) == [".public.gen-3", ".public.gen-4", ".public.lock", ".public.notes", "public"]


def test_an_output_given_as_a_link_stays_the_users_link(tmp_path):
    """--out names the user's own link (to another disk, say): the generations go beside its target."""
    elsewhere = Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else tmp_path
    disk = Path(os.path.realpath(elsewhere)) / f"congtt-test-{os.getpid()}-{tmp_path.name}"
    try:
        disk.mkdir()
        root = repo(tmp_path / "repo", "Bản")
        out = tmp_path / "out"
        out.symlink_to(disk / "site")
        assert run_build(root, out).ok
        assert run_build(root, out, sites=frozenset({"sokhcn"})).ok  # carries the portal over, through the links
        assert os.readlink(out) == str(disk / "site")
        assert os.readlink(disk / "site") == ".site.gen-2"
        assert sorted(p.name for p in disk.iterdir()) == [".site.gen-1", ".site.gen-2", ".site.lock", "site"]
        assert (out / STYLE).is_file() and (out / "sokhcn.langson.gov.vn/index.html").is_file()
        assert sorted(p.name for p in out.parent.iterdir()) == ["out", "repo"]
    finally:
        shutil.rmtree(disk, ignore_errors=True)


def test_a_plain_output_folder_becomes_the_link(tmp_path, monkeypatch):
    root = repo(tmp_path, "Bản")
    assert run_build(root).ok
    make_plain(root / "public")
    result = run_build(root)
    assert result.ok and not any("cannot exchange" in note for note in result.notes)
    assert os.readlink(root / "public") == ".public.gen-2" and (root / ".public.gen-1" / STYLE).is_file()
    # where the system cannot exchange a folder and a link, two renames and a note saying so
    make_plain(root / "public")
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    result = run_build(root)
    assert result.ok and any("cannot exchange" in note for note in result.notes)
    assert os.readlink(root / "public") == ".public.gen-2" and (root / "public" / STYLE).is_file()


def test_publish_uploads_a_plain_folder_and_deploy_reads_through_the_link(tmp_path):
    """upload-artifact cannot upload a linked folder (actions/upload-artifact#92): the publish
    workflow builds into the folder its cache keeps (congtt-output/) and gives public/ the live
    build's files as a plain folder, leaving the build as it was for the next run; the deploy script,
    run by hand on a link, reads through it."""
    from test_workflows import FULL, run_deploy

    root = repo(tmp_path / "repo", "Bản")
    temp = tmp_path / "runner-temp"
    kept = temp / "congtt-output" / "public"
    assert run_build(root, kept).ok
    done, calls = run_deploy(kept, tmp_path, **FULL)
    assert done.returncode == 0, done.stderr
    assert calls[-1].splitlines()[-2] == f"{kept}/"
    built = files(kept)
    flow = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    step = next(s for s in flow["jobs"]["build"]["steps"] if s.get("name", "").startswith("Make public/"))
    subprocess.run(["bash", "-euo", "pipefail", "-c", step["run"]], cwd=root, check=True,
                   env={**os.environ, "RUNNER_TEMP": str(temp)})
    assert not (root / "public").is_symlink() and files(root / "public") == built
    assert kept.is_symlink() and files(kept) == built


def folders(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_dir())


@pytest.mark.parametrize("cache", [False, True])
def test_the_generation_before_the_live_one_is_recycled_into_exactly_the_new_build(tmp_path, cache):
    """The third build writes into the first one's folder: what it no longer holds goes (files and the
    folders left empty), a file shared with the live build by a hard link is replaced, never written
    into, so the build before keeps its bytes; with the cache, pages reused from the live build too."""
    def contents(root: Path, titles: dict[int, str]) -> Path:
        shutil.rmtree(root / "content", ignore_errors=True)
        return write_repo(root, {"sites/sokhcn.yaml": DEPT, **{
            f"content/{('tinh', 'sokhcn')[i % 2]}/news/2025/tin-{i}.md": news(title) for i, title in titles.items()}})

    def run(root: Path, titles: dict[int, str], use_cache: bool) -> Path:
        contents(root, titles)
        options = BuildOptions(root=root, out=root / "public", now=NOW, jobs=1,
                               cache_dir=tmp_path / f"cache-{root.name}" if use_cache else None)
        assert build_site(options).ok
        return Path(os.path.realpath(root / "public"))

    steps = [{0: "Một", 1: "Một", 2: "Một", 3: "Một"}, {0: "Hai", 1: "Một", 3: "Một"}, {0: "Ba", 1: "Một"}]
    colds = [files(run(tmp_path / f"cold-{n}", titles, False)) for n, titles in enumerate(steps)]
    cold_folders = folders(run(tmp_path / "cold-2", steps[2], False))
    root = tmp_path / "site"
    made = [run(root, titles, cache) for titles in steps]
    assert made[2].name == ".public.gen-3" and os.readlink(root / "public") == ".public.gen-3"
    assert not made[0].exists()  # recycled: renamed to be the third build's folder
    assert files(root / "public") == colds[2]
    assert folders(root / "public") == cold_folders  # tin-2's and tin-3's pages left no empty folder behind
    assert files(made[1]) == colds[1]  # the build before the live one is as it was
    assert not any("tin-3" in name for name in files(root / "public"))
    if cache:  # an unchanged page of the live build is the same file in the new one
        page = next(name for name in colds[2] if name.endswith("/tin-1/index.html"))
        assert os.stat(made[1] / page).st_ino == os.stat(root / "public" / page).st_ino


@pytest.mark.parametrize("stop_at", [1, 3, 5])
def test_an_interrupted_build_leaves_the_output_and_gives_its_folder_back(tmp_path, stop_at):
    """``BuildOptions.interrupt`` (the dev server, when a save comes during a build) stops a build at
    its next step: the output is the last good one, the recycled folder is the generation before it
    again, however far the build had written into it, and the next build is a cold build's bytes."""
    old, new = manifests(tmp_path, items=4)
    root = repo(tmp_path / "site", "Bản cũ", items=4)
    for _ in range(2):
        assert run_build(root).ok
    repo(root, "Bản mới", items=4)
    asked = []

    def interrupt() -> bool:
        asked.append(1)
        return len(asked) >= stop_at

    with pytest.raises(Interrupted):
        build_site(BuildOptions(root=root, out=root / "public", now=NOW, jobs=1, interrupt=interrupt))
    assert beside(root) == [".public.gen-1", ".public.gen-2", ".public.lock", "public"]
    assert files(root / "public") == old
    assert run_build(root).ok
    assert beside(root) == [".public.gen-2", ".public.gen-3", ".public.lock", "public"]
    assert files(root / "public") == new


def test_a_new_folder_given_back_is_recycled_by_the_next_build(tmp_path):
    """With no generation before the live one, a build that stops leaves its new folder as that one."""
    old, new = manifests(tmp_path)
    root = repo(tmp_path / "site", "Bản cũ")
    assert run_build(root).ok
    repo(root, "Bản mới")
    with pytest.raises(Interrupted):
        build_site(BuildOptions(root=root, out=root / "public", now=NOW, jobs=1, interrupt=lambda: True))
    assert beside(root) == [".public.gen-1", ".public.lock", "public"]  # stopped before its folder was made
    page = "langson.gov.vn/tin-tuc/tin-0/index.html"

    def late() -> bool:  # stops once its folder holds the new page
        return any(root.glob(f".public.new-*/{page}"))
    with pytest.raises(Interrupted):
        build_site(BuildOptions(root=root, out=root / "public", now=NOW, jobs=1, interrupt=late))
    assert beside(root) == [".public.gen-0", ".public.gen-1", ".public.lock", "public"]
    assert files(root / "public") == old and "Bản mới 0" in (root / ".public.gen-0" / page).read_text(encoding="utf-8")
    assert run_build(root).ok
    assert beside(root) == [".public.gen-1", ".public.gen-2", ".public.lock", "public"]
    assert files(root / "public") == new


def a_generation(folder: Path) -> dict[str, int]:
    """A folder of pages as a build leaves it, and its files' sizes (relative paths)."""
    sizes = {}
    for i in range(30):
        page = folder / f"langson.gov.vn/tin-tuc/tin-{i}/index.html"
        page.parent.mkdir(parents=True)
        page.write_bytes(b"x" * i)
        sizes[page.relative_to(folder).as_posix()] = i
    (folder / "langson.gov.vn/lien-ket").symlink_to(folder / "langson.gov.vn/tin-tuc")  # listed, not followed
    sizes["langson.gov.vn/lien-ket"] = os.lstat(folder / "langson.gov.vn/lien-ket").st_size
    return sizes


def test_the_folder_a_build_recycles_is_listed_by_a_process_of_its_own(tmp_path, monkeypatch):
    """output.FolderListing: the generation a build recycles is listed by a child process, started before
    the build loads its items (a walk of ten thousand folders is mostly the kernel's work, kept off the
    cores that render); a child that cannot list it leaves the listing to the build's own process."""
    folder = tmp_path / ".public.gen-1"
    sizes = a_generation(folder)
    listing = output.FolderListing(folder)
    assert listing.files == sizes and listing._child.returncode == 0  # listed by the child
    monkeypatch.setattr(output, "_LISTER", "import sys; sys.exit(3)")
    listing = output.FolderListing(folder)
    assert listing.files == sizes and listing._child.returncode == 3  # by this process after all
    listing.close()


def test_a_listing_loses_no_file_when_its_folder_is_renamed_as_it_walks(tmp_path, monkeypatch):
    """The build renames the folder it recycles (``staged``) while its listing may still walk it: the walk
    goes from open folders, not from their names."""
    folder, moved = tmp_path / ".public.gen-1", tmp_path / ".public.new-1"
    sizes = a_generation(folder)
    walk = output._sizes_in

    def renamed_on_the_way(fd, rel, files):
        if rel == "langson.gov.vn/tin-tuc" and folder.exists():
            folder.rename(moved)
        return walk(fd, rel, files)
    monkeypatch.setattr(output, "_sizes_in", renamed_on_the_way)
    assert output.sizes_under(folder) == sizes and moved.is_dir() and not folder.exists()


def test_a_listing_started_ahead_serves_only_the_folder_it_listed(tmp_path):
    """``staged`` takes the listing started ahead when it is of the generation it recycles as that is now;
    one of a folder another build has changed since is stopped, and the folder listed again."""
    root = write_repo(tmp_path / "site", {"content/tinh/news/2025/tin.md": news()})
    for _ in range(2):
        assert run_build(root).ok
    previous = tmp_path / "site/.public.gen-1"
    ahead = output.listing_ahead(root / "public")
    assert ahead.folder == previous
    with output.staged(root / "public", ahead) as stage:
        assert stage.recycled is ahead and ahead.folder == stage.folder and ahead.files
        output.discard(stage)
    ahead = output.listing_ahead(root / "public")
    (previous / "ghi-chu.txt").write_text("thêm bằng tay", encoding="utf-8")  # (the folder's time changes)
    with output.staged(root / "public", ahead) as stage:
        assert stage.recycled is not ahead and ahead._child.poll() is not None
        assert "ghi-chu.txt" in stage.recycled.files
        output.discard(stage)


def test_a_file_gone_while_the_folder_is_listed_is_passed_over(tmp_path, monkeypatch):
    """The listing may walk the recycled folder while the workers write into it (a file is replaced by
    unlinking it first): one gone between its folder's listing and its stat is passed over, not the end
    of the listing."""
    import contextlib
    folder = tmp_path / ".public.gen-1"
    sizes = a_generation(folder)

    class Vanishing:  # os, but tin-3's page goes between its folder's listing and its stat
        def __getattr__(self, name):
            return getattr(os, name)

        def scandir(self, fd):
            entries = list(os.scandir(fd))
            here = os.readlink(f"/proc/self/fd/{fd}")
            for entry in entries:
                if entry.name == "index.html" and here.endswith("/tin-tuc/tin-3"):
                    os.unlink(entry.name, dir_fd=fd)
            return contextlib.nullcontext(entries)
    monkeypatch.setattr(output, "os", Vanishing())
    del sizes["langson.gov.vn/tin-tuc/tin-3/index.html"]
    assert output.sizes_under(folder) == sizes


def test_a_file_that_holds_the_new_bytes_already_stays_and_one_that_does_not_is_replaced(tmp_path):
    """Writing into a recycled folder: a file there that holds the very bytes stays as it is (most of a
    search index's files after an edit; replacing one costs ten times reading it), so a link it shares
    with the live folder stays too; any other is replaced by a new file, never written into, so the
    live folder's link keeps its bytes; a link to elsewhere is replaced, not followed."""
    live, staging = tmp_path / "live", tmp_path / "staging"
    for folder in (live, staging):
        (folder / "h").mkdir(parents=True)
    for name, data in (("same.json", b'{"a": 1}'), ("other.json", b'{"a": 1}'), ("shorter.json", b"0123")):
        (live / "h" / name).write_bytes(data)
        os.link(live / "h" / name, staging / "h" / name)
    (tmp_path / "elsewhere.json").write_bytes(b'{"a": 2}')
    (staging / "h" / "link.json").symlink_to(tmp_path / "elsewhere.json")
    written = output.write_files(staging, [("h/same.json", b'{"a": 1}'), ("h/other.json", b'{"a": 2}'),
                                           ("h/shorter.json", b"012"), ("h/link.json", b'{"a": 2}'),
                                           ("h/new.json", b"[]")])
    assert written == 8 + 8 + 3 + 8 + 2
    assert os.path.samefile(staging / "h" / "same.json", live / "h" / "same.json")
    for name, data in (("other.json", b'{"a": 2}'), ("shorter.json", b"012")):
        assert not os.path.samefile(staging / "h" / name, live / "h" / name)
        assert (staging / "h" / name).read_bytes() == data
    assert (live / "h" / "other.json").read_bytes() == b'{"a": 1}' and (live / "h" / "shorter.json").read_bytes() == b"0123"
    assert not (staging / "h" / "link.json").is_symlink() and (staging / "h" / "link.json").read_bytes() == b'{"a": 2}'
    assert (tmp_path / "elsewhere.json").read_bytes() == b'{"a": 2}'
    assert (staging / "h" / "new.json").read_bytes() == b"[]"


def test_an_output_folder_that_is_not_an_output_is_refused_and_kept(tmp_path):
    """The build makes --out a link and recycles the folder it was: a folder of someone's files, the
    repository or one of its own folders would be lost by the second build. Refused (exit 2), untouched."""
    root = write_repo(tmp_path / "repo", {"content/tinh/news/2025/tin.md": news()})
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "important.txt").write_text("keep me\n")
    for out, said in [(precious, "is a folder of other files (important.txt)"), (root, "holds the repository"),
                      (tmp_path, "holds the repository"), (root / "content", "is in the repository's content/"),
                      (root / "layouts", "is in the repository's layouts/")]:
        run = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "--out", str(out),
                              "--now", "2026-11-20T12:00", "--no-cache"], capture_output=True, text=True, env=ENV)
        assert run.returncode == 2 and said in run.stderr, (out, run.stderr)
        result = run_build(root, out)
        assert [d.code for d in result.diagnostics] == ["output.refused"] and not result.ok
    # a web server's folder of sites named like hosts is no output either: an output has _server/ beside them
    www = tmp_path / "www"
    (www / "example.com").mkdir(parents=True)
    (www / "example.com/index.html").write_text("precious\n")
    (www / "_private").mkdir()
    assert [d.code for d in run_build(root, www).diagnostics] == ["output.refused"]
    (www / "_private").rmdir()
    assert [d.code for d in run_build(root, www).diagnostics] == ["output.refused"]
    assert (www / "example.com/index.html").read_text() == "precious\n"
    shutil.rmtree(www)
    assert (precious / "important.txt").read_text() == "keep me\n" and not (root / "layouts").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious", "repo"]
    assert (root / "content/tinh/news/2025/tin.md").is_file() and not (root / "content").is_symlink()
    # an empty folder, and an output of before the generations (hosts and _server/ only), are outputs
    (tmp_path / "empty").mkdir()
    assert run_build(root, tmp_path / "empty").ok
    assert run_build(root, root / "public").ok
    make_plain(root / "public")
    assert run_build(root, root / "public").ok and (root / "public").is_symlink()
