"""A real uvicorn server on 127.0.0.1 (random free port) in a thread, for the API tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from kg.api.app import create_app
from kg.api.server import config
from kg.config import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(
    settings: Settings, store: object | None = None, port: int | None = None, loop: str = "auto"
) -> Iterator[str]:
    """Start ``create_app(settings, store)`` under uvicorn as ``kg serve`` does; yield its base URL; always stop
    it (``loop``: ``auto`` picks uvloop when installed, ``asyncio`` forces the standard loop)."""
    app = create_app(settings, store)  # type: ignore[arg-type]
    port = port or free_port()
    server = uvicorn.Server(config(app, "127.0.0.1", port, loop=loop))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def settings_for(tmp: Path, **overrides: object) -> Settings:
    """Settings for a throwaway store directory under ``tmp``, without reading the environment."""
    values: dict[str, object] = {
        "store": str(tmp / "store"),
        "queries_dir": tmp / "queries",
        "query_workers": 2,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


class Listener:
    """An HTTP server on 127.0.0.1 that counts the connections it accepts and answers every request with an
    empty SPARQL JSON result (a stand-in SERVICE endpoint, or a trap that must stay untouched)."""

    def __init__(self) -> None:
        import http.server

        self.connections = 0
        self.requests: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def setup(self) -> None:
                outer.connections += 1
                super().setup()

            def _answer(self) -> None:
                outer.requests.append(self.path)
                body = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"remote"}}]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802
                self._answer()

            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._answer()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
