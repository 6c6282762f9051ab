"""A store kept in a remote SPARQL 1.1 server (Oxigraph server, Fuseki, GraphDB, QLever, Virtuoso).

Reads go through the SPARQL 1.1 Protocol (query), writes through SPARQL Update, exports through the Graph
Store Protocol when the server has one. ``replace_graphs`` sends **one** update request
(``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> {…} }``): servers run one request as one transaction,
so a rebuild never leaves a graph half-written nor duplicated.

URL forms (``--store`` / ``KG_STORE``):

* ``http://host:7878`` — an Oxigraph server: query ``/query``, update ``/update``, GSP ``/store``.
* ``http://host:3030/kg/#server=fuseki`` — a preset for another server (``oxigraph``, ``fuseki``,
  ``graphdb``, ``qlever``, ``virtuoso``); the fragment never leaves this process.
* ``…#query=URL&update=URL&gsp=URL&union=MODE`` — explicit endpoints, absolute or relative to the URL;
  ``gsp=`` (empty) means the server has no Graph Store Protocol (exports then go through SELECT).
* ``http://user:password@host/…`` — HTTP basic auth; ``http://bearer:TOKEN@host/…`` — ``Authorization: Bearer
  TOKEN`` instead (what ``kg serve`` accepts). Neither appears in error messages (:func:`redact_url`).

``union`` says how "default graph = union of the named graphs" (``union_default_graph=True``) is obtained:
``oxigraph`` (the server's ``union-default-graph`` request parameter), ``server`` (the server's default
graph already is the union: GraphDB, QLever, Fuseki with ``unionDefaultGraph``; ``union_default_graph=False``
cannot then be honored — write ``GRAPH ?g`` in the query), ``dataset`` (the protocol's
``default-graph-uri``/``named-graph-uri`` listing every named graph: portable but one graph listing per
query, so only for small stores).
"""

from __future__ import annotations

from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import BinaryIO, Literal
from urllib.parse import parse_qs, unquote, urljoin, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from kg.errors import QueryError, QuerySyntaxError, StoreError
from kg.sparql_parse import inject_values
from kg.store.base import Row, Store, Term, materialize, replace_graphs_update

UnionMode = Literal["oxigraph", "server", "dataset"]

#: Endpoint paths relative to the store URL, and the union mode, per server kind (from each server's docs).
PRESETS: dict[str, tuple[str, str, str | None, UnionMode]] = {
    "oxigraph": ("query", "update", "store", "oxigraph"),
    "fuseki": ("query", "update", "data", "server"),
    "graphdb": ("", "statements", "rdf-graphs/service", "server"),
    "qlever": ("", "", None, "server"),
    "virtuoso": ("sparql", "sparql", "sparql-graph-crud", "server"),
}

_RESULTS_JSON = "application/sparql-results+json"
_DATASET_FORMATS = {"application/n-quads", "application/trig"}
_FORMATS = {
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class Endpoints:
    """Where a remote store answers; ``gsp`` is None for servers without the Graph Store Protocol."""

    base: str
    query: str
    update: str
    gsp: str | None
    union: UnionMode


class BearerAuth(httpx.Auth):
    """``Authorization: Bearer <token>`` on every request."""

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request


#: Query-string keys whose values are credentials (QLever's ``access-token``, API keys…), hidden when printed.
_SECRET_KEYS = ("token", "key", "password", "passwd", "secret", "auth")


def redact_url(url: str) -> str:
    """A store URL fit to print: the password or token of its user info (or a user name given alone, which
    may be a key) and the values of credential-like query parameters replaced by ``***``."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        host = netloc.rpartition("@")[2]
        netloc = f"{parts.username}:***@{host}" if parts.password is not None else f"***@{host}"
    query = parts.query
    if query:
        pairs = [p.partition("=") for p in query.split("&")]
        query = "&".join(f"{k}{eq}***" if eq and any(w in unquote(k).lower() for w in _SECRET_KEYS) else f"{k}{eq}{v}"
                         for k, eq, v in pairs)
    if (netloc, query) == (parts.netloc, parts.query):
        return url
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def parse_store_url(url: str) -> tuple[Endpoints, httpx.Auth | None]:
    """Split a ``--store`` URL into endpoints and credentials (see the module docstring for the forms)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an http(s) store URL: {url!r}")
    auth: httpx.Auth | None = None
    if parts.username is not None and parts.username.lower() in ("bearer", ""):
        auth = BearerAuth(unquote(parts.password or ""))
    elif parts.username is not None:
        auth = httpx.BasicAuth(unquote(parts.username), unquote(parts.password or ""))
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    opts = {k: v[-1] for k, v in parse_qs(parts.fragment, keep_blank_values=True).items()}
    unknown = set(opts) - {"server", "query", "update", "gsp", "union"}
    if unknown:
        raise StoreError(f"unknown store URL option(s) {sorted(unknown)} in {url!r}")
    server = opts.get("server", "oxigraph")
    if server not in PRESETS:
        raise StoreError(f"unknown server kind {server!r}; expected one of {sorted(PRESETS)}")
    q, u, g, union = PRESETS[server]
    path = parts.path
    if server == "oxigraph" or path == "":
        path = path.rstrip("/") + "/"  # relative endpoints resolve below the given path
    base = urlunsplit((parts.scheme, netloc, path, parts.query, ""))
    g = opts.get("gsp", g) or None
    mode = opts.get("union", union)
    if mode not in ("oxigraph", "server", "dataset"):
        raise StoreError(f"unknown union mode {mode!r}; expected oxigraph, server or dataset")
    # GraphDB/QLever/Virtuoso presets: endpoints relative to the repository URL itself, not its parent.
    anchor = base if base.endswith("/") else base + "/"

    def resolve(rel: str) -> str:
        return urljoin(anchor, rel) if rel else base

    return (
        Endpoints(base, resolve(opts.get("query", q)), resolve(opts.get("update", u)),
                  resolve(g) if g else None, mode),  # type: ignore[arg-type]
        auth,
    )


class RemoteStore(Store):
    """A SPARQL 1.1 Protocol + Graph Store Protocol client with the embedded store's semantics."""

    kind = "remote"

    def __init__(
        self,
        url: str,
        *,
        read_only: bool = False,
        client: httpx.Client | None = None,
        timeout_s: float = 60.0,
    ) -> None:
        self.endpoints, auth = parse_store_url(url)
        self.url = redact_url(self.endpoints.base)  # as printed in every message
        self.read_only = read_only
        self._own_client = client is None
        # One keep-alive client: a fresh connection per request costs ~25-35 ms here (notes §4.11).
        self._client = client or httpx.Client(timeout=timeout_s, auth=auth)
        self._timeout_s = timeout_s

    # -- queries -----------------------------------------------------------------------------------------

    def select(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        substitutions: Mapping[str, Term] | None = None,
    ) -> tuple[list[str], list[Row]]:
        return materialize(self._query(bind_values(sparql, substitutions), union_default_graph))

    def ask(self, sparql: str, *, union_default_graph: bool = True) -> bool:
        result = self._query(sparql, union_default_graph)
        if not isinstance(result, ox.QueryBoolean):
            raise QuerySyntaxError("expected an ASK query")
        return bool(result)

    def _query(self, sparql: str, union: bool) -> ox.QuerySolutions | ox.QueryBoolean:
        # URL-encoded POST: no URL length limit, and the protocol's dataset parameters may repeat.
        form: dict[str, str | list[str]] = {"query": sparql}
        mode = self.endpoints.union
        if union and mode == "oxigraph":
            form["union-default-graph"] = "true"
        elif union and mode == "dataset":
            graphs = self.named_graphs()
            if graphs:
                form["default-graph-uri"] = graphs
                form["named-graph-uri"] = graphs
        response = self._post(self.endpoints.query, data=form, headers={"Accept": _RESULTS_JSON}, what="query")
        try:
            parsed = ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"SPARQL store at {self.url} sent unreadable results: {exc}") from None
        if not isinstance(parsed, ox.QuerySolutions | ox.QueryBoolean):
            raise StoreError(f"SPARQL store at {self.url} sent unexpected results")
        return parsed

    # -- writes ------------------------------------------------------------------------------------------

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        if self.read_only:
            raise StoreError(f"SPARQL store at {self.url} was opened read-only; updates are refused")
        text = f"BASE <{base_iri}>\n{sparql}" if base_iri else sparql
        self._post(
            self.endpoints.update,
            content=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
            what="update",
        )

    def replace_graphs(self, graphs: Mapping[str, Sequence[ox.Quad]]) -> None:
        """One update request: the server applies it as one transaction (atomic per call)."""
        text = replace_graphs_update(graphs)
        if text:
            self.update(text)

    def load_fresh_graphs(self, graphs: Mapping[str, Sequence[ox.Quad]]) -> None:
        """Fast path for fresh builds (mirrors ``EmbeddedStore.load_fresh_graphs``): one update drops the
        graphs, one Graph Store Protocol POST of N-Quads loads them. Two requests, so not atomic: a reader
        may briefly see these graphs missing. Without a GSP endpoint this is ``replace_graphs``."""
        if self.endpoints.gsp is None:
            self.replace_graphs(graphs)
            return
        self.replace_graphs({g: [] for g in graphs})
        quads = [
            ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(g)) for g, qs in graphs.items() for q in qs
        ]
        if not quads:
            return
        if self.read_only:
            raise StoreError(f"SPARQL store at {self.url} was opened read-only; updates are refused")
        body = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
        self._post(
            self.endpoints.gsp, content=body, headers={"Content-Type": "application/n-quads"}, what="load"
        )

    # -- inspection --------------------------------------------------------------------------------------

    def named_graphs(self) -> list[str]:
        _, rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union_default_graph=False)
        return sorted(r["g"].value for r in rows if isinstance(r.get("g"), ox.NamedNode))

    def count(self, graph: str | None = None) -> int:
        if graph is not None:
            sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}"
        elif self.endpoints.union == "server":
            # The server's default graph is the union: counting it too would count every quad twice.
            sparql = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        else:
            sparql = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        _, rows = self.select(sparql, union_default_graph=False)
        return int(rows[0]["n"].value) if rows and "n" in rows[0] else 0

    def dump(self, out: BinaryIO, media_type: str, graph: str | None = None) -> None:
        fmt = _FORMATS.get(media_type)
        if fmt is None:
            raise StoreError(f"unsupported RDF format {media_type}")
        if self.endpoints.gsp is None:
            self._dump_by_select(out, fmt, graph)
            return
        if graph is not None:
            params: dict[str, str] = {"graph": graph}
        elif media_type in _DATASET_FORMATS:
            params = {}
        else:
            params = {"default": ""}
        try:
            with self._client.stream(
                "GET", self.endpoints.gsp, params=params, headers={"Accept": media_type}
            ) as response:
                if response.status_code == 404 and graph is not None:
                    return  # no such graph: an empty export, like the embedded store
                if response.status_code >= 400:
                    response.read()
                    raise self._http_error(response, "export")
                for chunk in response.iter_bytes():
                    out.write(chunk)
        except httpx.HTTPError as exc:
            raise self._transport_error(exc) from None

    def _dump_by_select(self, out: BinaryIO, fmt: ox.RdfFormat, graph: str | None) -> None:
        """Export without a Graph Store Protocol: materializes the quads, so only for modest stores."""
        if graph is not None:
            g = ox.NamedNode(graph)
            _, rows = self.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}", union_default_graph=False)
            quads = [ox.Quad(r["s"], r["p"], r["o"], g) for r in rows]  # type: ignore[arg-type]
            if fmt.supports_datasets:
                ox.serialize(quads, out, fmt)
            else:
                ox.serialize([q.triple for q in quads], out, fmt)
            return
        _, rows = self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union_default_graph=False)
        if fmt.supports_datasets:
            quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]  # type: ignore[arg-type]
            ox.serialize(quads, out, fmt)
        else:
            ox.serialize([ox.Triple(r["s"], r["p"], r["o"]) for r in rows], out, fmt)  # type: ignore[arg-type]

    def close(self) -> None:
        if self._own_client:
            self._client.close()

    # -- HTTP --------------------------------------------------------------------------------------------

    def _post(self, url: str, *, what: str, **kwargs: object) -> httpx.Response:
        try:
            response = self._client.post(url, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise self._transport_error(exc) from None
        if response.status_code >= 400:
            raise self._http_error(response, what)
        return response

    def _transport_error(self, exc: httpx.HTTPError) -> StoreError:
        if isinstance(exc, httpx.ConnectError):
            return StoreError(
                f"cannot reach SPARQL store at {self.url}: {_first_line(str(exc)) or 'connection refused'}",
                hint="is the server running? check --store / KG_STORE",
            )
        if isinstance(exc, httpx.TimeoutException):
            return StoreError(f"SPARQL store at {self.url} did not answer within {self._timeout_s:g} s")
        return StoreError(f"SPARQL store at {self.url}: {type(exc).__name__}: {_first_line(str(exc))}")

    def _http_error(self, response: httpx.Response, what: str) -> StoreError | QuerySyntaxError:
        detail = _first_line(response.text)[:300]
        if response.status_code == 400 and what in ("query", "update"):
            return QuerySyntaxError(f"SPARQL store at {self.url} refused the {what}: {detail}")
        if response.status_code in (401, 403):
            return StoreError(
                f"SPARQL store at {self.url} refused the {what} (HTTP {response.status_code})",
                hint="give credentials as http://user:password@host/… (http://bearer:TOKEN@host/… for kg serve) or "
                "check the server's access rules",
            )
        return StoreError(f"SPARQL store at {self.url} answered HTTP {response.status_code} to a {what}: {detail}")




def bind_values(sparql: str, substitutions: Mapping[str, Term] | None) -> str:
    """Pre-bind variables for servers that lack pyoxigraph's ``substitutions``: a ``VALUES`` block opening
    the query's outermost group, placed by the SPARQL parser (same answers for the queries kg runs: the
    variables are in scope there)."""
    if not substitutions:
        return sparql
    try:
        return inject_values(sparql, substitutions)
    except QueryError as exc:
        raise QuerySyntaxError(f"cannot bind parameters: {exc.message}") from None


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


__all__ = ["Endpoints", "PRESETS", "RemoteStore", "bind_values", "parse_store_url", "redact_url",
           "replace_graphs_update"]
