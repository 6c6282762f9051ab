"""Wires the stages: articles → sentences → mentions → links → dates/quantities → facts → RDF → store.

``Pipeline.process`` is a pure function of one article (no store, no I/O), so extraction can run in worker
processes; ``build`` is the single writer that commits the article graphs and their consolidation in batches
(``kg.rdf.incremental``; a build killed half-way keeps every batch it already committed).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pyoxigraph import Quad

from kg.config import NerChoice, Settings
from kg.errors import KgError, ResourceMissingError
from kg.model import Article, Extraction, Mention, Quantity, TimeValue
from kg.store import Store

#: Articles per bulk-load call when building into an empty store (see docs/performance.md, Loading).
FRESH_BATCH_ARTICLES = 250
#: Articles per transaction (article graphs and their consolidation) when the store already has content.
INCREMENTAL_BATCH_ARTICLES = 50


@dataclass(frozen=True)
class Failure:
    """An input that could not be built, with the reason shown to the user."""

    source: str
    reason: str


@dataclass(frozen=True)
class MappedArticle:
    """An article already turned into its named graph (by a Dask worker): what the single writer commits."""

    graph: str
    quads: list[Quad]
    facts: int


@dataclass
class BuildReport:
    ok: int = 0
    failed: list[Failure] = field(default_factory=list)
    entities: int = 0
    events: int = 0
    facts: int = 0
    triples: int = 0
    seconds: float = 0.0
    articles: list[str] = field(default_factory=list)  # keys of committed articles, in input order
    warnings: list[str] = field(default_factory=list)  # "source: what was wrong" for inputs read anyway


class Pipeline:
    """The NLP stages for one configuration; build it once, call :meth:`process` per article."""

    def __init__(self, settings: Settings, *, ner: NerChoice | None = None) -> None:
        from kg.gazetteer import Gazetteer
        from kg.lexicon import Lexicon
        from kg.link.linker import Linker
        from kg.ner.recognizers import build_recognizers

        self.settings = settings
        self.gazetteer = Gazetteer.load(settings.seeds_dir)
        self.lexicon = Lexicon.load(settings.seeds_dir)
        self.recognizers = build_recognizers(ner or settings.ner, settings, self.gazetteer, self.lexicon)
        self.linker = Linker(self.gazetteer, self.lexicon)

    def process(self, article: Article) -> Extraction:
        """Run every stage over one article; raises ``KgError`` for a failure that concerns this article only."""
        from kg.extract import extract_facts
        from kg.ner.merge import merge_mentions
        from kg.text.analysis import analyze
        from kg.values.dates import find_dates
        from kg.values.numbers import find_quantities

        analysis = analyze(article.text)  # the one analysis of the text every stage reads
        sentences = analysis.sentences
        tokens = analysis.tokens()
        found: list[list[Mention]] = [r.recognize(article.text, sentences, tokens) for r in self.recognizers]
        merged = merge_mentions(*found)
        mentions, entities = self.linker.link(merged, article)
        precision = article.published_precision
        per_sentence = [find_dates(s.text, article.published, s.start, published_precision=precision)
                        for s in sentences]
        quantities: list[Quantity] = [q for s in sentences for q in find_quantities(s.text, s.start)]
        if article.published is None:
            # an undated report: a weekday and day with no year («الثلاثاء 19 أبريل») fall in the latest year it
            # names; only sentences with a time left unresolved are read again
            years = [t.latest.year for ts in per_sentence for t in ts if t.basis == "absolute" and t.latest is not None]
            if years:
                anchor = max(years)
                per_sentence = [find_dates(s.text, None, s.start, anchor_year=anchor)
                                if any(t.value is None for t in ts) else ts
                                for s, ts in zip(sentences, per_sentence, strict=True)]
        times: list[TimeValue] = [t for ts in per_sentence for t in ts]
        facts = extract_facts(article, sentences, mentions, entities, times, quantities, self.lexicon, self.gazetteer,
                              analysis)
        methods = {r.name: r.version for r in self.recognizers}
        return Extraction(
            article=article,
            sentences=sentences,
            mentions=mentions,
            entities=entities,
            times=times,
            quantities=quantities,
            facts=facts,
            methods=methods,
        )


    def process_or_fail(self, article: Article) -> Extraction | Failure:
        """:meth:`process`, with any failure of this one article returned as a :class:`Failure` (the batch goes on;
        serial and parallel builds report the same reasons)."""
        try:
            return self.process(article)
        except KgError as exc:
            return Failure(article.source, str(exc))
        except Exception as exc:  # noqa: BLE001 — one bad article never stops the batch
            return Failure(article.source, f"extraction failed: {type(exc).__name__}: {exc}")


#: The last Pipeline built by :func:`build`, with the key it was built for (see :func:`pipeline_for`).
_LAST_PIPELINE: list[tuple[tuple[object, ...], Pipeline]] = []


def _seeds_state(seeds_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every seed file: a changed seed builds a new Pipeline."""
    if not seeds_dir.is_dir():
        return ()
    return tuple(sorted((str(p.relative_to(seeds_dir)), st.st_size, st.st_mtime_ns)
                        for p in seeds_dir.rglob("*") if p.is_file() for st in [p.stat()]))


def pipeline_for(settings: Settings, ner: NerChoice | None = None) -> Pipeline:
    """A Pipeline for these settings, reused from the previous build of this process when nothing it reads
    changed: setting one up (gazetteer, lexicons, recognizers) costs ~1 s, more than extracting one article, so a
    process that adds articles one at a time (a server, a watcher) would otherwise pay it for each."""
    key = (settings.model_dump_json(exclude={"store"}), ner, _seeds_state(settings.seeds_dir))
    if _LAST_PIPELINE and _LAST_PIPELINE[0][0] == key:
        return _LAST_PIPELINE[0][1]
    pipeline = Pipeline(settings, ner=ner)
    _LAST_PIPELINE[:] = [(key, pipeline)]
    return pipeline


def _extractions(
    pipeline: Pipeline | None,
    articles: Iterable[Article],
    settings: Settings,
    workers: int,
    ner: NerChoice | None,
    extracted_at: datetime | None = None,
    on_status: Callable[[str], None] | None = None,
) -> Iterator[tuple[Article, Extraction | MappedArticle | Failure]]:
    """Extraction results in input order: serially, over worker processes or on a Dask cluster (each worker
    with its own Pipeline)."""
    if settings.executor == "dask":
        try:
            from kg.cluster import process_dask
        except ImportError as exc:
            if (exc.name or "").partition(".")[0] not in ("dask", "distributed"):
                raise
            raise ResourceMissingError(
                "kg build --executor dask needs dask.distributed", hint="pip install 'kg[dask]'"
            ) from None
        when = extracted_at or datetime.now(UTC).replace(microsecond=0)
        yield from process_dask(articles, settings, ner=ner, extracted_at=when, on_status=on_status)
        return
    if pipeline is None:
        from kg.parallel import process_parallel

        yield from process_parallel(articles, settings, workers, ner=ner)
        return
    for article in articles:
        yield article, pipeline.process_or_fail(article)


def build(
    paths: Sequence[Path],
    store: Store,
    settings: Settings,
    *,
    ner: NerChoice | None = None,
    workers: int = 1,
    on_progress: Callable[[str, bool], None] | None = None,
    on_status: Callable[[str], None] | None = None,
    extracted_at: datetime | None = None,
) -> BuildReport:
    """Read, extract and commit every article under ``paths``, with their consolidation.

    ``extracted_at`` pins the provenance time stamp (default: now), so two builds can be compared quad for
    quad; ``on_status`` hears one-line notices (the Dask dashboard address)."""
    from kg.ingest import InputFailure, read_inputs
    from kg.rdf.mapping import extraction_to_quads, ontology_quads

    started = time.perf_counter()
    report = BuildReport()
    pipeline = pipeline_for(settings, ner) if workers <= 1 and settings.executor == "local" else None
    extracted_at = extracted_at or datetime.now(UTC).replace(microsecond=0)

    def readable() -> Iterator[Article]:
        for item in read_inputs(paths, max_article_bytes=settings.max_article_bytes):
            if isinstance(item, InputFailure):
                report.failed.append(Failure(item.source, item.reason))
                if on_progress:
                    on_progress(item.source, False)
            else:
                report.warnings += [f"{item.source}: {w}" for w in item.warnings]
                yield item

    # A fresh store is filled through the bulk loader in batches (a kill loses at most the batch in progress);
    # a store with content gets one atomic transaction per batch of articles, their consolidation included, so
    # readers never see half an article (kg.rdf.incremental).
    from kg.gazetteer import Gazetteer
    from kg.rdf.incremental import Committer

    seeds = pipeline.gazetteer if pipeline else Gazetteer.load(settings.seeds_dir)
    committer = Committer(store, settings.base_iri, list(seeds.entities.values()),
                          ontology_quads(settings.ontology_dir, settings.base_iri), fresh_batch=FRESH_BATCH_ARTICLES,
                          incremental_batch=INCREMENTAL_BATCH_ARTICLES)
    pending: list[tuple[Article, int]] = []

    def commit() -> None:
        committer.flush()
        for done, n_facts in pending:
            report.ok += 1
            report.facts += n_facts
            report.articles.append(done.key)
            if on_progress:
                on_progress(done.source, True)
        pending.clear()

    for article, result in _extractions(pipeline, readable(), settings, workers, ner, extracted_at, on_status):
        if isinstance(result, Failure):
            report.failed.append(result)
            if on_progress:
                on_progress(article.source, False)
            continue
        if isinstance(result, MappedArticle):
            committer.add(result.graph, result.quads)
            pending.append((article, result.facts))
        else:
            graph = extraction_to_quads(result, settings.base_iri, extracted_at=extracted_at)
            committer.add(graph.graph, graph.quads)
            pending.append((article, len(result.facts)))
        if committer.due():
            commit()
    commit()
    summary = committer.finish()
    report.entities = summary.entities
    report.events = summary.events
    report.triples = summary.quads
    report.seconds = time.perf_counter() - started
    return report
