"""Learning from the secretariat: which yes/no question to ask next, and what answers imply.

The question is always "are these two needs the same need?", and both needs are already in a
candidate group of at least ``min_persons`` persons (only such needs may be shown, redacted, to
the secretariat). Two kinds, most useful first:

- *Does this need belong?* a member of a group against the group's anchor (the member of its
  largest confirmed core, else the member most like the rest). The member least like the anchor
  is asked first: it is the one most likely to be misplaced. Yes = must-link, no = cannot-link,
  and the next grouping moves it out (to another group, or alone).
- *Are these two groups one?* the anchors of the two groups most alike, when their mean
  similarity beats the doubt about any single member. Yes joins them for good.

An answer is never asked twice, and neither is one the earlier answers imply (a must-link core
is one need; a cannot-link between two cores settles every pair across them).

While answers are coming in, grouping runs with a lower threshold (ANSWER_THRESHOLD): candidate
groups are generous, and the answers split off what does not belong; needs nobody can be asked
about never join a group.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from tsunagu.needs.analysis.cluster import (
    THRESHOLD,
    ClusterItem,
    _persons,
    average_linkage,
    label_groups,
)
from tsunagu.needs.analysis.vectors import Vectorizer

ANSWER_THRESHOLD = 0.15
MAX_NO = 2
# After answers, an unconfirmed need joins a confirmed group only when clearly alike.
FINAL_THRESHOLD = 0.35
BIGGER_CORE = 0.02


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
    take 4 n² bytes (5,000 needs: 100 MB)."""

    def __init__(self, items: Sequence[ClusterItem], *, min_persons: int = 3) -> None:
        self.items = list(items)
        self.min_persons = max(1, min_persons)
        self.index = {item.id: i for i, item in enumerate(self.items)}
        x = Vectorizer.fit([i.features for i in self.items]).matrix(i.features for i in self.items)
        self.sims = np.clip(x @ x.T, 0.0, 1.0)

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

        Needs said to be the same form cores (one need each, at first). The pair asked is the
        two cores most alike whose relation no answer settles yet, among needs that may be
        shown: in a candidate group now, or shown before. A core that was told "no"
        MAX_NO times is left alone: most likely a one-off."""
        shown = set(self.groups_indices(answers, threshold))
        for a, b in self._pairs(answers.yes + answers.no):
            shown.update((a, b))
        core = _Cores(len(self.items), self._pairs(answers.yes), self._pairs(answers.no))
        noes: dict[int, int] = {}
        for a, b in self._pairs(answers.no):
            for r in (core.find(a), core.find(b)):
                noes[r] = noes.get(r, 0) + 1
        roots = sorted({core.find(i) for i in shown})
        roots = [r for r in roots if noes.get(r, 0) < MAX_NO or len(core.members(r)) > 1]
        if len(roots) < 2:
            return None
        members = [[i for i in core.members(r) if i in shown] or core.members(r) for r in roots]
        onehot = np.zeros((len(self.items), len(roots)), dtype=np.float32)
        for k, m in enumerate(members):
            onehot[m, k] = 1.0 / len(m)
        mean = onehot.T @ self.sims @ onehot
        size = np.array([len(core.members(r)) for r in roots], dtype=np.float32)
        score = mean + BIGGER_CORE * np.minimum(np.add.outer(size, size) - 2, 4)
        np.fill_diagonal(score, -np.inf)
        for x, r in enumerate(roots):
            for y in range(x + 1, len(roots)):
                if frozenset((r, roots[y])) in core.apart:
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
        pair = grouper.next_question(answers)
        if pair is None:
            break
        a, b = pair
        answers.add(a, b, bool(truth.get(a)) and truth.get(a) == truth.get(b))
    return grouper.labels(answers, FINAL_THRESHOLD if len(answers) else None), len(answers)
