"""Online reconciliation against a local Wikidata stand-in (127.0.0.1, recorded-shape answers); no internet."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from kg.errors import LinkingError
from kg.link.cache import DiskCache
from kg.link.wikidata import WikidataClient, proposals_tsv
from kg.model import Entity

DATA = Path(__file__).resolve().parent / "data" / "wikidata"
SEARCHES = {"الأنبار": "search_anbar.json", "أربيل": "search_erbil.json"}


class _Server:
    def __init__(self) -> None:
        self.requests: list[dict[str, list[str]]] = []
        self.clients: list[WikidataClient] = []
        self.fail = False
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server API
                url = urlparse(self.path)
                params = parse_qs(url.query)
                outer.requests.append(params)
                if outer.fail:
                    self.send_response(503)
                    self.end_headers()
                    return
                body = outer.answer(url.path, params)
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def answer(self, path: str, params: dict[str, list[str]]) -> dict:
        if path == "/sparql":
            return json.loads((DATA / "sparql_iraq_label.json").read_text(encoding="utf-8"))
        action = params.get("action", [""])[0]
        if action == "wbsearchentities":
            search = params["search"][0]
            if search in SEARCHES:
                return json.loads((DATA / SEARCHES[search]).read_text(encoding="utf-8"))
            return {"searchinfo": {"search": search}, "search": [], "success": 1}
        if action == "wbgetentities":
            known = json.loads((DATA / "entities.json").read_text(encoding="utf-8"))["entities"]
            ids = params["ids"][0].split("|")
            return {"entities": {q: known.get(q, {"id": q, "missing": ""}) for q in ids}, "success": 1}
        return {"error": {"code": "badvalue", "info": "unknown action"}}


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server()
    srv.thread.start()
    try:
        yield srv
    finally:
        for client in srv.clients:
            client.close()
        srv.httpd.shutdown()
        srv.httpd.server_close()
        srv.thread.join(timeout=5)


def _client(server: _Server, cache_dir: Path, online: bool = True) -> WikidataClient:
    client = WikidataClient(
        f"{server.url}/w/api.php", f"{server.url}/sparql", DiskCache(cache_dir), timeout_s=5, online=online
    )
    server.clients.append(client)
    return client


def test_search_scores_exact_alias_first(server: _Server, tmp_path: Path) -> None:
    client = _client(server, tmp_path)
    candidates = client.search("الأنبار", "ar")
    assert [c.qid for c in candidates] == ["Q187334", "Q4703502"]
    assert candidates[0].score == pytest.approx(0.95)
    assert candidates[1].score < 0.5
    assert server.requests[0]["action"] == ["wbsearchentities"]
    assert server.requests[0]["language"] == ["ar"]


def test_reconcile_accepts_clear_winner_and_caches(server: _Server, tmp_path: Path) -> None:
    client = _client(server, tmp_path)
    anbar = Entity(key="anbar", type="Region", label_ar="الأنبار")
    [proposal] = client.reconcile([anbar], threshold=0.85)
    assert proposal.accepted is not None and proposal.accepted.qid == "Q187334"
    assert "has P625" in proposal.accepted.why
    made = len(server.requests)
    assert made == 2  # one search, one wbgetentities type check

    # same question offline from the same cache: same answer, no network request at all
    offline = _client(server, tmp_path, online=False)
    [again] = offline.reconcile([anbar], threshold=0.85)
    assert again == proposal
    assert len(server.requests) == made and offline.requests == 0


def test_offline_cache_miss_gives_no_candidates_and_no_request(server: _Server, tmp_path: Path) -> None:
    offline = _client(server, tmp_path, online=False)
    assert offline.search("الأنبار") == []
    assert offline.sparql("SELECT * WHERE {}") == {}
    assert server.requests == []


def test_ambiguous_city_and_governorate_not_accepted(server: _Server, tmp_path: Path) -> None:
    client = _client(server, tmp_path)
    [proposal] = client.reconcile([Entity(key="erbil-x", type="City", label_ar="أربيل")], threshold=0.85)
    assert proposal.accepted is None
    assert proposal.reason.startswith("ambiguous")
    assert {c.qid for c in proposal.candidates} == {"Q132754", "Q213189"}
    sheet = proposals_tsv([proposal])
    assert sheet.splitlines()[0].startswith("entity\tlabel\tqid\tscore")
    assert len(sheet.splitlines()) == 3


def test_person_type_check_rejects_a_place(server: _Server, tmp_path: Path) -> None:
    client = _client(server, tmp_path)
    [proposal] = client.reconcile([Entity(key="p", type="Person", label_ar="الأنبار")], threshold=0.85)
    assert proposal.accepted is None
    assert proposal.candidates[0].score < 0.85 and "not human" in proposal.candidates[0].why


def test_entities_with_qid_are_skipped_and_no_candidates_reported(server: _Server, tmp_path: Path) -> None:
    client = _client(server, tmp_path)
    done = Entity(key="iraq", type="Country", label_ar="العراق", qid="Q796")
    unknown = Entity(key="x", type="Person", label_ar="حسين علاوي", label_en="Hussein Allawi")
    proposals = client.reconcile([done, unknown])
    assert [p.entity_key for p in proposals] == ["x"]
    assert proposals[0].accepted is None and proposals[0].reason == "no candidates"
    assert [r["language"][0] for r in server.requests] == ["ar", "en"]  # falls back to the English label


def test_sparql_is_cached(server: _Server, tmp_path: Path) -> None:
    client = _client(server, tmp_path)
    query = "SELECT ?label WHERE { wd:Q796 rdfs:label ?label FILTER(lang(?label) = 'ar') }"
    first = client.sparql(query)
    assert first["results"]["bindings"][0]["label"]["value"] == "العراق"
    assert client.sparql(query) == first
    assert len(server.requests) == 1


def test_http_error_is_a_linking_error(server: _Server, tmp_path: Path) -> None:
    server.fail = True
    with pytest.raises(LinkingError, match="failed"):
        _client(server, tmp_path).search("الأنبار")


def test_injected_httpx_client_is_used(server: _Server, tmp_path: Path) -> None:
    with httpx.Client(timeout=5) as http:
        client = WikidataClient(
            f"{server.url}/w/api.php", f"{server.url}/sparql", DiskCache(tmp_path), 5, http, online=True
        )
        assert client.search("أربيل")[0].qid == "Q132754"
    assert client.requests == 1


def test_corrupt_cache_file_is_reported(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    cache.put("k", {"a": 1})
    assert cache.get("k") == {"a": 1} and "k" in cache
    [path] = list(tmp_path.rglob("*.json"))
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(LinkingError, match="corrupt"):
        cache.get("k")
