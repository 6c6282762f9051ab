"""Every named query parses (pyoxigraph), has the header docs/architecture.md defines, and the contract
queries return exactly the contracted variables."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Quad, Store

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
WIKIDATA = "https://query.wikidata.org/sparql"
_PARAM = re.compile(r"^# param: (\w+) (iri|string|date|integer|decimal|lang-string) (required|optional)"
                    r"( default=\S+)? -- .+$")

CONTRACT = {
    "base-handovers": "event base baseLabel baseLabelEn wikidata status date precision from fromLabel to toLabel sources",
    "troop-counts": "observation force forceLabel country place placeLabel wikidataPlace value min max qualifier "
                    "unit asOf precision sources",
    "agreements": "agreement label date precision parties sources",
    "deadlines": "phase label scope deadline precision status",
    "statements": "statement speaker speakerLabel role date quote article",
    "entities": "entity labelAr labelEn type wikidata mentions",
    "articles": "article title published url publisher",
}


def _header(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def _local_text(text: str, port: int) -> str:
    """The query with the Wikidata endpoint replaced by the local stand-in (no test reaches the internet)."""
    return text.replace(WIKIDATA, f"http://127.0.0.1:{port}/sparql")


@pytest.fixture(scope="module")
def stand_in() -> object:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = json.dumps({"head": {"vars": ["wikidata", "coordinates"]}, "results": {"bindings": [
                {"wikidata": {"type": "uri", "value": "http://www.wikidata.org/entity/Q4703502"},
                 "coordinates": {"type": "literal", "value": "Point(42.44 33.78)"}}]}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_contract_queries_exist() -> None:
    names = {q.stem for q in QUERIES}
    assert set(CONTRACT) | {"conflicts"} <= names
    assert any(WIKIDATA in q.read_text(encoding="utf-8") for q in QUERIES)


@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_query_has_header_and_parses(path: Path, stand_in: int) -> None:
    text = path.read_text(encoding="utf-8")
    header = _header(text)
    assert header and header[0].startswith("# title: ") and len(header[0]) > 10
    assert len(header) > 1 and header[1].startswith("# description: ")
    for line in header[2:]:
        assert _PARAM.match(line), f"bad param line: {line}"
    params = [line.split()[2] for line in header[2:]]
    body = text[len("\n".join(header)):]
    for name in params:
        assert f"?{name}" in body, f"parameter {name} is not a variable of the query"
    store = Store()
    result = store.query(_local_text(text, stand_in), use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    if path.stem in CONTRACT:  # the contract's variables, in order; extensions may follow, never replace
        contract = CONTRACT[path.stem].split()
        assert names[: len(contract)] == contract


def test_enrichment_query_joins_the_service_answer(stand_in: int) -> None:
    path = next(q for q in QUERIES if WIKIDATA in q.read_text(encoding="utf-8"))
    store = Store()
    g = NamedNode("http://example.org/g")
    base = NamedNode("http://example.org/entity/ain-al-asad")
    # canonical entities live in the consolidated graph, which queries find by its type
    store.add(Quad(g, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                   NamedNode("https://w3id.org/kg-news/ontology#ConsolidatedGraph"), g))
    store.add(Quad(base, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                   NamedNode("https://w3id.org/kg-news/ontology#AirBase"), g))
    store.add(Quad(base, NamedNode("http://www.w3.org/2002/07/owl#sameAs"),
                   NamedNode("http://www.wikidata.org/entity/Q4703502"), g))
    rows = list(store.query(_local_text(path.read_text(encoding="utf-8"), stand_in),
                            use_default_graph_as_union=True))
    assert len(rows) == 1
    assert rows[0]["base"] == base
    assert rows[0]["coordinates"].value == "Point(42.44 33.78)"


def _order_by(node: object) -> list[str] | None:
    """The variables of the outermost ORDER BY of an rdflib algebra node (None: none)."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    while isinstance(node, CompValue):
        if node.name == "OrderBy":
            return [str(c.expr) if isinstance(c.expr, Variable) else str(c["expr"]["expr"]) for c in node["expr"]]
        node = node.get("p")
    return None


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_every_named_query_orders_by_all_its_variables(path: Path) -> None:
    """A total order: two rows never tie, so the pages of one store state partition the whole answer."""
    from rdflib.plugins.sparql import prepareQuery

    algebra = prepareQuery(path.read_text(encoding="utf-8")).algebra
    projected = [str(v) for v in algebra["PV"]]
    ordered = _order_by(algebra["p"])
    assert ordered is not None, f"{path.stem} has no ORDER BY"
    assert set(projected) <= set(ordered), f"{path.stem} does not order by {sorted(set(projected) - set(ordered))}"
