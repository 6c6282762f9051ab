"""``/queries`` and ``/queries/{name}`` for browsers: the list of named queries and one query's result table."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response

from kg.api.web import data
from kg.api.web.render import Page, render
from kg.api.web.tables import cells, iris_to_label
from kg.display import Column, reading
from kg.paging import Page as RowPage
from kg.paging import parse_page
from kg.queries import NamedQuery

#: rows of a result page shown to people when the address asks for none: an answer that grows with the corpus
#: (10,000 articles, 37,000 conflicts) is read a page at a time, as the JSON clients read it
PAGE_ROWS = 100

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
    shown = _rows_shown(named, page_params, page.state.settings.query_result_limit)
    variables, rows = await data.named_rows(page.state, named.name, values, shown)
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
        variables=variables, first=(shown.offset if shown else 0) + 1 if rows else 0,
        last=(shown.offset if shown else 0) + len(rows),
        previous=_link(page, named, values, wide, shown, -1) if shown and shown.offset > 0 else None,
        next=_link(page, named, values, wide, shown, 1) if shown and len(rows) >= shown.limit else None,
    )


def _rows_shown(named: NamedQuery, page_params: dict[str, str], max_limit: int) -> RowPage | None:
    """The rows the page shows: ``?limit=&offset=`` as the other formats read them, else the first PAGE_ROWS (a
    graph query, which has no rows to page by, is shown whole, None)."""
    if named.kind != "SELECT":
        return None
    asked = parse_page(page_params.get("limit"), page_params.get("offset"), max_limit)
    if asked is None:
        return RowPage(min(PAGE_ROWS, max_limit))
    if page_params.get("limit") in (None, ""):
        return RowPage(min(PAGE_ROWS, max_limit), asked.offset)
    return asked


def _link(page: Page, named: NamedQuery, values: dict[str, str], wide: bool, shown: RowPage, step: int) -> str:
    """The address of the page of rows before (``step`` -1) or after (+1) this one, keeping the form's values."""
    offset = max(0, shown.offset + step * shown.limit)
    limit = None if shown.limit == PAGE_ROWS else shown.limit
    return page.href(f"/queries/{named.name}", **values, wide="1" if wide else None, limit=limit,
                     offset=offset or None)
