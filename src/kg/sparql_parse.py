"""One parse of a SPARQL text by a real parser: what kg must know about a query before the engine runs it.

rdflib's SPARQL 1.1 grammar (maintained, pyparsing) reads the text, and kg takes what it needs from the parse
tree: the query form (for content negotiation), every ``SERVICE`` target (resolved against ``BASE`` and
``PREFIX`` by the engine itself, see :func:`resolve_iri`), the top-level ``LIMIT``, and, for kg's own texts,
where a ``VALUES`` block opens the outermost group (:func:`values_site`) and where ``USING`` goes before each
top-level ``WHERE`` of an update (:func:`using_sites`). No hand-written lexer takes part in any decision.

The parser must read the text as Oxigraph, the engine that runs it, does. rdflib differs in two places, both
closed here and both tested against the engine:

* a ``#`` comment ends at CR as well as LF (SPARQL's EOL); rdflib's ended at LF only, so ``#x\\rSERVICE <…>``
  hid a SERVICE from rdflib that Oxigraph ran. :func:`_install` swaps rdflib's comment rule for the spec's.
* ``\\u``/``\\U`` escapes: rdflib decodes them everywhere before parsing; Oxigraph 0.5 only inside IRIs and
  strings, so ``"\\u0022 # …"`` ended a string (and started a comment) for rdflib only. kg hands rdflib the text
  undecoded; rdflib's terminals accept no such escape, so a query with one is refused with a 400 instead of
  being read two ways.

Parsing is slow in pure Python (~5 ms for a one-line query, ~70 ms for a 1 KB named query, ~13 µs per
character of ``INSERT DATA``), so the server uses it only where a decision needs it — a query that tried to
reach the network (``kg.api.executor``), kg's own templates, a remote store's requests — in a killable worker
where the text is a client's, with its result cached by text; the kernel limits the network of every process
that runs client text whatever any parser says (``kg.api.sandbox``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError, QuerySyntaxError

#: Forms as the executor and the API name them.
FORMS = {"SelectQuery": "SELECT", "ConstructQuery": "CONSTRUCT", "AskQuery": "ASK", "DescribeQuery": "DESCRIBE"}
#: Deepest recursion the parser may use (pyparsing recurses ~15 frames per nesting level).
RECURSION_LIMIT = 20_000
#: Longest error message passed on from the parser.
_MESSAGE_CHARS = 300

_GRAMMAR: Any = None


@dataclass(frozen=True)
class QueryPlan:
    """What the parse of a query says: its form, its SERVICE targets, its top-level LIMIT."""

    form: str  # SELECT, CONSTRUCT, ASK or DESCRIBE
    #: every SERVICE target as an absolute IRI, in text order; None for a variable or unresolvable target
    services: tuple[str | None, ...] = ()
    limit: int | None = None


@dataclass(frozen=True)
class UpdatePlan:
    """What the parse of an update says: its LOAD and SERVICE targets and whether it names its dataset."""

    targets: tuple[str | None, ...] = ()
    dataset_clause: bool = False  # some operation has USING or WITH


def _install() -> Any:
    """rdflib's parser module with its comment rule set to SPARQL's ``'#' [^\\r\\n]*`` (see module doc)."""
    global _GRAMMAR
    if _GRAMMAR is not None:
        return _GRAMMAR
    from pyparsing import Regex
    from rdflib.plugins.sparql import parser

    comment = Regex(r"#[^\r\n]*")
    for unit in (parser.QueryUnit, parser.UpdateUnit):
        # ``unit.ignore("#" + rest_of_line)`` made one Suppress shared by every element under the unit.
        for ignorer in unit.ignoreExprs:
            ignorer.expr = comment  # type: ignore[attr-defined]
    _GRAMMAR = parser
    return parser


def _parse(text: str, update: bool) -> Any:
    grammar = _install()
    unit = grammar.UpdateUnit if update else grammar.QueryUnit
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
    try:
        result = unit.parse_string(text, parse_all=True)
    except RecursionError:
        raise QuerySyntaxError("the SPARQL text is nested too deeply to be read") from None
    except Exception as exc:  # pyparsing.ParseException, and rdflib's own errors from parse actions
        what = "update" if update else "query"
        message = " ".join(str(exc).split())[:_MESSAGE_CHARS]
        raise QuerySyntaxError(f"SPARQL {what} syntax error: {message}") from None
    finally:
        sys.setrecursionlimit(limit)
    return result[0] if update else result


def _field(node: Any, key: str) -> Any:
    """A field of a parse-tree node, None when absent (``CompValue.get`` returns the key itself then)."""
    return dict.get(node, key) if isinstance(node, dict) else None


def _walk(node: Any) -> Iterator[Any]:
    """Every CompValue under ``node`` (rdflib's parse tree: CompValues, ParseResults and lists)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, ParseResults | list | tuple):
            stack.extend(reversed(list(item)))


_SCRATCH: ox.Store | None = None


def resolve_iri(iri: str, base: str | None) -> str | None:
    """``iri`` resolved against ``base`` by the engine itself (an IRI constant bound in an empty store); None
    when the engine would not accept it (a relative IRI without a base, an invalid IRI)."""
    global _SCRATCH
    if _SCRATCH is None:
        _SCRATCH = ox.Store()
    try:
        rows = list(_SCRATCH.query(f"SELECT ?x WHERE {{ BIND(<{iri}> AS ?x) }}", base_iri=base))  # type: ignore[arg-type]
    except (SyntaxError, ValueError, OSError):
        return None
    term = rows[0]["x"] if rows else None
    return term.value if isinstance(term, ox.NamedNode) else None


_LOCAL_ESCAPE = re.compile(r"\\(.)")


class _Scope:
    """BASE and PREFIX declarations in force, applied in text order as the engine applies them."""

    def __init__(self, base: str | None) -> None:
        self.base = base
        self.prefixes: dict[str, str | None] = {}

    def declare(self, prologue: Any) -> None:
        for decl in prologue or ():
            if getattr(decl, "name", None) == "Base":
                self.base = resolve_iri(str(decl["iri"]), self.base)
            elif getattr(decl, "name", None) == "PrefixDecl":
                self.prefixes[str(_field(decl, "prefix") or "")] = resolve_iri(str(decl["iri"]), self.base)

    def term(self, term: Any) -> str | None:
        """An IRI term of the parse tree as the engine sees it; None for anything else (a variable...)."""
        from rdflib import URIRef

        if isinstance(term, URIRef):
            return resolve_iri(str(term), self.base)
        if getattr(term, "name", None) == "pname":
            namespace = self.prefixes.get(str(_field(term, "prefix") or ""))
            if namespace is None:
                return None
            local = _LOCAL_ESCAPE.sub(r"\1", str(_field(term, "localname") or ""))
            return resolve_iri(namespace + local, None)
        return None


def _limit(tree: Any) -> int | None:
    clause = _field(tree, "limitoffset")
    if clause is None or _field(clause, "limit") is None:
        return None
    try:
        return int(clause["limit"])
    except (TypeError, ValueError):
        return None


def parse_query(text: str, base_iri: str | None = None) -> QueryPlan:
    """The plan of a SPARQL query; QuerySyntaxError (a 400) when the parser cannot read it."""
    prologue, tree = _parse(text, update=False)
    form = FORMS.get(tree.name, "")
    if not form:
        raise QuerySyntaxError(f"not a SPARQL query: {tree.name}")
    scope = _Scope(base_iri)
    scope.declare(prologue)
    services = tuple(scope.term(_field(node, "term")) for node in _walk(tree) if node.name == "ServiceGraphPattern")
    return QueryPlan(form=form, services=services, limit=_limit(tree))


def parse_update(text: str, base_iri: str | None = None) -> UpdatePlan:
    """The plan of a SPARQL update: LOAD and SERVICE targets (prefixes stay in force for later operations)."""
    tree = _parse(text, update=True)
    scope = _Scope(base_iri)
    targets: list[str | None] = []
    dataset = False
    prologues = list(_field(tree, "prologue") or [])
    for i, operation in enumerate(_field(tree, "request") or []):
        scope.declare(prologues[i] if i < len(prologues) else None)
        if operation.name == "Load":
            targets.append(scope.term(_field(operation, "iri")))
        if operation.name == "Modify" and (_field(operation, "using") or _field(operation, "withClause") is not None):
            dataset = True
        targets += [scope.term(_field(n, "term")) for n in _walk(operation) if n.name == "ServiceGraphPattern"]
    return UpdatePlan(targets=tuple(targets), dataset_clause=dataset)


@dataclass(frozen=True)
class LoadOperation:
    """One ``LOAD`` of an update: its source, ``SILENT``, its target graph and where it is in the text."""

    source: str | None  # absolute IRI; None when the engine would not read it as one
    silent: bool
    into: str | None  # the target graph; None: the default graph
    span: tuple[int, int] | None  # [start, end) of the operation in the text; None when it could not be placed


def load_operations(text: str, base_iri: str | None = None) -> list[LoadOperation]:
    """The LOAD operations of an update, in order, each placed in the text so that kg can run it as data.

    The parser decides: every match of rdflib's own ``Load`` rule in the text is a candidate, and a candidate
    is the k-th operation only if the text with a probe operation in its place parses to the same operations
    with the probe k-th (a LOAD inside a string or a comment fails that test)."""
    tree = _parse(text, update=True)
    scope = _Scope(base_iri)
    prologues = list(_field(tree, "prologue") or [])
    names, loads = [], {}
    for i, operation in enumerate(_field(tree, "request") or []):
        scope.declare(prologues[i] if i < len(prologues) else None)
        names.append(operation.name)
        if operation.name == "Load":
            graph = _field(operation, "graphiri")
            loads[i] = (scope.term(_field(operation, "iri")), bool(_field(operation, "silent")),
                        scope.term(graph) if graph is not None else None)
    if not loads:
        return []
    spans: dict[int, tuple[int, int]] = {}
    for _, start, end in _install().Load.scan_string(text):
        try:
            probe = _parse(f"{text[:start]} CLEAR SILENT GRAPH <urn:kg:probe> {text[end:]}", update=True)
        except QuerySyntaxError:
            continue
        after = [op.name for op in _field(probe, "request") or []]
        changed = [k for k, (a, b) in enumerate(zip(names, after, strict=False)) if a != b]
        if len(after) == len(names) and len(changed) == 1 and changed[0] in loads and after[changed[0]] == "Clear":
            spans[changed[0]] = (start, end)
    return [LoadOperation(source, silent, into, spans.get(i)) for i, (source, silent, into) in loads.items()]


# -- where kg adds text to its own queries: the parser checks every candidate ----------------------------------

_PROBE = "__kg_site"


@lru_cache(maxsize=256)
def values_site(text: str) -> int:
    """Offset just after the ``{`` that opens the query's outermost WHERE group.

    Each ``{`` of the text is a candidate; the first one where a probe ``VALUES`` block, inserted right after
    it, parses as the first element of the top-level WHERE group is the answer. The parser decides: braces in
    comments, strings, IRIs or templates fail that test.
    """
    _parse(text, update=False)  # a text that does not parse has no site
    for match in re.finditer(r"\{", text):
        at = match.end()
        try:
            _, tree = _parse(f"{text[:at]} VALUES ?{_PROBE} {{ 1 }} {text[at:]}", update=False)
        except QuerySyntaxError:
            continue
        where = _field(tree, "where")
        parts = _field(where, "part") if where is not None else None
        if parts and getattr(parts[0], "name", "") == "InlineData" and [str(v) for v in parts[0]["var"]] == [_PROBE]:
            return at
    raise QueryError("cannot find the WHERE clause to bind parameters")


def inject_values(text: str, terms: Mapping[str, ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple]) -> str:
    """The query with a ``VALUES`` block of terms (serialized by pyoxigraph) first in its outermost group."""
    if not terms:
        return text
    for value in terms.values():
        if isinstance(value, ox.BlankNode):
            raise QuerySyntaxError("a blank node cannot be bound as a query parameter")
    at = values_site(text)
    names = " ".join(f"?{name}" for name in terms)
    values = " ".join(str(v) for v in terms.values())
    return f"{text[:at]} VALUES ({names}) {{ ({values}) }} {text[at:]}"


def using_sites(update: str) -> list[int]:
    """Offsets of the ``WHERE`` keywords of the update's operations that may take ``USING`` (parser-checked)."""
    base = _parse(update, update=True)
    sites = []
    for match in re.finditer(r"(?i)where", update):
        at = match.start()
        try:
            tree = _parse(f"{update[:at]}USING <urn:kg:probe> {update[at:]}", update=True)
        except QuerySyntaxError:
            continue
        before = [op for op in _field(base, "request") or []]
        after = [op for op in _field(tree, "request") or []]
        if len(before) == len(after) and any(
            any(str(_field(u, "default")) == "urn:kg:probe" for u in _field(op, "using") or []) for op in after
        ):
            sites.append(at)
    return sites


def apply_using(update: str, using: list[str], using_named: list[str]) -> str:
    """The update with ``USING <g>`` / ``USING NAMED <g>`` before every top-level WHERE (protocol dataset)."""
    if not using and not using_named:
        return update
    clause = " ".join([f"USING {ox.NamedNode(g)}" for g in using] + [f"USING NAMED {ox.NamedNode(g)}" for g in using_named])
    for at in reversed(using_sites(update)):
        update = f"{update[:at]}{clause} {update[at:]}"
    return update


@lru_cache(maxsize=256)
def template_plan(text: str) -> QueryPlan:
    """The plan of one of kg's own query texts (named queries, pages), parsed once per text."""
    return parse_query(text)
