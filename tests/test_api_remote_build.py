"""`kg build` into a served store goes through the server: kg's RemoteStore against `kg serve`."""

from __future__ import annotations

from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from api_live import live_server, settings_for
from kg.api.app import create_app
from kg.errors import StoreLockedError
from kg.store import open_store
from kg.store.embedded import EmbeddedStore

G = "https://w3id.org/kg-news/id/graph/article/x"


def test_build_through_the_server_and_lock_message(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, update_token="tok")
    with live_server(settings) as url:
        with pytest.raises(StoreLockedError, match="kg serve"):
            EmbeddedStore(Path(settings.store))
        with pytest.raises(StoreLockedError):  # a second server on the same store is refused, and leaves the
            create_app(settings)              # first one's snapshots alone (it once deleted them)
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


def test_build_summary_and_errors_never_print_the_token(tmp_path: Path) -> None:
    """`kg build --store http://bearer:TOKEN@…` through a live server: the summary, the progress and every
    error (wrong token, token as a URL parameter, server gone) show the store without its secret."""
    import os
    import subprocess
    import sys

    from api_live import free_port

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    article = sorted((Path(__file__).resolve().parents[1] / "examples" / "articles").glob("*.txt"))[0]
    (corpus / "a.txt").write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    secret, wrong = "Tok3nSecret", "Wr0ngSecret"
    env = {**os.environ, "COLUMNS": "250"}

    def build(store: str) -> tuple[int, str]:
        proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--store", store, "--ner", "rules"],
                              capture_output=True, text=True, timeout=300, env=env)
        return proc.returncode, proc.stdout + proc.stderr

    with live_server(settings_for(tmp_path, update_token=secret)) as url:
        hostport = url.removeprefix("http://")
        cases = [(f"http://bearer:{secret}@{hostport}/", 0), (f"http://bearer:{wrong}@{hostport}/", 1),
                 (f"http://{secret}@{hostport}/", 1), (f"http://{hostport}/?access-token={secret}", 1),
                 (f"http://bearer:{secret}@127.0.0.1:{free_port()}/", 1)]
        for store, code in cases:
            rc, out = build(store)
            assert rc == code, (store, out[-500:])
            assert secret not in out and wrong not in out, out
            if code == 0:
                assert "bearer:***@" in out, out  # the summary names the store, without its token
