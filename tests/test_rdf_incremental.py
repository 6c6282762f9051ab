"""Incremental consolidation: articles added one transaction at a time, then replaced, give what a fresh build of
the same files gives, quad for quad (the state graph included); and an added article reads the part of a block it
touches — its troop count's figure and month, a summary of a big statement's other readings —, not the block."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

import kg.pipeline as pipeline_mod
import kg.rdf.incremental as incremental
from kg.config import Settings
from kg.pipeline import build
from kg.rdf.consolidate import Engine, Reading, block_id, reading_period
from kg.store import open_store

SPEAKER = "وزير الدفاع ثابت العباسي"
#: three statements, each in three wordings that share word trigrams (one statement reported in other words)
QUOTES = [
    ["القوات العراقية قادرة على ضبط الحدود الغربية من دون دعم جوي أجنبي",
     "القوات العراقية قادرة على ضبط الحدود الغربية من دون دعم جوي أجنبي خلال العام المقبل",
     "إن القوات العراقية قادرة على ضبط الحدود الغربية من دون دعم جوي"],
    ["المفاوضات مع الجانب الأمريكي بلغت مرحلة متقدمة بشأن جدول المغادرة",
     "المفاوضات مع الجانب الأمريكي بلغت مرحلة متقدمة بشأن جدول المغادرة النهائي",
     "الحوار مع الجانب الأمريكي بلغ مرحلة متقدمة بشأن جدول المغادرة"],
    ["الحكومة لن تسمح باستخدام الأراضي العراقية منطلقا للاعتداء على دول الجوار",
     "الحكومة لن تسمح أبدا باستخدام الأراضي العراقية منطلقا للاعتداء على دول الجوار",
     "بغداد لن تسمح باستخدام الأراضي العراقية منطلقا للاعتداء على أي من دول الجوار"],
]
FORCES = ["الأمريكية", "الفرنسية"]
MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
          "تشرين الثاني", "كانون الأول"]
FIGURES = [2000, 2500, 3000]
START = date(2024, 1, 3)


def _record(i: int) -> dict[str, str]:
    """Report i: a troop count (as of its publication day, some as of a month or a year, some projected within
    the coming days), a statement, a filler sentence."""
    day = START + timedelta(days=(61 * i) % 880)
    force, figure = FORCES[i % 2], FIGURES[(i // 2) % 3]
    if i % 7 == 3:
        count = f"وكان عدد القوات {force} في العراق نحو {figure} جندي في عام {day.year}."
    elif i % 5 == 1:
        count = f"وكان عدد القوات {force} في العراق نحو {figure} جندي في {MONTHS[day.month - 1]} {day.year}."
    elif i % 4 == 2:  # a projection "within the coming days": a day's precision over a week
        count = f"وسيتقلص عدد القوات {force} في العراق إلى نحو {figure} جندي خلال الأيام المقبلة."
    else:
        count = f"ويبلغ عدد القوات {force} في العراق نحو {figure} جندي."
    quote = QUOTES[i % 3][(i // 3) % 3]
    record = {
        "id": f"incr-{i:03d}",
        "url": f"https://news.example.org/incr/{i:03d}",
        "published": day.isoformat(),
        "title": "القوات في العراق",
        "text": f"بغداد - {count} وقال {SPEAKER} إن «{quote}». وافتتحت في المدينة سوق جديدة للكتب.",
    }
    if i % 7 == 4:
        del record["published"]  # an undated report: its count has no date, its statement gets a window
    return record


def _corpus(n: int) -> list[dict[str, str]]:
    out = []
    for i in range(n):
        out.append(_record(i))
        if i % 5 == 2:  # a word-for-word copy under another outlet's URL
            out.append(dict(out[-1], id=f"copy-{i:03d}", url=f"https://wire.example.net/incr/{i:03d}"))
    return out


def _write(folder: Path, record: dict[str, str]) -> Path:
    path = folder / f"{record['id']}.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _dump(store) -> set[bytes]:  # noqa: ANN001
    out = io.BytesIO()
    store.dump(out, "application/n-quads")
    return {line for line in out.getvalue().splitlines() if b"XMLSchema#dateTime" not in line}


def _variants(records: list[dict[str, str]]) -> list[dict[str, str]]:
    """Replacements: the earliest report of an undated report's statement moved later (the bound of its window),
    a dated report made undated, an undated one dated, one that loses its statement."""
    undated = next(r for r in records if "published" not in r)
    words = next(qs[0] for qs in QUOTES if any(q in undated["text"] for q in qs))
    first = min((r for r in records if "published" in r and words in r["text"]), key=lambda r: r["published"])
    moved = dict(first, published="2026-05-20")
    dated = next(r for r in records if "published" in r and r["id"] != first["id"])
    lost = records[-3]
    return [moved, {k: v for k, v in dated.items() if k != "published"}, dict(undated, published="2025-02-11"),
            dict(lost, text=lost["text"].split(" وقال ")[0] + " وافتتحت في المدينة سوق جديدة للكتب.")]


def _no_drift(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every incremental transaction's check that the part it read gives the stored nodes (a failed check
    consolidates the whole store again at the end: equal to a fresh build, but by a fallback)."""
    checks: list[bool] = []
    real = incremental.Committer._consistent

    def check(engine: Engine, before) -> bool:  # noqa: ANN001
        checks.append(real(engine, before))
        return checks[-1]

    monkeypatch.setattr(incremental.Committer, "_consistent", staticmethod(check))
    return checks


def test_one_article_at_a_time_then_replaced_equals_a_fresh_build(make_settings, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline_mod, "INCREMENTAL_BATCH_ARTICLES", 1)
    monkeypatch.setattr(incremental, "SUMMARY_READINGS", 2)  # every statement of two readings is summarized
    checks = _no_drift(monkeypatch)
    settings: Settings = make_settings(ner="rules")
    folder = tmp_path / "in"
    folder.mkdir()
    records = _corpus(40)
    paths = [_write(folder, r) for r in records]
    with open_store(str(tmp_path / "incremental")) as store:
        assert build(paths[:6], store, settings).ok == 6  # an empty store: the bulk path
        report = build(paths[6:], store, settings)  # one transaction per article
        assert report.ok == len(paths) - 6 and not report.failed
        replaced = [_write(folder, r) for r in _variants(records)]
        assert build(replaced, store, settings).ok == len(replaced)
        incremental_quads = _dump(store)
    assert checks and all(checks)
    with open_store(str(tmp_path / "fresh")) as store:
        assert build([folder], store, settings).ok == len(paths)
        fresh_quads = _dump(store)
    assert incremental_quads == fresh_quads
    text = b"\n".join(sorted(fresh_quads))
    for expected in (b"state#summary", b"state#part", b"state#ckey", b"state#dated",
                     b"ontology#conflictsWith", b"ontology#inferredPublication"):
        assert expected in text, expected  # what the comparison covers is there


def test_an_added_article_reads_its_part_of_a_block(make_settings, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(incremental, "SUMMARY_READINGS", 2)
    settings: Settings = make_settings(ner="rules")
    folder = tmp_path / "in"
    folder.mkdir()
    paths = [_write(folder, r) for r in _corpus(60)]
    loaded: list[Reading] = []
    real_load = Engine.load

    def spy(self: Engine, readings):  # noqa: ANN001
        readings = list(readings)
        loaded.extend(readings)
        real_load(self, readings)

    with open_store(str(tmp_path / "store")) as store:
        assert build(paths, store, settings).ok == len(paths)
        new = dict(_record(0), id="incr-new", url="https://news.example.org/incr/new", published="2025-06-14")
        monkeypatch.setattr(Engine, "load", spy)
        assert build([_write(folder, new)], store, settings).ok == 1
        monkeypatch.undo()
        st = incremental.StateStore(store, settings.base_iri)
        counts = [r for r in loaded if r.family == "TroopCount"]
        statements = [r for r in loaded if r.family == "Statement"]
        assert counts and statements
        (bid,) = {r.block_id for r in counts}
        block = st.readings_of_blocks([bid])
        # one figure's readings of June 2025 (of 2025 if one spans months of it) and its undated ones
        assert {reading_period(r)[:4] for r in counts} <= {"2025", "*"}
        assert len(counts) < len(block) / 3
        # the statement's node: the readings the article names and one remainder for the others
        real = [r for r in statements if r.remainder_of is None]
        remainders = [r for r in statements if r.remainder_of is not None]
        assert len(remainders) == 1
        node = st.readings_of_nodes([remainders[0].remainder_of])
        assert len(real) < len(node) and remainders[0].represents == len(node) - len(real)
        assert block_id("Statement", remainders[0].block) == real[0].block_id
