"""Development server: rebuild on change, serve the last good build on 127.0.0.1 only.

Each host is served under its own name below ``localhost``, which browsers
resolve to 127.0.0.1 by themselves: http://langson.gov.vn.localhost:8000/.
Addresses of the built hosts (https://<host>/…) in pages and JSON are rewritten to that
form on the fly, so a reader can click from the portal to a commune and back,
and the portal's search can read every site's shards. Addresses of taken-down
items (``_server/gone.txt``, see gone.py) answer 410 Gone, as the nginx snippets do.
"""
from __future__ import annotations

import dataclasses
import functools
import http.server
import io
import re
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from ..build.gone import is_gone, read_gone
from ..build.output import host_dirs
from ..core.diagnostics import format_diagnostics
from ..pipeline import BuildOptions, build

WATCHED = ("content", "layouts", "sites", "profiles")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves public/<host>/ for the host named in the request's Host header."""

    def __init__(self, *args, out: Path, port: int, **kwargs):
        self._out = out
        self._port = port
        super().__init__(*args, directory=str(out), **kwargs)

    def _host_dir(self) -> Path | None:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        name = host[: -len(".localhost")] if host.endswith(".localhost") else ""
        if name and "/" not in name and not name.startswith((".", "_")):
            folder = self._out / name
            return folder if folder.is_dir() else None
        return None

    def translate_path(self, path: str) -> str:
        folder = self._host_dir()
        if folder is None:
            return super().translate_path(path)
        self.directory = str(folder)
        return super().translate_path(path)

    def send_head(self):
        if self._host_dir() is None and self.path in ("/", ""):
            hosts = [p.name for p in host_dirs(self._out)]
            links = "".join(f'<li><a href="http://{h}.localhost:{self._port}/">{h}</a></li>' for h in hosts)
            return self._send(f"<!DOCTYPE html><html lang=vi><title>congtt</title><ul>{links}</ul>".encode())
        folder = self._host_dir()
        asked = urllib.parse.unquote(self.path.split("?", 1)[0].split("#", 1)[0])
        if folder is not None and is_gone(read_gone(self._out).get(folder.name, frozenset()), asked):
            # Taken down (build.py takedown): 410 Gone with the host's page saying so, as nginx does.
            page = folder / "410.html"
            body = page.read_bytes() if page.is_file() else b"<!DOCTYPE html><title>410 Gone</title><h1>410 Gone</h1>"
            return self._send(self._local_links(body), status=410)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in (".html", ".json") or not path.is_file():
            return super().send_head()
        body = self._local_links(path.read_bytes())
        return self._send(body, "application/json" if path.suffix == ".json" else "text/html; charset=utf-8")

    def _local_links(self, body: bytes) -> bytes:
        """Addresses of the built hosts rewritten to this server's."""
        hosts = {p.name.encode() for p in host_dirs(self._out)}
        return re.sub(rb'https://([a-z0-9.\-]+)/',
                      lambda m: b"http://%s.localhost:%d/" % (m[1], self._port) if m[1] in hosts else m[0], body)

    def end_headers(self):
        # Search shards are public data that the portal's search page reads from every host.
        if self.path.split("?")[0].endswith(".json"):
            self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def _send(self, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, fmt, *args):
        pass


def _rebuild(options: BuildOptions) -> None:
    result = build(dataclasses.replace(options, now=options.now))
    if result.diagnostics:
        print(format_diagnostics(result.diagnostics), file=sys.stderr)
    if result.ok:
        print(f"rebuilt {result.pages} pages in {result.seconds:.2f} s", file=sys.stderr)
    else:
        print("build failed; still serving the last good output", file=sys.stderr)


def serve(options: BuildOptions, port: int) -> int:
    _rebuild(options)
    pending = threading.Event()

    class Watcher(FileSystemEventHandler):
        def on_any_event(self, event):
            if not event.is_directory:
                pending.set()

    observer = Observer()
    for name in WATCHED:
        if (options.root / name).is_dir():
            observer.schedule(Watcher(), str(options.root / name), recursive=True)
    observer.start()
    handler = functools.partial(_Handler, out=options.out, port=port)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving {options.out} at http://127.0.0.1:{port}/, each host at http://<host>.localhost:{port}/ "
          "(Ctrl+C to stop)", file=sys.stderr)
    try:
        while True:
            if pending.wait(0.5):
                time.sleep(0.2)
                pending.clear()
                _rebuild(options)
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.shutdown()
    return 0
