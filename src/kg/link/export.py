"""``kg export --format quickstatements``: the store's operator changes as QuickStatements for review.

The rows come from the named query ``wikidata-operator-statements`` (so this module knows no IRIs); the lines
are made by :func:`kg.link.quickstatements.quickstatements`.
"""

from __future__ import annotations

from pathlib import Path

from kg.link.quickstatements import OperatorStatement, quickstatements
from kg.queries import load_named_queries
from kg.store import Store

QUERY = "wikidata-operator-statements"


def operator_statements(store: Store, queries_dir: Path) -> list[OperatorStatement]:
    """Every linked operator assignment with a source URL, as :class:`OperatorStatement` rows."""
    query = load_named_queries(queries_dir)[QUERY]
    _, rows = store.select(query.prepared({}), union_default_graph=True)
    out = []
    for row in rows:
        value = {k: v.value for k, v in row.items()}
        precision = value.get("precision")
        out.append(
            OperatorStatement(
                item=value.get("item"),
                operator=value.get("operator"),
                url=value["url"],
                start=value.get("start") or None,
                start_precision=precision if value.get("start") else None,  # type: ignore[arg-type]
                end=value.get("end") or None,
                end_precision=precision if value.get("end") else None,  # type: ignore[arg-type]
            )
        )
    return out


def quickstatements_for_store(store: Store, queries_dir: Path) -> str:
    """QuickStatements V1 text (possibly empty) for a person to review before any edit."""
    return quickstatements(operator_statements(store, queries_dir))
