"""The federated named query `wikidata-bases` against a local stand-in that answers as Wikidata's SPARQL
endpoint does (recorded-shape JSON); no test reaches the internet."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.queries import load_named_queries
from kg.store import open_store

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run in

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
WD = "http://www.wikidata.org/entity/"
ANSWER = {
    "head": {"vars": ["wikidata", "coordinates", "operator", "operatorLabel", "start", "end"]},
    "results": {
        "bindings": [
            {
                "wikidata": {"type": "uri", "value": WD + "Q4703502"},
                "coordinates": {
                    "type": "literal",
                    "datatype": "http://www.opengis.net/ont/geosparql#wktLiteral",
                    "value": "Point(42.4412 33.7856)",
                },
                "operator": {"type": "uri", "value": WD + "Q30"},
                "operatorLabel": {"type": "literal", "xml:lang": "en", "value": "United States"},
                "start": {
                    "type": "literal",
                    "datatype": "http://www.w3.org/2001/XMLSchema#dateTime",
                    "value": "2003-01-01T00:00:00Z",
                },
            }
        ]
    },
}


@pytest.fixture
def stand_in():
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            requests.append(self.path)
            body = json.dumps(ANSWER).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            self._answer()

        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self._answer()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", requests
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_wikidata_bases_enriches_our_bases_from_the_stand_in(stand_in) -> None:
    url, requests = stand_in
    store = open_store("memory:")
    store.raw.load(path=str(PROJECT_ROOT / "ontology" / "examples" / "ain-al-asad.trig"), format=ox.RdfFormat.TRIG)
    query = load_named_queries(PROJECT_ROOT / "queries")["wikidata-bases"]
    assert WIKIDATA_SPARQL in query.text
    text = query.prepared({}).replace(WIKIDATA_SPARQL, url)
    _, rows = store.select(text, union_default_graph=True)
    assert requests, "the SERVICE block was not sent to the stand-in"
    assert rows, "no enrichment row"
    row = {k: v.value for k, v in rows[0].items()}
    assert row["wikidata"] == WD + "Q4703502"
    assert row["operator"] == WD + "Q30" and row["coordinates"].startswith("Point(")
    assert row["base"].endswith("/entity/ain-al-asad-air-base")
