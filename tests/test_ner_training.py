"""Training data for the project's Stanza NER model: markup, plain sentences, silver sentences (no training run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import ExtractionError, ResourceMissingError
from kg.ner.stanza_ner import default_tokenizer
from kg.ner.training import (
    DATA_DIR,
    TYPES,
    article_texts,
    build_dataset,
    data_fingerprint,
    load_config,
    parse_markup,
    read_lines,
    silver_examples,
    silver_files,
    to_tagged,
)


def test_parse_markup_keeps_clitic_outside_span() -> None:
    ex = parse_markup("وبحث [PER فؤاد حسين] مع و[LOC واشنطن] الخطوة .")
    assert ex.text == "وبحث فؤاد حسين مع وواشنطن الخطوة ."
    assert [(ex.text[s:e], t) for s, e, t in ex.spans] == [("فؤاد حسين", "PER"), ("واشنطن", "LOC")]


def test_plain_sentences_are_entity_poor_and_parse() -> None:
    lines = read_lines(DATA_DIR / "plain.txt")
    examples = [parse_markup(x) for x in lines]
    assert len(examples) >= 80
    n_tokens = sum(len(e.text.split()) for e in examples)
    n_entities = sum(len(e.spans) for e in examples)
    assert n_entities / n_tokens < 0.02  # almost every word is O


def test_silver_sources_are_project_articles_not_seeds() -> None:
    config = load_config()
    files = silver_files(config)
    assert files and all("shared/seeds" not in p.as_posix() for p in files)
    bad = {**config, "silver": {"sources": ["../shared/seeds"]}}
    with pytest.raises(ExtractionError, match="evaluation set"):
        silver_files(bad)
    with pytest.raises(ResourceMissingError):
        silver_files({**config, "silver": {"sources": ["no/such/folder"]}})


def test_silver_examples_labelled_by_rules_rest_is_o() -> None:
    config = load_config()
    examples = silver_examples(config)
    assert len(examples) >= 80
    assert examples == silver_examples(config)  # deterministic
    tokenize = default_tokenizer()
    rows = [r for e in examples for r in to_tagged(e, tokenize)]
    tags = [r["ner"] for r in rows]
    outside = sum(t == "O" for t in tags) / len(tags)
    assert 0.7 < outside < 0.98  # real-style: mostly non-entity words, some names
    assert {t[2:] for t in tags if t != "O"} <= set(TYPES)
    # a gazetteer name in a project article is labelled; its clitic stays outside the span
    found = {(e.text[s:en], t) for e in examples for s, en, t in e.spans}
    assert ("التحالف الدولي", "ORG") in found
    assert all(not text.startswith("و") or text in {"واشنطن"} for text, _ in found if _ == "LOC")


def test_article_texts_reads_txt_jsonl_html(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(" date 2025-01-01 https://x.example\nنص الخبر هنا .", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"title": "عنوان", "text": "نص"}\n', encoding="utf-8")
    (tmp_path / "c.html").write_text("<html><script>x()</script><p>فقرة أولى</p></html>", encoding="utf-8")
    assert article_texts(tmp_path / "a.txt") == ["نص الخبر هنا ."]
    assert article_texts(tmp_path / "b.jsonl") == ["عنوان\nنص"]
    assert article_texts(tmp_path / "c.html") == ["فقرة أولى"]


def test_dataset_is_deterministic_and_includes_all_sources() -> None:
    config = load_config()
    tokenize = default_tokenizer()
    train1, dev1, _ = build_dataset(config, tokenize)
    train2, dev2, _ = build_dataset(config, tokenize)
    assert train1 == train2 and dev1 == dev2
    texts = {" ".join(r["text"] for r in s) for s in train1}
    plain = parse_markup(read_lines(DATA_DIR / "plain.txt")[0]).text
    assert " ".join(t.text for t in tokenize(plain, 0)) in texts or len(dev1) > 0
    assert len(data_fingerprint()) == 64
