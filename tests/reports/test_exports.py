"""Downloads open with the real libraries, carry Japanese, are audited, and give the same
figures as the page and the JSON of `tsunagu report annual`."""

import csv
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader
from tests.reports.builders import at, consult, make_person, sample_year

from tsunagu.core.models import AuditAction, AuditEntry, ListItem, ListKind
from tsunagu.reports.layout import month_label
from tsunagu.reports.sections import extra_tables

Q = "?year=2022"
SECTIONS = {
    "persons_by_disability": "障害種別別 実人数（重複カウントあり）",
    "persons_by_municipality": "市町村別 実人数",
    "contacts_by_method": "相談方法別 延べ件数",
    "contacts_by_topic": "支援内容別 延べ件数（重複カウントあり）",
    "contacts_by_month": "月別 延べ件数",
    "contacts_by_consultant": "相談者別 延べ件数",
    "contacts_by_kind": "相談の種類別 延べ件数",
    "contacts_by_method_national": "国の分類：支援方法別",
    "contacts_by_topic_national": "国の分類：支援内容別（重複カウントあり）",
}
SUMMARY = {
    "persons_total": "実人数",
    "contacts_total": "延べ件数",
    "anonymous_contacts": "うち匿名・未特定の相談",
    "persons_under_18": "実人数のうち障害児（4月1日に18歳未満）",
    "persons_new": "実人数のうち新規（初めての相談が本年度）",
    "contacts_outside_hours": "延べ件数のうち時間外",
}


def _year(region):
    sample_year(region, persons=30)
    lonely = make_person(region, 999, municipality="12409", disabilities=["smid"])
    consult(region, at(2022, 8, 8), person=lonely, method="fax")


def _json(region, *extra):
    out = io.StringIO()
    call_command(
        "report", "annual", "--year", "2022", "--region", region.code, "--json", *extra, stdout=out
    )
    text = out.getvalue()
    assert text.count("\n") <= 1
    return json.loads(text)


def _expected_triples(figures):
    """(区分, 項目, 数 as text) for every figure in the JSON."""
    triples = {("総数", label, str(figures[key])) for key, label in SUMMARY.items()}
    for key, caption in SECTIONS.items():
        for label, value in figures[key].items():
            shown = month_label(label) if key == "contacts_by_month" else label
            triples.add((caption, shown, str(value)))
    for table in extra_tables(figures):  # sections other apps add (地域支援)
        triples |= {(table["caption"], str(label), str(v)) for label, v in table["rows"]}
    return triples


def _extra_captions(figures):
    return {t["caption"] for t in extra_tables(figures)}


def _csv_triples(text):
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["区分", "項目", "数", "単位"]
    return {(r[0], r[1], r[2]) for r in rows[1:]}


def _xlsx_triples(content, extra_captions=frozenset()):
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0].startswith("令和4年度")
    triples, section = set(), None
    for row in rows[1:]:
        first = row[0] if row else None
        if first in SECTIONS.values() or first == "総数" or first in extra_captions:
            section = first
            continue
        if section and first and len(row) > 1 and row[1] is not None and first != "項目":
            triples.add((section, first, str(row[1])))
        elif not first:
            section = None
    return triples


def _pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _pdf_sections(content, extra_captions=frozenset()):
    """{caption: {(項目, 数)}} read from the PDF's text (label and number on separate lines)."""
    sections, current = {}, None
    captions = {"総数", *SECTIONS.values(), *extra_captions}
    for line in _pdf_text(content).splitlines():
        line = line.strip()
        if line in captions:
            current = sections.setdefault(line, [])
        elif "。" in line:  # the notes under the tables
            current = None
        elif current is not None and line and line != "項目" and not line.startswith("数"):
            current.append(line)
    result = {}
    for caption, lines in sections.items():
        labels, numbers = lines[0::2], [n.replace(",", "") for n in lines[1::2]]
        if caption == "総数":
            labels = [re.sub(r"（[人件]）$", "", label) for label in labels]
        result[caption] = set(zip(labels, numbers, strict=False))
    return result


def triples_in(triples, caption):
    return {(label, value) for section, label, value in triples if section == caption}


def _page_cells(html):
    cells = {}
    for table in re.findall(
        r"<table class=\"table report-table\" id=\"table-(\w+)\">(.*?)</table>", html, re.S
    ):
        key, body = table
        rows = re.findall(r"<th scope=\"row\">([^<]+)</th><td class=\"num\">([^<]+)</td>", body)
        cells[key] = {label: value.replace(",", "") for label, value in rows}
    return cells


@pytest.mark.parametrize("who", ["center_staff", "secretariat"])
def test_page_files_and_json_give_the_same_figures(who, client, login, region, request):
    _year(region)
    user = request.getfixturevalue(who)
    login(client, user)
    figures = _json(region, *(["--suppressed"] if who == "secretariat" else []))
    expected = _expected_triples(figures)
    if who == "secretariat":
        assert "＊" in json.dumps(figures, ensure_ascii=False)

    utf8 = client.get(f"/reports/annual/jisseki.csv{Q}").content
    assert utf8.startswith(b"\xef\xbb\xbf")
    assert _csv_triples(utf8[3:].decode("utf-8")) == expected
    cp932 = client.get(f"/reports/annual/jisseki.csv{Q}&encoding=cp932").content
    assert _csv_triples(cp932.decode("cp932")) == expected
    extra = _extra_captions(figures)
    xlsx = client.get(f"/reports/annual/jisseki.xlsx{Q}").content
    assert _xlsx_triples(xlsx, extra) == expected

    pdf = _pdf_sections(client.get(f"/reports/annual/jisseki.pdf{Q}").content, extra)
    assert pdf == {caption: triples_in(expected, caption) for caption in pdf}
    assert set(pdf) == {"総数", *SECTIONS.values(), *extra}

    cells = _page_cells(client.get(f"/reports/annual/{Q}").content.decode())
    for key in SECTIONS:
        assert cells[key] == {
            (month_label(k) if key == "contacts_by_month" else k): str(v)
            for k, v in figures[key].items()
        }


def test_json_has_exactly_the_keys_of_the_issue(region):
    _year(region)
    figures = _json(region)
    assert list(figures) == [
        "fiscal_year", "persons_total", "contacts_total", "anonymous_contacts",
        "persons_by_disability", "persons_by_municipality", "contacts_by_method",
        "contacts_by_topic", "contacts_by_month",
        # issue 18
        "persons_under_18", "persons_new", "contacts_outside_hours", "contacts_by_consultant",
        "contacts_by_kind", "contacts_by_method_national", "contacts_by_topic_national",
        # the 地域支援 section (issue 19, reports/sections.py)
        "community_activities_by_method", "community_activities_by_municipality",
        "provider_support_total", "provider_support_by_organization_kind",
        "case_meetings_total", "case_meetings_by_municipality", "observations_by_source",
        # the 地域移行・地域定着 section (issue 23)
        "transition_persons_supported", "transition_persons_left", "transition_steps_by_kind",
        "settlement_persons", "settlement_responses",
    ]  # fmt: skip
    assert figures["fiscal_year"] == 2022
    assert list(figures["contacts_by_month"])[0] == "2022-04"
    assert "身体障害" in figures["persons_by_disability"]
    assert "東金市" in figures["persons_by_municipality"]


def test_text_output_is_a_readable_japanese_table(region):
    _year(region)
    out = io.StringIO()
    call_command("report", "annual", "--year", "2022", stdout=out)
    text = out.getvalue()
    assert text.startswith("令和4年度 実績報告（山武圏域）")
    assert "■ 市町村別 実人数" in text
    assert re.search(r"芝山町\s+\d+ 人", text)


def test_xlsx_title_row_csv_bom_and_filenames(client, center_staff, login, region):
    _year(region)
    login(client, center_staff)

    xlsx = client.get(f"/reports/annual/jisseki.xlsx{Q}")
    assert xlsx["Content-Disposition"] == 'attachment; filename="jisseki-2022.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "令和4年度 実績報告"
    assert "山武圏域" in sheet["A2"].value

    csv_response = client.get(f"/reports/annual/jisseki.csv{Q}")
    assert csv_response["Content-Disposition"] == 'attachment; filename="jisseki-2022.csv"'
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    cp932 = client.get(f"/reports/annual/jisseki.csv{Q}&encoding=cp932")
    assert cp932["Content-Disposition"] == 'attachment; filename="jisseki-2022-cp932.csv"'
    assert not cp932.content.startswith(b"\xef\xbb\xbf")
    assert "東金市" in cp932.content.decode("cp932")

    pdf = client.get(f"/reports/annual/jisseki.pdf{Q}")
    assert pdf["Content-Disposition"] == 'attachment; filename="jisseki-2022.pdf"'
    reader = PdfReader(io.BytesIO(pdf.content))
    page = reader.pages[0]
    assert [round(float(v)) for v in page.mediabox[2:]] == [595, 842]  # A4 in points
    fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    assert fonts and all(f["/Subtype"] == "/TrueType" for f in fonts)  # not a CID font
    assert all("/FontFile2" in f["/FontDescriptor"] for f in fonts)  # embedded
    assert any("IPAexGothic" in f["/BaseFont"] for f in fonts)
    assert "令和4年度 実績報告" in page.extract_text()


def test_cp932_csv_substitutes_labels_it_cannot_write(client, center_staff, login, region):
    topic = ListItem.objects.get(region=region, kind=ListKind.SUPPORT_TOPIC, code="other")
    topic.label = "その他（𠮷田さん向けⒶ）"
    topic.save()
    consult(region, at(2022, 5, 1), topics=("other",))
    login(client, center_staff)

    text = client.get(f"/reports/annual/jisseki.csv{Q}&encoding=cp932").content.decode("cp932")
    assert "その他（吉田さん向け○A）,1,件" in text
    utf8 = client.get(f"/reports/annual/jisseki.csv{Q}").content.decode("utf-8-sig")
    assert "その他（𠮷田さん向けⒶ）,1,件" in utf8


def test_every_export_is_audited(client, municipal_staff, center_staff, center_org, login, region):
    login(client, municipal_staff)
    for path in ["jisseki.xlsx", "jisseki.csv", "jisseki.csv?encoding=cp932", "jisseki.pdf"]:
        sep = "&" if "?" in path else "?"
        assert client.get(f"/reports/annual/{path}{sep}year=2022").status_code == 200
    client.logout()
    login(client, center_staff)
    client.get(f"/reports/annual/jisseki.pdf{Q}")

    entries = AuditEntry.objects.filter(action=AuditAction.EXPORT, target_type="reports.annual")
    summaries = sorted((e.username, e.summary) for e in entries)
    # the officer's own municipality (東金市, exact: their contract), the center's records
    mia = f"municipality=12213 org={center_org.pk}"
    assert summaries == [
        ("carol-center", f"fy=2022 format=pdf municipality=region org={center_org.pk}"),
        ("mia-municipality", f"fy=2022 format=csv-cp932 {mia}"),
        ("mia-municipality", f"fy=2022 format=csv-utf8 {mia}"),
        ("mia-municipality", f"fy=2022 format=pdf {mia}"),
        ("mia-municipality", f"fy=2022 format=xlsx {mia}"),
    ]
    assert all(e.region_id == region.pk for e in entries)


def test_outside_readers_files_never_hold_a_small_count(client, secretariat, login, region):
    _year(region)
    login(client, secretariat)
    rows = _csv_triples(client.get(f"/reports/annual/jisseki.csv{Q}").content.decode("utf-8-sig"))
    assert ("障害種別別 実人数（重複カウントあり）", "重症心身障害", "＊") in rows
    assert not [r for r in rows if r[2] in ("1", "2")]
    text = _pdf_text(client.get(f"/reports/annual/jisseki.pdf{Q}").content)
    assert "重症心身障害\n＊" in text


def test_command_needs_a_known_region_and_audits_its_output(region, other_region):
    with pytest.raises(CommandError, match="圏域が複数あります"):
        call_command("report", "annual", "--year", "2022", stdout=io.StringIO())
    with pytest.raises(CommandError, match="nowhere"):
        call_command("report", "annual", "--region", "nowhere", stdout=io.StringIO())
    _json(region, "--suppressed")
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("at")
    assert (entry.username, entry.summary) == (
        "command:report",
        "fy=2022 format=json municipality=region org= suppressed",  # no center organization
    )
    assert entry.path == "command:report"


def test_downloads_refuse_a_bad_year(client, center_staff, login, region):
    login(client, center_staff)
    for path in ["jisseki.xlsx", "jisseki.csv", "jisseki.pdf", "chart/month.svg"]:
        assert client.get(f"/reports/annual/{path}?year=20x2").status_code == 400
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
