"""Council figures (issue evidence, foresight) protected by tsunagu.core.suppression: the
attacker learns nothing from what is published, sums included."""

import random

from django.conf import settings
from tests.suppression_check import assert_protected

from tsunagu.core.suppression import SUPPRESSED
from tsunagu.council.foresight import suppress_column
from tsunagu.needs.evidence import _suppress_evidence

MUNIS = ["東金市", "山武市", "大網白里市", "九十九里町"]
PERIODS = ["第1四半期", "第2四半期", "第3四半期"]


def test_random_columns_of_the_foresight_are_protected():
    rng = random.Random(75)
    for _ in range(200):
        spread = rng.choice([(0, 2), (0, 5), (0, 30)])
        values = {m: rng.randint(*spread) if rng.random() < 0.7 else 0 for m in MUNIS}
        cells, total = suppress_column(values)
        assert_protected({**values, "計": sum(values.values())}, {**cells, "計": total},
                         [("計", MUNIS)])


def test_random_evidence_is_protected_and_keeps_its_persons():
    threshold = settings.COUNCIL_MIN_PERSONS - 1
    rng = random.Random(3)
    for _ in range(150):
        persons = rng.randint(settings.COUNCIL_MIN_PERSONS, 12)
        by_muni = dict.fromkeys(MUNIS, 0)
        for _p in range(persons):
            by_muni[rng.choice(MUNIS)] += 1
        needs = persons + rng.randint(0, 6)
        by_period = dict.fromkeys(PERIODS, 0)
        for _n in range(needs):
            by_period[rng.choice(PERIODS)] += 1
        counts = {"persons": persons, "needs": needs, "met": rng.randint(0, needs),
                  "gap": rng.randint(0, needs)}
        breakdowns = {"municipality": by_muni, "period": by_period,
                      "disability": {"身体障害": rng.randint(0, persons), "知的障害": 1}}
        shown, cells = _suppress_evidence(counts, breakdowns, exclusive_muni=True)
        assert shown["persons"] == persons
        published = {**shown, **{(n, k): v for n, b in cells.items() for k, v in b.items()}}
        full = {**counts, **{(n, k): v for n, b in breakdowns.items() for k, v in b.items()
                             if n in cells}}
        sums = [("needs", [("period", k) for k in PERIODS])]
        if "municipality" in cells:
            sums.append(("persons", [("municipality", k) for k in MUNIS]))
        assert_protected(full, published, sums, threshold=threshold)
        assert cells["disability"]["知的障害"] == SUPPRESSED
