"""Strict Bearer, fresh blank nodes per Graph Store document, JSON-LD uploads, CORS preflights off the list, and
no token printed with a store URL."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api_live import live_server, settings_for
from kg.store.remote import redact_url

TOKEN = "s3cret"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp: Path = tmp_path_factory.mktemp("edges")
    with live_server(settings_for(tmp, update_token=TOKEN, cors_origins=["https://example.org"])) as url:
        yield url


@pytest.mark.parametrize(
    "header",
    [f"bearer {TOKEN}", f"BEARER {TOKEN}", f"Bearer  {TOKEN}", f"Bearer\t{TOKEN}",
     "Basic " + base64.b64encode(f"kg:{TOKEN}".encode()).decode(), f"Token {TOKEN}", "Bearer", TOKEN],
)
def test_only_exact_bearer_is_accepted(server: str, header: str) -> None:
    r = httpx.post(f"{server}/sparql", data={"update": "INSERT DATA { <http://e/a> <http://e/p> 1 }"},
                   headers={"Authorization": header})
    assert r.status_code == 401, (header, r.text)
    assert r.headers["www-authenticate"].startswith("Bearer")


def test_exact_bearer_writes(server: str) -> None:
    r = httpx.post(f"{server}/sparql", data={"update": "INSERT DATA { <http://e/a> <http://e/p> 1 }"},
                   headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 204, r.text
    r = httpx.post(f"{server}/sparql", data={"update": "INSERT DATA { <http://e/a> <http://e/p> 1 }"},
                   headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 403


def test_each_graph_store_document_has_its_own_blank_nodes(server: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"}
    for g, v in (("http://e/b1", "1"), ("http://e/b2", "2")):
        assert httpx.put(f"{server}/store", params={"graph": g}, content=f'_:x <http://e/v> "{v}" .'.encode(),
                         headers=auth).status_code == 201
    r = httpx.post(f"{server}/store", params={"graph": "http://e/b1"}, content=b'_:x <http://e/w> "3" .', headers=auth)
    assert r.status_code == 204
    q = "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { GRAPH ?g { ?b ?p ?o FILTER(isBlank(?b)) } }"
    n = httpx.get(f"{server}/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"]["value"]
    assert n == "3"  # _:x of three documents: three nodes


def test_json_ld_put_and_dataset_post(server: str) -> None:
    doc = b'{"@id": "http://e/j", "http://e/name": "jsonld"}'
    r = httpx.put(f"{server}/store", params={"graph": "http://e/jg"}, content=doc,
                  headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/ld+json"})
    assert r.status_code == 201, r.text
    r = httpx.post(f"{server}/store", content=b'<http://e/q> <http://e/p> "nq" <http://e/qg> .\n',
                   headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/n-quads"})
    assert r.status_code == 204, r.text
    got = httpx.get(f"{server}/store", params={"graph": "http://e/qg"}, headers={"Accept": "application/n-triples"})
    assert b'"nq"' in got.content
    got = httpx.get(f"{server}/store", params={"graph": "http://e/jg"}, headers={"Accept": "application/n-triples"})
    assert b'"jsonld"' in got.content


def test_preflight_from_an_origin_off_the_list_gets_no_cors_headers(server: str) -> None:
    r = httpx.options(f"{server}/sparql", headers={"Origin": "https://evil.example",
                                                   "Access-Control-Request-Method": "POST"})
    assert r.status_code == 204 and "access-control-allow-origin" not in r.headers
    r = httpx.options(f"{server}/sparql", headers={"Origin": "https://example.org",
                                                   "Access-Control-Request-Method": "POST"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "https://example.org"


def test_store_urls_are_printed_without_their_secret() -> None:
    assert redact_url("http://bearer:s3cret@host:7878/") == "http://bearer:***@host:7878/"
    assert redact_url("https://user:pa%40ss@h/kg/#server=fuseki") == "https://user:***@h/kg/#server=fuseki"
    assert redact_url("http://host:7878/") == "http://host:7878/"
