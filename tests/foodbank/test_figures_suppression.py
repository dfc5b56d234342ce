"""Food bank figures as 協議会事務局 and 市町村 see them: every row of households and people
per 市町村 is protected against its total (tsunagu.core.suppression)."""

import random

from tests.suppression_check import assert_protected

from tsunagu.foodbank.figures import suppress


def test_random_rows_of_persons_are_protected_against_their_totals():
    rng = random.Random(64)
    for _ in range(200):
        spread = rng.choice([(0, 2), (0, 4), (0, 20)])
        values = [rng.randint(*spread) if rng.random() < 0.7 else 0 for _m in range(7)]
        row = {"label": "提供人数", "values": values, "total": sum(values), "persons": True}
        events = {"label": "開催回数", "values": [1, 0, 2], "total": 3, "persons": False}
        figures = suppress({"sections": [{"title": "t", "rows": [dict(row), events]}]})
        shown = figures["sections"][0]["rows"][0]

        def flat(r):
            return {**dict(enumerate(r["values"])), "total": r["total"]}

        assert_protected(flat(row), flat(shown), [("total", list(range(7)))])
        assert figures["sections"][0]["rows"][1]["values"] == [1, 0, 2]  # not counts of people
