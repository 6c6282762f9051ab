"""kg.gazetteer: loading the seeds, the alias index, and clear errors on bad seed files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.errors import ConfigError, ResourceMissingError
from kg.gazetteer import Gazetteer, clitic_variants, mention_label, name_keys, nisba_forms
from kg.model import Entity

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load(SEEDS)


def test_load_entities_with_verified_fields(gaz: Gazetteer) -> None:
    base = gaz.entities["ain-al-asad-air-base"]
    assert base.type == "AirBase" and base.qid == "Q4703502"
    assert base.lat == pytest.approx(33.7856) and base.lon == pytest.approx(42.4412)
    assert "al-anbar-governorate" in base.located_in
    assert "عين الاسد" in base.aliases
    assert gaz.entities["erbil"].qid is None  # only 'partial' in the notes: left out
    assert gaz.entities["erbil-governorate"].qid == "Q213189"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("عين الأسد", "ain-al-asad-air-base"),
        ("عين الاسد", "ain-al-asad-air-base"),
        ("عَيْن الأسـد", "ain-al-asad-air-base"),  # diacritics and tatweel
        ("قاعدة عين الأسد الجوية", "ain-al-asad-air-base"),
        ("الولايات المتحدة الأمريكية", "united-states"),
        ("الولايات المتحدة الأميركية", "united-states"),
        ("البنتاغون", "us-department-of-defense"),
        ("واع", "iraqi-news-agency"),
        ("الانبار", "al-anbar-governorate"),
        ("محافظة أربيل", "erbil-governorate"),
        ("إربيل", "erbil"),
        ("الحشد الشعبي", "popular-mobilization-forces"),
        ("جيش العراقي", "iraqi-army"),  # generated variant without «ال»
    ],
)
def test_lookup_variants(gaz: Gazetteer, name: str, key: str) -> None:
    assert key in {e.key for e in gaz.lookup(name)}


def test_nationality_adjectives_are_not_names(gaz: Gazetteer) -> None:
    assert gaz.lookup("الأميركية") == []
    assert gaz.country_of_adjective("الأميركية") == "united-states"
    assert gaz.country_of_adjective("الامريكية") == "united-states"
    assert gaz.country_of_adjective("الجوية") is None


@pytest.mark.parametrize(
    ("word", "key"),
    [("أميركيين", "united-states"), ("الأمريكيون", "united-states"), ("البريطانيين", "united-kingdom"),
     ("فرنسيون", "france"), ("الفرنسيات", "france"), ("التركيتين", "turkey"), ("عراقيان", "iraq")],
)  # fmt: skip
def test_every_inflection_of_a_listed_nationality_adjective(gaz: Gazetteer, word: str, key: str) -> None:
    assert gaz.country_of_adjective(word) == key


def test_nisba_forms_leave_out_the_accusative_that_spells_a_country() -> None:
    forms = nisba_forms("السورية")
    assert {"سوري", "السوريين", "سوريون", "السوريتان"} <= set(forms)
    assert "سوريا" not in forms and "تركيا" not in nisba_forms("التركي")
    assert nisba_forms("كردستان") == ["كردستان"]


def test_single_word_names_get_no_generated_variant(gaz: Gazetteer) -> None:
    assert gaz.lookup("قائم") == []  # «القائم» (the town) must not make the common word «قائم» a name
    assert gaz.lookup("القائم")[0].key == "al-qaim"


def test_clitic_variants_and_labels() -> None:
    rests = dict((rest, cut) for cut, rest in clitic_variants(name_keys("وبالأنبار")[0]))
    assert rests["الانبار"] == 2
    assert dict((r, c) for c, r in clitic_variants(name_keys("للأمم")[0]))["الامم"] == 1
    assert [r for _, r in clitic_variants("وزاره")] == ["وزاره", "زاره"]  # candidates only; the index decides
    assert mention_label("AirBase") == "FAC" and mention_label("Person") == "PER"
    assert mention_label("Agreement") == "MISC"


def test_from_entities_builds_an_index() -> None:
    gaz = Gazetteer.from_entities(
        [Entity(key="x", type="City", label_ar="مدينة الاختبار", aliases=("الاختبار",))],
        [("x", "اختبار", "without-al")],
    )
    assert {e.key for e in gaz.lookup("اختبار")} == {"x"}
    assert gaz.entities["x"].aliases == ("الاختبار", "اختبار")


def _copy_seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def _replace_line(path: Path, line_no: int, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line_no - 1] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("bad key\tCity\tx\t\t\t\t\t\tsrc\t", "slug"),
        ("k\tTown\tx\t\t\t\t\t\tsrc\t", "unknown type"),
        ("k\tCity\tx\t\tQ0123\t\t\t\tsrc\t", "qid"),
        ("k\tCity\tx\t\t\t95\t10\t\tsrc\t", "outside"),
        ("k\tCity\tx\t\t\t10\t\t\tsrc\t", "both"),
        ("k\tCity\tx\t\t\t\t\tnowhere\tsrc\t", "located_in"),
        ("k\tCity\tx\t\t\t\t\t\t\t", "source"),
        ("k\tCity\tx", "columns"),
        ("iraq\tCity\tx\t\t\t\t\t\tsrc\t", "duplicate"),
    ],
)
def test_bad_entity_row_names_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    seeds = _copy_seeds(tmp_path)
    _replace_line(seeds / "entities.tsv", 5, row)
    with pytest.raises(ConfigError, match=message) as info:
        Gazetteer.load(seeds)
    assert "entities.tsv:" in str(info.value)


def test_bad_alias_rows(tmp_path: Path) -> None:
    seeds = _copy_seeds(tmp_path)
    _replace_line(seeds / "aliases.tsv", 3, "no-such-key\tاسم\tspelling")
    with pytest.raises(ConfigError, match=r"aliases.tsv:3: alias for unknown entity key"):
        Gazetteer.load(seeds)
    _replace_line(seeds / "aliases.tsv", 3, "iraq\tاسم\tnickname")
    with pytest.raises(ConfigError, match="unknown alias kind"):
        Gazetteer.load(seeds)


def test_missing_seed_files(tmp_path: Path) -> None:
    with pytest.raises(ResourceMissingError, match="seed directory"):
        Gazetteer.load(tmp_path / "nope")
    seeds = _copy_seeds(tmp_path)
    (seeds / "aliases.tsv").unlink()
    with pytest.raises(ResourceMissingError, match="aliases.tsv"):
        Gazetteer.load(seeds)
    (seeds / "entities.tsv").write_text("key\ttype\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="header"):
        Gazetteer.load(seeds)
