"""Merge the mentions of several recognizers into one sorted, non-overlapping list.

Policy (each recognizer keeps its own id and version on the mentions it contributes):

1. **Rank.** A mention's rank is the position of its recognizer in ``priority`` (earlier = stronger;
   recognizers not listed rank after all listed ones, in argument order). Within a rank, a mention linked
   to a gazetteer entity (``entity`` set) beats an unlinked one, then the longer span, then the higher
   confidence, then the earlier start.
2. **Exact match** (same start and end): the best-ranked mention wins, *including its type* — e.g. a
   gazetteer-linked rule span overrides Stanza's type on a conflict.
3. **Partial overlap or nesting**: mentions are taken greedily in rank order and a mention that overlaps
   one already kept is dropped. So the higher-priority recognizer's span wins whether it is longer or
   shorter, with one exception: a lower-priority span that strictly contains a higher-priority span **of
   the same type** replaces it when the stronger span is not linked (Stanza's ``قاعدة عين الأسد الجوية``
   over a rule's bare ``عين الأسد``, both FAC) — a longer same-type span is the better boundary, and a
   linked span is never replaced.
4. **Gaps**: a mention that overlaps nothing kept is added (Stanza fills what the rules do not know).

Only the labels in ``labels`` (default: all) are merged; the output is sorted by (start, end).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from kg.model import Mention

DEFAULT_PRIORITY: tuple[str, ...] = ("kg.ner.rules", "kg.ner.stanza")


def merge_mentions(*mention_lists: list[Mention], priority: Sequence[str] = DEFAULT_PRIORITY,
                   labels: Collection[str] | None = None) -> list[Mention]:
    """One non-overlapping list from several recognizers' mentions, by the policy in the module doc."""
    order = {name: i for i, name in enumerate(priority)}
    extra: dict[str, int] = {}
    pool: list[Mention] = []
    for mentions in mention_lists:
        for m in mentions:
            if m.end <= m.start or (labels is not None and m.label not in labels):
                continue
            if m.recognizer not in order and m.recognizer not in extra:
                extra[m.recognizer] = len(priority) + len(extra)
            pool.append(m)

    def rank(m: Mention) -> tuple[int, int, int, float, int]:
        r = order.get(m.recognizer, extra.get(m.recognizer, len(priority)))
        return (r, 0 if m.entity else 1, -(m.end - m.start), -m.confidence, m.start)

    kept: list[Mention] = []
    for m in sorted(pool, key=rank):
        clash = [k for k in kept if k.start < m.end and m.start < k.end]
        if not clash:
            kept.append(m)
            continue
        if all(_may_replace(m, k) for k in clash):
            kept = [k for k in kept if k not in clash]
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end, m.label))


def _may_replace(weaker: Mention, stronger: Mention) -> bool:
    """Rule 3's exception: a strictly longer same-type span may replace an unlinked one it contains."""
    contains = weaker.start <= stronger.start and stronger.end <= weaker.end
    longer = (weaker.end - weaker.start) > (stronger.end - stronger.start)
    return contains and longer and weaker.label == stronger.label and stronger.entity is None
