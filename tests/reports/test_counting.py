"""Counting rules of the annual report (DOMAIN.md), checked against hand-written SQL."""

from datetime import UTC, datetime

from tests.reports.builders import at, consult, item, make_person, sample_year

from tsunagu.consultations.models import Consultation
from tsunagu.core.models import ListItem, ListKind
from tsunagu.reports.selectors import JSON_KEYS, annual_report, annual_reports, years_with_data
from tsunagu.reports.sql import annual_report_sql


def test_anonymous_counts_in_contacts_not_in_persons(region):
    person = make_person(region, 1, municipality="12213", disabilities=["mental"])
    consult(region, at(2022, 5, 10), person=person)
    consult(region, at(2022, 5, 11))
    consult(region, at(2022, 6, 1))

    report = annual_report(region=region, fiscal_year=2022)

    assert report.persons_total == 1
    assert report.contacts_total == 3
    assert report.anonymous_contacts == 2
    assert sum(report.persons_by_municipality.values()) == 1


def test_a_person_with_two_consultations_counts_once(region):
    person = make_person(region, 1, municipality="12237", disabilities=["physical"])
    consult(region, at(2022, 4, 1), person=person, method="phone")
    consult(region, at(2022, 9, 1), person=person, method="visit_in")

    report = annual_report(region=region, fiscal_year=2022)

    assert report.persons_total == 1
    assert report.contacts_total == 2
    assert report.persons_by_disability["身体障害"] == 1
    assert report.persons_by_municipality["山武市"] == 1
    assert report.contacts_by_method["電話"] == 1
    assert report.contacts_by_method["来所"] == 1


def test_multi_valued_categories_count_in_each(region):
    person = make_person(
        region, 1, municipality="12213", disabilities=["intellectual", "developmental"]
    )
    consult(region, at(2022, 7, 7), person=person, topics=("employment", "health", "anxiety"))

    report = annual_report(region=region, fiscal_year=2022)

    assert report.persons_by_disability["知的障害"] == 1
    assert report.persons_by_disability["発達障害"] == 1
    assert sum(report.persons_by_disability.values()) == 2 > report.persons_total
    assert report.contacts_by_topic["就労に関する支援"] == 1
    assert report.contacts_by_topic["健康・医療に関する支援"] == 1
    assert report.contacts_by_topic["不安の解消・情緒安定に関する支援"] == 1
    assert sum(report.contacts_by_topic.values()) == 3 > report.contacts_total


def test_fiscal_year_boundary_is_midnight_in_tokyo(region):
    person = make_person(region, 1, municipality="12213")
    last = consult(region, at(2023, 3, 31, 23, 30), person=person)  # 14:30 UTC on 3/31
    first = consult(region, at(2023, 4, 1, 0, 0))  # 15:00 UTC on 3/31: already FY2023
    april_1_utc = consult(region, datetime(2022, 3, 31, 15, 0, tzinfo=UTC))

    assert last.fiscal_year == 2022
    assert first.fiscal_year == 2023
    assert april_1_utc.fiscal_year == 2022  # 2022-04-01 00:00 JST
    fy2022 = annual_report(region=region, fiscal_year=2022)
    fy2023 = annual_report(region=region, fiscal_year=2023)

    assert fy2022.contacts_total == 2
    assert fy2022.contacts_by_month["2023-03"] == 1
    assert fy2022.contacts_by_month["2022-04"] == 1
    assert fy2022.persons_total == 1
    assert fy2023.contacts_total == 1
    assert fy2023.contacts_by_month["2023-04"] == 1
    assert fy2023.persons_total == 0
    for report in (fy2022, fy2023):
        assert report == annual_report_sql(region.pk, report.fiscal_year)


def test_month_keys_are_the_twelve_months_april_to_march_with_zeros(region):
    report = annual_report(region=region, fiscal_year=2022)

    assert list(report.contacts_by_month) == [
        "2022-04", "2022-05", "2022-06", "2022-07", "2022-08", "2022-09",
        "2022-10", "2022-11", "2022-12", "2023-01", "2023-02", "2023-03",
    ]  # fmt: skip
    assert set(report.contacts_by_month.values()) == {0}


def test_every_list_item_and_municipality_in_order_with_zeros(region):
    report = annual_report(region=region, fiscal_year=2022)

    assert list(report.persons_by_disability) == [
        "身体障害", "知的障害", "精神障害", "発達障害", "高次脳機能障害", "難病",
        "重症心身障害", "障害児", "その他・不明",
    ]  # fmt: skip
    assert list(report.persons_by_municipality) == [
        "東金市", "山武市", "大網白里市", "九十九里町", "芝山町", "横芝光町",
    ]  # fmt: skip
    assert list(report.contacts_by_method)[:3] == ["来所", "電話", "訪問"]
    assert len(report.contacts_by_method) == 10
    # The national survey's 12, plus 差別解消 before その他.
    assert len(report.contacts_by_topic) == 13
    assert list(report.contacts_by_topic)[-2:] == ["障害を理由とする差別に関する相談", "その他"]
    assert report.to_dict() == annual_report_sql(region.pk, 2022).to_dict()


def test_unknown_municipality_appears_only_when_someone_has_none(region):
    consult(region, at(2022, 5, 1), person=make_person(region, 1, municipality="12213"))
    assert "不明" not in annual_report(region=region, fiscal_year=2022).persons_by_municipality

    consult(region, at(2022, 5, 2), person=make_person(region, 2, municipality=None))
    report = annual_report(region=region, fiscal_year=2022)

    assert list(report.persons_by_municipality)[-1] == "不明"
    assert report.persons_by_municipality["不明"] == 1
    assert sum(report.persons_by_municipality.values()) == report.persons_total == 2


def test_labels_are_what_users_see_and_retired_items_show_only_when_counted(region):
    phone = item(region, ListKind.CONTACT_METHOD, "phone")
    phone.label = "電話（携帯含む）"
    phone.save()
    ListItem.objects.filter(region=region, kind=ListKind.CONTACT_METHOD, code="fax").update(
        is_active=False
    )
    ListItem.objects.filter(region=region, kind=ListKind.CONTACT_METHOD, code="email").update(
        is_active=False
    )
    consult(region, at(2022, 5, 1), method="email")
    consult(region, at(2022, 5, 2), method="phone")

    report = annual_report(region=region, fiscal_year=2022)

    assert report.contacts_by_method["電話（携帯含む）"] == 1
    assert report.contacts_by_method["メール"] == 1  # retired, but counted this year
    assert "FAX" not in report.contacts_by_method  # retired and unused
    assert report == annual_report_sql(region.pk, 2022)


def test_other_regions_and_other_years_do_not_count(region, other_region):
    consult(region, at(2022, 5, 1), person=make_person(region, 1, municipality="12213"))
    consult(region, at(2021, 5, 1), person=make_person(region, 2, municipality="12213"))
    consult(other_region, at(2022, 5, 1), person=make_person(other_region, 3))

    report = annual_report(region=region, fiscal_year=2022)

    assert (report.persons_total, report.contacts_total) == (1, 1)
    assert years_with_data(region) == [2022, 2021]
    assert annual_report(region=other_region, fiscal_year=2022).contacts_total == 1


def test_orm_and_hand_written_sql_agree_on_varied_data(region):
    sample_year(region, persons=40)
    sample_year(region, persons=10, fiscal_year=2021, seed=3)

    for year in (2021, 2022, 2023):
        orm = annual_report(region=region, fiscal_year=year)
        assert orm == annual_report_sql(region.pk, year)
        assert list(orm.to_dict()) == list(JSON_KEYS)
    report = annual_report(region=region, fiscal_year=2022)
    assert report.contacts_total == Consultation.objects.filter(fiscal_year=2022).count()
    assert sum(report.contacts_by_month.values()) == report.contacts_total
    assert sum(report.contacts_by_method.values()) == report.contacts_total
    assert sum(report.persons_by_municipality.values()) == report.persons_total


def test_report_takes_a_fixed_number_of_queries(region, django_assert_num_queries):
    """Lists, municipalities, months and opening hours (ranges), 相談方法・相談者・相談の種類
    (one pass), 支援内容 (local and national in one pass), persons (実人数, 障害児, 新規, by
    市町村) and 障害種別; every municipality side by side is one grouped pass of each, the
    persons and 障害種別 of the region and of every municipality together in one pass over
    the year's (person, 市町村) pairs, not one pass per municipality (issue 25: 10, 9 and 17
    before, then 7, 7 and 9)."""
    sample_year(region, persons=6)
    with django_assert_num_queries(7):
        annual_report(region=region, fiscal_year=2022)
    with django_assert_num_queries(7):
        annual_report(region=region, fiscal_year=2022, municipality="12213")
    with django_assert_num_queries(6):
        annual_reports(region=region, fiscal_year=2022, organizations=[1, 2])
    sample_year(region, persons=30, seed=1)
    with django_assert_num_queries(7):
        annual_report(region=region, fiscal_year=2022)
    with django_assert_num_queries(7):
        annual_report(region=region, fiscal_year=2022, municipality="12213")
    with django_assert_num_queries(6):
        annual_reports(region=region, fiscal_year=2022, organizations=[1, 2])


def test_consultation_late_on_march_31_is_in_the_old_year_whatever_the_server_zone(
    region, settings
):
    settings.TIME_ZONE = "UTC"
    consult(region, at(2023, 3, 31, 23, 30))
    report = annual_report(region=region, fiscal_year=2022)
    assert report.contacts_by_month["2023-03"] == 1
    assert annual_report_sql(region.pk, 2022).contacts_by_month["2023-03"] == 1
    assert report.contacts_total == 1
