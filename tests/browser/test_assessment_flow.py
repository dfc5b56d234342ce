"""地域診断 in the browser, the way the secretariat does it: import the e-Stat CSV and the
社人研 workbook through the upload form, make a survey, answer it on the public page as a
resident, and download the 地域診断シート of 東金市 — whose figures are those computed by hand
from the sample files (tests/assessment/data/README.md)."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from tests.assessment.helpers import DATA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_imports_runs_a_survey_and_downloads_the_sheet(
    page, sign_in, secretariat, region, keep_screenshot
):
    sign_in(secretariat)
    page.goto("/assessment/")
    page.get_by_role("link", name="人口データ").click()
    for done, name in enumerate(("census_2020_estat.csv", "projection_2023.xlsx"), start=1):
        page.get_by_label("ファイル（CSV・XLSX）").set_input_files(str(DATA / name))
        page.get_by_role("button", name="取り込む").click()
        # The form is sent in the background (import_progress.js) and the answer replaces
        # the page: wait for the dataset's row (one 削除 button per dataset).
        page.get_by_role("button", name="削除").nth(done - 1).wait_for()
        page.get_by_text("人口データを取り込みました").wait_for()
    # While the next file is on its way, the message about the previous one is put away.
    held = []
    page.route("**/assessment/population/", lambda route: (
        held.append(route) if route.request.method == "POST" else route.continue_()))
    page.get_by_label("ファイル（CSV・XLSX）").set_input_files(str(DATA / "census_2020_estat.csv"))
    page.get_by_role("button", name="取り込む").click()
    page.locator("#import-progress-text").wait_for()
    assert not page.get_by_text("人口データを取り込みました").is_visible()
    while not held:
        page.wait_for_timeout(50)
    held[0].continue_()
    page.unroute("**/assessment/population/")
    page.get_by_text("同じ出典・日付で前に取り込んだデータ（1 件）を、今回のファイルで置き換えました。").wait_for()
    assert page.get_by_role("cell", name="2023年推計").count() == 1

    # A file that is not a population table: told what was expected, nothing written.
    page.get_by_label("ファイル（CSV・XLSX）").set_input_files(
        files=[{"name": "memo.csv", "mimeType": "text/csv", "buffer": "氏名,電話\n".encode()}])
    page.get_by_role("button", name="取り込む").click()
    page.locator("#import-errors").get_by_text("表の形式を判別できません").wait_for()

    # The survey.
    page.get_by_role("link", name="ニーズ調査").click()
    page.get_by_role("link", name="調査を作る").click()
    page.get_by_label("調査名").fill("外出についてのアンケート")
    page.get_by_label("ウェブで回答を受け付ける").check()
    page.get_by_role("button", name="保存").click()
    page.locator("#id_text").fill("外出に困ることはありますか")
    page.get_by_label("単一選択").check()
    page.get_by_label("選択肢").fill("よくある\nときどき\nない")
    page.get_by_role("button", name="質問を追加").click()
    page.get_by_text("質問を追加しました。").wait_for()
    public_url = page.locator("#public-url").inner_text()
    keep_screenshot("assessment-survey")

    # A resident answers without logging in.
    page.context.clear_cookies()
    page.goto(public_url)
    page.get_by_label("お住まいの市町村").select_option(label="東金市")
    page.get_by_label("よくある").check()
    page.get_by_role("button", name="回答を送る").click()
    page.get_by_role("heading", name="ご回答ありがとうございました。").wait_for()

    # Back as the secretariat: the answer is counted, and the sheet is downloaded.
    sign_in(secretariat)
    page.goto("/assessment/surveys/")
    page.get_by_role("link", name="外出についてのアンケート").click()
    page.get_by_text("回答 1 件").first.wait_for()
    page.goto("/assessment/")
    page.get_by_role("link", name="東金市", exact=True).click()
    assert page.locator("#population-total").inner_text() == "39,000"
    assert page.locator("#aging-rate").inner_text() == "33.3"
    assert page.locator(".assess-chart img").count() == 3
    page.wait_for_load_state("networkidle")  # the charts are drawn on the server
    keep_screenshot("assessment-municipality")
    with page.expect_download() as download:
        page.get_by_role("link", name="地域診断シート（Excel）").click()
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    figures = {r[0]: r[1] for r in book["概要"].iter_rows(values_only=True) if r and r[0]}
    assert figures["総人口（人）"] == 39000 and figures["高齢化率（%）"] == 33.3
    projection = [r for r in book["人口"].iter_rows(values_only=True) if r and r[0] == 2050]
    assert (2050, 31200, 80.0) in projection
    with page.expect_download() as download:
        page.get_by_role("link", name="地域診断シート（PDF）").click()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        open(download.value.path(), "rb").read())).pages)
    assert "39,000" in text and "国勢調査" in text
    page.goto("/assessment/gaps/")
    page.wait_for_load_state("networkidle")


def test_a_long_import_shows_its_steps(page, sign_in, secretariat, region):
    """The upload is held on its way (as a slow line or a national file would hold it): the
    page says which step it is at, with a bar, and the button cannot be pressed twice; when
    the server answers, its page (with the message) replaces the form."""
    sign_in(secretariat)
    page.goto("/assessment/population/")
    held = []
    page.route("**/assessment/population/", lambda route: (
        held.append(route) if route.request.method == "POST" else route.continue_()))
    page.get_by_label("ファイル（CSV・XLSX）").set_input_files(str(DATA / "census_2020_estat.csv"))
    page.get_by_role("button", name="取り込む").click()
    status = page.locator("#import-progress-text")
    status.wait_for()
    assert status.get_attribute("role") == "status"
    assert status.inner_text().startswith(("手順 1/2: ファイルを送っています", "手順 2/2: すべての行を読み"))
    assert page.locator("#import-progress progress").is_visible()
    assert page.get_by_role("button", name="取り込む").is_disabled()
    while not held:
        page.wait_for_timeout(50)
    held[0].continue_()
    page.get_by_text("人口データを取り込みました").wait_for()
    assert page.locator("table tbody tr").count() == 1  # the one dataset, listed
    assert not page.locator("#import-progress").is_visible()
