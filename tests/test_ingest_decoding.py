"""Decoding policy: every supported encoding reads back the identical text; binary and unknown are refused."""

from __future__ import annotations

import codecs

import pytest

from kg.errors import InputError
from kg.ingest.decoding import decode_bytes, normalize_line_ends

# Our own sample sentence; only letters that exist in both legacy code pages (no Persian letters).
ARABIC = (
    "أعلنت قيادة العمليات المشتركة في بغداد، يوم الأحد، تسلّم قاعدة عين الأسد الجوية غربي الأنبار.\n"
    "وقال المتحدث إن نحو 2500 جندي غادروا البلاد؛ هل انتهت المهمة؟ نعم.\n"
)

ENCODED = {
    "utf-8": ARABIC.encode("utf-8"),
    "utf-8-sig": codecs.BOM_UTF8 + ARABIC.encode("utf-8"),
    "utf-16-le": codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"),
    "utf-16-be": codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"),
    "utf-32-le": codecs.BOM_UTF32_LE + ARABIC.encode("utf-32-le"),
    "cp1256": ARABIC.encode("cp1256"),
    "iso8859_6": ARABIC.encode("iso8859_6"),
}


@pytest.mark.parametrize("encoding", sorted(ENCODED))
def test_each_encoding_reads_back_identical(encoding: str) -> None:
    decoded = decode_bytes(ENCODED[encoding])
    assert decoded.text == ARABIC
    assert decoded.encoding == encoding


def test_legacy_pages_are_told_apart() -> None:
    # The same bytes mean different letters in the two pages; the wrong one must not win.
    assert ENCODED["cp1256"] != ENCODED["iso8859_6"]
    assert decode_bytes(ENCODED["cp1256"]).encoding == "cp1256"
    assert decode_bytes(ENCODED["iso8859_6"]).encoding == "iso8859_6"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_only_when_unmistakably_arabic(codec: str) -> None:
    decoded = decode_bytes(ARABIC.encode(codec))
    assert (decoded.text, decoded.encoding) == (ARABIC, codec)


def test_line_ends_are_normalized_and_bom_stripped() -> None:
    data = codecs.BOM_UTF8 + "سطر أول\r\nسطر ثان\rسطر ثالث\n".encode()
    assert decode_bytes(data).text == "سطر أول\nسطر ثان\nسطر ثالث\n"
    assert normalize_line_ends("a\r\n\r\nb\r") == "a\n\nb\n"


def test_text_inside_lines_is_untouched() -> None:
    # Decomposed characters, tatweel, ZWNJ and NBSP stay exactly as written (offsets index this text).
    text = "عـــين\u200cالأسد\u00a0قاعدة ا\u0653\n"
    assert decode_bytes(text.encode("utf-8")).text == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL"),
        (bytes(range(1, 32)) * 40, "binary"),
        ("plain text in Windows-1252: café naïve".encode("cp1252"), "not text in a supported encoding"),
        (codecs.BOM_UTF8 + b"\xff\xfe bad", "not valid UTF-8"),
        (b"\x00\x06" * 3 + b"\x00\x00" * 20, "NUL"),  # mostly NULs: not plausibly Arabic UTF-16
    ],
)
def test_refusals_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        decode_bytes(data)


def test_declared_charset_is_used_after_utf8() -> None:
    data = ARABIC.encode("cp1256")
    assert decode_bytes(data, declared="windows-1256").text == ARABIC
    # A wrong or unknown declaration falls back to the Arabic guess.
    assert decode_bytes(data, declared="no-such-charset").text == ARABIC
