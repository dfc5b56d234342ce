"""Every importer answers a damaged or wrong file with its own Japanese error, never a
server error: the upload pages (persons, consultations, population tables, survey answers,
municipality boundaries) and the import commands."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from tests.assessment.fixtures import make_survey
from tests.imports.conftest import CONSULTATION_HEADER, PERSON_HEADER, csv_bytes, xlsx_bytes

from tsunagu.consultations.models import Consultation
from tsunagu.people.models import Person

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"


def _rewrite(xlsx: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = content if info.filename == name else source.read(info.filename)
            target.writestr(info, data)
    return out.getvalue()


def broken_sheet_xlsx(header) -> bytes:
    """A real workbook whose sheet XML stops in the middle of the second row: the header is
    read, then the XML parser fails inside the row loop."""
    xlsx = xlsx_bytes([header, ["A001"] * len(header), ["A002"] * len(header)])
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        sheet = archive.read(SHEET)
    cut = sheet.index(b"</row>") + len(b"</row>") + 20
    return _rewrite(xlsx, SHEET, sheet[:cut] + b"<<</c>")


def _zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "これは Excel ではありません")
    return out.getvalue()


def bad_files(header) -> dict[str, tuple[str, bytes]]:
    good = xlsx_bytes([header, ["A001"] * len(header)])
    return {
        "sheet XML not well formed": ("data.xlsx", broken_sheet_xlsx(header)),
        "sheet XML garbage": ("data.xlsx", _rewrite(good, SHEET, b"\x00\xff not xml")),
        "workbook XML garbage": ("data.xlsx", _rewrite(good, "xl/workbook.xml", b"<wb")),
        "zip that is not XLSX": ("data.xlsx", _zip_without_workbook()),
        "truncated XLSX": ("data.xlsx", good[: len(good) // 2]),
        "XLSX named CSV, truncated": ("data.csv", good[: len(good) // 3]),
        "empty": ("data.csv", b""),
        "UTF-16 CSV": ("data.csv", csv_bytes([header, ["A001"] * len(header)], "utf-16")),
        "binary noise": ("data.csv", bytes(range(256)) * 8),
        "Excel 97-2003": ("data.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
    }


CASES = list(bad_files(PERSON_HEADER))


def _page_text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(
    ("kind", "header"), [("persons", PERSON_HEADER), ("consultations", CONSULTATION_HEADER)]
)
def test_the_import_page_names_what_is_wrong(client, login, center_staff, kind, header, case):
    name, data = bad_files(header)[case]
    login(client, center_staff)
    response = client.post(
        "/consultations/import/", {"kind": kind, "file": SimpleUploadedFile(name, data)}
    )
    page = _page_text(response)
    assert any(
        words in page
        for words in ("読めません", "空です", "文字コードを判別できません", "見出しの行が違います")
    ), page
    assert not Person.objects.exists() and not Consultation.objects.exists()


def test_a_broken_sheet_says_the_file_cannot_be_read_as_xlsx(client, login, center_staff):
    login(client, center_staff)
    response = client.post("/consultations/import/", {
        "kind": "persons",
        "file": SimpleUploadedFile("data.xlsx", broken_sheet_xlsx(PERSON_HEADER)),
    })
    assert "XLSX ファイルとして読めません" in _page_text(response)


@pytest.mark.parametrize("case", CASES)
def test_the_population_import_names_what_is_wrong(client, login, secretariat, case):
    name, data = bad_files(["市町村コード", "市町村", "総数"])[case]
    login(client, secretariat)
    response = client.post("/assessment/population/", {
        "file": SimpleUploadedFile(name, data), "kind": "", "source_name": "",
        "source_date": "",
    })
    page = _page_text(response)
    assert "取り込めませんでした" in page or "空です" in page, page


@pytest.mark.parametrize("case", CASES)
def test_the_survey_import_names_what_is_wrong(client, login, secretariat, region, case):
    survey = make_survey(region)
    name, data = bad_files(["市町村", "Q1", "Q2"])[case]
    login(client, secretariat)
    response = client.post(
        f"/assessment/surveys/{survey.pk}/import/", {"file": SimpleUploadedFile(name, data)}
    )
    page = _page_text(response)
    assert any(w in page for w in ("読めません", "空です", "文字コードを判別できません"))
    assert not survey.answers.exists() if hasattr(survey, "answers") else True


GEOJSON = {
    "deeply nested": "[" * 50_000 + "]" * 50_000,
    "object nested in a coordinate": json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"N03_007": "12213"},
         "geometry": {"type": "Polygon", "coordinates": [[{"a": 1}] * 4]}}]}),
    "properties a list": json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": [1, 2], "geometry": None}]}),
    "geometry a string": json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"N03_007": "12213"}, "geometry": "Polygon"}]}),
    "big number": '{"type": "FeatureCollection", "features": [1e999999]}',
    "not UTF-8": "\udcff",
    "empty": "",
}


@pytest.mark.parametrize("case", list(GEOJSON))
def test_the_boundary_import_names_what_is_wrong(client, login, secretariat, case):
    text = GEOJSON[case]
    data = b"\xff\xfe{" if case == "not UTF-8" else text.encode()
    login(client, secretariat)
    response = client.post("/assessment/boundaries/", {
        "file": SimpleUploadedFile("n03.geojson", data), "source_name": "試験"})
    page = _page_text(response)
    assert "GeoJSON" in page or "境界" in page


@pytest.mark.parametrize("case", CASES)
def test_the_import_command_names_what_is_wrong(region, tmp_path, case):
    name, data = bad_files(PERSON_HEADER)[case]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError) as raised:
        call_command("import", "persons", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert str(raised.value).strip()


@pytest.mark.parametrize("case", CASES)
def test_the_directory_import_command_names_what_is_wrong(region, tmp_path, case):
    from tsunagu.directory.csv_exchange.columns import HEADERS

    name, data = bad_files(list(HEADERS))[case]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError) as raised:
        call_command("directory", "import", "--csv", str(path), stdout=io.StringIO(),
                     stderr=io.StringIO())
    assert str(raised.value).strip()
