"""Materialized SELECT rows → W3C result formats for the CLI, and cells as a person reads them.

The serializers are the endpoint's own (:func:`kg.store.results.serialize_solutions`), so ``kg query
--format json`` and ``/sparql`` write the same bytes for the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from kg.store import Row
from kg.store.results import serialize_solutions

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"


class _Solution:
    """A row read like a pyoxigraph ``QuerySolution``: an unbound variable is ``None``."""

    def __init__(self, row: Row) -> None:
        self._row = row

    def __getitem__(self, name: str) -> object | None:
        return self._row.get(name)


def serialize(variables: Sequence[str], rows: Sequence[Row], media_type: str) -> str:
    """Rows in SPARQL 1.1 JSON (``application/sparql-results+json``), CSV (``text/csv``) or TSV."""
    solutions = [_Solution(row) for row in rows]
    return serialize_solutions(list(variables), solutions, media_type).decode("utf-8")  # type: ignore[arg-type]


def plain(term: object | None) -> str:
    """A cell as a person reads it: IRIs and literal values without syntax."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term.value
    return str(term)


def compact(term: object | None, base_iri: str) -> str:
    """A table cell: minted IRIs shortened to their path under the base, Wikidata items to ``wd:Q…``."""
    if isinstance(term, ox.NamedNode):
        if term.value.startswith(base_iri):
            return term.value[len(base_iri) :]
        if term.value.startswith(WIKIDATA_ENTITY):
            return "wd:" + term.value[len(WIKIDATA_ENTITY) :]
    return plain(term)
