"""How ``kg serve`` runs the app under uvicorn: JSON errors even for malformed HTTP, a bounded shutdown.

uvicorn answers a request it cannot parse (bad request line, invalid header bytes) itself, with a
``text/plain`` 400 that never reaches the app; kg's protocol class sends the documented JSON error instead.
``timeout_graceful_shutdown`` bounds how long SIGTERM waits for requests in flight (each has its own deadline
anyway), so the server stops within seconds.
"""

from __future__ import annotations

import json
from typing import Any

import uvicorn

from kg.api.errors import error_body

#: Seconds SIGTERM waits for requests in flight before the server closes them.
SHUTDOWN_S = 3


def _json_400(msg: str) -> bytes:
    return json.dumps(error_body(400, "bad_request", msg or "invalid HTTP request")).encode()


def _protocol() -> type[Any]:
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as Base
    except ImportError:  # httptools not installed: uvicorn's pure-Python parser
        from uvicorn.protocols.http.h11_impl import H11Protocol as Base  # type: ignore[assignment]

    class JsonErrorProtocol(Base):
        """uvicorn's HTTP protocol, with its own 400 answers in kg's JSON error shape."""

        def send_400_response(self, msg: str) -> None:
            body = _json_400(msg)
            head = (b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: "
                    + str(len(body)).encode() + b"\r\nconnection: close\r\n\r\n")
            self.transport.write(head + body)
            self.transport.close()

    return JsonErrorProtocol


def config(app: Any, host: str, port: int, **options: Any) -> uvicorn.Config:
    """The uvicorn configuration kg serves with (``options`` override, e.g. ``loop="asyncio"`` in tests)."""
    values: dict[str, Any] = {"host": host, "port": port, "log_level": "warning", "access_log": False,
                              "http": _protocol(), "timeout_graceful_shutdown": SHUTDOWN_S, "lifespan": "on"}
    values.update(options)
    return uvicorn.Config(app, **values)


def serve(app: Any, host: str, port: int) -> None:
    """Run the app until SIGINT/SIGTERM."""
    uvicorn.Server(config(app, host, port)).run()
