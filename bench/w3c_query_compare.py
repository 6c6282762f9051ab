"""The W3C SPARQL query-evaluation tests through kg's Graph Store Protocol, answered as `oxigraph serve` answers.

For every ``mf:QueryEvaluationTest`` of the manifests under RDF_TESTS (a checkout of w3c/rdf-tests, e.g. its
``sparql/`` folder; entailment and federation tests are left out), both servers get the same treatment: the
store is cleared, the test's ``qt:data`` is PUT/POSTed into the default graph and each ``qt:graphData`` into the
named graph of its file IRI through ``/store``, and the query (with ``BASE <its file IRI>`` first) is sent to
the SPARQL endpoint. The answers are compared with each other — status, and the result (rows as a multiset with
blank-node labels blanked; graphs by isomorphism) — not with the test's expected result: the question is whether
kg, which loads and answers through its own processes, answers as Oxigraph itself does.

Usage: ``python bench/w3c_query_compare.py RDF_TESTS_DIR [--markdown out.md]``. Both servers run as
subprocesses on 127.0.0.1 and are always stopped.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import textwrap
from collections import Counter
from pathlib import Path

import httpx
import rdflib
from rdflib.collection import Collection
from rdflib.compare import isomorphic

sys.path.insert(0, str(Path(__file__).parent))
from bench_endpoint import free_port, stop, wait_up  # noqa: E402

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
TOKEN = "w3c-compare"
SKIP_DIRS = ("entailment", "service")
MEDIA = {".ttl": "text/turtle", ".nt": "application/n-triples", ".rdf": "application/rdf+xml", ".n3": "text/n3"}
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


def tests(root: Path) -> list[tuple[str, Path, list[Path], list[Path]]]:
    """(name, query file, default-graph files, named-graph files) of every query evaluation test under root."""
    out = []
    for manifest in sorted(root.rglob("manifest.ttl")):
        if any(part in SKIP_DIRS for part in manifest.parts):
            continue
        g = rdflib.Graph().parse(manifest, format="turtle")
        entries = [e for head in g.objects(None, MF.entries) for e in Collection(g, head)]
        for entry in entries:
            action = g.value(entry, MF.action)
            query = g.value(action, QT.query) if action is not None else None
            if (entry, rdflib.RDF.type, MF.QueryEvaluationTest) not in g or query is None \
                    or g.value(action, QT.serviceData) is not None:
                continue
            name = f"{manifest.parent.relative_to(root)}/{str(entry).rsplit('#', 1)[-1]}"
            data = [_path(d) for d in g.objects(action, QT.data)]
            named = [_path(d) for d in g.objects(action, QT.graphData)]
            out.append((name, _path(query), data, named))
    return out


def _path(node: rdflib.term.Node) -> Path:
    from urllib.parse import unquote, urlsplit

    return Path(unquote(urlsplit(str(node)).path))


def document(path: Path, resolved: bool) -> tuple[bytes, str]:
    """A data file as sent: as it is, or (``resolved``) as N-Triples with relative IRIs resolved against the
    file's own IRI, as the W3C harness reads it."""
    if not resolved:
        return path.read_bytes(), MEDIA.get(path.suffix, "text/turtle")
    import pyoxigraph as ox

    fmt = ox.RdfFormat.from_media_type(MEDIA.get(path.suffix, "text/turtle"))
    triples = [q.triple for q in ox.parse(path=str(path), format=fmt, base_iri=path.as_uri())]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", "application/n-triples"


def load(client: httpx.Client, update: str, store: str, data: list[Path], named: list[Path], auth: dict[str, str],
         resolved: bool = False) -> None:
    r = client.post(update, content=b"CLEAR ALL", headers={**auth, "Content-Type": "application/sparql-update"})
    r.raise_for_status()
    for i, path in enumerate(data):
        method = client.put if i == 0 else client.post
        body, media = document(path, resolved)
        r = method(store, params={"default": ""}, content=body, headers={**auth, "Content-Type": media})
        if r.status_code >= 400:
            raise RuntimeError(f"loading {path.name}: {r.status_code} {r.text[:200]}")
    for path in named:
        body, media = document(path, resolved)
        r = client.put(store, params={"graph": path.as_uri()}, content=body, headers={**auth, "Content-Type": media})
        if r.status_code >= 400:
            raise RuntimeError(f"loading {path.name}: {r.status_code} {r.text[:200]}")


def answer(client: httpx.Client, endpoint: str, query: Path) -> tuple[int, object]:
    text = f"BASE <{query.as_uri()}>\n" + query.read_text(encoding="utf-8")
    r = client.post(endpoint, content=text.encode(), headers={"Content-Type": "application/sparql-query",
                                                             "Accept": ACCEPT})
    if r.status_code != 200:
        return r.status_code, None
    media = r.headers.get("content-type", "").split(";")[0]
    if "json" in media:
        doc = json.loads(r.content)
        if "boolean" in doc:
            return 200, ("boolean", doc["boolean"])
        rows = []
        for b in doc["results"]["bindings"]:
            rows.append(tuple(sorted((k, v["type"], "_" if v["type"] == "bnode" else json.dumps(v.get("value")),
                                      v.get("xml:lang", "").lower(), v.get("datatype", "")) for k, v in b.items())))
        return 200, ("rows", Counter(rows))
    return 200, ("graph", rdflib.Graph().parse(data=r.content, format="nt"))


def same(a: tuple[int, object], b: tuple[int, object]) -> bool:
    if a[0] != b[0] or a[0] != 200:
        return a[0] == b[0] or (a[0] >= 400 and b[0] >= 400)
    x, y = a[1], b[1]
    assert isinstance(x, tuple) and isinstance(y, tuple)
    if x[0] != y[0]:
        return False
    if x[0] == "graph":
        return isomorphic(x[1], y[1])
    return bool(x[1] == y[1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", type=Path)
    ap.add_argument("--markdown", type=Path)
    args = ap.parse_args()
    cases = tests(args.root.resolve())
    tmp = Path(tempfile.mkdtemp(prefix="kg-w3c-"))
    procs = []
    try:
        p_kg, p_ox = free_port(), free_port()
        code = textwrap.dedent(f"""
            from kg.api.app import create_app
            from kg.api.server import serve
            from kg.config import Settings
            s = Settings(_env_file=None, store={str(tmp / 'kg')!r}, queries_dir={str(tmp / 'none')!r},
                         update_token={TOKEN!r})
            serve(create_app(s), "127.0.0.1", {p_kg})
        """)
        import subprocess

        procs.append(subprocess.Popen([sys.executable, "-c", code], start_new_session=True))
        exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        procs.append(subprocess.Popen([exe, "serve", "--location", str(tmp / "ox"), "--bind", f"127.0.0.1:{p_ox}"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        kg, ox = f"http://127.0.0.1:{p_kg}", f"http://127.0.0.1:{p_ox}"
        wait_up(f"{kg}/sparql", procs[0])
        wait_up(f"{ox}/query", procs[1])
        differ, failed, resolved = [], [], []
        auth = {"Authorization": f"Bearer {TOKEN}"}
        with httpx.Client(timeout=60) as c:
            for name, query, data, named in cases:
                refused = []
                for label, (update, store, creds) in (("kg", (f"{kg}/update", f"{kg}/store", auth)),
                                                      ("oxigraph", (f"{ox}/update", f"{ox}/store", {}))):
                    try:
                        load(c, update, store, data, named, creds)
                    except RuntimeError as exc:
                        refused.append(f"{label}: {exc}")
                if refused:  # e.g. relative IRIs in a default-graph upload: send both the file as the harness reads it
                    try:
                        load(c, f"{kg}/update", f"{kg}/store", data, named, auth, resolved=True)
                        load(c, f"{ox}/update", f"{ox}/store", data, named, {}, resolved=True)
                    except RuntimeError as exc:
                        failed.append((name, str(exc)))
                        continue
                    resolved.append((name, "; ".join(refused)))
                a, b = answer(c, f"{ox}/query", query), answer(c, f"{kg}/sparql", query)
                if not same(a, b):
                    differ.append((name, f"oxigraph {a[0]}, kg {b[0]}"))
        lines = [f"{len(cases)} query evaluation tests; answered alike: {len(cases) - len(differ) - len(failed)}; "
                 f"different: {len(differ)}; data not loadable on a server: {len(failed)}; loaded as N-Triples "
                 f"resolved against the file because one server refused the file itself: {len(resolved)}", ""]
        lines += [f"* differs: {n} ({why})" for n, why in differ]
        lines += [f"* not loaded: {n} ({why})" for n, why in failed]
        lines += [f"* loaded resolved: {n} ({why})" for n, why in resolved]
        report = "\n".join(lines)
        print(report)
        if args.markdown:
            args.markdown.write_text(report + "\n", encoding="utf-8")
    finally:
        for proc in procs:
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
