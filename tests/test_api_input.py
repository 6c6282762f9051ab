"""Bad input never gets a 5xx: deep nesting, huge and non-UTF-8 queries, pathological regexes, malformed HTTP,
and a few hundred mutations of valid queries; the server is alive and healthy afterwards."""

from __future__ import annotations

import random
import socket
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from api_live import live_server, settings_for

TOKEN = "t"
UPDATE = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
SEEDS = [
    "SELECT ?s ?o WHERE { GRAPH ?g { ?s <http://e/p> ?o } } ORDER BY ?o LIMIT 10",
    "PREFIX e: <http://e/> SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s e:p ?o FILTER(?o > 3) } }",
    "ASK { GRAPH ?g { <http://e/s1> ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 5",
    "DESCRIBE <http://e/s2>",
    'SELECT ?s WHERE { GRAPH ?g { ?s ?p ?l FILTER(REGEX(STR(?l), "^(a|b)+$", "i")) } }',
    "SELECT ?s (GROUP_CONCAT(?o; separator=',') AS ?all) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?s",
    "SELECT * WHERE { GRAPH ?g { ?s ?p ?o OPTIONAL { ?o ?q ?r } } } LIMIT 3",
    "SELECT * WHERE { VALUES ?x { 1 2 3 } BIND(?x * 2 AS ?y) FILTER(?y != 4) }",
    "SELECT * WHERE { GRAPH ?g { ?s <http://e/p>/<http://e/p>* ?o } } LIMIT 5",
]
NOISE = list("{}()[]<>\"'#?$.;,:*+-/\\^@ \t\r\n\x0c\x00\u00a0\u2028٣ب") + [
    "SELECT", "WHERE", "SERVICE", "GRAPH", "UNION", "OPTIONAL", "FILTER(", "\\u0022", "\\u003c", "#\r", '"""',
    "<http://127.0.0.1:9/x>", "?", "{{{{", "))))", "LIMIT 99999999999999999999", "1e999", "\ud7ff", "\U0010ffff",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp: Path = tmp_path_factory.mktemp("input")
    settings = settings_for(tmp, update_token=TOKEN, query_timeout_s=10.0, query_result_limit=1000,
                            max_query_bytes=900_000, service_allowlist=[])
    with live_server(settings) as url:
        data = " ".join(f'<http://e/s{i}> <http://e/p> {i} ; <http://e/l> "{"ab" * i}" .' for i in range(40))
        r = httpx.post(f"{url}/sparql", content=f"INSERT DATA {{ GRAPH <http://e/g> {{ {data} }} }}".encode(),
                       headers=UPDATE)
        assert r.status_code == 204, r.text
        yield url


def _mutate(rnd: random.Random, text: str) -> str:
    for _ in range(rnd.randint(1, 3)):
        op = rnd.randrange(5)
        i = rnd.randrange(len(text) + 1)
        j = min(len(text), i + rnd.randint(1, 12))
        if op == 0:
            text = text[:i] + text[j:]
        elif op == 1:
            text = text[:i] + rnd.choice(NOISE) + text[i:]
        elif op == 2:
            text = text[:i] + text[i:j] * rnd.randint(2, 4) + text[i:]
        elif op == 3:
            text = text[:i]
        else:
            text = text[:i] + text[j:] + text[i:j]
    return text


def test_fuzz_mutations_get_no_5xx(server: str) -> None:
    rnd = random.Random(20261123)
    cases = [_mutate(rnd, rnd.choice(SEEDS)) for _ in range(600)]

    def send_all(part: int) -> list[tuple[int, str]]:
        out = []
        with httpx.Client(base_url=server, timeout=60) as c:
            for k in range(part, len(cases), 4):
                text = cases[k]
                body = text.encode("utf-8", "surrogatepass")
                if k % 3 == 0:
                    r = c.get("/sparql", params={"query": text})
                elif k % 3 == 1:
                    r = c.post("/sparql", content=body, headers={"Content-Type": "application/sparql-query"})
                else:
                    r = c.post("/sparql", content=body, headers=UPDATE)
                out.append((r.status_code, text))
        return out

    with ThreadPoolExecutor(4) as pool:
        results = [r for part in pool.map(send_all, range(4)) for r in part]
    fives = [(status, text) for status, text in results if status >= 500]
    assert fives == [], fives[:5]
    assert Counter(s for s, _ in results)[200] > 10  # some mutations stay valid: the server was exercised
    health = httpx.get(f"{server}/health").json()
    assert health["status"] == "ok", health


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("SELECT * WHERE " + "{" * 10_000 + "}" * 10_000, 200),  # workers run on a deep stack: answered
        ("SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }", 200),
        ("SELECT * WHERE " + "{" * 400_000 + "}" * 400_000, 422),  # deeper than even that stack: "nested"
        ("SELECT * WHERE { VALUES ?x { " + "1 " * 500_000 + "} }", 413),  # over max_query_bytes
        ('SELECT * WHERE { GRAPH ?g { ?s ?p ?l FILTER(REGEX(?l, "(a*)*b")) } }', 200),  # linear-time regexes
        ('SELECT * WHERE { BIND(REGEX("x", "a{1000}{1000}{1000}") AS ?r) }', 200),  # too big: an error value
        ('SELECT * WHERE { FILTER(REGEX("x", "(")) }', 200),
    ],
)
def test_hostile_queries_get_a_4xx_or_an_answer(server: str, query: str, status: int) -> None:
    r = httpx.post(f"{server}/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"},
                   timeout=60)
    assert r.status_code == status, r.text[:300]
    if status >= 400:
        assert r.json()["error"]["message"]
    if status == 422:
        assert "nested too deeply" in r.json()["error"]["message"]


def test_deeply_nested_updates_do_not_take_the_server_down(server: str) -> None:
    for update in ("INSERT { <http://e/a> <http://e/b> 1 } WHERE " + "{" * 10_000 + "}" * 10_000,
                   "INSERT { <http://e/a> <http://e/b> 1 } WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
                   "INSERT { <http://e/a> <http://e/b> 1 } WHERE " + "{" * 400_000 + "}" * 400_000):
        r = httpx.post(f"{server}/sparql", content=update.encode(), headers=UPDATE, timeout=60)
        assert r.status_code in (204, 400, 422), r.text[:300]
    r = httpx.post(f"{server}/sparql", content=b"INSERT DATA { <http://e/after> <http://e/p> 1 }", headers=UPDATE,
                   timeout=60)
    assert r.status_code == 204, r.text
    assert httpx.get(f"{server}/sparql", params={"query": "ASK { <http://e/after> ?p ?o }"}).json()["boolean"]


def test_invalid_utf8_is_a_400(server: str) -> None:
    r = httpx.get(f"{server}/sparql?query=ASK%20%7B%7D%FF")
    assert r.status_code == 400 and "UTF-8" in r.json()["error"]["message"]
    r = httpx.post(f"{server}/sparql", content=b"ASK {\xff}", headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400 and "UTF-8" in r.json()["error"]["message"]
    r = httpx.post(f"{server}/sparql", content=b"query=ASK%20%7B%7D%FE", headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400


def test_malformed_http_gets_the_json_error(server: str) -> None:
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(b"GET /sparql?query=ASK HTTP/1.1\r\nHost: x\r\nBad Header\x01: y\r\n\r\n")
        reply = b""
        while chunk := s.recv(4096):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400") and b"application/json" in head
    assert b'"bad_request"' in body


def test_gsp_get_stops_at_the_result_limit(server: str) -> None:
    triples = " ".join(f"<http://e/big{i}> <http://e/p> {i} ." for i in range(1500))
    r = httpx.put(f"{server}/store", params={"graph": "http://e/big"}, content=triples.encode(),
                  headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"})
    assert r.status_code == 201, r.text
    r = httpx.get(f"{server}/store", params={"graph": "http://e/big"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "query_limit"
