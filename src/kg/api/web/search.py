"""Search over names: every label and alias of every entity (Arabic and English) and every headline.

Arabic is matched on the same key the gazetteer uses (``kg.text.normalize_key``: hamza forms of alef, alef
maqsura, ta marbuta folded, diacritics and tatweel removed), Latin on letters without accents; each word of the
query must begin a word of the name (a leading «ال» may be left out: «اسد» finds «عين الأسد»). The index is
built once per store generation (one query for the names), so a write is seen by the next search.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kg.api.state import ApiState
from kg.api.web import data
from kg.api.web.render import Page, render
from kg.text import normalize_key

RESULT_LIMIT = 100
_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """The matching form of a name or a query: Arabic folded as the gazetteer folds it, Latin without accents,
    punctuation as spaces, lower case."""
    key = normalize_key(text)
    decomposed = unicodedata.normalize("NFKD", key)
    latin = "".join(c for c in decomposed if not (unicodedata.combining(c) and ord(c) < 0x0600)
                    and unicodedata.category(c) != "Lm" and c not in "'’‘")  # ʿayn/hamza marks of transliteration
    return " ".join(_WORD.sub(" ", unicodedata.normalize("NFC", latin)).split())


def _words(folded: str) -> list[str]:
    out = []
    for w in folded.split():
        out.append(w)
        if w.startswith("ال") and len(w) > 3:
            out.append(w[2:])
        for clitic in ("وال", "بال", "لل"):
            if w.startswith(clitic) and len(w) > len(clitic) + 1:
                out.append(w[len(clitic):])
    return out


@dataclass(frozen=True)
class Entry:
    iri: str
    name: str
    lang: str
    kind: str  # entity | article
    folded: str
    words: tuple[str, ...]


@dataclass
class Hit:
    iri: str
    name: str
    lang: str
    kind: str
    score: int


class Index:
    """Names of one store generation."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries

    def search(self, query: str, limit: int = RESULT_LIMIT) -> list[Hit]:
        q = fold(query)
        terms = q.split()
        if not terms:
            return []
        best: dict[str, Hit] = {}
        for e in self.entries:
            if not all(any(w.startswith(t) for w in e.words) for t in terms):
                continue
            score = 0 if e.folded == q else 1 if e.folded.startswith(q) else 2 if q in e.folded else 3
            score = score * 10 + (0 if e.kind == "entity" else 5)
            hit = best.get(e.iri)
            if hit is None or score < hit.score:
                best[e.iri] = Hit(e.iri, e.name, e.lang, e.kind, score)
        return sorted(best.values(), key=lambda h: (h.score, len(h.name), h.name))[:limit]


_cache: dict[int, tuple[int, Index]] = {}
_lock = threading.Lock()


async def index(state: ApiState) -> Index:
    """The name index of the store's current generation (built on first use after a write)."""
    generation = state.generation
    with _lock:
        cached = _cache.get(id(state))
    if cached is not None and cached[0] == generation:
        return cached[1]
    cg = state.settings.base_iri + "graph/consolidated"  # canonical entities, each described once
    rows = await data.select(state, f"""SELECT ?s ?name ?kind WHERE {{
        {{ GRAPH <{cg}> {{ ?s skos:prefLabel|skos:altLabel ?name }} BIND ("entity" AS ?kind) }}
        UNION {{ GRAPH ?g {{ ?s schema:headline ?name }} BIND ("article" AS ?kind) }}
    }}""")
    entries = []
    for r in rows:
        folded = fold(r["name"].value)
        if folded:
            entries.append(Entry(r["s"].value, r["name"].value, r["name"].lang, r["kind"].value, folded,
                                 tuple(_words(folded))))
    built = Index(entries)
    with _lock:
        _cache[id(state)] = (generation, built)
    return built


async def search_page(request: Request) -> Response:
    """GET /search?q=…"""
    page = Page.of(request)
    q = request.query_params.get("q", "").strip()[:200]
    hits = (await index(page.state)).search(q) if q else []
    page.labels = await data.labels(page.state, [h.iri for h in hits])
    types = await data.select_values(page.state, [h.iri for h in hits if h.kind == "entity"], "?s a ?type",
                                     project="?s ?type")
    kinds: dict[str, str] = {}
    for r in types:
        if r["type"].value.startswith(data.KG):
            kinds.setdefault(r["s"].value, r["type"].value)
    page.labels.update(await data.labels(page.state, set(kinds.values())))
    return render(page, "search.html", q=q, hits=hits, kinds=kinds, search_q=q)
