"""Grouping needs of different persons that are about the same thing: candidate 地域課題.

How: needs are compared by similarity (vectors.py: thesaurus topics, words and the reading
together) and grouped by average linkage: two groups join while the mean similarity between
their needs is at least THRESHOLD. So a group is needs that are alike, not a thesaurus topic:
two needs of one topic stay apart when their words differ, needs in no topic can form a group,
and a one-off that shares a word with a recurring need stays alone (one shared word does not
lift the mean of a whole group).

The secretariat's answers constrain it: needs said to be the same (must-link) start in one
group, needs said to differ (cannot-link) never end in one, however the data change.

Scale: average linkage needs every pair (n² memory), so above SAMPLE needs it runs on a sample
and every other need joins the group whose mean similarity to it is highest, if that is at
least THRESHOLD (the very rule of average linkage); needs no group took are sampled again, a
few rounds. Constrained needs are always in the sample. Memory stays O(SAMPLE² + n · columns
of one batch); 300,000 needs group in well under a minute (docs/benchmarks.md).

Persons are counted, not statements: a group needs ``min_persons`` distinct persons. A need
without a person (anonymous consultation) may join a group but does not count. Municipality is
carried for the caller and not used to split: community issues of a 圏域 cross municipal borders.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from tsunagu.needs.analysis import thesaurus
from tsunagu.needs.analysis.features import Features, category_masses, topics
from tsunagu.needs.analysis.vectors import Vectorizer

# Mean similarity at which two groups join. Chosen on tests/needs/data/eval_tune.csv and the
# public sample only (docs/benchmarks.md); the sealed sets were never scored while choosing.
THRESHOLD = 0.25
SAMPLE = 2_000
ROUNDS = 3
_BATCH = 4_000
OTHER = "other"


@dataclass(frozen=True)
class ClusterItem:
    """One need to group. ``person`` None = anonymous (joins, does not count)."""

    id: Hashable
    person: Hashable | None
    municipality: str | None
    features: Features


_CATEGORY_ORDER = {code: i for i, code in enumerate(thesaurus.CATEGORY_CODES)}


def cluster(
    items: Sequence[ClusterItem],
    *,
    min_persons: int = 3,
    must_link: Iterable[tuple[Hashable, Hashable]] = (),
    cannot_link: Iterable[tuple[Hashable, Hashable]] = (),
    threshold: float | None = None,
    seed: int = 0,
    weights: dict[str, float] | None = None,
) -> dict[Hashable, str | None]:
    """id -> group label ("mobility-2") or None for needs in no recurring group. Ids must be
    unique; constraint pairs naming unknown ids are ignored. ``weights`` replace the block
    weights of vectors.WEIGHTS (the region's, learnt from its answers: feedback.learn_weights).

    Labels are the category most of the group's thesaurus weight points to (or "other") and a
    number within it by size, so the same data give the same labels."""
    min_persons = max(1, min_persons)
    tau = THRESHOLD if threshold is None else threshold
    labels: dict[Hashable, str | None] = {item.id: None for item in items}
    if not items:
        return labels
    index = {item.id: i for i, item in enumerate(items)}
    must = [(index[a], index[b]) for a, b in must_link if a in index and b in index and a != b]
    cannot = [(index[a], index[b]) for a, b in cannot_link if a in index and b in index]
    groups = _groups([item.features for item in items], tau, must, cannot, seed, weights)
    return label_groups(items, [g for g in groups if _persons(items, g) >= min_persons])


def label_groups(
    items: Sequence[ClusterItem], groups: Iterable[list[int]]
) -> dict[Hashable, str | None]:
    """id -> "code-number" for the needs in ``groups`` (index lists), None for the rest."""
    labels: dict[Hashable, str | None] = {item.id: None for item in items}
    numbered: dict[str, int] = defaultdict(int)
    ranked = sorted(
        groups, key=lambda g: (-_persons(items, g), -len(g), min(str(items[i].id) for i in g))
    )
    for members in ranked:
        code = _dominant_category([items[i].features for i in members])
        numbered[code] += 1
        for i in members:
            labels[items[i].id] = f"{code}-{numbered[code]}"
    return labels


def _dominant_category(features: Sequence[Features]) -> str:
    total: Counter[str] = Counter()
    for f in features:
        total.update(category_masses(f))
    if not total:
        return OTHER
    return min(total, key=lambda code: (-total[code], _CATEGORY_ORDER[code]))


def _groups(
    features: Sequence[Features],
    tau: float,
    must: list[tuple[int, int]],
    cannot: list[tuple[int, int]],
    seed: int,
    weights: dict[str, float] | None = None,
) -> list[list[int]]:
    """Groups of indices (every need in exactly one; singletons included)."""
    n = len(features)
    vectorizer = Vectorizer.fit(features, weights)
    if n <= SAMPLE:
        x = vectorizer.matrix(features)
        return average_linkage(x @ x.T, tau, must, cannot)
    rng = random.Random(seed)  # noqa: S311 — a reproducible sample, not a secret
    constrained = sorted({i for pair in must + cannot for i in pair})
    pending = [i for i in range(n) if i not in set(constrained)]
    groups: list[list[int]] = []
    for round_ in range(ROUNDS):
        take = max(0, SAMPLE - (len(constrained) if round_ == 0 else 0))
        sample = rng.sample(pending, min(take, len(pending)))
        if round_ == 0:
            sample = constrained + sample
        position = {i: k for k, i in enumerate(sample)}
        local = vectorizer.restricted([features[i] for i in sample])
        x = local.matrix(features[i] for i in sample)
        local_must = [
            (position[a], position[b]) for a, b in must if a in position and b in position
        ]
        local_cannot = [
            (position[a], position[b]) for a, b in cannot if a in position and b in position
        ]
        found = average_linkage(x @ x.T, tau, local_must, local_cannot)
        multi = [[sample[k] for k in g] for g in found if len(g) > 1]
        taken = set(sample)
        rest = [i for i in pending if i not in taken]
        if multi:
            centroids = np.stack([x[[position[i] for i in g]].mean(axis=0) for g in multi])
            joined: list[list[int]] = [[] for _ in multi]
            left = []
            for start in range(0, len(rest), _BATCH):
                batch = rest[start : start + _BATCH]
                sims = local.matrix(features[i] for i in batch) @ centroids.T
                best = sims.argmax(axis=1)
                for i, b, s in zip(batch, best, sims[np.arange(len(batch)), best], strict=True):
                    if s >= tau:
                        joined[b].append(i)
                    else:
                        left.append(i)
            for g, extra in zip(multi, joined, strict=True):
                groups.append(g + extra)
            rest = left
        groups.extend([sample[k] for k in g] for g in found if len(g) == 1)
        pending = rest
        if not pending:
            break
    groups.extend([i] for i in pending)
    return groups


def average_linkage(
    sims: np.ndarray,
    tau: float,
    must: Sequence[tuple[int, int]] = (),
    cannot: Sequence[tuple[int, int]] = (),
) -> list[list[int]]:
    """Agglomerative grouping of ``sims`` (n × n) by mean similarity, stopping below ``tau``.

    Must-link pairs start in one group; groups with a cannot-link pair between them never
    join. O(n²) memory, about O(n²) time in practice (row maxima are kept up to date)."""
    n = sims.shape[0]
    if n == 0:
        return []
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in must:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = sorted({find(i) for i in range(n)})
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        members[find(i)].append(i)
    k = len(roots)
    slot = {r: s for s, r in enumerate(roots)}
    groups = [members[r] for r in roots]
    total = block_sums(sims, groups)
    size = np.array([len(g) for g in groups], dtype=np.float64)
    forbid = np.zeros((k, k), dtype=bool)
    for a, b in cannot:
        sa, sb = slot[find(a)], slot[find(b)]
        forbid[sa, sb] = forbid[sb, sa] = True
    alive = np.ones(k, dtype=bool)
    mean = total / np.outer(size, size)
    mean[forbid] = -np.inf
    np.fill_diagonal(mean, -np.inf)
    row_best = mean.argmax(axis=1)
    row_max = mean[np.arange(k), row_best]
    while True:
        a = int(row_max.argmax())
        if not np.isfinite(row_max[a]) or row_max[a] < tau:
            break
        b = int(row_best[a])
        a, b = min(a, b), max(a, b)
        groups[a].extend(groups[b])
        groups[b] = []
        total[a, :] += total[b, :]
        total[:, a] = total[a, :]
        total[a, a] += total[b, b]  # within-group sum, unused but kept consistent
        size[a] += size[b]
        forbid[a, :] |= forbid[b, :]
        forbid[:, a] = forbid[a, :]
        alive[b] = False
        mean[b, :] = -np.inf
        mean[:, b] = -np.inf
        row_max[b] = -np.inf
        new = total[a, :] / (size[a] * size)
        new[~alive | forbid[a, :]] = -np.inf
        new[a] = -np.inf
        mean[a, :] = new
        mean[:, a] = new
        # rows whose best was a or b must look again; others may now prefer a
        stale = alive & ((row_best == a) | (row_best == b))
        stale[a] = True
        for r in np.flatnonzero(stale):
            row_best[r] = int(mean[r].argmax())
            row_max[r] = mean[r, row_best[r]]
        better = alive & (new > row_max)
        row_best[better] = a
        row_max[better] = new[better]
    return [sorted(g) for g in groups if g]


def block_sums(sims: np.ndarray, groups: Sequence[Sequence[int]]) -> np.ndarray:
    """k × k sums of ``sims`` over every pair of the k groups (index lists; each index in at
    most one group). O(n²) whatever k: rows, then columns, added up group by group (a one-hot
    matrix product would cost n² k)."""
    order = [i for g in groups for i in g]
    starts = np.cumsum([0] + [len(g) for g in groups[:-1]])
    rows = np.add.reduceat(sims[order].astype(np.float64), starts, axis=0)
    return np.add.reduceat(rows[:, order], starts, axis=1)


def _persons(items: Sequence[ClusterItem], members: Iterable[int]) -> int:
    return len({items[i].person for i in members if items[i].person is not None})


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


def join_groups(
    items: Sequence[ClusterItem],
    labels: dict[Hashable, str | None],
    joiners: Sequence[ClusterItem],
    *,
    threshold: float | None = None,
    weights: dict[str, float] | None = None,
) -> dict[Hashable, str | None]:
    """joiner id -> the label of the group ``cluster`` gave ``items`` that it joins, or None.

    Joiners (地域の声: needs noticed with no person) are placed by the very rule of the
    grouping — the group whose mean similarity to the joiner is highest, if at least the
    threshold — in the space fitted on ``items`` alone, so they never shape the groups: the
    groups, their labels and the persons counted are what the needs alone give."""
    out: dict[Hashable, str | None] = {joiner.id: None for joiner in joiners}
    members: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        label = labels.get(item.id)
        if label:
            members[label].append(i)
    if not joiners or not members:
        return out
    tau = THRESHOLD if threshold is None else threshold
    vectorizer = Vectorizer.fit([item.features for item in items], weights)
    names = sorted(members)
    # the mean similarity to a group's needs is the similarity to their mean vector
    centroids = np.stack(
        [vectorizer.matrix(items[i].features for i in members[name]).mean(axis=0) for name in names]
    )
    sims = vectorizer.matrix(joiner.features for joiner in joiners) @ centroids.T
    best = sims.argmax(axis=1)
    for row, (joiner, b) in enumerate(zip(joiners, best, strict=True)):
        if sims[row, b] >= tau:
            out[joiner.id] = names[b]
    return out
