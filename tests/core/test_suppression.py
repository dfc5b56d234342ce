"""core.suppression: one module protects every published cell against every published sum
(rows, columns, the grand total), and its attacker finds what a naive suppression leaks."""

import random

from tests.suppression_check import assert_protected

from tsunagu.core.suppression import SUPPRESSED, protect, recoverable, shown


def table(cells: dict) -> tuple[dict, list]:
    """A 2-D table with row totals, column totals and the grand total, and its sums."""
    rows = sorted({r for r, _c in cells})
    cols = sorted({c for _r, c in cells})
    values = dict(cells)
    sums = []
    for r in rows:
        values[(r, "計")] = sum(cells[(r, c)] for c in cols)
        sums.append(((r, "計"), [(r, c) for c in cols]))
    for c in [*cols, "計"]:
        values[("合計", c)] = sum(values[(r, c)] for r in rows)
        sums.append((("合計", c), [(r, c) for r in rows]))
    sums.append((("合計", "計"), [("合計", c) for c in cols]))
    return values, sums


def test_a_table_is_protected_against_its_rows_columns_and_grand_total():
    # 15 persons, 10 in the first column, five 1s elsewhere (issue 16, item 3)
    cells = {(r, c): 0 for r in range(6) for c in "abcd"}
    cells |= {(0, "a"): 5, (0, "b"): 1, (0, "c"): 1, (1, "a"): 5, (1, "d"): 1,
              (2, "d"): 1, (3, "b"): 1}
    values, sums = table(cells)
    naive = shown(values, {k for k, v in values.items() if 1 <= v <= 2})
    assert recoverable(naive, sums)[(0, "b")] == 1  # the leak, read back by the attacker

    published = shown(values, protect(values, sums))

    assert_protected(values, published, sums)
    assert published[("合計", "計")] == 15


def test_random_tables_are_protected():
    rng = random.Random(16)
    for _ in range(150):
        spread = rng.choice([(0, 2), (0, 4), (0, 12), (0, 60)])
        n_rows, n_cols = rng.randint(1, 7), rng.randint(1, 5)
        cells = {
            (r, c): rng.randint(*spread) if rng.random() < 0.7 else 0
            for r in range(n_rows)
            for c in range(n_cols)
        }
        values, sums = table(cells)
        assert_protected(values, shown(values, protect(values, sums)), sums)


def test_the_threshold_is_the_callers():
    values = {"a": 3, "b": 4, "c": 9, "total": 16}
    sums = [("total", ["a", "b", "c"])]
    assert protect(values, sums) == set()
    hidden = protect(values, sums, threshold=3)  # k = 4: counts 1..3 hidden
    assert {"a", "b"} <= hidden
    assert_protected(values, shown(values, hidden), sums, threshold=3)


def test_a_margin_the_caller_declares_is_protected_too():
    # each row also publishes 連絡済 = 無事 + 要支援
    values = {"safe": 6, "support": 1, "away": 4, "total": 11, "done": 7}
    sums = [("total", ["safe", "support", "away"]), ("done", ["safe", "support"])]
    assert_protected(values, shown(values, protect(values, sums)), sums)
    only_rows = protect(values, sums[:1])
    assert recoverable(shown(values, only_rows), sums) != {}  # ignoring it would leak


def test_a_lone_star_in_a_multi_count_group_takes_another():
    values = {"a": 1, "b": 7, "c": 20, "d": 0}
    assert protect(values, groups=[list(values)]) == {"a", "b"}


def test_nothing_is_hidden_without_need_and_zeros_stay():
    values, sums = table({(r, c): 5 + r + c for r in range(3) for c in range(3)})
    assert protect(values, sums) == set()
    zeros, sums = table({(r, c): 0 for r in range(3) for c in range(3)})
    assert protect(zeros, sums) == set()


def test_the_attacker_solves_the_sums_together():
    """Neither row alone gives the ＊ away; the column and the grand total together do."""
    published = {("x", 1): 10, ("x", 2): SUPPRESSED, ("x", "計"): SUPPRESSED,
                 ("y", 1): 10, ("y", 2): 10, ("y", "計"): 20,
                 ("合計", 1): 20, ("合計", 2): SUPPRESSED, ("合計", "計"): 33}
    sums = [(("x", "計"), [("x", 1), ("x", 2)]), (("y", "計"), [("y", 1), ("y", 2)]),
            (("合計", 1), [("x", 1), ("y", 1)]), (("合計", 2), [("x", 2), ("y", 2)]),
            (("合計", "計"), [("x", "計"), ("y", "計")])]
    assert recoverable(published, sums)[("x", 2)] == 3


def test_a_table_of_nothing_but_ones_and_twos_is_protected():
    """A small disaster over ten 市町村: the search stays a graph search, whatever the size."""
    rng = random.Random(22)
    cells = {(r, c): rng.choice([0, 1, 1, 2]) for r in range(10) for c in range(4)}
    values, sums = table(cells)
    assert_protected(values, shown(values, protect(values, sums)), sums)
