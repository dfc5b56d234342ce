"""将来予測 (foresight): 親亡き後, 卒業後の進路 and the needs trend by 市町村, suppressed.

Selector tests run on a fixed day (令和8年11月26日: calendar year 2026, 令和8年度 第3四半期);
page tests count from today so that they never go stale."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tsunagu.core import dates
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.council.foresight import (
    foresight,
    issue_foresight,
    needs_trend,
    quarter_index,
    quarter_label,
    quarter_start,
    suppress_column,
    trend,
)
from tsunagu.needs.services import need_record
from tsunagu.people.services import caregiver_add, person_create, person_merge
from tsunagu.reports.suppression import SUPPRESSED

from .fixtures import need_category

TODAY = date(2026, 11, 26)


def _person(region, code, *carers, school=None, family="試験"):
    """A fictional person in 市町村 ``code``; ``carers`` are (birth_year, is_key)."""
    person = person_create(
        actor="test",
        region=region,
        family_name=family,
        given_name="太郎",
        family_name_kana="シケン",
        given_name_kana="タロウ",
        municipality=region.municipalities.get(code=code) if code else None,
        school_leaving_year=school,
        is_fictional=True,
        audit=False,
    )
    for birth_year, is_key in carers:
        caregiver_add(
            actor="test", person=person, relation="母", birth_year=birth_year, is_key=is_key
        )
    return person


@pytest.fixture
def elder_carers(region, other_region):
    """In 2026: three persons in 山武市 with a key caregiver of 75+ (born 1945, 1945, 1951),
    three in 東金市 whose key caregiver reaches 75 by 2031 (born 1954, 1954, 1956), and
    persons who must not count."""
    first = _person(region, "12237", (1945, True), (1954, True))  # 81 and 72: counts "now"
    _person(region, "12237", (1945, True))
    _person(region, "12237", (1951, True))  # exactly 75 this year
    for born in (1954, 1954, 1956):  # 72, 72, 70: 75 within 5 years
        _person(region, "12213", (born, True))
    _person(region, "12403", (1930, False))  # old, but not the key caregiver
    _person(region, "12403", (1957, True))  # 69: 74 in 2031, not yet
    _person(region, "12403", (None, True))  # birth year unknown
    duplicate = _person(region, "12239", (1940, True))
    person_merge(actor="test", keep=first, merge=duplicate)  # still one person, in 山武市
    _person(other_region, "12100", (1940, True))  # another region
    return first


@pytest.fixture
def leavers(region):
    """Leaving special-support school: 3 in 令和8年度 (山武市), 1 in 令和9年度 (東金市);
    one who left last year and one too far ahead do not count."""
    for _ in range(3):
        _person(region, "12237", school=2026)
    _person(region, "12213", school=2027)
    _person(region, "12237", school=2025)
    _person(region, "12237", school=2029)


def _need(region, actor, code, day, person=None):
    return need_record(
        actor=actor,
        region=region,
        person=person,
        municipality=None if person else region.municipalities.get(code="12237"),
        text="記録のためのニーズ",
        category=need_category(region, code),
        noted_on=day,
        audit=False,
    )


@pytest.fixture
def trend_needs(region, center_staff):
    """Around 令和8年11月26日 (quarter 令和8年度 第3四半期, not counted): 移動・交通 4 needs in
    the first half (R6 Q3) and 6 in the second (3 in R7 Q3, 3 in R8 Q2); 住まい 1 need."""
    for day in [date(2024, 10, 1)] * 2 + [date(2024, 12, 31)] * 2:
        _need(region, center_staff, "mobility", day)
    for day in [date(2025, 10, 15)] * 3 + [date(2026, 9, 30)] * 3:
        _need(region, center_staff, "mobility", day)
    _need(region, center_staff, "housing", date(2025, 5, 1))
    # outside the window: before its first day, and in the current quarter
    _need(region, center_staff, "mobility", date(2024, 9, 30))
    _need(region, center_staff, "mobility", date(2026, 10, 1))


def _column(table, key):
    col = next(c for c in table.columns if c.key == key)
    names = dict(table.rows)
    return {names[k]: v for k, v in col.cells.items()}, col.total


# --- selectors ------------------------------------------------------------------------


def test_caregivers_counted_by_municipality_now_and_within_five_years(region, elder_carers):
    figures = foresight(region, today=TODAY)

    now, now_total = _column(figures.caregivers, "now")
    soon, soon_total = _column(figures.caregivers, "soon")
    assert now == {
        "東金市": 0, "山武市": 3, "大網白里市": 0, "九十九里町": 0, "芝山町": 0, "横芝光町": 0
    }  # fmt: skip
    assert now_total == 3
    assert soon["東金市"] == 3 and soon_total == 3
    assert sum(v for v in soon.values()) == 3  # disjoint from "now"
    assert figures.caregivers_later_total == 6


def test_a_single_person_in_a_municipality_is_suppressed_and_so_is_what_would_reveal_it(
    region, elder_carers
):
    _person(region, "12409", (1940, True))  # 芝山町: 1 person

    figures = foresight(region, today=TODAY)

    now, now_total = _column(figures.caregivers, "now")
    # 山武市 3 + 芝山町 1: hiding one cell alone would give it back from the total, and
    # hiding both (sum 4 = 2×2) would too: everything non-zero goes, total included.
    assert now["芝山町"] == SUPPRESSED
    assert now["山武市"] == SUPPRESSED
    assert now["東金市"] == 0
    assert now_total == SUPPRESSED
    assert figures.caregivers_later_total == SUPPRESSED
    assert figures.has_suppressed


def test_persons_without_a_municipality_get_their_own_row(region):
    for _ in range(3):
        _person(region, None, (1940, True))

    now, total = _column(foresight(region, today=TODAY).caregivers, "now")

    assert now["市町村不明"] == 3 and total == 3


def test_school_leavers_for_three_years(region, leavers):
    figures = foresight(region, today=TODAY)

    labels = [c.label for c in figures.school.columns]
    assert labels == [
        "令和8年度（令和9年3月卒業）",
        "令和9年度（令和10年3月卒業）",
        "令和10年度（令和11年3月卒業）",
    ]
    this_year, total = _column(figures.school, "2026")
    assert this_year["山武市"] == 3 and total == 3
    next_year, next_total = _column(figures.school, "2027")
    assert next_year["東金市"] == SUPPRESSED and next_total == SUPPRESSED
    assert _column(figures.school, "2028")[1] == 0


def test_school_year_follows_the_fiscal_year(region, leavers):
    # On 31 March 2027 the 令和8年度 leavers still count; on 1 April they have left.
    assert foresight(region, today=date(2027, 3, 31)).school.columns[0].total == 3
    assert foresight(region, today=date(2027, 4, 1)).school.columns[0].key == "2027"


def test_needs_trend_over_eight_completed_quarters(region, trend_needs):
    result = needs_trend(region, TODAY)

    assert result.quarters[0] == "令和6年度 第3四半期"
    assert result.quarters[-1] == "令和8年度 第2四半期"
    assert (result.first_day, result.last_day) == (date(2024, 10, 1), date(2026, 9, 30))
    rows = {r.label: r for r in result.rows}
    mobility = rows["移動・交通"]
    assert mobility.cells == [4, 0, 0, 0, 3, 0, 0, 3]
    assert (mobility.previous, mobility.recent) == (4, 6)
    assert (mobility.trend.direction, mobility.trend.percent) == ("up", 50)
    housing = rows["住まい"]
    assert housing.cells == [0, 0, SUPPRESSED, 0, 0, 0, 0, 0]
    assert housing.previous == SUPPRESSED and housing.trend is None
    assert rows["就労"].trend.direction == "none"


def test_quarters_of_the_fiscal_year():
    assert quarter_label(quarter_index(date(2026, 4, 1))) == "令和8年度 第1四半期"
    assert quarter_label(quarter_index(date(2026, 3, 31))) == "令和7年度 第4四半期"
    assert quarter_start(quarter_index(date(2027, 2, 14))) == date(2027, 1, 1)
    assert quarter_start(quarter_index(date(2026, 12, 31))) == date(2026, 10, 1)


def test_trend_and_column_suppression_rules():
    assert (trend(4, 2).direction, trend(4, 2).percent) == ("down", -50)
    assert trend(3, 3).direction == "flat"
    assert trend(0, 5).direction == "new"
    assert suppress_column({"a": 0, "b": 0}) == ({"a": 0, "b": 0}, 0)
    assert suppress_column({"a": 2, "b": 0}) == ({"a": SUPPRESSED, "b": 0}, SUPPRESSED)
    # one small cell: the next smallest goes too, the total stays
    assert suppress_column({"a": 1, "b": 4, "c": 7}) == (
        {"a": SUPPRESSED, "b": SUPPRESSED, "c": 7},
        12,
    )


def test_issue_foresight_counts_only_the_persons_behind_the_issue(
    region, issue, mobility_persons, elder_carers
):
    for person in mobility_persons:
        caregiver_add(actor="test", person=person, relation="父", birth_year=1944, is_key=True)

    result = issue_foresight(issue, today=TODAY)

    assert result.caregivers_now == 3  # not the 3 persons of the `elder_carers` fixture
    assert result.caregivers_soon == 0
    assert result.caregivers_later == 3
    assert [n for _label, n in result.leaving_school] == [0, 0, 0]


def test_issue_foresight_suppresses_small_counts(region, issue, mobility_persons):
    caregiver_add(
        actor="test", person=mobility_persons[0], relation="父", birth_year=1944, is_key=True
    )

    result = issue_foresight(issue, today=TODAY)

    assert result.caregivers_now == SUPPRESSED
    assert result.caregivers_later == SUPPRESSED


def test_query_count_does_not_grow_with_data(region, elder_carers, leavers, trend_needs):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            foresight(region, today=TODAY)
        return len(ctx.captured_queries)

    before = count()
    for _ in range(5):
        _person(region, "12410", (1940, True), school=2026)
    _need(region, "test", "employment", date(2025, 1, 5))
    assert count() == before <= 7


# --- the page ---------------------------------------------------------------------------


@pytest.fixture
def carers_now(region):
    """Three persons in 山武市 whose key caregiver is 81 this year."""
    year = dates.today_local().year
    return [_person(region, "12237", (year - 81, True), family=f"匿名{i}") for i in range(3)]


@pytest.mark.parametrize("persona", ["admin", "center_staff", "secretariat", "municipal_staff"])
def test_aggregate_readers_see_the_page(client, login, persona, request, carers_now):
    login(client, request.getfixturevalue(persona))

    response = client.get("/council/foresight/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "親亡き後" in page and "卒業後の進路" in page and "ニーズ件数の推移" in page
    assert "匿名0" not in page and "太郎" not in page  # never a name
    table = response.context["figures"].caregivers
    assert _column(table, "now")[1] == 3


@pytest.mark.parametrize("persona", ["provider_staff", "member"])
def test_others_are_refused(client, login, persona, request):
    login(client, request.getfixturevalue(persona))
    assert client.get("/council/foresight/").status_code == 403
    assert client.get("/council/foresight.csv").status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/council/foresight/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_regions_staff_see_their_own_region_only(client, login, outsider, carers_now):
    login(client, outsider)

    response = client.get("/council/foresight/")

    assert response.status_code == 200
    assert _column(response.context["figures"].caregivers, "now")[1] == 0
    assert "山武市" not in response.content.decode()


def test_small_counts_are_suppressed_on_the_page(client, login, municipal_staff, region):
    _person(region, "12409", (dates.today_local().year - 80, True))

    login(client, municipal_staff)
    page = client.get("/council/foresight/").content.decode()

    assert "＊" in page


def test_csv_export_is_suppressed_and_audited(client, login, secretariat, region, carers_now):
    _person(region, "12409", (dates.today_local().year - 80, True))
    login(client, secretariat)

    response = client.get("/council/foresight.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert "親亡き後,芝山町" in text and "＊" in text
    assert AuditEntry.objects.filter(
        user=secretariat, action=AuditAction.EXPORT, target_type="council.foresight"
    ).exists()


def test_page_query_count_is_pinned(
    client, login, secretariat, region, elder_carers, leavers, center_staff,
    django_assert_max_num_queries,
):  # fmt: skip
    for day in (date(2025, 1, 5), date(2025, 7, 5), date(2026, 1, 5)):
        for _ in range(3):
            _need(region, center_staff, "mobility", day)
    login(client, secretariat)
    # 14: the disaster banner is read from the database in every worker (issue 17)
    with django_assert_max_num_queries(14):
        assert client.get("/council/foresight/").status_code == 200
