"""The pages in a real browser (Playwright driving Debian's Chromium) over the seed graph: what a journalist
sees, that nothing is requested from outside 127.0.0.1, and that no page logs an error.

Skipped with a message where no Chromium is installed (see ``browser_support``); required in CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_support import launch, open_page
from kg.api.assets import Assets
from web_support import serve

NEEDS_ASSETS = pytest.mark.skipif(not Assets().has("yasgui", "swagger-ui", "redoc", "plot", "d3"),
                                  reason="npm assets not installed: run `make ui`")


@pytest.fixture(scope="module")
def site(seeds_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(seeds_store, tmp_path_factory.mktemp("browser")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch() as b:
        yield b


@NEEDS_ASSETS
def test_editor_runs_a_named_query_over_all_graphs_with_labels(site: str, browser: Any) -> None:
    with open_page(browser) as (page, watch):
        page.goto(f"{site}/editor?name=base-handovers", wait_until="networkidle")
        assert "base-handovers" in page.input_value("#examples")
        page.click(".yasqe_queryButton")
        page.wait_for_selector(".kg-results table tbody tr")
        rows = page.query_selector_all(".kg-results table tbody tr")
        assert len(rows) >= 3
        text = page.inner_text(".kg-results")
        assert "Ain al-Asad Air Base" in text and "^^" not in text and "@ar" not in text
        hrefs = [a.get_attribute("href") for a in page.query_selector_all(".kg-results a")]
        assert "/id/entity/ain-al-asad-air-base" in hrefs
        assert not [h for h in hrefs if h and h.startswith("https://w3id.org/")]
        # choosing another named query updates the permalink
        page.select_option("#examples", "troop-counts")
        assert page.url.endswith("/editor?name=troop-counts")
        watch.clean()


@NEEDS_ASSETS
@pytest.mark.parametrize(("path", "ready"), [("/docs", ".opblock-tag"), ("/redoc", "[role=menuitem], .menu-content")])
def test_api_docs_render_offline(site: str, browser: Any, path: str, ready: str) -> None:
    with open_page(browser) as (page, watch):
        page.goto(f"{site}{path}", wait_until="networkidle")
        page.wait_for_selector(ready)
        assert "named queries" in page.inner_text("body").lower()
        watch.clean()


@pytest.mark.parametrize("path", ["/queries", "/queries/base-handovers", "/id/entity/ain-al-asad-air-base",
                                  "/editor"])
def test_pages_fit_a_phone(site: str, browser: Any, path: str) -> None:
    with open_page(browser, width=390, height=844) as (page, watch):
        page.goto(f"{site}{path}", wait_until="networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        watch.clean()
