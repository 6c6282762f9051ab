"""Ingestion: files and folders of Arabic news (``.txt``, ``.jsonl``, ``.html``) -> :class:`kg.model.Article`.

``read_inputs`` never raises for a bad input; it yields an :class:`InputFailure` naming it and goes on.
See ``docs/ingestion.md`` for formats, the encoding policy and identity.
"""

from kg.ingest.batch import FORMATS, read_inputs
from kg.ingest.decoding import Decoded, decode_bytes
from kg.ingest.failure import InputFailure
from kg.ingest.identity import article_key, normalize_url

__all__ = [
    "FORMATS",
    "Decoded",
    "InputFailure",
    "article_key",
    "decode_bytes",
    "normalize_url",
    "read_inputs",
]
