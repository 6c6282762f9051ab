"""read_inputs: formats, header variants, the hostile batch, duplicates, the real seeds and the demo corpus."""

from __future__ import annotations

import codecs
import json
import os
from datetime import date
from pathlib import Path

import pytest

import kg.ingest.batch as batch
from kg.errors import InputError
from kg.ingest import InputFailure, read_inputs
from kg.ingest.failure import oversize_reason
from kg.ingest.readers import guess_title, parse_header
from kg.model import Article

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run in

LIMIT = 5_000_000
# Our own sample sentences (never the seeds' wording).
P1 = "أعلنت قيادة العمليات المشتركة، يوم الأحد، تسلّم قاعدة عين الأسد الجوية في محافظة الأنبار من التحالف الدولي."
P2 = "وقال المتحدث باسم القيادة إن القوات العراقية قادرة على إدارة القاعدة وتأمين المنطقة الغربية بالكامل."
BODY = f"{P1}\n\n{P2}"


def read(*paths: Path, limit: int = LIMIT, **kw) -> tuple[list[Article], list[InputFailure]]:
    items = list(read_inputs(list(paths), max_article_bytes=limit, **kw))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputFailure)]


def one(path: Path, **kw) -> Article:
    articles, failures = read(path, **kw)
    assert failures == [] and len(articles) == 1
    return articles[0]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# ------------------------------------------------------------------------------------------------ .txt


def test_txt_header_with_url(tmp_path: Path) -> None:
    url = "https://news.example.org/2026/01/18/عين-الأسد-1.html"
    a = one(write(tmp_path / "a.txt", f" date 2026-01-18 {url}\n\n{BODY}\n\n"))
    assert (a.published, a.url, a.publisher, a.dateline) == (date(2026, 1, 18), url, None, None)
    assert a.text == BODY and a.key.startswith("u-") and a.source == str(tmp_path / "a.txt")


@pytest.mark.parametrize(
    ("rest", "publisher", "dateline"),
    [
        ("شفق نيوز- بغداد", "شفق نيوز", "بغداد"),
        ("رويترز - الموصل", "رويترز", "الموصل"),
        ("وكالة الأنباء العراقية – أربيل", "وكالة الأنباء العراقية", "أربيل"),
    ],
)
def test_txt_header_with_dateline(tmp_path: Path, rest: str, publisher: str, dateline: str) -> None:
    a = one(write(tmp_path / "a.txt", f" date 2025-11-06 {rest}\n\n{BODY}"))
    assert (a.publisher, a.dateline, a.title, a.url) == (publisher, dateline, None, None)
    assert a.key.startswith("t-")


def test_txt_header_with_title(tmp_path: Path) -> None:
    title = "العراق يعلن اكتمال تسلم القواعد - تقرير"
    a = one(write(tmp_path / "a.txt", f" date 2026-01-18 {title}\n{BODY}"))
    assert (a.title, a.publisher, a.dateline, a.text) == (title, None, None, BODY)


def test_txt_without_header_and_date_only(tmp_path: Path) -> None:
    a = one(write(tmp_path / "a.txt", f"\n\n{BODY}\n"))
    assert (a.published, a.title, a.text) == (None, None, BODY)
    b = one(write(tmp_path / "b.txt", f"date 2024-09-27\n{BODY}"))
    assert (b.published, b.text) == (date(2024, 9, 27), BODY)


def test_txt_crlf_and_text_is_never_altered(tmp_path: Path) -> None:
    body = "عـــين\u200cالأسد  \u0627\u0653 \t ١٨ كانون الثاني\n\n" + P2
    a = one(
        write(tmp_path / "a.txt", (" date 2026-01-18 رويترز - بغداد\r\n\r\n" + body).replace("\n", "\r\n"))
    )
    assert a.text == body


def test_title_guess_is_conservative() -> None:
    title = "الجيش العراقي في طريقه لتسلم مقر التحالف في قاعدة عين الأسد"
    assert guess_title(f"{title}\n\n{P1}") == title
    assert guess_title(f"أخبار العراق\n\n{title}\n\n{P1}") == title  # short section label passed over
    assert guess_title(f"{P1}\n\n{P2}") is None  # starts with a paragraph
    assert guess_title(f"دليل الموقع\nروابط مهمة\n{P1}") is None  # navigation, then paragraph
    assert guess_title(f"{title}.\n{P1}") is None  # ends like a sentence
    assert guess_title(title) is None  # nothing after it: it is the whole text


def test_header_parsing_edge_cases() -> None:
    assert parse_header("not a header") is None
    assert parse_header("date of the meeting was set") is None
    assert parse_header(" DATE 2026-1-8").published == date(2026, 1, 8)  # type: ignore[union-attr]
    long_title = "الحكومة - تعلن اليوم عن خطة جديدة لإعادة الإعمار في المحافظات المحررة كافة"
    assert parse_header(f" date 2026-01-08 {long_title}").title == long_title  # type: ignore[union-attr]


def test_malformed_date_line_keeps_the_article_with_an_unknown_date(tmp_path: Path) -> None:
    """`` date 2026-13-45 URL``: the text, URL and identity are kept; only the date is unknown, with a warning."""
    url = "https://news.example.org/2026/a.html"
    a = one(write(tmp_path / "a.txt", f" date 2026-13-45 {url}\n\n{BODY}\n"))
    assert (a.published, a.url, a.text) == (None, url, BODY)
    assert len(a.warnings) == 1 and "2026-13-45" in a.warnings[0] and "unknown date" in a.warnings[0]
    b = one(write(tmp_path / "b.txt", f" date 2026-02-30 رويترز - بغداد\n{P1}"))
    assert (b.published, b.publisher, b.dateline) == (None, "رويترز", "بغداد") and b.warnings
    assert one(write(tmp_path / "c.txt", f" date 2026-01-18 {url}\n{P1}")).warnings == ()


# ---------------------------------------------------------------------------------------------- .jsonl


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    good = {
        "id": "r1",
        "url": "https://a.example.org/x",
        "published": "2026-01-05T09:30:00+03:00",
        "title": "عنوان",
        "text": BODY,
        "lang": "ar",
        "publisher": "واع",
    }
    lines = [
        json.dumps(good, ensure_ascii=False),  # 1
        "",  # 2 blank: skipped
        "{not json",  # 3
        json.dumps({"title": "بلا نص"}),  # 4
        json.dumps({"text": "   \n "}),  # 5
        json.dumps({"text": 5}),  # 6
        json.dumps({"text": P1, "published": "2026-13-01"}),  # 7
        json.dumps({"text": P1, "url": 7}),  # 8
        json.dumps(["not", "an", "object"]),  # 9
        json.dumps({"text": P2, "published": "2025-10-02", "lang": "ar"}, ensure_ascii=False),  # 10
        json.dumps({"text": P1, "url": "javascript:alert(1)"}),  # 11
        json.dumps({"text": "a\u0000b\u0001" * 10}),  # 12
    ]
    articles, failures = read(write(tmp_path / "r.jsonl", "\r\n".join(lines) + "\n\n"))
    src = str(tmp_path / "r.jsonl")
    assert [a.source for a in articles] == [f"{src}:1", f"{src}:10"]
    first = articles[0]
    assert (first.published, first.url, first.title, first.publisher, first.text) == (
        date(2026, 1, 5),
        "https://a.example.org/x",
        "عنوان",
        "واع",
        BODY,
    )
    assert articles[1].published == date(2025, 10, 2) and articles[1].key.startswith("t-")
    reasons = {f.source.rsplit(":", 1)[1]: f.reason for f in failures}
    assert sorted(reasons, key=int) == ["3", "4", "5", "6", "7", "8", "9", "11", "12"]
    assert "not valid JSON" in reasons["3"]
    assert reasons["4"] == "has no 'text'"
    assert reasons["5"] == "has an empty 'text'"
    assert "'text' must be a string" in reasons["6"]
    assert "'published' is not a date" in reasons["7"]
    assert "'url' must be a string" in reasons["8"]
    assert "JSON object" in reasons["9"]
    assert "not an absolute http(s) URL" in reasons["11"]
    assert "binary" in reasons["12"]


def test_jsonl_oversize_line_and_bom(tmp_path: Path) -> None:
    big = json.dumps({"text": "ا" * 3000})
    small = json.dumps({"text": P1}, ensure_ascii=False)
    path = write(tmp_path / "r.jsonl", codecs.BOM_UTF8 + f"{small}\n{big}\n{small}x\n".encode())
    articles, failures = read(path, limit=2000)
    assert len(articles) == 1
    assert [f.source for f in failures] == [f"{path}:2", f"{path}:3"]
    assert "over the 2 kB limit (KG_MAX_ARTICLE_BYTES)" in failures[0].reason
    assert "not valid JSON" in failures[1].reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (b"\n \n", "no articles"),
        (codecs.BOM_UTF16_LE + "{}".encode("utf-16-le"), "UTF-16"),
        (b"\x00\x01\x02" * 100, "binary"),
    ],
)
def test_jsonl_whole_file_failures(tmp_path: Path, content: bytes, reason: str) -> None:
    articles, failures = read(write(tmp_path / "r.jsonl", content))
    assert articles == [] and len(failures) == 1 and reason in failures[0].reason


# ------------------------------------------------------------------------------------------------ .html

PAGE = """<!doctype html><html lang="ar"><head><meta charset="{charset}">
<title>تسلم القاعدة | موقع الخبر</title>
<link rel="canonical" href="/news/ain-al-asad">
<meta property="og:url" content="https://site.example.com/news/ain-al-asad?utm_source=x">
<meta property="og:site_name" content="موقع الخبر">
<script type="application/ld+json">{{"@graph": [{{"@type": "NewsArticle", "datePublished": "2026-01-17T22:00:00Z",
 "publisher": {{"name": "ناشر JSON-LD"}}}}]}}</script>
</head><body><nav><a href="/">الرئيسية</a> <a href="/a">سياسة</a></nav>
<article><p>{p1}</p><p>{p2}</p></article><footer>جميع الحقوق محفوظة</footer></body></html>"""


def test_html_text_and_metadata(tmp_path: Path) -> None:
    a = one(write(tmp_path / "p.html", PAGE.format(charset="utf-8", p1=P1, p2=P2)))
    assert P1 in a.text and P2 in a.text and "الرئيسية" not in a.text and "محفوظة" not in a.text
    assert a.url == "https://site.example.com/news/ain-al-asad"
    assert a.title == "تسلم القاعدة"  # <title> minus the « | site» suffix (no og:title)
    assert a.publisher == "موقع الخبر"
    assert a.published == date(2026, 1, 17)  # JSON-LD, the date as written
    assert a.key.startswith("u-") and a.lang == "ar"


def test_html_legacy_charset_and_meta_priority(tmp_path: Path) -> None:
    page = PAGE.format(charset="windows-1256", p1=P1, p2=P2).replace(
        "</head>",
        '<meta property="og:title" content="عنوان og">'
        '<meta property="article:published_time" content="2026-01-18T08:00:00+03:00"></head>',
    )
    a = one(write(tmp_path / "p.htm", page.encode("cp1256")))
    assert P1 in a.text and a.title == "عنوان og" and a.published == date(2026, 1, 18)


def test_html_fallback_when_trafilatura_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("extractor bug")

    monkeypatch.setattr(trafilatura, "extract", broken)
    a = one(write(tmp_path / "p.html", PAGE.format(charset="utf-8", p1=P1, p2=P2)))
    assert a.text == f"{P1}\n\n{P2}"  # our own <p> text; nav, footer, scripts left out


def test_html_without_text_is_a_failure(tmp_path: Path) -> None:
    articles, failures = read(
        write(tmp_path / "p.html", "<html><head><title>x</title></head><body></body></html>")
    )
    assert articles == [] and "no article text" in failures[0].reason


# ------------------------------------------------------------------------------------------- the batch


def test_hostile_batch_nothing_crashes_good_kept_bad_named(tmp_path: Path) -> None:
    d = tmp_path / "in"
    good = {
        "good_utf8.txt": f" date 2026-01-18 شفق نيوز- بغداد\n\n{BODY}".encode(),
        "good_utf16.txt": codecs.BOM_UTF16_LE + f" date 2026-01-17 {P2}\n{P1}".encode("utf-16-le"),
        "good_cp1256.txt": f" date 2025-12-31 رويترز - الأنبار\r\n\r\n{P1} {P2} (ترميز قديم)".encode(
            "cp1256"
        ),
        "good_iso.txt": f"{P2}\n{P1} 2025".encode("iso8859_6"),
        "page.html": PAGE.format(charset="utf-8", p1=P1, p2=P2).encode(),
    }
    bad = {
        "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "binary"),
        "empty.txt": (b"", "is empty"),
        "header_only.txt": (b" date 2026-01-18 https://x.example/a\n\n  \n", "date line but no article text"),
        "oversize.txt": (("ا" * 1200).encode(), "2.4 kB, over the 2 kB limit (KG_MAX_ARTICLE_BYTES)"),
        "latin1.txt": ("café crème brûlée".encode("latin-1"), "not text in a supported encoding"),
    }
    for name, data in good.items():
        write(d / name, data)
    for name, (data, _) in bad.items():
        write(d / name, data)
    write(
        d / "sub" / "feed.jsonl",
        json.dumps({"text": f"{P2} {P1}", "url": "https://b.example/1"}) + "\n{oops\n",
    )
    write(d / "notes.md", "ignored: unknown extension inside a folder")
    write(d / ".hidden.txt", b"\x00 hidden files are never read")
    os.symlink(d / "missing.txt", d / "dangling.txt")

    articles, failures = read(d, tmp_path / "nope.txt", limit=2000)
    assert sorted(Path(a.source).name for a in articles) == sorted([*good, "feed.jsonl:1"])
    named = {Path(f.source).name: f.reason for f in failures}
    expected = {name: fragment for name, (_, fragment) in bad.items()}
    expected |= {
        "feed.jsonl:2": "not valid JSON",
        "dangling.txt": "broken symbolic link",
        "nope.txt": "does not exist",
    }
    assert set(named) == set(expected)
    for name, fragment in expected.items():
        assert fragment in named[name], (name, named[name])
    by_name = {Path(a.source).name: a for a in articles}
    assert P1 in by_name["good_cp1256.txt"].text and by_name["good_cp1256.txt"].publisher == "رويترز"
    assert by_name["good_utf16.txt"].title == P2 and by_name["good_utf16.txt"].text == P1
    assert by_name["good_iso.txt"].text.endswith("2025")


def test_folder_order_is_recursive_sorted_and_deterministic(tmp_path: Path) -> None:
    for i, rel in enumerate(["b.txt", "a/z.txt", "a/b/c.htm", "c.jsonl", "A.TXT"]):
        text = f"{P1} رقم {i}"
        content = (
            json.dumps({"text": text})
            if rel.endswith("jsonl")
            else (f"<p>{text}</p>" if rel.endswith("htm") else text)
        )
        write(tmp_path / rel, content)
    order = [Path(a.source).relative_to(tmp_path).as_posix() for a in read(tmp_path)[0]]
    assert order == ["A.TXT", "a/b/c.htm", "a/z.txt", "b.txt", "c.jsonl:1"]
    assert [a.key for a in read(tmp_path)[0]] == [a.key for a in read(tmp_path)[0]]


def test_explicit_unknown_extension_and_special_files(tmp_path: Path) -> None:
    pdf = write(tmp_path / "report.pdf", b"%PDF-1.7")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    articles, failures = read(pdf, fifo, tmp_path)  # the folder holds both: the fifo is refused, not opened
    assert articles == []
    assert [(Path(f.source).name, f.reason) for f in failures] == [
        ("report.pdf", "has an unsupported file type '.pdf' (expected .txt, .jsonl, .html or .htm)"),
        ("pipe.txt", "is not a regular file"),
    ]


def test_unreadable_file_and_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, where chmod does not stop reads: simulate the OS refusing instead.
    write(tmp_path / "ok" / "a.txt", P1)
    write(tmp_path / "locked" / "b.txt", P2)
    secret = write(tmp_path / "secret.txt", P2 + " سري")
    real_scandir, real_open = os.scandir, open

    def scandir(path):  # type: ignore[no-untyped-def]
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    def fake_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(path) == secret:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(batch.os, "scandir", scandir)
    monkeypatch.setattr(batch, "open", fake_open, raising=False)
    articles, failures = read(tmp_path)
    assert [Path(a.source).name for a in articles] == ["a.txt"]
    assert {Path(f.source).name: f.reason for f in failures} == {
        "locked": "cannot be listed (permission denied)",
        "secret.txt": "cannot be read (permission denied)",
    }


def test_duplicates_are_yielded_once(tmp_path: Path) -> None:
    url = "https://news.example.org/a/عين-الأسد"
    a = write(tmp_path / "a.txt", f" date 2026-01-18 {url}\n{P1}")
    write(tmp_path / "b.txt", f" date 2026-01-18 {url}?utm_source=x#top\n{P1} نسخة معدلة")  # same URL
    write(tmp_path / "c.txt", BODY)
    write(tmp_path / "d.txt", BODY.replace("\n\n", "\n") + "\n")  # same text, no URL
    seen: list[tuple[str, str]] = []
    articles, failures = read(
        tmp_path, a, on_duplicate=lambda dup, first: seen.append((dup.source, first))
    )
    assert failures == []
    assert [Path(x.source).name for x in articles] == ["a.txt", "c.txt"]
    assert [(Path(s).name, Path(f).name) for s, f in seen] == [("b.txt", "a.txt"), ("d.txt", "c.txt")]


def test_oversize_wording() -> None:
    assert oversize_reason(7_200_000, 5_000_000) == "is 7.2 MB, over the 5 MB limit (KG_MAX_ARTICLE_BYTES)"
    assert "5,000,001 bytes" in oversize_reason(5_000_001, 5_000_000)


# ------------------------------------------------------------------------------ real seeds, demo corpus


def test_real_seeds_read_with_dates(seeds_dir: Path) -> None:
    articles, failures = read(seeds_dir)
    assert failures == []
    by_prefix = {Path(a.source).name[:3]: a for a in articles}
    assert {k: a.published for k, a in by_prefix.items()} == {
        "000": date(2026, 1, 18),
        "001": date(2025, 12, 31),
        "002": date(2026, 1, 18),
        "003": None,
        "004": None,
    }
    assert (by_prefix["000"].publisher, by_prefix["000"].dateline) == ("شفق نيوز", "بغداد")
    assert by_prefix["001"].url and by_prefix["001"].url.startswith("https://sarabic.ae/")
    assert by_prefix["001"].key.startswith("u-") and by_prefix["002"].title
    for a in articles:
        assert a.text and not a.text.startswith(" date") and "\r" not in a.text
        assert a.text == a.text.strip("\n")
    assert [a.key for a in articles] == [a.key for a in read(seeds_dir)[0]]
    assert len({a.key for a in articles}) == 5


def test_demo_corpus_reads_cleanly() -> None:
    articles, failures = read(PROJECT_ROOT / "examples" / "articles")
    assert failures == []
    assert len(articles) == 7 and len({a.key for a in articles}) == 7
    assert all(a.published is not None and 100 <= len(a.text.split()) <= 400 for a in articles)
    assert {Path(a.source).suffix.split(":")[0] for a in articles} == {".txt", ".html", ".jsonl"}


def test_links_loops_and_leading_blank_lines(tmp_path: Path) -> None:
    d = tmp_path / "in"
    write(d / "a.txt", f"\n\n date 2026-01-18 رويترز - بغداد\n{P1}")
    os.symlink(d, d / "loop")  # a directory loop is walked once
    os.symlink(d / "a.txt", d / "alias.txt")  # same file through a link: read once
    os.symlink(d / "gone.md", d / "gone.md")  # self-loop with an unsupported extension: skipped silently
    os.symlink(tmp_path / "gone", d / "gone.md.txt")
    articles, failures = read(d)
    assert [(Path(a.source).name, a.publisher) for a in articles] == [("a.txt", "رويترز")]
    assert [(Path(f.source).name, f.reason.split(" (")[0]) for f in failures] == [
        ("gone.md.txt", "is a broken symbolic link")
    ]


def test_unexpected_errors_become_failures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(source: str, data: bytes) -> Article:
        raise ValueError("parser bug")

    monkeypatch.setattr(batch, "read_txt", boom)
    write(tmp_path / "a.txt", P1)
    write(tmp_path / "b.jsonl", json.dumps({"text": P2}))
    articles, failures = read(tmp_path)
    assert [Path(a.source).name for a in articles] == ["b.jsonl:1"]
    assert failures[0].reason == "could not be read (unexpected ValueError: parser bug)"


def test_html_jsonld_headline_time_fallback_and_relative_canonical(tmp_path: Path) -> None:
    page = (
        '<html><head><link rel="canonical" href="/relative/only">'
        '<script type="application/ld+json">{"@type": ["NewsArticle"], "headline": "عنوان JSON-LD",'
        ' "mainEntityOfPage": {"@id": "https://ld.example.org/a"}}</script>'
        '<script type="application/ld+json">{broken json</script></head>'
        f'<body><article><time datetime="2025-11-06T10:00">الخميس</time><p>{P1}</p><p>{P2}</p></article></body></html>'
    )
    a = one(write(tmp_path / "p.html", page))
    assert (a.title, a.published, a.url) == ("عنوان JSON-LD", date(2025, 11, 6), "https://ld.example.org/a")


def test_a_publication_line_in_the_text_dates_an_article_with_no_date_line() -> None:
    from kg.ingest.readers import read_txt

    text = "عنوان الخبر هنا بكلمات كثيرة\nتم نشره الخميس 18 شباط / فبراير 2021 10:59 مساءً\nنص الخبر."
    assert read_txt("a.txt", text.encode("utf-8")).published == date(2021, 2, 18)
    assert read_txt("b.txt", "تاريخ النشر: 12 مارس 2024\nنص الخبر.".encode()).published == date(2024, 3, 12)
    # a date in the running text is no publication line; a date line wins over the text
    assert read_txt("c.txt", "وقال في 12 مارس 2024 إن القوات انسحبت.".encode()).published is None
    dated = " date 2024-05-01 https://example.com/x\n\nتاريخ النشر: 12 مارس 2024\nنص الخبر."
    assert read_txt("d.txt", dated.encode()).published == date(2024, 5, 1)


def test_a_date_line_or_publication_line_known_only_to_its_month_keeps_that_precision() -> None:
    from kg.ingest.readers import parse_header, read_txt

    header = parse_header(" date 2025-07 https://example.com/news/1")
    assert header is not None and header.published == date(2025, 7, 1) and header.precision == "month"
    assert header.url == "https://example.com/news/1"
    year = parse_header(" date 2024")
    assert year is not None and year.published == date(2024, 1, 1) and year.precision == "year"
    day = parse_header(" date 2024-3-9 عنوان")
    assert day is not None and day.published == date(2024, 3, 9) and day.precision == "day"
    bad = parse_header(" date 2025-13")
    assert bad is not None and bad.published is None and bad.warning
    month = read_txt("m.txt", " date 2025-07\n\nأعلنت الوزارة اليوم إنهاء المهمة.".encode())
    assert (month.published, month.published_precision) == (date(2025, 7, 1), "month")
    # an English date on a publication line (page furniture), and a line that names only a month
    english = read_txt("e.txt", "عنوان الخبر بكلمات عدة هنا\nتاريخ النشر: 21st, March 2024 GMT\nنص الخبر.".encode())
    assert (english.published, english.published_precision) == (date(2024, 3, 21), "day")
    first = read_txt("f.txt", "تاريخ النشر: 21st, March 2024 GMT\nعنوان الخبر بكلمات عدة هنا\nنص الخبر هنا.".encode())
    assert first.title == "عنوان الخبر بكلمات عدة هنا"  # a publication line is no title
    us = read_txt("u.txt", "نشر في: October 2, 2023\nنص الخبر.".encode())
    assert us.published == date(2023, 10, 2)
    only_month = read_txt("o.txt", "تاريخ النشر: تشرين الأول 2023\nنص الخبر.".encode())
    assert (only_month.published, only_month.published_precision) == (date(2023, 10, 1), "month")
    # an English date in the running text dates nothing
    assert read_txt("r.txt", "وقال إن القوات غادرت (March 3, 2024).".encode()).published is None


def test_jsonl_published_may_be_a_month_or_a_year(tmp_path: Path) -> None:
    from kg.ingest.readers import parse_published

    assert parse_published("2025-07") == (date(2025, 7, 1), "month")
    assert parse_published("2025") == (date(2025, 1, 1), "year")
    assert parse_published("2025-07-04") == (date(2025, 7, 4), "day")
    with pytest.raises(InputError):
        parse_published("2025-7")
    (tmp_path / "r.jsonl").write_text(json.dumps({"text": P1, "published": "2024-11"}) + "\n", encoding="utf-8")
    articles, failures = read(tmp_path / "r.jsonl")
    assert not failures and articles[0].published_precision == "month" and articles[0].published == date(2024, 11, 1)


def test_a_dated_dateline_opening_a_paragraph_dates_an_article_with_no_date_line() -> None:
    from kg.ingest.readers import read_txt

    text = "عنوان الخبر هنا بكلمات كثيرة\nالخرطوم 22 نوفمبر 2018 ـ أعلن الجيش تسلم المعسكر من البعثة.".encode()
    a = read_txt("a.txt", text)
    assert (a.published, a.published_precision) == (date(2018, 11, 22), "day")
    agency = "نواكشوط 3 مارس 2024 (وكالة) - غادرت القوات القاعدة.".encode()
    assert read_txt("b.txt", agency).published == date(2024, 3, 3)
    # a sentence that opens with a date is no dateline; neither is a date deep in the text
    assert read_txt("c.txt", "وفي 22 نوفمبر 2018 - غادرت القوات القاعدة.".encode()).published is None
    assert read_txt("d.txt", "منذ 3 مارس 2020 - والقوات في القاعدة.".encode()).published is None
    late = "سطر\n" * 7 + "بغداد 22 نوفمبر 2018 - نص."
    assert read_txt("e.txt", late.encode()).published is None
    # a publication line wins over a dateline
    both = "تاريخ النشر: 12 مارس 2024\nبغداد 22 نوفمبر 2018 - نص الخبر.".encode()
    assert read_txt("f.txt", both).published == date(2024, 3, 12)
