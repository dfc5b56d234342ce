"""Small counts are suppressed for readers outside the center, and cannot be recovered by
subtracting visible cells from a visible total."""

import random

from tests.suppression_check import assert_protected

from tsunagu.reports.selectors import AnnualReport
from tsunagu.reports.suppression import EXCLUSIVE, MULTI_COUNT, SUPPRESSED, published, suppress
from tsunagu.reports.tallies import fiscal_months, month_key

MUNIS = ["東金市", "山武市", "大網白里市", "九十九里町", "芝山町", "横芝光町"]
METHODS = ["来所", "電話", "訪問", "メール", "FAX", "同行"]
TYPES = ["身体障害", "知的障害", "精神障害", "発達障害", "難病"]
TOPICS = ["福祉サービス", "健康・医療", "就労", "権利擁護"]
MONTHS = [month_key(y, m) for y, m in fiscal_months(2022)]


def make(
    *, municipality=None, method=None, month=None, disability=None, topic=None, anonymous=0
) -> AnnualReport:
    """A report whose exclusive breakdowns sum to the totals, as real ones do."""
    municipality = municipality or dict.fromkeys(MUNIS, 10)
    method = method or dict.fromkeys(METHODS, 10)
    month = month or {k: 0 for k in MONTHS}
    contacts = sum(method.values())
    if sum(month.values()) != contacts:  # put the rest in April
        month = dict(month)
        month[MONTHS[0]] += contacts - sum(month.values())
    return AnnualReport(
        fiscal_year=2022,
        persons_total=sum(municipality.values()),
        contacts_total=contacts,
        anonymous_contacts=anonymous,
        persons_by_disability=disability or dict.fromkeys(TYPES, 10),
        persons_by_municipality=municipality,
        contacts_by_method=method,
        contacts_by_topic=topic or dict.fromkeys(TOPICS, 10),
        contacts_by_month=month,
        # issue 18's exclusive breakdowns of the contacts: one split in two, one whole
        contacts_by_consultant={"本人": contacts - contacts // 2, "家族": contacts // 2},
        contacts_by_kind={"一般相談（基本相談支援）": contacts},
    )


def recoverable(cells: dict, total) -> dict:
    """What an attacker learns by subtraction: {label: value} for every suppressed cell whose
    value is pinned down, assuming suppressed cells are ≥ 1 — and, a second attacker, also
    ≤ 2 (as if every ＊ were a primary suppression)."""
    if total == SUPPRESSED:
        return {}
    hidden = [k for k, v in cells.items() if v == SUPPRESSED]
    rest = total - sum(v for v in cells.values() if v != SUPPRESSED)
    found = {}
    for cap in (None, 2):
        lo = len(hidden) - 1
        hi = None if cap is None else cap * (len(hidden) - 1)
        for label in hidden:
            feasible = [
                v
                for v in range(1, (cap or rest) + 1)
                if lo <= rest - v and (hi is None or rest - v <= hi)
            ]
            if len(feasible) == 1:
                found[label] = feasible[0]
    return found


def check_safe(report: AnnualReport) -> dict:
    shown = suppress(report)
    full = report.to_dict()
    for name, value in shown.items():
        values = value.values() if isinstance(value, dict) else [value]
        assert not any(v in (1, 2) for v in values), f"{name}: a 1 or 2 is shown"
    for key, value in full.items():
        if isinstance(value, dict):
            for label, n in value.items():
                assert shown[key][label] in (n, SUPPRESSED)
    for total, breakdowns in EXCLUSIVE.items():
        for name in breakdowns:
            assert recoverable(shown[name], shown[total]) == {}, (name, shown[name], shown[total])
        if shown[total] == SUPPRESSED:
            for name in breakdowns:  # no breakdown left whole to give the total back
                if full[total] > 0:
                    assert SUPPRESSED in shown[name].values()
    for name in MULTI_COUNT:
        hidden = [k for k, v in shown[name].items() if v == SUPPRESSED]
        others = [k for k, v in shown[name].items() if v not in (0, SUPPRESSED)]
        assert len(hidden) != 1 or not others, f"{name}: a single ＊ among non-zero cells"
    # and the attacker of core.suppression, on every sum of the report at once
    values, sums = published(full)
    assert_protected(values, published(shown)[0], sums)
    return shown


def test_small_counts_are_starred_and_large_ones_shown():
    report = make(method={**dict.fromkeys(METHODS, 10), "FAX": 2, "同行": 1})

    shown = check_safe(report)

    assert shown["contacts_by_method"]["FAX"] == SUPPRESSED
    assert shown["contacts_by_method"]["同行"] == SUPPRESSED
    assert shown["contacts_by_method"]["来所"] == 10
    assert shown["contacts_total"] == report.contacts_total


def test_one_small_cell_takes_the_next_smallest_with_it():
    method = {"来所": 30, "電話": 12, "訪問": 9, "メール": 1, "FAX": 0, "同行": 40}
    report = make(method=method)

    shown = check_safe(report)["contacts_by_method"]

    assert shown == {
        "来所": 30,
        "電話": 12,
        "訪問": SUPPRESSED,
        "メール": SUPPRESSED,
        "FAX": 0,
        "同行": 40,
    }
    # total − visible = 10: メール could be 1..9, 訪問 9..1.
    assert report.contacts_total - sum(v for v in shown.values() if v != SUPPRESSED) == 10


def test_subtraction_cannot_recover_a_single_small_municipality():
    municipality = {
        "東金市": 40,
        "山武市": 25,
        "大網白里市": 18,
        "九十九里町": 2,
        "芝山町": 7,
        "横芝光町": 11,
    }
    report = make(municipality=municipality)

    shown = check_safe(report)

    visible = sum(v for v in shown["persons_by_municipality"].values() if v != SUPPRESSED)
    assert shown["persons_total"] - visible != 2
    assert shown["persons_by_municipality"]["芝山町"] == SUPPRESSED


def test_two_ones_are_not_enough_they_would_both_be_read_as_one():
    method = {"来所": 30, "電話": 12, "訪問": 9, "メール": 1, "FAX": 1, "同行": 40}

    shown = check_safe(make(method=method))["contacts_by_method"]

    assert [k for k, v in shown.items() if v == SUPPRESSED] == ["訪問", "メール", "FAX"]


def test_two_twos_are_not_enough_either():
    method = {"来所": 30, "電話": 12, "訪問": 9, "メール": 2, "FAX": 2, "同行": 40}

    shown = check_safe(make(method=method))["contacts_by_method"]

    assert shown["訪問"] == SUPPRESSED


def test_one_and_two_protect_each_other():
    method = {"来所": 30, "電話": 12, "訪問": 9, "メール": 1, "FAX": 2, "同行": 40}

    shown = check_safe(make(method=method))["contacts_by_method"]

    assert [k for k, v in shown.items() if v == SUPPRESSED] == ["メール", "FAX"]


def test_multi_count_breakdown_gets_primary_and_secondary_suppression():
    disability = {"身体障害": 20, "知的障害": 1, "精神障害": 35, "発達障害": 6, "難病": 0}

    shown = check_safe(make(disability=disability))["persons_by_disability"]

    assert shown == {
        "身体障害": 20,
        "知的障害": SUPPRESSED,
        "精神障害": 35,
        "発達障害": SUPPRESSED,
        "難病": 0,
    }


def test_a_tiny_year_hides_the_total_and_the_other_breakdowns_of_it():
    municipality = {
        "東金市": 1,
        "山武市": 1,
        "大網白里市": 1,
        "九十九里町": 0,
        "芝山町": 0,
        "横芝光町": 0,
    }
    method = {"来所": 3, "電話": 1, "訪問": 0, "メール": 0, "FAX": 0, "同行": 0}
    month = {k: 0 for k in MONTHS} | {"2022-05": 1, "2022-06": 1, "2022-07": 1, "2022-08": 1}

    shown = check_safe(make(municipality=municipality, method=method, month=month))

    assert shown["persons_total"] == SUPPRESSED  # 3 persons in 3 ＊ cells: all would be 1
    assert shown["contacts_total"] == SUPPRESSED  # 4 months of 1
    assert shown["contacts_by_method"]["来所"] == SUPPRESSED  # else 3 + ＊ = the total


def test_small_totals_are_suppressed():
    shown = check_safe(
        make(
            municipality={**dict.fromkeys(MUNIS, 0), "東金市": 2},
            method={**dict.fromkeys(METHODS, 0), "電話": 2},
            anonymous=1,
        )
    )
    assert shown["persons_total"] == shown["contacts_total"] == SUPPRESSED
    assert shown["anonymous_contacts"] == SUPPRESSED


def test_zeros_stay_visible_and_nothing_is_hidden_without_need():
    report = make()
    assert suppress(report) == report.to_dict()
    empty = make(
        municipality=dict.fromkeys(MUNIS, 0),
        method=dict.fromkeys(METHODS, 0),
        disability=dict.fromkeys(TYPES, 0),
        topic=dict.fromkeys(TOPICS, 0),
    )
    assert suppress(empty) == empty.to_dict()


def _random_cells(rng, labels):
    pick = rng.choice([(0, 3), (0, 6), (1, 2), (0, 40), (0, 200)])
    return {label: rng.randint(*pick) if rng.random() < 0.8 else 0 for label in labels}


def test_no_suppressed_value_is_recoverable_on_many_random_reports():
    rng = random.Random(20220401)
    for _ in range(3000):
        method = _random_cells(rng, METHODS)
        month_weights = _random_cells(rng, MONTHS)
        month = {k: 0 for k in MONTHS}
        total = sum(method.values())
        spread = [k for k, w in month_weights.items() for _ in range(w)] or MONTHS
        for _ in range(total):
            month[rng.choice(spread)] += 1
        check_safe(
            make(
                municipality=_random_cells(rng, MUNIS),
                method=method,
                month=month,
                disability=_random_cells(rng, TYPES),
                topic=_random_cells(rng, TOPICS),
                anonymous=rng.randint(0, 4),
            )
        )


def test_the_attacker_works_on_primary_suppression_alone():
    """Control: without the secondary rules, subtraction does give the value back."""
    method = {"来所": 30, "電話": 12, "訪問": 9, "メール": 1, "FAX": 0, "同行": 40}
    naive = {k: SUPPRESSED if v in (1, 2) else v for k, v in method.items()}
    assert recoverable(naive, sum(method.values())) == {"メール": 1}
    two_ones = {**method, "FAX": 1}
    naive = {k: SUPPRESSED if v in (1, 2) else v for k, v in two_ones.items()}
    assert recoverable(naive, sum(two_ones.values())) == {"メール": 1, "FAX": 1}
