"""The pages over HTTP (a real server, httpx): security headers, HEAD, /docs offline, named-query formats,
languages, and script-injection payloads from articles escaped on every page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api_live import live_server, settings_for
from kg.api.assets import BUNDLES, Assets
from web_support import PAYLOADS, serve, write_payload_corpus

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PAGES = ["/", "/editor", "/docs", "/redoc", "/queries", "/queries/base-handovers", "/bases", "/entities",
         "/articles", "/search?q=asad", "/id/entity/ain-al-asad-air-base", "/id/event/transferofcontrol-4fa9dfdc0dd5",
         "/id/graph/consolidated", "/id/graph/ontology"]


@pytest.fixture(scope="module")
def site(seeds_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    with serve(seeds_store, tmp_path_factory.mktemp("web")) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_security_headers(site: httpx.Client, path: str) -> None:
    r = site.get(path, headers=BROWSER)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert "unsafe-eval" not in csp and "script-src 'self' 'unsafe-inline'" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"
    assert r.headers["x-frame-options"] == "DENY"
    # no inline script that would need 'unsafe-inline': every <script> is a file or inert JSON
    for tag in re.findall(r"<script\b[^>]*>", r.text):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_data_responses_are_nosniff_too(site: httpx.Client) -> None:
    for r in (site.get("/sparql", params={"query": "ASK {}"}), site.get("/queries"), site.get("/health")):
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


@pytest.mark.parametrize("path", [*PAGES, "/static/kg.css", "/assets/plot/plot.umd.min.js",
                                  "/queries/base-handovers?format=csv", "/sparql?query=ASK%20%7B%7D"])
def test_head_answers_like_get_without_a_body(site: httpx.Client, path: str) -> None:
    if path.startswith("/assets/") and not Assets().has("plot"):
        pytest.skip("npm assets not installed (make ui)")
    get = site.get(path, headers=BROWSER)
    head = site.head(path, headers=BROWSER)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    if "content-length" in get.headers and "content-length" in head.headers:
        assert abs(int(head.headers["content-length"]) - int(get.headers["content-length"])) < 200


def test_docs_and_redoc_load_only_local_assets(site: httpx.Client) -> None:
    assets = Assets()
    for path, bundle in (("/docs", "swagger-ui"), ("/redoc", "redoc")):
        page = site.get(path).text
        srcs = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert srcs and not [s for s in srcs if s.startswith(("http:", "https:", "//"))], srcs
        if not assets.has(bundle):
            assert "make ui" in page
            continue
        for src in srcs:
            if src.startswith(("/assets/", "/static/")):
                assert site.get(src).status_code == 200, src
        for name in BUNDLES[bundle].files:
            body = site.get(f"/assets/{bundle}/{name}").content
            assert b"cdn.redoc.ly/redoc/logo" not in body  # the one hard-coded outside image is rewritten
    assert site.get("/openapi.json").json()["paths"]


def test_only_listed_assets_are_served(site: httpx.Client) -> None:
    assert site.get("/assets/plot/package.json").status_code == 404
    assert site.get("/assets/nope/x.js").status_code == 404
    assert site.get("/assets/plot/..%2F..%2Fd3%2Fpackage.json").status_code == 404


def test_named_query_formats(site: httpx.Client) -> None:
    default = site.get("/queries/base-handovers")
    assert default.headers["content-type"].startswith("application/sparql-results+json")  # the contract
    for fmt, ctype in (("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
                       ("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml")):
        r = site.get("/queries/base-handovers", params={"format": fmt, "status": "completed"})
        assert r.status_code == 200 and r.headers["content-type"].startswith(ctype), (fmt, r.text[:200])
        assert r.headers["content-disposition"] == f'attachment; filename="base-handovers.{fmt}"'
    csv = site.get("/queries/base-handovers", params={"format": "csv"}).text.splitlines()
    assert csv[0].startswith("event,base,baseLabel,baseLabelEn,wikidata,status,date,precision")
    bad = site.get("/queries/base-handovers", params={"format": "pdf"})
    assert bad.status_code == 400 and "format must be one of" in bad.json()["error"]["message"]


def test_named_query_page_for_browsers(site: httpx.Client) -> None:
    r = site.get("/queries/base-handovers", headers=BROWSER)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "Ain al-Asad Air Base" in page and "18 January 2026" in page
    assert 'href="/id/entity/ain-al-asad-air-base"' in page
    assert "https://w3id.org/kg-news/id/entity" not in page.split("<details class=\"sparql\">")[0]
    assert "^^" not in page and "@ar" not in page
    assert 'href="/queries/base-handovers?format=csv"' in page
    # the parameter form offers the statuses the description lists
    assert '<option value="completed"' in page
    filtered = site.get("/queries/base-handovers", params={"status": "planned"}, headers=BROWSER).text
    assert "planned" in filtered and "18 January 2026" not in filtered
    wide = site.get("/queries/base-handovers", params={"wide": "1"}, headers=BROWSER).text
    assert "baseLabelEn" in wide and "wikidata" in wide


def test_named_query_page_shows_a_page_of_rows_with_links_to_the_next(site: httpx.Client) -> None:
    """A browser reads an answer a page at a time (the same rows as the JSON pages), with next/previous links."""
    whole = site.get("/queries/articles").json()["results"]["bindings"]
    assert len(whole) >= 3
    first = site.get("/queries/articles", params={"limit": 2}, headers=BROWSER).text
    assert "rows 1–2" in first and 'href="/queries/articles?limit=2&amp;offset=2" rel="next"' in first
    assert 'rel="prev"' not in first
    second = site.get("/queries/articles", params={"limit": 2, "offset": 2}, headers=BROWSER).text
    assert f"rows 3–{min(4, len(whole))}" in second and 'href="/queries/articles?limit=2" rel="prev"' in second
    one, three = (whole[i]["article"]["value"].rsplit("/", 1)[-1] for i in (0, 2))
    assert one in first and one not in second and three in second and three not in first
    # without limit the page shows the first rows up to its page size; an answer that fits says how many rows
    default = site.get("/queries/articles", headers=BROWSER).text
    assert f"{len(whole)} rows" in default and 'rel="next"' not in default
    bad = site.get("/queries/articles", params={"limit": "ten"}, headers=BROWSER)
    assert bad.status_code == 400 and "limit must be an integer" in bad.text


def test_queries_listing_for_browsers_and_clients(site: httpx.Client) -> None:
    assert site.get("/queries").json()["queries"]
    page = site.get("/queries", headers=BROWSER).text
    assert 'href="/queries/base-handovers"' in page and 'href="/editor?name=base-handovers"' in page


def test_page_language_and_direction(site: httpx.Client) -> None:
    en = site.get("/queries", headers=BROWSER).text
    assert '<html lang="en" dir="ltr">' in en
    ar = site.get("/queries", headers={**BROWSER, "Accept-Language": "ar-IQ,ar;q=0.9,en;q=0.5"})
    assert '<html lang="ar" dir="rtl">' in ar.text and ar.headers["content-language"] == "ar"
    forced = site.get("/queries/base-handovers", params={"lang": "ar"}, headers=BROWSER).text
    assert '<html lang="ar" dir="rtl">' in forced and "18 كانون الثاني 2026" in forced
    assert 'href="/queries?lang=ar"' in forced  # an explicit choice follows the links


def test_sparql_in_a_browser_goes_to_the_editor(site: httpx.Client) -> None:
    r = site.get("/sparql", headers=BROWSER, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("/editor")
    editor = site.get("/editor", params={"name": "base-handovers", "param.status": "completed"}).text
    assert 'data-initial-query="' in editor and "VALUES" in editor and "union-default-graph" in editor


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    from kg.config import Settings
    from kg.pipeline import build
    from kg.store import open_store

    tmp = tmp_path_factory.mktemp("xss")
    corpus = write_payload_corpus(tmp / "corpus")
    settings = Settings(store=str(tmp / "store"), link_cache_dir=tmp / "cache", ner="rules")  # type: ignore[call-arg]
    with open_store(settings.store) as store:
        report = build([corpus], store, settings)
    assert report.ok == len(PAYLOADS), report.failed
    with serve(tmp / "store", tmp) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def _payload_pages(c: httpx.Client) -> list[str]:
    rows = c.get("/queries/articles").json()["results"]["bindings"]
    articles = [r["article"]["value"].split("/id/", 1)[1] for r in rows]
    paths = ["/", "/?lang=ar", "/bases", "/entities", "/articles", "/queries", "/editor", "/docs",
             *(f"/id/{a}" for a in articles), *(f"/id/graph/{a}" for a in articles),
             f"/search?q={PAYLOADS[0]}", f"/search?q={PAYLOADS[1]}", "/search?q=عنوان"]
    for name in ("articles", "base-handovers", "handover-sources", "troop-counts", "statements", "entities"):
        paths += [f"/queries/{name}", f"/queries/{name}?wide=1"]
    paths += [f"/editor?name={PAYLOADS[0]}", f"/queries/base-handovers?status={PAYLOADS[1]}"]
    return paths


def test_payloads_from_articles_are_escaped_on_every_page(payload_site: httpx.Client) -> None:
    paths = _payload_pages(payload_site)
    assert len(paths) >= 14
    shown = 0
    for path in paths:
        r = payload_site.get(path, headers=BROWSER)
        assert r.status_code in (200, 400), (path, r.status_code)
        body = r.text
        for payload in PAYLOADS[:3]:
            assert payload not in body, (path, payload)
        assert "<img src=x" not in body and "<script>alert" not in body, path
        assert 'href="javascript:' not in body, path
        shown += "&lt;script&gt;alert(" in body or "&lt;img src=x" in body
    assert shown >= 12  # the payloads are on the pages, as text


def test_home_page_counts_every_article_that_reports_a_handover(site: httpx.Client) -> None:
    """The lead's «read from N articles» is every article reporting a handover of a named facility (the rows show
    only the first few sources of each), and not those of groups of bases."""
    rows = _rows(site, "handover-sources")
    page = site.get("/", headers=BROWSER).text
    lead = re.search(r'<p class="lead">(\d+) handovers of (\d+) facilities, read from (\d+) articles', page)
    assert lead, page[:500]
    assert int(lead.group(1)) == len({r["event"] for r in rows})
    assert int(lead.group(2)) == len({r["base"] for r in rows})
    assert int(lead.group(3)) == len({r["article"] for r in rows})


def test_home_page_answers_without_javascript(site: httpx.Client) -> None:
    page = site.get("/", headers=BROWSER).text
    assert "Which bases passed to Iraqi control, and when" in page
    row = next(r for r in page.split("<tr data-event=")[1:] if "completed" in r and "Ain al-Asad Air Base" in r)
    assert "18 January 2026" in row and "قاعدة عين الأسد الجوية" in row and "Iraqi Security Forces" in row
    assert "<blockquote" in row and "#span-" in row  # the sentences, one click away
    assert 'id="kg-chart-data"' in page and "world-atlas/countries-50m.json" in page
    assert "2026-01-18" not in row.split("<details")[0]  # dates as people write them
    planned = site.get("/", params={"status": "planned"}, headers=BROWSER).text
    assert "status-completed" not in planned.split('id="handovers"')[1].split("</section>")[0]


def test_graph_iris_answer(site: httpx.Client) -> None:
    rows = site.get("/queries/articles").json()["results"]["bindings"]
    key = rows[0]["article"]["value"].rsplit("/article/", 1)[1]
    page = site.get(f"/id/graph/article/{key}", headers=BROWSER)
    assert page.status_code == 200 and "triples" in page.text and f'href="/id/article/{key}"' in page.text
    ttl = site.get(f"/id/graph/article/{key}", headers={"Accept": "text/turtle"})
    assert ttl.status_code == 200 and b"nif-core#isString" in ttl.content
    assert site.get("/id/graph/nothing-here", headers=BROWSER).status_code == 404


def test_article_page_has_no_server_paths_and_links_out(site: httpx.Client) -> None:
    rows = site.get("/queries/articles").json()["results"]["bindings"]
    with_url = next(r for r in rows if "url" in r)
    page = site.get("/id/" + with_url["article"]["value"].split("/id/", 1)[1], headers=BROWSER).text
    assert "/work/" not in page and "shared/seeds" not in page and ".txt" not in page
    assert 'class="original"' in page and 'rel="noopener noreferrer"' in page
    assert "<mark id=\"span-" in page


@pytest.fixture(scope="module")
def examples_site(examples_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    with serve(examples_store, tmp_path_factory.mktemp("web-examples")) as url, \
            httpx.Client(base_url=url, timeout=60) as c:
        yield c


def test_every_article_gets_its_article_page(site: httpx.Client) -> None:
    """Undated articles too: the consolidated graph annotates them (their inferred publication window) without
    describing them, and the page must still read the article's own graph (headline or opening, text, facts)."""
    rows = site.get("/queries/articles").json()["results"]["bindings"]
    assert any("published" not in r for r in rows)  # the seeds have undated articles
    _article_pages(site, rows)


def test_the_examples_pages_hold_too(examples_site: httpx.Client) -> None:
    """The examples corpus: every article page, every troop-count page, links that stay here, a wrong address."""
    _article_pages(examples_site, examples_site.get("/queries/articles").json()["results"]["bindings"])
    for c in _rows(examples_site, "troop-counts"):
        page = examples_site.get(_id_path(c["observation"]), headers=BROWSER).text
        assert '<th scope="row">Figure</th>' in page and "Troop count:" not in page.split("</h1>")[0]
    for path in ("/", "/bases", "/articles", "/id/entity/camp-taji", "/id/entity/ain-al-asad-air-base"):
        page = examples_site.get(path, headers=BROWSER)
        assert page.status_code == 200 and 'href="https://w3id.org/' not in page.text, path
    assert examples_site.get("/id/entity/camp-taj", headers=BROWSER).status_code == 404


def _article_pages(site: httpx.Client, rows: list[dict[str, dict[str, str]]]) -> None:
    assert rows
    for r in rows:
        path = "/id/" + r["article"]["value"].split("/id/", 1)[1]
        page = site.get(path, headers=BROWSER).text
        title = re.search(r"<title>(.*?) — kg</title>", page)
        assert title and not re.fullmatch(r"[tu]-[0-9a-f]{16}", title.group(1)), (path, title)
        assert 'id="text"' in page and "<mark id=\"span-" in page, path
        if "published" not in r:
            assert "other reports put it between" in page, path
        turtle = site.get(path, params={"format": "turtle"}).text
        assert "nif-core#isString" in turtle or "nif:isString" in turtle, path


def test_not_found_is_a_page_for_browsers_and_json_for_clients(site: httpx.Client) -> None:
    for path in ("/no-such-page", "/id/entity/ain-al-asad", "/queries/no-such-query"):
        page = site.get(path, headers=BROWSER)
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html"), path
        assert "<h1>Page not found</h1>" in page.text and 'name="q"' in page.text, path
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert "https://w3id.org/" not in page.text, path  # no raw IRIs
        api = site.get(path)  # no Accept, or */*: the JSON error contract
        assert api.status_code == 404 and api.json()["error"]["code"] == "not_found", path
        if not path.startswith("/id/"):  # /id/ offers RDF (JSON-LD), not plain JSON: a 406 there
            assert site.get(path, headers={"Accept": "application/json"}).json()["error"]["status"] == 404
        assert site.head(path, headers=BROWSER).status_code == 404
    near = site.get("/id/entity/ain-al-asad", headers=BROWSER).text
    assert 'value="ain al asad"' in near and 'href="/id/entity/ain-al-asad-air-base"' in near  # what it may mean
    ar = site.get("/no-such-page", headers={**BROWSER, "Accept-Language": "ar"}).text
    assert '<html lang="ar" dir="rtl">' in ar and "الصفحة غير موجودة" in ar
    bad = site.get("/queries/base-handovers", params={"format": "pdf"}, headers=BROWSER)
    assert bad.status_code == 400 and "format must be one of" in bad.text and "<h1>" in bad.text
    assert site.post("/queries/no-such-query", headers=BROWSER).headers["content-type"].startswith("application/json")


def _rows(site: httpx.Client, name: str) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in r.items()} for r in site.get(f"/queries/{name}").json()["results"]["bindings"]]


def _id_path(iri: str) -> str:
    return "/id/" + iri.split("/id/", 1)[1]


def test_troop_count_pages_read_force_place_figure_and_date(site: httpx.Client) -> None:
    counts = _rows(site, "troop-counts")
    assert counts
    for c in counts:
        page = site.get(_id_path(c["observation"]), headers=BROWSER).text
        table = page.split('<table class="facts">', 1)[1].split("</table>", 1)[0]
        for row in ("Force", "Country", "Figure", "As of"):
            assert f'<th scope="row">{row}</th>' in table, (c["observation"], row)
        low, high, value = (f"{int(c[k]):,}" if k in c else "" for k in ("min", "max", "value"))
        figure = {"range": f"{low}–{high}", "about": f"about {value}", "less_than": f"fewer than {high or value}",
                  "more_than": f"more than {low or value}", "exact": value}[c["qualifier"]]
        assert figure in table, (figure, table)
        assert 'href="' + _id_path(c["force"]) + '"' in table and 'href="' + _id_path(c["country"]) + '"' in table
        title = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
        assert title and figure in title.group(1) and "Troop count:" not in title.group(1)
        assert "unitText" not in page and "minValue" not in page.split("<details")[0]


def test_statement_pages_read_speaker_role_date_and_words(site: httpx.Client) -> None:
    everything = _rows(site, "statements")
    rows = [r for r in everything if "speaker" in r and "role" in r]
    assert rows
    for r in rows:
        bases = {x.get("dateBasis") for x in everything if x["statement"] == r["statement"]}
        page = site.get(_id_path(r["statement"]), headers=BROWSER).text
        table = page.split('<table class="facts">', 1)[1].split("</table>", 1)[0]
        assert '<th scope="row">Speaker</th>' in table and 'href="' + _id_path(r["speaker"]) + '"' in table
        assert '<th scope="row">Role</th>' in table and r["role"] in table, r["statement"]
        assert '<th scope="row">Date</th>' in table and '<th scope="row">Words</th>' in table
        if bases == {"inferred"}:  # no report dates it, no article has a date: the inferred window
            assert "inferred from other reports" in table
        elif "published" in bases and "stated" not in bases:
            assert "the date its earliest article was published" in table
        assert ">quote<" not in table and "speaker role" not in table  # no raw property names


def test_links_stay_on_this_server(site: httpx.Client) -> None:
    """No page links to an IRI of this graph or of kg's ontology elsewhere: entities, events, articles and
    graphs have /id/ pages, ontology terms /ontology/ pages (only Wikidata and the outlets are links out)."""
    for path in PAGES + ["/id/event/troopcount-00d1ec0eb729", "/id/entity/iraq", "/ontology/AirBase"]:
        page = site.get(path, headers=BROWSER).text
        assert 'href="https://w3id.org/' not in page, path
    term = site.get("/ontology/AirBase", headers=BROWSER).text
    assert "<h1" in term and "Air base" in term and 'href="/entities?type=AirBase"' in term
    assert 'href="/id/entity/ain-al-asad-air-base"' in term and 'href="/ontology/MilitaryBase"' in term
    assert site.get("/ontology/NoSuchTerm", headers=BROWSER).status_code == 404
    base = site.get("/id/entity/ain-al-asad-air-base", headers=BROWSER).text
    assert 'href="/ontology/AirBase"' in base


def test_search_over_http(site: httpx.Client) -> None:
    page = site.get("/search", params={"q": "العمليات المشتركه"}, headers=BROWSER).text  # ه for ة
    assert 'href="/id/entity/joint-operations-command-hq"' in page
    assert "Nothing matches" in site.get("/search", params={"q": "zzzz"}, headers=BROWSER).text


def test_the_ui_assets_directory_is_a_setting(tmp_path: Path) -> None:
    """``KG_UI_DIR`` names the node_modules the pages' assets are served from (a wheel has no build/ui)."""
    modules = tmp_path / "node_modules"
    (modules / "d3" / "dist").mkdir(parents=True)
    (modules / "d3" / "dist" / "d3.min.js").write_text("// d3 from KG_UI_DIR\n", encoding="utf-8")
    with live_server(settings_for(tmp_path, ui_dir=modules)) as url:
        served = httpx.get(url + "/assets/d3/d3.min.js")
        assert served.status_code == 200 and "from KG_UI_DIR" in served.text
        assert httpx.get(url + "/assets/plot/plot.umd.min.js").status_code == 404  # not in that folder
        docs = httpx.get(url + "/docs", headers={"Accept": "text/html"}).text
        assert "make ui" in docs  # swagger-ui-dist is not there: the page says what to do


def test_the_ui_directory_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from kg.config import Settings

    monkeypatch.setenv("KG_UI_DIR", str(tmp_path))
    assert Settings(_env_file=None).ui_dir == tmp_path  # type: ignore[call-arg]
