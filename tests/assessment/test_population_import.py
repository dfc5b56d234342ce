"""Reading official population tables: layouts recognized by their headers, every figure
checked against the hand-computed values of tests/assessment/data/README.md, and bad files
refused with a message that names the row, the column and the reason (never a 500)."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from tests.assessment.helpers import data_file

from tsunagu.assessment.models import PopulationDataset, PopulationFigure
from tsunagu.assessment.population import area_population
from tsunagu.assessment.population_import import parse_population

SANBU = {"12213", "12237", "12239", "12403", "12409", "12410"}


def parse(name, data=None, **extra):
    return parse_population(data if data is not None else data_file(name), name,
                            municipality_codes=SANBU, **extra)


def totals(parsed):
    return {(f.code, f.year, f.sex): f.value for f in parsed.figures if f.age_from is None}


def test_estat_long_csv_in_cp932():
    parsed = parse("census_2020_estat.csv")
    assert parsed.ok, parsed.errors
    assert parsed.layout == "estat_long" and parsed.kind == "census"
    assert parsed.source_date == "調査 2020年・公開 2021-11-30"
    assert totals(parsed)[("12213", 2020, "T")] == 39000
    assert totals(parsed)[("12213", 2015, "M")] == 18960
    assert totals(parsed)[("12409", 2020, "F")] == 3350
    assert parsed.municipalities() == ["12213", "12409"]
    assert any("圏域外" in n for n in parsed.notes)
    assert any("再掲" in n for n in parsed.notes)


def test_estat_wide_csv_with_bom():
    parsed = parse("census_2020_wide.csv")
    assert parsed.ok and parsed.layout == "estat_wide"
    assert totals(parsed) == {("12239", 2020, "T"): 21060, ("12239", 2020, "M"): 10000,
                              ("12239", 2020, "F"): 11060}
    groups = [f for f in parsed.figures if f.sex == "M" and f.age_from is not None]
    assert len(groups) == 21  # the （再掲）65歳以上 column is not one of them


def test_registry_single_years_summed_into_five_year_groups():
    parsed = parse("registry_2024.csv")
    assert parsed.ok and parsed.kind == "registry"
    assert parsed.source_date == "基準日 2024-01-01"
    men = {(f.age_from, f.age_to): f.value for f in parsed.figures if f.sex == "M"}
    assert men[(None, None)] == 9305
    assert men[(0, 4)] == 500
    assert men[(65, 69)] == 400
    assert men[(100, None)] == 5


def test_projection_workbook_reads_the_prefecture_sheet():
    parsed = parse("projection_2023.xlsx")
    assert parsed.ok and parsed.kind == "projection"
    assert parsed.source_date == "2023年推計"
    assert parsed.years() == [2020, 2025, 2030, 2035, 2040, 2045, 2050]
    assert totals(parsed)[("12213", 2050, "T")] == 31200
    assert totals(parsed)[("12409", 2050, "T")] == 4940
    assert "12100" not in parsed.municipalities()


@pytest.mark.django_db
def test_population_reads_give_the_hand_computed_rates(region):
    from tsunagu.assessment.services import population_import

    for name, kind in (("census_2020_estat.csv", "census"), ("projection_2023.xlsx", "projection"),
                       ("registry_2024.csv", "registry")):
        parsed = parse(name)
        population_import(actor="test", region=region, parsed=parsed, kind=kind,
                          source_name=parsed.source_name or "住民基本台帳",
                          source_date=parsed.source_date)
    tokyo = area_population(region, region.municipalities.get(code="12213"))
    assert tokyo.latest_total()[0] == 39000
    trend = tokyo.aging_trend()
    assert trend["actual"] == {2015: 25.9, 2020: 33.3}
    assert trend["projected"][2050] == 41.7
    assert tokyo.projection()["index"][2050] == 80.0
    sammu = area_population(region, region.municipalities.get(code="12237"))
    assert sammu.latest_total()[0] == 18970
    assert sammu.aging_trend()["actual"] == {2024: 31.5}
    # The region sums a year only when every municipality has it: none here.
    assert area_population(region).latest() is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "ファイルが空です"),
        ("blank.csv", b"\r\n\r\n", "ファイルが空です"),
        ("other.csv", "氏名,住所\r\n山田,東金\r\n".encode(), "表の形式を判別できません"),
        ("broken.xlsx", b"PK\x03\x04not a zip", "XLSX ファイルとして読めません"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".xls"),
        ("latin1.csv", "地域 コード,年齢,value\n".encode() + b"\xff\xfe\xfa\n",
         "文字コードを判別できません"),
    ],
)
def test_unreadable_files_say_why(name, content, message):
    parsed = parse(name, content)
    assert not parsed.ok
    assert message in str(parsed.errors[0])


def test_unrecognized_layout_says_what_was_expected():
    parsed = parse("x.csv", "市町村,人口\r\n東金市,1\r\n".encode())
    text = str(parsed.errors[0])
    assert "地域 コード" in text and "社人研" in text and "住民基本台帳" in text


def test_header_only_and_outside_the_region():
    parsed = parse("h.csv", "地域 コード,地域,年齢,時間軸,value\r\n".encode())
    assert "圏域の市町村のデータがありません" in str(parsed.errors[0])
    parsed = parse("o.csv", "地域 コード,地域,年齢,時間軸,value\r\n13101,千代田区,総数,2020年,1\r\n".encode())
    assert "13101" in str(parsed.errors[0])


def test_bad_cells_name_row_and_column_and_nothing_is_written(client, login, secretariat):
    csv = ("地域 コード,地域,年齢,時間軸,value\r\n"
           "12213,東金市,総数,2020年,\"1,000\"\r\n"
           "12213,東金市,0～4歳,2020年,abc\r\n"
           "12213,東金市,謎の区分,2020年,5\r\n").encode()
    parsed = parse("bad.csv", csv)
    errors = [str(e) for e in parsed.errors]
    assert errors == ["行 3, 列「value」: 数値ではありません（「abc」）。",
                      "行 4, 列「年齢」: 年齢の区分を読めません（「謎の区分」）。"]
    login(client, secretariat)
    response = client.post("/assessment/population/", {
        "file": SimpleUploadedFile("bad.csv", csv), "kind": "census",
        "source_name": "国勢調査", "source_date": "2020年"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "行 3, 列「value」: 数値ではありません" in page
    assert not PopulationDataset.objects.exists() and not PopulationFigure.objects.exists()


def test_missing_year_and_source_are_asked_for(client, login, secretariat):
    csv = "地域 コード,地域,総数,0～4歳,5～9歳\r\n12213,東金市,30,10,20\r\n".encode()
    parsed = parse("noyear.csv", csv)
    assert "基準日がわかりません" in str(parsed.errors[0])
    parsed = parse("noyear.csv", csv, fallback_date=date(2020, 10, 1))
    assert parsed.ok and totals(parsed) == {("12213", 2020, "T"): 30}
    login(client, secretariat)
    response = client.post("/assessment/population/", {
        "file": SimpleUploadedFile("noyear.csv", csv), "year": "2020"})
    page = response.content.decode()
    assert "種類を選んでください" in page and "出典を入れてください" in page
    response = client.post("/assessment/population/", {
        "file": SimpleUploadedFile("noyear.csv", csv), "year": "2020", "kind": "census",
        "source_name": "国勢調査（試験）", "source_date": "2020年10月1日現在"})
    assert response.status_code == 302
    dataset = PopulationDataset.objects.get()
    assert dataset.citation == "国勢調査（試験）（2020年10月1日現在）"
    from tsunagu.core.models import AuditEntry

    entry = AuditEntry.objects.get(target_type="assessment.populationdataset")
    assert entry.summary == "population import kind=census layout=estat_wide figures=3 dates=2020-10-01"


def test_projection_total_only_sheet():
    book = Workbook()
    sheet = book.active
    sheet.append(["市区町村コード", "市区町村", "2020年", "2030年", "2040年"])
    sheet.append(["12410", "横芝光町", 21000, 19000, 17000])
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = parse("p.xlsx", buffer.getvalue())
    assert parsed.ok and totals(parsed)[("12410", 2040, "T")] == 17000


def test_only_council_may_import(client, login, municipal_staff):
    login(client, municipal_staff)
    response = client.post("/assessment/population/", {
        "file": SimpleUploadedFile("census_2020_wide.csv", data_file("census_2020_wide.csv"))})
    assert response.status_code == 403
    assert not PopulationDataset.objects.exists()


def test_code_inside_the_area_name_and_sex_column_in_projection():
    csv = ("地域,男女,年齢,時間軸（年次）,value\r\n"
           "12213_東金市,男,総数,2020年,\"19,000\"\r\n"
           "12213_東金市,女,総数,2020年,\"20,000\"\r\n").encode("cp932")
    parsed = parse("named.csv", csv)
    assert parsed.ok and totals(parsed) == {("12213", 2020, "M"): 19000,
                                            ("12213", 2020, "F"): 20000}
    book = Workbook()
    book.active.append(["コード", "市区町村", "男女", "2020年", "2025年"])
    book.active.append(["12213", "東金市", "男", 19000, 18000])
    book.active.append(["12213", "東金市", "女", 20000, 19000])
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = parse("p.xlsx", buffer.getvalue())
    assert parsed.ok and totals(parsed)[("12213", 2025, "F")] == 19000


def test_duplicate_rows_are_refused():
    csv = ("地域 コード,年齢,時間軸,value\r\n12213,総数,2020年,5\r\n12213,総数,2020年,6\r\n").encode()
    assert [str(e) for e in parse("d.csv", csv).errors] == [
        "行 3, 列「value」: 同じ市町村・基準日・年齢・男女の値が 2 行目にもあります。"]
