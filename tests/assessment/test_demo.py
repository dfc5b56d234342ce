"""The demo: the real 2021 population of the six municipalities with its source on the
chart and table, and a fictional survey labelled as such; loading twice changes nothing."""

import pytest

from tsunagu.assessment.demo import demo_assessment_load
from tsunagu.assessment.models import PopulationDataset, Response, Survey

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_cited_and_labelled(client, login, secretariat, region):
    assert demo_assessment_load(region=region) is True
    assert demo_assessment_load(region=region) is False
    dataset = PopulationDataset.objects.get()
    assert dataset.source_name.startswith("千葉県「令和3年千葉県毎月常住人口調査報告書（年報）」")
    assert not dataset.is_fictional
    survey = Survey.objects.get()
    assert survey.is_fictional and "架空" in survey.title
    assert Response.objects.count() == 36

    login(client, secretariat)
    page = client.get("/assessment/").content.decode()
    # The official figure as published (東金市 57,508), cited in the chart's text and the table.
    assert "東金市 57,508人（2021年）" in page
    assert page.count("千葉県「令和3年千葉県毎月常住人口調査報告書（年報）」") >= 2
    svg = client.get("/assessment/charts/region/totals.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert client.get("/assessment/charts/12213/totals.svg").status_code == 404
    page = client.get(f"/assessment/surveys/{survey.pk}/").content.decode()
    assert "デモ用の架空の調査です" in page


def test_demo_without_records_creates_no_answers(region):
    demo_assessment_load(region=region, with_records=False)
    assert Survey.objects.count() == 1 and Response.objects.count() == 0


def test_fictional_records_are_said_to_be_fictional(client, login, secretariat, region):
    import io

    from openpyxl import load_workbook

    demo_assessment_load(region=region)
    login(client, secretariat)
    for url in ("/assessment/", "/assessment/gaps/", "/assessment/m/12213/"):
        assert "デモ用の架空の記録" in client.get(url).content.decode(), url
    book = load_workbook(io.BytesIO(client.get("/assessment/m/12213/sheet.xlsx").content))
    assert any("デモ用の架空の記録" in (r[0] or "") for r in book["ギャップ"].iter_rows(values_only=True)
               if isinstance(r[0], str))
