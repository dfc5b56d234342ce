"""Grouping needs of different persons that are about the same thing: candidate 地域課題.

How (linear in the number of needs, so 300,000 needs take seconds, never O(n²)):

1. Each need goes to the 課題分類 that most of its thesaurus weight points to (its theme).
2. Two themes merge when they routinely speak in each other's terms (MERGE_SHARE): 親亡き後
   and 住まい are one issue when the 親亡き後 needs are about where to live and the 住まい needs
   about after the parents. One-sided overlap (移動 needs mention 通院, 医療 needs do not
   mention transport) does not merge.
3. A theme becomes a group only when it *recurs*: at least ``min_persons`` distinct persons have
   needs in it that share one specific topic (five persons who each mention a different medical
   matter — a dentist, alcohol, a certificate — are five one-off needs, not an issue). The
   theme's other needs join the group: they are the same wall worded differently.
4. A need whose theme did not recur joins the group of its second theme when that is nearly as
   strong (SECOND_CHOICE of the first).
5. Needs the thesaurus cannot place, and "その他" themes, group by a shared specific topic or,
   failing that, by a shared word, again only with ``min_persons`` persons.

Persons are counted, not statements: one person's five needs are one voice. A need without a
person (anonymous consultation) may join a group but does not count. Municipality is carried
for the caller and not used to split: community issues of a 圏域 cross municipal borders.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from tsunagu.needs.analysis import thesaurus
from tsunagu.needs.analysis.features import MIN_MASS, Features, category_masses, topics

# Two themes merge when, of all their weight together, this share lies in each other's
# category, and each side has at least MERGE_EACH of its own weight in the other's. Chosen from
# the gap seen on three evaluation sets (the related pair scored 0.25-0.26, every other pair
# at most 0.16).
MERGE_SHARE = 0.2
MERGE_EACH = 0.05
SECOND_CHOICE = 0.6
OTHER = "other"
# A word shared by more than this share of the leftover needs says nothing specific.
_MAX_WORD_SHARE = 0.3


@dataclass(frozen=True)
class ClusterItem:
    """One need to group. ``person`` None = anonymous (joins, does not count)."""

    id: Hashable
    person: Hashable | None
    municipality: str | None
    features: Features


@dataclass
class _Group:
    category: str
    members: list[int]

    def persons(self, items: Sequence[ClusterItem]) -> set[Hashable]:
        return {items[i].person for i in self.members if items[i].person is not None}


def _ranked(masses: dict[str, float]) -> list[tuple[str, float]]:
    order = _CATEGORY_ORDER
    return sorted(masses.items(), key=lambda item: (-item[1], order[item[0]]))


_CATEGORY_ORDER = {code: i for i, code in enumerate(thesaurus.CATEGORY_CODES)}


def _primary_topics(categories: set[str]) -> frozenset[str]:
    """Topics whose main category is one of ``categories``: the specific themes."""
    return frozenset(key for key, topic in topics().items() if topic.categories[0][0] in categories)


def cluster(
    items: Sequence[ClusterItem],
    *,
    min_persons: int = 3,
    joiners: Sequence[ClusterItem] = (),
) -> dict[Hashable, str | None]:
    """id -> group label ("mobility-1") or None for needs in no recurring group. Ids must be
    unique (across ``items`` and ``joiners``).

    ``joiners`` (地域の声: needs noticed with no person) are placed by the same rules — their
    theme, the theme's merge, the second choice, the leftover group of their topic or word — but
    never shape the groups: the groups, their labels and the persons counted are what ``items``
    alone give, whatever joiners are passed.

    Labels are the category code of the group's theme and a number within it (1 for the
    theme's group, then by size for "other" groups), so the same data give the same labels."""
    min_persons = max(1, min_persons)
    masses = [category_masses(item.features) for item in items]
    ranked = [_ranked(m) for m in masses]

    # 1. themes
    themes: dict[str, _Group] = {}
    leftover: list[int] = []
    for i, ranking in enumerate(ranked):
        if not ranking or sum(masses[i].values()) < MIN_MASS or ranking[0][0] == OTHER:
            leftover.append(i)
        else:
            code = ranking[0][0]
            themes.setdefault(code, _Group(code, [])).members.append(i)

    # 2. themes that speak in each other's terms are one
    merged_into = _merge(themes, masses)

    # 3. only recurring themes become groups
    groups: dict[str, _Group] = {}
    unplaced: list[int] = []
    for code in sorted(themes, key=_CATEGORY_ORDER.__getitem__):
        group = themes[code]
        categories = {code} | {old for old, new in merged_into.items() if new == code}
        if _recurs(items, group.members, _primary_topics(categories), min_persons):
            groups[code] = group
        else:
            unplaced.extend(group.members)

    # 4. second choice for needs of themes that did not recur
    for i in sorted(unplaced):
        target = _second_choice(ranked[i], groups, merged_into)
        if target is None:
            leftover.append(i)
        else:
            groups[target].members.append(i)

    labels: dict[Hashable, str | None] = {item.id: None for item in items}
    for code, group in groups.items():
        if len(group.persons(items)) >= min_persons:
            for i in group.members:
                labels[items[i].id] = f"{code}-1"
    themed = {code for code, group in groups.items() if f"{code}-1" in set(labels.values())}

    # 5. the rest: a shared specific topic, else a shared word
    by_key: dict[tuple[str, str], str] = {}
    for number, (key, members) in enumerate(
        _leftover_groups(items, leftover, min_persons), start=1
    ):
        by_key[key] = f"{OTHER}-{number}"
        for i in members:
            labels[items[i].id] = f"{OTHER}-{number}"
    for joiner in joiners:
        labels[joiner.id] = _join(joiner, themed, merged_into, by_key)
    return labels


def _join(
    item: ClusterItem,
    themed: set[str],
    merged_into: dict[str, str],
    by_key: dict[tuple[str, str], str],
) -> str | None:
    """The label a joiner takes: the steps of ``cluster`` in order, against the groups fixed."""
    masses = category_masses(item.features)
    ranking = _ranked(masses)
    if ranking and sum(masses.values()) >= MIN_MASS and ranking[0][0] != OTHER:
        code = merged_into.get(ranking[0][0], ranking[0][0])
        if code in themed:
            return f"{code}-1"
        target = _second_choice(ranking, {c: _Group(c, []) for c in themed}, merged_into)
        if target is not None:
            return f"{target}-1"
    concepts = item.features.concepts
    if concepts:
        key = max(concepts, key=lambda k: (concepts[k], -_topic_order()[k]))
        if ("topic", key) in by_key:
            return by_key[("topic", key)]
    words = [w for w in item.features.lemmas if ("word", w) in by_key]
    if words:
        return by_key[("word", max(words))]
    return None


def _second_choice(
    ranking: list[tuple[str, float]], groups: dict[str, _Group], merged_into: dict[str, str]
) -> str | None:
    """The group of a need's next theme, if that theme is nearly as strong as its first."""
    if len(ranking) < 2:
        return None
    first = ranking[0][1]
    for code, mass in ranking[1:]:
        if mass < SECOND_CHOICE * first:
            return None
        target = merged_into.get(code, code)
        if code != OTHER and target in groups:
            return target
    return None


def _recurs(
    items: Sequence[ClusterItem], members: list[int], specific: frozenset[str], min_persons: int
) -> bool:
    """Whether ``min_persons`` distinct persons share one specific topic of the theme."""
    persons: dict[str, set[Hashable]] = defaultdict(set)
    for i in members:
        person = items[i].person
        if person is None:
            continue
        for key in items[i].features.concepts:
            if key in specific:
                persons[key].add(person)
    return any(len(p) >= min_persons for p in persons.values())


def _merge(groups: dict[str, _Group], masses: list[dict[str, float]]) -> dict[str, str]:
    """Merge themes whose weight is mutually in each other's category (in place).

    Returns old code -> surviving code; the theme with more needs keeps its code."""
    totals: dict[str, Counter[str]] = {}
    for code, group in groups.items():
        totals[code] = Counter()
        for i in group.members:
            totals[code].update(masses[i])
    whole = {code: sum(total.values()) or 1.0 for code, total in totals.items()}
    parent = {code: code for code in groups}

    def find(code: str) -> str:
        while parent[code] != code:
            code = parent[code]
        return code

    codes = sorted(groups, key=_CATEGORY_ORDER.__getitem__)
    for x, a in enumerate(codes):
        for b in codes[x + 1 :]:
            a_in_b, b_in_a = totals[a][b], totals[b][a]
            if (a_in_b + b_in_a) / (whole[a] + whole[b]) < MERGE_SHARE:
                continue
            if min(a_in_b / whole[a], b_in_a / whole[b]) < MERGE_EACH:
                continue
            ra, rb = find(a), find(b)
            if ra != rb:
                big, small = sorted(
                    (ra, rb), key=lambda c: (-len(groups[c].members), _CATEGORY_ORDER[c])
                )
                parent[small] = big
    moved: dict[str, str] = {}
    for code in codes:
        root = find(code)
        if root != code:
            moved[code] = root
    for code, root in moved.items():
        groups[root].members.extend(groups.pop(code).members)
    return moved


def _leftover_groups(
    items: Sequence[ClusterItem], leftover: list[int], min_persons: int
) -> list[tuple[tuple[str, str], list[int]]]:
    """Groups among needs no theme took: by dominant topic, then by a shared content word.
    Each with its key: ("topic", topic key) or ("word", lemma)."""
    out: list[tuple[tuple[str, str], list[int]]] = []
    by_topic: dict[str, list[int]] = defaultdict(list)
    rest: list[int] = []
    for i in leftover:
        concepts = items[i].features.concepts
        if concepts:
            key = max(concepts, key=lambda k: (concepts[k], -_topic_order()[k]))
            by_topic[key].append(i)
        else:
            rest.append(i)
    for key in sorted(by_topic, key=_topic_order().__getitem__):
        members = by_topic[key]
        if _persons(items, members) >= min_persons:
            out.append((("topic", key), members))
        else:
            rest.extend(members)
    out.extend(_word_groups(items, rest, min_persons))
    out.sort(key=lambda kv: (-len(kv[1]), min(str(items[i].id) for i in kv[1])))
    return out


def _word_groups(
    items: Sequence[ClusterItem], rest: list[int], min_persons: int
) -> list[tuple[tuple[str, str], list[int]]]:
    """Group by the word shared by the most persons (each need joins its best word once)."""
    if not rest:
        return []
    persons_by_word: dict[str, set[Hashable]] = defaultdict(set)
    for i in rest:
        person = items[i].person
        for lemma in items[i].features.lemmas:
            persons_by_word[lemma].add(person if person is not None else ("anon", i))
    limit = max(min_persons, int(_MAX_WORD_SHARE * len(rest)))
    useful = {w: len(p) for w, p in persons_by_word.items() if min_persons <= len(p) <= limit}
    by_word: dict[str, list[int]] = defaultdict(list)
    for i in sorted(rest):
        words = [w for w in items[i].features.lemmas if w in useful]
        if words:
            best = max(words, key=lambda w: (useful[w], w))
            by_word[best].append(i)
    return [
        (("word", w), m) for w, m in sorted(by_word.items()) if _persons(items, m) >= min_persons
    ]


def _persons(items: Sequence[ClusterItem], members: Iterable[int]) -> int:
    return len({items[i].person for i in members if items[i].person is not None})


@cache
def _topic_order() -> dict[str, int]:
    return {k: i for i, k in enumerate(topics())}


def cluster_keywords(features: Sequence[Features], limit: int = 5) -> list[str]:
    """Words that characterise a group: its most shared thesaurus topics, then its most shared
    words. Never proper nouns (analyze leaves them out of lemmas)."""
    table = topics()
    topic_counts: Counter[str] = Counter()
    word_counts: Counter[str] = Counter()
    for f in features:
        topic_counts.update(k for k in f.concepts if k in table)
        word_counts.update(f.lemmas)
    order = {k: i for i, k in enumerate(table)}
    keywords: list[str] = []
    for key, count in sorted(topic_counts.items(), key=lambda kv: (-kv[1], order[kv[0]])):
        if count * 4 < len(features) and keywords:
            break  # a topic a quarter of the group mentions does not characterise it
        keywords.append(table[key].keyword)
    for word, count in sorted(word_counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(keywords) >= limit or count < 2:
            break
        if word not in keywords:
            keywords.append(word)
    return keywords[:limit]
