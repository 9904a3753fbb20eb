"""Development server: rebuild on change, serve the last good build on 127.0.0.1 only.

Each host is served under its own name below ``localhost``, which browsers
resolve to 127.0.0.1 by themselves: http://langson.gov.vn.localhost:8000/.
Addresses of the built hosts (https://<host>/…) in pages and JSON are rewritten to that
form on the fly, so a reader can click from the portal to a commune and back,
and the portal's search can read every site's shards. Addresses of taken-down
items (``_server/gone.txt``, see gone.py) answer 410 Gone, as the nginx snippets do.

Only a change to a source starts a rebuild, once per burst of changes (watch.py). Each request
is answered from one build: the output's link is read once per request, and a build keeps the
folder it replaces until the next one (output.py), so a rebuild never leaves a moment without the
stylesheet. SIGTERM and Ctrl+C stop the watcher, the server and every worker of a running
build, and the server exits with status 0.
"""
from __future__ import annotations

import functools
import http.server
import io
import queue
import re
import signal
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..build.gone import is_gone, read_gone
from ..build.output import host_dirs, live_folder
from ..core.diagnostics import format_diagnostics
from ..pipeline import BuildOptions, build
from .watch import settle, sources_of, watch


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves public/<host>/ for the host named in the request's Host header, each request from one build."""

    def __init__(self, *args, out: Path, port: int, **kwargs):
        self._out = out
        self._port = port
        self._build = out  # the output's folder for the request being answered (send_head)
        super().__init__(*args, directory=str(out), **kwargs)

    def _host_dir(self) -> Path | None:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        name = host[: -len(".localhost")] if host.endswith(".localhost") else ""
        if name and "/" not in name and not name.startswith((".", "_")):
            folder = self._build / name
            return folder if folder.is_dir() else None
        return None

    def translate_path(self, path: str) -> str:
        folder = self._host_dir()
        if folder is None:
            return super().translate_path(path)
        self.directory = str(folder)
        return super().translate_path(path)

    def send_head(self):
        # The link is read once: a rebuild that replaces it meanwhile leaves this build in place.
        self._build = live_folder(self._out)
        self.directory = str(self._build)
        if self._host_dir() is None and self.path in ("/", ""):
            hosts = [p.name for p in host_dirs(self._build)]
            links = "".join(f'<li><a href="http://{h}.localhost:{self._port}/">{h}</a></li>' for h in hosts)
            return self._send(f"<!DOCTYPE html><html lang=vi><title>congtt</title><ul>{links}</ul>".encode())
        folder = self._host_dir()
        asked = urllib.parse.unquote(self.path.split("?", 1)[0].split("#", 1)[0])
        if folder is not None and is_gone(read_gone(self._build).get(folder.name, frozenset()), asked):
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
        hosts = {p.name.encode() for p in host_dirs(self._build)}
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


def _rebuild(options: BuildOptions, changed: list[Path] | None = None) -> None:
    result = build(options)
    if result.diagnostics:
        print(format_diagnostics(result.diagnostics), file=sys.stderr)
    if not result.ok:
        print("build failed; still serving the last good output", file=sys.stderr)
    elif changed is None:
        print(f"built {result.pages} pages in {result.seconds:.2f} s", file=sys.stderr)
    else:
        names = [str(p.relative_to(options.root)) if p.is_relative_to(options.root) else str(p) for p in changed]
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        print(f"rebuilt {result.pages} pages in {result.seconds:.2f} s ({shown} changed)", file=sys.stderr)


@contextmanager
def _stopped_by_signals() -> Iterator[threading.Event]:
    """SIGTERM raises KeyboardInterrupt in the main thread, as Ctrl+C does, so that every ``finally``
    runs: a running build stops its workers and removes its folder. Python drops such an exception
    where it cannot propagate (the at-fork callbacks run while the build starts its workers, a
    finaliser) and reports it as unraisable; the event yielded is set by the signal all the same,
    so the serving loop stops as soon as that build is over, and no signal is lost."""
    stop = threading.Event()

    def interrupt(signum, frame):
        stop.set()
        raise KeyboardInterrupt

    def unraisable(report) -> None:
        if report.exc_type is None or not issubclass(report.exc_type, KeyboardInterrupt):
            previous_hook(report)

    previous = {name: signal.signal(name, interrupt) for name in (signal.SIGTERM, signal.SIGINT)}
    previous_hook, sys.unraisablehook = sys.unraisablehook, unraisable
    try:
        yield stop
    finally:
        sys.unraisablehook = previous_hook
        for name, handler in previous.items():
            signal.signal(name, handler)


def serve(options: BuildOptions, port: int) -> int:
    with _stopped_by_signals() as stop:
        observer = server = thread = None
        try:
            _rebuild(options)
            changes: queue.SimpleQueue = queue.SimpleQueue()
            observer = watch(sources_of(options.root, options.out, options.cache_dir), changes)
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                                     functools.partial(_Handler, out=options.out, port=port))
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            print(f"Serving {options.out} at http://127.0.0.1:{port}/, each host at "
                  f"http://<host>.localhost:{port}/ (Ctrl+C to stop)", file=sys.stderr)
            while not stop.is_set():
                changed = settle(changes)
                if changed and not stop.is_set():
                    _rebuild(options, changed)
            print("stopped", file=sys.stderr)
        except KeyboardInterrupt:
            print("stopped", file=sys.stderr)
        finally:
            for name in (signal.SIGTERM, signal.SIGINT):  # a second signal must not cut the cleanup short
                signal.signal(name, signal.SIG_IGN)
            if observer is not None:
                observer.stop()
                observer.join(5)
            if thread is not None:
                server.shutdown()
            if server is not None:
                server.server_close()
    return 0
