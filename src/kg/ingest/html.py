"""Reader for saved HTML pages: main text by trafilatura, metadata from the page's own markup.

Metadata is read with the standard-library parser so that it is deterministic and does not depend on a
heuristic: canonical URL (``<link rel=canonical>``, ``og:url``, JSON-LD ``url``), published date
(``article:published_time``, ``datePublished`` in meta or JSON-LD, ``<time datetime>``), title (``og:title``,
JSON-LD ``headline``, ``<title>``), publisher (``og:site_name``, JSON-LD ``publisher.name``). Missing or
malformed metadata is left empty; only a page with no readable text is refused.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

from kg.errors import InputError
from kg.ingest.decoding import check_not_binary, decode_bytes, normalize_line_ends
from kg.ingest.identity import article_key, normalize_url
from kg.ingest.readers import trim_blank_lines
from kg.model import Article

log = logging.getLogger(__name__)

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "template",
        "svg",
        "button",
        "select",
        "iframe",
    }
)
_BREAKS = frozenset(
    {
        "p",
        "div",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "section",
        "article",
        "tr",
        "td",
        "main",
        "figcaption",
    }
)
_PUBLISHED_META = (
    "article:published_time",
    "datepublished",
    "og:published_time",
    "pubdate",
    "publishdate",
    "dc.date",
    "dcterms.created",
    "date",
)
_ARTICLE_TYPES = ("Article", "BlogPosting", "Report")


@dataclass
class PageMeta:
    """Metadata found in a page's markup (first value wins for each field)."""

    meta: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None
    title: str = ""
    times: list[str] = field(default_factory=list)
    jsonld: list[str] = field(default_factory=list)
    lang: str | None = None
    paragraphs: list[str] = field(default_factory=list)  # fallback main text


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageMeta()
        self._skip_depth = 0
        self._in_title = False
        self._in_jsonld = False
        self._script: list[str] = []
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.page.lang = self.page.lang or a["lang"].split("-")[0].lower()
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and a.get("content", "").strip():
                self.page.meta.setdefault(key, a["content"].strip())
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.page.canonical = self.page.canonical or a["href"].strip()
        elif tag == "time" and a.get("datetime"):
            self.page.times.append(a["datetime"])
        elif tag == "title":
            self._in_title = True
        elif tag == "script" and "ld+json" in a.get("type", "").lower():
            self._in_jsonld, self._script = True, []
        if tag in _SKIP:
            self._skip_depth += 1
        if tag in _BREAKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "script" and self._in_jsonld:
            self._in_jsonld = False
            self.page.jsonld.append("".join(self._script))
        if tag in _SKIP and self._skip_depth:
            self._skip_depth -= 1
        if tag in _BREAKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data
        elif self._in_jsonld:
            self._script.append(data)
        elif not self._skip_depth:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        if text and any(ch.isalpha() for ch in text):
            self.page.paragraphs.append(text)
        self._buffer = []


def read_html(source: str, data: bytes) -> Article:
    """One HTML page as an Article; raises InputError if it cannot be decoded or has no text."""
    declared = _CHARSET.search(data[:4096])
    html = decode_bytes(data, declared=declared.group(1).decode("ascii") if declared else None).text
    parser = _PageParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception as exc:  # noqa: BLE001 - html.parser on hostile markup must not stop a batch
        raise InputError(f"is not parseable HTML ({type(exc).__name__})") from None
    page = parser.page
    text = _main_text(html) or trim_blank_lines("\n\n".join(page.paragraphs))
    if not text:
        raise InputError("has no article text (nothing readable in the HTML page)")
    check_not_binary(text)
    ld = _jsonld_article(page.jsonld)
    url = _page_url(page, ld)
    publisher = page.meta.get("og:site_name") or ld.get("publisher")
    return Article(
        key=article_key(url, text),
        text=text,
        source=source,
        url=url,
        title=_page_title(page, ld, publisher),
        published=_page_published(page, ld),
        publisher=publisher,
        lang=page.lang or "ar",
    )


def _main_text(html: str) -> str:
    """Main text by trafilatura ('' if it finds none or fails), line ends normalized, blank edges trimmed."""
    try:
        import trafilatura

        extracted = trafilatura.extract(html, include_comments=False, include_tables=False)
    except Exception as exc:  # noqa: BLE001 - a third-party extractor bug falls back to our own text
        log.debug("trafilatura failed: %s", exc)
        return ""
    return trim_blank_lines(normalize_line_ends(extracted or ""))


def _page_url(page: PageMeta, ld: dict[str, str]) -> str | None:
    og_url = page.meta.get("og:url")
    for candidate in (page.canonical, og_url, ld.get("url")):
        if not candidate:
            continue
        absolute = urljoin(og_url, candidate) if og_url else candidate
        if normalize_url(absolute):
            return absolute
    return None


def _page_title(page: PageMeta, ld: dict[str, str], publisher: str | None) -> str | None:
    title = page.meta.get("og:title") or ld.get("headline") or " ".join(page.title.split())
    if title and publisher:  # «عنوان الخبر | موقع الأخبار» -> «عنوان الخبر»
        for sep in (" | ", " - ", " – ", " — "):
            if title.endswith(sep + publisher):
                title = title[: -len(sep + publisher)]
    return title.strip() or None


def _page_published(page: PageMeta, ld: dict[str, str]) -> date | None:
    candidates = [page.meta.get(k) for k in _PUBLISHED_META[:3]]
    candidates += [ld.get("datePublished")] + page.times + [page.meta.get(k) for k in _PUBLISHED_META[3:]]
    for value in candidates:
        match = _ISO_DATE.match(value or "")
        if match:
            try:
                return date.fromisoformat(match.group(1))
            except ValueError:
                continue
    return None


def _jsonld_article(scripts: list[str]) -> dict[str, str]:
    """headline / datePublished / url / publisher of the first JSON-LD article object in the page."""
    for script in scripts:
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue
        found = _find_article(data, depth=0)
        if found:
            return found
    return {}


def _find_article(node: Any, depth: int) -> dict[str, str] | None:
    if depth > 6:
        return None
    if isinstance(node, list):
        for item in node:
            found = _find_article(item, depth + 1)
            if found:
                return found
        return None
    if not isinstance(node, dict):
        return None
    types = node.get("@type", "")
    types = types if isinstance(types, list) else [types]
    if any(isinstance(t, str) and t.endswith(_ARTICLE_TYPES) for t in types):
        out: dict[str, str] = {}
        for key in ("headline", "datePublished", "url"):
            if isinstance(node.get(key), str):
                out[key] = node[key].strip()
        page = node.get("mainEntityOfPage")
        page_id = page.get("@id") if isinstance(page, dict) else page
        if "url" not in out and isinstance(page_id, str):
            out["url"] = page_id
        publisher = node.get("publisher")
        name = publisher.get("name") if isinstance(publisher, dict) else publisher
        if isinstance(name, str) and name.strip():
            out["publisher"] = name.strip()
        return out
    return _find_article(node.get("@graph"), depth + 1) if "@graph" in node else None
