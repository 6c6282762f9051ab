"""Tokenizer: punctuation split off, clitics kept, numbers whole, offsets into the original."""

from __future__ import annotations

import pytest

from kg.text.tokens import Token, tokenize


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("والعراق وبغداد للأمم", ["والعراق", "وبغداد", "للأمم"]),
        ("أرسلت 2,500 جندي", ["أرسلت", "2,500", "جندي"]),
        ("٢٬٥٠٠ جندي", ["٢٬٥٠٠", "جندي"]),
        ("نحو 1.5 مليون", ["نحو", "1.5", "مليون"]),
        ("في 27.9.2024،", ["في", "27.9.2024", "،"]),
        ("أيلول/سبتمبر", ["أيلول", "/", "سبتمبر"]),
        ("«داعش»", ["«", "داعش", "»"]),
        ('“التحالف” و"داعش"', ["“", "التحالف", "”", "و", '"', "داعش", '"']),
        ("(واع):", ["(", "واع", ")", ":"]),
        ("2014–2017", ["2014", "–", "2017"]),
        ("هل؟ نعم! لا؛ ربما.", ["هل", "؟", "نعم", "!", "لا", "؛", "ربما", "."]),
        ('بـ"نجاح"', ["بـ", '"', "نجاح", '"']),
        ("الأشهر الـ12", ["الأشهر", "الـ12"]),
        ("المسؤولُ إنَّ", ["المسؤولُ", "إنَّ"]),
        ("قال\u00a0الوزير\u200b.", ["قال", "الوزير", "."]),
        ("وتابع...", ["وتابع", "..."]),
        ("F-16", ["F", "-", "16"]),
        ("و3000", ["و3000"]),
        ("", []),
    ],
)
def test_tokens(text: str, tokens: list[str]) -> None:
    toks = tokenize(text)
    assert [t.text for t in toks] == tokens
    for t in toks:
        assert text[t.start : t.end] == t.text


def test_offset_is_added() -> None:
    article = "مقدمة. أرسلت واشنطن 2,500 جندي."
    start = article.index("أرسلت")
    toks = tokenize(article[start:], offset=start)
    assert toks[0] == Token(start, start + 5, "أرسلت")
    for t in toks:
        assert article[t.start : t.end] == t.text


def test_token_is_frozen() -> None:
    tok = Token(0, 1, "x")
    with pytest.raises(AttributeError):
        tok.start = 2  # type: ignore[misc]
