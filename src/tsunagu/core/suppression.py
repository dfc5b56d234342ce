"""Small-count suppression (秘匿): the one module every page, export and document that shows
counts to someone who may not see personal data goes through.

A caller describes what it publishes as a set of numbers (``values``: key -> count; cells and
margins alike) and the arithmetic a reader knows about them (``sums``: each a published total
and the keys that add up to it — rows, columns, the grand total, or any other margin the page
shows, such as 連絡済 = 無事 + 要支援). :func:`protect` returns the keys to show as ＊.

What a reader is assumed to know: every rule here, that a ＊ is at least 1 (zeros are shown),
and every sum the caller declares. Two readers attack the result (:func:`recoverable`):

- the exact reader solves all the published sums together over the integers (＊ ≥ 1) and
  learns every ＊ that has only one possible value — what the table really gives away;
- the pessimistic reader takes each sum with a visible total on its own and holds each of
  its ＊ parts to be a primary suppression (1..threshold): two ＊ of a sum adding up to 2, or
  to 4 with threshold 2, would be read as 1 and 1, or 2 and 2.

1. Primary: a count of 1..threshold is hidden (margins included).
2. Complementary: no published sum may have exactly one ＊ among its non-zero members, nor
   ＊ parts that add up to all-1s or all-threshold under a visible total; the smallest visible
   non-zero part (else the total) is hidden with it, until stable.
3. Audit: the readers run on the result; while they learn a value, one more ＊ is added —
   the cheapest visible member of a sum around it (inner cells before margins, the grand
   total last, smallest first) — and they run again.

How the exact reader solves: a table with its margins is a network (each ＊ in at most two
sums, rows on one side and columns on the other), where a ＊ can take another value iff a
cycle through it can be walked — growing ＊ that may grow, shrinking ＊ above 1 — a graph
search. Other systems are searched with a step limit; when it is reached, :func:`protect`
counts the ＊ as found (and hides more), the test attacker as not found.

``groups`` are breakdowns with no sum to subtract from (multi-count: 「重複カウントあり」):
rule 2 alone applies to them, so a lone ＊ is never the only small cell of its group.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

SUPPRESSED = "＊"
THRESHOLD = 2  # counts 1..THRESHOLD are suppressed unless the caller says otherwise

Key = Hashable
Sum = tuple[Key, Sequence[Key]]  # (total, parts): values[total] == sum of values[parts]


def is_suppressed(value: Any) -> bool:
    return value == SUPPRESSED


def shown(values: Mapping[Key, int], hidden: Iterable[Key]) -> dict[Key, Any]:
    """``values`` with the hidden keys replaced by ＊."""
    hide = set(hidden)
    return {key: (SUPPRESSED if key in hide else v) for key, v in values.items()}


def protect(
    values: Mapping[Key, int],
    sums: Iterable[Sum] = (),
    *,
    threshold: int = THRESHOLD,
    groups: Iterable[Sequence[Key]] = (),
    forced: Iterable[Key] = (),
) -> set[Key]:
    """The keys of ``values`` to show as ＊ (rules 1–3 above); ``forced``: keys the caller
    hides whatever their value (zeros stay visible)."""
    sums = [(total, tuple(parts)) for total, parts in sums if total in values]
    groups = [tuple(g) for g in groups]
    order = {key: i for i, key in enumerate(values)}
    hidden = {key for key, v in values.items() if 1 <= v <= threshold}
    hidden |= {key for key in forced if values.get(key, 0) > 0}

    totals = {t for t, _p in sums}
    parts_of = {k for _t, p in sums for k in p}
    # what to hide first: inner cells, then margins, the grand total last; smallest first
    level = {k: (k in totals) + (k in totals and k not in parts_of) for k in values}

    def smallest(keys: Iterable[Key]) -> Key | None:
        rest = [k for k in keys if k not in hidden and values.get(k, 0) > 0]
        return min(rest, key=lambda k: (level[k], values[k], order[k])) if rest else None

    def widen(total: Key, parts: Sequence[Key]) -> bool:
        pick = smallest(parts)
        if pick is None and total not in hidden and values[total] > 0:
            pick = total
        if pick is None:
            return False
        hidden.add(pick)
        return True

    while True:
        changed = False
        for total, parts in sums:
            members = [k for k in (total, *parts) if values.get(k, 0) > 0]
            ours = [k for k in parts if k in hidden]
            rest = sum(values.get(k, 0) for k in ours)
            if sum(1 for k in members if k in hidden) == 1 or (
                # total visible: the ＊ parts sum to a known R; all 1s or all threshold?
                total not in hidden and ours and rest in (len(ours), threshold * len(ours))
            ):
                changed |= widen(total, parts)
        for group in groups:
            if sum(1 for k in group if k in hidden) == 1:
                pick = smallest(group)
                if pick is not None:
                    hidden.add(pick)
                    changed = True
        if changed:
            continue
        found = recoverable(
            shown(values, hidden), sums, threshold=threshold, cautious=True, hint=values
        )
        if not found:
            return hidden
        # One more ＊ per round, the least costly visible member of a sum that holds a value
        # the attacker found — or, when all of those are hidden already, of a sum that
        # holds one of them, and so on outwards; then the attacker runs again.
        reached, frontier, pick = set(found), set(found), None
        while frontier and pick is None:
            near = {k for t, p in sums if frontier & {t, *p} for k in (t, *p)}
            pick = smallest(near)
            frontier = {k for k in near if k in hidden} - reached
            reached |= frontier
        if pick is None:  # everything around is hidden: nothing more to do
            return hidden
        hidden.add(pick)


# --- the attacker ------------------------------------------------------------------------


def recoverable(
    published: Mapping[Key, Any],
    sums: Iterable[Sum],
    *,
    threshold: int = THRESHOLD,
    cautious: bool = False,
    hint: Mapping[Key, int] | None = None,
) -> dict[Key, int]:
    """What the two readers (module docstring) learn: {key: value} for every ＊ of
    ``published`` whose value is pinned down by the published cells and ``sums``. Sums whose
    total is not in ``published`` are ignored (they are not published). A ＊ whose search is
    given up on (pathological systems) is left out, or counted as found when ``cautious``.
    ``hint``, the real counts when the caller has them, only spares the search for a first
    solution: what is pinned does not depend on which solution the search starts from."""
    sums = [(t, tuple(p)) for t, p in sums if t in published]
    hidden = [k for k, v in published.items() if v == SUPPRESSED]
    if not hidden:
        return {}
    totals = {t for t, _p in sums}
    visible_sum = sum(v for v in published.values() if v != SUPPRESSED)
    big = 2 * visible_sum + 10 * len(hidden) + 10  # "unbounded" for a ＊ no sum bounds
    index = {k: i for i, k in enumerate(hidden)}
    equations: list[tuple[list[tuple[int, int]], int, bool]] = []  # terms, constant, total shown
    for total, parts in sums:
        terms: list[tuple[int, int]] = []
        constant = 0  # sum(parts) - total == 0, visible numbers moved to the right
        for key, sign in [(total, -1), *((p, 1) for p in parts)]:
            value = published.get(key, 0)
            if value == SUPPRESSED:
                terms.append((index[key], sign))
            else:
                constant -= sign * value
        if terms:
            equations.append((terms, constant, published.get(total) != SUPPRESSED))
    found: dict[Key, int] = {}
    lo = [1] * len(hidden)
    first = [hint[k] for k in hidden] if hint is not None else None
    for i, value in _pinned(
        equations, list(lo), [big] * len(hidden), unknown_pinned=cautious, solution=first
    ).items():
        found[hidden[i]] = value
    if threshold >= 2:
        # The second reader holds every ＊ part of a sum with a visible total to be
        # 1..threshold (as if it were a primary suppression), one sum at a time.
        hi = [big if k in totals else threshold for k in hidden]
        for system in ([e] for e in equations if e[2]):
            involved = {i for terms, _c, _v in system for i, _s in terms}
            for i, value in _pinned(
                system, list(lo), list(hi), involved, unknown_pinned=cautious
            ).items():
                found[hidden[i]] = value
    return found


def _propagate(equations, lo: list[int], hi: list[int], rounds: int = 200) -> bool:
    """Narrow the bounds in place; False when the system has no solution in them. Bounds
    can creep by 1 a round around a cycle of sums: after ``rounds`` the search branches."""
    for _ in range(rounds):
        changed = False
        for terms, constant, _shown in equations:
            low = sum(lo[i] if s > 0 else -hi[i] for i, s in terms)
            high = sum(hi[i] if s > 0 else -lo[i] for i, s in terms)
            if low > constant or high < constant:
                return False
            for i, s in terms:
                own_low = lo[i] if s > 0 else -hi[i]
                own_high = hi[i] if s > 0 else -lo[i]
                rest_low, rest_high = low - own_low, high - own_high
                # s * x_i == constant - rest
                a, b = constant - rest_high, constant - rest_low
                if s < 0:
                    a, b = -b, -a
                if a > lo[i]:
                    lo[i], changed = a, True
                if b < hi[i]:
                    hi[i], changed = b, True
                if lo[i] > hi[i]:
                    return False
                low += (lo[i] if s > 0 else -hi[i]) - own_low
                high += (hi[i] if s > 0 else -lo[i]) - own_high
        if not changed:
            return True
    return True


class _OutOfSteps(Exception):
    """The search gave up (pathological systems): the answer is not known."""


def _solve(
    equations, lo: list[int], hi: list[int], budget: list[int], guide: list[int] | None = None
) -> list[int] | None:
    """One integer solution within the bounds, or None when there is none (branch and
    propagate; values of ``guide``, a known solution, are tried first)."""
    lo, hi = list(lo), list(hi)
    budget[0] -= 1
    if budget[0] < 0:
        raise _OutOfSteps
    if not _propagate(equations, lo, hi):
        return None
    open_ = [i for i in range(len(lo)) if lo[i] < hi[i]]
    if not open_:
        return lo if all(
            sum(s * lo[i] for i, s in terms) == constant for terms, constant, _v in equations
        ) else None
    i = min(open_, key=lambda j: hi[j] - lo[j])
    g = guide[i] if guide is not None and lo[i] <= guide[i] <= hi[i] else lo[i]
    for a, b in ((g, g), (lo[i], g - 1), (g + 1, hi[i])):
        if a > b:
            continue
        lo2, hi2 = list(lo), list(hi)
        lo2[i], hi2[i] = a, b
        solution = _solve(equations, lo2, hi2, budget, guide)
        if solution is not None:
            return solution
    return None


def _step(equations, lo: list[int], hi: list[int], budget: list[int]) -> list[int] | None:
    """A step d (bounds in {-1, 0, 1}) that keeps every sum, or None. Only variables in a sum
    that a non-zero part of d has unbalanced are branched on; the rest stay 0."""
    lo, hi = list(lo), list(hi)
    budget[0] -= 1
    if budget[0] < 0:
        raise _OutOfSteps
    if not _propagate(equations, lo, hi):
        return None
    candidates: set[int] = set()
    for terms, _c, _v in equations:
        if any(lo[j] == hi[j] != 0 for j, _s in terms):
            candidates.update(j for j, _s in terms if lo[j] < hi[j])
    if not candidates:
        d = [lo[j] if lo[j] == hi[j] else 0 for j in range(len(lo))]
        if all(sum(s * d[j] for j, s in terms) == 0 for terms, _c, _v in equations):
            return d
        candidates = {j for j in range(len(lo)) if lo[j] < hi[j]}
        if not candidates:
            return None
    i = min(candidates, key=lambda j: (hi[j] - lo[j], j))
    for value in sorted(range(lo[i], hi[i] + 1), key=abs):
        lo2, hi2 = list(lo), list(hi)
        lo2[i] = hi2[i] = value
        d = _step(equations, lo2, hi2, budget)
        if d is not None:
            return d
    return None


STEPS = 400  # search nodes per question before the answer counts as unknown


def _pinned(
    equations,
    lo: list[int],
    hi: list[int],
    involved: set[int] | None = None,
    *,
    unknown_pinned: bool = False,
    solution: list[int] | None = None,
) -> dict[int, int]:
    """Variables (of ``involved``, default all) with exactly one feasible value; {} when
    the system has none. When the search gives up on one, it counts as pinned only with
    ``unknown_pinned`` (the cautious side, for :func:`protect`)."""
    if not _propagate(equations, lo, hi):
        return {}
    try:
        if solution is None or not all(
            a <= x <= b for x, a, b in zip(solution, lo, hi, strict=True)
        ):
            solution = _solve(equations, lo, hi, [STEPS])
    except _OutOfSteps:
        return {i: lo[i] for i in (involved or range(len(lo)))} if unknown_pinned else {}
    if solution is None:
        return {}
    network = _network(equations, len(lo))
    if network is not None:
        return _pinned_on_network(network, solution, lo, hi, involved)
    seen = [{v} for v in solution]  # values each variable takes in the solutions found
    pinned = {}
    for i in sorted(involved) if involved is not None else range(len(lo)):
        if lo[i] == hi[i]:
            pinned[i] = lo[i]
            continue
        if len(seen[i]) > 1:
            continue
        # Another value of x_i exists iff a step d in {-1, 0, 1}^n, d_i ≠ 0, keeps every sum
        # and every bound (for the totally unimodular systems of tables and their margins,
        # any two solutions are joined by such steps); searching steps is cheap.
        step_lo = [-1 if solution[j] - 1 >= lo[j] else 0 for j in range(len(lo))]
        step_hi = [1 if solution[j] + 1 <= hi[j] else 0 for j in range(len(lo))]
        steps = [(terms, 0, shown) for terms, _c, shown in equations]
        other, unknown = None, False
        for direction in (1, -1):
            if not step_lo[i] <= direction <= step_hi[i]:
                continue
            lo2, hi2 = list(step_lo), list(step_hi)
            lo2[i] = hi2[i] = direction
            try:
                d = _step(steps, lo2, hi2, [STEPS])
            except _OutOfSteps:
                unknown = True
                continue
            if d is not None:
                other = [x + dx for x, dx in zip(solution, d, strict=True)]
                break
        if other is None and (unknown_pinned or not unknown):
            pinned[i] = solution[i]
        elif other is not None:
            for j, v in enumerate(other):
                seen[j].add(v)
    return pinned


# --- tables and their margins as a network ------------------------------------------------
#
# When every ＊ is in at most two sums and the sums can be split in two sides so that a ＊
# with the same sign in two sums has them on different sides (rows against columns, and the
# margins with them), the system is a network: each sum a node, each ＊ an edge (to an extra
# node when it is in one sum only). Another value of x_i then exists iff a cycle through i
# can be walked with +1 on edges that may grow and -1 on those that may shrink: a search of
# the graph, no branching.


def _network(equations, n: int) -> tuple[list[int], list[int]] | None:
    """(tail, head) node of each variable's edge, or None when the system is no network."""
    where: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for p, (terms, _c, _v) in enumerate(equations):
        for i, sign in terms:
            where[i].append((p, sign))
    side: dict[int, int] = {}
    for start in range(len(equations)):
        if start in side:
            continue
        side[start], queue = 1, [start]
        while queue:
            p = queue.pop()
            for i, _s in equations[p][0]:
                if len(where[i]) > 2:
                    return None
                if len(where[i]) < 2:
                    continue
                (a, sign_a), (b, sign_b) = where[i]
                other = b if a == p else a
                want = -side[p] if sign_a == sign_b else side[p]
                if other not in side:
                    side[other] = want
                    queue.append(other)
                elif side[other] != want:
                    return None
    free = len(equations)  # the node of the ＊ in one sum only
    tails, heads = [free] * n, [free] * n
    for i, places in enumerate(where):
        for p, sign in places:
            if side[p] * sign > 0:
                tails[i] = p
            else:
                heads[i] = p
    return tails, heads


def _pinned_on_network(network, solution, lo, hi, involved) -> dict[int, int]:
    tails, heads = network
    n = len(solution)
    arcs: dict[int, list[tuple[int, int]]] = {}
    for e in range(n):
        if solution[e] + 1 <= hi[e]:
            arcs.setdefault(tails[e], []).append((heads[e], e))
        if solution[e] - 1 >= lo[e]:
            arcs.setdefault(heads[e], []).append((tails[e], e))

    def reaches(start: int, goal: int, without: int) -> bool:
        seen, queue = {start}, [start]
        while queue:
            node = queue.pop()
            if node == goal:
                return True
            for nxt, e in arcs.get(node, ()):
                if e != without and nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return False

    pinned = {}
    for i in sorted(involved) if involved is not None else range(n):
        up = solution[i] + 1 <= hi[i] and reaches(heads[i], tails[i], i)
        down = not up and solution[i] - 1 >= lo[i] and reaches(tails[i], heads[i], i)
        if not (up or down):
            pinned[i] = solution[i]
    return pinned
