"""Troop-count rules: what counts, force/country/place, kind; numbers that are not troop presence."""

from __future__ import annotations

from extract_support import of, run
from kg.model import TroopCount


def test_counts_with_force_country_as_of_and_carry_over() -> None:
    text = "وكان لدى الولايات المتحدة نحو 2500 جندي في العراق مع بداية عام 2025، وأكثر من 900 جندي في سوريا."
    facts, _, _ = run(text, [("الولايات المتحدة", "us"), ("العراق", "iraq"), ("سوريا", "syria")],
                      times=[("بداية عام 2025", "2025", "early")],
                      quantities=[("نحو 2500 جندي", 2500, None, None, "about", "troops"),
                                  ("أكثر من 900 جندي", 900, 900, None, "more_than", "troops")])
    a, b = of(facts, TroopCount)
    assert (a.force, a.country, a.kind) == ("united-states", "iraq", "current")
    assert a.as_of is not None and a.as_of.value == "2025"
    assert (b.force, b.country) == ("united-states", "syria")


def test_projection_cap_and_armed_group_by_anaphor() -> None:
    text = ("ومع اكتمال النقل سيقل عدد القوات الأمريكية في العراق إلى أقل من 2000 جندي.\n"
            "ويسمح الاتفاق ببقاء مستشارين على ألا يتجاوز عددهم 500 مستشار.\n"
            "وقالت الأمم المتحدة إن مقاتلي داعش ينشطون في البادية.\n"
            "وأفاد التقرير بأن عدد عناصر التنظيم في العراق وسوريا بين 1500 و3000 مقاتل.")
    facts, _, _ = run(text, [("القوات الأمريكية", "usf"), ("العراق@0", "iraq"), ("الأمم المتحدة", "un"),
                             ("داعش", "isis"), ("العراق@1", "iraq"), ("سوريا", "syria")],
                      quantities=[("أقل من 2000 جندي", 2000, None, 2000, "less_than", "troops"),
                                  ("500 مستشار", 500, None, None, "exact", "advisers"),
                                  ("بين 1500 و3000 مقاتل", None, 1500, 3000, "range", "fighters")])
    proj, cap, fighters = of(facts, TroopCount)
    # a national force's count is the country's («how many US troops»), even when the country is not named
    assert (proj.kind, proj.force) == ("projection", "united-states")
    assert cap.kind == "cap"
    assert fighters.force == "isis" and fighters.quantity.min == 1500


def test_casualties_trainees_unit_numbers_distances_are_not_troop_counts() -> None:
    text = ("وأسفرت الهجمات عن مقتل 12 جنديا من القوات الأمنية.\n"
            "وخرج البرنامج أكثر من 2000 متدرب.\n"
            "وتسلم اللواء 27 من الجيش العراقي حماية المعسكر.\n"
            "وتبعد القاعدة نحو 180 كيلومترا عن الحدود.")
    facts, _, _ = run(text, quantities=[("12 جنديا", 12, None, None, "exact", "troops"),
                                        ("أكثر من 2000 متدرب", 2000, 2000, None, "more_than", "trainees"),
                                        ("27", 27, None, None, "exact", None),
                                        ("نحو 180 كيلومترا", 180, None, None, "about", "km")])
    assert of(facts, TroopCount) == []


def test_bare_number_in_a_sentence_about_the_number_of_troops_counts_them_too() -> None:
    text = ("وارتفع عدد العسكريين الفرنسيين في الأردن إلى نحو 600 جندي خلال الصيف، مقارنة بزهاء 350 مطلع العام "
            "الماضي.\nوتضم القاعدة 40 طائرة منذ عام 2019 وفق مصدر.")
    facts, _, _ = run(text, [("الفرنسيين", "france:NORP"), ("الأردن", "jordan")],
                      quantities=[("نحو 600 جندي", 600, None, None, "about", "troops"),
                                  ("زهاء 350", 350, None, None, "about", None),
                                  ("40", 40, None, None, "exact", None),
                                  ("2019", 2019, None, None, "exact", None)])
    counts = of(facts, TroopCount)
    assert [(c.quantity.value, c.force) for c in counts] == [(600, "france"), (350, "france")]


def test_a_year_or_a_casualty_next_to_a_troop_count_is_not_an_elliptical_count() -> None:
    text = "وبلغ عدد الجنود الأميركيين في سوريا 900 جندي في 2024 بعد مقتل 3 في هجوم."
    facts, _, _ = run(text, [("الأميركيين", "us:NORP"), ("سوريا", "syria")],
                      quantities=[("900 جندي", 900, None, None, "exact", "troops"),
                                  ("2024", 2024, None, None, "exact", None),
                                  ("3", 3, None, None, "exact", None)])
    assert [c.quantity.value for c in of(facts, TroopCount)] == [900]


def test_nationality_adjective_whose_first_letter_looks_like_a_clitic() -> None:
    """The ف of «فرنسي» is a letter of the word, not «and then»; real clitics are still cut."""
    from kg.extract.actors import adjective_country, norm
    from kg.extract.context import ArticleContext

    ctx = ArticleContext("", None, None, [], {})
    assert adjective_country(ctx, norm("فرنسي")) == "france"
    assert adjective_country(ctx, norm("وفرنسيين")) == "france"
    assert adjective_country(ctx, norm("فالبريطانية")) == adjective_country(ctx, norm("البريطاني")) == "united-kingdom"
    assert adjective_country(ctx, norm("للقوات")) is None
    assert adjective_country(ctx, norm("والتشاديين")) == "chad"  # every country's adjectives, not a short list


def test_force_from_a_partitive_the_counted_noun_or_a_demonstrative() -> None:
    text = ("وغادر نحو 400 عسكري من قوات التحالف الدولي المعسكر.\n"
            "وقدر مسؤولون عدد الجنود الأميركيين المنتشرين في سوريا بنحو 900 جندي.\n"
            "وكانت تلك القوات تضم قرابة 1200 عسكري العام الماضي.\n"
            "وسيبقى 150 عسكريا من قوات التحالف الدولي في أربيل، بينهم ما يصل إلى 60 في المطار.")
    facts, _, _ = run(text, [("قوات التحالف الدولي", "coalition"), ("الأميركيين", "us:NORP"), ("سوريا", "syria"),
                             ("قوات التحالف الدولي@1", "coalition"), ("أربيل", "erbil")],
                      quantities=[("نحو 400 عسكري", 400, None, None, "about", "troops"),
                                  ("بنحو 900 جندي", 900, None, None, "about", "troops"),
                                  ("قرابة 1200 عسكري", 1200, None, None, "about", "troops"),
                                  ("150 عسكريا", 150, None, None, "exact", "troops"),
                                  ("ما يصل إلى 60", 60, None, 60, "less_than", None)])
    counts = of(facts, TroopCount)
    assert [(c.quantity.value, c.force) for c in counts] == [
        (400, "global-coalition"), (900, "united-states"), (1200, "united-states"), (150, "global-coalition"),
        (60, "global-coalition")]  # fmt: skip
