"""Reads the W3C Protocol / GSP manifests (rdflib) and replays their HTTP requests against a live server."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import httpx
import rdflib
from rdflib import RDF, RDFS, Namespace
from rdflib.collection import Collection
from rdflib.compare import isomorphic

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run in


W3C = (PROJECT_ROOT / ".." / "shared" / "w3c").resolve()
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#"
NAMED_STATUS = {"OK": {200}, "Created": {201}, "NoContent": {204}, "NotFound": {404}}
TOKEN = "w3c-test-token"


@dataclass
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]
    expected_format: str | None = None
    expected_boolean: bool | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: str | None = None
    location_var: str | None = None


@dataclass
class W3cTest:
    name: str
    title: str
    graph_data: list[tuple[Path, str]]
    requests: list[HttpRequest]


def _statuses(graph: rdflib.Graph, resp: rdflib.term.Node) -> set[int]:
    out: set[int] = set()
    for node in graph.objects(resp, MF.expectedStatus):
        local = str(node).removeprefix(HTS)
        m = re.match(r"StatusCode(\d)xx$", local)
        if m:
            base = int(m.group(1)) * 100
            out.update(range(base, base + 100))
        else:
            out.update(NAMED_STATUS[local])
    return out


def _headers(graph: rdflib.Graph, node: rdflib.term.Node | None) -> dict[str, str]:
    if node is None:
        return {}
    out = {}
    for h in Collection(graph, node):
        out[str(graph.value(h, HT.fieldName)).lower()] = str(graph.value(h, HT.fieldValue))
    return out


def load_manifest(path: Path) -> list[W3cTest]:
    """Every entry of a manifest (following mf:include), in manifest order."""
    graph = rdflib.Graph().parse(path, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests: list[W3cTest] = []
    for inc in graph.objects(manifest, MF.include):
        for sub in Collection(graph, inc):
            tests.extend(load_manifest(path.parent / Path(str(sub)).name))
    entries = graph.value(manifest, MF.entries)
    if entries is None:
        return tests
    for entry in Collection(graph, entries):
        name = str(entry).rsplit("#", 1)[-1]
        data = []
        for gd in graph.objects(entry, UT.graphData):
            file = path.parent / Path(str(graph.value(gd, UT.graph))).name
            data.append((file, str(graph.value(gd, RDFS.label))))
        requests = []
        action = graph.value(entry, MF.action)
        if action is not None and graph.value(action, HT.requests) is not None:
            for req in Collection(graph, graph.value(action, HT.requests)):
                body_node = graph.value(req, HT.body)
                body = None
                if body_node is not None:
                    text = str(graph.value(body_node, CNT.chars))
                    enc = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
                    body = text.encode("utf-16" if enc.upper().startswith("UTF-16") else "utf-8")
                resp = graph.value(req, HT.resp)
                boolean = graph.value(resp, MF.expectedBoolean)
                fmt = graph.value(resp, MF.expectedFormat)
                rbody = graph.value(resp, HT.body)
                loc = graph.value(resp, MF.expectedLocation)
                requests.append(
                    HttpRequest(
                        method=str(graph.value(req, HT.methodName)),
                        path=str(graph.value(req, HT.absolutePath)),
                        headers=_headers(graph, graph.value(req, HT.headers)),
                        body=body,
                        statuses=_statuses(graph, resp),
                        expected_format=str(fmt) if fmt is not None else None,
                        expected_boolean=bool(boolean.toPython()) if boolean is not None else None,
                        response_headers=_headers(graph, graph.value(resp, HT.headers)),
                        response_body=str(graph.value(rbody, CNT.chars)) if rbody is not None else None,
                        location_var=str(loc) if loc is not None else None,
                    )
                )
        tests.append(W3cTest(name, str(graph.value(entry, MF.name) or name), data, requests))
    return tests


def reset_store(client: httpx.Client, data: list[tuple[Path, str]]) -> None:
    """Empty the store, then load each ut:graphData file into its named graph through the GSP."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/sparql", content=b"DROP ALL", headers={**auth, "Content-Type": "application/sparql-update"})
    assert r.status_code == 204, r.text
    for file, name in data:
        r = client.put("/store", params={"graph": name}, content=file.read_bytes(),
                       headers={**auth, "Content-Type": "application/n-triples"})
        assert r.status_code in (200, 201, 204), r.text


def _boolean(resp: httpx.Response) -> bool:
    ctype = resp.headers.get("content-type", "")
    if "json" in ctype:
        return bool(json.loads(resp.content)["boolean"])
    if "xml" in ctype:
        root = ElementTree.fromstring(resp.content)
        node = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
        assert node is not None
        return (node.text or "").strip() == "true"
    return resp.text.strip().splitlines()[-1].strip() == "true"


RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values", "application/json", "application/xml"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/n-quads": "nquads",
             "application/trig": "trig", "application/ld+json": "json-ld", "application/rdf+xml": "xml"}


def run_test(client: httpx.Client, test: W3cTest, prefix: tuple[str, str]) -> None:
    """Replay the test's requests in order and check every expectation (assertion errors explain)."""
    reset_store(client, test.graph_data)
    variables: dict[str, str] = {}
    for i, req in enumerate(test.requests, 1):
        path = req.path
        body = req.body
        for var, value in variables.items():
            path = path.replace(var, value)
            body = body.replace(var.encode(), value.encode()) if body else body
        if path.startswith(prefix[0]):
            path = prefix[1] + path[len(prefix[0]) :]
        headers = {**req.headers, "Authorization": f"Bearer {TOKEN}"}
        resp = client.request(req.method, path, headers=headers, content=body)
        where = f"{test.name} request {i} ({req.method} {path})"
        assert resp.status_code in req.statuses, f"{where}: status {resp.status_code}: {resp.text[:300]}"
        media = resp.headers.get("content-type", "").split(";")[0].strip().lower()
        if req.location_var:
            assert "location" in resp.headers, f"{where}: no Location header"
            variables[req.location_var] = resp.headers["location"]
        for name, value in req.response_headers.items():
            if name == "content-type":
                assert media == value.split(";")[0].strip().lower(), f"{where}: content-type {media}"
            else:
                assert resp.headers.get(name) == value, f"{where}: header {name}"
        if req.expected_format == "boolean" or req.expected_boolean is not None:
            assert media in RESULT_TYPES, f"{where}: {media} is not a boolean result format"
            if req.expected_boolean is not None:
                assert _boolean(resp) is req.expected_boolean, f"{where}: wrong boolean"
        elif req.expected_format == "tabular":
            assert media in RESULT_TYPES, f"{where}: {media} is not a tabular result format"
        elif req.expected_format == "RDF":
            assert media in RDF_TYPES, f"{where}: {media} is not an RDF format"
            rdflib.Dataset().parse(data=resp.content, format=RDF_TYPES[media])
        if req.response_body is not None and req.method != "HEAD":
            expected = rdflib.Graph().parse(data=req.response_body, format="turtle")
            got = rdflib.Graph().parse(data=resp.content, format=RDF_TYPES.get(media, "turtle"))
            assert isomorphic(expected, got), f"{where}: body differs:\n{resp.text}"
