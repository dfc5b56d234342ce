"""A 相談支援専門員 writes a サービス等利用計画 in the browser from 計画案 through the 支給決定 to
the 本計画, then a モニタリング報告書, and prints both: the PDFs are downloaded and read back
(A4 landscape, the 参考様式's headings, 署名欄 and 同意日). axe on each page reached."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _axe_clean(page) -> None:
    page.evaluate("async () => { await document.fonts.ready; }")
    results = Axe().run(page)
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} {v['nodes'][0].get('target') if v['nodes'] else ''}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert blocking == [], f"{page.url}:\n" + "\n".join(blocking)


def _pdf(download) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))
    return "".join(p.extract_text() for p in reader.pages).replace("\n", ""), reader


def test_a_worker_writes_a_plan_from_draft_to_final_and_a_monitoring_report(
    page, sign_in, center_staff, person, keep_screenshot
):
    sign_in(center_staff)
    page.goto(f"/people/{person.pk}/")
    page.get_by_role("link", name="サービス等利用計画").click()
    page.wait_for_url(re.compile(r"/plans/usage/person/\d+/$"))
    _axe_clean(page)

    # the 受給者証 first
    page.get_by_role("link", name="受給者証を登録").click()
    page.get_by_label("受給者証番号").fill("1234567890")
    page.get_by_label("支給決定期間（開始）").fill("R6.4.1")
    page.get_by_label("支給決定期間（終了）").fill("R7.3.31")
    page.get_by_label("障害支援区分").select_option(label="区分3")
    page.get_by_label("サービス種類と支給量").fill("生活介護 22日/月")
    page.get_by_label("利用者負担上限月額（円）").fill("9300")
    page.get_by_label("3か月ごと").check()
    page.get_by_role("button", name="登録する").click()
    page.get_by_text("受給者証を登録しました。").wait_for()

    # 計画案
    page.get_by_role("link", name="計画案を作成").click()
    _axe_clean(page)
    page.get_by_label("計画作成日").fill("R6.3.1")
    page.get_by_label("利用者及びその家族の生活に対する意向（希望する生活）").fill(
        "今のアパートで猫と暮らしたい"
    )
    page.get_by_label("総合的な援助の方針").fill("本人のペースを大切にする")
    page.get_by_label("長期目標").fill("地域で一人暮らしを続ける")
    page.get_by_label("短期目標").fill("生活介護に通う習慣をつくる")
    page.locator("#id_items-0-issue").fill("日中の居場所がほしい")
    page.locator("#id_items-0-goal").fill("週3回、生活介護に通う")
    page.locator("#id_items-0-services").fill("生活介護 週3回 9:30-15:30")
    page.locator("#id_items-0-role").fill("前の晩に持ち物をそろえる")
    page.locator("#id_weekly-0-weekday").select_option(label="月")
    page.locator("#id_weekly-0-starts_at").fill("09:30")
    page.locator("#id_weekly-0-ends_at").fill("15:30")
    page.locator("#id_weekly-0-activity").fill("生活介護")
    page.get_by_label("週単位以外のサービス").fill("月1回 通院")
    page.get_by_role("button", name="計画案を作成する").click()
    page.get_by_text("計画案を作成しました。").wait_for()
    assert page.get_by_role("heading", level=1).inner_text().startswith("サービス等利用計画案")
    _axe_clean(page)
    keep_screenshot("usage-plan-draft")

    # 支給決定, then 本計画 with the 同意日
    page.get_by_role("link", name="支給決定を記録").click()
    page.get_by_label("支給決定日").fill("R6.3.20")
    page.get_by_label("受給者証").select_option(index=1)
    page.get_by_role("button", name="支給決定を記録する").click()
    page.get_by_text("支給決定を記録しました。").wait_for()
    page.get_by_role("link", name="本計画を作成").click()
    _axe_clean(page)
    page.get_by_label("計画作成日").fill("R6.3.25")
    page.get_by_label("同意日").fill("R6.3.25")
    page.get_by_label("計画開始").fill("R6.4.1")
    page.get_by_role("button", name="本計画を作成する").click()
    page.get_by_text("本計画（第2版）を作成しました。").wait_for()
    _axe_clean(page)
    keep_screenshot("usage-plan-final")
    # the 案 is kept, readable, in the history
    assert page.get_by_role("link", name="第1版").count() == 1

    with page.expect_download() as download:
        page.get_by_role("link", name="印刷用PDF（A4横・参考様式）").click()
    text, reader = _pdf(download)
    assert float(reader.pages[0].mediabox.width) > float(reader.pages[0].mediabox.height)
    for words in ("サービス等利用計画", "利用者同意署名欄", "同意日", "令和6年3月25日",
                  "週3回、生活介護に通う", "解決すべき課題", "週間計画表", "月1回 通院"):  # fmt: skip
        assert words in text, words

    # モニタリング報告書
    page.get_by_role("link", name="モニタリング報告書を作成").click()
    _axe_clean(page)
    page.get_by_label("モニタリング実施日").fill("R6.7.1")
    page.get_by_label("全体の状況").fill("休まず通えている")
    page.get_by_label("本人の感想・満足度").fill("楽しい")
    page.get_by_label("一部達成").check()
    page.get_by_label("サービス量の変更が必要").check()
    page.get_by_role("button", name="報告書を記録する").click()
    page.get_by_text("モニタリング報告書を記録しました。").wait_for()
    _axe_clean(page)
    keep_screenshot("usage-monitoring")
    with page.expect_download() as download:
        page.get_by_role("link", name="印刷用PDF（A4横・参考様式）").click()
    text, _reader = _pdf(download)
    for words in ("モニタリング報告書", "全体の状況", "休まず通えている", "一部達成",
                  "サービス量の変更：有", "利用者同意署名欄"):  # fmt: skip
        assert words in text, words
