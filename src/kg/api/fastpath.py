"""A lean ASGI path for the hottest request: ``GET /sparql?query=…``.

FastAPI's routing, dependency resolution and middleware stack cost about 0.35 ms per request here, as much as
a whole point query in Oxigraph. Plain query GETs are therefore answered straight from the ASGI scope, with the
same parsing rules, checks, negotiation, limits and error shape as :mod:`kg.api.sparql`; anything else
(POST, updates, service description, unusual parameters, CORS) falls through to the full app unchanged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import pyoxigraph as ox

from kg.api.errors import ApiError, error_response
from kg.api.sparql import query_pairs, query_request
from kg.api.state import ApiState
from kg.errors import KgError
from kg.store.results import content_type

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

_KNOWN = {"query", "default-graph-uri", "named-graph-uri"}


def eligible(scope: Scope, state: ApiState) -> list[tuple[str, str]] | None:
    """The decoded query-string pairs if this request can take the fast path, else None."""
    if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != "/sparql":
        return None
    if state.settings.cors_origins or scope.get("root_path") or state.remote is not None:
        return None
    raw = scope.get("query_string", b"")
    if b"query=" not in raw:
        return None
    try:
        pairs = query_pairs(raw)
    except ApiError:
        return None  # the full app answers with the same 400
    keys = [k for k, _ in pairs]
    if keys.count("query") != 1 or any(k not in _KNOWN for k in keys):
        return None
    return pairs


async def handle(scope: Scope, send: Send, state: ApiState, pairs: list[tuple[str, str]]) -> None:
    """Answer one eligible GET query (or its error) directly over ASGI."""
    try:
        body, media = await _run(scope, state, pairs)
    except KgError as exc:
        response = error_response(exc)
        await response(scope, _no_receive, send)
        return
    await send({
        "type": "http.response.start",
        "status": 200,
        "headers": [
            (b"content-type", content_type(media).encode()),
            (b"content-length", str(len(body)).encode()),
            (b"vary", b"Accept"),
        ],
    })
    await send({"type": "http.response.body", "body": body})


async def _no_receive() -> MutableMapping[str, Any]:
    return {"type": "http.disconnect"}


def _iris(pairs: list[tuple[str, str]], name: str) -> list[str]:
    out = []
    for k, v in pairs:
        if k == name:
            try:
                out.append(ox.NamedNode(v).value)
            except ValueError:
                raise ApiError(400, f"{name} must be an absolute IRI, got {v!r}") from None
    return out


async def _run(scope: Scope, state: ApiState, pairs: list[tuple[str, str]]) -> tuple[bytes, str]:
    sparql = next(v for k, v in pairs if k == "query")
    accept = None
    host = b""
    for name, value in scope["headers"]:
        if name == b"accept":
            accept = value.decode("latin-1")
        elif name == b"host":
            host = value
    if host:
        base = f"{scope.get('scheme', 'http')}://{host.decode('latin-1')}/sparql"
    else:
        server = scope.get("server") or ("localhost", 80)
        base = f"{scope.get('scheme', 'http')}://{server[0]}:{server[1]}/sparql"
    req = query_request(state, sparql, accept, base, _iris(pairs, "default-graph-uri"), _iris(pairs, "named-graph-uri"),
                        state.union_default_graph)
    return await state.executor.query_async(req)
