"""Every named query answers over a store of a few hundred articles with syndicated copies, under the server's
time limit (a query whose cost explodes with the graph fails here: a correctness test, not a timing one); an exact
copy under another URL is one more attestation, never a new event."""

from __future__ import annotations

import json
import random
from pathlib import Path

import httpx
import pytest

from api_live import live_server, settings_for
from kg.pipeline import build
from kg.store import open_store

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SKIP = {"wikidata-bases"}  # calls the Wikidata Query Service

BASES = ["قاعدة عين الأسد الجوية", "قاعدة حرير", "قاعدة القيارة الجوية", "قاعدة بلد الجوية", "قاعدة التاجي"]
ALIASES = {"قاعدة عين الأسد الجوية": "عين الأسد", "قاعدة القيارة الجوية": "قاعدة القيارة"}
MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران"]
OUTLETS = ["وكالة الأنباء الأولى", "شبكة الأخبار الثانية", "صحيفة الصباح الثالثة", "موقع الرافد الرابع"]
SPEAKERS = ["المتحدث باسم الحكومة", "وزير الدفاع"]
WORDS = ["القوات العراقية", "المرحلة المقبلة", "الدعم اللوجستي", "التنسيق الأمني", "الحدود الغربية",
         "عمليات التدريب", "الملف الأمني", "الشراكة الثنائية", "القدرات الجوية", "حماية المنشآت"]


def _original(i: int, rng: random.Random) -> dict[str, str]:
    """A report written for this test: a handover, a troop count, a statement, a filler sentence."""
    base = BASES[i % len(BASES)]
    day, month = 1 + i % 27, i % len(MONTHS)
    named = ALIASES.get(base, base) if rng.random() < 0.3 else base
    words = rng.sample(WORDS, 4)
    sentences = [
        f"أعلنت قيادة العمليات المشتركة أن الجيش العراقي تسلم {named} من التحالف الدولي في {day} {MONTHS[month]} 2026.",
        f"ويبلغ عدد القوات الأمريكية في العراق نحو {1000 + 500 * (i % 4)} جندي.",
        f"وقال {SPEAKERS[i % 2]} إن «{words[0]} و{words[1]} تبقى مرتبطة ب{words[2]} رغم {words[3]}».",
        "وشهدت بغداد أمطارا غزيرة أدت إلى قطع عدد من الطرق الرئيسية.",
    ]
    outlet = OUTLETS[i % len(OUTLETS)]
    record = {
        "id": f"volume-{i:04d}",
        "url": f"https://news{i % len(OUTLETS)}.example.org/{i:04d}",
        "published": f"2026-{month + 1:02d}-{day:02d}",
        "title": f"{base}: تسلم عراقي",
        "publisher": outlet,
        "text": f"بغداد ({outlet}) - " + " ".join(sentences),
    }
    if i % 25 == 7:
        del record["published"]  # an undated report: its window comes from the dated ones
    return record


def corpus(n: int, *, copies: bool) -> list[dict[str, str]]:
    """``n`` originals and, when ``copies``, about 30 % more articles that are other outlets' copies of them: a
    third word for word under their own URL, the others with the credit line changed or the last sentence cut."""
    rng = random.Random(13)
    out: list[dict[str, str]] = []
    originals = [_original(i, rng) for i in range(n)]
    for i, record in enumerate(originals):
        out.append(record)
        if not copies or i % 10 >= 3:
            continue
        copy = dict(record, id=f"copy-{i:04d}", url=f"https://wire.example.net/{i:04d}")
        if i % 10 != 0:  # lightly reworded
            head, _, body = record["text"].partition(") - ")
            copy["text"] = f"{head.split(' (')[0]} (وكالة الخبر الخامسة) - " + body.rsplit(" و", 1)[0] + "."
            copy["publisher"] = "وكالة الخبر الخامسة"
        out.append(copy)
    return out


def _build(tmp: Path, records: list[dict[str, str]], name: str) -> Path:
    src = tmp / f"{name}.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    path = tmp / name
    settings = settings_for(tmp, store=str(path), ner="rules", online=False, link_cache_dir=tmp / "cache")
    with open_store(str(path)) as store:
        report = build([src], store, settings)
    assert report.ok == len(records) and not report.failed
    return path


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    tmp = tmp_path_factory.mktemp("volume")
    with_copies = corpus(240, copies=True)
    exact = sum(1 for r in with_copies if r["id"].startswith("copy-") and r["publisher"] in OUTLETS)
    return _build(tmp, corpus(240, copies=False), "originals"), _build(tmp, with_copies, "syndicated"), exact


def _answers(store: Path, tmp: Path, timeout_s: float) -> dict[str, list[dict[str, object]]]:
    settings = settings_for(tmp, store=str(store), queries_dir=PROJECT_ROOT / "queries", query_timeout_s=timeout_s)
    names = sorted(p.stem for p in (PROJECT_ROOT / "queries").glob("*.rq") if p.stem not in SKIP)
    out = {}
    with live_server(settings) as url, httpx.Client(base_url=url, timeout=timeout_s + 30) as client:
        for name in names:
            r = client.get(f"/queries/{name}", headers={"Accept": "application/sparql-results+json"})
            assert r.status_code == 200, f"{name}: {r.status_code} {r.text[:300]}"
            out[name] = r.json()["results"]["bindings"]
    return out


def test_every_named_query_answers_at_volume_and_copies_are_attestations(
        stores: tuple[Path, Path, int], tmp_path: Path) -> None:
    originals, syndicated, exact = stores
    before = _answers(originals, tmp_path / "a", timeout_s=20)
    after = _answers(syndicated, tmp_path / "b", timeout_s=20)
    assert set(before) == set(after)
    assert len(after["articles"]) == len(before["articles"]) + sum(
        1 for r in corpus(240, copies=True) if r["id"].startswith("copy-"))

    def events(rows: list[dict[str, object]]) -> dict[str, int]:
        return {r["event"]["value"]: int(r["sources"]["value"]) for r in rows}  # type: ignore[index]

    handovers_before, handovers_after = events(before["base-handovers"]), events(after["base-handovers"])
    assert handovers_before and set(handovers_after) == set(handovers_before)  # copies add no event
    # every copy repeats its original's handover: one more source each
    assert sum(handovers_after.values()) - sum(handovers_before.values()) >= exact
    # an undated report gets a window bounded by two named reports at most, whatever the number of reports
    windows = after["inferred-publication"]
    assert windows
    per_article: dict[str, set[str]] = {}
    for r in windows:
        per_article.setdefault(r["article"]["value"], set()).add(r["from"]["value"])  # type: ignore[index]
    assert all(1 <= len(sources) <= 2 for sources in per_article.values())


def _rows(client: httpx.Client, name: str, **params: object) -> tuple[list[dict[str, object]], httpx.Response]:
    r = client.get(f"/queries/{name}", params=params, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, f"{name} {params}: {r.status_code} {r.text[:300]}"
    return r.json()["results"]["bindings"], r


def test_pages_partition_every_named_query_in_its_order(stores: tuple[Path, Path, int], tmp_path: Path) -> None:
    """Without limit/offset the answer is the whole one; pages read one after the other by their Link headers
    are the whole answer, row for row and in order, for every named query (and two page sizes)."""
    _, syndicated, _ = stores
    settings = settings_for(tmp_path, store=str(syndicated), queries_dir=PROJECT_ROOT / "queries",
                            query_timeout_s=20)
    names = sorted(p.stem for p in (PROJECT_ROOT / "queries").glob("*.rq") if p.stem not in SKIP)
    with live_server(settings) as url, httpx.Client(base_url=url, timeout=60) as client:
        listing = {q["name"]: q for q in client.get("/queries").json()["queries"]}
        assert [p["name"] for p in listing["articles"]["paging"]] == ["limit", "offset"]
        sizes = {}
        for name in names:
            whole, first = _rows(client, name)
            assert "link" not in first.headers
            sizes[name] = len(whole)
            for limit in sorted({max(len(whole) // 3, 1), 17}):
                pages: list[dict[str, object]] = []
                response: httpx.Response | None = None
                target = f"/queries/{name}?limit={limit}&offset=0"
                while target:
                    r = client.get(target, headers={"Accept": "application/sparql-results+json"})
                    assert r.status_code == 200, f"{target}: {r.status_code} {r.text[:300]}"
                    rows = r.json()["results"]["bindings"]
                    assert len(rows) <= limit
                    pages += rows
                    response = r
                    link = r.headers.get("link")
                    assert (link is not None) == (len(rows) == limit), (target, link, len(rows))
                    target = link[1:link.index(">")] if link else ""
                assert response is not None
                assert pages == whole, f"{name}: pages of {limit} are not the whole answer"
            # beyond the end: an empty page, no next one
            rows, r = _rows(client, name, limit=5, offset=len(whole) + 3)
            assert rows == [] and "link" not in r.headers
        assert sizes["articles"] > 300 and sizes["statements"] > 200  # the store is big enough to page
        # every format pages the same rows: the CSV page is the JSON page's rows
        csv_page = client.get("/queries/troop-counts", params={"limit": 4, "offset": 2, "format": "csv"}).text
        json_page, _ = _rows(client, "troop-counts", limit=4, offset=2)
        assert len(csv_page.strip().splitlines()) == 1 + len(json_page) == 5
        # a page with a parameter pages the parameter's answer
        whole, _ = _rows(client, "handover-sources", status="completed")
        assert _rows(client, "handover-sources", status="completed", limit=3, offset=1)[0] == whole[1:4]


def _row_keys(path: Path) -> set[tuple[str, str, str]]:
    """Every triple of the row keys (kg.rowkeys): keys, the holders' kg:rowOf, the markers."""
    from kg import rowkeys

    props = [rowkeys.predicate(q) for q in rowkeys.SPECS] + [rowkeys.KG + p for p in
                                                               ("rowOf", "rowKeysVersion", "unkeyedRows")]
    values = " ".join(f"<{p}>" for p in props)
    with open_store(str(path), read_only=True) as store:
        _, rows = store.select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}",
                               union_default_graph=False)
    return {(r["s"].value, r["p"].value, r["o"].value) for r in rows}


def _pages(path: Path, name: str, limit: int) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """(the whole answer, its pages read one after the other through the row keys), in process."""
    from kg.cli import _keyed_text
    from kg.config import Settings
    from kg.paging import Page, keyed_page
    from kg.queries import load_named_queries

    named = load_named_queries(PROJECT_ROOT / "queries")[name]
    base = Settings(_env_file=None).base_iri  # type: ignore[call-arg]
    with open_store(str(path), read_only=True) as store:
        variables, rows = store.select(named.text, union_default_graph=True)

        def row(r: dict[str, object]) -> tuple[str, ...]:
            return tuple(str(r.get(v)) for v in variables)

        pages: list[tuple[str, ...]] = []
        offset = 0
        while True:
            keyed = keyed_page(name, named.paged, Page(limit, offset), base)
            assert keyed is not None
            text = _keyed_text(store, keyed, "")
            assert text, f"{name}: the store's keys cannot serve a page"
            got = store.select(text, union_default_graph=True)[1]
            pages += [row(r) for r in got]
            if len(got) < limit:
                return [row(r) for r in rows], pages
            offset += limit


def test_row_keys_of_an_incremental_build_are_those_of_a_fresh_build(
        stores: tuple[Path, Path, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Articles added to a built store (syndicated copies among them), and articles replaced (a new publication
    date, a handover no longer reported), leave the same row keys as a fresh build of the result: keys are kept
    up to date by the batches' transactions, and pages read through them are the whole answer."""
    import shutil

    from kg import rowkeys

    originals, _, _ = stores
    records = corpus(240, copies=True)
    changed = {r["id"]: r for r in records if r["id"] in ("volume-0005", "volume-0012")}
    changed["volume-0005"] = dict(changed["volume-0005"], published="2025-12-30")
    text = changed["volume-0012"]["text"]
    changed["volume-0012"] = dict(changed["volume-0012"], text=text.split("أعلنت")[0] + text.split(".", 1)[1])
    final = [changed.get(r["id"], r) for r in records]
    incremental = tmp_path / "incremental"
    shutil.copytree(originals, incremental)
    src = tmp_path / "final.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in final) + "\n", encoding="utf-8")
    settings = settings_for(tmp_path, store=str(incremental), ner="rules", online=False,
                            link_cache_dir=tmp_path / "cache")
    import kg.rdf.incremental

    def no_rebuild(*args: object, **kwargs: object) -> None:
        raise AssertionError("the build consolidated everything again instead of committing batches")

    with monkeypatch.context() as patch, open_store(str(incremental)) as store:
        patch.setattr(kg.rdf.incremental, "reconsolidate", no_rebuild)
        report = build([src], store, settings)
    assert report.ok == len(final) and not report.failed
    fresh = _build(tmp_path, final, "fresh")
    keys = _row_keys(incremental)
    assert keys == _row_keys(fresh)
    assert not any(p.endswith("unkeyedRows") for _, p, _ in keys)
    assert {p for _, p, _ in keys} >= {rowkeys.predicate(q) for q in rowkeys.SPECS}
    for name in rowkeys.SPECS:
        whole, pages = _pages(incremental, name, 23)
        assert pages == whole and len(whole) > 20, name
