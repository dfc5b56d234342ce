"""Issue 18: the report each 市町村 receives, counted by hand.

The records below are few enough to count on paper; every expected number is that count,
written next to the records that make it."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader, PdfWriter
from tests.reports.builders import at, item, make_person

from tsunagu.consultations.services import consultation_record
from tsunagu.core.models import ListKind
from tsunagu.people.services import person_update
from tsunagu.reports.hours import is_outside_hours
from tsunagu.reports.sections import extra_figures
from tsunagu.reports.selectors import annual_report, annual_reports
from tsunagu.reports.sql import annual_report_sql
from tsunagu.reports.suppression import suppress

TOGANE, SANMU, SHIBAYAMA = "12213", "12237", "12409"


def record(region, when, *, person=None, organization=None, method="phone", caller="self",
           topics=("health",), kind=None, municipality=None):  # fmt: skip
    return consultation_record(
        actor="test",
        region=region,
        occurred_at=when,
        method=item(region, ListKind.CONTACT_METHOD, method),
        caller_type=item(region, ListKind.CALLER_TYPE, caller),
        topics=[item(region, ListKind.SUPPORT_TOPIC, t) for t in topics],
        person=person,
        organization=organization,
        kind=item(region, ListKind.CONSULTATION_KIND, kind) if kind else None,
        municipality=region.municipalities.get(code=municipality) if municipality else None,
        audit=False,
    )


def born(region, n, birth_date, municipality=TOGANE):
    person = make_person(region, n, municipality=municipality)
    return person_update(actor="test", person=person, birth_date=birth_date, audit=False)


@pytest.fixture
def hand_counted(region, center_org, provider_org):
    """令和4年度 (2022-04-01 .. 2023-03-31). Center records unless said otherwise."""
    c = center_org
    # A: 東金市 in June, moves to 山武市, consulted again in October (weekday, 10:00).
    a = born(region, 1, date(1980, 5, 5))
    record(region, at(2022, 6, 1, 10), person=a, organization=c, caller="family")
    person_update(actor="test", person=a, municipality=region.municipalities.get(code=SANMU),
                  audit=False)  # fmt: skip
    record(region, at(2022, 10, 5, 10), person=a, organization=c)
    # B: 東金市, 18th birthday on 3/31 (born 2004-03-31): 18 on 2022-04-01, not 障害児.
    #    17:14 and 17:16 on Wednesday 2022-06-08: inside, then outside the hours.
    b = born(region, 2, date(2004, 3, 31))
    record(region, at(2022, 6, 8, 17, 14), person=b, organization=c, method="fax")
    record(region, at(2022, 6, 8, 17, 16), person=b, organization=c, method="online")
    # C: 東金市, 18th birthday on 4/1 (born 2004-04-01): 18 on 2022-04-01, not 障害児.
    #    17:14 and 17:16 on 文化の日 (Thursday 2022-11-03, a national holiday): both outside.
    c_person = born(region, 3, date(2004, 4, 1))
    record(region, at(2022, 11, 3, 17, 14), person=c_person, organization=c, kind="plan",
           topics=("discrimination", "other"))  # fmt: skip
    record(region, at(2022, 11, 3, 17, 16), person=c_person, organization=c)
    # D: 東金市, born 2004-04-02: 17 on 2022-04-01, 障害児. Consulted in 令和3年度 too: not 新規.
    d = born(region, 4, date(2004, 4, 2))
    record(region, at(2021, 9, 1, 10), person=d, organization=c)
    record(region, at(2022, 9, 1, 10), person=d, organization=c, caller="agency")
    # E: 東金市, born 2005-03-31 (18th birthday on the last day of the 年度): 障害児.
    #    Only a provider's record: never in the center's figures.
    e = born(region, 5, date(2005, 3, 31))
    record(region, at(2022, 7, 1, 10), person=e, organization=provider_org)
    # Anonymous: one naming 東金市, one naming no municipality (both weekday 10:00).
    record(region, at(2022, 12, 1, 10), organization=c, municipality=TOGANE, caller="other")
    record(region, at(2022, 12, 2, 10), organization=c)
    # A record from before organizations were recorded (none named): the center's.
    f = born(region, 6, None, municipality=SHIBAYAMA)
    record(region, at(2023, 3, 31, 9, 0), person=f)
    return {"a": a, "provider": provider_org, "center": center_org}


def _json(region, *args):
    out = io.StringIO()
    call_command("report", "annual", "--year", "2022", "--region", region.code, "--json", *args,
                 stdout=out)  # fmt: skip
    return json.loads(out.getvalue())


def test_togane_counted_by_hand_through_the_command(region, hand_counted):
    togane = _json(region, "--municipality", TOGANE)
    # 東金市: A (June), B ×2, C ×2, D (2022), anonymous naming 東金市 = 7 contacts;
    # persons A, B, C, D = 4 (E is a provider's; A's October record is 山武市's).
    assert togane["contacts_total"] == 7
    assert togane["persons_total"] == 4
    assert togane["anonymous_contacts"] == 1
    assert togane["persons_by_municipality"] == {"東金市": 4}
    assert togane["persons_under_18"] == 1  # D only (B and C are 18 on 4/1, E not counted)
    assert togane["persons_new"] == 3  # A, B, C; D was consulted in 令和3年度
    assert togane["contacts_outside_hours"] == 3  # B 17:16, C 17:14 and 17:16 on 文化の日
    assert togane["contacts_by_consultant"] == {
        "本人": 4, "家族": 1, "関係機関": 1, "行政": 0, "その他": 1
    }  # fmt: skip
    assert togane["contacts_by_kind"]["一般相談（基本相談支援）"] == 6
    assert togane["contacts_by_kind"]["計画相談支援"] == 1
    assert sum(togane["contacts_by_kind"].values()) == 7
    # 相談方法: FAX 1, オンライン 1, 電話 5; national: FAX → その他, オンライン → 電話.
    assert togane["contacts_by_method"]["FAX"] == 1
    assert togane["contacts_by_method"]["オンライン"] == 1
    assert togane["contacts_by_method_national"]["電話"] == 6
    assert togane["contacts_by_method_national"]["その他"] == 1
    assert sum(togane["contacts_by_method_national"].values()) == 7
    # C's first record has 差別 and その他: both fold into national その他, counted once.
    assert togane["contacts_by_topic"]["障害を理由とする差別に関する相談"] == 1
    assert togane["contacts_by_topic"]["その他"] == 1
    assert togane["contacts_by_topic_national"]["その他"] == 1
    assert togane["contacts_by_topic_national"]["健康・医療に関する支援"] == 6
    assert "障害を理由とする差別に関する相談" not in togane["contacts_by_topic_national"]


def test_the_mover_counts_in_each_municipality_and_once_in_the_region(region, hand_counted):
    sanmu = annual_report(region=region, fiscal_year=2022, municipality=SANMU,
                          organizations=[hand_counted["center"].pk])  # fmt: skip
    assert (sanmu.persons_total, sanmu.contacts_total) == (1, 1)  # A in October
    assert sanmu.persons_new == 1  # A's first record on file is in this 年度
    whole = _json(region)
    # Center's records: A ×2, B ×2, C ×2, D, 2 anonymous, F (unattributed) = 10; persons
    # A, B, C, D, F = 5.
    assert whole["contacts_total"] == 10
    assert whole["persons_total"] == 5
    # The region keeps the meaning of persons_by_municipality: today's 市町村 (A: 山武市).
    assert whole["persons_by_municipality"]["東金市"] == 3
    assert whole["persons_by_municipality"]["山武市"] == 1
    assert whole["persons_by_municipality"]["芝山町"] == 1
    assert whole["contacts_outside_hours"] == 3
    assert whole["persons_under_18"] == 1


def test_a_providers_record_enters_only_when_chosen(region, hand_counted):
    provider = hand_counted["provider"]
    everyone = _json(region, "--municipality", TOGANE, "--all-organizations")
    assert everyone["persons_total"] == 5  # E joins
    assert everyone["persons_under_18"] == 2  # D and E (born 2005-03-31: 17 on 2022-04-01)
    assert everyone["contacts_total"] == 8
    only_provider = _json(region, "--municipality", TOGANE, "--organization", str(provider.pk))
    # E's record only; records naming no organization count with any chosen organization.
    assert (only_provider["persons_total"], only_provider["contacts_total"]) == (1, 1)
    with pytest.raises(CommandError, match="市町村コード"):
        _json(region, "--municipality", "99999")


def test_every_municipality_in_one_pass_matches_each_alone(region, hand_counted):
    center = [hand_counted["center"].pk]
    reports = annual_reports(region=region, fiscal_year=2022, organizations=center)
    assert reports.region == annual_report(region=region, fiscal_year=2022, organizations=center)
    for m in reports.municipalities:
        alone = annual_report(region=region, fiscal_year=2022, municipality=m.code,
                              organizations=center)  # fmt: skip
        assert m.report == alone, m.name
    by_code = {m.code: m.report for m in reports.municipalities}
    assert by_code[TOGANE].contacts_total == 7
    assert by_code[SHIBAYAMA].persons_total == 1  # F, unattributed
    # The anonymous record without a municipality is the region's only.
    assert sum(r.contacts_total for r in by_code.values()) == reports.region.contacts_total - 1
    all_json = _json(region, "--municipality", "all")
    # each report object also carries the sections other apps add (地域支援, issue 19)
    section = extra_figures(region=region, fiscal_year=2022)
    assert all_json["region"] == {**reports.region.to_dict(), **section}
    section = extra_figures(region=region, fiscal_year=2022, municipality=TOGANE)
    assert all_json[TOGANE] == {**by_code[TOGANE].to_dict(), **section}


def test_the_hand_written_sql_agrees_on_the_new_keys(region, hand_counted):
    assert annual_report(region=region, fiscal_year=2022) == annual_report_sql(region.pk, 2022)


def test_hours_rule_at_the_edges(settings):
    assert not is_outside_hours(at(2022, 6, 8, 8, 30))
    assert not is_outside_hours(at(2022, 6, 8, 17, 14))
    assert is_outside_hours(at(2022, 6, 8, 17, 15))
    assert is_outside_hours(at(2022, 6, 8, 8, 29))
    assert is_outside_hours(at(2022, 11, 3, 10))  # 文化の日
    assert is_outside_hours(at(2022, 12, 29, 10))  # 年末年始
    assert is_outside_hours(at(2022, 6, 11, 10))  # Saturday
    settings.CENTER_HOURS = "09:00-18:00"
    assert not is_outside_hours(at(2022, 6, 8, 17, 16))
    assert is_outside_hours(at(2022, 6, 8, 8, 45))


def test_the_officer_of_togane_sees_the_centers_exact_togane_figures(
    client, login, region, hand_counted, center_staff, municipal_staff
):
    login(client, center_staff)
    center_page = client.get(f"/reports/annual/?year=2022&municipality={TOGANE}").content
    client.logout()
    login(client, municipal_staff)
    officer_page = client.get("/reports/annual/?year=2022").content.decode()
    assert 'value="12213" selected' in officer_page
    assert "＊" not in officer_page
    assert "試験" not in officer_page  # aggregates only: no name
    center_cells = _cells(center_page.decode())
    assert center_cells == _cells(officer_page)
    assert center_cells["persons_total"] == "4"
    assert center_cells["persons_under_18"] == "1"
    # Another municipality: suppressed (山武市 has A alone: 1 person, 1 contact).
    sanmu = client.get(f"/reports/annual/?year=2022&municipality={SANMU}").content.decode()
    assert "＊" in sanmu
    # The region total is not offered to the officer (region − own would give others back).
    assert client.get("/reports/annual/?year=2022&municipality=").status_code == 400
    assert client.get("/reports/annual/?year=2022&municipality=all").status_code == 400


def _cells(html):
    """Summary tiles and table cells of the page, keyed by JSON key or 'table:label'."""
    import re

    from tsunagu.reports.layout import SUMMARY

    tiles = re.findall(r'<span class="tile__value">([^<]+)<small>', html)
    cells = {key: value for (key, _label, _unit), value in zip(SUMMARY, tiles, strict=True)}
    for key, body in re.findall(r'id="table-(\w+)">(.*?)</table>', html, re.S):
        for label, value in re.findall(
            r'<th scope="row">([^<]+)</th><td class="num">([^<]+)<', body
        ):
            cells[f"{key}:{label}"] = value
    return cells


def test_suppressed_view_of_a_small_municipality_hides_parts_and_folds(region, hand_counted):
    sanmu = annual_report(region=region, fiscal_year=2022, municipality=SANMU,
                          organizations=[hand_counted["center"].pk])  # fmt: skip
    shown = suppress(sanmu)
    assert shown["persons_total"] == shown["contacts_total"] == "＊"
    assert shown["persons_new"] == "＊"
    values = [v for k, v in shown.items() if k != "fiscal_year" and not isinstance(v, dict)]
    values += [v for table in shown.values() if isinstance(table, dict) for v in table.values()]
    assert not [v for v in values if v in (1, 2)]


def test_every_municipality_files_read_back_equal_to_the_json(
    client, login, region, hand_counted, center_staff
):
    """XLSX: a sheet for the region then each municipality; CSV (CP932): 市町村 first;
    PDF: a page each. Every figure equal to `--municipality all --json`."""
    from tests.reports.test_exports import (
        SECTIONS,
        _expected_triples,
        _extra_captions,
        _pdf_sections,
        triples_in,
    )

    expected_json = _json(region, "--municipality", "all")
    names = {"region": region.name, **dict(region.municipalities.values_list("code", "name"))}
    login(client, center_staff)
    q = "?year=2022&municipality=all"

    book = load_workbook(io.BytesIO(client.get(f"/reports/annual/jisseki.xlsx{q}").content))
    assert book.sheetnames == [names["region"], *[names[c] for c in sorted(names) if c != "region"]]
    cp932 = client.get(f"/reports/annual/jisseki.csv{q}&encoding=cp932").content.decode("cp932")
    rows = list(csv.reader(io.StringIO(cp932)))
    assert rows[0] == ["市町村", "区分", "項目", "数", "単位"]
    pdf = PdfReader(io.BytesIO(client.get(f"/reports/annual/jisseki.pdf{q}").content))
    assert len(pdf.pages) >= len(names)
    extra = _extra_captions(expected_json["region"])  # 地域支援 (issue 19), on every part
    assert "地域支援 方法別 件数" in extra
    for code, figures in expected_json.items():
        expected = _expected_triples(figures)
        assert extra <= {caption for caption, _label, _n in expected}, code
        assert _sheet_triples(book[names[code]], extra) == expected, code
        assert {(r[1], r[2], r[3]) for r in rows[1:] if r[0] == names[code]} == expected, code
    # The PDF's first part is the region's: read back like the single report's.
    first = PdfWriter()
    for page in pdf.pages:
        if (
            "令和4年度" in page.extract_text()
            and len(first.pages)
            and names[TOGANE] in (page.extract_text().splitlines()[1])
        ):
            break
        first.add_page(page)
    buffer = io.BytesIO()
    first.write(buffer)
    sections = _pdf_sections(buffer.getvalue(), extra)
    region_expected = _expected_triples(expected_json["region"])
    assert set(sections) == {"総数", *SECTIONS.values(), *extra}
    assert sections == {c: triples_in(region_expected, c) for c in sections}
    page = client.get(f"/reports/annual/{q}").content.decode()
    assert all(f'<th scope="col" class="num">{name}</th>' in page for name in names.values())
    assert "地域支援 方法別 件数" in page


def _sheet_triples(sheet, extra_captions=frozenset()):
    from tests.reports.test_exports import SECTIONS

    triples, section = set(), None
    for row in list(sheet.iter_rows(values_only=True))[1:]:
        first = row[0] if row else None
        if first in SECTIONS.values() or first == "総数" or first in extra_captions:
            section = first
            continue
        if section and first and len(row) > 1 and row[1] is not None and first != "項目":
            triples.add((section, first, str(row[1])))
        elif not first:
            section = None
    return triples


def test_a_local_item_added_by_the_administrator_folds_into_its_national_item(
    client, login, admin, region, center_org
):
    login(client, admin)
    response = client.post(
        "/lists/contact_method/",
        {"code": "line", "label": "LINE", "sort_order": "95", "is_active": "on",
         "national_code": "phone"},
    )  # fmt: skip
    assert response.status_code == 302
    record(region, at(2022, 6, 1, 10), method="line", organization=center_org)
    record(region, at(2022, 6, 2, 10), method="phone", organization=center_org)
    report = annual_report(region=region, fiscal_year=2022)
    assert report.contacts_by_method["LINE"] == 1  # local, as recorded
    assert report.contacts_by_method_national["電話"] == 2  # national, folded
    assert "LINE" not in report.contacts_by_method_national
    page = client.get(
        "/lists/contact_method/?edit=" + str(item(region, "contact_method", "line").pk)
    )
    assert 'value="phone" selected' in page.content.decode()
