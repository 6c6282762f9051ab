"""Embedded Oxigraph store on disk (or in memory): the default backend."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import QuerySyntaxError, StoreError, StoreLockedError
from kg.store.base import Row, Store, Term, materialize, replace_graphs_update

_FORMATS = {
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


class EmbeddedStore(Store):
    """A pyoxigraph ``Store``; one read-write opener per directory (RocksDB lock)."""

    kind = "embedded"

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self._logged = False  # transactional writes went through RocksDB's write-ahead log
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"store {path} is open by another process (is `kg serve` running on it?)",
                    hint="stop that process, or build through it with --store http://HOST:PORT/",
                ) from None
            raise StoreError(f"cannot open store {path}: {exc}") from None

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store, for code inside ``kg.store`` and ``kg.api`` that needs it."""
        return self._store

    def replace_graphs(self, graphs: Mapping[str, Sequence[ox.Quad]]) -> None:
        update = replace_graphs_update(graphs)
        if update:
            self.update(update)

    def bulk_add(self, quads: Iterable[ox.Quad]) -> None:
        """Non-transactional fast load for fresh graphs (see pyoxigraph ``bulk_extend``)."""
        try:
            self._store.bulk_extend(quads)
        except OSError as exc:
            raise StoreError(f"bulk load failed: {exc}") from None

    def load_fresh_graphs(self, graphs: Mapping[str, Sequence[ox.Quad]]) -> None:
        """Fast path for builds nobody reads meanwhile (~4x ``replace_graphs``, see docs/performance.md).

        Same end state as ``replace_graphs``: graphs that already exist are dropped first (one update), then
        every quad is bulk-loaded without a transaction. Not atomic: a crash inside this call can leave these
        graphs partly loaded, so call it with batches of articles and rebuild a batch that failed.
        """
        targets = {g: ox.NamedNode(g) for g in graphs}
        existing = [node for node in targets.values() if self._store.contains_named_graph(node)]
        if existing:
            self.update(" ;\n".join(f"DROP SILENT GRAPH {node}" for node in existing))
        self.bulk_add(
            q if q.graph_name == targets[g] else ox.Quad(q.subject, q.predicate, q.object, targets[g])
            for g, quads in graphs.items()
            for q in quads
        )

    def select(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        substitutions: Mapping[str, Term] | None = None,
    ) -> tuple[list[str], list[Row]]:
        return materialize(self._query(sparql, union_default_graph, substitutions))

    def ask(self, sparql: str, *, union_default_graph: bool = True) -> bool:
        result = self._query(sparql, union_default_graph, None)
        if not isinstance(result, ox.QueryBoolean):
            raise QuerySyntaxError("expected an ASK query")
        return bool(result)

    def _query(
        self, sparql: str, union: bool, substitutions: Mapping[str, Term] | None
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()} or None
        try:
            return self._store.query(sparql, use_default_graph_as_union=union, substitutions=subs)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
        except OSError as exc:
            raise StoreError(f"query failed: {exc}") from None

    def query_serialized(
        self,
        sparql: str,
        media_type: str,
        *,
        base_iri: str | None = None,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        union_default_graph: bool = True,
        limit: int = 100_000,
    ) -> tuple[bytes, str]:
        """Run any query and return (body, media type) serialized on this thread, within ``limit`` rows.

        ``media_type`` is used for the query's kind when it fits (a results type for SELECT/ASK, an RDF type
        for CONSTRUCT/DESCRIBE); otherwise that kind's default (SPARQL JSON, Turtle) is used. A protocol
        dataset (``default_graph``/``named_graphs``) overrides the query's FROM and the union setting.
        """
        from kg.store.results import RDF_MEDIA_TYPES, RESULT_MEDIA_TYPES, QueryRequest, run_query

        req = QueryRequest(
            sparql=sparql,
            result_type=media_type if media_type in RESULT_MEDIA_TYPES else "application/sparql-results+json",
            graph_type=media_type if media_type in RDF_MEDIA_TYPES else "text/turtle",
            base_iri=base_iri,
            default_graph=tuple(default_graph) if default_graph is not None else None,
            named_graphs=tuple(named_graphs) if named_graphs is not None else None,
            union_default_graph=union_default_graph,
            limit=limit,
        )
        return run_query(self._store, req)

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        self._logged = True
        try:
            self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL update syntax error: {exc}") from None
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"update failed: {exc}") from None

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self, graph: str | None = None) -> int:
        g = ox.NamedNode(graph) if graph else None
        sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}" if g else (
            "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        )
        _, rows = self.select(sparql, union_default_graph=False)
        return int(rows[0]["n"].value) if rows else 0

    def dump(self, out: BinaryIO, media_type: str, graph: str | None = None) -> None:
        fmt = _FORMATS.get(media_type)
        if fmt is None:
            raise StoreError(f"unsupported RDF format {media_type}")
        try:
            if graph is not None:
                self._store.dump(out, format=fmt, from_graph=ox.NamedNode(graph))
            elif fmt.supports_datasets:
                self._store.dump(out, format=fmt)
            else:
                self._store.dump(out, format=fmt, from_graph=ox.DefaultGraph())
        except OSError as exc:
            raise StoreError(f"export failed: {exc}") from None

    def close(self) -> None:
        """Flush and close. After transactional writes the store is opened once more: RocksDB deletes the
        write-ahead log files that a flush made obsolete only when it opens a store, and a build into a store
        with content leaves as much log as data (a rerun after a killed build measured 468 MB on disk
        instead of 118 MB; 163 MB with this reopen)."""
        try:
            self._store.flush()
        except (OSError, RuntimeError):
            pass
        del self._store
        if self._logged and self.path is not None:
            self._logged = False
            try:
                ox.Store(str(self.path)).flush()
            except OSError:
                pass  # another process took the store meanwhile: it purges the log when it opens it
