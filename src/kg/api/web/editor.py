"""The SPARQL editor page (``/editor``) and the API documentation pages (``/docs``, ``/redoc``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kg.api.web.render import Page, render
from kg.config import ONTOLOGY_NS
from kg.errors import KgError

#: the query a new editor tab starts with: the variables in the order a person reads them (``SELECT *`` gives
#: them in no set order), one handover per row (the results table shows the base by its name)
STARTER = f"""PREFIX kg: <{ONTOLOGY_NS}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

# Every handover of a facility (as the graph consolidates it over its sources): base, status, date, and the
# handover itself (its page has the sources' sentences)
SELECT ?base ?status ?date ?event WHERE {{
  ?event a kg:TransferOfControl , kg:ConsolidatedFact ; kg:facility ?base ; kg:status/skos:notation ?status .
  OPTIONAL {{ ?event kg:time/kg:dateValue ?date }}
}}
ORDER BY ?date
LIMIT 50
"""


async def editor(request: Request) -> Response:
    """YASGUI when its assets are installed, else a plain editor; ``?name=`` opens a named query (a permalink)
    and ``?name=…&param.status=completed`` opens it with its parameters bound."""
    page = Page.of(request)
    state = page.state
    examples = [
        {"name": q.name, "title": q.title, "description": q.description, "sparql": q.text}
        for q in sorted(state.queries.values(), key=lambda q: q.name)
    ]
    initial = ""
    named = state.queries.get(request.query_params.get("name", ""))
    given = {k[len("param."):]: v for k, v in request.query_params.items() if k.startswith("param.")}
    if named is not None and given:
        try:
            initial = named.prepared(named.bind(given))
        except KgError:
            initial = ""
    root = request.scope.get("root_path", "")
    return render(
        page, "editor.html",
        endpoint=root + "/sparql",
        examples=examples,
        yasgui=state.assets.has("yasgui"),
        initial=initial,
        base=state.settings.base_iri,
        id_path=root + "/id/",
        ontology=ONTOLOGY_NS,
        ontology_path=root + "/ontology/",
        starter=STARTER,
    )


async def api_docs(request: Request, kind: str) -> Response:
    """Swagger UI or ReDoc over ``/openapi.json``, from the npm assets (a notice when they are missing)."""
    page = Page.of(request)
    bundle = "swagger-ui" if kind == "swagger" else "redoc"
    app = request.app
    return render(
        page, "docs.html",
        kind=kind,
        title=f"{app.title} — {'Swagger UI' if kind == 'swagger' else 'ReDoc'}",
        openapi=request.scope.get("root_path", "") + (app.openapi_url or "/openapi.json"),
        available=page.state.assets.has(bundle),
        missing=page.state.assets.missing(bundle),
    )
