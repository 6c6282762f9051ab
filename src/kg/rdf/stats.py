"""Store figures for ``kg stats``: what the two levels hold, counted with SPARQL over the union graph."""

from __future__ import annotations

from kg.rdf.namespaces import PREFIXES
from kg.store.base import Store

_COUNTS = {
    "articles": "?x a kg:Article",
    "entities": "?x dcterms:identifier ?k . FILTER NOT EXISTS { ?x a kg:Article }",
    "mentions": "?x a kg:Mention",
    "reported facts": "?x a kg:ReportedFact",
    "consolidated facts": "?x a kg:ConsolidatedFact",
    "handovers": "?x a kg:TransferOfControl , kg:ConsolidatedFact",
    "agreements": "?x a kg:ConsolidatedFact ; a ?c . "
                  "VALUES ?c { kg:Agreement kg:JointStatement kg:MemorandumOfUnderstanding kg:FrameworkAgreement }",
    "troop counts": "?x a kg:TroopCount , kg:ConsolidatedFact",
    "statements": "?x a kg:Statement , kg:ConsolidatedFact",
    "conflicts": "?x a kg:ConsolidatedFact ; kg:conflictOn ?on",
}


def store_stats(store: Store, base_iri: str) -> dict[str, int]:
    """Counts of articles, entities, mentions, facts at both levels, conflicts, graphs and triples."""
    prefix = f"PREFIX kg: <{PREFIXES['kg']}>\nPREFIX dcterms: <{PREFIXES['dcterms']}>\n"
    figures: dict[str, int] = {}
    for name, pattern in _COUNTS.items():
        _, rows = store.select(f"{prefix}SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}")
        figures[name] = int(rows[0]["n"].value) if rows else 0
    graphs = store.named_graphs()
    figures["article graphs"] = sum(1 for g in graphs if g.startswith(f"{base_iri}graph/article/"))
    figures["named graphs"] = len(graphs)
    figures["triples"] = store.count()
    return figures
