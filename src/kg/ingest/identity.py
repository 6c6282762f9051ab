"""Stable article identity: the same article always gets the same key, whatever file or batch it came from.

* With a URL: ``u-`` + 16 hex digits of SHA-256 over the normalized URL (see :func:`normalize_url`).
* Without: ``t-`` + 16 hex digits of SHA-256 over the normalized text (:func:`normalize_text_for_key`).

64 bits of hash make an accidental collision negligible for any realistic corpus, and the key is plain
ASCII, so it is safe in an IRI path segment without escaping.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

#: Query parameters that track a click, not identify a page.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref_src",
        "cmpid",
        "ocid",
    }
)
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
#: characters left unescaped in a path segment / query part (RFC 3986 unreserved + sub-delims + ':' '@').
_SEGMENT_SAFE = "-._~!$&'()*+,;=:@"
_SPACE = re.compile(r"\s+")
#: Invisible format characters (soft hyphen, ZWSP/ZWNJ/ZWJ, bidi marks and embeddings, word joiner, BOM,
#: Arabic letter mark). A fixed list rather than the Unicode "Cf" category: keys must not move with Unicode.
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def article_key(url: str | None, text: str) -> str:
    """The article's key: from its URL when it has a usable one, else from its normalized text."""
    if url and url.strip():
        normalized = normalize_url(url)
        if normalized:
            return "u-" + _digest(normalized)
    return "t-" + _digest(normalize_text_for_key(text))


def normalize_url(url: str) -> str | None:
    """Canonical form of an http(s) URL for identity; None if it is not an absolute http(s) URL.

    Lower-cased scheme and host, ``http`` and ``https`` treated as the same page, default port, fragment and
    tracking parameters dropped, remaining query parameters sorted, percent-encoding decoded and re-encoded
    as UTF-8 in one way (so an Arabic slug and its percent-encoded form give the same string), NFC.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    host = unicodedata.normalize("NFC", unquote(host)).lower()
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    segments = [_requote(seg) for seg in (parts.path or "/").split("/")]
    path = "/".join(segments) or "/"
    query = [
        (_nfc(k), _nfc(v)) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    ]
    query_text = urlencode(
        sorted(query), quote_via=quote, safe=_SEGMENT_SAFE.replace("&", "").replace("=", "")
    )
    # The scheme is left out on purpose: the same page served over http and https is one article.
    return urlunsplit(("", host, path, query_text, "")).removeprefix("//")


def _requote(segment: str) -> str:
    return quote(_nfc(unquote(segment)), safe=_SEGMENT_SAFE)


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def _digest(s: str) -> str:
    return hashlib.sha256(s.encode("utf-8")).hexdigest()[:16]


def normalize_text_for_key(text: str) -> str:
    """The text form hashed for a URL-less article: NFC, invisible format characters removed, whitespace
    collapsed. Deliberately self-contained (not ``kg.text.normalize_key``, which is tuned for entity
    matching and may change): any change here changes every text-derived article IRI.
    """
    text = unicodedata.normalize("NFC", text)
    return _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()
