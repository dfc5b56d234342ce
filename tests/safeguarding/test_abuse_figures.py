"""Yearly figures of abuse reports for the municipality's survey: a known data set, the 年度
boundary in Tokyo time, per municipality, CSV and XLSX agreeing with the page, downloads
audited, no reporter or person in any of them, and a query count that does not grow."""

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook
from tests.safeguarding.fixtures_abuse import REPORTER_NAME, receive

from tsunagu.core.dates import TOKYO
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.safeguarding.abuse.figures import abuse_figures, table_rows
from tsunagu.safeguarding.abuse.services import abuse_report_advance
from tsunagu.safeguarding.models import AbuseStatus


def tokyo(*args) -> datetime:
    return datetime(*args, tzinfo=TOKYO)


@pytest.fixture
def year_of_reports(region, center_staff, person):
    togane = region.municipalities.get(code="12213")
    sanmu = region.municipalities.get(code="12237")
    a = receive(region, center_staff, received_at=tokyo(2026, 4, 1, 0, 0), municipality=togane,
                types=["type_physical", "type_psychological"], abuser_category="caregiver")
    receive(region, center_staff, received_at=tokyo(2026, 6, 10, 10, 0), municipality=togane,
            types=["type_economic"], abuser_category="facility")
    receive(region, center_staff, received_at=tokyo(2026, 7, 4, 21, 0), person=person,
            types=["type_neglect"], abuser_category="employer")  # 山武市, the person's
    receive(region, center_staff, received_at=tokyo(2026, 8, 1, 21, 0),
            types=["type_physical"], abuser_category="caregiver")  # no municipality
    # 年度 2025: the last minute of 3/31 in Tokyo (already 4/1 nowhere that matters)
    receive(region, center_staff, received_at=tokyo(2026, 3, 31, 23, 59), municipality=sanmu,
            types=["type_sexual"], abuser_category="caregiver")
    # a's case, confirmed in time and closed
    abuse_report_advance(actor=center_staff, report=a, to_status=AbuseStatus.FACT_CHECK,
                         note="訪問", at=tokyo(2026, 4, 2, 10, 0), safety_confirmed=True)
    abuse_report_advance(actor=center_staff, report=a, to_status=AbuseStatus.CLOSED,
                         note="終結", at=tokyo(2026, 5, 1, 10, 0), finding="confirmed",
                         outcome="separation")
    return a


def _row(figures, section, key):
    rows = next(s for s in figures["sections"] if s["key"] == section)["rows"]
    return next(r for r in rows if r["key"] == key)


def test_figures_of_a_known_year(region, year_of_reports):
    figures = abuse_figures(region_id=region.pk, fiscal_year=2026)
    names = [c["name"] for c in figures["columns"]]
    assert names == ["東金市", "山武市", "大網白里市", "九十九里町", "芝山町", "横芝光町",
                     "市町村未設定"]
    assert figures["total"] == 4
    assert figures["fiscal_year_label"] == "令和8年度"
    assert _row(figures, "total", "all")["values"] == [2, 1, 0, 0, 0, 0, 1]
    assert _row(figures, "types", "type_physical")["total"] == 2
    assert _row(figures, "types", "type_physical")["values"][0] == 1
    # several types per report: the type rows add up to more than the reports
    assert sum(r["total"] for r in next(s for s in figures["sections"]
                                        if s["key"] == "types")["rows"]) == 5
    assert _row(figures, "abuser", "caregiver")["total"] == 2
    assert _row(figures, "abuser", "facility")["values"][0] == 1
    assert _row(figures, "abuser", "employer")["values"][1] == 1
    assert _row(figures, "finding", "confirmed")["total"] == 1
    assert _row(figures, "finding", "blank")["total"] == 3
    assert _row(figures, "outcome", "separation")["total"] == 1
    assert _row(figures, "state", "closed")["total"] == 1
    assert _row(figures, "safety", "in_time")["total"] == 1
    assert _row(figures, "safety", "none")["total"] == 3


def test_the_fiscal_year_boundary_is_tokyo_midnight(region, year_of_reports):
    figures = abuse_figures(region_id=region.pk, fiscal_year=2025)
    assert figures["total"] == 1
    assert _row(figures, "types", "type_sexual")["values"][1] == 1  # 山武市
    assert "市町村未設定" not in [c["name"] for c in figures["columns"]]


def test_figures_of_one_municipality(region, year_of_reports):
    figures = abuse_figures(region_id=region.pk, fiscal_year=2026, municipality_code="12213")
    assert [c["name"] for c in figures["columns"]] == ["東金市"]
    assert figures["total"] == 2
    header, rows = table_rows(figures)
    assert header == ["区分", "項目", "東金市", "合計"]


@pytest.mark.parametrize("role", ["admin", "center_staff"])
def test_page_csv_and_xlsx_agree_and_downloads_are_audited(
    role, client, personas, year_of_reports, login
):
    user = personas[role]
    login(client, user)
    page = client.get("/safeguarding/abuse/figures/?year=2026")
    assert page.status_code == 200
    body = page.content.decode()
    assert "令和8年度の通報・届出: 4 件" in body
    assert "髙橋" not in body and REPORTER_NAME not in body

    response = client.get("/safeguarding/abuse/figures.csv?year=2026")
    assert response["Content-Disposition"] == 'attachment; filename="abuse-2026-all.csv"'
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["区分", "項目", "東金市", "山武市", "大網白里市", "九十九里町", "芝山町",
                       "横芝光町", "市町村未設定", "合計"]
    assert rows[1] == ["通報・届出の件数", "件数", "2", "1", "0", "0", "0", "0", "1", "4"]
    assert ["虐待の種別（重複カウントあり）", "身体的虐待", "1", "0", "0", "0", "0", "0", "1",
            "2"] in rows

    response = client.get("/safeguarding/abuse/figures.xlsx?year=2026&municipality=12213")
    assert response["Content-Disposition"] == 'attachment; filename="abuse-2026-12213.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert "令和8年度" in cells[0][0]
    assert cells[2] == ["区分", "項目", "東金市", "合計"]
    assert cells[3] == ["通報・届出の件数", "件数", 2, 2]
    text = repr(cells)
    assert "髙橋" not in text and REPORTER_NAME not in text

    exports = AuditEntry.objects.filter(user=user, action=AuditAction.EXPORT).order_by("pk")
    assert list(exports.values_list("summary", flat=True)) == [
        "fy=2026 municipality=all format=csv",
        "fy=2026 municipality=12213 format=xlsx",
    ]


def test_a_bad_year_is_refused_politely(client, center_staff, login):
    login(client, center_staff)
    assert client.get("/safeguarding/abuse/figures/?year=1850").status_code == 400
    assert client.get("/safeguarding/abuse/figures.csv?year=abc").status_code == 400


@pytest.mark.parametrize(
    "role", ["provider_staff", "secretariat", "municipal_staff", "member"]
)
def test_other_roles_are_refused_the_figures(role, client, personas, year_of_reports, login):
    login(client, personas[role])
    paths = ("figures.csv", "figures.xlsx")
    if role != "municipal_staff":  # the officer sees their own municipality's page (below)
        paths = ("figures/", *paths)
    for path in paths:
        assert client.get(f"/safeguarding/abuse/{path}?year=2026").status_code == 403


def test_another_region_sees_only_its_own_figures(client, outsider, year_of_reports, login):
    login(client, outsider)
    body = client.get("/safeguarding/abuse/figures/?year=2026").content.decode()
    assert "令和8年度の通報・届出: 0 件" in body
    assert "東金市" not in body


def test_figures_query_count_does_not_grow(
    client, center_staff, region, year_of_reports, login, django_assert_max_num_queries
):
    for day in range(1, 21):
        receive(region, center_staff, received_at=tokyo(2026, 9, day, 12, 0))
    login(client, center_staff)
    with django_assert_max_num_queries(12):  # with the disaster banner, read from the database (issue 17)
        response = client.get("/safeguarding/abuse/figures/?year=2026")
    assert "令和8年度の通報・届出: 24 件" in response.content.decode()
