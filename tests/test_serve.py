"""The development server: serves each host, rebuilds on change, keeps the last good build.

Tried as a new user would: `build.py serve` in a subprocess, files touched and read, the
stylesheet fetched through rebuilds, and SIGTERM or Ctrl+C (SIGINT) in the middle of a build.
"""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sitekit import news, write_repo

from generator.cli.watch import Sources

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port: int, host: str, path: str) -> str:
    header = f"{host}.localhost:{port}" if host else f"127.0.0.1:{port}"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": header})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.read().decode()


def wait_for(predicate, seconds: float = 30, step: float = 0.3) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(step)
    return False


def test_serve_rebuilds_and_keeps_the_last_good_build(tmp_path):
    write_repo(tmp_path, {
        "sites/sokhcn.yaml": 'kind: department\nslug: sokhcn\nname: "Sở Khoa học và Công nghệ"\n',
        "content/tinh/news/2025/tin.md": news("Bản đầu"),
    })
    port = free_port()
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--root", str(tmp_path),
                               "--port", str(port), "--no-cache", "--jobs", "1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert wait_for(lambda: "Bản đầu" in fetch(port, "langson.gov.vn", "/tin-tuc/tin/"))
        home = fetch(port, "langson.gov.vn", "/")
        # links to other hosts point at the local server too
        assert f'href="http://sokhcn.langson.gov.vn.localhost:{port}/"' in home
        assert "/assets/style.css" in home and "skip-link" in fetch(port, "langson.gov.vn", "/assets/style.css")
        listing = fetch(port, "", "/")
        assert f"http://sokhcn.langson.gov.vn.localhost:{port}/" in listing
        write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news("Bản hỏng", date="2025-02-30")})
        time.sleep(3)
        assert "Bản đầu" in fetch(port, "langson.gov.vn", "/tin-tuc/tin/")
        write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news("Bản sửa")})
        assert wait_for(lambda: "Bản sửa" in fetch(port, "langson.gov.vn", "/tin-tuc/tin/"))
    finally:
        server.terminate()
        _, err = server.communicate(timeout=10)
    assert b"field.date" in err and b"still serving the last good output" in err
    assert server.returncode == 0


class Served:
    """``build.py serve`` on a repository, its standard error read line by line as it comes."""

    def __init__(self, root: Path, *options: str):
        self.root, self.port, self.lines = root, free_port(), []
        self.proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--root", str(root),
                                      "--port", str(self.port), *options],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self._reader = threading.Thread(target=lambda: self.lines.extend(self.proc.stderr), daemon=True)
        self._reader.start()

    def __enter__(self) -> "Served":
        assert wait_for(lambda: self.count("Serving"), 60), self.lines
        return self

    def __exit__(self, *exc) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)

    def count(self, text: str) -> int:
        return sum(text in line for line in list(self.lines))

    def rebuilds_after(self, seconds: float) -> int:
        time.sleep(seconds)
        return self.count("rebuilt")

    def descendants(self) -> set[int]:
        """Every process below the server, from /proc (children of each of its threads)."""
        found, todo = set(), [self.proc.pid]
        while todo:
            for listed in Path(f"/proc/{todo.pop()}/task").glob("*/children"):
                try:
                    pids = {int(p) for p in listed.read_text().split()}
                except OSError:
                    continue
                todo += sorted(pids - found)
                found |= pids
        return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                living.add(pid)
        except OSError:
            pass
    return living


def test_one_change_one_rebuild_and_reading_changes_nothing(tmp_path):
    item = tmp_path / "content/tinh/news/2025/tin.md"
    layout = tmp_path / "layouts/assets/extra.css"
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news("Bản đầu"), "layouts/assets/extra.css": "p {}\n"})
    with Served(tmp_path) as server:  # with the parse cache, written in .cache/ by every build
        assert server.rebuilds_after(2) == 0
        item.touch()
        assert wait_for(lambda: server.count("rebuilt"), 15)
        assert server.rebuilds_after(4) == 1
        assert "content/tinh/news/2025/tin.md changed" in server.lines[-1]
        for path in sorted(tmp_path.rglob("*")):  # reading every file, the output's too
            if path.is_file():
                path.read_bytes()
        for scratch in (".tin.md.swp", "tin.md~", "4913", ".#tin.md", "#tin.md#"):  # editors' scratch files
            (item.parent / scratch).write_text("x", encoding="utf-8")
            (item.parent / scratch).unlink()
        assert server.rebuilds_after(3) == 1
        with layout.open("a", encoding="utf-8") as css:
            css.write("a {}\n")
        assert wait_for(lambda: server.count("rebuilt") == 2, 15)
        assert server.rebuilds_after(4) == 2
        item.rename(item.with_name("moi.md"))  # moved: one change
        assert wait_for(lambda: server.count("rebuilt") == 3, 15)
        assert server.rebuilds_after(3) == 3
        assert "Bản đầu" in fetch(server.port, "langson.gov.vn", "/tin-tuc/moi/")


def test_the_stylesheet_is_there_through_every_rebuild(tmp_path):
    write_repo(tmp_path, {"sites/sokhcn.yaml": 'kind: department\nslug: sokhcn\nname: "Sở Khoa học"\n',
                          **{f"content/tinh/news/2025/tin-{i}.md": news(f"Tin {i}") for i in range(20)}})
    statuses: list[int] = []
    done = threading.Event()

    def fetch_style() -> None:
        while not done.is_set():
            request = urllib.request.Request(f"http://127.0.0.1:{server.port}/assets/style.css",
                                             headers={"Host": f"langson.gov.vn.localhost:{server.port}"})
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as failed:
                statuses.append(failed.code)

    with Served(tmp_path, "--jobs", "1") as server:
        client = threading.Thread(target=fetch_style)
        client.start()
        try:
            for n in range(1, 6):
                (tmp_path / f"content/tinh/news/2025/tin-{n}.md").touch()
                assert wait_for(lambda: server.count("rebuilt") == n, 15)
        finally:
            done.set()
            client.join(10)
    assert len(statuses) > 20 and set(statuses) == {200}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_ctrl_c_stop_the_server_and_every_worker(tmp_path, signum):
    files = {"sites/sokhcn.yaml": 'kind: department\nslug: sokhcn\nname: "Sở Khoa học"\n',
             "sites/caoloc.yaml": 'kind: commune\nslug: caoloc\nname: "Xã Cao Lộc"\n'}
    for i in range(150):
        files[f"content/{('tinh', 'sokhcn', 'caoloc')[i % 3]}/news/2025/tin-{i}.md"] = news(f"Tin {i}")
    write_repo(tmp_path, files)
    with Served(tmp_path, "--jobs", "2", "--no-cache") as server:
        (tmp_path / "content/tinh/news/2025/tin-0.md").touch()
        workers: set[int] = set()

        def working() -> bool:
            now = alive(server.descendants())
            workers.update(now)
            return len(now) >= 2

        assert wait_for(working, 20, step=0.02), "no rebuild seen"
        server.proc.send_signal(signum)  # in the middle of the rebuild
        assert server.proc.wait(10) == 0
        assert wait_for(lambda: not alive(workers), 5), alive(workers)
        assert server.count("stopped") == 1 and not server.count("Traceback")
        assert not list(tmp_path.glob(".public.new-*"))  # the interrupted build removed its folder


def test_what_counts_as_a_change_of_sources(tmp_path):
    from watchdog.events import (
        DirModifiedEvent,
        FileClosedEvent,
        FileClosedNoWriteEvent,
        FileModifiedEvent,
        FileMovedEvent,
        FileOpenedEvent,
    )

    content, out = tmp_path / "content", tmp_path / "content/out"
    sources = Sources((content, tmp_path / "layouts"), (out, tmp_path / ".cache"))
    item = str(content / "tinh/news/2025/tin.md")
    assert sources.changed(FileModifiedEvent(item)) == Path(item)
    assert sources.changed(FileClosedEvent(item)) == Path(item)
    assert sources.changed(FileOpenedEvent(item)) is None  # reading
    assert sources.changed(FileClosedNoWriteEvent(item)) is None
    assert sources.changed(DirModifiedEvent(str(content / "tinh"))) is None  # its files say what changed
    assert sources.changed(FileModifiedEvent(str(out / "index.html"))) is None
    assert sources.changed(FileModifiedEvent(str(tmp_path / "public/index.html"))) is None
    assert sources.changed(FileModifiedEvent(str(content / ".git/index"))) is None
    assert sources.changed(FileModifiedEvent(str(content / ".public.gen-2/a.html"))) is None
    # an editor's save: written under a scratch name, then renamed over the item
    assert sources.changed(FileModifiedEvent(item + "~")) is None
    assert sources.changed(FileMovedEvent(item + ".tmp", item)) == Path(item)
