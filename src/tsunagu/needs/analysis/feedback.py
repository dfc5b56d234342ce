"""Learning from the secretariat: which yes/no question to ask next, and what answers imply.

The question is always "are these two needs the same need?", and both needs may be shown: they
are in a candidate group of at least ``min_persons`` persons (only such needs may be shown,
redacted, to the secretariat), or were shown in an earlier question. A need in no such group is
never asked about; it can be asked once a later grouping puts it in one.

Needs said to be the same form a core (a must-link component; a single need at first). Every
question has a group's *anchor* on one side: a core of two or more needs, or, in a candidate
group with no such core, the need most like the rest of the group. The pair asked is the
anchor and the other core most alike by mean similarity whose relation no answer settles yet
(Grouper.next_question):

- a single need against the group it most likely belongs to; after a "no", against the next
  group most alike (a "no" moves it on, it does not only split);
- two cores against each other: "are these two groups one?" (a "yes" joins them for good);
- never two single needs that are no group's anchor (a pair of lone needs is the least
  reliable similarity: most of the "no" answers of the former strategy, which asked any two
  cores most alike).

An answer is never asked twice, and neither is one the earlier answers imply (a must-link core
is one need; a cannot-link between two cores settles every pair across them). A single need
told "no" MAX_NO times is left alone (most likely a one-off).

While answers are coming in, grouping runs with a lower threshold (ANSWER_THRESHOLD): candidate
groups are generous, so more needs may be shown, and the answers split off what does not
belong. The final grouping (FINAL_THRESHOLD) keeps the confirmed cores and joins an unconfirmed
need only when it is clearly alike; groups below ``min_persons`` persons are dropped.

The answers also tune the weights of the four blocks of similarity (vectors.py) for the region:
once LEARN_MIN answers of each kind exist, the weights on a 0.1 grid that best rank the "yes"
pairs above the "no" pairs (AUC) are found, and half of them are blended with the default
weights (learn_weights). The answered pairs are the doubtful ones, not a fair sample, so the
learnt weights never take over alone.

What one question per need can reach is bounded by the similarity, not by the order of
questions: docs/needs-grouping.md ("Why one question per need does not reach 0.9").
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from tsunagu.needs.analysis.cluster import (
    THRESHOLD,
    ClusterItem,
    _persons,
    average_linkage,
    block_sums,
    label_groups,
)
from tsunagu.needs.analysis.vectors import BLOCKS, WEIGHTS, block_vectorizers

# Chosen on the tuning set and the public sets only (docs/needs-grouping.md). Before weights
# were learnt, 0.10 kept the tuning set's ARI after answers (0.607) and lifted the public
# sample from 0.913 to 0.952 and the paraphrased sets from 0.921 / 0.820 to 0.961 / 0.855;
# 0.15 was the first choice.
ANSWER_THRESHOLD = 0.10
# A need told "no" MAX_NO times is left alone (most likely a one-off). 3 since the topic
# blocks' mass floor (vectors.MASS_FLOOR): the tuning set after answers 0.607 -> 0.647
# (2 -> 3; 4 gave 0.615), the paraphrased set 0.976 -> 1.0, the public sample and the second
# paraphrased set unchanged (0.952, 0.904). Before the floor, 3 cost the tuning set. With the
# anchor questions (issue 22, third pass) 3 still: 1 / 2 gave 0.517 / 0.582 on the tuning set,
# 4 gave 0.602 (0.668 at 3).
MAX_NO = 3
# After answers, an unconfirmed need joins a confirmed group only when clearly alike. 0.25 to
# 0.45 give the same tuning-set ARI with the anchor questions; 0.25 costs paraphrased 0.005.
FINAL_THRESHOLD = 0.35
# Learning the block weights from answers: from LEARN_MIN answers of each kind, refitted every
# LEARN_EVERY answers in the simulation, half learnt and half default (LEARN_BLEND).
LEARN_MIN = 15
LEARN_EVERY = 10
LEARN_BLEND = 0.5
_GRID = [
    w
    for w in itertools.product([i / 10 for i in range(7)], repeat=len(BLOCKS))
    if abs(sum(w) - 1.0) < 1e-9
]


def learn_weights(yes: np.ndarray, no: np.ndarray) -> dict[str, float] | None:
    """Block weights learnt from the block cosines of answered pairs (rows: pairs, columns:
    BLOCKS), blended with the defaults; None while too few answers of either kind."""
    if len(yes) < LEARN_MIN or len(no) < LEARN_MIN:
        return None
    best: tuple[float, tuple[float, ...]] | None = None
    for w in _GRID:
        sy = yes @ np.array(w)
        sn = no @ np.array(w)
        auc = float((sy[:, None] > sn[None, :]).mean() + 0.5 * (sy[:, None] == sn[None, :]).mean())
        if best is None or auc > best[0]:
            best = (auc, w)
    assert best is not None
    total = sum(WEIGHTS.values())
    return {
        block: (1 - LEARN_BLEND) * WEIGHTS[block] / total + LEARN_BLEND * best[1][k]
        for k, block in enumerate(BLOCKS)
    }


def region_weights(items: Sequence[ClusterItem], answers: Answers) -> dict[str, float] | None:
    """The block weights the region's answers teach (learn_weights), or None."""
    if len(answers.yes) < LEARN_MIN or len(answers.no) < LEARN_MIN:
        return None
    index = {item.id: i for i, item in enumerate(items)}
    features = [item.features for item in items]
    vectorizers = block_vectorizers(features)

    def cosines(pairs: list[tuple[Hashable, Hashable]]) -> np.ndarray:
        rows = []
        for a, b in pairs:
            if a in index and b in index and a != b:
                fa, fb = features[index[a]], features[index[b]]
                row = []
                for block in BLOCKS:
                    va, vb = vectorizers[block].sparse(fa), vectorizers[block].sparse(fb)
                    row.append(sum(v * vb.get(c, 0.0) for c, v in va.items()))
                rows.append(row)
        return np.array(rows, dtype=np.float64).reshape(-1, len(BLOCKS))

    return learn_weights(cosines(answers.yes), cosines(answers.no))


@dataclass
class Answers:
    """Pairs of need ids said to be the same need (yes) or not (no)."""

    yes: list[tuple[Hashable, Hashable]] = field(default_factory=list)
    no: list[tuple[Hashable, Hashable]] = field(default_factory=list)

    def add(self, a: Hashable, b: Hashable, same: bool) -> None:
        (self.yes if same else self.no).append((a, b))

    def __len__(self) -> int:
        return len(self.yes) + len(self.no)


class Grouper:
    """Needs with their similarities computed once, regrouped after every answer.

    For the sizes the secretariat works on (a region's open needs); the n × n similarities
    take 20 n² bytes with the four blocks kept for re-weighting (2,000 needs: 80 MB). The page
    builds one per request: for 2,085 needs about 3 s to build and 1.2 s per next_question on
    the shared 2-core machine at load ≈ 10 (docs/needs-grouping.md)."""

    def __init__(
        self,
        items: Sequence[ClusterItem],
        *,
        min_persons: int = 3,
        answers: Answers | None = None,
    ) -> None:
        self.items = list(items)
        self.min_persons = max(1, min_persons)
        self.index = {item.id: i for i, item in enumerate(self.items)}
        features = [i.features for i in self.items]
        self.blocks = {}
        for block, vectorizer in block_vectorizers(features).items():
            # the block's own columns only: the others are zero in its vectors
            own = [c for (b, _key), c in vectorizer.columns.items() if b == block]
            x = vectorizer.matrix(features)[:, own]
            self.blocks[block] = x @ x.T
        self.weights: dict[str, float] | None = None
        self.sims = self._combine(None)
        if answers is not None:
            self.learn(answers)

    def _combine(self, weights: dict[str, float] | None) -> np.ndarray:
        w = weights or WEIGHTS
        total = sum(w.values()) or 1.0
        sims = sum(w[b] / total * self.blocks[b] for b in BLOCKS)
        return np.clip(sims, 0.0, 1.0).astype(np.float32)

    def learn(self, answers: Answers) -> None:
        """Re-weight the similarity from the answers so far (learn_weights)."""

        def cosines(pairs: list[tuple[Hashable, Hashable]]) -> np.ndarray:
            idx = self._pairs(pairs)
            return np.array(
                [[self.blocks[b][i, j] for b in BLOCKS] for i, j in idx], dtype=np.float64
            ).reshape(-1, len(BLOCKS))

        weights = learn_weights(cosines(answers.yes), cosines(answers.no))
        if weights is not None:
            self.weights = weights
            self.sims = self._combine(weights)

    def _pairs(self, pairs: Iterable[tuple[Hashable, Hashable]]) -> list[tuple[int, int]]:
        return [
            (self.index[a], self.index[b])
            for a, b in pairs
            if a in self.index and b in self.index and a != b
        ]

    def groups(self, answers: Answers, threshold: float | None = None) -> list[list[int]]:
        """Recurring groups (index lists) with at least min_persons persons."""
        tau = (ANSWER_THRESHOLD if len(answers) else THRESHOLD) if threshold is None else threshold
        found = average_linkage(self.sims, tau, self._pairs(answers.yes), self._pairs(answers.no))
        return [g for g in found if _persons(self.items, g) >= self.min_persons]

    def labels(
        self, answers: Answers, threshold: float | None = None
    ) -> dict[Hashable, str | None]:
        return label_groups(self.items, self.groups(answers, threshold))

    def next_question(
        self, answers: Answers, threshold: float | None = None
    ) -> tuple[Hashable, Hashable] | None:
        """The most useful pair to ask about, or None when nothing is left to ask.

        Needs said to be the same form cores (one need each, at first). Only needs that may be
        shown take part: those in a candidate group of at least min_persons persons now (at
        ANSWER_THRESHOLD), or shown in an earlier question. Every question has a group's
        anchor on one side: a core of two or more needs, or, in a candidate group holding no
        such core, its need most like the rest (anchors). The pair asked is the anchor and the
        other core most alike (mean similarity) whose relation no answer settles yet: a need
        against the group it most likely belongs to; after a "no", against the next one. Two
        single needs that are no group's anchor are never asked about each other. A single
        need told "no" MAX_NO times is left alone: most likely a one-off."""
        groups = self.groups(answers, threshold)
        shown = {i for g in groups for i in g}
        for a, b in self._pairs(answers.yes + answers.no):
            shown.update((a, b))
        core = _Cores(len(self.items), self._pairs(answers.yes), self._pairs(answers.no))
        noes: dict[int, int] = {}
        for a, b in self._pairs(answers.no):
            for r in (core.find(a), core.find(b)):
                noes[r] = noes.get(r, 0) + 1
        anchors = {core.find(i) for i in shown if len(core.members(i)) > 1}
        for g in groups:
            if not any(core.find(i) in anchors for i in g):
                inner = self.sims[np.ix_(g, g)].sum(axis=1)
                anchors.add(core.find(g[int(inner.argmax())]))
        roots = sorted({core.find(i) for i in shown})
        roots = [r for r in roots if noes.get(r, 0) < MAX_NO or len(core.members(r)) > 1]
        if len(roots) < 2:
            return None
        members = [[i for i in core.members(r) if i in shown] or core.members(r) for r in roots]
        size = np.array([len(m) for m in members], dtype=np.float64)
        score = block_sums(self.sims, members) / np.outer(size, size)
        anchor = np.array([r in anchors for r in roots])
        score[~(anchor[:, None] | anchor[None, :])] = -np.inf
        np.fill_diagonal(score, -np.inf)
        position = {r: k for k, r in enumerate(roots)}
        for pair in core.apart:
            x, y = (position.get(r) for r in pair)
            if x is not None and y is not None:
                score[x, y] = score[y, x] = -np.inf
        x, y = np.unravel_index(int(score.argmax()), score.shape)
        if not np.isfinite(score[x, y]):
            return None
        return self.items[members[x][0]].id, self.items[members[y][0]].id

    def groups_indices(self, answers: Answers, threshold: float | None = None) -> list[int]:
        return [i for g in self.groups(answers, threshold) for i in g]


class _Cores:
    """Must-link components (union-find) and the cannot-links between them."""

    def __init__(self, n: int, yes: list[tuple[int, int]], no: list[tuple[int, int]]) -> None:
        self.parent = list(range(n))
        for a, b in yes:
            ra, rb = self.find(a), self.find(b)
            if ra != rb:
                self.parent[max(ra, rb)] = min(ra, rb)
        self.apart = {frozenset((self.find(a), self.find(b))) for a, b in no}
        self._members: dict[int, list[int]] | None = None

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def known(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        return ra == rb or frozenset((ra, rb)) in self.apart

    def members(self, i: int) -> list[int]:
        if self._members is None:
            self._members = {}
            for j in range(len(self.parent)):
                self._members.setdefault(self.find(j), []).append(j)
        return self._members[self.find(i)]


def simulate(
    grouper: Grouper, truth: dict[Hashable, str], budget: int
) -> tuple[dict[Hashable, str | None], int]:
    """Ask up to ``budget`` questions the way the candidate page would, answering each from
    ``truth`` (same non-empty issue = yes); the final labels and the number asked."""
    answers = Answers()
    while len(answers) < budget:
        if len(answers) and len(answers) % LEARN_EVERY == 0:
            grouper.learn(answers)
        pair = grouper.next_question(answers)
        if pair is None:
            break
        a, b = pair
        answers.add(a, b, bool(truth.get(a)) and truth.get(a) == truth.get(b))
    return grouper.labels(answers, FINAL_THRESHOLD if len(answers) else None), len(answers)
