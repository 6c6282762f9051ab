"""Bytes -> text for Arabic news files, and the refusal of binary files.

Policy, in order (first match wins):

1. A byte-order mark decides: UTF-8 (BOM stripped), UTF-16 LE/BE, UTF-32 LE/BE. The rest must decode strictly.
2. Without a BOM, UTF-16 is accepted only when it is unmistakably Arabic: in every code unit the high byte is
   0x00 (ASCII) or 0x06 (the Arabic block), with a real share of Arabic. Otherwise a NUL byte means a binary
   file and is refused.
3. Strict UTF-8. Legacy single-byte text almost never decodes as UTF-8 by accident, so this is safe.
4. Otherwise only the two legacy Arabic code pages are plausible: Windows-1256 and ISO-8859-6.
   charset-normalizer ranks them (``cp_isolation``), we decode strictly and keep a result only if it is
   mostly Arabic letters and free of control characters. Guessing among *all* code pages would turn an
   Arabic cp1256 file into plausible-looking Cyrillic or Greek mojibake, so we never do it.
5. Anything else is refused with a reason that says what was tried.

After decoding, line ends are normalized (``\\r\\n`` and ``\\r`` -> ``\\n``) and a leading U+FEFF removed.
Nothing else is changed: every offset the pipeline records indexes this text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from kg.errors import InputError

#: legacy code pages tried when a file is not UTF-8 (Python codec names).
LEGACY_ARABIC = ("cp1256", "iso8859_6")

#: A decoded text is refused as binary above this share of control characters (tabs and line ends excluded).
MAX_CONTROL_RATIO = 0.01
#: A legacy-decoded text must be at least this share Arabic among its letters.
MIN_ARABIC_LETTER_RATIO = 0.6

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with FF FE too
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LINE_ENDS = re.compile(r"\r\n?")
#: C0/C1 control characters other than tab, line feed, vertical tab, form feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: Characters looked at to judge whether a legacy decoding is Arabic (plenty of evidence, bounded cost).
SCORE_SAMPLE_CHARS = 100_000


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # codec actually used, e.g. "utf-8", "utf-8-sig", "utf-16-le", "cp1256"


def normalize_line_ends(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else changes."""
    return _LINE_ENDS.sub("\n", text)


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode one file's bytes by the policy above; raise :class:`InputError` with the reason if refused.

    ``declared`` is a charset the file itself names (an HTML ``<meta charset>``); it is tried after a BOM
    and strict UTF-8 (pages often declare Latin-1 while being UTF-8) and before guessing a legacy page.
    """
    if not data:
        raise InputError("is empty")
    text, encoding = _decode(data, declared)
    text = normalize_line_ends(text.removeprefix("\ufeff"))
    check_not_binary(text)
    return Decoded(text, encoding)


def check_not_binary(text: str) -> None:
    """Refuse text that is mostly control characters: a binary file that happened to decode."""
    if "\x00" in text:
        raise InputError("is a binary file (contains NUL characters)")
    if not text:
        return
    controls = len(_CONTROL.findall(text))
    if controls > MAX_CONTROL_RATIO * len(text):
        raise InputError(f"is a binary file ({controls} control characters in {len(text)})")


def _decode(data: bytes, declared: str | None) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec if codec != "utf-8" else "utf-8-sig"
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"starts with a {codec.upper()} byte-order mark but is not valid {codec.upper()} "
                    f"(byte {exc.start})"
                ) from None
    bomless = _bomless_arabic_utf16(data)
    if bomless is not None:
        return bomless
    if b"\x00" in data:
        raise InputError("is a binary file (contains NUL bytes; UTF-16 text needs a byte-order mark)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            codec = codecs.lookup(declared).name
            return data.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            pass  # unknown or wrong declaration: fall through to the Arabic legacy pages
    legacy = _decode_legacy_arabic(data)
    if legacy is None:
        raise InputError(
            "is not text in a supported encoding (not UTF-8, UTF-16 with BOM, "
            "nor Arabic in cp1256 / ISO-8859-6) — binary or unknown encoding"
        )
    return legacy


def _bomless_arabic_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM, if the bytes can only be Arabic/ASCII UTF-16 (see policy step 2)."""
    if len(data) < 8 or len(data) % 2:
        return None
    for codec, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        arabic = high.count(0x06)
        if arabic + high.count(0x00) == len(high) and arabic >= 0.2 * len(high):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                return None
    return None


def _decode_legacy_arabic(data: bytes) -> tuple[str, str] | None:
    """Best plausible legacy Arabic decoding, or None if neither code page gives Arabic text."""
    order = list(_ranked_by_charset_normalizer(data))
    order += [c for c in LEGACY_ARABIC if c not in order]
    best: tuple[float, str, str] | None = None
    for rank, codec in enumerate(order):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _arabic_score(text)
        if score is None:
            continue
        # charset-normalizer's ranking breaks near-ties (both code pages decode and look Arabic).
        score -= 0.01 * rank
        if best is None or score > best[0]:
            best = (score, text, codec)
    return (best[1], best[2]) if best else None


def _ranked_by_charset_normalizer(data: bytes) -> list[str]:
    """Legacy Arabic code pages ordered by charset-normalizer (chaos, then coherence); may be empty."""
    try:
        from charset_normalizer import from_bytes

        matches = from_bytes(data[:200_000], cp_isolation=list(LEGACY_ARABIC))
    except Exception:  # noqa: BLE001 - a detector bug must not fail the read; we fall back to our own order
        return []
    names = []
    for match in matches:
        codec = codecs.lookup(match.encoding).name
        for candidate in LEGACY_ARABIC:
            if codecs.lookup(candidate).name == codec and candidate not in names:
                names.append(candidate)
    return names


def _arabic_score(text: str) -> float | None:
    """Share of Arabic letters among letters, or None when the text is not plausibly Arabic."""
    sample = text[:SCORE_SAMPLE_CHARS]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    arabic = sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f")
    if len(_CONTROL.findall(text)) > MAX_CONTROL_RATIO * len(text):
        return None
    ratio = arabic / len(letters)
    if ratio < MIN_ARABIC_LETTER_RATIO or arabic < 2:
        return None
    return ratio
