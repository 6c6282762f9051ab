"""Hand-built language-layer inputs for the fact-extraction tests, so they do not depend on the sentence
splitter, NER, linker or value finders: give the text, the spans to mark and what they stand for."""

from __future__ import annotations

import re
from datetime import date

from kg.extract import extract_facts
from kg.model import Article, Entity, Extraction, Fact, Mention, Quantity, Sentence, TimeValue, TroopCount
from kg.pipeline import Pipeline

TYPES = {
    "ain": ("ain-al-asad-air-base", "AirBase", "قاعدة عين الأسد الجوية", "FAC"),
    "taji": ("camp-taji", "MilitaryBase", "معسكر التاجي", "FAC"),
    "qaim": ("al-qaim-base", "MilitaryBase", "قاعدة القائم", "FAC"),
    "coalition": ("global-coalition", "Coalition", "التحالف الدولي", "ORG"),
    "army": ("iraqi-army", "ArmedForce", "الجيش العراقي", "ORG"),
    "usf": ("us-forces", "ArmedForce", "القوات الأمريكية", "ORG"),
    "us": ("united-states", "Country", "الولايات المتحدة", "LOC"),
    "iraq": ("iraq", "Country", "العراق", "LOC"),
    "syria": ("syria", "Country", "سوريا", "LOC"),
    "erbil": ("erbil", "City", "أربيل", "LOC"),
    "krg": ("kurdistan-region", "Region", "إقليم كردستان", "LOC"),
    "baghdad": ("baghdad", "City", "بغداد", "LOC"),
    "washington": ("washington", "City", "واشنطن", "LOC"),
    "committee": ("higher-military-committee", "GovernmentBody", "اللجنة العسكرية العليا", "ORG"),
    "mod": ("iraqi-ministry-of-defence", "GovernmentBody", "وزارة الدفاع العراقية", "ORG"),
    "allawi": ("hussein-allawi", "Person", "حسين علاوي", "PER"),
    "ina": ("iraqi-news-agency", "NewsAgency", "وكالة الأنباء العراقية", "ORG"),
    "reuters": ("reuters", "NewsAgency", "رويترز", "ORG"),
    "isis": ("isis", "ArmedGroup", "داعش", "ORG"),
    "un": ("united-nations", "Organization", "الأمم المتحدة", "ORG"),
    "france": ("france", "Country", "فرنسا", "LOC"),
    "bgw": ("baghdad-international-airport", "Airport", "مطار بغداد الدولي", "FAC"),
    "jordan": ("jordan", "Country", "الأردن", "LOC"),
    "lebanon": ("lebanon", "Country", "لبنان", "LOC"),
    "libya": ("libya", "Country", "ليبيا", "LOC"),
    "chad": ("chad", "Country", "تشاد", "LOC"),
    "burkina": ("burkina-faso", "Country", "بوركينا فاسو", "LOC"),
    "ivory": ("cote-d-ivoire", "Country", "ساحل العاج", "LOC"),
    "russia": ("russia", "Country", "روسيا", "LOC"),
    "mali": ("mali", "Country", "مالي", "LOC"),
    "niger": ("niger", "Country", "النيجر", "LOC"),
    "kuwait": ("kuwait", "Country", "الكويت", "LOC"),
    "somalia": ("somalia", "Country", "الصومال", "LOC"),
    "liberia": ("liberia", "Country", "ليبيريا", "LOC"),
    "libreville": ("libreville", "City", "ليبرفيل", "LOC"),
    "israeli-army": ("x-org-israeli-army", "ArmedForce", "الجيش الإسرائيلي", "ORG"),
}


def sentences_of(text: str) -> list[Sentence]:
    """One sentence per line (the test texts are written that way)."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Sentence(len(out), pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def find(text: str, surface: str, nth: int = 0) -> int:
    starts = [m.start() for m in re.finditer(re.escape(surface), text)]
    assert len(starts) > nth, f"{surface!r} not in text"
    return starts[nth]


def run(
    text: str,
    mentions: list[tuple[str, str | None]] = (),  # type: ignore[assignment]
    times: list[tuple[str, str | None, str | None]] = (),  # type: ignore[assignment]
    quantities: list[tuple[str, int | None, int | None, int | None, str, str | None]] = (),  # type: ignore[assignment]
    published: date | None = date(2026, 1, 18),
    extra_mentions: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
) -> tuple[list[Fact], dict[str, Entity], str]:
    """Run ``extract_facts`` over ``text`` with the given marked spans.

    mentions: (surface, short name from TYPES or None); an ``@n`` suffix on the surface picks the n-th
    occurrence. times: (surface, value, modifier). quantities: (surface, value, min, max, qualifier, unit).
    extra_mentions: (surface, label, "") for unlinked mentions."""
    sents = sentences_of(text)

    def sent_of(off: int) -> int:
        return next(s.index for s in sents if s.start <= off < s.end)

    ms: list[Mention] = []
    entities: dict[str, Entity] = {}
    for surface, short in mentions:
        nth = 0
        if "@" in surface:
            surface, n = surface.rsplit("@", 1)
            nth = int(n)
        start = find(text, surface, nth)
        label_override = None
        if short and ":" in short:  # "us:NORP" = a nationality adjective linked to the country
            short, label_override = short.split(":")
        key, typ, label, lab = TYPES[short] if short else (None, None, None, "ORG")
        lab = label_override or lab
        if key:
            entities[key] = Entity(key=key, type=typ, label_ar=label, source="seed")  # type: ignore[arg-type]
        ms.append(Mention(start, start + len(surface), surface, lab, sent_of(start), "test", "1", 0.9, key))  # type: ignore[arg-type]
    for surface, label, _ in extra_mentions:
        nth = 0
        if "@" in surface:
            surface, n = surface.rsplit("@", 1)
            nth = int(n)
        start = find(text, surface, nth)
        ms.append(Mention(start, start + len(surface), surface, label, sent_of(start), "test", "1", 0.9, None))  # type: ignore[arg-type]
    tvs = []
    for surface, value, modifier in times:
        start = find(text, surface)
        precision = None if value is None else {10: "day", 7: "month", 4: "year"}[len(value)]
        d = date.fromisoformat(value) if value and len(value) == 10 else None
        tvs.append(TimeValue(surface, start, start + len(surface), value, precision, d, d,  # type: ignore[arg-type]
                             "absolute" if value else "unresolved", modifier))
    qs = []
    for surface, value, lo, hi, qualifier, unit in quantities:
        start = find(text, surface)
        qs.append(Quantity(surface, start, start + len(surface), value, lo, hi, qualifier, unit))  # type: ignore[arg-type]
    article = Article(key="t", text=text, source="test.txt", published=published)
    facts = extract_facts(article, sents, ms, entities, tvs, qs)
    for f in facts:  # every fact's evidence quotes the article exactly
        assert text[f.evidence.start : f.evidence.end] == f.evidence.quote
        assert 0.0 < f.evidence.confidence <= 1.0
    return facts, entities, text


def of(facts: list[Fact], cls: type) -> list:
    return [f for f in facts if isinstance(f, cls)]


def counts(pipeline: Pipeline, text: str, published: date | None = date(2025, 6, 10)
           ) -> tuple[Extraction, list[TroopCount]]:
    """The extraction of one article through the whole pipeline, and its troop counts."""
    ex = pipeline.process(Article(key="t", text=text, source="t.txt", published=published))
    return ex, [f for f in ex.facts if isinstance(f, TroopCount)]
