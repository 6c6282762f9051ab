"""Consolidation: one event per thing reported, source counts, plans apart, precisions merged, conflicts kept."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from pathlib import Path

from pyoxigraph import Literal

from _rdf_sample import ENTITIES, completion_report, plan_report
from kg import model
from kg.rdf import extraction_to_quads, ontology_quads
from kg.rdf.consolidate import (
    _Time,
    choose_time,
    cluster_by_time,
    compatible,
    consolidate,
    inferred_window,
    same_quote,
)
from kg.rdf.validate import validate_store
from kg.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/kg-news/id/"
WHEN = datetime(2026, 1, 20, tzinfo=UTC)


def _store(*extractions: model.Extraction) -> Store:
    store = open_store("memory:")
    graphs = {BASE + "graph/ontology": ontology_quads(ROOT / "ontology", BASE)}
    for ex in extractions:
        ag = extraction_to_quads(ex, BASE, extracted_at=WHEN)
        graphs[ag.graph] = ag.quads
    store.replace_graphs(graphs)
    return store


def _query(store: Store, name: str, **params: str) -> list[dict[str, str]]:
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    subs = {k: Literal(v) for k, v in params.items()}
    _, rows = store.select(text, substitutions=subs or None)
    return [{k: v.value for k, v in row.items()} for row in rows]


def test_two_articles_reporting_one_handover_make_one_event_with_two_sources() -> None:
    store = _store(completion_report("a1", 18, date(2026, 1, 18)), completion_report("a2", 18, date(2026, 1, 19)))
    report = consolidate(store, BASE, ENTITIES.values())
    rows = _query(store, "base-handovers")
    assert len(rows) == 1
    row = rows[0]
    assert (row["status"], row["date"], row["precision"], row["sources"]) == ("completed", "2026-01-18", "day", "2")
    assert row["wikidata"] == "http://www.wikidata.org/entity/Q4703502"
    assert row["baseLabel"] == "قاعدة عين الأسد" and row["baseLabelEn"] == "Ain al-Asad Air Base"
    assert row["fromLabel"] == "التحالف الدولي" and row["toLabel"] == "الجيش العراقي"
    assert report.conflicts == 0
    counts = _query(store, "troop-counts")
    assert len(counts) == 1 and counts[0]["sources"] == "2" and counts[0]["qualifier"] == "about"
    assert counts[0]["value"] == "2500" and counts[0]["asOf"] == "2025" and counts[0]["precision"] == "year"


def test_plan_and_completion_stay_two_events_and_status_parameter_filters() -> None:
    store = _store(completion_report("a1", 18, date(2026, 1, 18)), plan_report("p1", date(2025, 12, 30)))
    consolidate(store, BASE)
    rows = _query(store, "base-handovers")
    assert sorted((r["status"], r["date"], r["sources"]) for r in rows) == [
        ("completed", "2026-01-18", "1"), ("planned", "2026-01", "1")]
    planned = _query(store, "base-handovers", status="planned")
    assert [r["status"] for r in planned] == ["planned"]


def test_agreement_at_three_precisions_is_one_agreement() -> None:
    store = _store(
        completion_report("a1", 18, date(2026, 1, 18), agreement_precision="day"),
        completion_report("a2", 18, date(2026, 1, 19), agreement_precision="month"),
        completion_report("a3", 18, date(2026, 1, 20), agreement_precision="year"),
    )
    report = consolidate(store, BASE)
    assert report.agreements == 1
    rows = _query(store, "agreements")
    assert len(rows) == 1
    assert (rows[0]["date"], rows[0]["precision"], rows[0]["sources"]) == ("2024-09-27", "day", "3")
    assert set(rows[0]["parties"].split(" | ")) == {"العراق", "الولايات المتحدة"}


def test_disagreeing_dates_are_kept_and_flagged() -> None:
    store = _store(completion_report("a1", 18, date(2026, 1, 18)), completion_report("a2", 17, date(2026, 1, 18)))
    report = consolidate(store, BASE)
    assert report.conflicts == 1
    rows = _query(store, "base-handovers")
    assert len(rows) == 1 and rows[0]["sources"] == "2"
    conflicts = _query(store, "conflicts")
    assert {(r["on"], r["value"]) for r in conflicts} == {("date", "2026-01-17"), ("date", "2026-01-18")}
    assert {r["article"] for r in conflicts} == {BASE + "article/a1", BASE + "article/a2"}


def test_undated_article_gets_an_inferred_window_from_the_same_statement() -> None:
    store = _store(completion_report("a1", 18, date(2026, 1, 18)), completion_report("u1", 18, None))
    report = consolidate(store, BASE)
    assert report.inferred_publications == 1
    rows = _query(store, "inferred-publication")
    assert {(r["article"], r["earliest"], r["latest"], r["basis"], r["from"]) for r in rows} == {
        (BASE + "article/u1", "2026-01-16", "2026-01-20", "inferred", BASE + "article/a1")}
    statements = _query(store, "statements")
    assert len({r["statement"] for r in statements}) == 1
    assert {r["article"] for r in statements} == {BASE + "article/a1", BASE + "article/u1"}


def test_inferred_window_names_the_articles_that_bound_it_not_every_report() -> None:
    store = _store(completion_report("a3", 18, date(2026, 1, 20)), completion_report("a1", 18, date(2026, 1, 18)),
                   completion_report("a2", 18, date(2026, 1, 19)), completion_report("a4", 18, date(2026, 1, 20)),
                   completion_report("u1", 18, None))
    consolidate(store, BASE)
    rows = _query(store, "inferred-publication")
    assert {(r["earliest"], r["latest"]) for r in rows} == {("2026-01-16", "2026-01-22")}
    # the earliest report, and the first in IRI order of the two latest ones: a2 (in between) is not named
    assert sorted(r["from"] for r in rows) == [BASE + "article/a1", BASE + "article/a3"]


def test_inferred_window_bounds_are_a_function_of_the_set() -> None:
    pairs = [(date(2026, 1, 20), "b"), (date(2026, 1, 18), "z"), (date(2026, 1, 18), "y"), (date(2026, 1, 20), "a")]
    assert inferred_window(pairs) == inferred_window(reversed(pairs)) == (
        date(2026, 1, 16), date(2026, 1, 22), ["a", "y"])
    assert inferred_window([(date(2026, 1, 18), "x")]) == (date(2026, 1, 16), date(2026, 1, 20), ["x"])
    assert inferred_window([]) is None


def test_consolidation_is_a_function_of_the_article_graphs() -> None:
    a1, a2 = completion_report("a1", 18, date(2026, 1, 18)), completion_report("a2", 18, date(2026, 1, 19))
    store = _store(a1, a2)
    consolidate(store, BASE, ENTITIES.values())
    n = store.count(BASE + "graph/consolidated")
    consolidate(store, BASE, ENTITIES.values())
    assert store.count(BASE + "graph/consolidated") == n
    store.replace_graphs({BASE + "graph/article/a2": []})
    consolidate(store, BASE, ENTITIES.values())
    assert _query(store, "base-handovers")[0]["sources"] == "1"


def test_consolidated_store_conforms_to_shapes() -> None:
    store = _store(completion_report("a1", 18, date(2026, 1, 18)), completion_report("a2", 17, None),
                   plan_report("p1", date(2025, 12, 30)))
    consolidate(store, BASE, ENTITIES.values())
    report = validate_store(store, ROOT / "ontology" / "shapes.ttl")
    assert report.conforms, "\n".join(report.violations)


def _t(value: str, precision: str, lo: date, hi: date) -> _Time:
    return _Time(value, precision, lo, hi)


def test_time_helpers() -> None:
    day = _t("2024-09-27", "day", date(2024, 9, 27), date(2024, 9, 27))
    month = _t("2024-09", "month", date(2024, 9, 1), date(2024, 9, 30))
    other = _t("2025-11-06", "day", date(2025, 11, 6), date(2025, 11, 6))
    assert compatible(day, month) and not compatible(day, other)
    assert choose_time([month, day]) == (day, False)
    chosen, conflict = choose_time([day, other, other])
    assert chosen == other and conflict
    bare = _Time("2024", "year", None, None)
    assert compatible(bare, day)


def test_cluster_by_time_keeps_distinct_dates_apart() -> None:
    from kg.rdf.consolidate import _Reported

    def rep(iri: str, t: _Time | None) -> _Reported:
        r = _Reported(iri, "JointStatement", "a", None)
        if t:
            r.times["time"] = t
        return r

    items = [rep("x1", _t("2024-09-27", "day", date(2024, 9, 27), date(2024, 9, 27))),
             rep("x2", _t("2024", "year", date(2024, 1, 1), date(2024, 12, 31))),
             rep("x3", _t("2025-11-06", "day", date(2025, 11, 6), date(2025, 11, 6))),
             rep("x4", None)]
    clusters = cluster_by_time(items, "time")
    assert sorted(sorted(r.iri for r in c) for c in clusters) == [["x1", "x2"], ["x3"], ["x4"]]


def test_same_quote_tolerates_spelling_and_punctuation() -> None:
    a = "إن القاعدة أصبحت تحت الإدارة العراقية الكاملة."
    b = "ان القاعدة اصبحت تحت الادارة العراقيه الكامله"
    assert same_quote(a, b)
    assert not same_quote(a, "لا صحة للأنباء عن انسحاب القوات من القاعدة")
    # the same words reported in a different frame by another agency
    c = "الحكومة ملتزمة بتطوير العلاقات الدفاعية مع الدول الصديقة بما يخدم الأمن الوطني"
    d = "أكد أن الحكومة ملتزمة بتطوير العلاقات الدفاعية مع الشركاء وفي مقدمتهم الدول الصديقة"
    assert same_quote(c, d)
    assert not same_quote(c, "القوات ستغادر القاعدة خلال الأيام المقبلة بعد إنهاء المهام")


def test_different_figures_for_the_same_force_place_and_time_are_flagged() -> None:
    from dataclasses import replace

    a1 = completion_report("a1", 18, date(2026, 1, 18))
    a2 = completion_report("a2", 18, date(2026, 1, 19))
    a2.facts = [replace(f, quantity=replace(f.quantity, value=3000)) if isinstance(f, model.TroopCount) else f
                for f in a2.facts]
    store = _store(a1, a2)
    consolidate(store, BASE)
    counts = _query(store, "troop-counts")
    assert sorted(r["value"] for r in counts) == ["2500", "3000"]
    conflicts = [r for r in _query(store, "conflicts") if r["on"] == "figure"]
    assert {r["value"] for r in conflicts} == {"about 2500", "about 3000"}
    assert all(r["other"] and r["other"] != r["fact"] for r in conflicts)


def test_store_stats_counts_both_levels() -> None:
    from kg.rdf.stats import store_stats

    store = _store(completion_report("a1", 18, date(2026, 1, 18)), completion_report("a2", 17, date(2026, 1, 19)))
    report = consolidate(store, BASE, ENTITIES.values())
    figures = store_stats(store, BASE)
    assert figures["articles"] == 2 and figures["article graphs"] == 2
    assert figures["reported facts"] == 12
    assert figures["handovers"] == 1 and figures["agreements"] == 1 and figures["conflicts"] == 1
    assert figures["entities"] == report.entities == len(ENTITIES)
    assert figures["triples"] == store.count()


def test_troop_count_without_place_gives_one_row_with_no_place() -> None:
    from dataclasses import replace

    a1 = completion_report("a1", 18, date(2026, 1, 18))
    a1.facts = [replace(f, country=None) if isinstance(f, model.TroopCount) else f for f in a1.facts]
    store = _store(a1)
    consolidate(store, BASE, ENTITIES.values())
    rows = _query(store, "troop-counts")
    assert len(rows) == 1
    assert "place" not in rows[0] and "placeLabel" not in rows[0] and "country" not in rows[0]


def test_shapes_catch_a_wrong_source_count_and_inverted_bounds() -> None:
    store = _store(completion_report("a1", 18, date(2026, 1, 18)))
    consolidate(store, BASE)
    store.update("""PREFIX kg: <https://w3id.org/kg-news/ontology#>
        DELETE { GRAPH ?g { ?e kg:sourceCount ?n } } INSERT { GRAPH ?g { ?e kg:sourceCount 5 } }
        WHERE { GRAPH ?g { ?e a kg:TransferOfControl , kg:ConsolidatedFact ; kg:sourceCount ?n } } ;
        DELETE { GRAPH ?g { ?t kg:earliest ?lo } } INSERT { GRAPH ?g { ?t kg:earliest "2030-01-01"^^<http://www.w3.org/2001/XMLSchema#date> } }
        WHERE { GRAPH ?g { ?f a kg:ReportedFact ; kg:deadline ?t . ?t kg:earliest ?lo } }""")
    report = validate_store(store, ROOT / "ontology" / "shapes.ttl")
    assert not report.conforms
    text = "\n".join(report.violations)
    assert "source count" in text and "earliest is after latest" in text


def test_iri_parameters_filter_rows_even_where_the_variable_is_optional() -> None:
    from pyoxigraph import NamedNode

    a1 = completion_report("a1", 18, date(2026, 1, 18))
    store = _store(a1)
    consolidate(store, BASE, ENTITIES.values())

    def run(name: str, **iri: str) -> list[dict[str, str]]:
        text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
        _, rows = store.select(text, substitutions={k: NamedNode(v) for k, v in iri.items()})
        return [{k: v.value for k, v in row.items()} for row in rows]

    us, iraq = BASE + "entity/united-states", BASE + "entity/iraq"
    assert [r["force"] for r in run("troop-counts", force=us)] == [us]
    assert run("troop-counts", force=iraq) == []
    speaker = BASE + "entity/some-spokesman"
    assert {r["speaker"] for r in run("statements", speaker=speaker)} == {speaker}
    assert run("statements", speaker=iraq) == []
    base = BASE + "entity/ain-al-asad-air-base"
    assert {r["base"] for r in run("base-handovers", base=base)} == {base}
    assert run("base-handovers", base=iraq) == []


def test_generic_agreement_joins_the_specific_kind_but_kinds_stay_apart() -> None:
    from dataclasses import replace

    def with_kind(ex: model.Extraction, kind: str) -> model.Extraction:
        ex.facts = [replace(f, kind=kind) if isinstance(f, model.Agreement) else f for f in ex.facts]
        return ex

    store = _store(
        with_kind(completion_report("a1", 18, date(2026, 1, 18)), "Agreement"),
        with_kind(completion_report("a2", 18, date(2026, 1, 19), agreement_precision="month"), "JointStatement"),
        with_kind(completion_report("a3", 18, date(2026, 1, 20)), "MemorandumOfUnderstanding"),
        with_kind(completion_report("a4", 18, date(2026, 1, 20)), "MemorandumOfUnderstanding"),
    )
    consolidate(store, BASE)
    rows = _query(store, "agreements")
    assert sorted((r["agreement"].rsplit("/", 1)[1].split("-")[0], r["sources"]) for r in rows) == [
        ("jointstatement", "1"), ("memorandumofunderstanding", "3")]


def _random_times(rng: random.Random, n: int) -> list[_Time | None]:
    """Dates at every precision (some as explicit ranges, a few wide ones, a few missing) over a few years."""
    out: list[_Time | None] = []
    for _ in range(n):
        y, m, d = rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28)
        kind = rng.randrange(7)
        if kind == 0:
            out.append(None)
        elif kind == 1:
            out.append(_t(f"{y}", "year", date(y, 1, 1), date(y, 12, 31)))
        elif kind == 2:
            out.append(_t(f"{y}-{m:02d}", "month", date(y, m, 1), date(y, m, 28)))
        elif kind == 3:
            out.append(_Time(f"{y}-{m:02d}-{d:02d}", "day", None, None))  # bounds from the value
        elif kind == 4:
            out.append(_t("2020", "decade", date(2020, 1, 1), date(2029, 12, 31)))
        elif kind == 5:
            out.append(_Time(None, None, date(1990, 1, 1), date(2026, 12, 31)))  # a wide range: compared with all
        else:
            out.append(_Time(f"{y}-{m:02d}-{d:02d}", "day", date(y, m, d), date(y, m, d)))
    return out


def test_month_index_clusters_and_conflicts_equal_the_pairwise_comparison() -> None:
    from kg.rdf.consolidate import _cluster, choose_weighted, figure_conflicts

    def pairwise_cluster(entries: list[tuple[_Time | None, str, int]]) -> list[list[int]]:
        dated = sorted(((t, tie, i) for t, tie, i in entries if t is not None and t.bounds() is not None),
                       key=lambda e: (-{"day": 3, "month": 2, "year": 1, "decade": 0}.get(e[0].precision or "", -1),
                                      e[0].value or "", e[1]))
        clusters: list[tuple[_Time, list[int]]] = []
        for t, _, i in dated:
            for rep, members in clusters:
                if compatible(rep, t):
                    members.append(i)
                    break
            else:
                clusters.append((t, [i]))
        result = [m for _, m in clusters]
        undated = [i for t, _, i in entries if t is None or t.bounds() is None]
        if undated:
            if len(result) == 1:
                result[0].extend(undated)
            else:
                result.append(undated)
        return result

    rng = random.Random(5)
    for trial in range(60):
        times = _random_times(rng, rng.randint(0, 80))
        entries = [(t, f"tie{i:03d}", i) for i, t in enumerate(times)]
        assert _cluster(entries) == pairwise_cluster(entries), trial
        figures = [(rng.choice(["a", "b", "c"]), t) for t in times]
        expected = [(i, j) for i in range(len(figures)) for j in range(i + 1, len(figures))
                    if figures[i][0] != figures[j][0] and figures[i][1] is not None and figures[j][1] is not None
                    and compatible(figures[i][1], figures[j][1])]  # type: ignore[arg-type]
        assert figure_conflicts(figures) == expected, trial
        dated = [t for t in times if t is not None]
        tally = {t: rng.randint(1, 3) for t in dated}
        conflict = any(not compatible(a, b) for i, a in enumerate(list(tally)) for b in list(tally)[i + 1:]
                       if a.bounds() is not None and b.bounds() is not None)
        assert choose_weighted(tally)[1] == (conflict and any(t.bounds() is not None for t in tally)), trial


def test_quote_similarity_prefilter_never_changes_the_answer() -> None:
    """rapidfuzz's Indel ratio bounds difflib's from above, so rejecting below it gives difflib's answers."""
    import difflib

    from kg.rdf.consolidate import QUOTE_SIMILARITY, _same_normalized, normalize_quote

    words = ["القوات", "العراقية", "المرحلة", "المقبلة", "الدعم", "اللوجستي", "التنسيق", "الأمني", "في", "مع",
             "خلال", "بعد", "الحدود", "الغربية", "عمليات", "التدريب", "و", "رغم"]
    rng = random.Random(11)
    agree = differ = 0
    for _ in range(3000):
        a = " ".join(rng.choice(words) for _ in range(rng.randint(4, 14)))
        b = list(a.split())
        for _ in range(rng.randint(0, 4)):  # a few edits: near copies, and pairs just either side of the threshold
            k = rng.randrange(len(b))
            if rng.random() < 0.5:
                b[k] = rng.choice(words)
            else:
                b.insert(k, rng.choice(words))
        na, nb = normalize_quote(a), normalize_quote(" ".join(b))
        lo, hi = sorted((na, nb))
        by_difflib = difflib.SequenceMatcher(None, lo, hi, autojunk=False).ratio() >= QUOTE_SIMILARITY
        shared = 0  # no shared trigrams: the answer is the character similarity alone
        if na != nb and not (min(len(na), len(nb)) >= 20 and (na in nb or nb in na)):
            assert _same_normalized(na, nb, shared) == by_difflib, (na, nb)
            agree += by_difflib
            differ += not by_difflib
    assert agree > 50 and differ > 50  # both sides of the threshold were tried
