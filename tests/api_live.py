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
