"""The W3C Graph Store Protocol tests and the Service Description tests, against a live server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib

from api_live import live_server, settings_for
from w3c_runner import TOKEN, W3C, W3cTest, load_manifest, run_test

GSP = W3C / "gsp" / "manifest.ttl"
SD_MANIFEST = W3C / "service-description" / "manifest.ttl"
TESTS = load_manifest(GSP) if GSP.is_file() else []
SDNS = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    tmp: Path = tmp_path_factory.mktemp("w3c-gsp")
    with live_server(settings_for(tmp, update_token=TOKEN)) as url, httpx.Client(base_url=url, timeout=30) as c:
        yield c


def test_gsp_manifest_read() -> None:
    if not GSP.is_file():
        pytest.skip(f"W3C GSP manifest not found at {GSP}")
    assert len(TESTS) >= 13


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_w3c_gsp(client: httpx.Client, test: W3cTest) -> None:
    run_test(client, test, ("/gsp", "/store"))


def _sd_tests() -> list[str]:
    if not SD_MANIFEST.is_file():
        return []
    g = rdflib.Graph().parse(SD_MANIFEST, format="turtle")
    mf = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
    return [str(e).rsplit("#", 1)[-1] for e in g.subjects(rdflib.RDF.type, mf.ServiceDescriptionTest)]


@pytest.mark.parametrize("name", _sd_tests())
def test_w3c_service_description(client: httpx.Client, name: str) -> None:
    resp = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=resp.content, format="turtle")  # returns-rdf
    services = list(graph.subjects(rdflib.RDF.type, SDNS.Service))
    assert len(services) == 1
    svc = services[0]
    if name == "has-endpoint-triple":
        assert (svc, SDNS.endpoint, rdflib.URIRef(str(client.base_url).rstrip("/") + "/sparql")) in graph
    if name == "conforms-to-schema":
        langs = set(graph.objects(svc, SDNS.supportedLanguage))
        assert SDNS.SPARQL11Query in langs and SDNS.SPARQL11Update in langs
        ds = graph.value(svc, SDNS.defaultDataset)
        assert (ds, rdflib.RDF.type, SDNS.Dataset) in graph
        assert graph.value(ds, SDNS.defaultGraph) is not None
        assert all(isinstance(f, rdflib.URIRef) for f in graph.objects(svc, SDNS.resultFormat))
