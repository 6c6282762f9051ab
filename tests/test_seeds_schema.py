"""Schema of the seed gazetteer files: what a reviewer of a seeds/ diff relies on."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from kg.gazetteer import ALIAS_COLUMNS, ALIAS_KINDS, ENTITY_COLUMNS, TYPE_LABELS

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
NOTES_QIDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "notes" / "wikidata_qids.tsv"


def _rows(name: str) -> tuple[list[str], list[dict[str, str]]]:
    lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_entity_columns_types_keys_qids_coordinates() -> None:
    header, rows = _rows("entities.tsv")
    assert tuple(header) == ENTITY_COLUMNS
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys)), "duplicate keys"
    for r in rows:
        assert None not in r.values() and None not in r, f"column count on {r['key']}"
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r["key"]), r["key"]
        assert r["type"] in TYPE_LABELS, (r["key"], r["type"])
        assert r["label_ar"].strip() and r["source"].strip(), r["key"]
        assert r["qid"] == "" or re.fullmatch(r"Q[1-9][0-9]*", r["qid"]), (r["key"], r["qid"])
        assert (r["lat"] == "") == (r["lon"] == ""), r["key"]
        if r["lat"]:
            assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r["key"]
        for parent in filter(None, r["located_in"].split("|")):
            assert parent in keys, (r["key"], parent)
            assert parent != r["key"]


def test_aliases_point_to_entities_with_known_kinds() -> None:
    header, rows = _rows("aliases.tsv")
    assert tuple(header) == ALIAS_COLUMNS
    keys = {r["key"] for r in _rows("entities.tsv")[1]}
    seen = set()
    for r in rows:
        assert r["key"] in keys, r
        assert r["kind"] in ALIAS_KINDS, r
        assert r["alias_ar"].strip(), r
        assert (r["key"], r["alias_ar"]) not in seen, f"duplicate alias {r}"
        seen.add((r["key"], r["alias_ar"]))


def test_no_qid_is_duplicated_and_seed_entities_covered() -> None:
    rows = _rows("entities.tsv")[1]
    qids = [r["qid"] for r in rows if r["qid"]]
    assert len(qids) == len(set(qids)), "two entities share a QID"
    keys = {r["key"] for r in rows}
    for key in (
        "ain-al-asad-air-base", "iraq", "syria", "united-states", "al-anbar-governorate", "baghdad", "erbil",
        "erbil-governorate", "kurdistan-region", "isis", "united-nations", "nato", "european-union", "reuters",
        "iraqi-news-agency", "shafaq-news", "sputnik", "global-coalition", "cjtf-oir", "joint-operations-command",
        "higher-military-committee", "iraqi-army", "iraqi-security-forces", "iraqi-armed-forces",
        "us-department-of-defense", "hussein-allawi", "qais-al-muhammadawi", "strategic-framework-agreement",
        "popular-mobilization-forces", "al-tanf-garrison", "camp-taji", "k1-air-base", "harir-air-base",
    ):  # fmt: skip
        assert key in keys, key


def test_every_qid_is_verified_in_the_notes() -> None:
    """A QID enters the seeds only if the research notes mark it verified (``yes``) for the same name."""
    if not NOTES_QIDS.is_file():
        pytest.skip(f"research notes not found at {NOTES_QIDS}")
    notes = list(csv.DictReader(NOTES_QIDS.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    verified = {r["qid"] for r in notes if r["qid"] and r["verified"].startswith("yes")}
    for r in _rows("entities.tsv")[1]:
        if r["qid"]:
            assert r["qid"] in verified, (r["key"], r["qid"])
            assert r["qid"] in r["source"] or "notes/wikidata_qids.tsv" in r["source"], r["key"]
