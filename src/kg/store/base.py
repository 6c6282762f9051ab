"""The store protocol: what the pipeline, the CLI and the API need from a graph store.

A store speaks quads and SPARQL strings; it never sees ``kg.model`` objects. Two backends implement it:
the embedded Oxigraph store (``embedded.py``) and a remote SPARQL 1.1 + Graph Store Protocol server
(``remote.py``). Results of queries are returned fully materialized (rows) or serialized (bytes) so that no
pyoxigraph iterator ever crosses a thread.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import BinaryIO, cast

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

Term = NamedNode | BlankNode | Literal | Triple

#: What a SELECT row binds. kg's queries never bind RDF-star triple terms, so rows hold the three node kinds.
RowTerm = NamedNode | BlankNode | Literal
Row = dict[str, RowTerm]


def replace_graphs_update(graphs: Mapping[str, Sequence[Quad]]) -> str:
    """The single SPARQL Update text that replaces each graph's content (empty when nothing to do)."""
    parts: list[str] = []
    for graph, quads in graphs.items():
        g = NamedNode(graph)
        parts.append(f"DROP SILENT GRAPH {g}")
        if quads:
            body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
            parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{body} .\n}} }}")
    return " ;\n".join(parts)


def materialize(result: object) -> tuple[list[str], list[Row]]:
    """A pyoxigraph SELECT result as variable names and rows, consumed on the calling thread.

    Raises ``QuerySyntaxError`` when the query was not a SELECT.
    """
    from pyoxigraph import QuerySolutions

    from kg.errors import QuerySyntaxError

    if not isinstance(result, QuerySolutions):
        raise QuerySyntaxError("expected a SELECT query")
    variables = [v.value for v in result.variables]
    rows: list[Row] = []
    for solution in result:
        row: Row = {}
        for name in variables:
            value = solution[name]
            if value is not None:
                row[name] = cast(RowTerm, value)
        rows.append(row)
    return variables, rows


class Store(ABC):
    """A quad store with atomic per-graph replacement and SPARQL query/update."""

    #: "embedded" or "remote"
    kind: str = "abstract"

    @abstractmethod
    def replace_graphs(self, graphs: Mapping[str, Sequence[Quad]]) -> None:
        """Replace each named graph's content with the given quads, all in one atomic step."""

    def load_fresh_graphs(self, graphs: Mapping[str, Sequence[Quad]]) -> None:
        """Same end state as :meth:`replace_graphs`, through a faster non-atomic path where the backend has one
        (used by fresh builds, in batches)."""
        self.replace_graphs(graphs)

    @abstractmethod
    def select(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        substitutions: Mapping[str, Term] | None = None,
    ) -> tuple[list[str], list[Row]]:
        """Run a SELECT query; return its variable names and fully materialized rows."""

    @abstractmethod
    def ask(self, sparql: str, *, union_default_graph: bool = True) -> bool:
        """Run an ASK query."""

    @abstractmethod
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update request (one transaction)."""

    @abstractmethod
    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs in the store."""

    @abstractmethod
    def count(self, graph: str | None = None) -> int:
        """Number of quads in the whole store or in one named graph."""

    @abstractmethod
    def dump(self, out: BinaryIO, media_type: str, graph: str | None = None) -> None:
        """Serialize the store (or one graph) to ``out`` in an RDF format given by its media type."""

    @abstractmethod
    def close(self) -> None:
        """Release the store (flush and unlock)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
