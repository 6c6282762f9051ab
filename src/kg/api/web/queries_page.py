"""``/queries`` and ``/queries/{name}`` for browsers: the list of named queries and one query's result table."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response

from kg.api.web import data
from kg.api.web.render import Page, render
from kg.api.web.tables import cells, iris_to_label
from kg.display import Column, reading
from kg.queries import NamedQuery

_CHOICES = re.compile(r"\(([\w-]+(?:\s*\|\s*[\w-]+)+)\)")


def _page(request: Request, named: NamedQuery | None = None) -> Page:
    page = Page.of(request)
    if named is not None and any(p.name == "lang" for p in named.params):
        # the query's own ``lang`` parameter is not the page language
        page = Page(request, page.state, *_accept_only(request))
    return page


def _accept_only(request: Request) -> tuple[str, bool]:
    from kg.api.web.i18n import pick_lang

    return pick_lang(None, request.headers.get("accept-language"))


def choices(description: str) -> list[str]:
    """The values a parameter's description lists as ``(a | b | c)``, for a select box."""
    m = _CHOICES.search(description)
    return [v.strip() for v in m.group(1).split("|")] if m else []


async def queries_page(request: Request) -> Response:
    """GET /queries in a browser."""
    page = _page(request)
    queries = sorted(page.state.queries.values(), key=lambda q: q.name)
    return render(page, "queries.html", queries=queries)


async def named_query_page(request: Request, named: NamedQuery, values: dict[str, str],
                           page_params: dict[str, str]) -> Response:
    """One named query's result as a table for people, with its parameters as a form and download links."""
    page = _page(request, named)
    variables, rows = await data.named_result(page.state, named.name, **values)
    wide = page_params.get("wide") in ("1", "true", "yes")
    columns = tuple(Column(v, "text", v) for v in variables) if wide else reading(named.name, variables)
    page.labels = await data.labels(page.state, iris_to_label(columns, rows))
    subject = variables[0] if variables and not wide and variables[0] not in {c.var for c in columns} else None
    downloads = [(fmt, page.href(f"/queries/{named.name}", **values, format=fmt))
                 for fmt in ("csv", "tsv", "json", "xml")]
    return render(
        page, "query.html", q=named, rows=rows, columns=columns, table=cells(page, columns, rows),
        subject=subject, values=values, wide=wide, downloads=downloads,
        params=[(p, choices(p.description)) for p in named.params],
        toggle=page.href(f"/queries/{named.name}", **values, wide=None if wide else "1"),
        editor=page.href("/editor", name=named.name, **{f"param.{k}": v for k, v in values.items()}),
        variables=variables,
    )
