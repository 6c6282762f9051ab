"""Seed evaluation: gold integrity, scoring arithmetic, and the CLI entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluation.ner import Span, body_start, check_gold, load_gold, load_seeds, main, score

SEEDS = Path(__file__).resolve().parents[1] / "../shared/seeds"
GOLD = Path(__file__).resolve().parent / "gold" / "entities"


def test_score_exact_match_per_type_and_micro() -> None:
    gold = [Span("d", 0, 5, "ORG"), Span("d", 10, 15, "LOC"), Span("d", 20, 25, "PER"), Span("d", 30, 33, "NORP")]
    pred = [Span("d", 0, 5, "ORG"), Span("d", 10, 14, "LOC"), Span("d", 20, 25, "ORG"), Span("d", 40, 45, "NORP")]
    s = score(gold, pred)
    assert s["ORG"]["precision"] == 0.5 and s["ORG"]["recall"] == 1.0
    assert s["LOC"]["f1"] == 0.0 and s["PER"]["recall"] == 0.0 and s["FAC"]["support"] == 0
    assert s["micro"]["tp"] == 1 and s["micro"]["fp"] == 2 and s["micro"]["fn"] == 2
    assert "NORP" not in s


def test_body_start_skips_metadata_line() -> None:
    assert body_start(" date 2026-01-18 x\nbody") == len(" date 2026-01-18 x\n")
    assert body_start("no header\nbody") == 0


def test_gold_matches_seed_text_and_convention() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    gold = load_gold(GOLD)
    assert len(gold) == 5
    texts = load_seeds(SEEDS, gold)
    check_gold(gold, texts, GOLD)
    labels = {s.label for spans in gold.values() for s in spans}
    assert labels <= {"PER", "ORG", "LOC", "FAC", "NORP"} and {"PER", "ORG", "LOC", "FAC"} <= labels
    for doc, spans in gold.items():
        text = texts[doc]
        for a, b in zip(spans, spans[1:], strict=False):
            assert a.end <= b.start, (doc, a, b)
        for s in spans:
            assert s.start >= body_start(text)
            assert text[s.start] not in " \n" and text[s.end - 1] not in " \n"


@pytest.mark.stanza
def test_cli_prints_tables(capsys: pytest.CaptureFixture[str]) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    assert main(["--seeds", str(SEEDS), "--gold", str(GOLD)]) == 0
    out = capsys.readouterr().out
    assert "**stanza" in out and "| micro |" in out and "tokens/s" in out
