"""Readers for the plain-text (``.txt``) and JSON Lines (``.jsonl``) article formats.

``.txt``: the first line may be a header `` date YYYY-MM-DD <rest>`` (or ``YYYY-MM``, ``YYYY``) where ``<rest>`` is a URL, a
«publisher- dateline» pair («شفق نيوز- بغداد») or the title. Everything after the header is the article
text. Without a header the whole file is the text. See ``docs/ingestion.md``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import IO, Any

from kg.errors import InputError
from kg.ingest.decoding import check_not_binary, decode_bytes, normalize_line_ends
from kg.ingest.failure import InputFailure, oversize_reason
from kg.ingest.identity import article_key, normalize_url
from kg.model import Article, Precision

_HEADER = re.compile(r"^[ \t]*date[ \t]+(\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?:[ \t]+(.*?))?[ \t]*$", re.IGNORECASE)
_HEADER_PRECISION: dict[int, Precision] = {1: "year", 2: "month", 3: "day"}
_URL = re.compile(r"^(https?://\S+)\s*(.*)$", re.IGNORECASE)
# «شفق نيوز- بغداد», «رويترز - الموصل»: a dash with white space on at least one side.
_DATELINE = re.compile(r"^(?P<publisher>[^\-–—]+?)(?:\s+[-–—]\s*|\s*[-–—]\s+)(?P<place>[^\-–—]+)$")
_SENTENCE_PUNCT = re.compile(r"[.،,:؛;!?؟…\"'«»“”()]")
_TITLE_END = (".", "!", "?", "؟", ":", "؛", "…", "۔")
_BLANK = re.compile(r"[ \t\f\v\u00a0\u200b-\u200f\ufeff]*")

#: How many leading non-blank lines of a body are looked at for a title, and its size bounds.
TITLE_SCAN_LINES = 3
TITLE_MIN_WORDS, TITLE_MAX_WORDS, TITLE_MAX_CHARS = 4, 25, 200
PARAGRAPH_MIN_WORDS = 30


@dataclass(frozen=True)
class TxtHeader:
    """What the optional first line of a ``.txt`` article says."""

    published: date | None = None
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    dateline: str | None = None
    #: what was wrong with the line, when it was kept anyway (an impossible date)
    warning: str | None = None
    #: ``month`` for `` date 2025-07``, ``year`` for `` date 2025`` (``published`` is the period's first day)
    precision: Precision = "day"


def trim_blank_lines(text: str) -> str:
    """Drop leading and trailing blank lines; characters inside the kept lines are untouched."""
    lines = text.split("\n")
    start, end = 0, len(lines)
    while start < end and _BLANK.fullmatch(lines[start]):
        start += 1
    while end > start and _BLANK.fullmatch(lines[end - 1]):
        end -= 1
    return "\n".join(lines[start:end])


def parse_header(line: str) -> TxtHeader | None:
    """The header if ``line`` is a `` date YYYY-MM-DD …`` line, else None (`` date YYYY-MM …`` and
    `` date YYYY …`` give a publication date known to its month or year).

    An impossible date (``2026-13-45``) loses only the date: the header keeps its URL or dateline, the article
    is read with an unknown date, and ``warning`` says why (the build summary shows it).
    """
    match = _HEADER.match(line)
    if not match:
        return None
    raw_date, rest = match.group(1), (match.group(2) or "").strip()
    warning = None
    published: date | None
    parts = raw_date.split("-")
    precision = _HEADER_PRECISION[len(parts)]
    try:
        published = date.fromisoformat("-".join(p.zfill(2) for p in (parts + ["1", "1"])[:3]))
    except ValueError:
        published, precision = None, "day"
        warning = f"the date line has an invalid date {raw_date!r}; the article is kept with an unknown date"
    dated = TxtHeader(published=published, precision=precision, warning=warning)
    if not rest:
        return dated
    url_match = _URL.match(rest)
    if url_match:
        return replace(dated, url=url_match.group(1), title=url_match.group(2).strip() or None)
    dateline = _split_dateline(rest)
    if dateline:
        return replace(dated, publisher=dateline[0], dateline=dateline[1])
    return replace(dated, title=rest)


def _split_dateline(rest: str) -> tuple[str, str] | None:
    """(publisher, place) for a short «X- Y» line; None for anything that reads like a sentence or title."""
    match = _DATELINE.match(rest)
    if not match:
        return None
    publisher, place = match.group("publisher").strip(), match.group("place").strip()
    if _SENTENCE_PUNCT.search(rest) or any(ch.isdigit() for ch in rest):
        return None
    if not (1 <= len(publisher.split()) <= 4 and 1 <= len(place.split()) <= 3):
        return None
    return publisher, place


def guess_title(body: str) -> str | None:
    """A title from the body's first lines, conservatively: None unless a line clearly looks like one.

    Up to three leading non-blank lines are looked at. A line of fewer than four words (a section label or
    navigation, e.g. «سياسة عربية») is passed over; a long line or one ending like a sentence means the
    body starts with a paragraph and there is no title. A title must be followed by more text.
    """
    lines = [ln.strip() for ln in body.split("\n") if not _BLANK.fullmatch(ln)]
    for index, line in enumerate(lines[:TITLE_SCAN_LINES]):
        if _PUBLISHED_LINE.match(line):
            continue  # «تاريخ النشر: 3rd, May 2025 GMT» dates the page; it is no title
        words = len(line.split())
        if words >= PARAGRAPH_MIN_WORDS or len(line) > TITLE_MAX_CHARS or line.endswith(_TITLE_END):
            return None
        if words < TITLE_MIN_WORDS:
            continue
        if words > TITLE_MAX_WORDS or index == len(lines) - 1:
            return None
        if not any(ch.isalpha() for ch in line):
            return None
        return line
    return None


#: a publication line in the page text («تم نشره الخميس 18 شباط / فبراير 2021», «تاريخ النشر: 12 مارس 2024»)
_PUBLISHED_LINE = re.compile(r"^\s*(?:تم\s+نشره|تم\s+النشر|نشر\s+في|نُشر\s+في|نشر\s+بتاريخ|نُشر\s+بتاريخ|تاريخ\s+النشر)"
                             r"\s*[:：]?\s*")


#: a dated dateline opening a paragraph: a place of one to three words, a whole date, then a dash
#: («الخرطوم 22 نوفمبر 2018 ـ …», «بغداد في 3 كانون الثاني/يناير 2026 - …»)
_DATED_DATELINE = re.compile(r"^\s*(?P<place>[^\d\s\-–—ـ:،,.]+(?:\s+[^\d\s\-–—ـ:،,.]+){0,2})\s+(?:في\s+)?"
                             r"(?P<date>\d{1,2}\s+[^\d\-–—ـ]{2,30}?\s+\d{4})\s*(?:\([^()]{1,30}\)\s*)?[\-–—ـ:]")
#: words that begin a sentence, never a dateline's place («وفي 22 نوفمبر 2018 - …», «منذ 3 مارس 2020 -»)
_NOT_PLACE = re.compile(r"^(?:و|ف)?(?:في|منذ|من|حتى|الى|إلى|بعد|قبل|يوم|اليوم|تاريخ|بتاريخ|نشر|تم|الموافق)$")


def _dateline_day(line: str) -> date | None:
    """The day of a dated dateline at the start of ``line`` (a place, then a whole date, then a dash)."""
    from kg.values.dates import find_dates

    m = _DATED_DATELINE.match(line)
    if m is None or any(_NOT_PLACE.match(w) for w in m.group("place").split()):
        return None
    days = [t.earliest for t in find_dates(m.group("date"), None)
            if t.basis == "absolute" and t.precision == "day" and t.modifier is None and t.earliest is not None]
    return days[0] if len(days) == 1 else None


def guess_published(body: str) -> tuple[date, Precision] | None:
    """The date a publication line among the body's first lines gives, with its precision, when the file has no
    date line: a whole day («تم نشره الخميس 18 شباط / فبراير 2021», «تاريخ النشر: 3rd, May 2025 GMT»), else a
    month («تاريخ النشر: أيار 2025»); failing that, the day of a dated dateline opening one of those lines
    («الخرطوم 22 نوفمبر 2018 ـ أعلنت …»); None when no line names one."""
    from kg.values.dates import english_day, find_dates

    lines = [ln for ln in body.split("\n") if ln.strip()][:6]
    for line in lines:
        m = _PUBLISHED_LINE.match(line)
        if m is None:
            continue
        rest = line[m.end() :]
        found = [t for t in find_dates(rest, None)
                 if t.basis == "absolute" and t.earliest is not None and t.modifier is None]
        days = [t.earliest for t in found if t.precision == "day" and t.earliest is not None]
        if days:
            return days[0], "day"
        english = english_day(rest)
        if english is not None:
            return english, "day"
        months = [t.earliest for t in found if t.precision == "month" and t.earliest is not None]
        if months:
            return months[0], "month"
    for line in lines:
        day = _dateline_day(line)
        if day is not None:
            return day, "day"
    return None


def read_txt(source: str, data: bytes) -> Article:
    """One ``.txt`` article from its bytes; raises InputError with the reason if it cannot be read."""
    text = trim_blank_lines(decode_bytes(data).text)
    first, _, rest = text.partition("\n")
    header = parse_header(first)
    body = trim_blank_lines(rest if header else text)
    if not body:
        raise InputError(
            "has a date line but no article text" if header else "has no text (only blank lines)"
        )
    header = header or TxtHeader()
    title = header.title or guess_title(body)
    url = header.url if header.url and normalize_url(header.url) else None
    published, precision = header.published, header.precision
    if published is None:
        published, precision = guess_published(body) or (None, "day")
    return Article(
        key=article_key(url, body),
        text=body,
        source=source,
        url=url,
        title=title,
        published=published,
        publisher=header.publisher,
        dateline=header.dateline,
        warnings=(header.warning,) if header.warning else (),
        published_precision=precision,
    )


# --------------------------------------------------------------------------------------------- JSON Lines


def parse_published(value: Any) -> tuple[date, Precision] | None:
    """``YYYY-MM-DD`` or an ISO 8601 datetime -> the calendar date as written (no time-zone shift), at day
    precision; ``YYYY-MM`` / ``YYYY`` -> the first day of that month / year, at that precision."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"'published' must be a string (YYYY-MM-DD or ISO datetime), not {_type(value)}")
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}(?:-\d{2})?", text):
            return date.fromisoformat((text + "-01-01")[:10]), "month" if len(text) == 7 else "year"
        if len(text) == 10:
            return date.fromisoformat(text), "day"
        return datetime.fromisoformat(text).date(), "day"
    except ValueError:
        raise InputError(f"'published' is not a date (YYYY-MM-DD or ISO datetime): {value[:40]!r}") from None


def iter_jsonl(stream: IO[bytes], source: str, *, max_article_bytes: int) -> Iterator[Article | InputFailure]:
    """Articles of a JSON Lines stream, one per non-blank line; a bad line is an InputFailure, not an end."""
    head = stream.read(8192)
    if not head:
        yield InputFailure(source, "is empty")
        return
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield InputFailure(source, "is UTF-16; JSON Lines files must be UTF-8")
        return
    if b"\x00" in head:
        yield InputFailure(source, "is a binary file (contains NUL bytes)")
        return
    stream.seek(0)
    seen_any = False
    for lineno, raw, size in _lines(stream, max_article_bytes):
        where = f"{source}:{lineno}"
        if raw is None:
            seen_any = True
            yield InputFailure(where, oversize_reason(size, max_article_bytes, what="line is"))
            continue
        if lineno == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        seen_any = True
        try:
            yield _jsonl_article(raw, where)
        except InputError as exc:
            yield InputFailure(where, str(exc))
        except Exception as exc:  # noqa: BLE001 - one hostile line must not end the file
            yield InputFailure(where, f"could not be read (unexpected {type(exc).__name__}: {exc})")
    if not seen_any:
        yield InputFailure(source, "has no articles (only blank lines)")


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, bytes without line end or None if over ``limit``, size), never holding a huge line."""
    lineno = 0
    while True:
        chunk = stream.readline(limit + 3)
        if not chunk:
            return
        lineno += 1
        size = len(chunk)
        if not chunk.endswith(b"\n") and size == limit + 3:
            while chunk and not chunk.endswith(b"\n"):
                chunk = stream.readline(1 << 20)
                size += len(chunk)
            yield lineno, None, size
            continue
        content = chunk.rstrip(b"\r\n")
        if len(content) > limit:
            yield lineno, None, len(content)
        else:
            yield lineno, content, len(content)


def _jsonl_article(raw: bytes, where: str) -> Article:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not valid UTF-8 (byte {exc.start}); JSON Lines must be UTF-8") from None
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:
        raise InputError(f"is not valid JSON ({_json_error(exc)})") from None
    if not isinstance(record, dict):
        raise InputError(f"must be a JSON object, not {_type(record)}")
    text = record.get("text")
    if not isinstance(text, str):
        missing = "text" not in record or text is None
        raise InputError("has no 'text'" if missing else f"'text' must be a string, not {_type(text)}")
    text = trim_blank_lines(normalize_line_ends(text.removeprefix("\ufeff")))
    if not text:
        raise InputError("has an empty 'text'")
    check_not_binary(text)
    url = _optional_str(record, "url")
    if url is not None and normalize_url(url) is None:
        raise InputError(f"'url' is not an absolute http(s) URL: {url[:80]!r}")
    ident = record.get("id")
    if ident is not None and (isinstance(ident, bool) or not isinstance(ident, str | int)):
        raise InputError(f"'id' must be a string or an integer, not {_type(ident)}")
    title = _optional_str(record, "title")
    published, precision = parse_published(record.get("published")) or (None, "day")
    return Article(
        key=article_key(url, text),
        text=text,
        source=where,
        url=url,
        title=title,
        published=published,
        published_precision=precision,
        publisher=_optional_str(record, "publisher"),
        dateline=_optional_str(record, "dateline"),
        lang=_optional_str(record, "lang") or "ar",
    )


def _optional_str(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"'{name}' must be a string, not {_type(value)}")
    return value.strip() or None


def _type(value: Any) -> str:
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _json_error(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at column {exc.colno}"
    return "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
