"""Attributed statements from reporting verbs (قال، أكد، أعلن، أشار، أوضح، صرّح، ذكر، أفاد، لفت، بيّن، شدد،
أضاف، اعتبر، كشف، نفى …), ``نقلت <agency> عن <speaker>``, and ``بحسب/وفق <speaker>`` (leading or trailing).

Speaker (the subject slot right after the verb, after any time expression):
* a person mention, with the title words before it as ``role`` (``مستشار رئيس الوزراء العراقي، حسين علاوي``);
* else a body/force/country/organization mention;
* a role with no name: indefinite (``مسؤول أميركي``) → anonymous (``speaker=None``, ``role`` kept); one that
  repeats an earlier speaker's role or is definite (``المسؤول العراقي``) → that speaker;
* a bare definite head (``اللجنة``) → the last entity named whose label starts with it; a document noun
  (``البيان المشترك``) or ``المصدر نفسه`` → the previous speaker; another definite noun phrase
  (``السلطات العراقية``) → a minted ``x-…`` Organization;
* no subject (``وأوضح أن``) at the start of a sentence → the previous speaker; a mention right before the
  verb (``وزارة الدفاع أعلنت``) → that mention.
Channel: the agency of ``نقلت <agency> عن`` / ``لوكالة <agency>``; ``للوكالة`` → the last agency named.
Content: quoted text right after the subject, else the clause after ``أن/إن/بأن`` (or after the subject)
to the end of the sentence. Impersonal (``ويذكر``, ``يشار``), relative (``التي أعلن``) and passive
(``أعلن عنها``) forms are skipped. One statement per sentence (later verbs are usually participles of the
same report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract import confidence
from kg.extract.actors import AGENCY_TYPES, SPEAKER_TYPES, etype, mention_key, mint
from kg.extract.context import ArticleContext, SentenceView, norm
from kg.model import Evidence, Fact, Mention, Statement

METHOD, VERSION = "kg.rules.statement", "1"

VERBS = (
    r"قال|قالت|اكد|اكدت|اعلن|اعلنت|اشار|اشارت|اوضح|اوضحت|صرح|صرحت|ذكر|ذكرت|افاد|افادت|لفت|لفتت|بينت|"
    r"شدد|شددت|اضاف|اضافت|اعتبر|اعتبرت|كشف|كشفت|نفى|نفت|نفي|اعرب|اعربت|تابع|تابعت|اكدا|نقلت|نقل|"
    r"اعلنا|اوردت|اورد|اكدوا|قالوا|حذر|حذرت|دعا|دعت|اعترف|اعترفت|"
    r"يقول|تقول|يقولون"
)
VERB = re.compile(rf"^(?:و|ف)?(?:{VERBS})$|^وبين$")
ACCORDING = re.compile(r"^(?:و|ف)?(?:بحسب|حسب|وفق|وفقا)$")
COMPLEMENTIZER = re.compile(r"^(?:ان|بان|انه|انها|انهم|بانه|بانها|انهما)$")
QUOTE = '"'
ROLE_HEAD = re.compile(
    r"^(?:ال)?(?:مصادر|محللون|محللين|خبراء|مراقبون|مستشار|نائب|وزير|رئيس|قائد|متحدث|ناطق|مدير|سفير|امين|عضو|مسؤول|مصدر|فريق|لواء|عميد|"
    r"جنرال|عقيد|ادميرال|محافظ|زعيم|قائم|مبعوث|ممثل)$"
)
DOCUMENT = re.compile(r"^(?:ال)?(?:بيان|تقرير|اعلان|رساله|وثيقه)$")
SAME_SOURCE = re.compile(r"(?:ال)?مصدر (?:نفسه|ذاته)")
BODY_HEAD = re.compile(
    r"^ال(?:سلطات|حكومه|وزاره|لجنه|قياده|جيش|رئاسه|مجلس|هيئه|برلمان|شرطه|قوات|سفاره|بعثه|منظمه|اداره|مكتب|"
    r"خارجيه|داخليه|مفوضيه|امم|وكاله|رئيس|دائره|محكمه|قوه|حشد|جهاز|فصائل|تحالف)$"
)
NOT_NAME = {"وجود", "اي", "عدم", "كل", "جميع", "بعض", "هذا", "هذه", "ذلك", "تلك", "قد", "لم", "لن", "لا", "ما", "كان",
            "كانت", "ان", "عن", "مع", "بعد", "قبل", "خلال", "ضد", "حول", "نحو", "منذ", "ايضا", "امس", "اليوم"}
RELATIVE = re.compile(r"^(?:التي|الذي|الذين|اللذين|ما|كما|حين|حيث|عندما|لما|مما)$")
PREPOSITION = re.compile(r"^(?:الي|علي|في|من|عن|ب|ل|مع)$")
SPEAKING = SPEAKER_TYPES
RANK = re.compile(r"^(?:ال)?(?:فريق|لواء|عميد|عقيد|جنرال|ادميرال|مقدم|رائد|نقيب|مشير)$")


def _trim_rank(role: str) -> str:
    """"نائب قائد العمليات المشتركة، الفريق أول الركن" → the title; a rank alone ("اللواء") is kept."""
    parts = [p.strip() for p in re.split(r"[،,]", role) if p.strip()]
    while len(parts) > 1 and RANK.match(norm(parts[-1]).split(" ")[0]):
        parts.pop()
    return "، ".join(parts) if len(parts) > 1 else parts[0] if parts else role


@dataclass
class _Memory:
    speaker: str | None = None
    role: str | None = None
    has_last: bool = False
    roles: dict[str, str] = field(default_factory=dict)  # normalized role -> speaker
    agency: str | None = None
    named: list[tuple[str, str]] = field(default_factory=list)  # (normalized label, key) of entities named so far


def _time_tokens(v: SentenceView) -> set[int]:
    out: set[int] = set()
    for tv in v.times:
        out.update(t.i for t in v.tokens if tv.start <= t.start < tv.end)
    return out


def _skip(v: SentenceView, k: int, hi: int, times: set[int]) -> int:
    """First token at or after ``k`` that is not a comma, a time expression or an adverb of time."""
    while k < hi and (v.tokens[k].text in ("،", ",", "(", ")") or k in times or v.tokens[k].text in ("يوم", "مساء", "صباح", "رسميا")):
        k += 1
    return k


def _mention_at(ctx: ArticleContext, v: SentenceView, k: int) -> Mention | None:
    for m in v.mentions:
        if v.token_at(m.start) == k and (etype(ctx.entities, m) in SPEAKING | AGENCY_TYPES or (m.entity is None and m.label in ("PER", "ORG"))):
            return m
    return None


def _subject(ctx: ArticleContext, v: SentenceView, s0: int, hi: int, mem: _Memory) -> tuple[str | None, str | None, int, list[str], bool] | None:
    """(speaker, role, first token after the subject, penalties, found) for a subject starting at ``s0``."""
    toks = v.tokens
    if s0 >= hi:
        return None
    m = _mention_at(ctx, v, s0)
    if m is not None and etype(ctx.entities, m) not in AGENCY_TYPES:
        end = v.token_at(m.end - 1) + 1
        surname = norm(m.text).strip()
        if m.entity is None or m.entity.startswith("x-"):
            head_word = surname.split(" ")[0]
            for label, key in reversed(mem.named):
                if key == m.entity:
                    continue
                # "وأضاف كاغينز": a surname alone refers to the person named in full earlier in the article
                if " " not in surname and label.endswith(" " + surname) and ctx.entities[key].type == "Person":
                    return key, None, end, ["anaphora"], True
                if head_word.startswith("ال") and label.split(" ")[0] == head_word and ctx.entities[key].source != "extracted":
                    return key, None, end, ["anaphora"], True  # "عن اللجنة" = the committee named before
        return mention_key(m, ctx.entities), None, end, ([] if m.entity else ["unlinked"]), True
    head = toks[s0].text
    if DOCUMENT.match(head) or SAME_SOURCE.match(" ".join(t.text for t in toks[s0 : s0 + 2])):
        stop = s0 + 1
        while stop < hi and stop - s0 < 3 and not (COMPLEMENTIZER.match(toks[stop].text) or toks[stop].text in ("،", ",", QUOTE)):
            stop += 1
        # "تقرير للأمم المتحدة": the body the document is of (never past «أن»: "البيان أن قوات التحالف …")
        for k in range(s0 + 1, min(hi, s0 + 3, stop)):
            mk = _mention_at(ctx, v, k)
            if mk is not None and etype(ctx.entities, mk) not in AGENCY_TYPES:
                return mention_key(mk, ctx.entities), None, v.token_at(mk.end - 1) + 1, [], True
        return mem.speaker, mem.role, stop, (["inherited_speaker"] if mem.has_last else []), True
    if ROLE_HEAD.match(head):
        # title chain up to a person's name, or a role with no name
        for k in range(s0 + 1, min(hi, s0 + 12)):
            mk = _mention_at(ctx, v, k)
            if mk is not None and (etype(ctx.entities, mk) == "Person" or (mk.entity is None and mk.label == "PER")):
                role = _trim_rank(ctx.quote(toks[s0].start, toks[k - 1].end).strip(" ،,"))
                return mention_key(mk, ctx.entities), role, v.token_at(mk.end - 1) + 1, [], True
            if COMPLEMENTIZER.match(toks[k].text) or toks[k].text in (QUOTE, ":"):
                break
        # "النائب عن تحالف الفتح، محمد البلداوي، إن": a name set off by commas after the title
        commas = [k for k in range(s0 + 1, min(hi, s0 + 10)) if toks[k].text in ("،", ",")]
        anonymous = not head.startswith("ال") and s0 + 1 < hi and re.search(r"(?:ي|يه)$", toks[s0 + 1].text)
        if len(commas) >= 2 and 2 <= commas[1] - commas[0] - 1 <= 4 and not anonymous:
            name_toks = toks[commas[0] + 1 : commas[1]]
            if not name_toks[0].text.startswith("ال") and not ROLE_HEAD.match(name_toks[0].text) and all(
                re.match(r"^[\u0621-\u064a]+$", x.text) for x in name_toks
            ) and not any(x.i in _time_tokens(v) for x in name_toks):
                name = ctx.quote(name_toks[0].start, name_toks[-1].end)
                role = ctx.quote(toks[s0].start, toks[commas[0] - 1].end)
                return mint(ctx.entities, name, "Person"), role, commas[1] + 1, ["unlinked"], True
        # "الناطق باسم الحكومة العراقية باسم العوادي في …": a name right after the body that ends the title
        for m2 in v.mentions if head.startswith("ال") or not re.match(r"^(?:مصدر|مصادر|مسؤول)$", head) else []:
            k2 = v.token_at(m2.start)
            if not (s0 < k2 < min(hi, s0 + 6)) or etype(ctx.entities, m2) not in SPEAKING:
                continue
            after_m = v.token_at(m2.end - 1) + 1
            name_toks = []
            for x in toks[after_m : min(hi, after_m + 3)]:
                if (x.text in ("،", ",", QUOTE, ":", "(") or COMPLEMENTIZER.match(x.text) or PREPOSITION.match(x.text)
                        or x.i in _time_tokens(v) or VERB.match(x.text) or not re.match(r"^[\u0621-\u064a]+$", x.text)):
                    break
                if not name_toks and (x.text.startswith("ال") or ROLE_HEAD.match(x.text)):
                    break
                if x.text in NOT_NAME:
                    name_toks = []
                    break
                name_toks.append(x)
            if len(name_toks) >= 2:
                name = ctx.quote(name_toks[0].start, name_toks[-1].end)
                role = ctx.quote(toks[s0].start, toks[after_m - 1].end)
                return mint(ctx.entities, name, "Person"), role, name_toks[-1].i + 1, ["unlinked"], True
            break
        stop = s0
        while stop < hi and stop - s0 < 5 and not (
            toks[stop].text in ("،", ",", QUOTE, ":") or COMPLEMENTIZER.match(toks[stop].text)
            or (stop > s0 and (PREPOSITION.match(toks[stop].text) or toks[stop].text.startswith("لل")))
        ):
            stop += 1
        role = ctx.quote(toks[s0].start, toks[stop - 1].end)
        rn = norm(role)
        for known, spk in mem.roles.items():
            if known.startswith(rn) or rn.startswith(known):
                return spk, role, stop, ["inherited_speaker"], True
        if head.startswith("ال") and mem.has_last:
            return mem.speaker, role, stop, ["inherited_speaker"], True
        return None, role, stop, [], True
    if BODY_HEAD.match(head):
        for label, key in reversed(mem.named):
            if label.split(" ")[0] == head:
                return key, None, s0 + 1, ["anaphora"], True
        stop = s0
        while stop < hi and stop - s0 < 3 and not (
            toks[stop].text in ("،", ",", QUOTE, ":", "(") or COMPLEMENTIZER.match(toks[stop].text) or VERB.match(toks[stop].text)
            or PREPOSITION.match(toks[stop].text) or stop in _time_tokens(v)
        ):
            stop += 1
        name = ctx.quote(toks[s0].start, toks[stop - 1].end)
        return mint(ctx.entities, name, "Organization"), None, stop, ["unlinked"], True
    return None


def _content(ctx: ArticleContext, v: SentenceView, k: int) -> tuple[int, int, bool] | None:
    """(start, end, quoted) of the reported content from token ``k`` on."""
    toks = v.tokens
    n = len(toks)
    k0 = k
    k = _skip(v, k, n, _time_tokens(v))
    if any(j in _time_tokens(v) for j in range(k0, k)) and not (COMPLEMENTIZER.match(toks[k].text) if k < n else True):
        # "نفت الوزارة، اليوم الاثنين، انسحاب …": the content follows the time expression
        return _span(ctx, v, k)
    # the content opens at "أن/إن/بأن" (also after "إلى/على"), a quotation mark or ":", or right after a
    # time expression ("أعلنت اللجنة … في العراق، يوم الأحد، إكمال …"); else right after the subject
    times = _time_tokens(v)
    inside_name = -1  # index of the closing mark of a quoted name being skipped ("قاعدة “عين الأسد”")
    for j in range(k, min(n, k + 14)):
        tj = toks[j].text
        if j <= inside_name:
            continue
        if COMPLEMENTIZER.match(tj) or tj == ":":
            k = j + 1
            break
        if tj == QUOTE:
            close = next((t for t in toks[j + 1 :] if t.text == QUOTE), None)
            if j - k <= 2 or close is None or close.i >= n - 2:  # a quotation that is the content, not a name
                k = j
                break
            inside_name = close.i
        if j in times and j + 1 < n and j + 1 not in times:
            k = _skip(v, j + 1, n, times)
            if k < n and COMPLEMENTIZER.match(toks[k].text):
                k += 1
            break
    if k < n and toks[k].text in ("الي", "علي") and k + 1 < n and toks[k + 1].text == QUOTE:
        k += 1
    return _span(ctx, v, k)


def _span(ctx: ArticleContext, v: SentenceView, k: int) -> tuple[int, int, bool] | None:
    """(start, end, quoted) of the content starting at token ``k`` and running to the sentence end."""
    toks = v.tokens
    n = len(toks)
    if k >= n:
        return None
    quoted = toks[k].text == QUOTE
    start = toks[k + 1].start if quoted and k + 1 < n else toks[k].start
    end = toks[-1].end
    while end > start and ctx.text[end - 1] in ".\" “”«»":
        end -= 1
    if quoted:
        close = next((t for t in toks[k + 1 :] if t.text == QUOTE), None)
        if close is not None and close.i >= n - 2:
            end = close.start
    return (start, end, quoted) if end > start else None


def extract(ctx: ArticleContext) -> list[Fact]:
    """Statement facts of one article."""
    facts: list[Fact] = []
    mem = _Memory()
    for v in ctx.views:
        toks = v.tokens
        n = len(toks)
        times = _time_tokens(v)
        for t in toks:
            tok = t.i
            is_verb = bool(VERB.match(t.text))
            is_acc = bool(ACCORDING.match(t.text))
            if not (is_verb or is_acc):
                continue
            if tok > 0 and RELATIVE.match(toks[tok - 1].text):
                continue
            if tok + 1 < n and toks[tok + 1].text in ("عنه", "عنها", "عنهم"):
                continue
            channel: str | None = None
            penalties: list[str] = []
            s0 = _skip(v, tok + 1, n, times)
            content_from: int | None = None
            content_to: int | None = None
            if is_acc and tok > 2 and toks[tok - 1].text in ("،", ","):
                content_from, content_to = 0, tok - 1  # trailing "…، وفق المصدر نفسه." / "…، بحسب وزارة X."
            elif t.text.lstrip("وف") in ("نقلت", "نقل"):
                an = next((x for x in toks[tok + 1 : tok + 18] if x.text == "عن"), None)
                if an is None:
                    continue
                ag = next((m for m in v.mentions if tok < v.token_at(m.start) < an.i), None)
                channel = mention_key(ag, ctx.entities) if ag else None
                s0 = an.i + 1
            subj = _subject(ctx, v, s0, n, mem)
            if subj is None or not subj[4]:
                left = [m for m in v.mentions if 0 < tok - v.token_at(m.end - 1) <= 3 and etype(ctx.entities, m) in SPEAKING]
                if left and not is_acc:
                    speaker, role, after, pen = mention_key(left[-1], ctx.entities), None, tok + 1, []
                elif (tok <= 1 or toks[tok - 1].text in ("،", ",")) and mem.has_last and not is_acc:
                    speaker, role, after, pen = mem.speaker, mem.role, tok + 1, ["inherited_speaker"]
                else:
                    continue
            else:
                speaker, role, after, pen, _found = subj
            penalties += pen
            if channel is None:
                if any(x.text == "للوكاله" for x in toks[after : min(n, after + 3)]):
                    channel = mem.agency  # "للوكالة": the agency named before
                else:
                    ag = next((m for m in v.mentions if after <= v.token_at(m.start) < after + 8
                               and etype(ctx.entities, m) in AGENCY_TYPES), None)
                    channel = ag.entity if ag else None
            if content_from is not None and content_to is not None:
                qs, qe, quoted = toks[content_from].start, toks[content_to - 1].end, False
                while qe > qs and ctx.text[qe - 1] in "،, \"“”":
                    qe -= 1
            else:
                c = _content(ctx, v, after)
                if c is None:
                    continue
                qs, qe, quoted = c
            bonuses = ["quote_marks"] if quoted else []
            if speaker and not speaker.startswith("x-") and "inherited_speaker" not in penalties:
                bonuses.append("linked_object")
            conf = confidence.score("statement", bonuses, penalties)
            s, e = min(t.start, qs), max(qe, t.end)
            date = next((tv for tv in v.times if t.start <= tv.start < qs), None)
            ev = Evidence(v.index, s, e, ctx.quote(s, e), METHOD, VERSION, conf)
            facts.append(Statement(evidence=ev, quote=ctx.quote(qs, qe), speaker=speaker, role=role,
                                   channel=channel, date=date))
            mem.speaker, mem.role, mem.has_last = speaker, role, True
            if speaker and speaker in ctx.entities:  # minted speakers can be referred back to by surname
                mem.named.append((norm(ctx.entities[speaker].label_ar), speaker))
            if speaker and role:
                mem.roles[norm(role)] = speaker
            break
        for m in v.mentions:
            if m.entity and m.entity in ctx.entities:
                if etype(ctx.entities, m) in AGENCY_TYPES:
                    mem.agency = m.entity
                mem.named.append((norm(ctx.entities[m.entity].label_ar), m.entity))
    return facts
