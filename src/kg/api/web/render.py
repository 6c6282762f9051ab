"""Rendering pages: Jinja templates with autoescaping, the page language and direction, links and dates.

Every value reaches HTML through Jinja's autoescape (titles, quotes, publishers and URLs come from articles
and are never trusted). Links stay on this server: an IRI under the base IRI is shown at its ``/id/`` page, a
term of kg's ontology at its ``/ontology/`` page; other IRIs (Wikidata, an outlet's URL) are links out, opened
with ``rel="noopener noreferrer"``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from kg.api.state import ApiState
from kg.api.web.i18n import pick_lang, word
from kg.config import ONTOLOGY_NS
from kg.display import format_date, format_figure

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)

WIKIDATA = "http://www.wikidata.org/entity/"
STATUS_ORDER = {"planned": 0, "in_progress": 1, "completed": 2}

#: label lookups: iri -> {language: label}
Labels = Mapping[str, Mapping[str, str]]


def short(iri: str) -> str:
    """The last segment of an IRI (what is left to show when nothing has a label)."""
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


@dataclass
class Page:
    """What a template needs about the request: language, links, labels and formatting."""

    request: Request
    state: ApiState
    lang: str = "en"
    explicit: bool = False
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, request: Request) -> Page:
        lang, explicit = pick_lang(request.query_params.get("lang"), request.headers.get("accept-language"))
        return cls(request, request.app.state.kg, lang, explicit)

    @property
    def dir(self) -> str:
        return "rtl" if self.lang == "ar" else "ltr"

    @property
    def other_lang(self) -> str:
        return "en" if self.lang == "ar" else "ar"

    def t(self, key: str, **values: object) -> str:
        """The page's word for ``key``."""
        return word(key, self.lang, **values)

    def href(self, path: str, **params: object) -> str:
        """A link to one of our pages (root-relative), keeping an explicitly chosen language."""
        root: str = self.request.scope.get("root_path", "")
        pairs = [(k, str(v)) for k, v in params.items() if v not in (None, "")]
        if self.explicit and "lang" not in params:
            pairs.append(("lang", self.lang))
        return root + path + ("?" + urlencode(pairs) if pairs else "")

    def _root(self) -> str:
        """The ASGI root path the app is mounted under ("" at the top)."""
        return str(self.request.scope.get("root_path", ""))

    def static(self, name: str) -> str:
        """A file of ``kg/api/static``."""
        return self._root() + "/static/" + name

    def asset(self, bundle: str, name: str) -> str:
        """A file of an npm bundle (``kg.api.assets``)."""
        return self._root() + f"/assets/{bundle}/{name}"

    def switch_lang(self) -> str:
        """This page in the other language."""
        pairs = [(k, v) for k, v in self.request.query_params.multi_items() if k != "lang"]
        pairs.append(("lang", self.other_lang))
        return self._root() + self.request.url.path + "?" + urlencode(pairs)

    def local(self, iri: str) -> str | None:
        """The ``/id/`` page of an IRI under the base, the ``/ontology/`` page of a term of kg's ontology, else
        None."""
        base = self.state.settings.base_iri
        if iri.startswith(base):
            return self.href("/id/" + quote(iri[len(base):], safe="/:@!$&'()*+,;=-._~"))
        if iri.startswith(ONTOLOGY_NS) and len(iri) > len(ONTOLOGY_NS):
            return self.href("/ontology/" + quote(iri[len(ONTOLOGY_NS):], safe="-._~"))
        return None

    def link(self, iri: str) -> str:
        """Where a click on an IRI goes: its page here, or the IRI itself (Wikidata, the web)."""
        return self.local(iri) or iri

    def name(self, iri: str | None, fallback: str | None = None) -> str:
        """The label of an IRI in the page language, else the other language, else ``fallback`` or its tail."""
        if not iri:
            return fallback or ""
        found = self.labels.get(iri, {})
        return found.get(self.lang) or found.get(self.other_lang) or fallback or short(iri)

    def alt_name(self, iri: str | None) -> str:
        """The label in the other language when it differs from :meth:`name` ("" otherwise)."""
        if not iri:
            return ""
        found = self.labels.get(iri, {})
        other = found.get(self.other_lang, "")
        return other if other and other != self.name(iri) else ""

    def label_lang(self, iri: str | None) -> str:
        """The language of the label :meth:`name` shows (for ``lang``/``dir`` attributes)."""
        found = self.labels.get(iri or "", {})
        if found.get(self.lang):
            return self.lang
        if found.get(self.other_lang):
            return self.other_lang
        return "en"

    def date(self, value: str | None, precision: str | None = None) -> str:
        """A date at its precision in the page language ("18 January 2026", «كانون الثاني 2026»)."""
        return format_date(value, precision, self.lang)

    def status(self, notation: str | None) -> str:
        return self.t(f"status.{notation}") if notation else ""

    def unit(self, unit: str | None) -> str:
        """A count's unit in the page language (``troops`` → «جندي»); an unknown unit as written."""
        if not unit:
            return ""
        found = word(f"unit.{unit}", self.lang)
        return unit if found == f"unit.{unit}" else found

    def sources(self, n: int | str | None) -> str:
        count = int(n or 0)
        return self.t("sources.one") if count == 1 else self.t("sources.n", n=count)

    def wikidata(self, iri: str | None) -> str:
        """``Q4703502`` for a Wikidata entity IRI ("" otherwise)."""
        return iri[len(WIKIDATA):] if iri and iri.startswith(WIKIDATA) else ""


def dir_of(lang: str | None) -> str:
    return "rtl" if lang == "ar" else "ltr"


def json_script(data: Any) -> Markup:
    """JSON for a ``<script type="application/json">`` element: ``<``, ``>`` and ``&`` escaped so no text in the
    data can close the element (the pages' scripts read it with JSON.parse; it is never executed)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))  # noqa: S704 - escaped above


@jinja2.pass_context
def _fmtdate(ctx: jinja2.runtime.Context, value: str, precision: str | None = None) -> str:
    page: Page = ctx["p"]
    return page.date(value, precision)


@jinja2.pass_context
def _figure(ctx: jinja2.runtime.Context, count: Any) -> str:
    return format_figure(count.value, count.low, count.high, count.qualifier, ctx["p"].lang)


@jinja2.pass_context
def _unit(ctx: jinja2.runtime.Context, unit: str) -> str:
    page: Page = ctx["p"]
    return page.unit(unit)


def plain(text: str) -> str:
    """Text without the bidi isolates titles carry (for ``<title>``, where a browser may show them)."""
    return text.translate({0x2066: None, 0x2067: None, 0x2068: None, 0x2069: None})


ENV.globals.update(dir_of=dir_of, json_script=json_script, short=short, figure=_figure, unit=_unit)
ENV.filters["fmtdate"] = _fmtdate
ENV.filters["plain"] = plain


def render(page: Page, template: str, status_code: int = 200, **data: Any) -> HTMLResponse:
    """The template rendered for this page, with the language negotiation recorded in ``Vary``."""
    html = ENV.get_template(template).render(p=page, assets=page.state.assets, **data)
    return HTMLResponse(html, status_code=status_code, headers={"Vary": "Accept, Accept-Language",
                                                                "Content-Language": page.lang})
