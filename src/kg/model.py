"""Typed values that flow between the pipeline's stages.

Data flows one way: ``ingest`` makes :class:`Article`; ``text`` makes :class:`Sentence`; ``ner`` makes
:class:`Mention`; ``link`` fills ``Mention.entity`` with the key of an :class:`Entity`; ``extract`` makes
:class:`Fact` subclasses; ``rdf.mapping`` turns an :class:`Extraction` into quads. Nothing here knows IRIs,
Stanza or Oxigraph.

Offsets are always Unicode code points into ``Article.text`` (the decoded text, line ends normalized to
``\\n``), so ``article.text[start:end] == quote`` holds for every span.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

MentionLabel = Literal["PER", "ORG", "LOC", "FAC", "NORP", "DATE", "QUANT", "MISC"]
Precision = Literal["day", "month", "year", "decade"]
TimeBasis = Literal["absolute", "relative", "vague", "unresolved", "publication"]
Status = Literal["planned", "in_progress", "completed"]
Qualifier = Literal["exact", "about", "less_than", "more_than", "range"]
CountKind = Literal["current", "projection", "cap"]


@dataclass(frozen=True)
class Article:
    """One source document, as read from disk; ``key`` is its stable identity (see ``kg.ingest.identity``)."""

    key: str
    text: str
    source: str  # file name (and ``:line`` for JSONL) it was read from
    url: str | None = None
    title: str | None = None
    published: date | None = None
    publisher: str | None = None  # publisher / agency name as written, e.g. "شفق نيوز"
    dateline: str | None = None  # e.g. "بغداد"
    lang: str = "ar"
    #: what was wrong with the input but did not stop it being read (shown in the build summary)
    warnings: tuple[str, ...] = ()
    #: how much of ``published`` the source gives: a `` date 2025-07`` header is ``month`` (``published`` is then
    #: the first day of that month, and nothing finer is ever read from it)
    published_precision: Precision = "day"

    def published_period(self) -> tuple[date, date] | None:
        """First and last day the publication date may be (one day at day precision); None when undated."""
        if self.published is None:
            return None
        return period_of(self.published, self.published_precision)


def period_of(start: date, precision: Precision) -> tuple[date, date]:
    """The days a date at ``precision`` covers, from the first day of its month or year."""
    if precision == "month":
        return start.replace(day=1), start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision in ("year", "decade"):
        return start.replace(month=1, day=1), start.replace(month=12, day=31)
    return start, start


def date_at(start: date, precision: Precision) -> str:
    """The lexical value of a date at its precision: ``2025-07-03``, ``2025-07``, ``2025``."""
    if precision == "month":
        return f"{start.year:04d}-{start.month:02d}"
    if precision in ("year", "decade"):
        return f"{start.year:04d}"
    return start.isoformat()


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Evidence:
    """Where and how a fact or mention was found: the provenance every extracted statement carries."""

    sentence: int
    start: int
    end: int
    quote: str
    method: str  # rule or model id, e.g. "kg.rules.handover" or "kg.ner.stanza"
    method_version: str
    confidence: float


@dataclass(frozen=True)
class Mention:
    """A recognized span; ``entity`` is the key of the canonical :class:`Entity` once linked."""

    start: int
    end: int
    text: str
    label: MentionLabel
    sentence: int
    recognizer: str  # e.g. "kg.ner.rules", "kg.ner.stanza"
    recognizer_version: str
    confidence: float
    entity: str | None = None
    link_score: float | None = None
    link_reason: str | None = None


@dataclass(frozen=True)
class Entity:
    """A canonical entity: from ``seeds/`` (``source`` says where its facts come from) or minted for an
    unlinked mention (``source == "extracted"``; key stable across articles)."""

    key: str  # slug, e.g. "ain-al-asad-air-base"; unique in the project
    type: str  # ontology class local name, e.g. "AirBase", "Country", "Person"
    label_ar: str
    label_en: str | None = None
    qid: str | None = None  # "Q4703502", only where verified
    aliases: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    located_in: tuple[str, ...] = ()  # keys of containing places
    source: str = "extracted"


@dataclass(frozen=True)
class TimeValue:
    """A date or vague period as an interval with precision; ``earliest``/``latest`` bound it."""

    text: str
    start: int  # offsets of the expression in Article.text
    end: int
    value: str | None  # lexical value at its precision: "2026-01-18", "2026-01", "2026"; None if unresolved
    precision: Precision | None
    earliest: date | None
    latest: date | None
    basis: TimeBasis = "absolute"
    modifier: str | None = None  # "by", "since", "early", "mid", "late", "before", "after"


@dataclass(frozen=True)
class Quantity:
    text: str
    start: int
    end: int
    value: int | None
    min: int | None
    max: int | None
    qualifier: Qualifier
    unit: str | None  # "troops", "advisers", "fighters", "personnel", ...
    inclusive: bool | None = None


@dataclass(frozen=True)
class Fact:
    """Base of every extracted fact. ``negated`` marks a denial ("لم تنسحب")."""

    evidence: Evidence


@dataclass(frozen=True)
class Handover(Fact):
    facility: str | None  # entity key of the base/HQ; None for a collective statement
    scope: str | None = None  # collective wording, e.g. "all bases in federal Iraq"
    from_actor: str | None = None
    to_actor: str | None = None
    status: Status = "completed"
    time: TimeValue | None = None
    negated: bool = False


@dataclass(frozen=True)
class Withdrawal(Fact):
    force: str | None
    from_place: str | None = None
    to_place: str | None = None
    relocation: bool = False  # True when forces move elsewhere rather than leave
    status: Status = "completed"
    time: TimeValue | None = None
    negated: bool = False


@dataclass(frozen=True)
class Agreement(Fact):
    kind: str  # ontology class local name: "JointStatement", "MemorandumOfUnderstanding", "FrameworkAgreement"
    label: str
    parties: tuple[str, ...] = ()
    date: TimeValue | None = None
    sets: str | None = None  # what it sets, as written


@dataclass(frozen=True)
class MissionPhase(Fact):
    label: str
    number: int | None = None
    scope: str | None = None  # entity key of the place it covers, or None
    deadline: TimeValue | None = None
    status: Status = "planned"
    mission: str | None = None  # entity key of the mission/coalition


@dataclass(frozen=True)
class TroopCount(Fact):
    quantity: Quantity
    force: str | None = None  # entity key of the force / nationality
    country: str | None = None  # entity key of the country they are in
    place: str | None = None  # entity key of a more specific place (base, region)
    as_of: TimeValue | None = None  # basis "publication": the text gives no date, the article's date stands
    kind: CountKind = "current"
    also_in: tuple[str, ...] = ()  # more countries the same figure covers («في العراق وسوريا»)


@dataclass(frozen=True)
class Statement(Fact):
    quote: str
    speaker: str | None = None  # entity key of a person or body
    role: str | None = None  # role at the time, as written
    channel: str | None = None  # entity key of the agency that reported it
    date: TimeValue | None = None


@dataclass
class Extraction:
    """Everything one article yields; the unit the RDF mapping turns into one named graph."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)  # every entity key the mentions/facts use
    times: list[TimeValue] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    methods: dict[str, str] = field(default_factory=dict)  # recognizer/rule id -> version used
