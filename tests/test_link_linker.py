"""kg.link.linker: alias keys, type compatibility, context rules, minted keys, provenance of decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.gazetteer import Gazetteer
from kg.link import Linker, mint_key
from kg.model import Article, Mention, MentionLabel

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker(Gazetteer.load(ROOT / "seeds"))


def _m(text: str, sub: str, label: MentionLabel, nth: int = 0, recognizer: str = "kg.ner.stanza") -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return Mention(start, start + len(sub), sub, label, 0, recognizer, "1", 0.9)


def _link(linker: Linker, text: str, *mentions: Mention) -> tuple[list[Mention], dict]:
    return linker.link(list(mentions), Article(key="a", text=text, source="t.txt"))


def test_links_by_alias_key_with_score_and_reason(linker: Linker) -> None:
    text = "غادرت القوات قاعدة عين الاسد"
    [m], entities = _link(linker, text, _m(text, "قاعدة عين الاسد", "FAC"))
    assert m.entity == "ain-al-asad-air-base"
    assert m.link_score is not None and m.link_score > 0.9
    assert m.link_reason and m.link_reason.startswith("alias:")
    assert entities["ain-al-asad-air-base"].qid == "Q4703502"
    # containing places come along, so every located_in key resolves
    assert {"al-anbar-governorate", "iraq"} <= set(entities)


def test_clitic_in_a_model_span_is_trimmed(linker: Linker) -> None:
    text = "بين العراق والولايات المتحدة"
    [m], _ = _link(linker, text, _m(text, "والولايات المتحدة", "LOC"))
    assert m.entity == "united-states"
    assert m.text == "الولايات المتحدة" and text[m.start : m.end] == m.text
    assert "clitic" in (m.link_reason or "")


def test_erbil_city_vs_governorate(linker: Linker) -> None:
    text = "وصلت القوات إلى أربيل ثم إلى محافظة أربيل"
    city, gov = _link(linker, text, _m(text, "أربيل", "LOC"), _m(text, "أربيل", "LOC", nth=1))[0]
    assert city.entity == "erbil"
    assert gov.entity == "erbil-governorate" and "governorate" in (gov.link_reason or "")
    [whole], _ = _link(linker, text, _m(text, "محافظة أربيل", "LOC"))
    assert whole.entity == "erbil-governorate"


def test_coalition_political_vs_military_by_context(linker: Linker) -> None:
    text = "أعلن التحالف الدولي انسحاب مستشاري التحالف الدولي وقوات التحالف الدولي"
    ms, entities = _link(
        linker,
        text,
        _m(text, "التحالف الدولي", "ORG"),
        _m(text, "التحالف الدولي", "ORG", nth=1),
        _m(text, "التحالف الدولي", "ORG", nth=2),
    )
    assert [m.entity for m in ms] == ["global-coalition", "cjtf-oir", "cjtf-oir"]
    assert "context:military" in (ms[1].link_reason or "")
    assert entities["cjtf-oir"].type == "ArmedForce"


def test_army_and_security_forces_stay_distinct(linker: Linker) -> None:
    text = "سلم الجيش العراقي المواقع إلى القوات الأمنية العراقية"
    ms, _ = _link(linker, text, _m(text, "الجيش العراقي", "ORG"), _m(text, "القوات الأمنية العراقية", "ORG"))
    assert [m.entity for m in ms] == ["iraqi-army", "iraqi-security-forces"]


def test_type_incompatible_candidate_is_not_linked(linker: Linker) -> None:
    text = "قال حسين علاوي"
    [m], _ = _link(linker, text, _m(text, "حسين علاوي", "LOC"))
    assert m.entity is None and m.link_reason == "unlinked"  # a person is never a place


def test_cross_type_link_is_scored_lower(linker: Linker) -> None:
    text = "اتفاق بين بغداد وواشنطن"
    [m], _ = _link(linker, text, _m(text, "واشنطن", "ORG"))
    assert m.entity == "washington" and m.link_score is not None and m.link_score < 0.9
    assert "type~ORG/LOC" in (m.link_reason or "")


def test_unlinked_person_and_body_are_minted_stably(linker: Linker) -> None:
    a = "قال العميد سامر الجبوري"
    b = "وأكد سامر الجبوري أمس"
    [ma], ea = _link(linker, a, _m(a, "سامر الجبوري", "PER"))
    [mb], eb = _link(linker, b, _m(b, "سامر الجبوري", "PER"))
    assert ma.entity == mb.entity == mint_key("PER", "سامر الجبوري")
    assert ma.entity is not None and ma.entity.startswith("x-per-")
    assert ea[ma.entity].type == "Person" and ea[ma.entity].source == "extracted"
    assert ma.link_reason == "minted:unlinked"
    assert mint_key("PER", "سامر الجبوري") == mint_key("PER", "سامِر الجبّوري")  # diacritics do not split it
    assert mint_key("ORG", "سامر الجبوري") != ma.entity
    t = "مقر قيادة الفرقة السابعة"
    [hq], e = _link(linker, t, _m(t, t, "FAC"))
    assert e[hq.entity or ""].type == "Headquarters"


def test_unlinked_places_become_typed_entities_and_dates_are_left_alone(linker: Linker) -> None:
    """Open world: a place the seeds do not know is an entity (typed by its head noun, keyed by its name)."""
    text = "في قرية الزهور يوم 5"
    loc = _m(text, "قرية الزهور", "LOC")
    date = _m(text, "يوم 5", "DATE")
    [ml, md], entities = _link(linker, text, loc, date)
    assert md == date and ml.entity == mint_key("LOC", "الزهور") and ml.link_reason == "minted:unlinked"
    assert entities[ml.entity].type == "City" and entities[ml.entity].label_ar == "قرية الزهور"


def test_a_facility_is_one_entity_whatever_its_head_and_type_adjective(linker: Linker) -> None:
    text = "قاعدة فايا العسكرية ومعسكر فايا والقاعدة الفرنسية في فايا"
    spans = [_m(text, "قاعدة فايا العسكرية", "FAC"), _m(text, "معسكر فايا", "FAC"),
             _m(text, "القاعدة الفرنسية في فايا", "FAC")]
    out, entities = _link(linker, text, *spans)
    assert len({m.entity for m in out}) == 1 and out[0].entity == mint_key("FAC", "فايا")


def test_a_model_span_that_names_nothing_is_not_minted(linker: Linker) -> None:
    text = "أعلن استلام الجيش القاعدة"
    [a, b], entities = _link(linker, text, _m(text, "استلام الجيش", "ORG"), _m(text, "القاعدة", "LOC"))
    assert a.entity is None and b.entity is None and entities == {}


def test_rules_entity_kept_when_pattern_linked(linker: Linker) -> None:
    text = "الانسحاب الأميركي"
    m = Mention(9, 17, "الأميركي", "NORP", 0, "kg.ner.rules", "1", 0.6, entity="united-states")
    [out], entities = _link(linker, text, m)
    assert out.entity == "united-states" and out.link_reason == "recognizer:kg.ner.rules"
    assert "united-states" in entities


def test_resolve_bare_names(linker: Linker) -> None:
    shafaq = linker.resolve("شفق نيوز")
    assert shafaq is not None and shafaq.key == "shafaq-news"
    reuters = linker.resolve("وكالة رويترز")
    assert reuters is not None and reuters.qid == "Q130879"
    assert linker.resolve("صحيفة مجهولة") is None
    assert linker.resolve("حسين علاوي", "LOC") is None


def test_trailing_punctuation_in_a_model_span(linker: Linker) -> None:
    text = 'قاعدة "عين الأسد" في'
    [m], _ = _link(linker, text, _m(text, 'عين الأسد"', "FAC"))
    assert m.entity == "ain-al-asad-air-base"


def test_a_nationality_adjective_inside_a_name_brings_its_country(linker: Linker) -> None:
    """«الجنود الأميركيين» names no country, but the facts read its adjective: the country joins the entities."""
    text = "وقال إن الجنود الأميركيين والقوات الفرنسية سيغادرون"
    _, entities = _link(linker, text, _m(text, "الجنود الأميركيين", "ORG"), _m(text, "والقوات الفرنسية", "ORG"))
    assert {"united-states", "france"} <= set(entities)
    _, entities = _link(linker, text, _m(text, "الجنود", "ORG"))
    assert "united-states" not in entities
