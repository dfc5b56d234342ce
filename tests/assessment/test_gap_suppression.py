"""The gap table publishes counts of persons per 市町村 × 課題分類 and no totals: after
suppression no row or column holds a lone ＊, and nothing below the threshold is shown."""

import random

from django.conf import settings
from tests.suppression_check import assert_protected

from tsunagu.assessment.gaps import _suppress
from tsunagu.core.suppression import SUPPRESSED, shown


def test_random_gap_tables_are_protected():
    threshold = settings.COUNCIL_MIN_PERSONS - 1
    rng = random.Random(9)
    for _ in range(150):
        rows, cols = list(range(rng.randint(1, 6))), list(range(rng.randint(1, 6)))
        persons = {(r, c): rng.choice([0, 0, 1, 2, 3, 5, 9]) for r in rows for c in cols}
        published = shown(persons, _suppress(persons, rows, cols))
        assert_protected(persons, published, [], threshold=threshold)
        lines = [[(r, c) for c in cols] for r in rows] + [[(r, c) for r in rows] for c in cols]
        for line in lines:
            stars = [k for k in line if published[k] == SUPPRESSED]
            others = [k for k in line if published[k] not in (0, SUPPRESSED)]
            assert len(stars) != 1 or not others, (line, published)
