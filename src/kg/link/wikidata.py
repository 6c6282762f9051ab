"""Optional online reconciliation against Wikidata (off by default; ``kg link --online``).

Asks ``wbsearchentities`` for candidates of entities that have no QID, checks their type with
``wbgetentities`` (a person must be an instance of Q5 "human"; a place or facility should have P625
"coordinate location"), scores them, and proposes them for human review. Only a clear winner at or above the
threshold is auto-accepted: a wrong QID is worse than none. Every answer is cached on disk
(:class:`kg.link.cache.DiskCache`); with ``online=False`` the client answers from the cache only and a miss
yields no candidates — it never opens a connection.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import httpx

from kg.errors import LinkingError
from kg.gazetteer import mention_label, name_keys
from kg.link.cache import DiskCache
from kg.model import Entity

USER_AGENT = "kg-news/0.1 (Arabic news knowledge graph; entity reconciliation)"
HUMAN = "Q5"  # P31 value "human"
INSTANCE_OF = "P31"
COORDINATES = "P625"
#: A runner-up this close to the best candidate makes the choice ambiguous (never auto-accepted).
AMBIGUITY_MARGIN = 0.1


@dataclass(frozen=True)
class Candidate:
    """A Wikidata item proposed for an entity; ``score`` in [0, 1], ``why`` explains it."""

    qid: str
    label: str
    description: str
    score: float
    why: str = ""


@dataclass(frozen=True)
class Proposal:
    """Candidates for one entity, best first; ``accepted`` is set only for a clear winner ≥ threshold."""

    entity_key: str
    label: str
    candidates: tuple[Candidate, ...]
    accepted: Candidate | None
    reason: str


class WikidataClient:
    """wbsearchentities / wbgetentities / SPARQL with an on-disk cache; offline unless ``online=True``."""

    def __init__(
        self,
        api_url: str,
        sparql_url: str,
        cache: DiskCache,
        timeout_s: float = 10.0,
        client: httpx.Client | None = None,
        *,
        online: bool = False,
    ) -> None:
        self.api_url = api_url
        self.sparql_url = sparql_url
        self.cache = cache
        self.timeout_s = timeout_s
        self.online = online
        self._client = client
        self._owns_client = False
        self.requests = 0  # network requests made (for reports and tests)

    def close(self) -> None:
        """Close the HTTP client if this object created it (an injected client is the caller's)."""
        if self._owns_client and self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> WikidataClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- raw, cached requests -------------------------------------------------------------------------------

    def _get(self, url: str, params: dict[str, str], accept: str = "application/json") -> Any | None:
        key = url + "?" + "&".join(f"{k}={params[k]}" for k in sorted(params))
        cached = self.cache.get(key)
        if cached is not None or not self.online:
            return cached
        if self._client is None:
            self._client = httpx.Client(timeout=self.timeout_s)
            self._owns_client = True
        try:
            self.requests += 1
            response = self._client.get(
                url, params=params, headers={"User-Agent": USER_AGENT, "Accept": accept}
            )
            response.raise_for_status()
            value = response.json()
        except httpx.HTTPError as exc:
            raise LinkingError(f"Wikidata request to {url} failed: {exc}") from None
        except ValueError as exc:
            raise LinkingError(f"Wikidata answered {url} with invalid JSON: {exc}") from None
        self.cache.put(key, value)
        return value

    def search_raw(self, label: str, lang: str = "ar", limit: int = 7) -> list[dict[str, Any]]:
        """The ``search`` list of a wbsearchentities answer ([] on an offline cache miss)."""
        params = {
            "action": "wbsearchentities",
            "search": label,
            "language": lang,
            "uselang": lang,
            "type": "item",
            "limit": str(limit),
            "format": "json",
        }
        answer = self._get(self.api_url, params)
        if answer is None:
            return []
        if not isinstance(answer, dict) or "error" in answer:
            raise LinkingError(
                f"Wikidata search for {label!r} failed: {answer.get('error') if isinstance(answer, dict) else answer}"
            )
        return list(answer.get("search", []))

    def get_entities(self, qids: Iterable[str], lang: str = "ar") -> dict[str, dict[str, Any]]:
        """``entities`` of a wbgetentities answer (claims, labels, descriptions); {} on an offline miss."""
        ids = sorted(set(qids))
        if not ids:
            return {}
        params = {
            "action": "wbgetentities",
            "ids": "|".join(ids),
            "props": "claims|labels|descriptions",
            "languages": f"{lang}|en",
            "format": "json",
        }
        answer = self._get(self.api_url, params)
        if not isinstance(answer, dict):
            return {}
        return dict(answer.get("entities", {}))

    def sparql(self, query: str) -> dict[str, Any]:
        """SPARQL JSON results of ``query`` on the Wikidata endpoint (``{}`` on an offline miss)."""
        answer = self._get(
            self.sparql_url, {"query": query, "format": "json"}, "application/sparql-results+json"
        )
        return answer if isinstance(answer, dict) else {}

    # --- candidates -----------------------------------------------------------------------------------------

    def search(self, label: str, lang: str = "ar", entity_type: str | None = None) -> list[Candidate]:
        """Scored candidates for ``label``, best first; with ``entity_type`` their types are checked."""
        hits = self.search_raw(label, lang)
        query = name_keys(label)
        scored: list[Candidate] = []
        for rank, hit in enumerate(hits):
            qid = str(hit.get("id", ""))
            if not qid.startswith("Q"):
                continue
            match = hit.get("match") or {}
            matched = str(match.get("text") or hit.get("label") or "")
            keys = name_keys(matched)
            if keys == query:
                sim, why = 1.0, "exact"
            else:
                union = set(keys) | set(query)
                sim, why = 0.8 * len(set(keys) & set(query)) / max(1, len(union)), "partial"
            kind = {"label": 1.0, "alias": 0.95}.get(str(match.get("type", "")), 0.9)
            score = sim * kind * (1 - 0.03 * rank)
            why = f"{why} {match.get('type', 'match')} rank {rank + 1}"
            scored.append(
                Candidate(qid, str(hit.get("label", "")), str(hit.get("description", "")), score, why)
            )
        if entity_type is not None and scored:
            scored = self._type_check(scored, entity_type, lang)
        scored = [replace(c, score=round(c.score, 3)) for c in scored]
        return sorted(scored, key=lambda c: -c.score)

    def _type_check(self, candidates: list[Candidate], entity_type: str, lang: str) -> list[Candidate]:
        items = self.get_entities((c.qid for c in candidates), lang)
        label = mention_label(entity_type)
        out = []
        for c in candidates:
            claims = (items.get(c.qid) or {}).get("claims", {})
            if not claims:
                out.append(replace(c, why=c.why + "; type unchecked"))
                continue
            classes = {_item_value(s) for s in claims.get(INSTANCE_OF, [])}
            factor, why = 1.0, ""
            if label == "PER":
                factor, why = (1.0, "human") if HUMAN in classes else (0.5, "not human")
            elif HUMAN in classes:
                factor, why = 0.4, "a person"
            elif label in ("LOC", "FAC"):
                factor, why = (1.0, "has P625") if COORDINATES in claims else (0.8, "no P625")
            out.append(replace(c, score=c.score * factor, why=f"{c.why}; {why}" if why else c.why))
        return out

    def reconcile(self, entities: Iterable[Entity], threshold: float = 0.85) -> list[Proposal]:
        """Proposals for entities without a QID; only a clear best candidate ≥ ``threshold`` is accepted."""
        proposals = []
        for entity in entities:
            if entity.qid:
                continue
            candidates = self.search(entity.label_ar, "ar", entity.type)
            if not candidates and entity.label_en:
                candidates = self.search(entity.label_en, "en", entity.type)
            proposals.append(_decide(entity, candidates, threshold))
        return proposals


def _decide(entity: Entity, candidates: list[Candidate], threshold: float) -> Proposal:
    if not candidates:
        return Proposal(entity.key, entity.label_ar, (), None, "no candidates")
    best = candidates[0]
    if best.score < threshold:
        reason = f"best score {best.score:.2f} < {threshold:.2f}: review"
        return Proposal(entity.key, entity.label_ar, tuple(candidates), None, reason)
    if len(candidates) > 1 and candidates[1].score >= best.score - AMBIGUITY_MARGIN:
        reason = f"ambiguous: {best.qid} {best.score:.2f} vs {candidates[1].qid} {candidates[1].score:.2f}"
        return Proposal(entity.key, entity.label_ar, tuple(candidates), None, reason)
    return Proposal(entity.key, entity.label_ar, tuple(candidates), best, f"accepted at {best.score:.2f}")


def _item_value(statement: dict[str, Any]) -> str | None:
    value = ((statement.get("mainsnak") or {}).get("datavalue") or {}).get("value")
    return value.get("id") if isinstance(value, dict) else None


def proposals_tsv(proposals: Iterable[Proposal]) -> str:
    """A review sheet: one row per candidate (entity, label, QID, score, accepted, why, description)."""
    lines = ["entity\tlabel\tqid\tscore\taccepted\twhy\tdescription"]
    for p in proposals:
        if not p.candidates:
            lines.append(f"{p.entity_key}\t{p.label}\t\t\t\t{p.reason}\t")
        for c in p.candidates:
            accepted = "yes" if p.accepted is not None and p.accepted.qid == c.qid else ""
            clean = [str(x).replace("\t", " ").replace("\n", " ") for x in (c.label, c.why, c.description)]
            lines.append(
                f"{p.entity_key}\t{clean[0]}\t{c.qid}\t{c.score:.3f}\t{accepted}\t{clean[1]}\t{clean[2]}"
            )
    return "\n".join(lines) + "\n"
