"""The ``kg`` command line: build, query, serve, export, stats, validate, link, models.

Thin by design: parse options, call the pipeline / store / API, print with rich. Every ``KgError`` becomes
one line on stderr and a non-zero exit status; no traceback ever reaches the user.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from kg import __version__
from kg.config import Settings, get_settings
from kg.errors import ConfigError, KgError, QueryError

if TYPE_CHECKING:
    from kg.paging import KeyedPage
    from kg.store import Store

app = typer.Typer(
    name="kg",
    help="Build a knowledge graph from Arabic news articles and serve it over SPARQL.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# No emoji codes: a ":name:" in the data stays as written, and rich's emoji table (~10 ms) is never loaded.
out = Console(emoji=False)
err = Console(stderr=True, emoji=False)

StoreOpt = Annotated[str | None, typer.Option("--store", help="Store directory or http(s) URL [env KG_STORE]")]


class Ner(StrEnum):
    stanza = "stanza"
    rules = "rules"
    both = "both"


class Executor(StrEnum):
    local = "local"
    dask = "dask"


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"


class Lang(StrEnum):
    en = "en"
    ar = "ar"


class ExportFormat(StrEnum):
    nquads = "nquads"
    trig = "trig"
    turtle = "turtle"
    jsonld = "jsonld"
    quickstatements = "quickstatements"


_RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}

_EXPORT_MEDIA = {
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
}


def _shown(store: str) -> str:
    """The store as printed: a URL's credentials (user info, token parameters) are never shown."""
    from kg.store.remote import redact_url

    return redact_url(store) if store.startswith(("http://", "https://")) else store


def _settings(**overrides: object) -> Settings:
    base = get_settings()
    update = {k: v for k, v in overrides.items() if v is not None}
    if not update:
        return base
    try:
        return Settings.model_validate({**base.model_dump(), **update})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid option: {problems}") from None


@app.callback()
def _startup() -> None:
    """Validate the settings once, before any command runs."""
    get_settings()


def _open(settings: Settings, *, read_only: bool = False) -> Store:
    from kg.store import open_store

    return open_store(settings.store, read_only=read_only)


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders (.txt, .jsonl, .html)")],
    store: StoreOpt = None,
    ner: Annotated[Ner | None, typer.Option(help="Recognizers: stanza, rules or both [env KG_NER]")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Extraction processes [env KG_WORKERS]")] = None,
    executor: Annotated[
        Executor | None, typer.Option(help="local processes, or a Dask cluster (pip install 'kg[dask]') [env KG_EXECUTOR]")
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (tcp://host:8786) or local:N; implies --executor dask "
                          "[env KG_DASK_SCHEDULER]"),
    ] = None,
) -> None:
    """Read articles, extract entities and facts, and commit them to the store."""
    from kg.pipeline import build as run_build

    if scheduler and executor is None:
        executor = Executor.dask
    settings = _settings(store=store, ner=ner.value if ner else None, workers=workers,
                         executor=executor.value if executor else None, dask_scheduler=scheduler)
    with _open(settings) as st:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        progress = Progress(
            TextColumn("[bold]building"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[last]}"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        )
        with progress:
            task = progress.add_task("build", total=None, last="")

            def step(source: str, ok: bool) -> None:
                progress.update(task, advance=1, last=Path(source).name + ("" if ok else " ✗"))

            def status(line: str) -> None:
                progress.console.print(line, highlight=False, markup=False, soft_wrap=True)

            report = run_build(paths, st, settings, workers=settings.workers, on_progress=step, on_status=status)
    from rich.table import Table

    table = Table(title="kg build", show_header=False)
    table.add_row("articles ok", str(report.ok))
    table.add_row("articles failed", str(len(report.failed)))
    table.add_row("facts", str(report.facts))
    table.add_row("entities", str(report.entities))
    table.add_row("events", str(report.events))
    table.add_row("triples", str(report.triples))
    table.add_row("seconds", f"{report.seconds:.2f}")
    table.add_row("store", _shown(settings.store))
    out.print(table)
    for warning in report.warnings:
        err.print(f"[yellow]warning[/yellow] {warning}", markup=True, highlight=False)
    for failure in report.failed:
        err.print(f"[red]failed[/red] {failure.source}: {failure.reason}", markup=True, highlight=False)
    if report.failed:
        raise typer.Exit(1)


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A named query in queries/ (e.g. base-handovers) or a .rq file")],
    store: StoreOpt = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f", help="Output format")] = QueryFormat.table,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="name=value (repeatable)")] = None,
    wide: Annotated[
        bool, typer.Option("--wide", help="Table format: every variable, not just the columns a person reads")
    ] = False,
    lang: Annotated[Lang, typer.Option("--lang", help="Table format: language of the labels shown")] = Lang.en,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Rows of one page (1 to KG_QUERY_RESULT_LIMIT); default: all")
    ] = None,
    offset: Annotated[
        int | None, typer.Option("--offset", help="Rows before the page, in the query's ORDER BY order")
    ] = None,
) -> None:
    """Run a named query or a SPARQL file against the store.

    The table format shows labels and the columns a person reads, dates at their precision; json, csv and
    tsv give every variable of the query's contract. --limit/--offset read one page of the answer (the pages of
    one store partition the whole answer, in its order).
    """
    from kg import results
    from kg.paging import keyed_page, parse_page, sliced
    from kg.queries import load_named_queries, paged_form, parse_named_query

    settings = _settings(store=store)
    values: dict[str, str] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise QueryError(f"--param {item!r} is not name=value")
        values[key.strip()] = value
    path = Path(name)
    if name.endswith(".rq") or path.is_file():
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read query file {path}: {exc}") from None
        named = parse_named_query(path.stem, source)
    elif (settings.queries_dir / f"{name}.rq").is_file():  # parse only the query asked for
        named = parse_named_query(name, (settings.queries_dir / f"{name}.rq").read_text(encoding="utf-8"),
                                  paged_form(settings.queries_dir, name) if limit or offset else None)
    else:
        queries = load_named_queries(settings.queries_dir)
        raise QueryError(f"no named query {name!r}", hint="known: " + ", ".join(sorted(queries)))
    terms = named.bind(values)
    text = named.prepared(terms)
    page = parse_page(limit, offset, settings.query_result_limit)
    keyed = None
    if page is not None:
        if named.kind != "SELECT":
            raise QueryError(f"query '{named.name}' is a {named.kind}: only SELECT queries are read by pages")
        keyed = None if terms else keyed_page(named.name, named.paged, page, settings.base_iri)
        text = sliced(text, page)
    with _open(settings, read_only=True) as st:
        if keyed is not None:
            text = _keyed_text(st, keyed, text)
        variables, rows = st.select(text, union_default_graph=True)
        if fmt is not QueryFormat.table:
            text = results.serialize(variables, rows, _RESULT_MEDIA[fmt.value])
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            return
        from kg import display

        labels: dict[str, str] = {}
        iris = [] if wide else display.labelled_iris(display.reading(named.name, variables), rows)
        if iris:
            # display labels first (once per entity); rdfs:label, which every article graph repeats, for the rest
            _, found = st.select(display.label_lookup(iris, (display.SKOS_PREF_LABEL,)), union_default_graph=True)
            named_iris = {r["s"].value for r in found}
            rest = [i for i in iris if i not in named_iris]
            if rest:
                found += st.select(display.label_lookup(rest, (display.RDFS_LABEL,)), union_default_graph=True)[1]
            labels = display.choose_labels(
                [(r["s"].value, r["p"].value, r["l"].value, getattr(r["l"], "language", None) or "")
                 for r in found], lang.value)
    out.print(display.table(named.name, variables, rows, settings.base_iri, width=out.width, wide=wide,
                            lang=lang.value, labels=labels))


def _keyed_text(st: Store, keyed: KeyedPage, plain: str) -> str:
    """The text of a page read through row keys (kg.paging.KeyedPage), or ``plain`` when the store has none."""

    def values(text: str) -> list[dict[str, str]]:
        return [{k: v.value for k, v in row.items()} for row in st.select(text, union_default_graph=False)[1]]

    found = keyed.read_keys(values(keyed.keys_query()))
    if found is None:
        return plain
    keys, tied = found
    before = int(values(keyed.count_query(tied))[0]["n"]) if tied is not None else None
    return keyed.page_query(keys, before)


@app.command()
def serve(
    store: StoreOpt = None,
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port")] = 8000,
    update_token: Annotated[
        str | None, typer.Option(help="Bearer token that enables updates [env KG_UPDATE_TOKEN]")
    ] = None,
) -> None:
    """Serve the store over SPARQL 1.1 (query, update with a token, Graph Store Protocol) and web pages."""
    from kg.api.app import create_app
    from kg.api.server import serve as run_server

    settings = _settings(store=store, update_token=update_token)
    application = create_app(settings)
    err.print(f"kg {__version__} serving {_shown(settings.store)} on http://{host}:{port}/", highlight=False)
    run_server(application, host, port)


@app.command()
def export(
    store: StoreOpt = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Serialization")] = ExportFormat.nquads,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default stdout)")] = None,
) -> None:
    """Export the whole graph (or QuickStatements proposals for Wikidata)."""
    settings = _settings(store=store)
    with _open(settings, read_only=True) as st:
        if fmt is ExportFormat.quickstatements:
            from kg.link.export import quickstatements_for_store

            text = quickstatements_for_store(st, settings.queries_dir)
            data = text.encode("utf-8")
            if output:
                output.write_bytes(data)
            else:
                sys.stdout.write(text)
            return
        media = _EXPORT_MEDIA[fmt.value]
        if output:
            with output.open("wb") as fh:
                st.dump(fh, media)
        else:
            st.dump(sys.stdout.buffer, media)
            sys.stdout.buffer.flush()


@app.command()
def stats(store: StoreOpt = None) -> None:
    """Counts: articles, entities, facts, graphs and triples in the store."""
    from kg.rdf.stats import store_stats

    settings = _settings(store=store)
    with _open(settings, read_only=True) as st:
        figures = store_stats(st, settings.base_iri)
    from rich.table import Table

    table = Table(title=f"kg stats — {_shown(settings.store)}", show_header=False)
    for key, value in figures.items():
        table.add_row(key, str(value))
    out.print(table)


@app.command()
def validate(store: StoreOpt = None) -> None:
    """Check the graph against the SHACL shapes in ontology/shapes.ttl."""
    from kg.rdf.validate import validate_store

    settings = _settings(store=store)
    with _open(settings, read_only=True) as st:
        report = validate_store(st, settings.ontology_dir / "shapes.ttl")
    if report.conforms:
        out.print("[green]conforms[/green]: the graph satisfies every shape")
        return
    for line in report.violations:
        err.print(str(line), highlight=False, markup=False)
    err.print(f"{len(report.violations)} violation(s)")
    raise typer.Exit(1)


@app.command()
def version() -> None:
    """Print kg's version."""
    out.print(f"kg {__version__}")


def _mount_optional() -> None:
    """Sub-commands owned by other modules (models, link) are added when present."""
    try:
        from kg.cli_models import models_app
    except ImportError:
        pass
    else:
        app.add_typer(models_app, name="models", help="Train, fetch and inspect NER models.")
    try:
        from kg.link.cli import link_command
    except ImportError:
        pass
    else:
        app.command(name="link")(link_command)


_mount_optional()


def main() -> None:
    """Console-script entry point: one clear line per error, never a traceback."""
    try:
        app()
    except KgError as exc:
        err.print(f"error: {exc}", highlight=False, markup=False)
        sys.exit(2 if isinstance(exc, ConfigError) else 1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 — the outermost handler
        err.print(f"internal error: {type(exc).__name__}: {exc}", highlight=False, markup=False)
        sys.exit(70)
