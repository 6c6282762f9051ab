"""Synthetic Arabic news corpus from templates, for scale benchmarks (not for evaluation or training).

    .venv/bin/python bench/gen_corpus.py --articles 10000 --out /tmp/kg-corpus-10k [--seed 0] [--shard 10000]

Writes JSON Lines shards (``corpus-00000.jsonl`` …) in kg's ``.jsonl`` input format. Articles are built from
sentence templates written for this benchmark (handovers, withdrawals, troop counts, agreements, statements,
mission phases, and unrelated filler) with slots filled from small lists of places, actors and dates, so
every stage of the pipeline has work to do. Deterministic for a given seed; article i is the same whatever
the corpus size, so a 10k corpus is the first 10k articles of the 100k one.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

BASES = ["قاعدة عين الأسد الجوية", "قاعدة حرير", "قاعدة فكتوريا", "قاعدة التاجي", "قاعدة بلد الجوية",
         "قاعدة الحبانية", "قاعدة القيارة", "قاعدة كي وان", "معسكر بسماية", "قاعدة الرشيد", "مطار المثنى"]
PLACES = ["الأنبار", "أربيل", "بغداد", "نينوى", "كركوك", "صلاح الدين", "ديالى", "البصرة", "الموصل", "دهوك",
          "السليمانية", "حديثة", "الرمادي", "تكريت", "سامراء"]
FORCES = ["القوات الأمريكية", "قوات التحالف الدولي", "القوات الفرنسية", "القوات البريطانية",
          "المستشارون الأمريكيون", "القوات الإيطالية", "قوات حلف شمال الأطلسي", "القوات الأسترالية"]
IRAQI = ["الجيش العراقي", "قيادة العمليات المشتركة", "وزارة الدفاع العراقية", "قوات البيشمركة",
         "جهاز مكافحة الإرهاب", "قيادة القوة الجوية العراقية"]
SPEAKERS = [("المتحدث باسم الحكومة", "باسم العوادي"), ("وزير الدفاع", "ثابت العباسي"),
            ("رئيس الوزراء", "محمد شياع السوداني"), ("وزير الخارجية", "فؤاد حسين"),
            ("المتحدث باسم القائد العام", "يحيى رسول"), ("مسؤول في السفارة الأمريكية", "جون سميث"),
            ("عضو لجنة الأمن والدفاع النيابية", "علي نعمة"), ("قائد العمليات", "سعد معن")]
AGREEMENTS = ["بيانا مشتركا", "مذكرة تفاهم", "اتفاقية إطار استراتيجي", "اتفاقا أمنيا", "محضر اجتماع"]
PUBLISHERS = ["وكالة الأنباء العراقية", "شبكة الإعلام الإخبارية", "موقع الرافدين اليوم", "وكالة المدى برس",
              "قناة دجلة الإخبارية", "صحيفة الصباح الجديد", "وكالة الفرات نيوز"]
MONTHS = ["كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو", "حزيران/يونيو",
          "تموز/يوليو", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر",
          "كانون الأول/ديسمبر"]
VAGUE = ["نهاية العام الجاري", "منتصف العام المقبل", "مطلع الشهر المقبل", "خلال الأيام المقبلة",
         "الأسبوع الماضي", "قبل نهاية أيلول المقبل", "في غضون أشهر"]
UNITS = ["جندي", "مستشار", "عسكري", "عنصر"]
QUALIFIERS = ["", "نحو ", "قرابة ", "أقل من ", "أكثر من ", "ما يقارب "]

TEMPLATES = {
    "handover": [
        "أعلنت {iraqi} {when} تسلمها {base} في {place} من {force} بشكل كامل.",
        "سلمت {force} {base} إلى {iraqi} {when}، وفق ما أفاد مصدر أمني.",
        "من المقرر أن تتسلم {iraqi} {base} {vague} بعد انسحاب آخر الوحدات الأجنبية منها.",
        "لم تسلم {force} {base} حتى الآن خلافا لما تداولته وسائل إعلام محلية.",
    ],
    "withdrawal": [
        "انسحبت {force} من {base} باتجاه {place} {when}.",
        "بدأت {force} الانسحاب من {place} على أن تكتمل العملية {vague}.",
        "نقلت {force} معداتها من {base} إلى قاعدة حرير في أربيل {when}.",
    ],
    "troops": [
        "يبلغ عدد {force} في العراق {qual}{num} {unit} بحسب تقديرات رسمية.",
        "قال مسؤول إن {qual}{num} {unit} ما زالوا في {base} حتى {date}.",
        "سيتقلص عدد {force} إلى {qual}{num} {unit} {vague}.",
    ],
    "agreement": [
        "وقعت حكومتا العراق والولايات المتحدة {agreement} في {place} {when} لتنظيم العلاقة الأمنية.",
        "نص {agreement} الموقع {when} على إنهاء المهمة العسكرية للتحالف على مرحلتين.",
    ],
    "phase": [
        "تنتهي المرحلة الأولى من انتقال المهمة {vague} وتشمل بغداد والقواعد الاتحادية.",
        "تمتد المرحلة الثانية في إقليم كردستان حتى {date} لدعم العمليات ضد داعش.",
    ],
    "statement": [
        "وقال {role} {speaker} في مؤتمر صحفي {when} إن «العراق لم يعد بحاجة إلى قوات قتالية أجنبية».",
        "وأكد {role} {speaker} أن «الحكومة ملتزمة بالجدول الزمني المتفق عليه».",
        "من جهته، صرح {role} {speaker} لـ{publisher} بأن «التنسيق مستمر مع الجانب الأمريكي».",
    ],
    "filler": [
        "وشهدت {place} {when} أمطارا غزيرة أدت إلى قطع عدد من الطرق الرئيسية.",
        "وارتفعت أسعار المواد الغذائية في أسواق {place} بنسبة {num} في المئة خلال الشهر الماضي.",
        "وافتتحت محافظة {place} مشروعا جديدا لتحلية المياه بكلفة {num} مليون دولار.",
        "وعقد مجلس محافظة {place} جلسة لمناقشة الموازنة وتوزيع الدرجات الوظيفية.",
        "ويعاني سكان {place} من انقطاع التيار الكهربائي لساعات طويلة مع ارتفاع درجات الحرارة.",
        "وأشار مراقبون إلى أن الملف الأمني سيبقى حاضرا في المباحثات المقبلة بين البلدين.",
    ],
}
HEADLINES = ["{iraqi} تتسلم {base}", "{force} تغادر {place}", "بغداد وواشنطن توقعان {agreement}",
             "تقليص عدد {force} في العراق", "مسؤول: الانسحاب يكتمل {vague}"]


def _date_text(rng: random.Random, d: date) -> str:
    style = rng.randrange(3)
    if style == 0:
        return f"يوم {d.day} {MONTHS[d.month - 1]} {d.year}"
    if style == 1:
        return f"في {MONTHS[d.month - 1]} {d.year}"
    return f"في {d.day}/{d.month}/{d.year}"


def _fill(rng: random.Random, template: str, published: date, publisher: str) -> str:
    role, speaker = rng.choice(SPEAKERS)
    when = published - timedelta(days=rng.randrange(0, 40))
    return template.format(
        iraqi=rng.choice(IRAQI), force=rng.choice(FORCES), base=rng.choice(BASES), place=rng.choice(PLACES),
        when=_date_text(rng, when), date=f"{when.day} {MONTHS[when.month - 1]} {when.year}", vague=rng.choice(VAGUE), qual=rng.choice(QUALIFIERS),
        num=rng.choice([150, 250, 500, 900, 1500, 2000, 2500, 3000, 4000]), unit=rng.choice(UNITS),
        agreement=rng.choice(AGREEMENTS), role=role, speaker=speaker, publisher=publisher,
    )


def article(i: int, seed: int = 0) -> dict[str, str]:
    """The i-th synthetic article (a JSON Lines record in kg's input format)."""
    rng = random.Random(f"{seed}:{i}")
    published = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 7 * 365))
    publisher = rng.choice(PUBLISHERS)
    kinds = [k for k in TEMPLATES if k != "filler"]
    paragraphs: list[str] = []
    for _ in range(rng.randint(4, 8)):
        sentences = []
        for _ in range(rng.randint(2, 3)):
            kind = rng.choice(kinds) if rng.random() < 0.7 else "filler"
            sentences.append(_fill(rng, rng.choice(TEMPLATES[kind]), published, publisher))
        paragraphs.append(" ".join(sentences))
    dateline = rng.choice(PLACES)
    text = f"{dateline} ({publisher}) - " + "\n\n".join(paragraphs)
    return {
        "id": f"synthetic-{seed}-{i:07d}",
        "url": f"https://news.example.org/synthetic/{seed}/{i:07d}",
        "published": published.isoformat(),
        "title": _fill(rng, rng.choice(HEADLINES), published, publisher),
        "publisher": publisher,
        "lang": "ar",
        "text": text,
    }


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
    print(f"{args.articles} articles in {len(paths)} file(s) under {args.out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
