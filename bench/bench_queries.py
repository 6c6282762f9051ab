"""Answers at real volume: the build, every named query, every page type and adding one article, at 1k/10k/… articles.

For each corpus size (``bench/gen_corpus.py``: shared entities with many aliases, ~30 % syndicated copies — a
third word for word, the others lightly reworded — and every fact type) this script

1. builds a fresh embedded store through ``kg.pipeline.build`` (what ``kg build`` calls; rules recognizer), timing
   the articles phase (reading, extraction, mapping, loading) and the whole build (plus the consolidation);
2. adds one article at a time (new ids; a third of them a syndicated copy of an article in the store, as in the
   corpus) through the same ``build`` call into the built store, and times each call;
3. copies the store, starts ``kg serve`` on one copy and ``oxigraph serve-read-only --union-default-graph`` on the
   other (127.0.0.1, always stopped), and times, interleaved:
   * every named query through ``/queries/NAME`` — its **first request after a write** (a one-triple SPARQL
     Update into a scratch graph before each request: the result cache is dead and the next query runs on a
     new snapshot of the store) and **cached** (the same request repeated) — beside the same SPARQL on Oxigraph
     (the named query's text, no cache) and beside a point lookup on both servers;
   * the first page of every named query (``/queries/NAME?limit=100``, ``--page-limit``), after a write and cached,
     beside Oxigraph running the SPARQL kg runs for that page (``kg.paging``: for the queries with row keys, the
     key query then the paged form; for the others, and on a store without keys, the query with ``LIMIT``);
   * every page type (home, entity, event, article) after a write and repeated, beside a ``DESCRIBE`` of the
     same IRI on Oxigraph;
4. times ``kg query NAME`` (a new process, as a user runs it) on a store of the five seed articles, beside
   ``python -c pass``.

Medians of ``--repeat`` requests (p50) and their maximum; the load average is printed with every table, since the
machine's cores are shared. ``--write-docs`` replaces the generated section of ``docs/performance.md``.

    python bench/bench_queries.py [--sizes 1000,10000] [--work /tmp/kg-bench-queries] [--reuse] [--repeat 5]
                                  [--adds 5] [--queries NAME,…] [--no-pages | --pages-only] [--page-limit 100]
                                  [--write-docs]

``--reuse`` keeps the corpora and built stores under ``--work`` and reads the recorded build time instead of
building again (the add-one-article rows then measure a store that already holds the earlier runs' additions).
``--queries`` times only the named queries given (and ``kg query`` only for them), ``--no-pages`` no page,
``--pages-only`` the point lookup and the pages only (no named query; each page is asked once first); the
update before each request is timed too (its p50 heads each table). ``wikidata-bases`` is left out: it calls the
Wikidata Query Service (network).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import gen_corpus  # noqa: E402

WHEN = datetime(2026, 1, 1, tzinfo=UTC)
TOKEN = "bench-token"
SKIP = {"wikidata-bases": "calls the Wikidata Query Service (network)"}
MARK_BEGIN = "<!-- bench_queries: begin -->"
MARK_END = "<!-- bench_queries: end -->"
TIMEOUT_S = 60.0


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


# ------------------------------------------------------------------------------------------------ building


@dataclass
class Built:
    articles: int
    copies: int
    seconds: float
    articles_s: float
    quads: int
    load: str
    adds: list[float] = field(default_factory=list)
    add_load: str = ""


def corpus(n: int, work: Path, reuse: bool) -> Path:
    out = work / f"corpus-{n}"
    if not (reuse and out.exists()):
        shutil.rmtree(out, ignore_errors=True)
        gen_corpus.generate(n, out)
    return out


def build_store(n: int, work: Path, reuse: bool) -> tuple[Path, Built]:
    """A fresh store of the first ``n`` corpus articles (or the one a previous ``--reuse`` run left)."""
    from kg.config import Settings
    from kg.pipeline import build
    from kg.store import open_store

    store, record = work / f"store-{n}", work / f"store-{n}.json"
    if reuse and record.exists() and store.exists():
        return store, Built(**json.loads(record.read_text()))
    src = corpus(n, work, reuse)
    shutil.rmtree(store, ignore_errors=True)
    last = [0.0]
    started_load = load()
    with open_store(str(store)) as s:
        started = time.perf_counter()
        report = build([src], s, Settings(_env_file=None, ner="rules"), extracted_at=WHEN,
                       on_progress=lambda _src, _ok: last.__setitem__(0, time.perf_counter()))
        seconds = time.perf_counter() - started
    if report.failed:
        raise SystemExit(f"{len(report.failed)} articles failed: {report.failed[:3]}")
    built = Built(n, sum(gen_corpus.is_copy(i) for i in range(n)), seconds, last[0] - started, report.triples,
                  f"{started_load} → {load()}")
    record.write_text(json.dumps(built.__dict__))
    return store, built


def add_articles(store: Path, n: int, adds: int, work: Path) -> list[float]:
    """Seconds of each one-article ``build`` into the built store: articles n, n+1, … of the generator (copies
    among them as in the corpus) under ids no run used before."""
    from kg.config import Settings
    from kg.pipeline import build
    from kg.store import open_store

    nonce = f"{int(time.time())}"
    times: list[float] = []
    settings = Settings(_env_file=None, ner="rules")
    with open_store(str(store)) as s:
        for j in range(adds):
            record = dict(gen_corpus.article(n + j))
            record["id"] = f"bench-add-{nonce}-{j}"
            record["url"] = f"https://bench.example.org/add/{nonce}/{j}"
            path = work / f"add-{j}.jsonl"
            path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            started = time.perf_counter()
            report = build([path], s, settings, extracted_at=WHEN)
            times.append(time.perf_counter() - started)
            if report.ok != 1:
                raise SystemExit(f"adding an article failed: {report.failed}")
    return times


# ------------------------------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_kg(store: Path, port: int) -> subprocess.Popen[bytes]:
    code = textwrap.dedent(f"""
        from kg.api.app import create_app
        from kg.api.server import serve
        from kg.config import Settings
        s = Settings(_env_file=None, store={str(store)!r}, update_token={TOKEN!r})
        serve(create_app(s), "127.0.0.1", {port})
    """)
    return subprocess.Popen([sys.executable, "-c", code], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_oxigraph(store: Path, port: int) -> subprocess.Popen[bytes]:
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    return subprocess.Popen([exe, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def wait_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# ------------------------------------------------------------------------------------------------- timing


@dataclass
class Timing:
    ms: list[float] = field(default_factory=list)
    errors: list[int] = field(default_factory=list)
    rows: int | None = None

    def p50(self) -> float:
        return statistics.median(self.ms) if self.ms else float("nan")

    def cell(self) -> str:
        if not self.ms:
            return "—"
        text = f"{self.p50():.1f}"
        if self.errors:
            text += f" ({len(self.errors)}× {self.errors[0]})"
        return text


def timed(send: Callable[[], httpx.Response], into: Timing) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        r = send()
    except httpx.TimeoutException:
        into.ms.append((time.perf_counter() - started) * 1000)
        into.errors.append(0)
        return None
    into.ms.append((time.perf_counter() - started) * 1000)
    if r.status_code != 200:
        into.errors.append(r.status_code)
    return r


class Writer:
    """One tiny SPARQL Update per call (a new triple in a scratch graph): kills kg's caches, as any write does."""

    def __init__(self, kg: httpx.Client) -> None:
        self.kg = kg
        self.k = 0
        self.ms: list[float] = []

    def __call__(self) -> None:
        self.k += 1
        update = (f"INSERT DATA {{ GRAPH <urn:kg-bench:scratch> {{ <urn:kg-bench:s> <urn:kg-bench:p> {self.k} }} }}")
        started = time.perf_counter()
        r = self.kg.post("/update", content=update.encode(), headers={
            "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
        self.ms.append((time.perf_counter() - started) * 1000)
        if r.status_code not in (200, 204):
            raise RuntimeError(f"write refused: {r.status_code} {r.text[:200]}")


def rows_of(r: httpx.Response | None) -> int | None:
    if r is None or r.status_code != 200:
        return None
    try:
        return len(r.json()["results"]["bindings"])
    except (ValueError, KeyError):
        return None


@dataclass
class Row:
    name: str
    first: Timing = field(default_factory=Timing)
    cached: Timing = field(default_factory=Timing)
    oxigraph: Timing = field(default_factory=Timing)
    page_first: Timing = field(default_factory=Timing)
    page_cached: Timing = field(default_factory=Timing)
    page_oxigraph: Timing = field(default_factory=Timing)


def paged_forms() -> dict[str, str | None]:
    """Name → the paged form kg reads pages of it through (``queries/paged/``), if it has one."""
    from kg.queries import load_named_queries

    return {name: q.paged for name, q in load_named_queries(ROOT / "queries").items()}


def oxigraph_page(ox: httpx.Client, name: str, text: str, form: str | None, limit: int, base: str) -> httpx.Response:
    """The first page of a named query on Oxigraph, by the SPARQL kg runs for it (kg.paging): the key query and
    the paged form where the query has row keys and the store has them, else the query with LIMIT."""
    from kg.paging import Page, keyed_page, sliced

    page = Page(limit, 0)
    plain = sliced(text, page)
    keyed = keyed_page(name, form, page, base)
    accept = {"Accept": "application/sparql-results+json"}

    def values(q: str) -> list[dict[str, str]]:
        r = ox.get("/query", params={"query": q}, headers=accept)
        r.raise_for_status()
        return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]

    final = plain
    if keyed is not None:
        found = keyed.read_keys(values(keyed.keys_query()))
        if found is not None:
            final = keyed.page_query(found[0])
    return ox.get("/query", params={"query": final}, headers=accept)


#: The named queries to time (``--queries``); None: every one but those in SKIP.
ONLY: set[str] | None = None


def named_queries() -> dict[str, str]:
    """Name → SPARQL text with no parameter bound (what ``/queries/NAME`` runs without parameters)."""
    from kg.queries import load_named_queries

    out = {}
    for name, q in sorted(load_named_queries(ROOT / "queries").items()):
        if name not in SKIP and (ONLY is None or name in ONLY):
            out[name] = q.prepared({})
    return out


def sample_iris(kg: httpx.Client, base: str) -> dict[str, str]:
    """An entity, an event and an article with many attestations (the pages people open most)."""
    cg = f"{base}graph/consolidated"
    picks = {
        "entity": f"SELECT ?x WHERE {{ GRAPH <{cg}> {{ ?x <https://w3id.org/kg-news/ontology#mentionCount> ?n }} }} "
                  "ORDER BY DESC(?n) LIMIT 1",
        "event": f"SELECT ?x WHERE {{ GRAPH <{cg}> {{ ?x a <https://w3id.org/kg-news/ontology#TransferOfControl> ; "
                 "<https://w3id.org/kg-news/ontology#sourceCount> ?n } } ORDER BY DESC(?n) LIMIT 1",
        "article": "SELECT ?x WHERE { GRAPH ?g { ?x a <https://w3id.org/kg-news/ontology#Article> } } LIMIT 1",
    }
    out = {}
    for kind, q in picks.items():
        r = kg.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"})
        r.raise_for_status()
        bindings = r.json()["results"]["bindings"]
        if bindings:
            out[kind] = bindings[0]["x"]["value"]
    return out


def serve_and_time(store: Path, work: Path, repeat: int, pages_too: bool = True, page: int = 100,
                   warm_pages: bool = False,
                   ) -> tuple[list[Row], list[Row], Row, str, float]:
    """Named-query rows, page rows, the point-lookup row, the load average, and the write's p50 (ms).

    ``warm_pages``: each page is asked once (after a write) before any is timed, as the named queries are."""
    from kg.config import Settings

    base = Settings(_env_file=None).base_iri
    oxi_dir = work / "oxigraph-copy"
    shutil.rmtree(oxi_dir, ignore_errors=True)
    shutil.copytree(store, oxi_dir)
    p_kg, p_ox = free_port(), free_port()
    procs = [start_kg(store, p_kg), start_oxigraph(oxi_dir, p_ox)]
    try:
        wait_up(f"http://127.0.0.1:{p_kg}/sparql", procs[0])
        wait_up(f"http://127.0.0.1:{p_ox}/query", procs[1])
        kg = httpx.Client(base_url=f"http://127.0.0.1:{p_kg}", timeout=TIMEOUT_S)
        ox = httpx.Client(base_url=f"http://127.0.0.1:{p_ox}", timeout=TIMEOUT_S)
        write = Writer(kg)
        json_accept = {"Accept": "application/sparql-results+json"}
        samples = sample_iris(kg, base)
        # warm-up: a server that has been running (its workers started, every query text parsed once, the OS
        # caches holding the store); every query then goes on to be timed after a write of its own
        for name, text in named_queries().items():
            write()
            kg.get(f"/queries/{name}", headers=json_accept)
            ox.get("/query", params={"query": text}, headers=json_accept)
        for iri in [None, *samples.values()] if warm_pages and pages_too else []:
            write()
            kg.get("/" if iri is None else "/id/" + iri[len(base):], headers={"Accept": "text/html"})
            if iri:
                ox.get("/query", params={"query": f"DESCRIBE <{iri}>"}, headers={"Accept": "text/turtle"})
        started_load = load()

        point = Row("point lookup (`SELECT ?p ?o { <entity> ?p ?o }`)")
        point_q = f"SELECT ?p ?o WHERE {{ <{samples.get('entity', base + 'entity/x')}> ?p ?o }}"
        # kg's /sparql reads the default graph alone unless asked for the union, as Oxigraph here is
        point_kg = {"query": point_q, "union-default-graph": "true"}
        for _ in range(repeat):
            write()
            r = timed(lambda: kg.get("/sparql", params=point_kg, headers=json_accept), point.first)
            point.first.rows = rows_of(r) if point.first.rows is None else point.first.rows
            timed(lambda: kg.get("/sparql", params=point_kg, headers=json_accept), point.cached)
            o = timed(lambda: ox.get("/query", params={"query": point_q}, headers=json_accept), point.oxigraph)
            point.oxigraph.rows = rows_of(o) if point.oxigraph.rows is None else point.oxigraph.rows

        rows = []
        forms = paged_forms()
        for name, text in named_queries().items():
            row = Row(name)
            for _ in range(repeat):
                write()
                r = timed(lambda n=name: kg.get(f"/queries/{n}", headers=json_accept), row.first)  # type: ignore[misc]
                row.first.rows = rows_of(r) if row.first.rows is None else row.first.rows
                timed(lambda n=name: kg.get(f"/queries/{n}", headers=json_accept), row.cached)  # type: ignore[misc]
                o = timed(lambda t=text: ox.get("/query", params={"query": t}, headers=json_accept),  # type: ignore[misc]
                          row.oxigraph)
                row.oxigraph.rows = rows_of(o) if row.oxigraph.rows is None else row.oxigraph.rows
            for _ in range(repeat):  # the first page
                write()
                r = timed(lambda n=name: kg.get(f"/queries/{n}", params={"limit": page},  # type: ignore[misc]
                                                headers=json_accept), row.page_first)
                row.page_first.rows = rows_of(r) if row.page_first.rows is None else row.page_first.rows
                timed(lambda n=name: kg.get(f"/queries/{n}", params={"limit": page},  # type: ignore[misc]
                                            headers=json_accept), row.page_cached)
                o = timed(lambda n=name, t=text: oxigraph_page(ox, n, t, forms[n], page, base),  # type: ignore[misc]
                          row.page_oxigraph)
                row.page_oxigraph.rows = rows_of(o) if row.page_oxigraph.rows is None else row.page_oxigraph.rows
            rows.append(row)
            print(f"  {name}: first {row.first.cell()} ms, cached {row.cached.cell()} ms, oxigraph "
                  f"{row.oxigraph.cell()} ms, rows {row.first.rows}/{row.oxigraph.rows}; page of {page}: first "
                  f"{row.page_first.cell()} ms, cached {row.page_cached.cell()} ms, oxigraph "
                  f"{row.page_oxigraph.cell()} ms", flush=True)

        pages = []
        targets = [("home `/`", "/", None)] + [
            (f"{kind} `/id/{iri[len(base):].split('/')[0]}/…`", "/id/" + iri[len(base):], iri)
            for kind, iri in samples.items()] if pages_too else []
        for label, path, iri in targets:
            row = Row(label)
            for _ in range(repeat):
                write()
                timed(lambda p=path: kg.get(p, headers={"Accept": "text/html"}), row.first)  # type: ignore[misc]
                timed(lambda p=path: kg.get(p, headers={"Accept": "text/html"}), row.cached)  # type: ignore[misc]
                if iri:
                    timed(lambda i=iri: ox.get("/query", params={"query": f"DESCRIBE <{i}>"},  # type: ignore[misc]
                                               headers={"Accept": "text/turtle"}), row.oxigraph)
            pages.append(row)
            print(f"  page {label}: first {row.first.cell()} ms, cached {row.cached.cell()} ms", flush=True)
        kg.close()
        ox.close()
        print(f"  updates (one triple each): p50 {statistics.median(write.ms):.1f} ms, max {max(write.ms):.1f} ms, "
              f"{len(write.ms)} updates", flush=True)
        return rows, pages, point, f"{started_load} → {load()}", statistics.median(write.ms)
    finally:
        for proc in procs:
            stop(proc)
        shutil.rmtree(oxi_dir, ignore_errors=True)


# ----------------------------------------------------------------------------------------------- kg query


def cli_times(work: Path, repeat: int) -> tuple[list[tuple[str, float]], float, str]:
    """``kg query NAME`` wall times (median of ``repeat`` runs) on a store of the seed articles, and the baseline
    ``python -c pass``."""
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.exists():
        return [], float("nan"), "no seeds directory"
    store = work / "store-seeds"
    shutil.rmtree(store, ignore_errors=True)
    kg = str(Path(sys.executable).parent / "kg")
    subprocess.run([kg, "build", str(seeds), "--store", str(store)], check=True, capture_output=True)

    def wall(cmd: list[str]) -> float:
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            runs.append(time.perf_counter() - started)
        return statistics.median(runs)

    baseline = wall([sys.executable, "-c", "pass"])
    out = [(name, wall([kg, "query", name, "--store", str(store)])) for name in named_queries()]
    return out, baseline, load()


# ------------------------------------------------------------------------------------------------- output


def tables(sizes: list[int], built: dict[int, Built], served: dict[int, tuple[list[Row], list[Row], Row, str, float]],
           cli: tuple[list[tuple[str, float]], float, str] | None, repeat: int, page: int = 100) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    cmd = "python bench/bench_queries.py " + " ".join(sys.argv[1:])
    out = [f"{now} — `{cmd}` — {os.cpu_count()} cores shared with other jobs; load averages (1/5/15 min) are "
           "given with each table, at its start → end.", ""]
    out += ["**Build** (rules recognizer, fresh embedded store, `kg.pipeline.build`; the articles phase is reading, "
            "extraction, mapping and loading; the rest is the consolidation):", "",
            "| articles | syndicated copies | quads | articles phase s | whole build s | articles/s | load |",
            "|---|---|---|---|---|---|---|"]
    for n in sizes:
        b = built[n]
        out.append(f"| {n:,} | {b.copies:,} | {b.quads:,} | {b.articles_s:.1f} | {b.seconds:.1f} | "
                   f"{n / b.seconds:.1f} | {b.load} |")
    if len(sizes) > 1:
        a, b = built[sizes[0]], built[sizes[-1]]
        out += ["", f"time({sizes[-1]:,}) / time({sizes[0]:,}) = {b.seconds / a.seconds:.2f} for "
                f"{sizes[-1] / sizes[0]:g}× the articles."]
    out += ["", "**Adding one article** to the built store (`kg.pipeline.build` of a one-article file: pipeline set-up, "
            "extraction, one incremental transaction with its consolidation), seconds per article:", "",
            "| store | p50 s | max s | runs | load |", "|---|---|---|---|---|"]
    for n in sizes:
        b = built[n]
        if b.adds:
            out.append(f"| {n:,} articles | {statistics.median(b.adds):.2f} | {max(b.adds):.2f} | {len(b.adds)} | "
                       f"{b.add_load} |")
    for n in sizes:
        if n not in served:
            continue
        rows, pages, point, ld, write_ms = served[n]
        what = "Named queries" if rows else "The point lookup"
        out += ["", f"**{what} at {n:,} articles** — p50 ms of {repeat} requests (JSON); *first* is the first "
                f"request after a write (a one-triple update before each, p50 {write_ms:.0f} ms, not counted); "
                f"load {ld}:", "",
                f"| query | kg first | kg cached | oxigraph serve (same SPARQL) | rows kg / oxigraph | "
                f"page of {page}: kg first | kg cached | oxigraph (same paged SPARQL) |",
                "|---|---|---|---|---|---|---|---|"]
        out.append(f"| {point.name} | {point.first.cell()} | {point.cached.cell()} | {point.oxigraph.cell()} | "
                   f"{point.first.rows} / {point.oxigraph.rows} | | | |")
        for r in rows:
            out.append(f"| `{r.name}` | {r.first.cell()} | {r.cached.cell()} | {r.oxigraph.cell()} | "
                       f"{r.first.rows} / {r.oxigraph.rows} | {r.page_first.cell()} | {r.page_cached.cell()} | "
                       f"{r.page_oxigraph.cell()} |")
        if not pages:
            continue
        out += ["", f"**Pages at {n:,} articles** (HTML), p50 ms; Oxigraph: `DESCRIBE` of the same IRI:", "",
                "| page | kg first | kg cached | oxigraph DESCRIBE |", "|---|---|---|---|"]
        for r in pages:
            out.append(f"| {r.name} | {r.first.cell()} | {r.cached.cell()} | {r.oxigraph.cell()} |")
    if cli is not None:
        times, baseline, ld = cli
        if times:
            out += ["", f"**`kg query NAME`** on the five seed articles (a new process each time, median of {repeat}; "
                    f"`python -c pass` takes {baseline:.2f} s; load {ld}):", "",
                    "| query | seconds |", "|---|---|"]
            out += [f"| `{name}` | {s:.2f} |" for name, s in times]
    if SKIP:
        out += ["", "Not timed: " + "; ".join(f"`{k}` ({v})" for k, v in SKIP.items()) + "."]
    return "\n".join(out)


def write_docs(text: str) -> None:
    path = ROOT / "docs" / "performance.md"
    doc = path.read_text(encoding="utf-8")
    block = f"{MARK_BEGIN}\n{text}\n{MARK_END}"
    if MARK_BEGIN in doc:
        doc = re.sub(re.escape(MARK_BEGIN) + ".*?" + re.escape(MARK_END), lambda _m: block, doc, flags=re.S)
    else:
        doc = doc.rstrip("\n") + "\n\n## Answers at volume (`bench/bench_queries.py`)\n\n" + block + "\n"
    path.write_text(doc, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench-queries")
    ap.add_argument("--reuse", action="store_true", help="keep corpora and stores under --work between runs")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--adds", type=int, default=5, help="one-article builds per size")
    ap.add_argument("--page-limit", type=int, default=100, help="rows of the first page of each named query timed")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--no-serve", action="store_true", help="build and add articles only (no servers)")
    ap.add_argument("--no-cli", action="store_true", help="skip the kg query timings on the seeds")
    ap.add_argument("--write-docs", action="store_true", help="write the tables into docs/performance.md")
    ap.add_argument("--queries", help="time only these named queries (comma-separated names; default: all)")
    ap.add_argument("--no-pages", action="store_true", help="skip the page timings")
    ap.add_argument("--pages-only", action="store_true",
                    help="time the point lookup and the pages only (no named query; each page is asked once first)")
    args = ap.parse_args()
    global ONLY
    if args.pages_only:
        ONLY = set()
    elif args.queries is not None:
        ONLY = {q.strip() for q in args.queries.split(",") if q.strip()}
        from kg.queries import load_named_queries

        unknown = ONLY - set(load_named_queries(ROOT / "queries"))
        if unknown:
            raise SystemExit(f"no such named query: {', '.join(sorted(unknown))}")
    sizes = [int(s) for s in args.sizes.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    built: dict[int, Built] = {}
    served = {}
    for n in sizes:
        print(f"{n} articles: building (load {load()})", flush=True)
        store, built[n] = build_store(n, args.work, args.reuse)
        print(f"  build {built[n].seconds:.1f} s (articles phase {built[n].articles_s:.1f} s), "
              f"{built[n].quads:,} quads", flush=True)
        if args.build_only:
            continue
        add_load = load()
        built[n].adds = add_articles(store, n, args.adds, args.work)
        built[n].add_load = f"{add_load} → {load()}"
        print(f"  add one article: {', '.join(f'{s:.2f}' for s in built[n].adds)} s", flush=True)
        if not args.no_serve:
            served[n] = serve_and_time(store, args.work, args.repeat, pages_too=not args.no_pages, page=args.page_limit,
                                       warm_pages=args.pages_only)
    if args.build_only:
        return
    if args.no_serve:
        print(tables(sizes, built, {}, None, args.repeat))
        return
    cli = None if args.no_cli else cli_times(args.work, args.repeat)
    text = tables(sizes, built, served, cli, args.repeat, args.page_limit)
    print(text)
    if args.write_docs:
        write_docs(text)


if __name__ == "__main__":
    main()
