"""Development server: rebuild on change, serve the last good build on 127.0.0.1 only.

Each host is served under its own name below ``localhost``, which browsers
resolve to 127.0.0.1 by themselves: http://langson.gov.vn.localhost:8000/.
Addresses of the built hosts (https://<host>/…) in pages and JSON are rewritten to that
form on the fly, so a reader can click from the portal to a commune and back,
and the portal's search can read every site's shards. Addresses of taken-down
items (``_server/gone.txt``, see gone.py) answer 410 Gone, as the nginx snippets do.

Only a change to a source starts a rebuild, once per burst of changes (watch.py). A burst that only
edits published items is previewed first (preview.py): their own pages are written into the live
folder and the open tabs reload at once; the build of every other page follows when no save came for
half a second, and a save that comes meanwhile stops it (``BuildOptions.interrupt``) to be previewed
first. Any other change is built at once, the search indexes left for that later build. Each request
is answered from one build: the output's link is read once per request, and a build keeps the
folder it replaces until the next one (output.py), so a rebuild never leaves a moment without the
stylesheet. SIGTERM and Ctrl+C stop the watcher, the server and every worker of a running
build, and the server exits with status 0.

Live reload, under ``serve`` only (``build`` never writes it): every HTML page served gets one
``<script src="/__congtt/reload.js" data-build="GEN">`` naming the build it came from. The script
listens to ``/__congtt/events`` (Server-Sent Events, one stream per host shared by its tabs through a
shared worker, ``/__congtt/worker.js``), which says the live build and, after a failed
rebuild, its errors: a page from an older build reloads itself; errors are shown over the last good
page (text nodes, never HTML), and the next good build removes them by that reload. A missing page
answers 404 with the host's own ``404.html`` (the edition's, as nginx's ``error_page``). The server
also rebuilds when the earliest future ``publish_at`` passes, so a scheduled item appears on time.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import http.server
import io
import json
import posixpath
import queue
import re
import signal
import sys
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..build.gone import is_gone, read_gone
from ..build.memo import DocumentMemo
from ..build.output import host_dirs, live_folder
from ..build.preview import LastBuild, Preview, preview
from ..build.render import make_environment
from ..core.diagnostics import ERROR, format_diagnostics
from ..pipeline import BuildOptions, BuildResult, Interrupted, build
from .watch import settle, sources_of, watch

EVENTS, RELOAD_JS, WORKER_JS = "/__congtt/events", "/__congtt/reload.js", "/__congtt/worker.js"
# Reloads the page when the live build is no longer the one it came from; shows a failed build's
# errors over the page. Text only (textContent): a message quoting a file cannot inject markup.
# The tabs of one host share one event stream through a shared worker: a browser opens at most six
# connections to a host, and one stream per tab would leave the seventh tab unable to load.
RELOAD_SCRIPT = r"""(function () {
  "use strict";
  var script = document.currentScript, built = script && script.getAttribute("data-build"), shown = null;
  function show(errors) {
    if (shown) { shown.remove(); shown = null; }
    if (!errors.length) return;
    shown = document.createElement("div");
    shown.id = "congtt-build-errors";
    shown.setAttribute("role", "alert");
    shown.style.cssText = "position:fixed;top:0;left:0;right:0;max-height:70vh;overflow:auto;z-index:2147483647;" +
      "margin:0;padding:1em;background:#fff4f4;color:#700;border-bottom:4px solid #c00;" +
      "font:14px/1.45 monospace;white-space:pre-wrap;text-align:left";
    var title = document.createElement("strong");
    title.textContent = "The build failed; this is the last good page. Fix the file and save:";
    shown.appendChild(title);
    errors.forEach(function (text) {
      var line = document.createElement("div");
      line.textContent = text;
      shown.appendChild(line);
    });
    (document.body || document.documentElement).appendChild(shown);
  }
  function told(state) {
    if (state.build !== built) { location.reload(); return; }
    show(state.errors);
  }
  if (window.SharedWorker) {
    var port = new SharedWorker("/__congtt/worker.js", {name: "congtt-reload"}).port;
    port.onmessage = function (message) { told(message.data); };
    window.addEventListener("pagehide", function () { port.postMessage("bye"); });
  } else {  // one stream for this tab, open only while it is shown
    var events = null;
    var listen = function () {
      if (document.visibilityState === "hidden") { if (events) { events.close(); events = null; } return; }
      if (!events) {
        events = new EventSource("/__congtt/events");
        events.onmessage = function (message) { told(JSON.parse(message.data)); };
      }
    };
    document.addEventListener("visibilitychange", listen);
    listen();
  }
})();
"""
# The shared worker of a host's tabs: one event stream, each state passed to every tab (a tab that
# connects gets the last one at once).
WORKER_SCRIPT = r""""use strict";
var ports = [], last = null;
new EventSource("/__congtt/events").onmessage = function (message) {
  last = JSON.parse(message.data);
  ports.forEach(function (port) { port.postMessage(last); });
};
onconnect = function (event) {
  var port = event.ports[0];
  ports.push(port);
  port.onmessage = function () { ports = ports.filter(function (p) { return p !== port; }); };
  if (last) port.postMessage(last);
};
"""


class LiveReload:
    """What the open pages are told: a number that changes after every rebuild, and the errors of the
    last one when it failed (empty after a good one)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.version, self.errors, self.stopped = 0, [], False
        self.previews = 0  # previews written into the live folder (preview.py): they change its pages too

    def rebuilt(self, errors: list[str], preview: bool = False) -> None:
        with self._changed:
            self.version, self.errors, self.previews = self.version + 1, errors, self.previews + preview
            self._changed.notify_all()

    def label(self, folder: Path) -> str:
        """What names the build a page comes from: its generation folder, and the previews written into
        the live folder so far (preview.py); a failed build changes neither, so the page stays."""
        return f"{folder.name}+{self.previews}" if self.previews else folder.name

    def stop(self) -> None:
        with self._changed:
            self.stopped = True
            self._changed.notify_all()

    def wait(self, seen: int | None, timeout: float) -> tuple[int, list[str]] | None:
        """The version and errors once the version differs from ``seen`` (or ``timeout`` passes); None when stopping."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen or self.stopped, timeout)
            return None if self.stopped else (self.version, list(self.errors))


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves public/<host>/ for the host named in the request's Host header, each request from one build."""

    def __init__(self, *args, out: Path, port: int, live: LiveReload | None = None, **kwargs):
        self._out = out
        self._port = port
        self._live = live  # None: a plain server of a built output (tests/browser.py), no reload script
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

    def do_GET(self):
        if self._live is not None and self.path.split("?", 1)[0] == EVENTS:
            return self._events()
        return super().do_GET()

    def send_head(self):
        # The link is read once: a rebuild that replaces it meanwhile leaves this build in place.
        self._build = live_folder(self._out)
        self.directory = str(self._build)
        script = {RELOAD_JS: RELOAD_SCRIPT, WORKER_JS: WORKER_SCRIPT}.get(self.path.split("?", 1)[0])
        if self._live is not None and script is not None:
            return self._send(script.encode(), "text/javascript; charset=utf-8")
        if self._host_dir() is None and self.path in ("/", ""):
            hosts = [p.name for p in host_dirs(self._build)]
            links = "".join(f'<li><a href="http://{h}.localhost:{self._port}/">{h}</a></li>' for h in hosts)
            return self._send(self._page(f"<!DOCTYPE html><html lang=vi><title>congtt</title><ul>{links}</ul>".encode()))
        folder = self._host_dir()
        asked = urllib.parse.unquote(self.path.split("?", 1)[0].split("#", 1)[0])
        if folder is not None and is_gone(read_gone(self._build).get(folder.name, frozenset()), asked):
            # Taken down (build.py takedown): 410 Gone with the host's page saying so, as nginx does.
            page = folder / "410.html"
            body = page.read_bytes() if page.is_file() else b"<!DOCTYPE html><title>410 Gone</title><h1>410 Gone</h1>"
            return self._send(self._page(self._local_links(body)), status=410)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.exists():
            return self._not_found(folder, asked)
        if path.suffix not in (".html", ".json") or not path.is_file():
            return super().send_head()
        body = self._local_links(path.read_bytes())
        if path.suffix == ".json":
            return self._send(body, "application/json")
        return self._send(self._page(body))

    def _not_found(self, folder: Path | None, asked: str):
        """404 with the host's own page: the 404.html of the nearest folder above the address that has
        one (an edition's root, /en/), as nginx's ``error_page`` does."""
        if folder is not None:
            where = asked if asked.endswith("/") else posixpath.dirname(asked) + "/"
            while True:
                page = folder / where.strip("/") / "404.html"
                if page.is_file():
                    return self._send(self._page(self._local_links(page.read_bytes())), status=404)
                if where in ("/", ""):
                    break
                where = posixpath.dirname(where.rstrip("/")) + "/"
        body = b"<!DOCTYPE html><html lang=en><title>404 Not Found</title><h1>404 Not Found</h1>"
        return self._send(self._page(body), status=404)

    def _page(self, body: bytes) -> bytes:
        """An HTML page with the reload script (under ``serve`` only), naming the build it came from."""
        if self._live is None:
            return body
        tag = b'<script src="%s" data-build="%s"></script>' % (RELOAD_JS.encode(),
                                                                 self._live.label(self._build).encode())
        at = body.rfind(b"</body>")
        return body[:at] + tag + body[at:] if at >= 0 else body + tag

    def _events(self) -> None:
        """Server-Sent Events: the live build and the last rebuild's errors, again after every rebuild."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        seen = None
        try:
            while (state := self._live.wait(seen, timeout=15)) is not None:
                if state[0] == seen:
                    self.wfile.write(b": still here\n\n")  # a comment: finds a closed tab out
                else:
                    seen = state[0]
                    message = {"build": self._live.label(live_folder(self._out)), "errors": state[1]}
                    self.wfile.write(b"data: %s\n\n" % json.dumps(message, ensure_ascii=False).encode())
                self.wfile.flush()
        except OSError:
            pass  # the page went away

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


SEARCH_PASS = "search index"  # the second pass after a save (BuildOptions.quick, BuildResult.deferred)
REST_PASS = "the rest"  # the build after a preview (preview.py): every other page the save affects


def _preview(last: LastBuild, changed: list[Path], env, options: BuildOptions) -> Preview | None:
    """The saved items' own pages in the live output at once (preview.py), reported; None when the
    change needs a build, or when the preview failed (the build then says why)."""
    started = time.perf_counter()
    try:
        shown = preview(last, changed, env, options.cache_dir, options.kept)
    except Exception:  # noqa: BLE001 - a layout's error, say: the build that follows reports it, located
        return None
    if shown is not None:
        names = ", ".join(shown.items[:3]) + (f" and {len(shown.items) - 3} more" if len(shown.items) > 3 else "")
        print(f"showed {names} in {time.perf_counter() - started:.2f} s ({len(shown.files)} files); the other "
              "pages follow", file=sys.stderr)
    return shown


def _rebuild(options: BuildOptions, changed: list[Path] | None = None, why: str = "",
             ) -> tuple[BuildResult | None, list[str]]:
    """A build, reported; with the lines the open pages show when it failed (none when it succeeded).
    None when ``options.interrupt`` stopped it (another save came: that one first)."""
    try:
        result = build(options)
    except Interrupted:
        return None, []
    except Exception:  # noqa: BLE001 - a bug in a build must not stop the server: shown, and the next save retries
        text = traceback.format_exc()
        print(f"{text}build failed; still serving the last good output", file=sys.stderr)
        return BuildResult(), [f"internal error of the generator (please report it):\n{text}"]
    if result.diagnostics:
        print(format_diagnostics(result.diagnostics), file=sys.stderr)
    if not result.ok:
        print("build failed; still serving the last good output", file=sys.stderr)
        return result, [d.text() for d in sorted(result.diagnostics) if d.severity == ERROR]
    if why == SEARCH_PASS:
        print(f"then the search index, brought up to date in {result.seconds:.2f} s", file=sys.stderr)
    elif changed is None and not why:
        print(f"built {result.pages} pages in {result.seconds:.2f} s", file=sys.stderr)
    else:
        names = [str(p.relative_to(options.root)) if p.is_relative_to(options.root) else str(p) for p in changed or []]
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        lead = "then the other pages: rebuilt" if why == REST_PASS else "rebuilt"  # after a preview
        print(f"{lead} {result.pages - result.reused} of {result.pages} pages in {result.seconds:.2f} s "
              f"({shown + ' changed' if names else why})", file=sys.stderr)
    return result, []


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


def serve(options: BuildOptions, port: int, clock: Callable[[], dt.datetime] | None = None) -> int:
    """Build, serve and rebuild until stopped. ``clock`` gives each build its moment (the real clock);
    None keeps ``options.now`` (``--now``), and then no scheduled item comes due."""
    live = LiveReload()
    # items unchanged between two saves are not read again, and pages whose reads did not change are
    # linked from the last build (memo.py): a save costs the pages it affects, not the province
    options = dataclasses.replace(options, kept=DocumentMemo())
    with _stopped_by_signals() as stop:
        observer = server = thread = None
        try:
            result, errors = _rebuild(options)
            live.rebuilt(errors)
            changes: queue.SimpleQueue = queue.SimpleQueue()
            observer = watch(sources_of(options.root, options.out, options.cache_dir), changes)
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                                     functools.partial(_Handler, out=options.out, port=port, live=live))
            server.daemon_threads = True  # a page's open event stream never holds the server up
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            hosts = [p.name for p in host_dirs(live_folder(options.out))]
            listed = "".join(f"\n  http://{h}.localhost:{port}/" for h in hosts) or "\n  (none yet: no good build)"
            print(f"Serving {options.out} at http://127.0.0.1:{port}/, each host at its own address "
                  f"(Ctrl+C to stop):{listed}", file=sys.stderr)
            behind = ""  # what a first pass left to bring up to date: SEARCH_PASS, or REST_PASS after a preview
            previewed: list[Path] = []  # the changes shown by previews since the last build
            last, env = result.last, make_environment(options.root)
            while not stop.is_set():
                changed = settle(changes)
                due = result.next_publish_at
                due = due if clock is not None and due is not None and clock() >= due else None
                if changed and not due and last is not None and (shown := _preview(last, changed, env, options)):
                    last, previewed = shown.last, sorted({*previewed, *changed})
                    live.rebuilt([], preview=True)  # the open tabs reload now, showing the saved items; the rest follows when idle
                    behind = REST_PASS
                elif (changed or due) and not stop.is_set():
                    if clock is not None:
                        options = dataclasses.replace(options, now=clock())
                    why = f"scheduled for {due.isoformat()}" if due else ""
                    changed, previewed = sorted({*previewed, *changed}), []
                    result, errors = _rebuild(dataclasses.replace(options, quick=True), changed, why)
                    live.rebuilt(errors)  # the open tabs reload now; the search indexes follow when idle
                    last = result.last
                    behind = SEARCH_PASS if result.deferred else ""
                elif behind and not stop.is_set():  # no save for half a second: the rest, unless a save comes
                    done, errors = _rebuild(dataclasses.replace(options, interrupt=lambda: not changes.empty()),
                                            previewed if behind == REST_PASS else None, behind)
                    if done is None:  # the save first (a preview, most often); this pass again when idle
                        print(f"another save came: the {behind} pass stopped, to follow it", file=sys.stderr)
                        continue
                    result, last, previewed = done, done.last, []
                    behind = SEARCH_PASS if result.deferred else ""
                    if errors:
                        live.rebuilt(errors)
            print("stopped", file=sys.stderr)
        except KeyboardInterrupt:
            print("stopped", file=sys.stderr)
        finally:
            for name in (signal.SIGTERM, signal.SIGINT):  # a second signal must not cut the cleanup short
                signal.signal(name, signal.SIG_IGN)
            live.stop()
            if observer is not None:
                observer.stop()
                observer.join(5)
            if thread is not None:
                server.shutdown()
            if server is not None:
                server.server_close()
    return 0
