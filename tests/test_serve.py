"""The development server: serves each host, rebuilds on change, keeps the last good build.

Tried as a new user would: `build.py serve` in a subprocess, files touched and read, the
stylesheet fetched through rebuilds, and SIGTERM or Ctrl+C (SIGINT) in the middle of a build.
"""
from __future__ import annotations

import datetime as dt
import json
import re
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

from generator import cli
from generator.cli.watch import Sources
from generator.core.clock import VN_TZ, now_in_vietnam

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


# vim (swap files, backups, its 4913 probe), emacs (#autosave#, .#lock), JetBrains' safe write, Kate,
# Chrome's File System Access, "save as temporary then rename" editors
SCRATCH = (".tin.md.swp", ".tin.md.swx", ".tin.md.swo", "tin.md~", "4913", ".#tin.md", "#tin.md#",
           "tin.md___jb_tmp___", "tin.md___jb_old___", "tin.md.tmp", ".tin.md.kate-swp", "tin.md.crswap")


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
        for folder in (item.parent, layout.parent):  # editors' scratch files, beside an item and a layout
            for scratch in SCRATCH:
                (folder / scratch).write_text("x", encoding="utf-8")
                (folder / scratch).unlink()
        (item.parent / ".DS_Store").write_text("x", encoding="utf-8")  # macOS's, left in place
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


def events(port: int, host: str = "langson.gov.vn"):
    """The messages of the live-reload stream (/__congtt/events), one dict at a time."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/__congtt/events",
                                     headers={"Host": f"{host}.localhost:{port}"})
    with urllib.request.urlopen(request, timeout=30) as stream:
        assert stream.headers["Content-Type"] == "text/event-stream"
        for line in stream:
            if line.startswith(b"data: "):
                yield json.loads(line[6:])


def test_pages_get_the_reload_script_under_serve_only_and_failed_builds_are_told(tmp_path):
    item = tmp_path / "content/tinh/news/2025/tin.md"
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news("Bản đầu")})
    with Served(tmp_path, "--no-cache", "--jobs", "1") as server:
        page = fetch(server.port, "langson.gov.vn", "/tin-tuc/tin/")
        assert page.count("<script src=\"/__congtt/reload.js\" data-build=\".public.gen-1\"></script></body>") == 1
        script = fetch(server.port, "langson.gov.vn", "/__congtt/reload.js")
        worker = fetch(server.port, "langson.gov.vn", "/__congtt/worker.js")
        assert "new SharedWorker(\"/__congtt/worker.js\"" in script and "innerHTML" not in script
        assert "new EventSource(\"/__congtt/events\")" in worker
        stream = events(server.port)
        assert next(stream) == {"build": ".public.gen-1", "errors": []}
        write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news("Bản hỏng", extra="<b>khoá lạ</b>: 1\n")})
        failed = next(stream)  # told at once, the build unchanged: the page stays, errors over it
        assert failed["build"] == ".public.gen-1"
        assert failed["errors"] == ["content/tinh/news/2025/tin.md:5:1: error[field.unknown]: unknown key "
                                    "`<b>khoá lạ</b>` in the front matter; known keys: " + failed["errors"][0]
                                    .split("known keys: ")[1]]
        assert "Bản đầu" in fetch(server.port, "langson.gov.vn", "/tin-tuc/tin/")
        item.write_text(news("Bản sửa"), encoding="utf-8")
        assert next(stream) == {"build": ".public.gen-2", "errors": []}
        assert "data-build=\".public.gen-2\"" in fetch(server.port, "langson.gov.vn", "/tin-tuc/tin/")
    # `build` writes no reload script: neither in its own output nor in what serve built
    assert cli.main(["build", "--root", str(tmp_path), "--out", str(tmp_path / "built"), "--no-cache"]) == 0
    for out in (tmp_path / "built", tmp_path / "public"):
        files = [p for p in out.rglob("*") if p.is_file()]
        assert len(files) > 20 and not [p for p in files if b"__congtt" in p.read_bytes()]
    assert "__congtt" not in (REPO / "generator/build/render.py").read_text()


def test_a_missing_page_answers_404_with_the_sites_own_page(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news("Bản đầu")})
    with Served(tmp_path, "--no-cache", "--jobs", "1") as server:
        for host, path in (("langson.gov.vn", "/khong-co/trang-nay/"), ("langson.gov.vn", "/tin-tuc/khong.html"),
                           ("english.langson.gov.vn", "/no/such/page")):
            request = urllib.request.Request(f"http://127.0.0.1:{server.port}{path}",
                                             headers={"Host": f"{host}.localhost:{server.port}"})
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(request, timeout=5)
            assert answer.value.code == 404
            body = answer.value.read().decode()
            own = (tmp_path / "public" / host / "404.html").read_text(encoding="utf-8")
            title = re.search(r"<title>[^<]*</title>", own)[0]
            assert title in body and body.endswith("</script></body>\n</html>\n"), body[-200:]
        assert "Not Found" not in title


def test_the_hosts_are_listed_at_start(tmp_path):
    write_repo(tmp_path, {"sites/sokhcn.yaml": 'kind: department\nslug: sokhcn\nname: "Sở Khoa học"\n',
                          "content/tinh/news/2025/tin.md": news("Bản đầu")})
    with Served(tmp_path, "--no-cache", "--jobs", "1") as server:
        hosts = sorted(p.name for p in (tmp_path / "public").iterdir() if p.is_dir() and p.name[0] not in "._")
        assert {"langson.gov.vn", "english.langson.gov.vn", "sokhcn.langson.gov.vn"} <= set(hosts)
        start = "".join(server.lines[server.lines.index(next(l for l in server.lines if "Serving" in l)):])
        for host in hosts:
            assert f"\n  http://{host}.localhost:{server.port}/\n" in start, start


def test_a_scheduled_item_appears_when_its_moment_passes(tmp_path):
    # far enough ahead that the first build is over before it, even on a busy machine
    at = (now_in_vietnam() + dt.timedelta(seconds=12)).strftime("%Y-%m-%dT%H:%M:%S")
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news("Tin thường"),
                          "content/tinh/news/2025/hen-gio.md": news("Tin hẹn giờ", extra=f"publish_at: {at}\n")})
    with Served(tmp_path, "--no-cache", "--jobs", "1") as server:
        assert "Tin thường" in fetch(server.port, "langson.gov.vn", "/tin-tuc/")
        assert "Tin hẹn giờ" not in fetch(server.port, "langson.gov.vn", "/tin-tuc/")  # not yet
        assert wait_for(lambda: "Tin hẹn giờ" in fetch(server.port, "langson.gov.vn", "/tin-tuc/hen-gio/"), 40)
        assert now_in_vietnam() >= dt.datetime.fromisoformat(at).replace(tzinfo=VN_TZ)
        assert server.count("rebuilt") == 1 and server.count(f"scheduled for {at}+07:00") == 1, server.lines
        assert server.rebuilds_after(3) == 1  # and then no more


def test_a_saved_item_shows_at_once_and_the_other_pages_follow(tmp_path):
    """An edit of a published item: its own pages first (a preview, generator/build/preview.py), the open
    tabs told at once; then the build of every other page it affects (the listing here), untold."""
    item = tmp_path / "content/tinh/news/2025/tin.md"
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news("Bản đầu")})
    with Served(tmp_path, "--jobs", "1") as server:
        stream = events(server.port)
        assert next(stream) == {"build": ".public.gen-1", "errors": []}
        item.write_text(news("Bản xem trước"), encoding="utf-8")
        assert next(stream) == {"build": ".public.gen-1+1", "errors": []}  # the live folder, its pages rewritten
        page = fetch(server.port, "langson.gov.vn", "/tin-tuc/tin/")
        assert "Bản xem trước" in page and 'data-build=".public.gen-1+1"' in page
        assert wait_for(lambda: server.count("then the other pages"), 30), server.lines
        assert "Bản xem trước" in fetch(server.port, "langson.gov.vn", "/tin-tuc/")
        shown = [line for line in server.lines if line.startswith("showed")]
        assert len(shown) == 1 and "content/tinh/news/2025/tin.md" in shown[0], server.lines
        assert "(content/tinh/news/2025/tin.md changed)" in server.lines[-1]
