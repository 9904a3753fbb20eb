"""The development server: serves each host, rebuilds on change, keeps the last good build."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sitekit import news, write_repo

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


def wait_for(predicate, seconds: float = 30) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
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
