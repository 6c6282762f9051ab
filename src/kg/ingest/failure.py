"""The value ``read_inputs`` yields for an input it could not read (instead of raising)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InputFailure:
    """One input that could not be read: ``source`` is the path (plus ``:LINE`` for a JSONL line)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def human_size(n: int) -> str:
    """Decimal, one-decimal sizes for messages: 7_200_000 -> '7.2 MB', 5_000_000 -> '5 MB'."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= factor:
            value = f"{n / factor:.1f}".removesuffix(".0")
            return f"{value} {unit}"
    return f"{n} bytes"


def oversize_reason(size: int, limit: int, what: str = "is") -> str:
    """The one wording used for every size refusal, naming the setting that changes it."""
    shown, cap = human_size(size), human_size(limit)
    if shown == cap:  # 5_000_001 vs 5_000_000: rounding would hide the difference
        shown, cap = f"{size:,} bytes", f"{limit:,} bytes"
    return f"{what} {shown}, over the {cap} limit (KG_MAX_ARTICLE_BYTES)"
