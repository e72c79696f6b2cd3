"""``mapgen preview``: a local server that shows a project's map as it is saved.

The map is built in memory (nothing is written to disk), every input the project reads is
watched (watchfiles), and each save rebuilds it and tells the open preview page over
Server-Sent Events. The page the server shows is a shell of its own (``assets/preview.*``): the
map in a frame, at a phone's width or the window's, and the problems ``mapgen check`` would report
over it; the map page itself is the page a build renders (less the link to its data file, which
the preview does not write), with no script added.

Safe by construction: the server listens on 127.0.0.1 only, answers only its own few routes for
its own host name (no files from disk), and the page writes every problem's text as text.
"""
from __future__ import annotations

import errno
import http.server
import itertools
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mapgen.errors import MapgenError, Problem, shown
from mapgen.page import asset_text, templates

HOST = "127.0.0.1"
DEFAULT_PORT = 8765
KEEP_ALIVE = 15.0  # seconds between comments on an idle event stream, so a closed tab is noticed
SAVE_SETTLE_MS = 15  # watchfiles waits this long after a change for more changes of the same save
WATCH_TIMEOUT_MS = 250  # how often the watch answers with no change (so that the first answer says it is on)


@dataclass(frozen=True)
class Build:
    """One build of the map: its page (None when it failed), what ``check`` would report, and the
    files it read, which the next save is looked for in."""

    page: bytes | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    started: int = 0  # time.time_ns() when it began reading
    finished: float = 0.0  # ms since the epoch when it was done


Builder = Callable[[], Build]


class Previewed:
    """The latest build, as the pages see it: a version number that each build raises, and the
    last good page, kept under the problems of a failed build."""

    def __init__(self, label: str):
        self.label = label
        self.version = 0
        self.page: bytes | None = None
        self.page_version = 0
        self.build: Build = Build(None)
        self.closing = False
        self._changed = threading.Condition()

    def publish(self, build: Build) -> None:
        with self._changed:
            self.version += 1
            self.build = build
            if build.page is not None:
                self.page, self.page_version = build.page, self.version
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self.closing = True
            self._changed.notify_all()

    def newer_than(self, version: int, timeout: float) -> dict[str, Any] | None:
        """The state once it is newer than ``version`` (None after ``timeout`` seconds or on closing)."""
        with self._changed:
            self._changed.wait_for(lambda: self.version > version or self.closing, timeout)
            return self.state() if self.version > version and not self.closing else None

    def state(self) -> dict[str, Any]:
        """What the preview page shows, as JSON-ready data (every text from an input as plain text)."""
        build = self.build
        return {
            "version": self.version,
            "page": self.page_version,
            "ok": build.page is not None,
            "ms": round(build.seconds * 1000),
            "builtAt": build.finished,  # when it was built (ms since the epoch; the benchmark reads it)
            "problems": [{"file": shown(p.file, 300), "line": p.line, "message": shown(p.message, 1000)}
                         for p in build.problems],
            "warnings": [shown(line, 1000) for line in build.warnings],
        }


# --- watching --------------------------------------------------------------------------------

def watch_inputs(build: Builder, previewed: Previewed, fallback: Iterable[Path], stop: threading.Event,
                 on_build: Callable[[Build], None], watching: threading.Event) -> None:
    """Rebuild after every save of an input until ``stop`` is set; ``watching`` is set once the
    first watch is on. The inputs are those the last good build read; while the project does not
    build, ``fallback`` (its folder) is watched too."""
    from watchfiles import watch

    known, polling = previewed.build.inputs, False
    inputs = _watched(known, fallback if previewed.page is None or not known else ())
    while not stop.is_set():
        folders = sorted({path.parent for path in inputs if path.parent.is_dir()} |
                         {path for path in inputs if path.is_dir()})
        if not folders:
            watching.set()
            stop.wait(0.5)  # every folder is gone (renamed, say): look again shortly
            inputs = _watched(known, fallback)
            continue
        started = True
        try:
            changes_seen = watch(*folders, watch_filter=_matcher(inputs), step=SAVE_SETTLE_MS, debounce=400,
                                 stop_event=stop, rust_timeout=WATCH_TIMEOUT_MS, yield_on_timeout=True,
                                 recursive=False, raise_interrupt=False, force_polling=polling)
            first = next(changes_seen, None)
        except OSError:  # no file-change notices to be had (the system's limit on watches, say)
            if polling:
                raise
            polling = True
            continue
        if first is None:  # stopped before the watch was on
            return
        for changes in itertools.chain([first], changes_seen):
            # The first answer comes once the watch is on; a save before that is seen by its time.
            missed = started and _saved_since(inputs, previewed.build.started)
            watching.set()
            started = False
            if not changes and not missed:
                continue
            result = build()
            previewed.publish(result)
            on_build(result)
            known = result.inputs or known
            seen = _watched(known, fallback if result.page is None or not known else ())
            if seen != inputs:  # a dataset, text or table added or dropped, or a failed build: watch anew
                inputs = seen
                break


def _saved_since(inputs: Iterable[Path], started_ns: int) -> bool:
    """Whether a file among ``inputs`` (or in a folder among them) was written since ``started_ns``
    (with a margin: the file system's clock is coarser than time.time_ns())."""
    since = started_ns - 10_000_000
    files = [entry for path in inputs for entry in (path.iterdir() if path.is_dir() else [path])]
    for path in files:
        try:
            if path.stat().st_mtime_ns >= since:
                return True
        except OSError:
            continue
    return False


def _watched(inputs: Iterable[Path], fallback: Iterable[Path]) -> set[Path]:
    return {Path(os.path.realpath(path)) for path in (*inputs, *fallback)}


def _matcher(inputs: set[Path]) -> Callable[[Any, str], bool]:
    """The watch's filter: whether a changed path is one of the inputs, or in a folder watched whole."""
    folders = {path for path in inputs if path.is_dir()}

    def wanted(_change: Any, path: str) -> bool:
        real = Path(os.path.realpath(path))
        return real in inputs or real.parent in folders or Path(path).parent in folders
    return wanted


# --- serving ---------------------------------------------------------------------------------

class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    previewed: Previewed

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes its connection is no news; anything else is one line, not a traceback."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f"mapgen: preview: a request failed: {shown(str(error), 200)}", file=sys.stderr)


class Handler(http.server.BaseHTTPRequestHandler):
    """The preview's routes, and nothing else: no file is read from disk on a request."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if not self._own_host():
            return self._send(421, b"not this server's address\n", "text/plain")
        route = self.path.split("?", 1)[0]
        previewed = self.server.previewed
        if route == "/":
            return self._send(200, shell_page(previewed.label), "text/html", SHELL_POLICY)
        if route in ASSETS:
            name, kind = ASSETS[route]
            return self._send(200, asset_text(name).encode("utf-8"), kind, SHELL_POLICY)
        if route == "/map":
            page = previewed.page
            if page is None:
                return self._send(404, b"no map yet: the project has not built\n", "text/plain")
            return self._send(200, page, "text/html", MAP_POLICY)
        if route == "/events":
            return self._events()
        if route == "/favicon.ico":  # browsers ask for one: no icon, and no error in the console
            return self._send(204, b"", "image/x-icon")
        return self._send(404, b"not found\n", "text/plain")

    def do_HEAD(self) -> None:  # noqa: N802
        self._send(405, b"", "text/plain")

    def do_POST(self) -> None:  # noqa: N802
        self._send(405, b"the preview only shows; edit the project's files\n", "text/plain")

    def _own_host(self) -> bool:
        """Only requests addressed to this server by name (a page elsewhere whose name points here
        cannot read the map)."""
        port = self.server.server_address[1]
        return self.headers.get("Host", "") in (f"{HOST}:{port}", f"localhost:{port}")

    def _send(self, status: int, body: bytes, kind: str, policy: str = "default-src 'none'") -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self._safety_headers(policy)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _safety_headers(self, policy: str) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy", policy)

    def _events(self) -> None:
        """Server-Sent Events: the state now, then after each build, until the page goes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self._safety_headers("default-src 'none'")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        previewed, version = self.server.previewed, -1
        try:
            while not previewed.closing:
                state = previewed.newer_than(version, KEEP_ALIVE)
                if state is None:
                    self.wfile.write(b": still here\n\n")
                else:
                    version = state["version"]
                    self.wfile.write(f"data: {json.dumps(state, ensure_ascii=True)}\n\n".encode("ascii"))
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the console says what each build found, not each request


# The shell's own script and stylesheet (the map page brings its own, inlined).
ASSETS = {"/preview.js": ("preview.js", "text/javascript"), "/preview.css": ("preview.css", "text/css")}
SHELL_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; "
                "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
# The map page, built self-contained, needs its inline script and styles and nothing from anywhere.
MAP_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
              "base-uri 'none'; form-action 'none'; frame-ancestors 'self'")


def shell_page(label: str) -> bytes:
    return templates().get_template("preview.html.j2").render(label=label).encode("utf-8")


def bind(port: int, previewed: Previewed) -> PreviewServer:
    """The server on 127.0.0.1:``port`` (0: any free port); a port in use is a one-line error."""
    try:
        server = PreviewServer((HOST, port), Handler)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise MapgenError(f"{HOST}:{port} is already in use, by another preview or another program", option="port",
                              hint="pick another port, or port=0 for any free one") from None
        raise MapgenError(f"cannot listen on {HOST}:{port}: {err.strerror or err}", option="port") from None
    server.previewed = previewed
    return server


class Preview:
    """A running preview: the server and the watcher, started by ``start`` and stopped by ``stop``
    (the CLI runs ``serve_forever`` instead, and stops on Ctrl-C)."""

    def __init__(self, build: Builder, label: str, fallback: Iterable[Path], port: int = DEFAULT_PORT,
                 on_build: Callable[[Build], None] = lambda build: None):
        self.previewed = Previewed(label)
        self.server = bind(port, self.previewed)
        self._stop, watching = threading.Event(), threading.Event()
        try:
            first = build()
        except BaseException:  # Ctrl-C while it starts: nothing left listening
            self.server.server_close()
            raise
        self.previewed.publish(first)
        on_build(first)
        self._watcher = threading.Thread(target=watch_inputs, name="mapgen-preview-watch", daemon=True,
                                         args=(build, self.previewed, list(fallback), self._stop, on_build, watching))
        self._watcher.start()
        watching.wait(10)
        self._serving: threading.Thread | None = None

    @property
    def address(self) -> str:
        return f"http://{HOST}:{self.server.server_address[1]}/"

    def start(self) -> Preview:
        """Serve from a thread of its own (for tests and the benchmark)."""
        self._serving = threading.Thread(target=self.server.serve_forever, name="mapgen-preview-serve", daemon=True)
        self._serving.start()
        return self

    def serve_forever(self) -> None:
        try:
            self.server.serve_forever(poll_interval=0.2)
        finally:
            self.stop()

    def stop(self) -> None:
        self._stop.set()
        self.previewed.close()
        if self._serving is not None:
            self.server.shutdown()
            self._serving.join(5)
        self.server.server_close()
        self._watcher.join(5)


def timed(build: Callable[[], Build]) -> Builder:
    """``build`` with its wall time recorded in the Build it returns. A failure of mapgen's own
    (a bug) is shown like a problem, so that the preview goes on after the next save."""
    def run() -> Build:
        started, clock = time.perf_counter(), time.time_ns()
        try:
            result = build()
        except Exception as err:
            result = Build(None, [Problem("", None, f"mapgen failed while building the map ({type(err).__name__}: "
                                                    f"{err}); this is mapgen's fault, not your files'")])
        return Build(result.page, result.problems, result.warnings, result.inputs, time.perf_counter() - started,
                     clock, time.time() * 1000)
    return run
