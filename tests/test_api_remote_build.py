"""`kg build` into a served store goes through the server: kg's RemoteStore against `kg serve`."""

from __future__ import annotations

from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from api_live import live_server, settings_for
from kg.errors import StoreLockedError
from kg.store import open_store
from kg.store.embedded import EmbeddedStore

G = "https://w3id.org/kg-news/id/graph/article/x"


def test_build_through_the_server_and_lock_message(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, update_token="tok")
    with live_server(settings) as url:
        with pytest.raises(StoreLockedError, match="kg serve"):
            EmbeddedStore(Path(settings.store))
        port = url.rsplit(":", 1)[1]
        remote = open_store(f"http://bearer:tok@127.0.0.1:{port}/")
        q = ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("v"), ox.NamedNode(G))
        remote.replace_graphs({G: [q]})
        remote.replace_graphs({G: [q]})  # replacing is idempotent
        _, rows = remote.select("SELECT ?o WHERE { ?s ?p ?o }")  # union default graph
        assert [r["o"].value for r in rows] == ["v"]
        assert remote.count() == 1 and G in remote.named_graphs()
        remote.close()
        bad = open_store(f"http://bearer:wrong@127.0.0.1:{port}/")
        with pytest.raises(Exception, match="403|forbidden|token"):
            bad.update("CLEAR ALL")
        r = httpx.get(f"{url}/query", params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"})
        assert r.json()["boolean"] is True
        assert httpx.post(f"{url}/query", data={"update": "CLEAR ALL"}).status_code == 400
