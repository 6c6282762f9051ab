"""HTTP content negotiation: Accept header with q-values, wildcards and media-type parameters."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from kg.api.errors import ApiError

#: Offered media types, server preference first (the first is the default for ``*/*`` or no Accept).
SELECT_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
    "application/xml",
    "text/xml",
)
GRAPH_TYPES = (
    "text/turtle",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "application/ld+json",
    "application/rdf+xml",
    "text/n3",
    "text/plain",
)


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """(media range, q, specificity) for each entry; malformed q counts as 0 (ignored)."""
    if not header or not header.strip():
        return [("*/*", 1.0, 0)]
    out = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else media + "/*"
        q = 1.0
        for f in fields[1:]:
            k, _, v = f.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(v)))
                except ValueError:
                    q = 0.0
        main, _, sub = media.partition("/")
        spec = 0 if main == "*" else (1 if sub == "*" else 2)
        out.append((media, q, spec))
    return out


def _quality(offer: str, ranges: list[tuple[str, float, int]]) -> float:
    best_spec, best_q = -1, 0.0
    main, _, sub = offer.partition("/")
    for media, q, spec in ranges:
        rmain, _, rsub = media.partition("/")
        if (rmain == "*" or rmain == main) and (rsub == "*" or rsub == sub) and spec > best_spec:
            best_spec, best_q = spec, q
    return best_q if best_spec >= 0 else 0.0


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer with the highest q (ties: server order); None if nothing acceptable."""
    if isinstance(offers, tuple) and (accept is None or len(accept) <= 512):
        return _negotiate_cached(accept, offers)  # clients send the same few Accept headers over and over
    return _negotiate(accept, offers)


@lru_cache(maxsize=1024)
def _negotiate_cached(accept: str | None, offers: tuple[str, ...]) -> str | None:
    return _negotiate(accept, offers)


def _negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for offer in offers:
        q = _quality(offer, ranges)
        if q > best_q:
            best, best_q = offer, q
    return best


def choose(accept: str | None, offers: Sequence[str]) -> str:
    """Like :func:`negotiate` but a 406 ApiError that lists what is offered."""
    chosen = negotiate(accept, offers)
    if chosen is None:
        raise ApiError(406, f"none of the requested media types is available; offered: {', '.join(offers)}")
    return chosen
