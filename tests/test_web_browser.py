"""The pages in a real browser (Playwright driving Debian's Chromium) over the seed graph and the examples
corpus: what a journalist sees, that nothing is requested from outside 127.0.0.1, and that no page logs an
error. Skipped with a message where no Chromium is installed (see ``browser_support``); required in CI.

``KG_SCREENSHOTS=docs/screenshots`` writes the screenshots the docs show (home page, a base page, the map).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_support import launch, open_page
from kg.api.assets import Assets
from web_support import serve

NEEDS_ASSETS = pytest.mark.skipif(not Assets().has("yasgui", "swagger-ui", "redoc", "plot", "d3", "topojson",
                                                   "world-atlas"), reason="npm assets not installed: run `make ui`")
ISOLATES = re.compile("[\u2066-\u2069]")
SHOTS = os.environ.get("KG_SCREENSHOTS")


def text_of(page: Any, selector: str = "body") -> str:
    """The visible text, without the bidi isolates titles carry."""
    return ISOLATES.sub("", page.inner_text(selector))


def shot(page: Any, name: str, selector: str | None = None, height: int = 900) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 1280, "height": height})
        target = page.locator(selector) if selector else page
        target.screenshot(path=str(Path(SHOTS) / f"{name}.png"), **({} if selector else {"full_page": False}))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch() as b:
        yield b


@pytest.fixture(scope="module")
def site(seeds_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(seeds_store, tmp_path_factory.mktemp("browser")) as url:
        yield url


@pytest.fixture(scope="module")
def examples_site(examples_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(examples_store, tmp_path_factory.mktemp("browser-examples")) as url:
        yield url


def completed_ain(page: Any) -> Any:
    """The home page's row of the completed Ain al-Asad handover."""
    return page.locator("table.handovers tbody tr", has_text="Ain al-Asad Air Base").filter(has_text="completed")


def _charts_ready(page: Any) -> None:
    page.wait_for_selector("body[data-charts=ready]", timeout=30_000)


def _marks(page: Any, box: str) -> list[dict[str, Any]]:
    """The labelled marks of a chart: aria-label and horizontal position (centre of the mark's box)."""
    return page.evaluate(f"""() => Array.from(document.querySelectorAll('#{box} svg [aria-label]'))
        .filter((el) => el.tagName !== 'g' && el.tagName !== 'svg')
        .map((el) => {{ const r = el.getBoundingClientRect(); return {{label: el.getAttribute('aria-label'),
                       x: r.x + r.width / 2, href: el.closest('a') ? el.closest('a').getAttribute('href') : null}}; }})""")


@NEEDS_ASSETS
def test_home_answers_which_bases_and_when(site: str, browser: Any) -> None:
    with open_page(browser) as (page, watch):
        page.goto(site + "/", wait_until="networkidle")
        assert page.title().startswith("Which bases passed to Iraqi control")
        row = completed_ain(page)
        assert row.count() == 1
        assert "18 January 2026" in text_of(page, "table.handovers")
        assert "قاعدة عين الأسد الجوية" in row.inner_text()  # the base in Arabic and English
        assert "Iraqi Security Forces" in row.inner_text()
        # the sentence is one click away
        row.locator("details.sources summary").click()
        quote = row.locator("details.sources blockquote").first
        assert quote.is_visible() and "عين الأسد" in quote.inner_text()
        href = quote.locator("a").get_attribute("href")
        assert href and href.startswith("/id/article/") and "#span-" in href
        _charts_ready(page)
        shot(page, "home", height=1750)
        watch.clean()


@NEEDS_ASSETS
def test_the_map_draws_the_bases_and_links_them(site: str, browser: Any) -> None:
    with open_page(browser) as (page, watch):
        page.goto(site + "/", wait_until="networkidle")
        _charts_ready(page)
        assert page.locator("#map svg path").count() > 50  # the country outlines of Natural Earth
        bases = [m for m in _marks(page, "map") if m["href"]]
        names = " ".join(m["label"] for m in bases)
        assert "Ain al-Asad Air Base" in names and "completed" in names
        assert all(m["href"].startswith("/id/entity/") for m in bases)
        shot(page, "map", "#map-figure")
        watch.clean()


@NEEDS_ASSETS
def test_the_timeline_orders_the_events(site: str, browser: Any) -> None:
    with open_page(browser) as (page, watch):
        page.goto(site + "/", wait_until="networkidle")
        _charts_ready(page)
        marks = _marks(page, "timeline")
        ain = {ISOLATES.sub("", m["label"]): m["x"] for m in marks if "Ain al-Asad" in m["label"]}
        planned = [x for label, x in ain.items() if "Handover" in label and "31 December 2025" in label]
        completed = [x for label, x in ain.items() if "Handover" in label and "18 January 2026" in label]
        assert planned and completed and max(planned) < min(completed), ain
        assert all(m["href"] and m["href"].startswith("/id/event/") for m in marks)
        _timeline_marks_apart(page)
        assert "Handover" in text_of(page, "#timeline") and "Withdrawal" in text_of(page, "#timeline")  # the legend
        watch.clean()


def _timeline_marks_apart(page: Any) -> None:
    """Marks on the same day are set in rows inside their lane, never on top of one another."""
    boxes = page.evaluate("""() => Array.from(document.querySelectorAll('#timeline svg a > path[aria-label]'))
        .map((el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })""")
    assert len(boxes) >= 5
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            overlap = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
            assert overlap[0] <= 1 or overlap[1] <= 1, (a, b)


@NEEDS_ASSETS
def test_the_timeline_and_the_map_on_a_phone(site: str, browser: Any) -> None:
    with open_page(browser, width=390, height=844) as (page, watch):
        page.goto(site + "/", wait_until="networkidle")
        _charts_ready(page)
        _timeline_marks_apart(page)
        names = text_of(page, "#timeline")
        assert "Ain al-Asad Air Base" in names and "Joint Operations Command headquarters" in names  # not cut short
        box = page.locator("#timeline svg").last.bounding_box()
        assert box is not None and box["width"] <= 390
        # the map's names never cover one another (a hidden one keeps its mark, link and tooltip)
        labels = page.evaluate("""() => Array.from(document.querySelectorAll('#map svg g[aria-label=text] text'))
            .filter((t) => t.getAttribute('visibility') !== 'hidden')
            .map((t) => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })""")
        assert labels
        for i, a in enumerate(labels):
            for b in labels[i + 1:]:
                assert min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1]), (a, b)
        watch.clean()


@NEEDS_ASSETS
def test_troop_counts_chart(site: str, browser: Any) -> None:
    with open_page(browser) as (page, watch):
        page.goto(site + "/", wait_until="networkidle")
        _charts_ready(page)
        labels = " ".join(m["label"] for m in _marks(page, "troop-chart"))
        assert "~2,500" in labels and "Iraq" in labels
        # one series per force and country: a country's troops and a group's fighters are not one line
        legend = text_of(page, "#troop-chart")
        assert "United States — Iraq" in legend and "Islamic State (ISIS) — Iraq" in legend
        # Plot draws ⚠ in a chart when it had to warn (its message is in the console)
        for chart in ("#map", "#timeline", "#troop-chart"):
            assert "⚠" not in page.inner_text(chart), chart
        watch.clean()


@NEEDS_ASSETS
def test_from_the_home_page_to_the_sentence_in_its_article(site: str, browser: Any) -> None:
    with open_page(browser) as (page, watch):
        page.goto(site + "/", wait_until="networkidle")
        row = completed_ain(page)
        row.locator("details.sources summary").click()
        quote = row.locator("details.sources blockquote a").first
        words = quote.inner_text()
        quote.click()
        page.wait_for_load_state("networkidle")
        assert "/id/article/" in page.url
        target = page.locator("mark:target, mark:has(> .anchor:target)")
        assert target.count() == 1 and words in target.inner_text()
        assert "/work/" not in page.content() and ".txt" not in text_of(page)  # no server paths
        watch.clean()


@NEEDS_ASSETS
def test_base_page_says_when_and_who_says_so(site: str, browser: Any) -> None:
    with open_page(browser) as (page, watch):
        page.goto(site + "/id/entity/ain-al-asad-air-base", wait_until="networkidle")
        assert page.locator("h1").inner_text() == "Ain al-Asad Air Base"
        body = text_of(page)
        assert "Handover of Ain al-Asad Air Base — 18 January 2026" in body
        assert "Also written" in body and "taIdentRef" not in body and "notes/" not in body
        assert "Operator over time" in body and "Iraqi Security Forces" in body
        _charts_ready(page)
        assert [m for m in _marks(page, "map") if "Ain al-Asad" in m["label"]]
        shot(page, "base-page", height=1500)
        watch.clean()


@NEEDS_ASSETS
def test_event_page_shows_conflicting_dates_side_by_side(site: str, browser: Any) -> None:
    with open_page(browser) as (page, watch):
        page.goto(site + "/", wait_until="networkidle")
        completed_ain(page).locator("td.date a").click()
        page.wait_for_load_state("networkidle")
        assert text_of(page, "h1") == "Handover of Ain al-Asad Air Base — 18 January 2026"
        conflict = page.locator("#conflict")
        assert conflict.count() == 1
        heads = [text_of(page, f"#conflict .competing:nth-child({i}) h3") for i in (1, 2)]
        assert heads[0].startswith("17 January 2026") and heads[1].startswith("18 January 2026")
        assert conflict.locator("blockquote").count() >= 2
        watch.clean()


@NEEDS_ASSETS
def test_a_troop_count_and_a_statement_read_as_what_they_are(site: str, browser: Any) -> None:
    with open_page(browser) as (page, watch):
        page.goto(site + "/", wait_until="networkidle")
        page.locator("#troops table a", has_text="about 2,500").first.click()
        page.wait_for_load_state("networkidle")
        assert page.title() == "United States: about 2,500 troops — Iraq — January 2025 — kg"
        facts = text_of(page, "table.facts")
        assert "Force\tUnited States" in facts and "Figure\tabout 2,500 troops" in facts and "Kind of figure" in facts
        assert page.locator("#sources blockquote, #conflict blockquote").count() >= 1  # the sentence, inline
        page.goto(site + "/id/entity/hussein-allawi", wait_until="networkidle")
        page.locator("#statements a", has_text="Statement").first.click()
        page.wait_for_load_state("networkidle")
        facts = text_of(page, "table.facts")
        assert "Speaker\tHussein Allawi" in facts and "Role\t" in facts and "Words" in facts
        assert "«" in text_of(page, "h1") and page.locator("#sources blockquote").count() >= 1
        watch.clean()


@NEEDS_ASSETS
def test_home_in_arabic(site: str, browser: Any) -> None:
    with open_page(browser, lang="ar") as (page, watch):
        page.goto(site + "/", wait_until="networkidle")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("document.documentElement.lang") == "ar"
        table = text_of(page, "table.handovers")
        assert "18 كانون الثاني 2026" in table and "مكتمل" in table
        _charts_ready(page)
        axes = text_of(page, "#timeline") + text_of(page, "#troop-chart")
        months = ("كانون", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين")
        assert any(m in axes for m in months), axes  # the time axes in Arabic too
        assert not re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", axes), axes
        watch.clean()


@NEEDS_ASSETS
def test_search_is_tolerant_of_hamza_and_ta_marbuta(site: str, browser: Any) -> None:
    with open_page(browser) as (page, watch):
        page.goto(site + "/", wait_until="networkidle")
        page.fill("header form.search input[name=q]", "عين الاسد")  # no hamza
        page.press("header form.search input[name=q]", "Enter")
        page.wait_for_load_state("networkidle")
        assert page.locator(".search-results a", has_text="Ain al-Asad Air Base").count() >= 1
        page.goto(site + "/search?q=" + "قيادة العمليات المشتركه", wait_until="networkidle")  # ه for ة
        assert "Joint Operations Command" in text_of(page, ".search-results")
        watch.clean()


@NEEDS_ASSETS
def test_filters(site: str, browser: Any) -> None:
    with open_page(browser) as (page, watch):
        page.goto(site + "/", wait_until="networkidle")
        page.select_option("select[name=status]", "planned")  # submits itself
        page.wait_for_url("**/?status=planned**")
        statuses = page.locator("table.handovers .status").all_inner_texts()
        assert statuses and set(statuses) == {"planned"}
        watch.clean()


@NEEDS_ASSETS
def test_editor_runs_a_named_query_over_all_graphs_with_labels(site: str, browser: Any) -> None:
    with open_page(browser) as (page, watch):
        page.goto(f"{site}/editor?name=base-handovers", wait_until="networkidle")
        assert page.input_value("#examples") == "base-handovers"
        page.click(".yasqe_queryButton")
        page.wait_for_selector(".kg-results table tbody tr")
        assert page.locator(".kg-results table tbody tr").count() >= 3
        text = page.inner_text(".kg-results")
        assert "Ain al-Asad Air Base" in text and "^^" not in text and "@ar" not in text
        hrefs = [a.get_attribute("href") for a in page.query_selector_all(".kg-results a")]
        assert "/id/entity/ain-al-asad-air-base" in hrefs
        assert not [h for h in hrefs if h and h.startswith("https://w3id.org/")]
        page.select_option("#examples", "troop-counts")  # the permalink follows the choice
        assert page.url.endswith("/editor?name=troop-counts")
        watch.clean()


@NEEDS_ASSETS
def test_editor_default_query_answers_with_labels(site: str, browser: Any) -> None:
    """A new tab's own query runs over all graphs, its columns in reading order, every IRI a label or a prefixed
    name, links on this server (ontology terms at /ontology/)."""
    with open_page(browser) as (page, watch):
        page.goto(f"{site}/editor", wait_until="networkidle")
        page.click(".yasqe_queryButton")
        page.wait_for_selector(".kg-results table tbody tr")
        heads = page.locator(".kg-results thead th").all_inner_texts()
        assert heads == ["base", "status", "date", "event"]
        assert "Ain al-Asad Air Base" in page.inner_text(".kg-results tbody")
        page.evaluate("window.kgEditor.yasgui.getTab().getYasqe().setValue("
                      "'SELECT ?s ?p ?o WHERE { ?s a ?o ; ?p ?o } LIMIT 20')")
        page.click(".yasqe_queryButton")
        page.wait_for_selector(".kg-results td a[href^='/ontology/']")
        text = page.inner_text(".kg-results")
        assert "rdf:type" in text and "http://www.w3.org/" not in text
        hrefs = [a.get_attribute("href") or "" for a in page.query_selector_all(".kg-results a")]
        assert not [h for h in hrefs if h.startswith("https://w3id.org/")], hrefs
        watch.clean()


@NEEDS_ASSETS
@pytest.mark.parametrize(("path", "ready"), [("/docs", ".opblock-tag"), ("/redoc", "[role=menuitem]")])
def test_api_docs_render_offline(site: str, browser: Any, path: str, ready: str) -> None:
    with open_page(browser) as (page, watch):
        page.goto(f"{site}{path}", wait_until="networkidle")
        page.wait_for_selector(ready)
        assert "named queries" in page.inner_text("body").lower()
        watch.clean()


def test_a_wrong_address_is_a_page_that_helps(site: str, browser: Any) -> None:
    with open_page(browser, width=390, height=844) as (page, watch):
        response = page.goto(site + "/id/entity/ain-al-asad", wait_until="networkidle")
        assert response is not None and response.status == 404
        assert text_of(page, "h1") == "Page not found"
        assert page.input_value("main input[name=q]") == "ain al asad"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.click("main .search-results a:has-text('Ain al-Asad Air Base')")
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("/id/entity/ain-al-asad-air-base")
        watch.errors = [e for e in watch.errors if "status of 404" not in e]  # the document's own status
        watch.clean()


PHONE_PAGES = ["/", "/?lang=ar", "/bases", "/entities", "/articles", "/search?q=%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82",
               "/queries", "/queries/base-handovers", "/id/entity/ain-al-asad-air-base",
               "/id/event/transferofcontrol-4fa9dfdc0dd5", "/id/graph/consolidated", "/editor"]


def test_pages_fit_a_phone(site: str, browser: Any) -> None:
    with open_page(browser, width=390, height=844) as (page, watch):
        for path in PHONE_PAGES:
            page.goto(f"{site}{path}", wait_until="networkidle")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        article = page.evaluate("""async () => (await (await fetch('/queries/articles')).json())
            .results.bindings[0].article.value""")
        page.goto(site + "/id/" + article.split("/id/", 1)[1], wait_until="networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        watch.clean()


@NEEDS_ASSETS
def test_examples_corpus_home_map_and_timeline(examples_site: str, browser: Any) -> None:
    """The same checks hold on the examples corpus (more bases, 2020 handovers, a conflict on a count)."""
    with open_page(browser) as (page, watch):
        page.goto(examples_site + "/", wait_until="networkidle")
        table = text_of(page, "table.handovers")
        for base in ("Ain al-Asad Air Base", "Camp Taji", "K-1 Air Base"):
            assert base in table
        assert "23 August 2020" in table
        _charts_ready(page)
        on_map = " ".join(m["label"] for m in _marks(page, "map"))
        assert "Camp Taji" in on_map and "Ain al-Asad Air Base" in on_map
        marks = _marks(page, "timeline")
        taji = [m["x"] for m in marks if "Camp Taji" in m["label"]]
        ain = [m["x"] for m in marks if "Ain al-Asad" in m["label"] and "completed" in m["label"]]
        assert taji and ain and max(taji) < min(ain)  # 2020 before 2026
        for path in ("/bases", "/id/entity/camp-taji", "/articles"):
            page.goto(examples_site + path, wait_until="networkidle")
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        watch.clean()
