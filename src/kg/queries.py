"""Named SPARQL queries (``queries/*.rq``): header parsing and typed, safe parameter binding.

Shared by ``kg query`` and the API. A parameter value is never pasted into the query text: it is validated,
converted into a typed RDF term, and that term, serialized by pyoxigraph (escaped N-Triples syntax), goes into
a ``VALUES`` block first in the outermost WHERE group (the SPARQL parser finds it: ``kg.sparql_parse``), so a
value is always exactly one term and cannot change the shape of the query. Why not pyoxigraph's ``substitutions=``: in 0.5.13 it only binds projected variables
and is joined *after* the group is evaluated, so ``FILTER(?d >= ?since)`` or ``BIND(?p AS ?x)`` see the
parameter unbound (measured); a leading VALUES block is visible to every FILTER and BIND of the group. Header format (one comment line each, before the SPARQL text)::

    # title: Base handovers
    # description: One row per handover ...
    # param: status string optional [default=completed] -- only rows with this status
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError, QuerySyntaxError
from kg.sparql_parse import QueryPlan, inject_values, template_plan

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("iri", "string", "date", "integer", "decimal", "lang-string")

_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_VAR_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PARAM_RE = re.compile(
    r"^(?P<name>\S+)\s+(?P<type>\S+)\s+(?P<req>required|optional)"
    r"(?:\s+default=(?P<default>\S+))?\s*(?:--\s*(?P<desc>.*))?$"
)
_INTEGER_RE = re.compile(r"^[+-]?\d+$")
_DECIMAL_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_LANG_RE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Term = ox.NamedNode | ox.Literal


@dataclass(frozen=True)
class QueryParam:
    """One declared parameter of a named query (bound to the SPARQL variable of the same name)."""

    name: str
    type: str
    required: bool
    default: str | None = None
    description: str = ""

    def convert(self, value: str) -> Term:
        """The typed RDF term for a raw string value; QueryError with a clear message if it does not fit."""
        return to_term(self.type, value, self.name)


@dataclass(frozen=True)
class NamedQuery:
    """A named query: metadata from its header plus the SPARQL text."""

    name: str
    title: str
    description: str
    params: list[QueryParam] = field(default_factory=list)
    text: str = ""
    #: the query's paged form (``queries/paged/NAME.rq``, :mod:`kg.paging`), when it has one
    paged: str | None = None

    def prepared(self, terms: Mapping[str, Term]) -> str:
        """The query text to run for terms returned by :meth:`bind` (a VALUES block, see module doc)."""
        return inject_values(self.text, terms)

    @property
    def plan(self) -> QueryPlan:
        """The parser's plan of the text (its form, SERVICE targets), parsed once."""
        return template_plan(self.text)

    @property
    def kind(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE, as the parser reads the query."""
        return self.plan.form

    def bind(self, values: Mapping[str, str]) -> dict[str, Term]:
        """Validate raw values and convert them into typed terms (variable name -> term)."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            expected = ", ".join(known) or "none"
            raise QueryError(
                f"unknown parameter(s) for query '{self.name}': {', '.join(unknown)} (expected: {expected})"
            )
        bound: dict[str, Term] = {}
        for param in self.params:
            raw = values.get(param.name)
            if raw is None or raw == "":
                if param.default is not None:
                    raw = param.default
                elif param.required:
                    raise QueryError(f"query '{self.name}' needs parameter '{param.name}' ({param.type})")
                else:
                    continue
            bound[param.name] = param.convert(raw)
        return bound


def to_term(type_: str, value: str, name: str = "value") -> Term:
    """Convert one raw string into a typed term of the given parameter type."""
    value = value.strip() if type_ != "string" else value
    bad = QueryError(f"parameter '{name}' must be {_describe(type_)}, got {value!r}")
    if type_ == "iri":
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value) or re.search(r"[\s<>\"{}|\\^`]", value):
            raise bad
        try:
            return ox.NamedNode(value)
        except ValueError:
            raise bad from None
    if type_ == "string":
        return ox.Literal(value)
    if type_ == "date":
        if not _DATE_RE.match(value):
            raise bad
        try:
            date.fromisoformat(value)
        except ValueError:
            raise bad from None
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    if type_ == "integer":
        if not _INTEGER_RE.match(value):
            raise bad
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if type_ == "decimal":
        if not _DECIMAL_RE.match(value):
            raise bad
        try:
            Decimal(value)
        except InvalidOperation:
            raise bad from None
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "decimal"))
    if type_ == "lang-string":
        text, sep, lang = value.rpartition("@")
        if not sep or not text or not _LANG_RE.match(lang):
            raise bad
        return ox.Literal(text, language=lang.lower())
    raise QueryError(f"unknown parameter type {type_!r} (one of {', '.join(PARAM_TYPES)})")


def _describe(type_: str) -> str:
    return {
        "iri": "an absolute IRI (e.g. https://w3id.org/kg-news/id/entity/x)",
        "string": "a string",
        "date": "a date YYYY-MM-DD",
        "integer": "an integer",
        "decimal": "a decimal number (e.g. 12.5)",
        "lang-string": "text with a language tag, e.g. بغداد@ar",
    }.get(type_, type_)


def parse_named_query(name: str, source: str, paged: str | None = None) -> NamedQuery:
    """Parse one ``.rq`` text (header + SPARQL) and check it: valid name, params, variables and syntax.

    ``paged``: the text of its paged form, if it has one (:func:`paged_form`)."""
    if not _NAME_RE.match(name):
        raise QueryError(f"named query file name {name!r} must be letters, digits, '-' or '_'")
    title, description = name, ""
    params: list[QueryParam] = []
    for lineno, line in enumerate(source.splitlines(), 1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        body = stripped.lstrip("#").strip()
        key, sep, value = body.partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "title":
            title = value
        elif key == "description":
            description = f"{description} {value}".strip()
        elif key == "param":
            params.append(_parse_param(name, lineno, value))
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise QueryError(f"query '{name}': a parameter is declared twice")
    for p in params:
        if not re.search(rf"[?$]{re.escape(p.name)}\b", source):
            raise QueryError(f"query '{name}': parameter '{p.name}' is not a variable of the query")
    check_syntax(source, name)
    return NamedQuery(
        name=name,
        title=title,
        description=description,
        params=params,
        text=source,
        paged=paged,
    )


def paged_form(dir: Path, name: str) -> str | None:  # noqa: A002 - like load_named_queries
    """The paged form of a named query (``dir/paged/NAME.rq``, read by :mod:`kg.paging`), or None."""
    path = dir / "paged" / f"{name}.rq"
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read the paged form {path}: {exc}") from None
    check_syntax(text.replace("VALUES ?pageKey { }", "VALUES ?pageKey { 0 }"), f"paged/{name}")
    return text


def _parse_param(query: str, lineno: int, spec: str) -> QueryParam:
    m = _PARAM_RE.match(spec)
    if not m:
        raise QueryError(
            f"query '{query}' line {lineno}: bad param header {spec!r} "
            "(expected: NAME TYPE (required|optional) [default=VALUE] -- description)"
        )
    pname, ptype = m.group("name"), m.group("type")
    if not _VAR_RE.match(pname):
        raise QueryError(f"query '{query}' line {lineno}: parameter name {pname!r} is not a SPARQL variable name")
    if ptype not in PARAM_TYPES:
        raise QueryError(
            f"query '{query}' line {lineno}: unknown type {ptype!r} (one of {', '.join(PARAM_TYPES)})"
        )
    param = QueryParam(
        name=pname,
        type=ptype,
        required=m.group("req") == "required",
        default=m.group("default"),
        description=(m.group("desc") or "").strip(),
    )
    if param.default is not None:
        param.convert(param.default)  # a bad default is a bug in the .rq file: report it at load time
    return param


_SYNTAX_STORE: ox.Store | None = None


def check_syntax(text: str, name: str = "query") -> None:
    """Raise QuerySyntaxError if the SPARQL query does not parse (parsed against an empty store, not run)."""
    global _SYNTAX_STORE
    if _SYNTAX_STORE is None:
        _SYNTAX_STORE = ox.Store()
    try:
        result = _SYNTAX_STORE.query(text)
        del result  # lazily evaluated: never iterated, nothing runs
    except SyntaxError as exc:
        raise QuerySyntaxError(f"query '{name}': SPARQL syntax error: {exc}") from None


def load_named_queries(dir: Path) -> dict[str, NamedQuery]:  # noqa: A002 - public signature
    """All ``*.rq`` files of a directory, by file stem, sorted by name; a bad file is a QueryError."""
    if not dir.is_dir():
        raise QueryError(f"named query directory {dir} does not exist")
    queries: dict[str, NamedQuery] = {}
    for path in sorted(dir.glob("*.rq")):
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read named query {path}: {exc}") from None
        queries[path.stem] = parse_named_query(path.stem, source, paged_form(dir, path.stem))
    return queries
