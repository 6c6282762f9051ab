"""kg.evaluation.links on the seed articles: no wrong QID, ≥ 0.9 of QID-bearing mentions linked."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluation.links import DEFAULT_ARTICLES, DEFAULT_GOLD, _rules, evaluate, main, read_links
from kg.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[1]


def test_links_file_keys_exist() -> None:
    gaz = Gazetteer.load(ROOT / "seeds")
    for surface, (keys, qid) in read_links(DEFAULT_GOLD / "links.tsv").items():
        for key in keys - {"-"}:
            assert key in gaz.entities, (surface, key)
            if qid:
                assert gaz.entities[key].qid == qid, (surface, key, qid)


@pytest.mark.skipif(not DEFAULT_ARTICLES.is_dir(), reason=f"seed articles not found at {DEFAULT_ARTICLES}")
def test_goal_on_seed_articles(capsys: pytest.CaptureFixture[str]) -> None:
    gaz = Gazetteer.load(ROOT / "seeds")
    for recognize in (None, _rules(gaz)):
        scores, _ = evaluate(gaz, DEFAULT_ARTICLES, DEFAULT_GOLD, recognize)
        assert scores.mentions > 200
        assert scores.qid_wrong == 0
        assert scores.qid_recall >= 0.9
        assert scores.precision >= 0.95
    assert main([]) == 0
    assert "| gold spans |" in capsys.readouterr().out
