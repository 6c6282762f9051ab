"""One spec per fact type: its class, the rule that finds it, the ontology class it is an instance of, and what
makes two reports of it the same fact. The extractor, the RDF mapping and the evaluation all read these specs,
so a new fact type is one spec here, one rule module, and one mapping function.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass

from kg.model import (
    Agreement,
    Entity,
    Fact,
    Handover,
    MissionPhase,
    Statement,
    TimeValue,
    TroopCount,
    Withdrawal,
)
from kg.text.normalize import normalize_key

#: agreement kinds with an ontology class of their own (any other kind is a plain kg:Agreement)
AGREEMENT_KINDS = frozenset({"Agreement", "JointStatement", "MemorandumOfUnderstanding", "FrameworkAgreement",
                             "Decision"})

Identity = Callable[[Fact, Mapping[str, Entity], Set[str]], tuple[object, ...]]


@dataclass(frozen=True)
class FactSpec:
    """Everything the stages need to know about one fact type."""

    name: str  # plural name of gold files and score tables: "handovers"
    cls: type[Fact]
    method: str  # id of the rule that finds it (provenance)
    ontology_class: Callable[[Fact], str]  # local name of its class in ontology/kg.ttl
    identity: Identity  # the same fact inside one article (reported twice → one fact)


def _tv(t: TimeValue | None) -> str | None:
    return t.value if t else None


def actor_class(key: str | None, entities: Mapping[str, Entity], coalition: Set[str]) -> str | None:
    """Within one article every «التحالف» is one actor, whichever sense (political coalition or its task force)
    the linker chose for each mention: ``coalition`` holds the keys named «…تحالف…» in the article."""
    if key and key in coalition:
        return "coalition"
    e = entities.get(key) if key else None
    if e is not None and (e.type == "Coalition" or "تحالف" in normalize_key(e.label_ar)):
        return "coalition"
    return key


def _handover(f: Fact, _e: Mapping[str, Entity], _c: Set[str]) -> tuple[object, ...]:
    assert isinstance(f, Handover)
    return ("handover", f.facility, f.scope is not None, f.status, _tv(f.time), f.negated)


def _withdrawal(f: Fact, e: Mapping[str, Entity], c: Set[str]) -> tuple[object, ...]:
    assert isinstance(f, Withdrawal)
    return ("withdrawal", actor_class(f.force, e, c), f.from_place, f.to_place, f.status, f.negated)


def _agreement(f: Fact, _e: Mapping[str, Entity], _c: Set[str]) -> tuple[object, ...]:
    assert isinstance(f, Agreement)
    number = re.search(r"\d{3,5}", f.label)  # «قرار مجلس الأمن 2628» and «… 2670» are two resolutions
    return ("agreement", _tv(f.date) or f.kind, number.group() if number else None)


def _phase(f: Fact, _e: Mapping[str, Entity], _c: Set[str]) -> tuple[object, ...]:
    assert isinstance(f, MissionPhase)
    return ("phase", f.number, f.status)


def _troops(f: Fact, _e: Mapping[str, Entity], _c: Set[str]) -> tuple[object, ...]:
    assert isinstance(f, TroopCount)
    q = f.quantity
    return ("troops", q.value, q.min, q.max, q.qualifier, f.force, f.kind, f.country, f.place)


def _statement(f: Fact, _e: Mapping[str, Entity], _c: Set[str]) -> tuple[object, ...]:
    return ("statement", f.evidence.start)


def _agreement_class(f: Fact) -> str:
    kind = getattr(f, "kind", "Agreement")
    return kind if kind in AGREEMENT_KINDS else "Agreement"


SPECS: tuple[FactSpec, ...] = (
    FactSpec("handovers", Handover, "kg.rules.handover", lambda f: "TransferOfControl", _handover),
    FactSpec("withdrawals", Withdrawal, "kg.rules.withdrawal",
             lambda f: "Relocation" if getattr(f, "relocation", False) else "Withdrawal", _withdrawal),
    FactSpec("agreements", Agreement, "kg.rules.agreement", _agreement_class, _agreement),
    FactSpec("phases", MissionPhase, "kg.rules.phase", lambda f: "MissionPhase", _phase),
    FactSpec("troops", TroopCount, "kg.rules.troops", lambda f: "TroopCount", _troops),
    FactSpec("statements", Statement, "kg.rules.statement", lambda f: "Statement", _statement),
)
BY_CLASS: dict[type[Fact], FactSpec] = {s.cls: s for s in SPECS}
BY_NAME: dict[str, FactSpec] = {s.name: s for s in SPECS}


def spec_of(f: Fact) -> FactSpec:
    """The spec of a fact (its exact class)."""
    try:
        return BY_CLASS[type(f)]
    except KeyError:
        raise TypeError(f"no fact spec for {type(f).__name__}") from None
