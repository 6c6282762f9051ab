"""Incremental consolidation: the readings kept in the store, and the commit of a batch of articles.

A build commits articles in batches. Into an empty store, article graphs go through the bulk loader and the
readings accumulate in memory; at the end the consolidated graph and its state are bulk-loaded once. Into a
store with content, each batch is **one SPARQL Update** (one transaction: readers never see an article
without its consolidation): the batch's article graphs are replaced, and only the part of each block their old
and new facts touch is read back from the state graph, recomputed, and written as the difference between its
nodes before and after. What an added article reads does not grow with the store:

* a troop count reads its figure's readings of its year (and those with no date or over more than a year), not
  its block's — a block holds a reading per figure and date of every report; the block's other counts it may
  conflict with are found through their nodes' summaries (figure, as-of date) kept under keys of their dates;
* a statement reads the readings the batch names and those its new quotes are the same words as; of a big node
  (``SUMMARY_READINGS``) the others are one *remainder* reading made from the node's summary (its readings'
  tallies, support, first member, undated articles), never loaded one by one — a wire statement gathers
  hundreds of paraphrases. A replaced article may split a node: then all of it is read;
* an undated article's inferred window is recomputed from the Dated summaries (earliest and latest dated
  report) of its statement nodes, and only when one of those changed — not from every report of its statements.

An exact copy under another URL is one more member of readings that exist: their nodes' values and IRIs are
recomputed from the tallies, the rest is untouched.

The state graph (``{base}graph/consolidation-state``) is kg's bookkeeping, not part of the ontology: one node
per reading with its tallies (JSON), its block, its node, its members, for statements the fingerprints of its
quote's trigrams and for troop counts its figure and year; on nodes, the summaries above (``st:dated``,
``st:summary``, ``st:count`` and ``st:ckey``); and one node for the whole state (format version, digests of the
seeds and ontology, totals). A store whose state is missing, of another version, or built from other seeds is
consolidated again from its article graphs.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad

from kg import model, rowkeys
from kg.rdf import iris
from kg.rdf.consolidate import (
    ENTITY,
    QUOTE_SHARED_TRIGRAMS,
    ConsolidationReport,
    Dated,
    Engine,
    Key,
    Node,
    Reading,
    TroopScope,
    TroopSummary,
    article_of_member,
    block_id,
    date_period,
    inferred_window,
    join_dated,
    key_time,
    merge_tallies,
    node_of,
    quote_edge,
    quote_keys,
    reading_period,
    spans_months,
    unit_period,
    window_quads,
)
from kg.rdf.facts import ArticleContent, Time, published_day, read_article
from kg.rdf.mapping import entity_quads
from kg.rdf.namespaces import KG, PREFIXES, RDF, XSD
from kg.store.base import Store

#: Format of the state graph; a store written with another one is consolidated again from its article graphs.
#: 2: the consolidated graph holds the row keys of kg.rowkeys (and the seeds' kg:orderCode).
#: 3: summaries on nodes, troop counts' and agreements' parts (st:dated, st:summary, st:count, st:ckey, st:part…).
STATE_VERSION = "3"
ST = "https://w3id.org/kg-news/state#"
#: Articles per bulk-load call when building into an empty store (see docs/performance.md, Loading).
FRESH_BATCH = 250
#: Articles per transaction when the store already has content (each one atomic).
INCREMENTAL_BATCH = 50
#: Article graphs read back per query (re-consolidation, old versions of replaced articles).
READ_CHUNK = 50

_MEMBER, _NODE, _DATA, _BLOCK, _KEY, _UNDATED = (NamedNode(ST + p) for p in
                                                 ("member", "node", "data", "block", "key", "undated"))
_ATTESTATION, _SOURCES, _MENTIONS = KG.attestation, KG.sourceCount, KG.mentionCount
#: on a statement node: the Dated summary of its readings (what its undated articles' windows need of it)
_DATED = NamedNode(ST + "dated")
#: on a troop-count reading: its figure; on it and on an agreement reading: its figure (agreements: block) with
#: its day, month or year (the part of its block an added reading reads, see kg.rdf.consolidate.date_period),
#: with its month and with its year (the parts read together when a reading spans one)
_FIGURE, _PART = NamedNode(ST + "figure"), NamedNode(ST + "part")
_MONTH, _YEAR = NamedNode(ST + "month"), NamedNode(ST + "year")
#: on a troop-count node: its TroopSummary, and the keys under which counts with a compatible date find it
_COUNT, _CKEY = NamedNode(ST + "count"), NamedNode(ST + "ckey")
#: a node's date over more days than this is found under the block's ``|w`` key, not under each month
_CKEY_MONTHS = 24
#: on a statement node of this many readings or more: its readings together (see :func:`_summary`), so a report
#: that joins it reads that, not its readings (a wire statement gathers hundreds of paraphrases)
SUMMARY_READINGS = 8
_SUMMARY = NamedNode(ST + "summary")
#: the first member of a remainder whose node's first member was loaded: after any real one
_LAST = "\U0010ffff"


def state_graph(base: str) -> str:
    return f"{base}graph/consolidation-state"


def _int(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


def _digest(quads: Iterable[Quad]) -> str:
    h = hashlib.sha256()
    for line in sorted(f"{q.subject} {q.predicate} {q.object}" for q in quads):
        h.update(line.encode("utf-8"))
    return h.hexdigest()[:16]


def seeds_digest(base: str, seeds: Sequence[model.Entity]) -> str:
    return _seeds_digest(base, tuple(seeds))


@lru_cache(maxsize=4)
def _seed_iris(base: str, seeds: tuple[model.Entity, ...]) -> frozenset[str]:
    return frozenset(iris.entity(base, e.key) for e in seeds)


@lru_cache(maxsize=4)
def ontology_digest(ontology: tuple[Quad, ...]) -> str:
    """Cached like the seeds' digest (every build compares it with the state's)."""
    return _digest(ontology)


@lru_cache(maxsize=4)
def _seeds_digest(base: str, seeds: tuple[model.Entity, ...]) -> str:
    """Cached: every build checks the state against the seeds (~30 ms of a one-article build to recompute)."""
    return _digest(entity_quads(seeds, base))


def _nt(quads: Iterable[Quad]) -> str:
    return " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)


def _data_block(graphs: Mapping[str, Iterable[Quad]]) -> str:
    parts = []
    for g, quads in graphs.items():
        body = _nt(quads)
        if body:
            parts.append(f"GRAPH <{g}> {{\n{body} .\n}}")
    return "\n".join(parts)


def _unit_date(unit: Key) -> Time | None:
    """The date of a troop-count reading's unit (figure, date)."""
    return key_time(unit[1] if len(unit) > 1 else None)


def _months(lo: date, hi: date) -> list[str]:
    out, y, m = [], lo.year, lo.month
    while (y, m) <= (hi.year, hi.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def conflict_keys(bid: str, t: Time | None, *, lookup: bool = False) -> list[str]:
    """Keys of a troop-count node's as-of date (``lookup``: the keys of the nodes whose date may be compatible).

    A one-day date is kept under its day, a longer one under each of its months, a date over more than
    ``_CKEY_MONTHS`` months under ``|w``; every node also under ``|all``. Compatible dates overlap, so they share a
    day: a one-day date finds the longer ones through its month, a longer one the one-day dates through its days."""
    bounds = t.bounds() if t is not None else None
    if bounds is None:
        return []
    lo, hi = bounds
    months = _months(lo, hi)
    if not lookup:
        if lo == hi:
            return [f"{bid}|d|{lo.isoformat()}", f"{bid}|all"]
        return [f"{bid}|m|{m}" for m in months] + [f"{bid}|all"] if len(months) <= _CKEY_MONTHS else \
            [f"{bid}|w", f"{bid}|all"]
    if len(months) > _CKEY_MONTHS:
        return [f"{bid}|all"]
    days = [lo + timedelta(days=i) for i in range((hi - lo).days + 1)]
    return [f"{bid}|d|{d.isoformat()}" for d in days] + [f"{bid}|m|{m}" for m in months] + [f"{bid}|w"]


# ------------------------------------------------------------------------------------------ the store side


class StateStore:
    """Reads of the state graph and of article graphs, through SPARQL (embedded or remote store alike)."""

    def __init__(self, store: Store, base: str) -> None:
        self.store = store
        self.base = base
        self.cg = iris.consolidated_graph(base)
        self.st = state_graph(base)

    def empty(self) -> bool:
        return not self.store.ask("ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", union_default_graph=False)

    def header(self) -> dict[str, str]:
        node = f"<{self.st}>"
        _, rows = self.store.select(
            f"SELECT ?p ?o WHERE {{ GRAPH {node} {{ {node} ?p ?o }} }}", union_default_graph=False)
        return {row["p"].value[len(ST):]: row["o"].value for row in rows if row["p"].value.startswith(ST)}

    def graph_quads(self, graphs: Sequence[str]) -> dict[str, list[Quad]]:
        """The quads of some named graphs (absent ones give [])."""
        out: dict[str, list[Quad]] = {g: [] for g in graphs}
        for i in range(0, len(graphs), READ_CHUNK):
            chunk = graphs[i:i + READ_CHUNK]
            values = " ".join(f"<{g}>" for g in chunk)
            _, rows = self.store.select(
                f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}",
                union_default_graph=False)
            for row in rows:
                g = row["g"].value
                out[g].append(Quad(row["s"], row["p"], row["o"], NamedNode(g)))  # type: ignore[arg-type]
        return out

    def _readings(self, where: str) -> list[Reading]:
        # ``where`` (its VALUES first) stays inside the one GRAPH pattern: with the VALUES outside it, Oxigraph
        # evaluated the OPTIONAL over every reading of the store before the join (~190 ms a query at 10k
        # articles, whatever the number of readings asked for; 0.1 ms inside)
        _, rows = self.store.select(
            f"SELECT ?r ?d ?n WHERE {{ GRAPH <{self.st}> {{ {where} ?r <{ST}data> ?d "
            f"OPTIONAL {{ ?r <{ST}node> ?n }} }} }}",
            union_default_graph=False)
        return [Reading.from_data(row["r"].value, row["d"].value, row["n"].value if "n" in row else None)
                for row in rows]

    def readings_by_iri(self, iris_: Iterable[str]) -> list[Reading]:
        return self._chunked(sorted(set(iris_)), lambda v: f"VALUES ?r {{ {v} }}", iri=True)

    def readings_of_blocks(self, blocks: Iterable[str]) -> list[Reading]:
        return self._chunked(sorted(set(blocks)),
                             lambda v: f"VALUES ?b {{ {v} }} ?r <{ST}block> ?b .")

    def readings_of_nodes(self, nodes: Iterable[str]) -> list[Reading]:
        return self._chunked(sorted(set(nodes)),
                             lambda v: f"VALUES ?x {{ {v} }} ?r <{ST}node> ?x .", iri=True)

    def key_postings(self, keys: Iterable[str]) -> list[tuple[str, str, str]]:
        """(reading, its node, key) for every stored reading under one of these quote keys."""
        out: list[tuple[str, str, str]] = []
        ks = sorted(set(keys))
        for i in range(0, len(ks), 200):
            values = " ".join(str(Literal(k)) for k in ks[i:i + 200])
            _, rows = self.store.select(
                f"SELECT ?r ?n ?k WHERE {{ GRAPH <{self.st}> {{ VALUES ?k {{ {values} }} "
                f"?r <{ST}key> ?k ; <{ST}node> ?n }} }}", union_default_graph=False)
            out += [(row["r"].value, row["n"].value, row["k"].value) for row in rows]
        return out

    def _chunked(self, keys: list[str], where: Callable[[str], str], *, iri: bool = False) -> list[Reading]:
        out: dict[str, Reading] = {}
        for i in range(0, len(keys), 200):
            chunk = keys[i:i + 200]
            values = " ".join(f"<{k}>" if iri else str(Literal(k)) for k in chunk)
            for r in self._readings(where(values)):
                out.setdefault(r.iri, r)
        return list(out.values())

    def node_dated(self, nodes: Iterable[str]) -> dict[str, Dated]:
        """The stored Dated summaries of some statement nodes (a node with no dated report has none)."""
        out: dict[str, Dated] = {}
        keys = sorted(set(nodes))
        for i in range(0, len(keys), 200):
            values = " ".join(f"<{k}>" for k in keys[i:i + 200])
            _, rows = self.store.select(
                f"SELECT ?n ?d WHERE {{ GRAPH <{self.st}> {{ VALUES ?n {{ {values} }} ?n {_DATED} ?d }} }}",
                union_default_graph=False)
            for row in rows:
                out[row["n"].value] = Dated.unpack(json.loads(row["d"].value))
        return out

    def readings_of_parts(self, parts: Iterable[str]) -> list[Reading]:
        return self._chunked(sorted(set(parts)), lambda v: f"VALUES ?b {{ {v} }} ?r <{ST}part> ?b .")

    def readings_of_months(self, months: Iterable[str]) -> list[Reading]:
        return self._chunked(sorted(set(months)), lambda v: f"VALUES ?b {{ {v} }} ?r <{ST}month> ?b .")

    def readings_of_years(self, years: Iterable[str]) -> list[Reading]:
        return self._chunked(sorted(set(years)), lambda v: f"VALUES ?b {{ {v} }} ?r <{ST}year> ?b .")

    def readings_of_figures(self, figures: Iterable[str]) -> list[Reading]:
        return self._chunked(sorted(set(figures)), lambda v: f"VALUES ?b {{ {v} }} ?r <{ST}figure> ?b .")

    def parts_under(self, keys: Iterable[str], index: NamedNode) -> dict[str, set[str]]:
        """key -> the parts (days, months, years, "*") of the stored readings under it in ``index`` (st:figure:
        a troop-count figure; st:year: a figure's or an agreement block's year)."""
        out: dict[str, set[str]] = defaultdict(set)
        ks = sorted(set(keys))
        for i in range(0, len(ks), 200):
            values = " ".join(str(Literal(k)) for k in ks[i:i + 200])
            _, rows = self.store.select(
                f"SELECT DISTINCT ?f ?p WHERE {{ GRAPH <{self.st}> {{ VALUES ?f {{ {values} }} "
                f"?r {index} ?f ; <{ST}part> ?p }} }}", union_default_graph=False)
            for row in rows:
                out[row["f"].value].add(row["p"].value.rsplit("|", 1)[1])
        return out

    def troop_summaries(self, keys: Iterable[str]) -> list[TroopSummary]:
        """The troop-count nodes under some conflict keys (see :func:`conflict_keys`)."""
        out: dict[str, TroopSummary] = {}
        ks = sorted(set(keys))
        for i in range(0, len(ks), 400):
            values = " ".join(str(Literal(k)) for k in ks[i:i + 400])
            _, rows = self.store.select(
                f"SELECT DISTINCT ?n ?c WHERE {{ GRAPH <{self.st}> {{ VALUES ?k {{ {values} }} "
                f"?n <{ST}ckey> ?k ; <{ST}count> ?c }} }}", union_default_graph=False)
            for row in rows:
                out.setdefault(row["n"].value, TroopSummary.unpack(row["n"].value, row["c"].value))
        return list(out.values())

    def links(self, nodes: Iterable[str], prop: NamedNode) -> dict[str, set[str]]:
        """subject -> objects of ``prop`` in the consolidated graph."""
        out: dict[str, set[str]] = defaultdict(set)
        keys = sorted(set(nodes))
        for i in range(0, len(keys), 200):
            values = " ".join(f"<{k}>" for k in keys[i:i + 200])
            _, rows = self.store.select(
                f"SELECT ?s ?o WHERE {{ GRAPH <{self.cg}> {{ VALUES ?s {{ {values} }} ?s {prop} ?o }} }}",
                union_default_graph=False)
            for row in rows:
                out[row["s"].value].add(row["o"].value)
        return out

    def node_summaries(self, nodes: Iterable[str]) -> dict[str, tuple[str, Dated | None]]:
        """node -> (its summary, its Dated summary) for the statement nodes that have one."""
        out: dict[str, tuple[str, Dated | None]] = {}
        keys = sorted(set(nodes))
        for i in range(0, len(keys), 200):
            values = " ".join(f"<{k}>" for k in keys[i:i + 200])
            _, rows = self.store.select(
                f"SELECT ?n ?s ?d WHERE {{ GRAPH <{self.st}> {{ VALUES ?n {{ {values} }} ?n {_SUMMARY} ?s "
                f"OPTIONAL {{ ?n {_DATED} ?d }} }} }}", union_default_graph=False)
            for row in rows:
                dated = Dated.unpack(json.loads(row["d"].value)) if "d" in row else None
                out[row["n"].value] = (row["s"].value, dated)
        return out

    def undated_nodes(self, articles: Iterable[str]) -> list[tuple[str, str, str]]:
        """(reading, its node, article) for every stored reading with one of these undated articles."""
        out: list[tuple[str, str, str]] = []
        keys = sorted(set(articles))
        for i in range(0, len(keys), 200):
            values = " ".join(f"<{k}>" for k in keys[i:i + 200])
            _, rows = self.store.select(
                f"SELECT ?r ?n ?a WHERE {{ GRAPH <{self.st}> {{ VALUES ?a {{ {values} }} "
                f"?r <{ST}undated> ?a ; <{ST}node> ?n }} }}", union_default_graph=False)
            out += [(row["r"].value, row["n"].value, row["a"].value) for row in rows]
        return out

    def members(self, readings: Iterable[str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        keys = sorted(set(readings))
        for i in range(0, len(keys), 200):
            values = " ".join(f"<{k}>" for k in keys[i:i + 200])
            _, rows = self.store.select(
                f"SELECT ?r ?m WHERE {{ VALUES ?r {{ {values} }} GRAPH <{self.st}> {{ ?r <{ST}member> ?m }} }}",
                union_default_graph=False)
            for row in rows:
                out[row["r"].value].add(row["m"].value)
        return out

    def values(self, subjects: Iterable[str], prop: NamedNode) -> dict[str, int]:
        out: dict[str, int] = {}
        keys = sorted(set(subjects))
        for i in range(0, len(keys), 200):
            values = " ".join(f"<{k}>" for k in keys[i:i + 200])
            _, rows = self.store.select(
                f"SELECT ?s ?n WHERE {{ VALUES ?s {{ {values} }} GRAPH <{self.cg}> {{ ?s {prop} ?n }} }}",
                union_default_graph=False)
            for row in rows:
                out[row["s"].value] = int(row["n"].value)
        return out

    def window_quads(self, articles: Iterable[str]) -> set[Quad]:
        """The inferred publication windows of some articles, as stored."""
        out: set[Quad] = set()
        keys = sorted(set(articles))
        cg = NamedNode(self.cg)
        ip, pi = KG.inferredPublication, KG.publishedInferred
        for i in range(0, len(keys), 200):
            values = " ".join(f"<{k}>" for k in keys[i:i + 200])
            _, rows = self.store.select(
                f"SELECT ?a ?w ?p ?o ?x WHERE {{ VALUES ?a {{ {values} }} GRAPH <{self.cg}> {{ "
                f"{{ ?a {ip} ?w . ?w ?p ?o }} UNION {{ ?a {pi} ?x }} }} }}", union_default_graph=False)
            for row in rows:
                a = NamedNode(row["a"].value)
                x, w, p, o = row.get("x"), row.get("w"), row.get("p"), row.get("o")
                if isinstance(x, Literal):
                    out.add(Quad(a, pi, x, cg))
                elif isinstance(w, NamedNode) and isinstance(p, NamedNode) and isinstance(o, NamedNode | Literal):
                    out.add(Quad(a, ip, w, cg))
                    out.add(Quad(w, p, o, cg))
        return out

    def published(self, articles: Iterable[str]) -> dict[str, date | None]:
        out: dict[str, date | None] = {a: None for a in articles}
        keys = sorted(out)
        for i in range(0, len(keys), 200):
            values = " ".join(f"<{k}>" for k in keys[i:i + 200])
            _, rows = self.store.select(
                f"SELECT ?a ?d WHERE {{ VALUES ?a {{ {values} }} GRAPH ?g {{ ?a <{PREFIXES['schema']}datePublished> ?d }} }}",
                union_default_graph=False)
            for row in rows:
                out[row["a"].value] = published_day(row["d"].value)
        return out


# ----------------------------------------------------------------------------------------- what is written


def _state_quads(base: str, r: Reading, node: str | None, members: Iterable[str]) -> list[Quad]:
    """Every state quad of a reading (a fresh consolidation writes them all)."""
    g = NamedNode(state_graph(base))
    s = NamedNode(r.iri)
    out = [Quad(s, _DATA, Literal(r.data()), g), Quad(s, _BLOCK, Literal(r.block_id), g)]
    if node:
        out.append(Quad(s, _NODE, NamedNode(node), g))
    out += [Quad(s, _MEMBER, NamedNode(m), g) for m in sorted(members)]
    out += [Quad(s, _UNDATED, NamedNode(a), g) for a in sorted(r.undated)]
    if r.family == "Statement" and r.block[0] is not None:
        out += [Quad(s, _KEY, Literal(f"{r.block_id}|{b}"), g) for b in quote_keys(str(r.unit[0]))]
    if r.family in ("TroopCount", "Agreement"):
        group, period = _group(r.family, r.block_id, r.unit), reading_period(r)
        if r.family == "TroopCount":
            out.append(Quad(s, _FIGURE, Literal(group), g))
        out.append(Quad(s, _PART, Literal(f"{group}|{period}"), g))
        if len(period) >= 7:
            out.append(Quad(s, _MONTH, Literal(f"{group}|{period[:7]}"), g))
        if period != "*":
            out.append(Quad(s, _YEAR, Literal(f"{group}|{period[:4]}"), g))
    return out


def _group(family: str, bid: str, unit: Key) -> str:
    """What an incremental step reads part of: a troop count's figure in its block, an agreement's block."""
    return f"{bid}|{json.dumps(unit[0])}" if family == "TroopCount" else bid


def _header_quads(base: str, seeds: str, ontology: str, report: ConsolidationReport) -> list[Quad]:
    g = NamedNode(state_graph(base))
    s = g
    return [Quad(s, RDF.type, NamedNode(ST + "ConsolidationState"), g),
            Quad(s, NamedNode(ST + "version"), Literal(STATE_VERSION), g),
            Quad(s, NamedNode(ST + "seeds"), Literal(seeds), g),
            Quad(s, NamedNode(ST + "ontology"), Literal(ontology), g),
            Quad(s, NamedNode(ST + "counters"), Literal(json.dumps(report.counters(), sort_keys=True)), g)]


def _count(report: ConsolidationReport, nodes: Iterable[Node], sign: int) -> None:
    for n in nodes:
        if n.kind != "entities":
            setattr(report, n.kind, getattr(report, n.kind) + sign)
        report.conflicts += sign * n.conflicts
        report.assignments += sign * n.assignments


def full_quads(engine: Engine, seeds: Sequence[model.Entity], *, seeds_key: str, ontology_key: str
               ) -> tuple[list[Quad], list[Quad], ConsolidationReport]:
    """Consolidated and state quads of everything the engine holds (its readings keep their members)."""
    base = engine.base
    cg = NamedNode(iris.consolidated_graph(base))
    report = ConsolidationReport()
    nodes = engine.nodes_after()
    assignment = node_of(nodes)
    quads: list[Quad] = [Quad(cg, RDF.type, KG.ConsolidatedGraph, cg)]
    for n in nodes.values():
        quads.extend(n.quads)
        if n.family == ENTITY:
            continue
        members = sorted(m for r in n.readings for m in (engine.readings[r].members or ()))
        node = NamedNode(n.iri)
        quads += [Quad(node, _ATTESTATION, NamedNode(m), cg) for m in members]
        quads.append(Quad(node, _SOURCES, _int(len({article_of_member(base, m) for m in members})), cg))
    _count(report, nodes.values(), 1)
    minted = [n for n in nodes.values() if n.family == ENTITY]
    quads.extend(entity_quads(seeds, base))
    quads.extend(rowkeys.seed_code_quads(base, [e.key for e in seeds]))  # the row keys' order of entities
    for iri in sorted({iris.entity(base, e.key) for e in seeds} | {n.iri for n in minted}):
        quads.append(Quad(NamedNode(iri), _MENTIONS, _int(max(engine.mentions.get(iri, 0), 0)), cg))
    report.entities = len({e.key for e in seeds}) + len(minted)
    _resolve_dated(engine, {r.iri: r.members or set() for r in engine.readings.values() if r.dated_dirty},
                   engine.batch_articles)
    windows = _windows_in_memory(engine, nodes)
    for article, window in sorted(windows.items()):
        quads.extend(window_quads(base, article, window))
    report.inferred_publications = len(windows)
    state: list[Quad] = []
    for r in engine.readings.values():
        if r.support > 0:
            state.extend(_state_quads(base, r, assignment.get(r.iri), r.members or ()))
    state.extend(_node_state_quads(base, engine.readings, nodes.values()))
    state.extend(_header_quads(base, seeds_key, ontology_key, report))
    report.quads = len(quads) + len(state)
    return quads, state, report


def node_dated(readings: Mapping[str, Reading], node: Node) -> Dated | None:
    """A statement node's Dated summary: that of its readings together."""
    return join_dated(readings[r].dated for r in node.readings)


def _node_state_quads(base: str, readings: Mapping[str, Reading], nodes: Iterable[Node]) -> set[Quad]:
    """The state kept on nodes: statements' Dated summaries, troop counts' summaries and conflict keys."""
    g = NamedNode(state_graph(base))
    out: set[Quad] = set()
    for n in nodes:
        s = NamedNode(n.iri)
        if n.family == "Statement":
            if (d := node_dated(readings, n)) is not None:
                out.add(Quad(s, _DATED, Literal(json.dumps(d.pack(), ensure_ascii=False)), g))
            if (summary := _summary(readings, n)) is not None:
                out.add(Quad(s, _SUMMARY, Literal(summary), g))
        elif n.count is not None:
            out.add(Quad(s, _COUNT, Literal(n.count.pack()), g))
            bid = readings[n.readings[0]].block_id
            out.update(Quad(s, _CKEY, Literal(k), g) for k in conflict_keys(bid, n.count.as_of))
    return out


def _summary(readings: Mapping[str, Reading], node: Node) -> str | None:
    """A big statement node's readings together: block, number of readings, support, tallies, first member and its
    quote, undated articles (None for a node of fewer than ``SUMMARY_READINGS`` readings)."""
    rs = [readings[r] for r in node.readings]
    count = sum(r.represents for r in rs)
    if count < SUMMARY_READINGS:
        return None
    tallies: dict[str, Counter[str]] = {}
    for r in rs:
        merge_tallies(tallies, r.tallies, 1)
    head = min(rs, key=lambda r: (r.min_member or "", r.iri))
    return json.dumps({
        "block": rs[0].block, "readings": count, "support": sum(r.support for r in rs),
        "tallies": {p: dict(sorted(c.items())) for p, c in sorted(tallies.items()) if c},
        "head": [head.min_member, str(head.unit[0])], "undated": sorted({a for r in rs for a in r.undated}),
    }, ensure_ascii=False, sort_keys=True)


def _remainder(engine: Engine, node: str, summary: str, dated: Dated | None) -> None:
    """Load into ``engine`` the readings of a summarized node it has not loaded, as one remainder reading."""
    d = json.loads(summary)
    loaded = [r for r in engine.readings.values() if r.node == node and r.remainder_of is None]
    count = d["readings"] - len(loaded)
    if count <= 0:
        return
    tallies = {p: Counter(c) for p, c in d["tallies"].items()}
    for r in loaded:
        merge_tallies(tallies, r.tallies, -1)
    first, quote = d["head"]
    head_loaded = any(r.min_member == first for r in loaded)
    iri = f"{engine.base}consolidation-state/remainder/{iris.short_hash(node)}"
    engine.load([Reading(iri, "Statement", tuple(d["block"]), (quote,), d["support"] - sum(r.support for r in loaded),
                         tallies, _LAST if head_loaded else first, node, Counter(dict.fromkeys(d["undated"], 1)),
                         existed=True, dated=dated, remainder_of=node, represents=count)])


def _resolve_dated(engine: Engine, members: Mapping[str, set[str]], dates: Mapping[str, date | None]) -> None:
    """Dated summaries of readings that lost an article at a bound, from all their members."""
    for iri, ms in members.items():
        r = engine.readings[iri]
        r.dated = join_dated(Dated.of(d, a) for a in sorted({article_of_member(engine.base, m) for m in ms})
                             if (d := dates.get(a)) is not None)
        r.dated_dirty = False


def _windows_in_memory(engine: Engine, nodes: Mapping[str, Node]) -> dict[str, tuple[date, date, list[str]]]:
    summaries: dict[str, list[Dated | None]] = defaultdict(list)
    for n in nodes.values():
        if n.family != "Statement":
            continue
        undated = {a for r in n.readings for a in engine.readings[r].undated}
        summary = node_dated(engine.readings, n)
        for u in undated:
            summaries[u].append(summary)
    return {u: w for u, ds in summaries.items()
            if (d := join_dated(ds)) is not None and (w := inferred_window(d.pairs())) is not None}


def reconsolidate(store: Store, base: str, seeds: Sequence[model.Entity],
                  ontology: Sequence[Quad] = ()) -> ConsolidationReport:
    """Consolidate every article graph of ``store`` again, from scratch (replaces the consolidated graph and
    its state): after a change of seeds, of the state's format, or for a store consolidated by hand."""
    st = StateStore(store, base)
    engine = Engine(base, (e.key for e in seeds), keep_members=True)
    graphs = [g for g in store.named_graphs() if g.startswith(f"{base}graph/article/")]
    for i in range(0, len(graphs), READ_CHUNK):
        for g, quads in st.graph_quads(graphs[i:i + READ_CHUNK]).items():
            engine.add(read_article(g, quads))
    onto = _ontology_digest(store, base, ontology)
    quads, state, report = full_quads(engine, seeds, seeds_key=seeds_digest(base, seeds), ontology_key=onto)
    store.load_fresh_graphs({st.cg: quads, st.st: state})
    store.update(rowkeys.write_all(rowkeys.context(base, (e.key for e in seeds))))
    return report


def _ontology_digest(store: Store, base: str, ontology: Sequence[Quad]) -> str:
    if ontology:
        return ontology_digest(tuple(ontology))
    return StateStore(store, base).header().get("ontology", "")


# ------------------------------------------------------------------------------------------ the committer


class Committer:
    """Commits article graphs and keeps the consolidated graph up to date (see the module doc).

    ``add`` buffers one article graph; ``flush`` commits the buffer (when ``due``, or at the end);
    ``finish`` completes the consolidation and returns its figures."""

    def __init__(self, store: Store, base: str, seeds: Sequence[model.Entity], ontology: Sequence[Quad], *,
                 fresh_batch: int = FRESH_BATCH, incremental_batch: int = INCREMENTAL_BATCH) -> None:
        self.store = store
        self.fresh_batch, self.incremental_batch = fresh_batch, incremental_batch
        self.base = base
        self.seeds = list(seeds)
        self.seed_iris = _seed_iris(base, tuple(self.seeds))
        self.keys = rowkeys.context(base, (e.key for e in self.seeds))
        self.ontology = list(ontology)
        self.st = StateStore(store, base)
        self.fresh = self.st.empty()
        self.seeds_key = seeds_digest(base, self.seeds)
        self.ontology_key = ontology_digest(tuple(self.ontology)) if self.ontology else ""
        self.written = 0
        self.batch: dict[str, list[Quad]] = {}
        self.report = ConsolidationReport()
        self.rebuild = False
        header = {} if self.fresh else self.st.header()
        if not self.fresh:
            if header.get("version") != STATE_VERSION or header.get("seeds") != self.seeds_key:
                self.rebuild = True  # consolidated again from the article graphs at the end
            else:
                self.report = ConsolidationReport(**json.loads(header.get("counters", "{}")))
        self.engine = Engine(base, (e.key for e in self.seeds), keep_members=True) if self.fresh else None
        if self.ontology and header.get("ontology") != self.ontology_key:
            self.store.replace_graphs({iris.ontology_graph(base): self.ontology})
            self.written += len(self.ontology)

    @property
    def batch_size(self) -> int:
        return self.fresh_batch if self.fresh else self.incremental_batch

    def add(self, graph: str, quads: list[Quad]) -> None:
        self.batch[graph] = quads

    def due(self) -> bool:
        return len(self.batch) >= self.batch_size

    def flush(self) -> None:
        if not self.batch:
            return
        batch, self.batch = self.batch, {}
        self.written += sum(len(q) for q in batch.values())
        if self.fresh:
            self.store.load_fresh_graphs(batch)
            assert self.engine is not None
            for g, quads in batch.items():
                self.engine.add(read_article(g, quads))
        elif self.rebuild:
            self.store.replace_graphs(batch)
        else:
            self._commit(batch)

    def finish(self) -> ConsolidationReport:
        self.flush()
        if self.fresh:
            assert self.engine is not None
            quads, state, report = full_quads(self.engine, self.seeds, seeds_key=self.seeds_key,
                                              ontology_key=self.ontology_key)
            self.store.load_fresh_graphs({self.st.cg: quads, self.st.st: state})
            self.store.update(rowkeys.write_all(self.keys))
        elif self.rebuild:
            report = reconsolidate(self.store, self.base, self.seeds, self.ontology)
        else:
            report = self.report
            report.quads = 0
        report.quads += self.written
        return report

    # --- one incremental transaction
    def _commit(self, batch: dict[str, list[Quad]]) -> None:
        st = self.st
        old = {g: read_article(g, q) for g, q in st.graph_quads(list(batch)).items()}
        new = {g: read_article(g, q) for g, q in batch.items()}
        engine = Engine(self.base, (e.key for e in self.seeds))
        self._load(engine, list(old.values()) + list(new.values()), list(old.values()))
        before = engine.nodes_before()
        if not self._consistent(engine, before):
            self.rebuild = True  # the state does not match its readings: consolidate again at the end
            self.store.replace_graphs(batch)
            return
        for content in old.values():
            engine.remove(content)
        for content in new.values():
            engine.add(content)
        self._resolve_first_members(engine)
        after = engine.nodes_after()
        update = _Update(self, engine, before, after, old, new)
        self.store.update(update.text(batch))
        self.written += update.inserted
        self.report = update.report

    def _load(self, engine: Engine, contents: Sequence[ArticleContent], old: Sequence[ArticleContent]) -> None:
        """The stored readings of every block the contents touch (troop counts: the part of the block they touch).
        Statements: the stored groups of the batch's quotes, and of the stored quotes that share a trigram with a
        new one and are the same words — of a summarized group, the readings the batch names and a remainder
        standing for the others, unless a replaced article (``old``) had a fact in it."""
        blocks: set[str] = set()
        statements: dict[str, str] = {}  # reading IRI -> its block id
        entity_readings: set[str] = set()
        parts: dict[tuple[str, str, str], list[Key]] = defaultdict(list)  # (family, block, group) -> units
        for content in contents:
            for family, block, unit, iri in engine.placements(content):
                if family == "Statement":
                    statements[iri] = block_id(family, block)
                elif family == ENTITY:
                    entity_readings.add(iri)
                elif family in ("TroopCount", "Agreement"):
                    bid = block_id(family, block)
                    parts[(family, bid, _group(family, bid, unit))].append(unit)
                else:
                    blocks.add(block_id(family, block))
        replaced = {(f, block_id(f, b), _group(f, block_id(f, b), u)) for content in old
                    for f, b, u, _ in engine.placements(content) if f in ("TroopCount", "Agreement")}
        self._load_parts(engine, parts, replaced)
        st = self.st
        engine.load(st.readings_of_blocks(blocks))
        engine.load(st.readings_by_iri(entity_readings))
        known = st.readings_by_iri(statements)
        nodes = {r.node for r in known if r.node}
        stored = {r.iri for r in known}
        new_quotes: dict[str, set[str]] = defaultdict(set)  # block id -> normalized quotes not in the store yet
        for content in contents:
            for family, block, unit, iri in engine.placements(content):
                if family == "Statement" and iri not in stored and block[0] is not None:
                    new_quotes[statements[iri]].add(str(unit[0]))
        edges = self._quote_edges(new_quotes, stored)
        nodes |= {r.node for r in edges if r.node}
        engine.load(known)
        engine.load(edges)
        gone = {iri for content in old for family, _, _, iri in engine.placements(content) if family == "Statement"}
        whole = {r.node for r in known if r.iri in gone and r.node}  # may split or lose a bound: all of it
        summaries = st.node_summaries(nodes - whole) if nodes - whole else {}
        if nodes - set(summaries):
            engine.load(st.readings_of_nodes(nodes - set(summaries)))
        for node, (summary, dated) in sorted(summaries.items()):
            _remainder(engine, node, summary, dated)

    def _quote_edges(self, new_quotes: Mapping[str, set[str]], stored: set[str]) -> list[Reading]:
        """Stored readings (not in ``stored``) that are the same words as a new quote of their speaker: one per
        stored group at least, enough to join the new reading to it (a summarized group's others are its
        remainder).

        A reading that shares ``QUOTE_SHARED_TRIGRAMS`` word trigrams with a quote of three words or more is the
        same words whatever its text: of those, the postings of their keys suffice and one reading per group is
        read; the others are read and compared (a wire statement's new wording shares trigrams with hundreds of
        stored ones)."""
        keys_of = {(bid, q): {f"{bid}|{k}" for k in quote_keys(q)} for bid, qs in new_quotes.items() for q in qs}
        postings = self.st.key_postings(k for ks in keys_of.values() for k in ks)
        held: dict[str, set[str]] = defaultdict(set)  # reading -> its keys among those
        node_of_reading: dict[str, str] = {}
        for reading, node, key in postings:
            if reading not in stored:
                held[reading].add(key)
                node_of_reading[reading] = node
        sure: dict[str, str] = {}  # node -> the least reading of it certainly the same words as a new quote
        for reading, keys in held.items():
            bid = next(iter(keys)).rsplit("|", 1)[0]
            if any(len(quote.split()) >= 3 and len(keys & keys_of[(bid, quote)]) >= QUOTE_SHARED_TRIGRAMS
                   for quote in new_quotes[bid]):
                node = node_of_reading[reading]
                sure[node] = min(reading, sure.get(node, reading))
        unsure = sorted(r for r in held if node_of_reading[r] not in sure)
        out = self.st.readings_by_iri(sure.values())
        out += [r for r in self.st.readings_by_iri(unsure) if r.node
                and any(quote_edge(str(r.unit[0]), q) for q in new_quotes[r.block_id])]
        return out

    def _load_parts(self, engine: Engine, touched: Mapping[tuple[str, str, str], list[Key]],
                    replaced: set[tuple[str, str, str]]) -> None:
        """The part of each touched troop-count figure or agreement year block that clusters as the whole does:
        the touched days, the readings over their months and years, the first day within each of those readings'
        dates (:func:`kg.rdf.consolidate.date_period`), again for the days so added; a figure's undated or
        multi-year readings.

        The whole figure (an agreement: its block) is read when a reading spans years, when a replaced article
        (``replaced``) had a reading in it (a first day may be gone), or when the figure has undated readings and
        fewer than two days outside the part (its undated readings may join its only cluster). Figure conflicts
        with the rest of a troop-count block are found through the nodes' conflict keys (:class:`TroopScope`)."""
        if not touched:
            return
        st = self.st
        Group = tuple[str, str, str]
        whole = {g for g, units in touched.items() if g in replaced or (
            g[0] == "Agreement" and any(unit_period(u) == "*" for u in units))}  # agreements: a decade, undated
        days: dict[Group, set[str]] = {g: set() for g in touched}
        spans: dict[Group, set[str]] = {g: {"*"} for g in touched}  # months and years whose spanning readings
        for g, units in touched.items():
            for u in units:
                p = unit_period(u)
                if len(p) == 10:
                    days[g].add(p)
                if p != "*":
                    spans[g] |= {p[:7], p[:4]} if len(p) >= 7 else {p[:4]}
        got: dict[Group, dict[str, Reading]] = defaultdict(dict)
        full_years: dict[Group, set[str]] = {g: set() for g in touched}
        asked: set[str] = set()
        year_days: dict[str, list[str]] = {}  # "{group}|{year}" -> the days with readings in it
        new_coarse = {g: [t for u in units if len(unit_period(u)) in (4, 7) and (t := _unit_date(u)) is not None]
                      for g, units in touched.items()}
        while True:
            want = {f"{g[2]}|{p}" for g in touched if g not in whole for p in days[g] | spans[g]} - asked
            if not want:
                break
            asked |= want
            for r in st.readings_of_parts(want):
                got[(r.family, r.block_id, _group(r.family, r.block_id, r.unit))][r.iri] = r
            # a reading over a month or a year joins the first day within its dates: read that day too
            coarse = {g: [t for r in got[g].values() if len(reading_period(r)) in (4, 7)
                          and (t := _unit_date(r.unit)) is not None] + new_coarse[g] for g in touched}
            years = {f"{g[2]}|{t.bounds()[0].year}" for g, ts in coarse.items() for t in ts  # type: ignore[index]
                     if g not in whole} - set(year_days)
            for key, parts in st.parts_under(years, _YEAR).items():
                year_days[key] = sorted(p for p in parts if len(p) == 10)
            for g, ts in coarse.items():
                for t in ts:
                    lo, hi = t.bounds()  # type: ignore[misc]
                    if len(date_period(t)) == 4 and not spans_months(t):
                        full_years[g].add(str(lo.year))  # an odd date: the year's order is not the days'
                        continue
                    first = next((d for d in year_days.get(f"{g[2]}|{lo.year}", ())
                                  if lo.isoformat() <= d <= hi.isoformat()), None)
                    if first is None and len(date_period(t)) == 4:
                        full_years[g].add(str(lo.year))  # no day within: it may join a month's cluster
                    elif first is not None and first not in days[g]:
                        days[g].add(first)
                        spans[g] |= {first[:7], first[:4]}
        star = {g: [_unit_date(r.unit) for r in got[g].values() if reading_period(r) == "*"]
                + [_unit_date(u) for u in touched[g] if unit_period(u) == "*"] for g in touched if g not in whole}
        whole |= {g for g, dates in star.items() if any(t is not None and t.bounds() is not None for t in dates)}
        undated = {g for g, dates in star.items() if dates and g not in whole}
        others: dict[Group, int] = {}
        if undated:
            stored = st.parts_under((g[2] for g in undated), _FIGURE)
            for g in undated:
                outside = {p for p in stored.get(g[2], set()) if len(p) == 10 and p[:4] not in full_years[g]} - days[g]
                if len(outside) >= 2:
                    others[g] = len(outside)
                else:
                    whole.add(g)  # its undated readings may join its only cluster: cluster all of it
        for g in touched:
            if g not in whole:
                engine.load(got[g].values())
        engine.load(st.readings_of_years(f"{g[2]}|{y}" for g in touched if g not in whole for y in full_years[g]))
        engine.load(st.readings_of_figures(g[2] for g in whole if g[0] == "TroopCount"))
        engine.load(st.readings_of_blocks(g[1] for g in whole if g[0] == "Agreement"))
        troops: dict[str, list[Group]] = defaultdict(list)
        for g in touched:
            if g[0] == "TroopCount":
                troops[g[1]].append(g)
        for bid, groups in troops.items():
            cache: dict[str, list[TroopSummary]] = {}

            def lookup(made: Sequence[TroopSummary], bid: str = bid,
                       cache: dict[str, list[TroopSummary]] = cache) -> list[TroopSummary]:
                keys = sorted({k for m in made for k in conflict_keys(bid, m.as_of, lookup=True)})
                wanted = "\n".join(keys)
                if wanted not in cache:
                    cache[wanted] = st.troop_summaries(keys) if keys else []
                return cache[wanted]

            figure = len(bid) + 1  # the group is "{block}|{figure}"
            recomputed = frozenset(r.node for r in engine.readings.values()
                                   if r.family == "TroopCount" and r.block_id == bid and r.node)
            engine.troop_scopes[bid] = TroopScope(recomputed=recomputed,
                                                  others={g[2][figure:]: others.get(g, 0) for g in groups},
                                                  lookup=lookup)

    def _resolve_first_members(self, engine: Engine) -> None:
        """First members and Dated summaries the batch removed a bound of, from the stored members."""
        dirty = [r for r in engine.readings.values() if r.min_dirty or r.dated_dirty]
        if not dirty:
            return
        stored = self.st.members(r.iri for r in dirty)
        members = {r.iri: (stored.get(r.iri, set()) - r.removed) | r.added for r in dirty}
        for r in dirty:
            if r.min_dirty:
                r.min_member = min(members[r.iri]) if members[r.iri] else None
                r.min_dirty = False
        recount = {iri: ms for iri, ms in members.items() if engine.readings[iri].dated_dirty}
        if recount:
            articles = {article_of_member(self.base, m) for ms in recount.values() for m in ms}
            dates: dict[str, date | None] = dict(engine.batch_articles)
            dates.update(self.st.published(a for a in articles if a not in dates))
            _resolve_dated(engine, recount, dates)

    @staticmethod
    def _consistent(engine: Engine, before: Mapping[str, Node]) -> bool:
        """The nodes recomputed from the stored readings are the stored ones (else the state drifted)."""
        assigned = node_of(before)
        return all(assigned.get(r.iri) == r.node for r in engine.before.values() if r.support > 0)


class _Update:
    """The SPARQL Update of one incremental transaction, and the totals after it."""

    def __init__(self, committer: Committer, engine: Engine, before: Mapping[str, Node],
                 after: Mapping[str, Node], old: Mapping[str, ArticleContent], new: Mapping[str, ArticleContent]
                 ) -> None:
        self.c = committer
        self.engine = engine
        self.before = before
        self.after = after
        self.old = old
        self.new = new
        self.node_before = node_of(before)
        self.node_after = node_of(after)
        self.inserted = 0
        self.partners_changed: frozenset[str] = frozenset()
        self.report = ConsolidationReport(**committer.report.counters())

    def text(self, batch: Mapping[str, list[Quad]]) -> str:
        base, st, engine = self.c.base, self.c.st, self.engine
        cg, sg = st.cg, st.st
        cgn, sgn = NamedNode(cg), NamedNode(sg)
        ops: list[str] = []
        delete: dict[str, list[Quad]] = {cg: [], sg: []}
        insert: dict[str, list[Quad]] = {cg: [], sg: []}

        for g, quads in batch.items():  # the article graphs
            ops.append(f"DROP SILENT GRAPH <{g}>")
            if quads:
                ops.append(f"INSERT DATA {{ GRAPH <{g}> {{\n{_nt(quads)} .\n}} }}")

        # node heads: what differs between the nodes before and after
        old_q = {q for n in self.before.values() for q in n.quads}
        new_q = {q for n in self.after.values() for q in n.quads}
        delete[cg] += old_q - new_q
        insert[cg] += new_q - old_q
        old_d = _node_state_quads(base, engine.before, self.before.values())
        new_d = _node_state_quads(base, engine.readings, self.after.values())
        delete[sg] += old_d - new_d
        insert[sg] += new_d - old_d

        # figure conflicts between the troop counts recomputed and the rest of their blocks
        links_before, links_after = engine.partner_links.get("before", {}), engine.partner_links.get("after", {})
        changed = {m for m in set(links_before) | set(links_after) if links_before.get(m) != links_after.get(m)}
        self.partners_changed = frozenset(changed)
        stored_links = st.links(changed, KG.conflictsWith) if changed else {}
        for m in sorted(changed):
            was_, now_ = links_before.get(m, set()), links_after.get(m, set())
            mn = NamedNode(m)
            delete[cg] += [Quad(mn, KG.conflictsWith, NamedNode(x), cgn) for x in was_ - now_]
            insert[cg] += [Quad(mn, KG.conflictsWith, NamedNode(x), cgn) for x in now_ - was_]
            had_any = bool(stored_links.get(m))
            has_any = bool((stored_links.get(m, set()) - was_) | now_)
            if had_any and not has_any:
                delete[cg].append(Quad(mn, KG.conflictOn, Literal("figure"), cgn))
            elif has_any and not had_any:
                insert[cg].append(Quad(mn, KG.conflictOn, Literal("figure"), cgn))
        self.report.conflicts += engine.partner_pairs.get("after", 0) - engine.partner_pairs.get("before", 0)

        # attestation links and the state of each reading
        moves: list[tuple[str, str, str]] = []
        remainder_moves: list[tuple[str, str]] = []
        for r in engine.readings.values():
            was = engine.before.get(r.iri)
            o, n = self.node_before.get(r.iri), self.node_after.get(r.iri)
            if r.remainder_of is not None:  # not in the store: its readings move with their node
                if o and n and o != n:
                    remainder_moves.append((o, n))
                continue
            s = NamedNode(r.iri)
            if r.family != ENTITY:
                delete[cg] += [Quad(NamedNode(o), _ATTESTATION, NamedNode(m), cgn) for m in r.removed if o]
                insert[cg] += [Quad(NamedNode(n), _ATTESTATION, NamedNode(m), cgn) for m in r.added if n]
                if was is not None and was.support > 0 and o and n and o != n:
                    moves.append((r.iri, o, n))
            delete[sg] += [Quad(s, _MEMBER, NamedNode(m), sgn) for m in r.removed]
            insert[sg] += [Quad(s, _MEMBER, NamedNode(m), sgn) for m in r.added]
            existed = was is not None and was.support > 0
            if was is not None and existed and r.support <= 0:  # the reading is gone
                ops.append(f"DELETE WHERE {{ GRAPH <{sg}> {{ <{r.iri}> <{ST}data> ?d }} }}")
                ops.append(f"DELETE WHERE {{ GRAPH <{sg}> {{ <{r.iri}> <{ST}node> ?n }} }}")
                delete[sg] += [q for q in _state_quads(base, was, None, ())
                               if q.predicate in (_BLOCK, _KEY, _UNDATED, _FIGURE, _PART, _MONTH, _YEAR)]
                continue
            if r.support <= 0:
                continue
            if not existed:
                insert[sg] += [q for q in _state_quads(base, r, n, ()) if q.predicate != _MEMBER]
                continue
            assert was is not None
            if r.touched and was.data() != r.data():
                ops.append(f"DELETE WHERE {{ GRAPH <{sg}> {{ <{r.iri}> <{ST}data> ?d }} }}")
                insert[sg].append(Quad(s, _DATA, Literal(r.data()), sgn))
            if o != n:
                ops.append(f"DELETE WHERE {{ GRAPH <{sg}> {{ <{r.iri}> <{ST}node> ?n }} }}")
                if n:
                    insert[sg].append(Quad(s, _NODE, NamedNode(n), sgn))
            delete[sg] += [Quad(s, _UNDATED, NamedNode(a), sgn) for a in was.undated if a not in r.undated]
            insert[sg] += [Quad(s, _UNDATED, NamedNode(a), sgn) for a in r.undated if a not in was.undated]

        # source counts
        for iri, node in self.after.items():
            if node.family == ENTITY:
                continue
            change = self._sources(node)
            if change is not None:
                stored, value = change
                if stored is not None:
                    delete[cg].append(Quad(NamedNode(iri), _SOURCES, _int(stored), cgn))
                insert[cg].append(Quad(NamedNode(iri), _SOURCES, _int(value), cgn))
        for iri, node in self.before.items():
            if iri not in self.after and node.family != ENTITY:
                ops.append(f"DELETE WHERE {{ GRAPH <{cg}> {{ <{iri}> <{_SOURCES.value}> ?n }} }}")

        # mention counts of the entities the batch touches
        minted_after = {n.iri for n in self.after.values() if n.family == ENTITY}
        touched = {e for e, d in engine.mentions.items() if d} | minted_after
        touched |= {n.iri for n in self.before.values() if n.family == ENTITY}
        if touched:
            stored_counts = st.values(touched, _MENTIONS)
            for e in sorted(touched):
                value = max(stored_counts.get(e, 0) + engine.mentions.get(e, 0), 0)
                exists = e in self.c.seed_iris or e in minted_after
                if e in stored_counts and (not exists or stored_counts[e] != value):
                    delete[cg].append(Quad(NamedNode(e), _MENTIONS, _int(stored_counts[e]), cgn))
                if exists and stored_counts.get(e) != value:
                    insert[cg].append(Quad(NamedNode(e), _MENTIONS, _int(value), cgn))

        # inferred publication windows of the undated articles involved (what changed in them)
        windows = self._windows()
        if windows:
            had = st.window_quads(windows)
            now = {q for article, w in windows.items() if w is not None for q in window_quads(base, article, w)}
            delete[cg] += had - now
            insert[cg] += now - had
            before_count = len({str(q.subject) for q in had if q.predicate == KG.inferredPublication})
            self.report.inferred_publications += sum(1 for w in windows.values() if w is not None) - before_count

        # totals
        report = self.report
        _count(report, self.before.values(), -1)
        _count(report, self.after.values(), 1)
        report.entities += len(minted_after) - sum(1 for n in self.before.values() if n.family == ENTITY)
        ops.append(f"DELETE WHERE {{ GRAPH <{sg}> {{ <{sg}> <{ST}counters> ?c }} }}")
        insert[sg].append(Quad(sgn, NamedNode(ST + "counters"),
                               Literal(json.dumps(report.counters(), sort_keys=True)), sgn))

        # the row keys of the rows this batch may change: deleted first, written again last (kg.rowkeys)
        articles = {c.article for c in (*self.old.values(), *self.new.values()) if c.article}
        anchors = rowkeys.Anchors(frozenset(articles), self._changed_nodes() | self.partners_changed)
        keys_before, keys_after = rowkeys.batch_operations(self.c.keys, anchors)
        ops[:0] = keys_before

        text_delete = _data_block(delete)
        if text_delete:
            ops.append(f"DELETE DATA {{\n{text_delete}\n}}")
        text_insert = _data_block(insert)
        if text_insert:
            ops.append(f"INSERT DATA {{\n{text_insert}\n}}")
        for reading, o, n in sorted(moves):  # after the members are written: all of them move
            ops.append(f"DELETE {{ GRAPH <{cg}> {{ <{o}> <{_ATTESTATION.value}> ?m }} }} "
                       f"INSERT {{ GRAPH <{cg}> {{ <{n}> <{_ATTESTATION.value}> ?m }} }} "
                       f"WHERE {{ GRAPH <{sg}> {{ <{reading}> <{ST}member> ?m }} }}")
        for o, n in sorted(set(remainder_moves)):  # a summarized node renamed or merged: what it holds moves
            ops.append(f"DELETE {{ GRAPH <{cg}> {{ <{o}> <{_ATTESTATION.value}> ?m }} }} "
                       f"INSERT {{ GRAPH <{cg}> {{ <{n}> <{_ATTESTATION.value}> ?m }} }} "
                       f"WHERE {{ GRAPH <{cg}> {{ <{o}> <{_ATTESTATION.value}> ?m }} }}")
            ops.append(f"DELETE {{ GRAPH <{sg}> {{ ?r <{ST}node> <{o}> }} }} "
                       f"INSERT {{ GRAPH <{sg}> {{ ?r <{ST}node> <{n}> }} }} "
                       f"WHERE {{ GRAPH <{sg}> {{ ?r <{ST}node> <{o}> }} }}")
        ops += keys_after
        self.inserted = sum(len(q) for q in insert.values())
        return " ;\n".join(ops)

    def _changed_nodes(self) -> frozenset[str]:
        """The nodes whose rows' keys may change (kg.rowkeys.anchors_of, narrowed): those that appear, disappear
        or change their quads, and those a reading that was in the store before joins or leaves. A node that only
        gains readings new with this batch keeps its other rows as they were: the new rows are the batch's
        articles' (anchored with them) — a wire statement's node has hundreds of rows to key again otherwise. The
        troop counts whose conflicts changed outside the part read are added by the caller."""
        engine = self.engine
        new = {iri for iri in engine.readings
               if (was := engine.before.get(iri)) is None or was.support <= 0}
        out = set()
        for iri in set(self.before) | set(self.after):
            b, a = self.before.get(iri), self.after.get(iri)
            if (b or a).family == ENTITY:  # type: ignore[union-attr]
                continue
            if b is None or a is None or b.quads != a.quads or set(b.readings) != set(a.readings) - new:
                out.add(iri)
        return frozenset(out)

    def _sources(self, node: Node) -> tuple[int | None, int] | None:
        """(stored count of this IRI or None, new count) of a node; None when it cannot have changed.

        When the node is an old node plus new readings (its IRI may have changed), the count moves by the batch
        articles that attest it now and did before; otherwise (nodes merged or split) it is counted again
        from the members."""
        base, engine = self.c.base, self.engine
        readings = [engine.readings[r] for r in node.readings]
        prior = [r for r in readings if (b := engine.before.get(r.iri)) is not None and b.support > 0]
        olds = {self.node_before[r.iri] for r in prior if r.iri in self.node_before}
        if olds == {node.iri} and set(self.before[node.iri].readings) == set(node.readings) and not any(
                r.added or r.removed for r in readings):
            return None  # the same readings and members: checked before asking the store for its count
        stored_here = self.c.st.values([node.iri], _SOURCES).get(node.iri) if node.iri in self.before else None
        added = {article_of_member(base, m) for r in readings for m in r.added}
        if not prior:
            return stored_here, len(added)
        if len(olds) == 1:
            (o,) = olds
            if set(self.before[o].readings) <= set(node.readings):
                stored = stored_here if o == node.iri else self.c.st.values([o], _SOURCES).get(o)
                if stored is not None:
                    kept = self._kept_articles({r.iri for r in readings})
                    removed = {article_of_member(base, m) for r in readings for m in r.removed}
                    return stored_here, stored - len(removed | kept) + len(added | kept)
        stored_members = self.c.st.members(r.iri for r in prior if r.remainder_of is None)
        held = self.c.st.links({r.remainder_of for r in prior if r.remainder_of}, _ATTESTATION)
        for r in prior:
            if r.remainder_of is not None:  # what its node was attested by (a superset of its own members)
                stored_members[r.iri] = held.get(r.remainder_of, set())
        members = {m for r in readings for m in (stored_members.get(r.iri, set()) - r.removed) | r.added}
        return stored_here, len({article_of_member(base, m) for m in members})

    def _kept_articles(self, readings: set[str]) -> set[str]:
        """Batch articles with a fact in these readings that is the same in their old and new version."""
        from kg.rdf.consolidate import placement, reading_iri

        out: set[str] = set()
        for g, content in self.new.items():
            old = self.old.get(g)
            if old is None or not content.article:
                continue
            same = {f.iri for f in old.facts} & {f.iri for f in content.facts}
            for f in content.facts:
                p = placement(f) if f.iri in same else None
                if p is not None and reading_iri(self.c.base, *p) in readings:
                    out.add(content.article)
                    break
        return out

    def _windows(self) -> dict[str, tuple[date, date, list[str]] | None]:
        """The windows (None: none any more) of the undated articles whose statements' summaries changed.

        An undated article's window is that of the Dated summaries of its statement nodes together. The nodes the
        batch loaded are complete (all their readings), so for each undated article among them the summary of its
        loaded nodes before and after tells whether its window may change; only those articles (and the batch's
        own) are recomputed, with the stored summaries of their other nodes — never the reports of a node."""
        st, engine = self.c.st, self.engine
        loaded_before: dict[str, list[Dated | None]] = defaultdict(list)
        loaded_after: dict[str, list[Dated | None]] = defaultdict(list)
        for nodes, readings, into in ((self.before, engine.before, loaded_before),
                                      (self.after, engine.readings, loaded_after)):
            for node in nodes.values():
                if node.family != "Statement":
                    continue
                summary = node_dated(readings, node)
                for a in {a for r in node.readings for a in readings[r].undated}:
                    into[a].append(summary)
        affected = set(engine.old_undated) | set(engine.batch_undated)
        affected |= {a for a in set(loaded_before) | set(loaded_after)
                     if join_dated(loaded_before.get(a, ())) != join_dated(loaded_after.get(a, ()))}
        if not affected:
            return {}
        outside: dict[str, set[str]] = defaultdict(set)  # article -> its statement nodes the batch did not load
        for reading, node_iri, a in st.undated_nodes(affected):
            if reading not in engine.readings:
                outside[a].add(node_iri)
        stored = st.node_dated({n for ns in outside.values() for n in ns})
        out: dict[str, tuple[date, date, list[str]] | None] = {}
        for a in sorted(affected):
            if engine.batch_articles.get(a) is not None:
                out[a] = None  # dated now: no window
                continue
            summary = join_dated([*loaded_after.get(a, ()), *(stored.get(n) for n in outside.get(a, ()))])
            out[a] = inferred_window(summary.pairs()) if summary is not None else None
        return out
