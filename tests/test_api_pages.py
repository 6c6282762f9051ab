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
        assert 'href="/id/entity/x"' in page.text  # links stay on this server (root-relative)
        assert f"{base}entity/x" not in page.text.split("<details")[0]
        ttl = httpx.get(f"{base}event/e1", headers={"Accept": "text/turtle"})
        assert ttl.status_code == 200 and b"withdrawal" in ttl.content
        # the in-memory store answers queries in-thread, with the same API
        r = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"})
        assert len(r.json()["results"]["bindings"]) == 3
    store.close()


def test_queries_and_writes_interleaved(tmp_path: Path) -> None:
    """Readers see every committed write (snapshots follow the generation); nothing crashes or blocks."""
    from concurrent.futures import ThreadPoolExecutor

    auth = {"Authorization": "Bearer t", "Content-Type": "application/sparql-update"}
    with live_server(settings_for(tmp_path, update_token="t")) as url:

        def write(i: int) -> int:
            upd = f"INSERT DATA {{ GRAPH <http://e/g{i}> {{ <http://e/s{i}> <http://e/p> {i} }} }}"
            return httpx.post(f"{url}/sparql", content=upd.encode(), headers=auth).status_code

        def read(_: int) -> int:
            r = httpx.get(f"{url}/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
            return int(r.json()["results"]["bindings"][0]["n"]["value"])

        with ThreadPoolExecutor(6) as pool:
            writes = pool.map(write, range(12))
            reads = list(pool.map(read, range(24)))
        assert set(writes) == {204}
        assert all(0 <= n <= 12 for n in reads)
        assert read(0) == 12
