"""Security headers on every response, and HEAD answered like GET without a body (plain ASGI, no middleware).

HTML pages get a Content-Security-Policy that allows only this server's own scripts, styles, images and
connections (no CDN, no inline script; inline *styles* are allowed because Swagger UI, ReDoc, YASGUI and
Observable Plot set style attributes), and may not be framed. Every response gets ``nosniff``, a
``Referrer-Policy`` that sends no address of ours to the outlets and Wikidata pages we link to, and
``frame-ancestors 'none'``. Applied around the whole app, the lean ``/sparql`` path included.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Message = MutableMapping[str, Any]
Send = Callable[[Message], Awaitable[None]]

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DATA_CSP = "default-src 'none'; frame-ancestors 'none'"

_COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
_PAGE = [
    (b"content-security-policy", PAGE_CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
_DATA = [(b"content-security-policy", DATA_CSP.encode())]


def with_security_headers(send: Send) -> Send:
    """``send`` that adds the security headers to the response start (page policy for HTML)."""

    async def _send(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            names = {k.lower() for k, _ in headers}
            ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
            extra = _COMMON + (_PAGE if ctype.startswith(b"text/html") else _DATA)
            headers += [(k, v) for k, v in extra if k not in names]
            message = {**message, "headers": headers}
        await send(message)

    return _send


def head_as_get(scope: MutableMapping[str, Any], send: Send) -> tuple[MutableMapping[str, Any], Send]:
    """For a HEAD request: the scope as a GET and a ``send`` that drops the body (headers kept as for GET).

    The Graph Store Protocol answers HEAD itself (``/store``), so its requests are left alone.
    """
    if scope.get("method") != "HEAD" or scope.get("path", "").startswith("/store"):
        return scope, send

    async def _send(message: Message) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body", False):
                return
            message = {"type": "http.response.body", "body": b"", "more_body": False}
        await send(message)

    return {**scope, "method": "GET"}, _send
