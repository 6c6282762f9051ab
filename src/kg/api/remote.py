"""``kg serve --store http(s)://…``: kg's endpoint, named queries, Graph Store Protocol and pages in front of a
remote SPARQL 1.1 server (Oxigraph server, QLever, Fuseki, GraphDB, Virtuoso; URL forms in
:mod:`kg.store.remote`).

kg keeps every decision that protects the server. A request is parsed and checked exactly as for an embedded
store (strict protocol parsing, the update token, the SERVICE / LOAD allow-list, the request size limit), then
forwarded as one POST with kg's own time limit: past ``KG_QUERY_TIMEOUT_S`` kg stops reading and answers 504
(the server's own timeout should be set as well, since not every server cancels a query whose client has
gone). The server's protocol answer — status, Content-Type, body — comes back unchanged, provided it is within
kg's result limit: SELECT rows and graph triples are counted by parsing the answer, and an answer larger than
``BYTES_PER_ROW`` per allowed row is cut off while it streams. kg never caches a remote answer: other clients
may write to the server.
"""

from __future__ import annotations

import csv
import io
import time
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from kg.api.errors import ApiError
from kg.api.security import check_bearer, check_text_targets
from kg.errors import QueryLimitError, QueryTimeoutError, StoreError
from kg.store.remote import RemoteStore
from kg.store.results import QueryRequest

if TYPE_CHECKING:
    from kg.api.sparql import ProtocolRequest
    from kg.api.state import ApiState

#: Answers are cut off beyond this many bytes per allowed row (100k rows: 200 MB).
BYTES_PER_ROW = 2048
_FORM = {"Content-Type": "application/x-www-form-urlencoded"}
#: Response headers passed back to the client (hop-by-hop and length headers are the ASGI server's).
_PASSED_HEADERS = ("content-type", "location", "etag", "last-modified", "content-disposition")


class Forwarded:
    """One answer of the remote server, read in full (within the time and size limits)."""

    def __init__(self, status: int, headers: httpx.Headers, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def media_type(self) -> str:
        return str(self.headers.get("content-type", "")).split(";")[0].strip().lower()

    def response(self, *, head: bool = False) -> Response:
        headers = {k: v for k, v in self.headers.items() if k.lower() in _PASSED_HEADERS}
        return Response(b"" if head else self.body, status_code=self.status, headers=headers)


def count_answer(body: bytes, media_type: str) -> int | None:
    """Rows of a SELECT answer, triples of a graph answer, 1 for a boolean; None for a format kg cannot read."""
    if media_type == "text/csv":
        return max(0, sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8", errors="replace")))) - 1)
    results = ox.QueryResultsFormat.from_media_type(media_type)
    if results is not None:
        parsed = ox.parse_query_results(body, results)
        return 1 if isinstance(parsed, ox.QueryBoolean) else sum(1 for _ in parsed)
    rdf = ox.RdfFormat.from_media_type(media_type)
    if rdf is not None:
        return sum(1 for _ in ox.parse(body, rdf))
    return None


class RemoteExecutor:
    """The query executor's interface (``query``, ``query_async``, ``generation``, ``close``) over a remote
    server, plus the forwarding of protocol and Graph Store requests."""

    isolated = True

    def __init__(self, store: RemoteStore, *, timeout_s: float, result_limit: int) -> None:
        self.store = store
        self.endpoints = store.endpoints
        self.timeout_s = timeout_s
        self.result_limit = result_limit
        self.generation = 0  # bumped on writes forwarded by kg (health output; remote answers are never cached)
        # The store's keep-alive client carries the credentials of the store URL.
        self._client = store._client

    def close(self) -> None:
        """Nothing of its own to stop: the store (and its HTTP client) is closed by whoever opened it."""

    async def start(self) -> None:
        """Nothing to start (the executor interface of ``kg.api.executor.QueryExecutor``)."""

    async def aclose(self) -> None:
        self.close()

    async def health(self) -> dict[str, Any]:
        return {"status": "ok", "problems": [], "generation": self.generation, "remote": self.store.url}

    def plan_for(self, req: QueryRequest) -> None:
        """kg keeps no parse of forwarded queries."""
        return None

    # -- the executor interface (named queries, pages) ---------------------------------------------------

    def query(self, req: QueryRequest) -> tuple[bytes, str]:
        """Run a query kg itself composed; (body, media type). Server refusals become kg errors."""
        form: list[tuple[str, str]] = [("query", _with_base(req.sparql, req.base_iri))]
        if req.default_graph is not None or req.named_graphs is not None:
            form += [("default-graph-uri", g) for g in req.default_graph or ()]
            form += [("named-graph-uri", g) for g in req.named_graphs or ()]
        elif req.union_default_graph:
            form += self._union_params()
        accept = f"{req.result_type}, {req.graph_type};q=0.9"
        answer = self._send("POST", self.endpoints.query, content=_form(form), headers={**_FORM, "Accept": accept},
                            limit=req.limit)
        if answer.status >= 400:
            raise self.store._http_error(httpx.Response(answer.status, content=answer.body), "query")
        return answer.body, answer.media_type

    async def query_async(self, req: QueryRequest) -> tuple[bytes, str]:
        return await run_in_threadpool(self.query, req)

    # -- forwarding ----------------------------------------------------------------------------------------

    def _union_params(self) -> list[tuple[str, str]]:
        """How this server is asked for "default graph = union of the named graphs" (see kg.store.remote)."""
        if self.endpoints.union == "oxigraph":
            return [("union-default-graph", "true")]
        if self.endpoints.union == "dataset":
            graphs = self.store.named_graphs()
            return [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]
        return []

    def _send(self, method: str, url: str, *, limit: int | None, what: str = "query", **kwargs: Any) -> Forwarded:
        """One request within kg's time limit; the body is read while it streams, cut off past the size cap."""
        deadline = time.monotonic() + self.timeout_s
        timeout = httpx.Timeout(self.timeout_s, connect=min(10.0, self.timeout_s))
        cap = None if limit is None else max(1, limit) * BYTES_PER_ROW
        try:
            with self._client.stream(method, url, timeout=timeout, **kwargs) as response:
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if cap is not None and size > cap:
                        raise QueryLimitError(f"the answer is larger than {cap} bytes; add a LIMIT or narrow it down")
                    if time.monotonic() > deadline:
                        raise _timeout(self.timeout_s, what)
                    chunks.append(chunk)
                answer = Forwarded(response.status_code, response.headers, b"".join(chunks))
        except httpx.TimeoutException:
            raise _timeout(self.timeout_s, what) from None
        except httpx.HTTPError as exc:
            raise self.store._transport_error(exc) from None
        if limit is not None and 200 <= answer.status < 300 and answer.body:
            try:
                n = count_answer(answer.body, answer.media_type)
            except (SyntaxError, ValueError) as exc:
                raise StoreError(f"SPARQL store at {self.store.url} sent an unreadable answer: {exc}") from None
            if n is not None and n > limit:
                noun = "triples" if ox.RdfFormat.from_media_type(answer.media_type) else "rows"
                raise QueryLimitError(f"the query returns more than {limit} {noun}; add a LIMIT or narrow it down")
        return answer

    def forward_query(self, sparql: str, params: dict[str, list[str]], accept: str | None, base: str,
                      union: bool) -> Forwarded:
        """A protocol query (already checked by kg), with its dataset parameters, as one form POST."""
        form = [("query", _with_base(sparql, base))]
        form += _pairs(params, ("default-graph-uri", "named-graph-uri"))
        if union and len(form) == 1:
            form += self._union_params()
        headers = {**_FORM, "Accept": accept} if accept else _FORM
        return self._send("POST", self.endpoints.query, content=_form(form), headers=headers, limit=self.result_limit)

    def forward_update(self, update: str, params: dict[str, list[str]], base: str) -> Forwarded:
        """A protocol update (token and targets already checked by kg) with its ``using-*`` parameters."""
        form = [("update", _with_base(update, base))]
        form += _pairs(params, ("using-graph-uri", "using-named-graph-uri"))
        try:
            return self._send("POST", self.endpoints.update, content=_form(form), headers=_FORM, limit=None,
                              what="update")
        finally:
            self.generation += 1

    def forward_graph_store(self, method: str, graph: ox.NamedNode | ox.DefaultGraph, *, accept: str | None,
                            content_type: str | None, body: bytes | None) -> Forwarded:
        """A Graph Store Protocol request on one graph (indirect identification at the server)."""
        if self.endpoints.gsp is None:
            raise ApiError(501, f"the SPARQL server at {self.store.url} has no Graph Store Protocol endpoint")
        params = {"default": ""} if isinstance(graph, ox.DefaultGraph) else {"graph": graph.value}
        headers = {k: v for k, v in (("Accept", accept), ("Content-Type", content_type)) if v}
        read = method in ("GET", "HEAD")
        try:
            return self._send(method, self.endpoints.gsp, params=params, headers=headers, content=body,
                              limit=self.result_limit if read else None, what="graph store request")
        finally:
            if not read:
                self.generation += 1


def _form(pairs: list[tuple[str, str]]) -> bytes:
    """A form body (repeated names kept in order: the dataset parameters repeat)."""
    return urlencode(pairs).encode("ascii")


def _with_base(text: str, base: str | None) -> str:
    """Resolve relative IRIs against kg's endpoint (the protocol's base IRI), not the server's own URL."""
    return f"BASE <{base}>\n{text}" if base else text


def _pairs(params: dict[str, list[str]], names: Iterable[str]) -> list[tuple[str, str]]:
    return [(name, value) for name in names for value in params.get(name, [])]


def _timeout(limit: float, what: str) -> QueryTimeoutError:
    return QueryTimeoutError(f"the {what} ran longer than the {limit:g} s limit and was stopped")


async def forward_protocol(request: Request, state: ApiState, preq: ProtocolRequest) -> Response:
    """Check a parsed protocol request as kg does for its own store, forward it, answer with the server's
    response."""
    from kg.api.sparql import _flag, endpoint_url

    executor = state.remote
    assert executor is not None
    allowlist = state.settings.service_allowlist
    base = endpoint_url(request)
    if preq.update is not None:
        check_bearer(request.headers.get("authorization"), state.settings.update_token, "SPARQL Update")
        await check_text_targets(preq.update, allowlist, update=True, base=base)
        answer = await run_in_threadpool(executor.forward_update, preq.update, preq.params, base)
    else:
        sparql = preq.query or ""
        await check_text_targets(sparql, allowlist, update=False, base=base)
        union = state.union_default_graph or _flag(preq.params.get("union-default-graph"))
        answer = await run_in_threadpool(
            executor.forward_query, sparql, preq.params, request.headers.get("accept"), base, union
        )
    return answer.response()


async def forward_graph_store(request: Request, state: ApiState, graph: ox.NamedNode | ox.DefaultGraph | None,
                              store_url: str) -> Response:
    """Check a Graph Store request as kg does (the token for writes, the body size), forward it, answer with
    the server's response; a POST to the store itself creates a new graph named by kg, as kg does."""
    from kg.api.sparql import read_body

    executor = state.remote
    assert executor is not None
    method = request.method
    if method not in ("GET", "HEAD", "PUT", "POST", "DELETE"):
        raise ApiError(405, f"method {method} is not allowed on the graph store",
                       headers={"Allow": "GET, HEAD, PUT, POST, DELETE"})
    body = None
    if method in ("GET", "HEAD"):
        if graph is None:
            raise ApiError(400, "name a graph with ?graph=IRI or ?default")
    else:
        check_bearer(request.headers.get("authorization"), state.settings.update_token, "writing to the graph store")
        if graph is None and method != "POST":
            raise ApiError(400, "name a graph with ?graph=IRI or ?default")
        if method != "DELETE":
            body = await read_body(request, state.settings.max_request_bytes)
    location = None
    if graph is None:  # POST to the graph store: a new graph named by kg
        location = f"{store_url}/{uuid.uuid4().hex}"
        graph = ox.NamedNode(location)
    target = graph
    content_type = request.headers.get("content-type")
    if body is not None and (content_type or "").lower().startswith("multipart/form-data"):
        # Several RDF files in one POST (optional in the GSP; not every server takes it): kg reads them, as it
        # does for its own store, and sends their triples as one N-Triples document.
        from kg.api.gsp import _parse_payload

        base = target.value if isinstance(target, ox.NamedNode) else store_url
        body = ox.serialize(_parse_payload(body, content_type, base), format=ox.RdfFormat.N_TRIPLES) or b""
        content_type = "application/n-triples"
    answer = await run_in_threadpool(
        lambda: executor.forward_graph_store(
            "GET" if method == "HEAD" else method, target, accept=request.headers.get("accept"),
            content_type=content_type, body=body,
        )
    )
    response = answer.response(head=method == "HEAD")
    if location and answer.status < 300:
        response.status_code = 201
        response.headers["Location"] = location
    return response


__all__ = ["RemoteExecutor", "count_answer", "forward_graph_store", "forward_protocol"]
