"""Synthetic Arabic news corpus that behaves like a real one at volume (for benchmarks, never for evaluation).

    .venv/bin/python bench/gen_corpus.py --articles 10000 --out /tmp/kg-corpus-10k [--seed 0] [--shard 10000]

Writes JSON Lines shards (``corpus-00000.jsonl`` …) in kg's ``.jsonl`` input format. What makes it look like
news rather than random sentences:

* **A world of events** (fixed by the seed, not by the corpus size): each base changes hands on one day after a
  plan and a period "under way"; forces withdraw or move; troop levels change every few months; agreements are
  signed; spokesmen make statements; mission phases have deadlines. An article published on day P reports
  events of the weeks before P (plans: of the weeks after), so a bigger corpus reports the same events more
  often, as a real archive does: clusters grow with the corpus.
* **Many names for one entity**: every base, force, body and speaker is written in several ways (the seed
  aliases: «قاعدة عين الأسد الجوية», «عين الأسد», «قاعدة الأسد»…; and names no seed knows, which the linker
  mints), and dates are given at different precisions («يوم 17 كانون الثاني/يناير 2026», «في كانون الثاني
  2026», «أمس»), some a few days off (sources disagree).
* **Syndication**: ~30 % of articles are another outlet's copy of an earlier article (a wire story), under its
  own URL and id: a third of them word for word, the others with the credit line changed, the last paragraph
  cut or a closing sentence added.
* Every fact type: handovers (planned, under way, completed, denied, collective), withdrawals and relocations,
  troop counts (about, more/less than, ranges, projections), agreements of each kind, attributed statements
  (paraphrased by different outlets), mission phases with deadlines; and filler sentences with none.
* ~2 % of articles carry no publication date (their window is inferred from the other reports).

Deterministic for a seed; article i is the same whatever the corpus size, so a 10k corpus is the first 10k
articles of the 100k one.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

START, END = date(2019, 1, 1), date(2026, 6, 30)
DAYS = (END - START).days

# Each entry: the names an outlet may use for it (the first is the usual one).
BASES = [
    ["قاعدة عين الأسد الجوية", "قاعدة عين الأسد", "عين الأسد", "قاعدة الأسد الجوية", "قاعدة عين الاسد"],
    ["قاعدة حرير الجوية", "قاعدة حرير", "قاعدة الحرير"],
    ["قاعدة القيارة الجوية", "قاعدة القيارة", "مطار القيارة"],
    ["قاعدة كي وان", "قاعدة كيه وان", "قاعدة كي 1"],
    ["قاعدة بلد الجوية", "قاعدة بلد", "قاعدة البلد الجوية"],
    ["معسكر النصر", "قاعدة فكتوري", "قاعدة النصر", "معسكر فيكتوري"],
    ["مطار أربيل الدولي", "مطار أربيل", "مطار اربيل الدولي"],
    ["قاعدة التاجي", "معسكر التاجي", "قاعدة التاجى"],
    ["قاعدة الحبانية", "قاعدة الحبانية الجوية", "معسكر الحبانية"],
    ["معسكر بسماية", "قاعدة بسماية", "معسكر بسمايه"],
    ["قاعدة الرشيد", "معسكر الرشيد"],
]
GIVERS = [
    ["القوات الأمريكية", "القوات الأميركية", "الجيش الأمريكي", "القوات الامريكية"],
    ["قوات التحالف الدولي", "التحالف الدولي", "قوات التحالف"],
    ["قوات حلف شمال الأطلسي", "قوات الناتو", "بعثة الناتو في العراق"],
    ["القوات الفرنسية", "الجيش الفرنسي"],
    ["القوات البريطانية", "الجيش البريطاني"],
    ["القوات الإيطالية", "الجيش الإيطالي"],
    ["القوات الأسترالية", "الجيش الأسترالي"],
]
RECEIVERS = [
    ["الجيش العراقي", "القوات المسلحة العراقية", "الجيش العراقى"],
    ["قيادة العمليات المشتركة", "قيادة العمليات المشتركة العراقية"],
    ["وزارة الدفاع العراقية", "وزارة الدفاع"],
    ["القوة الجوية العراقية", "قيادة القوة الجوية العراقية"],
    ["جهاز مكافحة الإرهاب", "جهاز مكافحة الارهاب"],
    ["قوات البيشمركة", "البيشمركة"],
]
PLACES = ["الأنبار", "أربيل", "بغداد", "نينوى", "كركوك", "صلاح الدين", "ديالى", "البصرة", "الموصل", "دهوك",
          "السليمانية", "حديثة", "الرمادي", "تكريت", "سامراء", "الكويت", "سوريا", "الأردن"]
SPEAKERS = [
    ("المتحدث باسم الحكومة", ["باسم العوادي", "العوادي"]),
    ("وزير الدفاع", ["ثابت العباسي", "ثابت محمد العباسي"]),
    ("رئيس الوزراء", ["محمد شياع السوداني", "السوداني"]),
    ("وزير الخارجية", ["فؤاد حسين"]),
    ("المتحدث باسم القائد العام", ["يحيى رسول", "اللواء يحيى رسول"]),
    ("مسؤول في السفارة الأمريكية", ["جون سميث"]),
    ("عضو لجنة الأمن والدفاع النيابية", ["علي نعمة", "علي نعمة البنداوي"]),
    ("قائد العمليات", ["سعد معن", "الفريق سعد معن"]),
    ("المتحدث باسم التحالف الدولي", ["مايلز كاغينز", "العقيد مايلز كاغينز"]),
]
AGREEMENTS = ["بيانا مشتركا", "مذكرة تفاهم", "اتفاقية إطار استراتيجي", "اتفاقا أمنيا"]
PUBLISHERS = ["وكالة الأنباء العراقية", "شبكة الإعلام الإخبارية", "موقع الرافدين اليوم", "وكالة المدى برس",
              "قناة دجلة الإخبارية", "صحيفة الصباح الجديد", "وكالة الفرات نيوز", "وكالة شفق نيوز",
              "صحيفة الزمان", "موقع بغداد اليوم", "وكالة السومرية نيوز", "قناة الشرقية"]
DOMAINS = ["ina.example.iq", "imn.example.iq", "rafidain.example.net", "almada.example.com", "dijlah.example.tv",
           "sabah.example.iq", "furat.example.net", "shafaq.example.com", "azzaman.example.com",
           "baghdadtoday.example.news", "sumaria.example.tv", "sharqiya.example.tv"]
MONTHS = ["كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو", "حزيران/يونيو",
          "تموز/يوليو", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر",
          "كانون الأول/ديسمبر"]
VAGUE = ["نهاية العام الجاري", "منتصف العام المقبل", "مطلع الشهر المقبل", "خلال الأيام المقبلة",
         "قبل نهاية أيلول المقبل", "في غضون أشهر"]
UNITS = ["جندي", "مستشار", "عسكري", "عنصر"]
QUALIFIERS = ["", "نحو ", "قرابة ", "أقل من ", "أكثر من ", "ما يقارب "]
# Statements: each statement event has its own words (five phrases of the bank, in a fixed pattern), and
# outlets frame them differently (paraphrase); two events share four trigrams only by a rare coincidence.
PHRASES = [
    "القوات العراقية", "الجانب الأمريكي", "المرحلة المقبلة", "قيادة العمليات", "الحكومة الاتحادية",
    "إقليم كردستان", "القواعد العسكرية", "مهمة التحالف", "الدعم اللوجستي", "التنسيق الأمني",
    "الحدود الغربية", "المستشارين الأجانب", "اللجنة العليا", "الشراكة الثنائية", "الجدول الزمني",
    "الانسحاب الكامل", "قوات البيشمركة", "وزارة الدفاع", "الأمن الوطني", "عمليات التدريب",
    "المحافظات الغربية", "الطائرات المسيرة", "الخبراء العسكريين", "الاتفاق الأخير", "السيادة الكاملة",
    "الوضع الميداني", "الملف الأمني", "الشركاء الدوليين", "خلايا داعش", "الحوار الاستراتيجي",
    "القدرات الجوية", "الاستخبارات العسكرية", "المناطق المحررة", "حماية المنشآت", "البعثة الاستشارية",
    "القرار البرلماني", "الضمانات الأمنية", "المنافذ الحدودية", "الأجواء العراقية", "المعدات الثقيلة",
    "التحالف الدولي", "الحكومة العراقية", "المجتمع الدولي", "دول الجوار", "الاستقرار الإقليمي",
    "الموازنة الدفاعية", "القيادة المركزية", "الفرق الهندسية", "المخازن العسكرية", "الوحدات الخاصة",
]
QUOTE_PATTERNS = ["{0} {1} في {2} مع {3} خلال {4}", "{0} و{1} تعني {2} بعد {3} ضمن {4}",
                  "{0} تبقى مرتبطة ب{1} و{2} رغم {3} و{4}"]
QUOTE_FRAMES = ["{q}", "إن {q}", "{q}، مشددا على أهمية ذلك", "{q} ولا تراجع عن ذلك"]
#: how often an article's event sentence is of each kind (the rest of its sentences are filler)
KIND_WEIGHTS = {"handover": 26, "withdrawal": 16, "troops": 22, "agreement": 10, "phase": 8, "statement": 18}
KIND_OF = {"handover-done": "handover", "handover-plan": "handover", "handover-progress": "handover",
           "handover-denied": "handover", "collective": "handover", "withdrawal": "withdrawal", "troops": "troops",
           "agreement": "agreement", "phase": "phase", "statement": "statement"}

HANDOVER_DONE = [
    "أعلنت {to} {when} تسلمها {base} من {from_} بشكل كامل.",
    "سلمت {from_} {base} إلى {to} {when}، وفق ما أفاد مصدر أمني.",
    "تسلم {to} {when} {base} من {from_} بعد انسحاب آخر الوحدات الأجنبية منها.",
]
HANDOVER_PLAN = [
    "من المقرر أن تتسلم {to} {base} {vague} بعد انسحاب آخر الوحدات الأجنبية منها.",
    "تستعد {from_} لتسليم {base} إلى {to} {vague} بحسب مصادر عسكرية.",
]
HANDOVER_PROGRESS = ["بدأت {from_} {when} تسليم {base} إلى {to} على أن تكتمل العملية {vague}."]
HANDOVER_DENIED = ["لم تسلم {from_} {base} حتى الآن خلافا لما تداولته وسائل إعلام محلية."]
HANDOVER_COLLECTIVE = ["أكملت {from_} {when} تسليم جميع القواعد في العراق الاتحادي إلى {to}."]
WITHDRAWAL = [
    "انسحبت {force} من {base} باتجاه {place} {when}.",
    "نقلت {force} معداتها من {base} إلى {base2} {when}.",
    "بدأت {force} الانسحاب من {place} على أن تكتمل العملية {vague}.",
]
TROOPS = [
    "يبلغ عدد {force} في العراق {qual}{num} {unit} بحسب تقديرات رسمية.",
    "قال مسؤول إن {qual}{num} {unit} ما زالوا في {base} حتى {date}.",
    "سيتقلص عدد {force} إلى {qual}{num} {unit} {vague}.",
    "يتراوح عدد {force} في العراق بين {num} و{num2} {unit}.",
]
AGREEMENT = [
    "وقعت حكومتا العراق والولايات المتحدة {agreement} في {place} {when} لتنظيم العلاقة الأمنية.",
    "نص {agreement} الموقع {when} على إنهاء المهمة العسكرية للتحالف على مرحلتين.",
]
PHASE = [
    "تنتهي المرحلة الأولى من انتقال المهمة {vague} وتشمل بغداد والقواعد الاتحادية.",
    "تمتد المرحلة الثانية في إقليم كردستان حتى {date} لدعم العمليات ضد داعش.",
]
STATEMENT = [
    "وقال {role} {speaker} في مؤتمر صحفي {when} «{quote}».",
    "وأكد {role} {speaker} أن «{quote}».",
    "من جهته، صرح {role} {speaker} لـ{publisher} بأن «{quote}».",
]
FILLER = [
    "وشهدت {place} {when} أمطارا غزيرة أدت إلى قطع عدد من الطرق الرئيسية.",
    "وارتفعت أسعار المواد الغذائية في أسواق {place} بنسبة {num} في المئة خلال الشهر الماضي.",
    "وافتتحت محافظة {place} مشروعا جديدا لتحلية المياه بكلفة {num} مليون دولار.",
    "وعقد مجلس محافظة {place} جلسة لمناقشة الموازنة وتوزيع الدرجات الوظيفية.",
    "ويعاني سكان {place} من انقطاع التيار الكهربائي لساعات طويلة مع ارتفاع درجات الحرارة.",
    "ويبقى الملف الأمني حاضرا في المباحثات المقبلة بين البلدين بحسب مصادر سياسية.",
]
HEADLINES = ["{to} تتسلم {base}", "{force} تغادر {place}", "بغداد وواشنطن توقعان {agreement}",
             "تقليص عدد {force} في العراق", "مسؤول: الانسحاب يكتمل {vague}", "{speaker}: {short}"]


@dataclass(frozen=True)
class Event:
    """Something that happened (or was announced) on a day; articles of the following weeks report it."""

    day: date
    kind: str  # handover-done, handover-plan, handover-progress, handover-denied, collective, withdrawal,
    # troops, agreement, phase, statement
    slots: tuple[tuple[str, object], ...]

    def get(self, name: str) -> object:
        return dict(self.slots)[name]


def _day(rng: random.Random) -> date:
    return START + timedelta(days=rng.randrange(DAYS))


@lru_cache(maxsize=4)
def world(seed: int = 0) -> tuple[list[date], list[Event]]:
    """The events of the synthetic world, sorted by day (the same for every corpus size)."""
    rng = random.Random(f"world:{seed}")
    events: list[Event] = []

    def add(day: date, kind: str, **slots: object) -> None:
        events.append(Event(day, kind, tuple(sorted(slots.items()))))

    for b in range(len(BASES)):
        done = _day(rng)
        giver, receiver = rng.randrange(len(GIVERS)), rng.randrange(len(RECEIVERS))
        add(done, "handover-done", base=b, from_=giver, to=receiver)
        add(done - timedelta(days=rng.randint(20, 120)), "handover-plan", base=b, from_=giver, to=receiver)
        add(done - timedelta(days=rng.randint(2, 15)), "handover-progress", base=b, from_=giver, to=receiver)
        for _ in range(3):
            add(done - timedelta(days=rng.randint(150, 600)), "handover-denied", base=b, from_=giver)
    for _ in range(3):
        add(_day(rng), "collective", from_=rng.randrange(len(GIVERS)), to=rng.randrange(len(RECEIVERS)))
    for _ in range(80):
        add(_day(rng), "withdrawal", force=rng.randrange(len(GIVERS)), base=rng.randrange(len(BASES)),
            base2=rng.randrange(len(BASES)), place=rng.randrange(len(PLACES)), template=rng.randrange(len(WITHDRAWAL)))
    for force in range(len(GIVERS)):
        level = rng.choice([900, 1500, 2500, 3000, 4000])
        day = START
        while day < END:
            add(day, "troops", force=force, num=level, num2=level + rng.choice([500, 1000]),
                base=rng.randrange(len(BASES)), template=rng.randrange(len(TROOPS)))
            day += timedelta(days=rng.randint(60, 150))
            level = max(150, level + rng.choice([-500, -250, 0, 0, 250]))
    for _ in range(40):
        add(_day(rng), "agreement", agreement=rng.randrange(len(AGREEMENTS)), place=rng.randrange(len(PLACES)),
            template=rng.randrange(len(AGREEMENT)))
    for _ in range(12):
        add(_day(rng), "phase", template=rng.randrange(len(PHASE)))
    for s in range(len(SPEAKERS)):
        for _ in range(150):
            add(_day(rng), "statement", speaker=s, pattern=rng.randrange(len(QUOTE_PATTERNS)),
                phrases=tuple(rng.sample(range(len(PHRASES)), 5)))
    events.sort(key=lambda e: (e.day, e.kind, e.slots))
    return [e.day for e in events], events


def _date_text(rng: random.Random, d: date, published: date) -> str:
    """A date as outlets write it: day, month, numeric, or relative to the publication day."""
    gap = (published - d).days
    if gap == 0 and rng.random() < 0.4:
        return "اليوم"
    if gap == 1 and rng.random() < 0.5:
        return "أمس"
    style = rng.randrange(4)
    if style <= 1:
        return f"يوم {d.day} {MONTHS[d.month - 1]} {d.year}"
    if style == 2:
        return f"في {MONTHS[d.month - 1]} {d.year}"
    return f"في {d.day}/{d.month}/{d.year}"


def _sentence(rng: random.Random, event: Event, published: date, publisher: str) -> str:
    """One sentence reporting the event, with the names and date form this outlet chose."""
    when_day = event.day
    if rng.random() < 0.05:  # a source off by a few days: consolidation keeps both dates and flags it
        when_day += timedelta(days=rng.choice([-3, -2, -1, 1, 2]))
    slots = dict(event.slots)
    fill = {
        "when": _date_text(rng, when_day, published),
        "date": f"{when_day.day} {MONTHS[when_day.month - 1]} {when_day.year}",
        "vague": rng.choice(VAGUE),
        "publisher": publisher,
        "place": rng.choice(PLACES),
    }
    if "base" in slots:
        fill["base"] = rng.choice(BASES[int(slots["base"])])  # type: ignore[call-overload]
    if "base2" in slots:
        fill["base2"] = rng.choice(BASES[int(slots["base2"])])  # type: ignore[call-overload]
    if "from_" in slots:
        fill["from_"] = rng.choice(GIVERS[int(slots["from_"])])  # type: ignore[call-overload]
    if "to" in slots:
        fill["to"] = rng.choice(RECEIVERS[int(slots["to"])])  # type: ignore[call-overload]
    if "force" in slots:
        fill["force"] = rng.choice(GIVERS[int(slots["force"])])  # type: ignore[call-overload]
    if "place" in slots:
        fill["place"] = PLACES[int(slots["place"])]  # type: ignore[call-overload]
    kind = event.kind
    if kind == "troops":
        fill.update(qual=rng.choice(QUALIFIERS), num=f"{slots['num']}", num2=f"{slots['num2']}",
                    unit=rng.choice(UNITS))
        return TROOPS[int(slots["template"])].format(**fill)  # type: ignore[call-overload]
    if kind == "statement":
        role, names = SPEAKERS[int(slots["speaker"])]  # type: ignore[call-overload]
        quote = QUOTE_PATTERNS[int(slots["pattern"])].format(  # type: ignore[call-overload]
            *(PHRASES[i] for i in slots["phrases"]))  # type: ignore[attr-defined]
        quote = rng.choice(QUOTE_FRAMES).format(q=quote)
        return rng.choice(STATEMENT).format(role=role, speaker=rng.choice(names), quote=quote, **fill)
    if kind == "agreement":
        fill["agreement"] = AGREEMENTS[int(slots["agreement"])]  # type: ignore[call-overload]
        return AGREEMENT[int(slots["template"])].format(**fill)  # type: ignore[call-overload]
    if kind == "withdrawal":
        return WITHDRAWAL[int(slots["template"])].format(**fill)  # type: ignore[call-overload]
    if kind == "phase":
        return PHASE[int(slots["template"])].format(**fill)  # type: ignore[call-overload]
    templates = {"handover-done": HANDOVER_DONE, "handover-plan": HANDOVER_PLAN,
                 "handover-progress": HANDOVER_PROGRESS, "handover-denied": HANDOVER_DENIED,
                 "collective": HANDOVER_COLLECTIVE}[kind]
    return rng.choice(templates).format(**fill)


def _filler(rng: random.Random, published: date) -> str:
    return rng.choice(FILLER).format(place=rng.choice(PLACES), when=_date_text(rng, published, published),
                                     num=rng.choice([3, 7, 12, 150, 900, 2000]))


def _reported(rng: random.Random, by_kind: dict[str, tuple[list[date], list[Event]]], published: date) -> Event:
    """An event an article published that day would report: a kind by its weight, then one of that kind of
    the 40 days before (a plan or a deadline: of the 120 after), else the nearest one."""
    kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
    days, events = by_kind[kind]
    lo = bisect.bisect_left(days, published - timedelta(days=40))
    hi = bisect.bisect_right(days, published + timedelta(days=120))
    for _ in range(8):
        if hi <= lo:
            break
        e = events[rng.randrange(lo, hi)]
        if e.day <= published or e.kind in ("handover-plan", "phase"):
            return e
    i = min(max(bisect.bisect_left(days, published), 0), len(events) - 1)
    return events[i]


@lru_cache(maxsize=4)
def _by_kind(seed: int) -> dict[str, tuple[list[date], list[Event]]]:
    _, events = world(seed)
    out: dict[str, tuple[list[date], list[Event]]] = {k: ([], []) for k in KIND_WEIGHTS}
    for e in events:
        days, es = out[KIND_OF[e.kind]]
        days.append(e.day)
        es.append(e)
    return out


def _original(i: int, seed: int) -> dict[str, str]:
    rng = random.Random(f"{seed}:{i}")
    by_kind = _by_kind(seed)
    published = _day(rng)
    p = rng.randrange(len(PUBLISHERS))
    publisher = PUBLISHERS[p]
    paragraphs: list[str] = []
    first: Event | None = None
    for _ in range(rng.randint(4, 8)):
        sentences = []
        for _ in range(rng.randint(2, 3)):
            if rng.random() < 0.6:
                e = _reported(rng, by_kind, published)
                first = first or e
                sentences.append(_sentence(rng, e, published, publisher))
            else:
                sentences.append(_filler(rng, published))
        paragraphs.append(" ".join(sentences))
    dateline = rng.choice(PLACES)
    record = {
        "id": f"synthetic-{seed}-{i:07d}",
        "url": f"https://{DOMAINS[p]}/news/{seed}/{i:07d}",
        "published": published.isoformat(),
        "title": _headline(rng, first),
        "publisher": publisher,
        "lang": "ar",
        "text": f"{dateline} ({publisher}) - " + "\n\n".join(paragraphs),
    }
    if rng.random() < 0.02:
        del record["published"]
    return record


def _headline(rng: random.Random, event: Event | None) -> str:
    base = BASES[int(event.get("base"))][0] if event and "base" in dict(event.slots) else rng.choice(BASES)[0]  # type: ignore[call-overload]
    role, names = rng.choice(SPEAKERS)
    return rng.choice(HEADLINES).format(
        to=rng.choice(RECEIVERS)[0], base=base, force=rng.choice(GIVERS)[0], place=rng.choice(PLACES),
        agreement=rng.choice(AGREEMENTS), vague=rng.choice(VAGUE), speaker=names[-1],
        short=" ".join(rng.sample(PHRASES, 2)))


@lru_cache(maxsize=4096)
def article(i: int, seed: int = 0) -> dict[str, str]:
    """The i-th synthetic article (a JSON Lines record in kg's input format)."""
    rng = random.Random(f"{seed}:{i}:syndication")
    if i == 0 or rng.random() >= 0.3:
        return _original(i, seed)
    # another outlet's copy of a story of the last few hundred articles (a wire story, republished)
    source = article(i - 1 - rng.randrange(min(i, 400)), seed)
    p = rng.randrange(len(PUBLISHERS))
    text = source["text"]
    style = rng.random()
    if style >= 1 / 3:  # not word for word: the credit line is the new outlet's; cut or add at the end
        head, _, body = text.partition(") - ")
        text = f"{head.split(' (')[0]} ({PUBLISHERS[p]}) - {body}" if body else text
        paragraphs = text.split("\n\n")
        if len(paragraphs) > 2 and rng.random() < 0.5:
            paragraphs = paragraphs[:-1]
        elif rng.random() < 0.5:
            paragraphs.append(_filler(rng, date.fromisoformat(source.get("published", "2024-01-01"))))
        text = "\n\n".join(paragraphs)
    record = dict(source)
    record.update(
        id=f"synthetic-{seed}-{i:07d}",
        url=f"https://{DOMAINS[p]}/news/{seed}/{i:07d}",
        publisher=PUBLISHERS[p],
        text=text,
        title=source["title"] if rng.random() < 0.5 else f"{source['title']} ({PUBLISHERS[p]})",
    )
    if "published" in source:
        record["published"] = (date.fromisoformat(source["published"]) + timedelta(days=rng.randrange(3))).isoformat()
    return record


def is_copy(i: int, seed: int = 0) -> bool:
    """Whether article i is a syndicated copy of an earlier one."""
    return i > 0 and random.Random(f"{seed}:{i}:syndication").random() < 0.3


def generate(n: int, out: Path, *, seed: int = 0, shard: int = 10_000) -> list[Path]:
    """Write ``n`` articles into JSON Lines shards of at most ``shard`` lines; return the shard paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for start in range(0, n, shard):
        path = out / f"corpus-{start // shard:05d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(start, min(n, start + shard)):
                fh.write(json.dumps(article(i, seed), ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def iter_articles(n: int, seed: int = 0) -> Iterator[dict[str, str]]:
    for i in range(n):
        yield article(i, seed)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--shard", type=int, default=10_000, help="articles per .jsonl file")
    args = ap.parse_args()
    paths = generate(args.articles, args.out, seed=args.seed, shard=args.shard)
    size = sum(p.stat().st_size for p in paths)
    copies = sum(is_copy(i, args.seed) for i in range(args.articles))
    print(f"{args.articles} articles ({copies} syndicated copies) in {len(paths)} file(s) under {args.out} "
          f"({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
