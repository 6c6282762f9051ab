"""The SPARQL 1.1 Protocol endpoint: query and update on ``/sparql`` (GET, POST form, POST direct).

Request parsing is strict because the W3C Protocol tests are: exactly one ``query`` or ``update``, a known
Content-Type (form, ``application/sparql-query``, ``application/sparql-update``), UTF-8 bodies only, no update
through GET, no protocol dataset together with ``USING``/``WITH``. The base IRI of every request is the
endpoint URL. pyoxigraph's ``update()`` has no dataset parameters, so ``using-graph-uri`` /
``using-named-graph-uri`` are applied by inserting ``USING`` / ``USING NAMED`` before each top-level WHERE
(``kg.sparql_parse.apply_using``: the parser says where). Query strings and bodies must be valid UTF-8 (400).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kg.api.errors import ApiError
from kg.api.negotiation import GRAPH_TYPES, SELECT_TYPES, choose, negotiate
from kg.api.security import check_bearer
from kg.api.state import ApiState
from kg.store.results import QueryRequest, content_type, serialize_triples

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"


@dataclass
class ProtocolRequest:
    """A parsed protocol request: one operation and its dataset parameters."""

    query: str | None = None
    update: str | None = None
    params: dict[str, list[str]] = field(default_factory=dict)

    def iris(self, name: str) -> list[str]:
        """The values of a dataset parameter, each checked to be an absolute IRI."""
        out = []
        for value in self.params.get(name, []):
            try:
                out.append(ox.NamedNode(value).value)
            except ValueError:
                raise ApiError(400, f"{name} must be an absolute IRI, got {value!r}") from None
        return out


def _collect(pairs: list[tuple[str, str]], into: dict[str, list[str]]) -> None:
    for k, v in pairs:
        into.setdefault(k, []).append(v)


def query_pairs(raw: bytes) -> list[tuple[str, str]]:
    """The decoded pairs of a URL query string; 400 when it is not valid percent-encoded UTF-8."""
    try:
        return parse_qsl(raw.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, "the URL query string is not valid percent-encoded UTF-8") from None


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    parts = [p.strip() for p in header.split(";")]
    charset = None
    for p in parts[1:]:
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset":
            charset = v.strip().strip('"').lower()
    return parts[0].lower(), charset


def _decode(body: bytes, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise ApiError(415, f"only UTF-8 request bodies are accepted, not charset={charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"the request body is not valid UTF-8 (byte {exc.start})") from None


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The request body, refused with 413 beyond ``max_bytes`` (checked while reading, not after)."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise ApiError(413, f"the request body is larger than {max_bytes} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise ApiError(413, f"the request body is larger than {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def parse_protocol_request(request: Request, max_bytes: int) -> ProtocolRequest:
    """Parse GET / POST-form / POST-direct into one ProtocolRequest; 4xx for anything malformed."""
    params: dict[str, list[str]] = {}
    _collect(query_pairs(request.scope.get("query_string", b"")), params)
    req = ProtocolRequest(params=params)
    if request.method in ("GET", "HEAD"):
        if "update" in params:
            raise ApiError(400, "SPARQL Update is not allowed through GET; use POST")
    elif request.method == "POST":
        media, charset = _media_type(request.headers.get("content-type"))
        body = await read_body(request, max_bytes)
        if media == FORM:
            text = _decode(body, charset)
            try:
                pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text), errors="strict")
            except (ValueError, UnicodeDecodeError):
                raise ApiError(400, "the form body is not valid application/x-www-form-urlencoded") from None
            _collect(pairs, params)
        elif media == QUERY_TYPE:
            if "query" in params or "update" in params:
                raise ApiError(400, "a direct POST carries the operation in the body, not in the URL")
            params["query"] = [_decode(body, charset)]
        elif media == UPDATE_TYPE:
            if "query" in params or "update" in params:
                raise ApiError(400, "a direct POST carries the operation in the body, not in the URL")
            params["update"] = [_decode(body, charset)]
        else:
            raise ApiError(
                415,
                f"POST needs Content-Type {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}"
                + (f", not {media}" if media else " (none given)"),
            )
    else:
        raise ApiError(405, f"method {request.method} is not allowed on the SPARQL endpoint",
                       headers={"Allow": "GET, POST"})
    queries, updates = params.get("query", []), params.get("update", [])
    if len(queries) > 1 or len(updates) > 1:
        raise ApiError(400, "give exactly one 'query' or one 'update' parameter")
    if queries and updates:
        raise ApiError(400, "a request carries either a query or an update, not both")
    req.query = queries[0] if queries else None
    req.update = updates[0] if updates else None
    if req.query is None and request.method == "POST" and req.update is None:
        raise ApiError(400, "the POST carries neither a 'query' nor an 'update'")
    return req


def endpoint_url(request: Request) -> str:
    """The absolute URL of the SPARQL endpoint (the base IRI of every request)."""
    return str(request.base_url).rstrip("/") + "/sparql"


async def sparql_endpoint(request: Request) -> Response:
    """GET/POST /sparql: a query, an update, or (GET without either) the service description."""
    state: ApiState = request.app.state.kg
    preq = await parse_protocol_request(request, state.settings.max_request_bytes)
    tail = request.url.path.rstrip("/").rsplit("/", 1)[-1]
    only = tail if tail in ("query", "update") else None
    if only == "query" and preq.update is not None:
        raise ApiError(400, "this URL answers queries only; send updates to /sparql or /update")
    if only == "update" and preq.update is None:
        raise ApiError(400, "this URL answers updates only; send queries to /sparql or /query")
    if state.remote is not None and (preq.query is not None or preq.update is not None):
        from kg.api.remote import forward_protocol  # a remote store: kg checks, the server answers

        return await forward_protocol(request, state, preq)
    if preq.update is not None:
        return await run_update(request, state, preq)
    if preq.query is None:
        return service_description(request, state)
    return await run_sparql_query(request, state, preq)


async def run_sparql_query(request: Request, state: ApiState, preq: ProtocolRequest) -> Response:
    """Execute a protocol query in the executor and answer in the negotiated format."""
    qreq = query_request(
        state, preq.query or "", request.headers.get("accept"), endpoint_url(request),
        preq.iris("default-graph-uri"), preq.iris("named-graph-uri"),
        state.union_default_graph or _flag(preq.params.get("union-default-graph")),
    )
    body, media_type = await state.executor.query_async(qreq)
    return Response(body, headers={"Content-Type": content_type(media_type), "Vary": "Accept"})


def query_request(
    state: ApiState, sparql: str, accept: str | None, base: str, default_graph: list[str], named: list[str],
    union: bool,
) -> QueryRequest:
    """The executor's request for a protocol query (shared with the ASGI fast path).

    The form, hence which Accept list applies, is known when the text was parsed before; otherwise both
    negotiations travel with the request and the worker applies the one the parse calls for (406 if none).
    """
    if len(sparql.encode("utf-8")) > state.settings.max_query_bytes:
        raise ApiError(413, f"the query is longer than {state.settings.max_query_bytes} bytes")
    has_dataset = bool(default_graph or named)
    req = QueryRequest(
        sparql=sparql,
        result_type="",
        graph_type="",
        base_iri=base,
        default_graph=tuple(default_graph) if has_dataset else None,
        named_graphs=tuple(named) if has_dataset else None,
        union_default_graph=union,
        limit=state.settings.query_result_limit,
    )
    plan = state.executor.plan_for(req)
    if plan is not None and plan.form in ("CONSTRUCT", "DESCRIBE"):
        result_type, graph_type = SELECT_TYPES[0], choose(accept, GRAPH_TYPES)
    elif plan is not None:
        result_type, graph_type = choose(accept, SELECT_TYPES), GRAPH_TYPES[0]
    else:
        result_type, graph_type = negotiate(accept, SELECT_TYPES), negotiate(accept, GRAPH_TYPES)  # type: ignore[assignment]
    return replace(req, result_type=result_type, graph_type=graph_type)


def _flag(values: list[str] | None) -> bool:
    """Oxigraph's ``union-default-graph`` request parameter (present, empty or true → on)."""
    if not values:
        return False
    if values[-1].lower() in ("", "true", "1"):
        return True
    if values[-1].lower() in ("false", "0"):
        return False
    raise ApiError(400, "union-default-graph must be true or false")


async def run_update(request: Request, state: ApiState, preq: ProtocolRequest) -> Response:
    """Execute an update in the writer process (token required)."""
    check_bearer(request.headers.get("authorization"), state.settings.update_token, "SPARQL Update")
    text = preq.update or ""
    if len(text.encode("utf-8")) > state.settings.max_request_bytes:
        raise ApiError(413, f"the update is longer than {state.settings.max_request_bytes} bytes")
    using, using_named = preq.iris("using-graph-uri"), preq.iris("using-named-graph-uri")
    await state.executor.update(text, endpoint_url(request), using, using_named)
    return Response(status_code=204)


def service_description(request: Request, state: ApiState) -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, in a negotiated RDF format.

    A browser (``text/html`` preferred over every RDF type) is sent to the SPARQL editor instead.
    """
    accept = request.headers.get("accept")
    if accept and negotiate(accept, ("text/html", *GRAPH_TYPES)) == "text/html":
        return RedirectResponse(str(request.base_url).rstrip("/") + "/editor", status_code=303)
    media = choose(accept, GRAPH_TYPES)
    endpoint = ox.NamedNode(endpoint_url(request))
    svc = ox.BlankNode()
    ds, dg = ox.BlankNode(), ox.BlankNode()
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def sd(local: str) -> ox.NamedNode:
        return ox.NamedNode(SD + local)

    triples = [
        ox.Triple(svc, rdf_type, sd("Service")),
        ox.Triple(svc, sd("endpoint"), endpoint),
        ox.Triple(svc, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(svc, sd("feature"), sd("BasicFederatedQuery")),
        ox.Triple(svc, sd("defaultDataset"), ds),
        ox.Triple(ds, rdf_type, sd("Dataset")),
        ox.Triple(ds, sd("defaultGraph"), dg),
        ox.Triple(dg, rdf_type, sd("Graph")),
    ]
    if state.union_default_graph:
        triples.append(ox.Triple(svc, sd("feature"), sd("UnionDefaultGraph")))
    if state.settings.update_token:
        triples.append(ox.Triple(svc, sd("supportedLanguage"), sd("SPARQL11Update")))
    for fmt in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                "Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML"):
        triples.append(ox.Triple(svc, sd("resultFormat"), ox.NamedNode(FORMATS_NS + fmt)))
    body = serialize_triples(triples, media)
    return Response(body, headers={"Content-Type": content_type(media), "Vary": "Accept"})
