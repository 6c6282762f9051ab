"""Linked data when the base IRI is the server itself, and serving an in-memory store."""

from __future__ import annotations

from pathlib import Path

import httpx

from api_live import free_port, live_server, settings_for
from kg.store import open_store


def test_minted_iris_dereference_when_base_is_the_server(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/id/"
    store = open_store("memory:")
    store.update(
        f'INSERT DATA {{ GRAPH <{base}graph/article/a> {{ <{base}event/e1> '
        f'<http://www.w3.org/2000/01/rdf-schema#label> "انسحاب"@ar, "withdrawal"@en ; '
        f'<https://w3id.org/kg-news/ontology#place> <{base}entity/x> . }} }}'
    )
    with live_server(settings_for(tmp_path, base_iri=base), store=store, port=port):
        page = httpx.get(f"{base}event/e1", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        assert page.status_code == 200 and "انسحاب" in page.text and "withdrawal" in page.text
        assert f'href="{base}entity/x"' in page.text  # links stay on this server
        ttl = httpx.get(f"{base}event/e1", headers={"Accept": "text/turtle"})
        assert ttl.status_code == 200 and b"withdrawal" in ttl.content
        # the in-memory store answers queries in-thread, with the same API
        r = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"})
        assert len(r.json()["results"]["bindings"]) == 3
    store.close()
