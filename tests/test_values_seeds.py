"""The language layer on the five real seed articles (read from ../shared/seeds, never copied).

Checks that spans are consistent everywhere; the only seed-specific assertions are two dates verified by
reading the articles.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from kg.text import normalize, split_sentences, tokenize
from kg.values.dates import find_dates
from kg.values.numbers import find_quantities

_HEADER_DATE = re.compile(r"\bdate (\d{4}-\d{2}-\d{2})")
_VALUE = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}", "decade": r"\d{3}0"}


def _articles(seeds_dir: Path) -> list[tuple[str, str, date | None]]:
    out = []
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        m = _HEADER_DATE.search(text[:200])
        out.append((path.name, text, date.fromisoformat(m.group(1)) if m else None))
    if not out:
        pytest.skip(f"no seed articles in {seeds_dir}")
    return out


def test_sentences_cover_the_text(seeds_dir: Path) -> None:
    for name, text, _ in _articles(seeds_dir):
        sents = split_sentences(text)
        assert len(sents) >= 5, name
        covered = [False] * len(text)
        prev_end = 0
        for i, s in enumerate(sents):
            assert s.index == i and s.start >= prev_end and text[s.start : s.end] == s.text == s.text.strip()
            prev_end = s.end
            covered[s.start : s.end] = [True] * (s.end - s.start)
        missed = [c for c, ok in zip(text, covered, strict=True) if not ok and not c.isspace()]
        assert missed == [], (name, missed)
        for s in sents:
            # a full stop glued between two Arabic words («العراقي.وأكد») always ends a sentence
            assert not re.search(r"[\u0621-\u064a]{2}\.[\u0621-\u064a]", s.text), (name, s.text)


def test_tokens_and_normalization_map_back(seeds_dir: Path) -> None:
    for name, text, _ in _articles(seeds_dir):
        for s in split_sentences(text):
            for tok in tokenize(s.text, offset=s.start):
                assert text[tok.start : tok.end] == tok.text, name
        norm = normalize(text)
        assert len(norm.offsets) == len(norm.text) + 1
        for m in re.finditer(r"\S+", norm.text):
            a, b = norm.to_original(m.start(), m.end())
            assert normalize(text[a:b]).text.strip() == m.group(), (name, m.group())


def test_dates_on_seeds(seeds_dir: Path) -> None:
    values: set[str] = set()
    for name, text, published in _articles(seeds_dir):
        whole = find_dates(text, published)
        per_sentence = []
        for s in split_sentences(text):
            per_sentence += find_dates(s.text, published, offset=s.start)
        assert [(t.start, t.end, t.value) for t in whole] == [
            (t.start, t.end, t.value) for t in per_sentence
        ], name
        for t in whole:
            assert text[t.start : t.end] == t.text, name
            if t.basis == "unresolved":
                assert published is None and t.value is None and t.earliest is None and t.latest is None
                continue
            assert t.value is not None and t.precision is not None
            assert re.fullmatch(_VALUE[t.precision], t.value), t
            if t.earliest and t.latest:
                assert t.earliest <= t.latest, t
            values.add(t.value)
        if published is None:
            assert all(t.basis in ("absolute", "vague", "unresolved") for t in whole), name
    # verified by reading the seeds: the government statement and the joint statement
    assert {"2024-09-27", "2025-11-06"} <= values


def test_quantities_on_seeds(seeds_dir: Path) -> None:
    for name, text, published in _articles(seeds_dir):
        date_spans = [(t.start, t.end) for t in find_dates(text, published)]
        for s in split_sentences(text):
            for q in find_quantities(s.text, offset=s.start):
                assert text[q.start : q.end] == q.text, name
                assert not any(a < q.end and q.start < b for a, b in date_spans), (name, q)
                if q.qualifier == "range":
                    assert q.min is not None and q.max is not None and q.min < q.max
                else:
                    assert q.value is not None and q.value > 0
