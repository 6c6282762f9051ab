"""Random Arabic-like text: no function of the layer raises, and every span indexes its input."""

from __future__ import annotations

import random
from datetime import date

from kg.text import normalize, normalize_key, split_sentences, tokenize
from kg.values.dates import find_dates
from kg.values.numbers import find_quantities, parse_number

PIECES = (
    "أيلول آب اب مارس كانون الثاني تشرين الأول سبتمبر يناير الأحد السبت أمس اليوم غداً الماضي المقبل "
    "الجاري العام الشهر الأسبوع عام عامي بين و من إلى حتى بحلول منذ قبل بعد خلال مطلع نهاية منتصف نحو "
    "أكثر أقل لا يتجاوز ما يصل جندي مقاتل مستشار عنصر ألف آلاف ألفين مليون نصف ثلاثة عشر مئة اللواء "
    'دولار كم % ٪ . ، ؛ ؟ ! « » " “ ” ( ) / - – ـ َ ً ّ \u00a0 \u200b \n 0 1 2 9 12 27 31 2014 2024 2,500 '
    "٢٠٢٤ ٢٬٥٠٠ ٫ ٬ 27.9.2024 1.5 https://x.com/2024/ الـ F-16"
).split(" ")


def test_random_text_is_handled() -> None:
    rng = random.Random(20260118)
    for _ in range(400):
        text = "".join(
            rng.choice(PIECES) + rng.choice(("", " ", " ", "  ")) for _ in range(rng.randint(0, 30))
        )
        norm = normalize(text)
        assert len(norm.offsets) == len(norm.text) + 1
        normalize_key(text)
        parse_number(text)
        for s in split_sentences(text):
            assert text[s.start : s.end] == s.text
        for t in tokenize(text):
            assert text[t.start : t.end] == t.text
        for pub in (date(2026, 1, 18), None):
            for tv in find_dates(text, pub):
                assert text[tv.start : tv.end] == tv.text
                if tv.earliest and tv.latest:
                    assert tv.earliest <= tv.latest
        for q in find_quantities(text):
            assert text[q.start : q.end] == q.text
