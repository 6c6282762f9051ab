"""Deterministic instance IRIs: the same input always yields the same IRI (no random ids, no blank nodes).

Layout under the configurable base (default ``https://w3id.org/kg-news/id/``)::

    article/{key}                          an article (also the NIF context of its text)
    article/{key}/mention/{start}-{end}     a recognized span (NIF phrase), offsets in code points
    article/{key}/evidence/{start}-{end}    the sentence span a fact was read from
    article/{key}/activity/{method}-{ver}   the extraction run of one rule/model on the article
    entity/{key}                           a canonical entity (seed or minted)
    fact/{article-key}/{type}-{hash}        what one article reports (hash of type, key fields, offsets)
    event/{type}-{hash}                     a consolidated event (hash of its consolidation key)
    agreement/{kind}-{hash}                 a consolidated agreement
    graph/article/{key}, graph/consolidated, graph/ontology
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, fields, is_dataclass
from typing import Any
from urllib.parse import quote

from kg.model import Fact

_HASH_LEN = 12


def segment(value: str) -> str:
    """One IRI path segment: unreserved characters kept, everything else percent-encoded (UTF-8)."""
    return quote(value, safe="-._~")


def short_hash(*parts: object) -> str:
    """A short, stable hash of JSON-serializable parts (sorted keys, so dict order never matters)."""
    payload = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:_HASH_LEN]


def slug(value: str) -> str:
    """A lower-case ASCII slug for method ids and class names inside IRIs (``kg.rules.handover`` → ``kg-rules-handover``)."""
    s = re.sub(r"[^A-Za-z0-9]+", "-", value).strip("-").lower()
    return s or short_hash(value)


def article(base: str, key: str) -> str:
    return f"{base}article/{segment(key)}"


def article_graph(base: str, key: str) -> str:
    return f"{base}graph/article/{segment(key)}"


def consolidated_graph(base: str) -> str:
    return f"{base}graph/consolidated"


def ontology_graph(base: str) -> str:
    return f"{base}graph/ontology"


def entity(base: str, key: str) -> str:
    return f"{base}entity/{segment(key)}"


def geometry(base: str, key: str) -> str:
    return f"{entity(base, key)}/geometry"


def mention(base: str, article_key: str, start: int, end: int, suffix: str = "") -> str:
    tail = f"-{segment(suffix)}" if suffix else ""
    return f"{article(base, article_key)}/mention/{start}-{end}{tail}"


def evidence(base: str, article_key: str, start: int, end: int) -> str:
    return f"{article(base, article_key)}/evidence/{start}-{end}"


def activity(base: str, article_key: str, method: str, version: str) -> str:
    return f"{article(base, article_key)}/activity/{slug(method)}-{slug(version)}"


def agent(base: str, method: str, version: str) -> str:
    return f"{base}agent/{slug(method)}/{slug(version)}"


def _plain(value: Any) -> Any:
    return asdict(value) if is_dataclass(value) and not isinstance(value, type) else value


def fact(base: str, article_key: str, f: Fact) -> str:
    """IRI of one extracted fact: hash of its type, its key fields (everything but the evidence
    confidence/method) and its evidence offsets, so re-extracting the same text mints the same IRI."""
    key_fields = {
        fld.name: _plain(getattr(f, fld.name)) for fld in fields(f) if fld.name != "evidence"
    }
    h = short_hash(type(f).__name__, key_fields, f.evidence.start, f.evidence.end)
    return f"{base}fact/{segment(article_key)}/{slug(type(f).__name__)}-{h}"


def time_node(subject_iri: str, role: str) -> str:
    """The time interval a fact or event points to under ``role`` (``time``, ``deadline``, ``as-of``…)."""
    return f"{subject_iri}/{role}"


def event(base: str, type_name: str, key: object) -> str:
    return f"{base}event/{slug(type_name)}-{short_hash(type_name, key)}"


def agreement(base: str, kind: str, key: object) -> str:
    return f"{base}agreement/{slug(kind)}-{short_hash(kind, key)}"


def assignment(base: str, facility: str, operator: str, start: str | None) -> str:
    return f"{base}assignment/{short_hash(facility, operator, start)}"


def inferred_publication(base: str, article_key: str) -> str:
    return f"{article(base, article_key)}/inferred-publication"
