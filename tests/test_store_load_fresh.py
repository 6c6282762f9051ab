"""EmbeddedStore.load_fresh_graphs: the bulk path for fresh builds ends in the same state as replace_graphs."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.store.embedded import EmbeddedStore

EX = "http://example.org/"


def graph(n: int, version: str) -> dict[str, list[ox.Quad]]:
    g = ox.NamedNode(f"{EX}graph/{n}")
    s = ox.NamedNode(f"{EX}a{n}")
    return {
        g.value: [
            ox.Quad(s, ox.NamedNode(EX + "label"), ox.Literal("قاعدة", language="ar"), g),
            ox.Quad(s, ox.NamedNode(EX + "version"), ox.Literal(version), g),
        ]
    }


def dataset(store: EmbeddedStore) -> set[str]:
    return {str(q) for q in store.raw.quads_for_pattern(None, None, None, None)}


def test_same_end_state_as_replace_graphs(tmp_path: Path) -> None:
    fast, slow = EmbeddedStore(tmp_path / "fast"), EmbeddedStore(tmp_path / "slow")
    first = {**graph(1, "v1"), **graph(2, "v1")}
    second = {**graph(2, "v2"), **graph(3, "v2")}  # graph 2 exists: replaced, not duplicated
    for batch in (first, second):
        fast.load_fresh_graphs(batch)
        slow.replace_graphs(batch)
    assert dataset(fast) == dataset(slow)
    assert fast.count() == 6
    assert fast.named_graphs() == slow.named_graphs() == [f"{EX}graph/{n}" for n in (1, 2, 3)]
    fast.close()
    slow.close()


def test_quads_land_in_the_graph_they_are_given_for() -> None:
    store = EmbeddedStore(None)
    quads = graph(1, "v1")[f"{EX}graph/1"]
    store.load_fresh_graphs({f"{EX}graph/other": quads})
    assert store.named_graphs() == [f"{EX}graph/other"]
    assert store.count(f"{EX}graph/other") == 2
