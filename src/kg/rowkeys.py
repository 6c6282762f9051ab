"""Row keys: a page of a named query whose answer grows with the corpus, read without evaluating the rest.

``articles``, ``handover-sources``, ``statements``, ``troop-counts`` and ``conflicts`` answer one row per article,
attestation or figure: 10k–37k rows at 10k articles, and each row costs its joins. For these the build writes,
in the consolidated graph, one triple per row of the answer: ``?holder kg:<query>RowKey ?key``, where the holder
is a node of that row (the article, the reported fact, the count, the attestation's time node) and the key an
``xsd:decimal``: a number the engine stores inline, so ordering every key of a query is one scan (~10 ms for 40k
keys, where ordering 40k strings read back from the dictionary takes 1.3 s).

**What a key says.** The key is the query's ORDER BY written as one number, component after component: an entity
by its place among the seed entities (``kg:orderCode``, written with the seeds) or, for a minted one
(``x-fac-<hash>``), by its kind and hash; a date string by year, month and day; a figure by its value; a
consolidated node by the hash of its IRI; an article by the first characters of its IRI. Every component but the
last is exact (two different values never share a code, and codes order as the values do); the last may be cut
(then rows that differ only there share a key). So keys never order two rows against the query's ORDER BY; at
worst they tie, and :mod:`kg.paging` orders tied rows with the query itself. A row whose leading values kg cannot
write exactly (a date kg did not write, an IRI of another shape) gets no key, and a marker
(``kg:unkeyedRows "<query>"``) sends every page of that query to the plain path (the whole query with
LIMIT/OFFSET) until the store is built again.

**Kept up to date incrementally.** Keys are computed by SPARQL from the rows themselves (the same patterns as the
named query), inside the transaction that commits a batch of articles: first the keys of the rows the batch may
change are deleted (the rows of the batch's articles and of the consolidated nodes whose quads, readings or IRI
change), then, after the batch is written, the keys of those rows are written again. A fresh build or a
re-consolidation writes them all once, at the end. The templates of the pages are in ``queries/paged/``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from pyoxigraph import Literal, NamedNode, Quad

#: Format of the row keys; a store with keys of another version pages by the plain path.
VERSION = "1"
KG = "https://w3id.org/kg-news/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: Prefixes of the templates below, written out in the text the store gets: the operations go into one request
#: with the committer's, and Oxigraph 0.5 reads a PREFIX only at the start of a request.
PREFIXES = {
    "kg": KG, "xsd": XSD, "prov": "http://www.w3.org/ns/prov#", "schema": "http://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
}
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|<[^<>"\s]*>|\b(' + "|".join(PREFIXES) + r"):([A-Za-z_][A-Za-z0-9_]*)?")


def expand(text: str) -> str:
    """The text with every prefixed name (outside strings and IRIs) written as a full IRI."""
    def one(m: re.Match[str]) -> str:
        if m.group(1) is None:
            return m.group(0)
        return f"<{PREFIXES[m.group(1)]}{m.group(2) or ''}>"
    return _TOKEN.sub(one, text)
#: Kinds of minted entity keys (``x-<kind>-<12 hex>``, kg.link.minting: the NER labels), in code-point order.
MINTED_KINDS = ("date", "fac", "loc", "misc", "norp", "org", "per", "quant")
#: Statuses (skos:notation of kg:StatusScheme), in code-point order.
STATUSES = ("completed", "in_progress", "planned")
#: The local paths of consolidated nodes (``{base}event/{slug}-{12 hex}``, ``{base}agreement/{kind}-…``).
NODE_PATHS = tuple(sorted(
    [f"event/{s}-" for s in ("transferofcontrol", "withdrawal", "relocation", "missionphase", "troopcount",
                             "statement")]
    + [f"agreement/{s}-" for s in ("agreement", "jointstatement", "memorandumofunderstanding", "frameworkagreement",
                                   "decision")]))
_HEX = "0123456789abcdef"
#: printable ASCII in code-point order: kg's IRIs are ASCII (path segments are percent-encoded)
_ASCII = "".join(chr(c) for c in range(0x20, 0x7F))


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dec(n: int, exponent: int = 0) -> str:
    """The exact decimal n × 10^exponent as a SPARQL literal."""
    if exponent >= 0:
        return f"{n * 10 ** exponent}.0"
    digits = str(abs(n)).rjust(-exponent + 1, "0")
    return f"{'-' if n < 0 else ''}{digits[:exponent]}.{digits[exponent:]}"


# ----------------------------------------------------------------------------------------- components
# Each component is an integer-valued SPARQL expression with a fixed number of decimal digits, and the condition
# (SPARQL) under which its code orders as the value does: exactly (different values, different codes) for every
# component but the last, which may only make values tie (capped, cut) — see compose().


@dataclass(frozen=True)
class Part:
    expr: str  # SPARQL: an integer (or integer-valued decimal) in [0, 10**digits)
    digits: int
    ok: str = "true"  # SPARQL: the code orders as the value (exactly, unless the part is the key's last)
    weights: tuple[tuple[str, int], ...] = ()  # instead of expr: (SPARQL digit, its integer weight) pairs


_DATE_RE = r'"^[12][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"'


def _date_code(var: str, text: str) -> str:
    """``1 + (y − 1000)·416 + m·32 + d`` of a ``YYYY[-MM[-DD]]`` string (``m``, ``d`` 0 when absent), 0 unbound."""
    y, m, d = (f"xsd:integer(SUBSTR({text}, {a}, {n}))" for a, n in ((1, 4), (6, 2), (9, 2)))
    return f"IF(!BOUND({var}), 0, 1 + ({y} - 1000) * 416 + COALESCE({m}, 0) * 32 + COALESCE({d}, 0))"


def date_string(var: str) -> Part:
    """A date as ``STR`` gives it (``2024``, ``2024-05``, ``2024-05-12``, ordered as strings; unbound first): a
    shorter date sorts before the longer ones it starts, as the string does."""
    return Part(_date_code(var, var), 6, f"(!BOUND({var}) || REGEX({var}, {_DATE_RE}))")


def typed_date(var: str) -> Part:
    """A publication date, unbound first: an ``xsd:date``, or an ``xsd:gYearMonth`` / ``xsd:gYear`` for a month or
    a year (no time zone). The engine orders these by the day they start, a year before its first month before
    its first day — the order of their ``YYYY[-MM[-DD]]`` codes (tests/test_rowkeys.py checks it)."""
    ok = (f"(!BOUND({var}) || (DATATYPE({var}) IN (xsd:date, xsd:gYearMonth, xsd:gYear) "
          f"&& REGEX(STR({var}), {_DATE_RE})))")
    return Part(_date_code(var, f"STR({var})"), 6, ok)


def vocabulary(var: str, values: Sequence[str]) -> Part:
    """One of a few strings (a bound variable), by its place among them."""
    expr = "?unknownValue"
    for i, v in reversed(list(enumerate(sorted(values), 1))):
        expr = f"IF({var} = {_lit(v)}, {i}, {expr})"
    return Part(expr, len(str(len(values))), f"BOUND({var}) && {var} IN ({', '.join(_lit(v) for v in values)})")


def capped(var: str, digits: int) -> Part:
    """A number, unbound first, cut to [0, 10^digits − 2] (a last component: cutting only makes rows tie)."""
    top = 10 ** digits - 2
    expr = f"IF(!BOUND({var}), 0, 1 + IF({var} > {top}, {top}, IF({var} < 0, 0, xsd:integer(FLOOR({var})))))"
    return Part(expr, digits, f"(!BOUND({var}) || isNumeric({var}))")


def _hex12(text: str, scale: int) -> list[tuple[str, int]]:
    """(digit expression, weight) of 12 hex characters of a string expression, times ``scale``."""
    return [(f"STRLEN(STRBEFORE({_lit(_HEX)}, SUBSTR({text}, {i + 1}, 1)))", 16 ** (11 - i) * scale)
            for i in range(12)]


def entity(var: str, code_var: str, minted_gap: int | None, base: str) -> Part:
    """An entity IRI in IRI order, unbound first (20 digits).

    Seeds: ``kg:orderCode`` (``?code_var``), ``(2i + 2)·10^16`` for the i-th seed IRI; a minted entity
    (``{base}entity/x-<kind>-<12 hex>``, all in one gap between seeds): ``(2g + 1)·10^16 + kind·10^15 + hash``."""
    prefix = f"{base}entity/x-"
    if minted_gap is None:  # a seed key starts with "x-": minted keys fall between seeds, no exact code
        minted = "?noCode"
    else:
        tail = f"STRAFTER(STRAFTER(STR({var}), {_lit(prefix)}), \"-\")"
        kinds = "|".join(MINTED_KINDS)
        kind = "?noKind"
        for i, k in reversed(list(enumerate(MINTED_KINDS))):
            kind = f"IF(STRSTARTS(STR({var}), {_lit(prefix + k + '-')}), {i}, {kind})"
        digits = " + ".join(f"{d} * {w}" for d, w in _hex12(tail, 1))
        minted = (f"IF(REGEX(STR({var}), {_lit('^' + _re(prefix) + '(' + kinds + ')-[0-9a-f]{12}$')}), "
                  f"{_dec(2 * minted_gap + 1, 16)} + {kind} * {_dec(1, 15)} + {digits}, ?noCode)")
    expr = f"IF(!BOUND({var}), 0, COALESCE({code_var}, {minted}))"
    return Part(expr, 20, f"(!BOUND({var}) || BOUND({code_var}) || ({minted}) >= 0)")


def node(var: str, base: str, paths: Sequence[str]) -> Part:
    """A consolidated node's IRI (``{base}<path><12 hex>``) in IRI order: its path's place, then its hash."""
    if len(paths) == 1:
        tail = f"STRAFTER(STR({var}), {_lit(base + paths[0])})"
        ok = f"REGEX(STR({var}), {_lit('^' + _re(base + paths[0]) + '[0-9a-f]{12}$')})"
        return Part("", 15, ok, tuple(_hex12(tail, 1)))
    rank = "?noPath"
    for i, p in reversed(list(enumerate(paths, 1))):
        rank = f"IF(STRSTARTS(STR({var}), {_lit(base + p)}), {i}, {rank})"
    tail = f"REPLACE(STR({var}), \"^.*-\", \"\")"
    alternatives = "|".join(_re(p) for p in paths)
    ok = f"REGEX(STR({var}), {_lit('^' + _re(base) + '(' + alternatives + ')[0-9a-f]{12}$')})"
    width = len(str(len(paths)))
    return Part("", 15 + width, ok, ((rank, 10 ** 15), *_hex12(tail, 1)))


def iri_prefix(var: str, prefix: str, chars: int) -> Part:
    """The first ``chars`` characters of an IRI after ``prefix``, in code-point order (always a last component)."""
    local = f"STRAFTER(STR({var}), {_lit(prefix)})"
    pairs = [(f"IF(STRLEN({local}) < {i + 1}, 0, STRLEN(STRBEFORE({_lit(_ASCII)}, SUBSTR({local}, {i + 1}, 1))) + 1)",
              96 ** (chars - 1 - i)) for i in range(chars)]
    digits = len(str(96 ** chars))
    ok = f"STRSTARTS(STR({var}), {_lit(prefix)}) && REGEX(STR({var}), \"^[ -~]*$\")"
    return Part("", digits, ok, tuple(pairs))


def constant(value: str, digits: int) -> Part:
    """A code the caller knows orders as the value (the figure of a conflicting count: one per fact)."""
    return Part(value, digits)


def _re(text: str) -> str:
    """A literal string inside a SPARQL REGEX (the few characters of an IRI that mean something there)."""
    out = text
    for ch in "\\.+*?()[]{}|^$":
        out = out.replace(ch, "\\" + ch)
    return out


def compose(parts: Sequence[Part]) -> tuple[str, str]:
    """(key expression, condition under which the key orders the row as its query does): the parts as the digits
    of one decimal, most significant first. Every part but the last must be exact: a part that ties two different
    values would leave the next parts to order rows the query orders by the tied part.

    A decimal holds 20 integer digits and 18 fraction digits; the first part ends at 10^19."""
    total = sum(p.digits for p in parts)
    assert total <= 38, f"a row key of {total} digits does not fit a decimal"
    terms: list[str] = []
    position = 20  # digits left above the point
    for p in parts:
        exponent = position - p.digits
        position = exponent
        if p.weights:
            terms += [f"{d} * {_dec(w, exponent)}" for d, w in p.weights]
        else:
            terms.append(f"({p.expr}) * {_dec(1, exponent)}")
    ok = " && ".join(f"({p.ok})" for p in parts)
    return " + ".join(terms), ok


# ------------------------------------------------------------------------------------------------- specs


@dataclass(frozen=True)
class Anchors:
    """The rows whose keys a batch may change: those of these articles and of these consolidated nodes."""

    articles: frozenset[str] = frozenset()
    nodes: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.articles or self.nodes)


@dataclass(frozen=True)
class Context:
    """What the key expressions need from the store's configuration."""

    base: str
    minted_gap: int | None  # the gap among the sorted seed IRIs where every minted entity IRI falls

    @property
    def cg(self) -> str:
        return f"<{self.base}graph/consolidated>"


#: Most seed entities an entity code holds (its first 4 of 20 digits: 2i + 2 for the i-th seed); with more, rows
#: ordered by an entity have no key and their queries page by LIMIT/OFFSET.
MAX_SEEDS = 4998


def context(base: str, seed_keys: Iterable[str]) -> Context:
    seeds = sorted(_seed_iris(base, seed_keys))
    prefix = f"{base}entity/x-"
    gap: int | None = bisect.bisect_left(seeds, prefix)
    if any(s.startswith(prefix) for s in seeds) or len(seeds) > MAX_SEEDS:
        gap = None
    return Context(base, gap)


def _seed_iris(base: str, keys: Iterable[str]) -> set[str]:
    from kg.rdf import iris

    return {iris.entity(base, k) for k in keys}


def seed_code_quads(base: str, seed_keys: Iterable[str]) -> list[Quad]:
    """``kg:orderCode`` of every seed entity: its place among the seed IRIs (see :func:`entity`)."""
    g = NamedNode(f"{base}graph/consolidated")
    code = NamedNode(KG + "orderCode")
    seeds = sorted(_seed_iris(base, seed_keys))
    if len(seeds) > MAX_SEEDS:
        return []
    return [Quad(NamedNode(iri), code, Literal(_dec(2 * i + 2, 16), datatype=NamedNode(XSD + "decimal")), g)
            for i, iri in enumerate(seeds)]


def _anchored(anchors: Anchors | None, node_var: str | None, article_var: str | None,
              derived: str | None = None) -> list[str]:
    """The restrictions to the rows a batch touches, as UNION branches (one empty branch: every row).

    A node's rows start from the node (``VALUES``); an article's rows from the facts derived from it and the nodes
    they attest (``derived``), written first: the engine follows the patterns of a group from the ones it meets
    first when they are as selective (it went from every conflicting fact to the article otherwise). In a
    sub-SELECT of their own they would be joined to the rest by a hash join, which reads the rest in full."""
    if anchors is None:
        return [""]
    out = []
    if node_var and anchors.nodes:
        out.append(f"VALUES {node_var} {{ {' '.join(f'<{n}>' for n in sorted(anchors.nodes))} }}")
    if article_var and anchors.articles:
        values = f"VALUES {article_var} {{ {' '.join(f'<{a}>' for a in sorted(anchors.articles))} }}"
        if derived and node_var:  # the facts derived from the article, and the nodes they attest, first
            values += (f" GRAPH ?fromArticle {{ {derived} prov:wasDerivedFrom {article_var} }} "
                       f"GRAPH ?attesting {{ {node_var} kg:attestation {derived} }}")
        out.append(values)
    return out


def _core(branches: Sequence[str], body: str, variables: str) -> str:
    """The rows' core as a sub-SELECT, as the named queries have it: the engine keeps its join order (it starts
    from the consolidated graph, or from the anchors), and joins what follows to one row at a time."""
    union = " UNION ".join(f"{{ {b} {body} }}" for b in branches) if len(branches) > 1 else f"{branches[0]} {body}"
    return f"{{ SELECT {variables} WHERE {{ {union} }} }}"


def layout(query: str, ctx: Context) -> list[Part]:
    """The parts of a query's key, in the order of its ORDER BY (the variables are those of its rows below)."""
    article = f"{ctx.base}article/"
    if query == "articles":  # ORDER BY ?published ?article …
        return [typed_date("?published"), iri_prefix("?article", article, 15)]
    if query == "handover-sources":  # ORDER BY ?base ?date ?status ?published ?start …
        return [entity("?base", "?baseCode", ctx.minted_gap, ctx.base), date_string("?date"),
                vocabulary("?status", STATUSES), typed_date("?published"), capped("?start", 4)]
    if query == "statements":  # ORDER BY ?date ?statement ?article …
        return [date_string("?date"), node("?statement", ctx.base, ("event/statement-",)),
                iri_prefix("?article", article, 8)]
    if query == "troop-counts":  # ORDER BY ?country ?asOf ?value …
        return [entity("?country", "?countryCode", ctx.minted_gap, ctx.base), date_string("?asOf"),
                capped("?value", 11)]
    if query == "conflicts-date":  # ORDER BY ?fact ?value ?article …, a date
        return [node("?fact", ctx.base, NODE_PATHS), date_string("?value"), iri_prefix("?article", article, 7)]
    if query == "conflicts-figure":  # the figure is one per fact: only whether it is bound orders the fact's rows
        return [node("?fact", ctx.base, NODE_PATHS), constant("IF(BOUND(?q), 1000000, 0)", 7),
                iri_prefix("?article", article, 7)]
    raise KeyError(query)


def _articles(ctx: Context, anchors: Anchors | None) -> str | None:
    key, ok = compose(layout("articles", ctx))
    branches = _anchored(anchors, None, "?article")
    if not branches:
        return None
    core = _core(branches, "GRAPH ?ag { ?article a kg:Article }", "?article")
    return (f"SELECT (STR(?article) AS ?h) (?key AS ?k) (COALESCE(IF({ok}, 1, 0), 0) AS ?okn) WHERE {{ {core} "
            f"OPTIONAL {{ GRAPH ?pg {{ ?article schema:datePublished ?published }} }} BIND ({key} AS ?key) }}")


def _handover_sources(ctx: Context, anchors: Anchors | None) -> str | None:
    key, ok = compose(layout("handover-sources", ctx))
    branches = _anchored(anchors, "?event", "?article", "?reported")
    if not branches:
        return None
    core = _core(branches, (
        f"GRAPH {ctx.cg} {{ ?event a kg:TransferOfControl ; kg:facility ?base ; kg:status ?st ; "
        f"kg:attestation ?reported . }} "
        "GRAPH ?ag { ?reported prov:wasDerivedFrom ?article ; kg:confidence ?confidence ; kg:evidence ?ev ; "
        "prov:wasGeneratedBy ?activity . ?activity prov:wasAssociatedWith ?agent . ?agent kg:method ?method . "
        "?ev nif:anchorOf ?quote ; nif:beginIndex ?start ; nif:endIndex ?end . }"),
        "?event ?base ?st ?reported ?article ?confidence ?method ?quote ?start ?end")
    return (
        f"SELECT (MIN(STR(?reported)) AS ?h) (SAMPLE(?key) AS ?k) (MIN(COALESCE(IF({ok}, 1, 0), 0)) AS ?okn) WHERE {{ {core} "
        "GRAPH ?sg { ?st skos:notation ?status } "
        "OPTIONAL { GRAPH ?tg { ?event kg:time ?t } OPTIONAL { GRAPH ?dg { ?t kg:dateValue ?dv } } } "
        "OPTIONAL { GRAPH ?rg { ?reported kg:time ?rt } OPTIONAL { GRAPH ?rdg { ?rt kg:dateValue ?rdv } } } "
        "OPTIONAL { GRAPH ?pg { ?article schema:datePublished ?published } } "
        f"OPTIONAL {{ GRAPH {ctx.cg} {{ ?base kg:orderCode ?baseCode }} }} "
        f"BIND (STR(?dv) AS ?date) BIND ({key} AS ?key) "
        "} GROUP BY ?event ?base ?status ?date ?article ?published ?quote ?start ?end ?rdv ?method ?confidence")


def _statements(ctx: Context, anchors: Anchors | None) -> str | None:
    key, ok = compose(layout("statements", ctx))
    branches = _anchored(anchors, "?statement", "?article", "?reported")
    if not branches:
        return None
    core = _core(branches, (f"GRAPH {ctx.cg} {{ ?statement a kg:Statement ; kg:attestation ?reported . }} "
                            "GRAPH ?ag { ?reported prov:wasDerivedFrom ?article ; kg:quote ?quote . }"),
                 "?statement ?reported ?article ?quote")
    return (
        f"SELECT (MIN(STR(?reported)) AS ?h) (SAMPLE(?key) AS ?k) (MIN(COALESCE(IF({ok}, 1, 0), 0)) AS ?okn) WHERE {{ {core} "
        "OPTIONAL { GRAPH ?spg { ?statement kg:speaker ?speaker } } "
        "OPTIONAL { GRAPH ?rg { ?reported kg:time ?rt } OPTIONAL { GRAPH ?odg { ?rt kg:dateValue ?own } } } "
        "OPTIONAL { GRAPH ?pg { ?article schema:datePublished ?published } } "
        "OPTIONAL { GRAPH ?wg { ?article kg:inferredPublication ?w } OPTIONAL { GRAPH ?eg { ?w kg:earliest ?ie } } } "
        "BIND (STR(COALESCE(?own, ?published)) AS ?date) "
        "BIND (IF(BOUND(?own), \"stated\", IF(BOUND(?published), \"published\", IF(BOUND(?ie), \"inferred\", "
        "?unbound))) AS ?dateBasis) "
        f"BIND ({key} AS ?key) "
        "} GROUP BY ?statement ?speaker ?date ?quote ?article ?dateBasis")


def _troop_counts(ctx: Context, anchors: Anchors | None) -> str | None:
    key, ok = compose(layout("troop-counts", ctx))
    branches = _anchored(anchors, "?observation", None)
    if not branches:
        return None
    core = _core(branches, f"GRAPH {ctx.cg} {{ ?observation a kg:TroopCount ; kg:qualifier ?qc ; "
                           "kg:sourceCount ?sources . }", "?observation ?qc")
    return (
        f"SELECT (STR(?observation) AS ?h) (?key AS ?k) (COALESCE(IF({ok}, 1, 0), 0) AS ?okn) WHERE {{ {core} "
        "GRAPH ?qg { ?qc skos:notation ?qualifier } "
        f"OPTIONAL {{ GRAPH ?cog {{ ?observation kg:country ?country }} "
        f"OPTIONAL {{ GRAPH {ctx.cg} {{ ?country kg:orderCode ?countryCode }} }} }} "
        "OPTIONAL { GRAPH ?vg { ?observation schema:value ?value } } "
        "OPTIONAL { GRAPH ?ag { ?observation kg:asOf ?t } OPTIONAL { GRAPH ?dg { ?t kg:dateValue ?dv } } } "
        f"BIND (STR(?dv) AS ?asOf) BIND ({key} AS ?key) }}")


#: The holder of a "figure" conflict row: an IRI of its attestation and the other count it conflicts with (the
#: holder points to both with ``kg:rowOf``; a "date" row's holder is its attestation's time node).
FIGURE_HOLDER = 'IRI(CONCAT(STR(?attestation), "/conflict/", SHA1(STR(?other))))'


def _conflicts(ctx: Context, anchors: Anchors | None) -> str | None:
    date_key, date_ok = compose(layout("conflicts-date", ctx))
    figure_key, figure_ok = compose(layout("conflicts-figure", ctx))
    branches = _anchored(anchors, "?fact", "?article", "?attestation")
    if not branches:
        return None

    def core(on: str, rest: str = "", variables: str = "") -> str:
        return _core(branches, (
            f"GRAPH {ctx.cg} {{ ?fact kg:conflictOn \"{on}\" ; a ?cls ; kg:attestation ?attestation . "
            "FILTER (?cls != kg:ConsolidatedFact && STRSTARTS(STR(?cls), STR(kg:))) } "
            f"GRAPH ?ag {{ ?attestation prov:wasDerivedFrom ?article . }} {rest}"),
            f"?fact ?cls ?attestation ?article {variables}")

    # a row's own patterns go inside the sub-SELECT, where the engine follows them from the bound nodes (after it,
    # two patterns would be matched in full, then joined); what follows it is one pattern deep at a time
    dates = (
        f"SELECT (MIN(STR(?t)) AS ?h) (SAMPLE(?key) AS ?k) (MIN(COALESCE(IF({date_ok}, 1, 0), 0)) AS ?okn) WHERE {{ "
        + core("date", "GRAPH ?tg { ?attestation kg:time|kg:deadline|kg:asOf ?t } GRAPH ?dg { ?t kg:dateValue ?dv }",
               "?t ?dv") + " "
        "OPTIONAL { GRAPH ?pg { ?t kg:precision ?pc } OPTIONAL { GRAPH ?ng { ?pc skos:notation ?datePrecision } } } "
        f"BIND (STR(?dv) AS ?value) BIND ({date_key} AS ?key) "
        "} GROUP BY ?fact ?cls ?attestation ?article ?value ?datePrecision")
    figures = (
        f"SELECT (STR({FIGURE_HOLDER}) AS ?h) (SAMPLE(?key) AS ?k) (MIN(COALESCE(IF({figure_ok}, 1, 0), 0)) AS ?okn) "
        "(SAMPLE(?attestation) AS ?of1) (SAMPLE(?other) AS ?of2) WHERE { "
        + core("figure", "GRAPH ?og { ?fact kg:conflictsWith ?other }", "?other") + " "
        "OPTIONAL { GRAPH ?qg { ?fact kg:qualifier ?qn } OPTIONAL { GRAPH ?ng { ?qn skos:notation ?q } } } "
        f"BIND ({figure_key} AS ?key) "
        "} GROUP BY ?fact ?cls ?attestation ?article ?other ?q")
    return f"SELECT ?h ?k ?okn ?of1 ?of2 WHERE {{ {{ {dates} }} UNION {{ {figures} }} }}"


def _holders_of_nodes_and_articles(ctx: Context, anchors: Anchors, node_var: str) -> str:
    branches = []
    if anchors.nodes:
        branches.append(f"VALUES {node_var} {{ {' '.join(f'<{n}>' for n in sorted(anchors.nodes))} }} "
                        f"GRAPH {ctx.cg} {{ {node_var} kg:attestation ?x }}")
    if anchors.articles:
        branches.append(f"VALUES ?article {{ {' '.join(f'<{a}>' for a in sorted(anchors.articles))} }} "
                        "GRAPH ?ag { ?x prov:wasDerivedFrom ?article }")
    return "{ SELECT DISTINCT ?x WHERE { " + " UNION ".join(f"{{ {b} }}" for b in branches) + " } }"


#: The keyed named queries and their key properties (kg:…RowKey).
SPECS: dict[str, str] = {
    "articles": "articlesRowKey",
    "handover-sources": "handoverSourcesRowKey",
    "statements": "statementsRowKey",
    "troop-counts": "troopCountsRowKey",
    "conflicts": "conflictsRowKey",
}
_ROWS = {"articles": _articles, "handover-sources": _handover_sources, "statements": _statements,
         "troop-counts": _troop_counts, "conflicts": _conflicts}


def predicate(query: str) -> str | None:
    """The key property of a named query's rows (None: the query is paged by the plain path)."""
    local = SPECS.get(query)
    return KG + local if local else None


def _holders(query: str, ctx: Context, anchors: Anchors) -> list[str]:
    """Groups binding ?x to the holders of the anchored rows, before the batch (each a sub-SELECT the key
    pattern then joins one holder at a time)."""
    def values(items: Iterable[str]) -> str:
        return " ".join(f"<{i}>" for i in sorted(items))

    if query == "articles":
        return [f"VALUES ?x {{ {values(anchors.articles)} }}"] if anchors.articles else []
    if query == "troop-counts":
        return [f"VALUES ?x {{ {values(anchors.nodes)} }}"] if anchors.nodes else []
    if query in ("handover-sources", "statements"):
        return [_holders_of_nodes_and_articles(ctx, anchors, "?node")] if anchors else []
    # conflicts: the time nodes of the anchored attestations, and the holders minted for their figure rows
    attestations = []
    if anchors.nodes:
        attestations.append(f"VALUES ?fact {{ {values(anchors.nodes)} }} GRAPH {ctx.cg} {{ ?fact kg:attestation ?a }}")
    if anchors.articles:
        attestations.append(f"VALUES ?article {{ {values(anchors.articles)} }} "
                            "GRAPH ?ag { ?a prov:wasDerivedFrom ?article }")
    if not attestations:
        return []
    found = "{ SELECT DISTINCT ?a WHERE { " + " UNION ".join(f"{{ {a} }}" for a in attestations) + " } }"
    return [f"{found} GRAPH ?tg {{ ?a kg:time|kg:deadline|kg:asOf ?x }}",
            f"{found} GRAPH {ctx.cg} {{ ?x kg:rowOf ?a }}"]


def insert_operation(query: str, ctx: Context, anchors: Anchors | None) -> str | None:
    """The SPARQL Update that writes the keys of a query's rows (the anchored ones; all when ``anchors`` is None),
    and the marker when a row cannot be keyed exactly (or two rows would share a holder)."""
    rows = _ROWS[query](ctx, anchors)
    if rows is None:
        return None
    pred = SPECS[query]
    return expand(
        f"INSERT {{ GRAPH {ctx.cg} {{ ?holder kg:{pred} ?key ; kg:rowOf ?of1, ?of2 . "
        f"?unkeyed kg:unkeyedRows {_lit(query)} }} }} "
        f"WHERE {{ {{ SELECT ?h (SAMPLE(?k) AS ?key0) (COUNT(*) AS ?n) (MIN(?okn) AS ?exact) (SAMPLE(?of1) AS ?of1) "
        f"(SAMPLE(?of2) AS ?of2) WHERE {{ {{ {rows} }} }} GROUP BY ?h }} "
        f"BIND (IF(?n = 1 && ?exact = 1 && BOUND(?key0), IRI(?h), ?none) AS ?holder) "
        f"BIND (IF(BOUND(?holder), ?key0, ?none) AS ?key) "
        f"BIND (IF(BOUND(?holder), ?none, {ctx.cg}) AS ?unkeyed) }}")


def delete_operations(query: str, ctx: Context, anchors: Anchors) -> list[str]:
    """The SPARQL Updates that delete the keys of the anchored rows (run before the batch changes them); a
    holder minted for a row goes with its key (``kg:rowOf``)."""
    pred = SPECS[query]
    return [expand(f"DELETE {{ GRAPH {ctx.cg} {{ ?x kg:{pred} ?k . ?x kg:rowOf ?of }} }} "
                   f"WHERE {{ {{ SELECT DISTINCT ?x WHERE {{ {holders} }} }} GRAPH {ctx.cg} {{ ?x kg:{pred} ?k }} "
                   f"OPTIONAL {{ GRAPH {ctx.cg} {{ ?x kg:rowOf ?of }} }} }}")
            for holders in _holders(query, ctx, anchors)]


def write_all(ctx: Context) -> str:
    """The update that writes every key of every keyed query, and the version marker (fresh build, rebuild)."""
    ops = [expand(f"INSERT DATA {{ GRAPH {ctx.cg} {{ {ctx.cg} kg:rowKeysVersion {_lit(VERSION)} }} }}")]
    for query in SPECS:
        op = insert_operation(query, ctx, None)
        assert op is not None
        ops.append(op)
    return " ;\n".join(ops)


def batch_operations(ctx: Context, anchors: Anchors) -> tuple[list[str], list[str]]:
    """(operations to run before a batch's update, operations to run after it) for the anchored rows: the first
    delete their keys while the store still links them to their nodes and articles, the second write them anew."""
    before: list[str] = []
    after: list[str] = []
    if not anchors:
        return before, after
    for query in SPECS:
        before += delete_operations(query, ctx, anchors)
        i = insert_operation(query, ctx, anchors)
        if i:
            after.append(i)
    return before, after


class _Node(Protocol):
    family: str
    quads: frozenset[Quad]
    readings: tuple[str, ...]


def anchors_of(articles: Iterable[str], before: Mapping[str, _Node], after: Mapping[str, _Node]) -> Anchors:
    """The rows a batch may change: its articles' (old and new versions), and all the rows of every consolidated
    node (not an entity) that appears, disappears, or changes its quads or its readings (a reading that moves
    changes both nodes' readings)."""
    nodes = set()
    for iri in set(before) | set(after):
        b, a = before.get(iri), after.get(iri)
        if (b or a).family == "Entity":  # type: ignore[union-attr]
            continue
        if b is None or a is None or b.quads != a.quads or b.readings != a.readings:
            nodes.add(iri)
    return Anchors(frozenset(articles), frozenset(nodes))
