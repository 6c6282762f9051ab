"""Linked-data pages (``/id/{path}``) and the query page (``/``).

Every IRI kg mints under ``settings.base_iri`` dereferences at ``/id/{path}`` (and, when ``base_iri`` is the
server's own ``…/id/`` URL, the IRI itself is that address): an HTML page for browsers (Arabic and English
labels, facts, incoming links with their sources and quotes, the Wikidata link) or Turtle / JSON-LD / any
RDF format by Accept. The query page uses YASGUI when its assets were installed (``make ui``: npm into
``build/ui``) and a plain textarea editor otherwise; both list the named queries as examples.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from string import Template

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kg.api.errors import ApiError
from kg.api.negotiation import GRAPH_TYPES, choose
from kg.api.state import ApiState
from kg.store.results import QueryRequest, content_type

TEMPLATES = Path(__file__).parent / "templates"
LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
)
QUOTES = ("https://w3id.org/kg-news/ontology#quote", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
WIKIDATA = "http://www.wikidata.org/entity/"

_DESCRIBE = """CONSTRUCT { $iri ?p ?o . ?s ?q $iri } WHERE {
  { $iri ?p ?o } UNION { ?s ?q $iri }
}"""
_PAGE = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?dir ?p ?o ?g ?olabel ?plabel ?quote WHERE {
  { GRAPH ?g { $iri ?p ?o } BIND("out" AS ?dir) }
  UNION { $iri ?p ?o FILTER NOT EXISTS { GRAPH ?h { $iri ?p ?o } } BIND("out" AS ?dir) }
  UNION { GRAPH ?g { ?o ?p $iri } BIND("in" AS ?dir)
          OPTIONAL { GRAPH ?g { ?o $quotes ?quote } } }
  OPTIONAL { ?o rdfs:label|skos:prefLabel ?olabel }
  OPTIONAL { ?p rdfs:label ?plabel FILTER(lang(?plabel) = "en" || lang(?plabel) = "") }
} LIMIT 5000"""


def _template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def _iri_for(state: ApiState, request: Request, path: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(state.settings.base_iri + path)
    except ValueError:
        raise ApiError(404, f"not an IRI of this graph: {path!r}") from None


def local_link(state: ApiState, request: Request, iri: str) -> str:
    """The address where an IRI can be viewed: itself, or its ``/id/`` page when it is under the base."""
    base = state.settings.base_iri
    if iri.startswith(base):
        return str(request.base_url).rstrip("/") + "/id/" + iri[len(base) :]
    return iri


async def resource_page(request: Request, path: str) -> Response:
    """GET /id/{path}: HTML for browsers, RDF by Accept; 404 when the graph says nothing about the IRI."""
    state: ApiState = request.app.state.kg
    iri = _iri_for(state, request, path)
    media = choose(request.headers.get("accept"), ("text/html", *GRAPH_TYPES))
    if media != "text/html":
        req = QueryRequest(
            sparql=Template(_DESCRIBE).substitute(iri=str(iri)),
            result_type="application/sparql-results+json",
            graph_type=media,
            union_default_graph=True,
            limit=state.settings.query_result_limit,
        )
        body, media_type = await state.executor.query_async(req)
        if len(body.strip()) <= 2:  # empty document ("" or "[]")
            raise ApiError(404, f"the graph has nothing about <{iri.value}>")
        return Response(body, headers={"Content-Type": content_type(media_type), "Vary": "Accept"})
    sparql = Template(_PAGE).substitute(iri=str(iri), quotes="|".join(f"<{q}>" for q in QUOTES))
    req = QueryRequest(
        sparql=sparql,
        result_type="application/sparql-results+json",
        graph_type="text/turtle",
        union_default_graph=True,
        limit=state.settings.query_result_limit,
    )
    body, _ = await state.executor.query_async(req)
    rows = json.loads(body)["results"]["bindings"]
    if not rows:
        raise ApiError(404, f"the graph has nothing about <{iri.value}>")
    return HTMLResponse(render_resource(state, request, iri.value, rows), headers={"Vary": "Accept"})


def _cell(state: ApiState, request: Request, term: dict[str, str], label: str | None = None) -> str:
    if term["type"] == "uri":
        href = html.escape(local_link(state, request, term["value"]))
        text = html.escape(label or term["value"])
        return f'<a href="{href}">{text}</a>'
    if term["type"] == "literal":
        lang = term.get("xml:lang")
        attrs = f' lang="{html.escape(lang)}" dir="auto"' if lang else ' dir="auto"'
        return f"<span{attrs}>{html.escape(term['value'])}</span>"
    return f"<code>_:{html.escape(term['value'])}</code>"


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


def render_resource(state: ApiState, request: Request, iri: str, rows: list[dict]) -> str:
    """The HTML page of one resource from the page query's rows."""
    labels: dict[str, list[str]] = {}
    wikidata: list[str] = []
    facts: dict[tuple[str, str], tuple[str, str]] = {}
    incoming: dict[tuple[str, str], tuple[str, str, set[str], set[str]]] = {}
    for row in rows:
        p, o = row["p"]["value"], row["o"]
        plabel = row.get("plabel", {}).get("value") or _short(p)
        olabel = row.get("olabel", {}).get("value")
        graph = row.get("g", {}).get("value", "")
        if row["dir"]["value"] == "out":
            if p in LABELS and o["type"] == "literal":
                labels.setdefault(o.get("xml:lang", ""), [])
                if o["value"] not in labels[o.get("xml:lang", "")]:
                    labels[o.get("xml:lang", "")].append(o["value"])
                continue
            if p == SAME_AS and o["value"].startswith(WIKIDATA):
                if o["value"] not in wikidata:
                    wikidata.append(o["value"])
                continue
            key = (p, o["value"])
            if key not in facts or (olabel and not facts[key][1]):
                facts[key] = (plabel, _cell(state, request, o, olabel))
        else:
            key = (p, o["value"])
            entry = incoming.setdefault(key, (plabel, _cell(state, request, o, olabel), set(), set()))
            if graph:
                entry[2].add(graph)
            if "quote" in row:
                entry[3].add(row["quote"]["value"])
    ar = labels.get("ar", [])
    en = labels.get("en", []) + labels.get("", [])
    title = (en or ar or [_short(iri)])[0]
    fact_rows = "\n".join(
        f"<tr><th>{html.escape(pl)}</th><td>{cell}</td></tr>" for (pl, cell) in sorted(facts.values())
    )
    in_rows = []
    for plabel, cell, graphs, quotes in sorted(incoming.values(), key=lambda e: (e[0], e[1])):
        src = " ".join(f'<a href="{html.escape(local_link(state, request, g))}">{html.escape(_short(g))}</a>'
                       for g in sorted(graphs))
        qs = "".join(f'<blockquote lang="ar" dir="rtl">{html.escape(q)}</blockquote>' for q in sorted(quotes))
        in_rows.append(f"<tr><td>{cell}</td><th>{html.escape(plabel)}</th><td>{src}{qs}</td></tr>")
    wd = "".join(f'<li><a href="{html.escape(w)}" rel="noopener">{html.escape(_short(w))} (Wikidata)</a></li>'
                 for w in wikidata)
    return _template("resource.html").substitute(
        title=html.escape(title),
        iri=html.escape(iri),
        label_ar="".join(f'<p class="ar" lang="ar" dir="rtl">{html.escape(x)}</p>' for x in ar) or "<p>—</p>",
        label_en="".join(f'<p lang="en">{html.escape(x)}</p>' for x in en) or "<p>—</p>",
        wikidata=wd or "<li>—</li>",
        facts=fact_rows or '<tr><td colspan="2">—</td></tr>',
        incoming="\n".join(in_rows) or '<tr><td colspan="3">—</td></tr>',
        turtle=html.escape(str(request.url.replace(query=None))),
    )


async def query_page(request: Request) -> HTMLResponse:
    """GET /: the SPARQL editor with the named queries as examples (YASGUI if installed, else a textarea)."""
    state: ApiState = request.app.state.kg
    examples = [
        {"name": q.name, "title": q.title, "description": q.description, "sparql": q.text}
        for q in state.queries.values()
    ]
    yasgui = state.ui_dir is not None
    return HTMLResponse(
        _template("index.html").substitute(
            endpoint=html.escape(str(request.base_url).rstrip("/") + "/sparql"),
            examples=html.escape(json.dumps(examples, ensure_ascii=False)),
            yasgui="true" if yasgui else "false",
            yasgui_head=(
                '<link rel="stylesheet" href="ui/yasgui.min.css">'
                '<script src="ui/yasgui.min.js"></script>' if yasgui else ""
            ),
            count=len(examples),
        )
    )
