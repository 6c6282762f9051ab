"""``kg link``: propose Wikidata QIDs for entities that have none, for a person to review.

Offline by default: answers come from the on-disk cache only. With ``--online`` (or ``KG_ONLINE=true``) cache
misses are asked of Wikidata's API. Nothing is written into the graph: accepted QIDs reach it only when a
reviewer copies them into ``seeds/entities.tsv`` (a wrong QID is worse than none).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from kg.config import Settings, get_settings

if TYPE_CHECKING:
    from kg.model import Entity

err = Console(stderr=True)


def _store_entities(settings: Settings, store: str) -> list[Entity]:
    """Entities of a built graph that carry no Wikidata link (from the `entities` named query)."""
    from kg.model import Entity
    from kg.queries import load_named_queries
    from kg.store import open_store

    query = load_named_queries(settings.queries_dir)["entities"]
    with open_store(store, read_only=True) as st:
        _, rows = st.select(query.prepared({}), union_default_graph=True)
    found: dict[str, Entity] = {}
    for row in rows:
        if "wikidata" in row or "labelAr" not in row:
            continue
        iri = row["entity"].value
        kind = row["type"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if "type" in row else "Organization"
        label_en = row["labelEn"].value if "labelEn" in row else None
        found.setdefault(iri, Entity(key=iri, type=kind, label_ar=row["labelAr"].value, label_en=label_en))
    return list(found.values())


def link_command(
    online: Annotated[bool, typer.Option("--online/--offline", help="Ask Wikidata on cache misses")] = False,
    store: Annotated[str | None, typer.Option("--store", help="Also reconcile unlinked entities of this store")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Review sheet (TSV)")] = Path("link-proposals.tsv"),
) -> None:
    """Propose Wikidata QIDs for seed and extracted entities without one; writes a review sheet."""
    from kg.gazetteer import Gazetteer
    from kg.link.cache import DiskCache
    from kg.link.wikidata import WikidataClient, proposals_tsv

    settings = get_settings()
    entities = [e for e in Gazetteer.load(settings.seeds_dir).entities.values() if not e.qid]
    if store:
        entities.extend(_store_entities(settings, store))
    client = WikidataClient(
        settings.wikidata_api_url,
        settings.wikidata_sparql_url,
        DiskCache(settings.link_cache_dir),
        settings.wikidata_timeout_s,
        online=online or settings.online,
    )
    with client:
        proposals = client.reconcile(entities, settings.link_accept_threshold)
    output.write_text(proposals_tsv(proposals), encoding="utf-8")
    accepted = sum(1 for p in proposals if p.accepted is not None)
    err.print(
        f"{len(proposals)} entities reconciled ({client.requests} requests, {accepted} above the threshold); "
        f"review sheet: {output}",
        highlight=False,
    )
