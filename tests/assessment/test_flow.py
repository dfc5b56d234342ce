"""The "Done when" path through the pages: the secretariat imports an e-Stat CSV and a
projection workbook, defines a survey, residents answer it on the public form, more answers
are imported from a file, the free text is tagged, and the 地域診断シート of 東金市 (PDF and
XLSX) shows the figures computed by hand from the known inputs (tests/assessment/data/README.md).

東金市, by hand:
- 国勢調査 2020: 総数 39,000 (男 19,000, 女 20,000); 65歳以上 13,000 → 高齢化率 33.3%;
  2015: 65歳以上 10,010 / 38,610 → 25.9%. 85歳以上: 男 600+300+80+20 = 1,000,
  女 800+450+130+20 = 1,400.
- 推計: 2050 年 31,200 人 = 2020 年の 80.0%; 高齢化率 2050 = 13,000 / 31,200 → 41.7%.
- 移動・交通: 相談のニーズ 3人, 調査 2件 (web 1 + import 1, tagged), 資源 1 (移動支援)
  → ニーズ件数 5, ギャップ指数 5 / (1 + 1) = 2.5, ニーズ／千人 5 × 1000 / 39,000 = 0.13,
  資源／千人 1 × 1000 / 39,000 = 0.03.
"""

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from tests.assessment.helpers import add_needs, add_service, category, data_file

from tsunagu.assessment.models import Answer, DatasetKind, PopulationDataset, Survey
from tsunagu.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _upload(client, name, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/assessment/population/", {
        "file": SimpleUploadedFile(name, data_file(name)), "kind": "", "source_name": "",
        "source_date": "", **extra,
    })


def _sheet(rows, first):
    """The rows of a sheet from the one whose first cell is ``first`` (until a blank row)."""
    out, on = [], False
    for row in rows:
        if row and row[0] == first:
            on = True
            continue
        if on:
            if row[0] is None:
                break
            out.append(row)
    return out


def test_import_survey_and_download_the_sheet(client, login, secretariat, center_staff, region):
    login(client, secretariat)

    # 1. Population: the e-Stat CSV (CP932) and the 社人研 workbook, layouts recognized.
    response = _upload(client, "census_2020_estat.csv")
    assert response.status_code == 302, response.content.decode()[:2000]
    response = _upload(client, "projection_2023.xlsx")
    assert response.status_code == 302
    census = PopulationDataset.objects.get(kind=DatasetKind.CENSUS)
    assert "国勢調査" in census.source_name and census.source_date == "調査 2020年・公開 2021-11-30"
    projection = PopulationDataset.objects.get(kind=DatasetKind.PROJECTION)
    assert projection.source_date == "2023年推計"
    page = client.get("/assessment/population/").content.decode()
    assert "国勢調査" in page and "2023年推計" in page

    # 2. A survey defined through the pages.
    response = client.post("/assessment/surveys/new/", {
        "title": "移動についてのアンケート", "description": "", "ask_municipality": "on",
        "is_open": "on"})
    survey = Survey.objects.get()
    assert response["Location"] == f"/assessment/surveys/{survey.pk}/"
    for data in (
        {"text": "外出に困ることはありますか", "kind": "single", "choices": "よくある\nときどき\nない"},
        {"text": "困っていること", "kind": "text", "choices": ""},
    ):
        assert client.post(f"/assessment/surveys/{survey.pk}/questions/", data).status_code == 302
    q1, q2 = survey.questions.all()

    # 3. A resident answers on the public form, without logging in.
    client.logout()
    form_url = f"/public/sanbu/surveys/{survey.token}/"
    page = client.get(form_url).content.decode()
    nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
    tokyo = region.municipalities.get(code="12213")
    answer = {"nonce": nonce, "municipality": tokyo.pk, f"q{q1.pk}": "よくある",
              f"q{q2.pk}": "バスが一日に二本しかない。"}
    assert client.post(form_url, answer).status_code == 302
    assert client.post(form_url, answer).status_code == 302  # the same form again
    assert survey.responses.count() == 1  # counted once

    # 4. Paper answers imported from a CSV (header Q1, Q2), all or nothing.
    login(client, secretariat)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = "市町村,Q1,Q2\r\n東金市,たまに,\r\n".encode("utf-8-sig")
    response = client.post(f"/assessment/surveys/{survey.pk}/import/",
                           {"file": SimpleUploadedFile("answers.csv", bad)})
    assert "行 2, 列「Q1」: 選択肢にありません" in response.content.decode()
    assert survey.responses.count() == 1
    good = ("市町村,Q1,Q2\r\n東金市,1,送迎してくれる人がいない。\r\n芝山町,ない,\r\n"
            "12213,ときどき,\r\n").encode("cp932")
    response = client.post(f"/assessment/surveys/{survey.pk}/import/",
                           {"file": SimpleUploadedFile("answers.csv", good)})
    assert response.status_code == 302
    assert survey.responses.count() == 4

    # 5. The free text tagged 移動・交通.
    mobility = category(region, "mobility")
    for a in Answer.objects.filter(question=q2):
        assert client.post(f"/assessment/surveys/{survey.pk}/answers/{a.pk}/tag/",
                           {f"a{a.pk}-categories": [mobility.pk]}).status_code == 302
    page = client.get(f"/assessment/surveys/{survey.pk}/").content.decode()
    assert "移動・交通: 2" in page

    # Needs of three persons from the records, and one resource in the directory.
    add_needs(region, center_staff, code="12213", category_code="mobility", persons=3)
    add_service(region, code="12213", term="dw-mobility-support")

    # 6. The 地域診断シート: XLSX read back.
    response = client.get("/assessment/m/12213/sheet.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    overview = [tuple(r) for r in book["概要"].iter_rows(values_only=True)]
    figures = {r[0]: r[1] for r in overview if r and r[0]}
    assert figures["総人口（人）"] == 39000
    assert figures["男（人）"] == 19000
    assert figures["女（人）"] == 20000
    assert figures["高齢化率（%）"] == 33.3
    assert any("国勢調査" in (r[0] or "") and "2021-11-30" in (r[0] or "") for r in overview)

    population = [tuple(r) for r in book["人口"].iter_rows(values_only=True)]
    ages = {r[0]: (r[1], r[2]) for r in _sheet(population, "年齢") if r[1] is not None}
    assert ages["0-4"] == (1000, 1000)
    assert ages["85+"] == (1000, 1400)
    assert len(ages) == 18
    trend = {(r[0], r[2]): r[1] for r in _sheet(population, "年")}
    assert trend[(2015, "実績")] == 25.9
    assert trend[(2020, "実績")] == 33.3
    assert trend[(2050, "推計")] == 41.7
    rows = [r for r in population if r and r[0] == 2050]
    assert (2050, 31200, 80.0) in rows

    gaps = [tuple(r) for r in book["ギャップ"].iter_rows(values_only=True)]
    header = gaps[0]
    assert header[:3] == ("順位", "課題分類", "相談のニーズ（人）")
    first = dict(zip(header, gaps[1], strict=True))
    assert first["課題分類"] == "移動・交通"
    assert first["相談のニーズ（人）"] == 3
    assert first["調査（件）"] == 2
    assert first["社会資源（件）"] == 1
    assert first["ニーズ件数"] == 5
    assert first["ギャップ指数"] == 2.5
    assert first["ニーズ／千人"] == 0.13
    assert first["資源／千人"] == 0.03

    # 7. The same sheet as a PDF: the figures, the charts' sources and the gap table.
    response = client.get("/assessment/m/12213/sheet.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "地域診断シート" in text and "東金市" in text
    assert "39,000" in text and "33.3" in text
    assert "移動・交通" in text and "2.5" in text
    assert "2023年推計" in text  # the projection cited under its chart
    assert "31,200" in text
    reader = PdfReader(io.BytesIO(response.content))
    assert sum(len(p.images) for p in reader.pages) == 3  # the three charts, embedded
    assert AuditEntry.objects.filter(action="export", target_type="assessment.sheet").count() == 2
