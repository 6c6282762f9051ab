"""The FastAPI application: SPARQL Protocol, Graph Store Protocol, named queries, linked-data pages, UI.

``kg serve`` calls ``create_app(settings)`` and runs it with uvicorn. The store directory from
``settings.store`` is opened read-write by the executor's writer process (even without an update token), so the
server holds the RocksDB lock: a ``kg build`` into a served store is refused with a clear message (build through
the server's update/GSP instead, ``--store http://HOST:PORT/`` with the token), while read-only commands
(``kg query``, ``kg stats``, ``kg export``) still work beside it. Without an update token every write is
refused with 403.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from kg.api import fastpath
from kg.api.assets import NODE_MODULES, Assets
from kg.api.errors import install_error_handlers
from kg.api.executor import QueryExecutor, default_workers
from kg.api.gsp import graph_store
from kg.api.headers import head_as_get, with_security_headers
from kg.api.pages import add_page_routes
from kg.api.queries_routes import add_query_routes
from kg.api.security import Cors
from kg.api.sparql import sparql_endpoint
from kg.api.state import ApiState
from kg.config import Settings
from kg.errors import ConfigError
from kg.queries import NamedQuery, load_named_queries
from kg.store import Store

STATIC = Path(__file__).parent / "static"

_SPARQL_DOC = """SPARQL 1.1 Protocol endpoint (query and update on one URL).

* **query**: `GET ?query=…`, `POST` form (`query=…`), or `POST` with `Content-Type: application/sparql-query`;
  dataset: `default-graph-uri`, `named-graph-uri` (repeatable). Results by `Accept`: SELECT/ASK as
  `application/sparql-results+json` (default), `…+xml`, `text/csv`, `text/tab-separated-values`;
  CONSTRUCT/DESCRIBE as `text/turtle` (default), N-Triples, N-Quads, TriG, JSON-LD, RDF/XML.
* **update** (needs `Authorization: Bearer <token>`): `POST` form (`update=…`) or
  `Content-Type: application/sparql-update`; `using-graph-uri`, `using-named-graph-uri`.
* `GET` without a query: the service description (RDF).

Limits: time (`KG_QUERY_TIMEOUT_S`), rows (`KG_QUERY_RESULT_LIMIT`), body size (`KG_MAX_REQUEST_BYTES`);
`SERVICE` only to `KG_SERVICE_ALLOWLIST`. Errors: `{"error": {"code", "message", "status"}}`.
"""


class KgApp(FastAPI):
    """FastAPI with a lean path for plain ``GET /sparql?query=`` requests (see ``kg.api.fastpath``), security
    headers on every response and HEAD answered as GET without a body (see ``kg.api.headers``)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = getattr(self.state, "kg", None)
        if scope["type"] == "http":
            scope, send = head_as_get(scope, with_security_headers(send))
        if state is not None and scope["type"] == "http":
            pairs = fastpath.eligible(scope, state) if state.remote is None else None
            if pairs is not None:
                await fastpath.handle(scope, send, state, pairs)
                return
        await super().__call__(scope, receive, send)


def _load_queries(settings: Settings) -> dict[str, NamedQuery]:
    if not settings.queries_dir.is_dir():
        return {}
    return load_named_queries(settings.queries_dir)


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """Build the app over the store named by ``settings.store`` — a directory (the executor's writer process
    opens it), or a remote SPARQL server (kg checks every request and forwards it, ``kg.api.remote``) — or over
    a copy of ``store`` when one is given (an in-memory store, in tests; a RemoteStore is used as it is)."""
    from kg.store.embedded import EmbeddedStore
    from kg.store.remote import RemoteStore

    owns = False
    seed = None
    store_dir = Path(".")
    remote_store: RemoteStore | None = None
    if store is not None:
        if isinstance(store, EmbeddedStore):
            seed = store.raw
        elif isinstance(store, RemoteStore):
            remote_store = store
        else:
            raise ConfigError(f"kg serve cannot serve a {type(store).__name__}")
    elif settings.store == "memory:":
        seed = EmbeddedStore(None).raw
    elif settings.store.startswith(("http://", "https://")):
        remote_store = RemoteStore(settings.store)
        owns = True
    else:
        store_dir = Path(settings.store)
        store_dir.mkdir(parents=True, exist_ok=True)
    remote = None
    executor: QueryExecutor
    if remote_store is None:
        executor = QueryExecutor(
            store_dir,
            timeout_s=settings.query_timeout_s,
            update_timeout_s=settings.update_timeout_s,
            workers=settings.query_workers or default_workers(),
            memory_mb=settings.query_memory_mb,
            allowlist=settings.service_allowlist,
            seed=seed,
        )
    else:  # a remote SPARQL server: kg checks every request and forwards it (kg.api.remote)
        from kg.api.remote import RemoteExecutor

        executor = remote = RemoteExecutor(  # type: ignore[assignment]
            remote_store, timeout_s=settings.query_timeout_s, result_limit=settings.query_result_limit
        )
    try:
        queries = _load_queries(settings)
    except Exception:
        executor.close()
        if owns and remote_store is not None:
            remote_store.close()
        raise
    state = ApiState(
        settings=settings,
        executor=executor,
        queries=queries,
        union_default_graph=settings.union_default_graph,
        owns_store=owns,
        close_store=remote_store.close if owns and remote_store is not None else None,
        assets=Assets(settings.ui_dir or NODE_MODULES),
        remote=remote,
    )
    if remote is not None:
        state.cache.max_entries = 0  # other clients may write to the server: never serve a cached answer

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Everything loaded so far (modules, app, named queries) lives as long as the server: move it out of the
        # cyclic collector's reach so its collections stay short (fewer latency spikes under load).
        gc.freeze()
        try:
            await executor.start()
            yield
        finally:
            await executor.aclose()
            if state.close_store is not None:
                state.close_store()

    app = KgApp(
        title="kg — knowledge graph of Arabic news",
        description="SPARQL 1.1 Protocol, Graph Store Protocol, named queries and linked-data pages. "
        'Every error is `{"error": {"code": ..., "message": ..., "status": ...}}`.',
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # /docs and /redoc are served from the npm assets, never a CDN (kg.api.pages)
        redoc_url=None,
    )
    app.state.kg = state
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            Cors,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "Accept", "If-None-Match"],
            expose_headers=["ETag", "Location"],
        )
    for path in ("/sparql", "/sparql/"):
        app.add_api_route(
            path, sparql_endpoint, methods=["GET", "POST"], tags=["SPARQL"], summary="SPARQL 1.1 endpoint",
            description=_SPARQL_DOC, include_in_schema=path == "/sparql",
        )
    for path in ("/query", "/update"):  # Oxigraph-compatible URLs, so kg's remote store can build through us
        app.add_api_route(path, sparql_endpoint, methods=["GET", "POST"], include_in_schema=False)
    for path in ("/store", "/store/{path:path}"):
        app.add_api_route(
            path, graph_store, methods=["GET", "HEAD", "PUT", "POST", "DELETE"], tags=["Graph Store"],
            summary="SPARQL 1.1 Graph Store HTTP Protocol (writes need the bearer token)",
            include_in_schema=path == "/store",
        )
    add_query_routes(app, queries)
    add_page_routes(app)

    async def health(request: Request) -> JSONResponse:
        st: ApiState = request.app.state.kg
        report = await st.executor.health()
        report["queries"] = len(st.queries)
        return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)

    app.add_api_route("/health", health, methods=["GET"], tags=["service"],
                      summary="Liveness: 503 when the executor is wedged")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
