"""kg.pipeline.build: fresh (bulk) and incremental (atomic) commits agree; an interrupted build keeps what it
committed and leaves a store that opens."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import kg.pipeline as pipeline_mod
from kg.pipeline import build
from kg.store import open_store

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run in

EXAMPLES = PROJECT_ROOT / "examples" / "articles"


def _article_graphs(store) -> list[str]:  # noqa: ANN001
    return [g for g in store.named_graphs() if "/graph/article/" in g]


def _dump(store) -> set[bytes]:  # noqa: ANN001
    out = io.BytesIO()
    store.dump(out, "application/n-quads")
    # the extraction time differs between builds; everything else must be identical
    return {line for line in out.getvalue().splitlines() if b"XMLSchema#dateTime" not in line}


def test_pipeline_fresh_bulk_build_equals_incremental_build(make_settings, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pipeline_mod, "FRESH_BATCH_ARTICLES", 2)
    settings = make_settings(ner="rules")
    fresh = open_store(str(tmp_path / "fresh"))
    report = build([EXAMPLES], fresh, settings)
    assert report.ok >= 6 and not report.failed
    incremental = open_store(str(tmp_path / "incremental"))
    first = sorted(EXAMPLES.glob("01_*"))
    build(first, incremental, settings)  # the store is no longer empty: the rest goes article by article
    build([EXAMPLES], incremental, settings)
    assert _dump(fresh) == _dump(incremental)
    fresh.close()
    incremental.close()


def test_pipeline_interrupted_build_keeps_committed_articles(make_settings, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pipeline_mod, "INCREMENTAL_BATCH_ARTICLES", 1)  # one transaction per article
    settings = make_settings(ner="rules")
    path = tmp_path / "store"
    store = open_store(str(path))
    build(sorted(EXAMPLES.glob("01_*")), store, settings)  # not empty: atomic commits of a batch follow
    seen: list[str] = []

    def stop_after_three(source: str, ok: bool) -> None:
        seen.append(source)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build([EXAMPLES], store, settings, on_progress=stop_after_three)
    store.close()
    reopened = open_store(str(path))
    assert len(_article_graphs(reopened)) == 3  # the one built before (re-committed) and two more
    reopened.close()


def test_pipeline_for_reuses_the_pipeline_until_what_it_reads_changes(make_settings, tmp_path: Path) -> None:
    import shutil

    seeds = tmp_path / "seeds"
    shutil.copytree(make_settings().seeds_dir, seeds)
    settings = make_settings(ner="rules", seeds_dir=seeds)
    first = pipeline_mod.pipeline_for(settings)
    assert pipeline_mod.pipeline_for(settings) is first
    assert pipeline_mod.pipeline_for(make_settings(ner="rules", seeds_dir=seeds)) is first  # equal settings
    other = pipeline_mod.pipeline_for(make_settings(ner="rules", seeds_dir=seeds, base_iri="https://example.org/id/"))
    assert other is not first
    assert pipeline_mod.pipeline_for(settings) is not other  # a single entry: the last one
    kept = pipeline_mod.pipeline_for(settings)
    seed_file = next(p for p in sorted(seeds.rglob("*")) if p.is_file())
    seed_file.write_bytes(seed_file.read_bytes() + b"\n")  # a seed changed: a new gazetteer is read
    assert pipeline_mod.pipeline_for(settings) is not kept
