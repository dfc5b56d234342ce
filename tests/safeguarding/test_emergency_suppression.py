"""Emergency figures as readers outside the center see them: the total of events, its two
breakdowns (quarters, 市町村) and the persons are protected together."""

import random

from tests.suppression_check import assert_protected

from tsunagu.safeguarding.emergency.selectors import suppress_kind

QUARTERS = ["Q1", "Q2", "Q3", "Q4"]
MUNIS = ["東金市", "山武市", "大網白里市", "九十九里町", "芝山町", "横芝光町"]


def test_random_kinds_are_protected():
    rng = random.Random(110)
    for _ in range(150):
        events = rng.choice([0, 1, 2, 3, 4, 5, 7, 12, 30])
        by_quarter, by_muni = dict.fromkeys(QUARTERS, 0), dict.fromkeys(MUNIS, 0)
        for _e in range(events):
            by_quarter[rng.choice(QUARTERS)] += 1
            by_muni[rng.choice(MUNIS[: rng.randint(1, 6)])] += 1
        figures = {"kind": "k", "label": "l", "events_total": events,
                   "persons_total": rng.randint(min(events, 1), events),
                   "by_quarter": by_quarter, "by_municipality": by_muni, "cross": {}}

        def flat(f):
            return {"events": f["events_total"], "persons": f["persons_total"],
                    **{("q", k): v for k, v in f["by_quarter"].items()},
                    **{("m", k): v for k, v in f["by_municipality"].items()}}

        sums = [("events", [("q", k) for k in QUARTERS]), ("events", [("m", k) for k in MUNIS])]
        shown = suppress_kind(figures)
        assert shown["cross"] is None
        assert_protected(flat(figures), flat(shown), sums)
