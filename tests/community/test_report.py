"""The annual report carries the 地域支援 section: the page, the XLSX, the CSV and the JSON."""

import io
import json

from django.core.management import call_command
from openpyxl import load_workbook


def test_the_annual_report_shows_the_community_section(
    client,
    login,
    region,
    center_staff,
    community_activity,
    provider_support,
    case_meeting,
    community_observation,
):
    login(client, center_staff)
    page = client.get("/reports/annual/?year=2022").content.decode()
    assert "地域支援 方法別 件数" in page and "個別支援会議 開催回数" in page
    sheet = load_workbook(
        io.BytesIO(client.get("/reports/annual/jisseki.xlsx?year=2022").content)
    ).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0]]
    assert ("福祉教育", 1) in [(r[0], r[1]) for r in rows]
    assert ("個別支援会議", 1) in [(r[0], r[1]) for r in rows]
    csv_text = client.get("/reports/annual/jisseki.csv?year=2022").content.decode("utf-8-sig")
    assert "地域の声 出どころ別 件数,学習カード,1,件" in csv_text
    out = io.StringIO()
    call_command(
        "report", "annual", "--year", "2022", "--region", region.code, "--json", stdout=out
    )
    figures = json.loads(out.getvalue())
    assert figures["community_activities_by_method"]["福祉教育"] == 1
    assert figures["provider_support_total"] == 1
    assert figures["case_meetings_total"] == 1
    assert figures["observations_by_source"]["学習カード"] == 1


def test_outside_readers_see_the_section_too(client, login, secretariat, community_activity):
    login(client, secretariat)
    page = client.get("/reports/annual/?year=2022").content.decode()
    assert "地域支援 方法別 件数" in page


def test_the_section_is_in_each_municipality_report(
    client, login, region, center_staff, community_activity, case_meeting
):
    """Issue 18's report per 市町村: each report object (the region's, each municipality's)
    carries its own 地域支援 figures; the files show them on every sheet and in the CSV."""
    togane = region.municipalities.order_by("code").first()  # the activity's municipality
    sanmu = region.municipalities.get(code="12237")  # the meeting's person lives there
    out = io.StringIO()
    call_command(
        "report", "annual", "--year", "2022", "--region", region.code,
        "--municipality", "all", "--json", stdout=out,
    )  # fmt: skip
    reports = json.loads(out.getvalue())
    assert reports["region"]["community_activities_by_method"]["福祉教育"] == 1
    assert reports["region"]["case_meetings_total"] == 1
    assert reports[togane.code]["community_activities_by_method"]["福祉教育"] == 1
    assert reports[togane.code]["community_activities_by_municipality"] == {togane.name: 1}
    assert reports[togane.code]["case_meetings_total"] == 0
    assert reports[sanmu.code]["community_activities_by_method"]["福祉教育"] == 0
    assert reports[sanmu.code]["case_meetings_total"] == 1
    for key in (
        "community_activities_by_method",
        "community_activities_by_municipality",
        "provider_support_total",
        "case_meetings_total",
        "observations_by_source",
    ):
        assert all(key in report for report in reports.values()), key

    login(client, center_staff)
    page = client.get(f"/reports/annual/?year=2022&municipality={sanmu.code}").content.decode()
    assert "地域支援 方法別 件数" in page
    page = client.get("/reports/annual/?year=2022&municipality=all").content.decode()
    assert "地域支援 方法別 件数" in page and "個別支援会議 開催回数" in page
    book = load_workbook(
        io.BytesIO(client.get("/reports/annual/jisseki.xlsx?year=2022&municipality=all").content)
    )
    for sheet in book.worksheets:
        rows = [(r[0], r[1]) for r in sheet.iter_rows(values_only=True) if r and r[0]]
        meetings = 1 if sheet.title in (region.name, sanmu.name) else 0
        assert ("個別支援会議", meetings) in rows, sheet.title
    csv_text = client.get("/reports/annual/jisseki.csv?year=2022&municipality=all").content
    lines = csv_text.decode("utf-8-sig").splitlines()
    assert f"{togane.name},地域支援 方法別 件数,福祉教育,1,件" in lines
    assert f"{sanmu.name},地域支援 方法別 件数,福祉教育,0,件" in lines


def test_outside_readers_get_the_personal_counts_suppressed(
    client, login, region, secretariat, community_activity, provider_support, case_meeting
):
    """One 個別支援会議 and one 事業所支援: counts about persons (and a provider), shown as ＊ in
    what leaves the center; the activity (a talk at a school) as it is."""
    login(client, secretariat)
    sheet = load_workbook(
        io.BytesIO(client.get("/reports/annual/jisseki.xlsx?year=2022").content)
    ).active
    rows = [(r[0], r[1]) for r in sheet.iter_rows(values_only=True) if r and r[0]]
    assert ("個別支援会議", "＊") in rows
    assert ("山武市", "＊") in rows
    assert ("相談支援事業所", "＊") in rows
    assert ("福祉教育", 1) in rows
    csv_text = client.get("/reports/annual/jisseki.csv?year=2022").content.decode("utf-8-sig")
    assert "個別支援会議 開催回数,個別支援会議,＊,回" in csv_text
    out = io.StringIO()
    call_command(
        "report", "annual", "--year", "2022", "--region", region.code, "--json", "--suppressed",
        stdout=out,
    )  # fmt: skip
    figures = json.loads(out.getvalue())
    assert figures["case_meetings_total"] == "＊"
    assert figures["community_activities_by_method"]["福祉教育"] == 1
