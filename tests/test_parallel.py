"""kg.parallel: extraction over worker processes yields what serial extraction yields, in input order."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.model import Article

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def _articles() -> list[Article]:
    from kg.ingest import InputFailure, read_inputs

    if not EXAMPLES.is_dir():
        pytest.skip(f"{EXAMPLES} is missing")
    found = [a for a in read_inputs([EXAMPLES], max_article_bytes=5_000_000) if not isinstance(a, InputFailure)]
    extra = Article(key="broken", text="", source="empty.txt")  # an article that may fail must fail alike
    return [*found, extra, *found[:2]]


def _nquads(result: object) -> list[str]:
    from kg.rdf.mapping import extraction_to_quads

    if not hasattr(result, "facts"):
        return [f"FAILURE {result!r}"]
    graph = extraction_to_quads(result, Settings().base_iri, extracted_at=WHEN)  # type: ignore[arg-type]
    out = ox.serialize(graph.quads, format=ox.RdfFormat.N_QUADS)
    return sorted((out or b"").decode().splitlines())


def test_parallel_equals_serial() -> None:
    from kg.parallel import process_parallel
    from kg.pipeline import Pipeline, _extractions

    settings = Settings(ner="rules")
    pipeline = Pipeline(settings, ner="rules")
    articles = _articles()
    serial = list(_extractions(pipeline, articles, settings, 1, "rules"))
    parallel = list(process_parallel(articles, settings, 2, ner="rules", chunksize=2))
    assert [a.key for a, _ in parallel] == [a.key for a in articles]  # input order kept
    assert len(serial) == len(parallel) == len(articles)
    for (a, s), (b, p) in zip(serial, parallel, strict=True):
        assert a == b
        assert _nquads(s) == _nquads(p), a.key
    assert any(hasattr(r, "facts") and r.facts for _, r in parallel), "no facts at all: the test proves little"


def test_workers_must_be_positive() -> None:
    from kg.parallel import process_parallel

    with pytest.raises(ValueError):
        list(process_parallel([], Settings(), 0))
