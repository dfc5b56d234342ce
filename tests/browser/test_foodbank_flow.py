"""The food bank's "done when", in the browser: a volunteer (会員) records a donation, the stock
shows what expires first, a pantry event checks in households on a tablet-sized screen, an
appliance reaches a household, and the yearly figures download as Excel."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.foodbank.fixtures import make_household

from tsunagu.core import dates
from tsunagu.foodbank.models import Appliance, ApplianceStatus, Lot, StockMovement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _typed(day) -> str:
    return f"{day.year}/{day.month}/{day.day}"


def test_donation_stock_pantry_appliance_figures(page, sign_in, member, region, keep_screenshot):
    today = dates.today_local()
    household = make_household(region, number=101, size=3, children=1, name="佐藤花子")
    sign_in(member)

    # A donation with two items; the milk expires first.
    page.goto("/foodbank/")
    page.get_by_role("link", name="寄付を記録する").first.click()
    page.get_by_label("企業").check()
    page.get_by_label("寄付者名").fill("株式会社みどり食品")
    page.fill("#id_items-0-name", "缶詰（さば）")
    page.select_option("#id_items-0-category", label="缶詰・レトルト")
    page.fill("#id_items-0-quantity", "24")
    page.select_option("#id_items-0-unit", label="缶")
    page.fill("#id_items-0-unit_weight_kg", "0.2")
    page.select_option("#id_items-0-expiry_kind", label="賞味期限")
    page.fill("#id_items-0-expiry_date", _typed(today + timedelta(days=200)))
    page.fill("#id_items-0-storage_place", "倉庫A")
    page.fill("#id_items-1-name", "牛乳")
    page.select_option("#id_items-1-category", label="生鮮・冷蔵")
    page.fill("#id_items-1-quantity", "6")
    page.select_option("#id_items-1-unit", label="本")
    page.fill("#id_items-1-unit_weight_kg", "1")
    page.select_option("#id_items-1-expiry_kind", label="消費期限")
    page.fill("#id_items-1-expiry_date", _typed(today + timedelta(days=5)))
    page.fill("#id_items-1-storage_place", "冷蔵庫")
    page.get_by_role("button", name="記録する").click()
    page.get_by_text("寄付を記録しました。").wait_for()
    assert Lot.objects.filter(region=region).count() == 2
    assert StockMovement.objects.filter(kind="receive").count() == 2

    # The stock: the earliest expiry comes first, and it is on the "use soon" list.
    page.get_by_role("navigation", name="物資支援のメニュー").get_by_role("link", name="在庫").click()
    every = page.locator("table", has=page.locator("caption", has_text="すべての在庫"))
    assert every.locator("tbody tr").first.locator("th").inner_text() == "牛乳"
    assert every.locator("tbody tr").nth(1).locator("th").inner_text() == "缶詰（さば）"
    soon = page.locator("table", has=page.locator("caption", has_text="早めに使う在庫"))
    assert soon.get_by_text("牛乳").count() == 1
    assert soon.get_by_text("缶詰（さば）").count() == 0
    keep_screenshot("foodbank-stock")

    # The pantry on a tablet: a household by number (Enter), then an anonymous visitor.
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto("/foodbank/pantry/")
    page.get_by_label("名称・会場").fill("東金パントリー")
    page.get_by_role("button", name="作って受付を始める").click()
    number = page.get_by_label("受付番号")
    number.wait_for()
    assert number.evaluate("e => e === document.activeElement")
    number.fill("101")
    number.press("Enter")
    page.get_by_text("受付番号 101 を受け付けました（3人）。").wait_for()
    page.get_by_role("button", name="匿名 +1").click()
    page.get_by_text("匿名で 1 人を受け付けました。").wait_for()
    assert page.locator("#people-count").inner_text() == "4"
    for name in ("受付", "匿名 +1"):
        box = page.get_by_role("button", name=name, exact=True).bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= 1024
    # The same household again at the same event is refused with a message.
    page.get_by_label("受付番号").fill("101")
    page.get_by_role("button", name="受付", exact=True).click()
    page.get_by_text("受付番号 101 の世帯はこの回で受付済みです。").wait_for()
    keep_screenshot("foodbank-pantry-tablet")
    assert "佐藤" not in page.content()
    page.set_viewport_size({"width": 1280, "height": 900})

    # An appliance: registered with its safety check, matched to the household's request,
    # delivered.
    page.goto("/foodbank/appliances/")
    page.get_by_label("受付番号").fill("101")
    page.get_by_label("希望の品目").fill("冷蔵庫")
    page.get_by_role("button", name="依頼を登録する").click()
    page.get_by_text("家電の依頼を登録しました。").wait_for()
    page.get_by_role("link", name="寄付された家電を登録する").click()
    page.get_by_label("品目").fill("冷蔵庫")
    page.get_by_label("メーカー").fill("テスト電機")
    page.get_by_label("安全点検をした人").fill("ボランティアA")
    page.get_by_label("安全点検日").fill(_typed(today))
    page.get_by_role("button", name="登録する").click()
    page.get_by_text("家電を登録しました。").wait_for()
    page.get_by_label("次の状況").select_option(label="マッチング済み")
    page.get_by_label("マッチングする依頼").select_option(label="受付番号 101：冷蔵庫")
    page.get_by_role("button", name="更新する").click()
    page.get_by_text("家電の状況を更新しました。").wait_for()
    page.get_by_label("次の状況").select_option(label="お届け済み")
    page.get_by_label("日付（お届け日・回収日）").fill(_typed(today))
    page.get_by_role("button", name="更新する").click()
    page.get_by_text("家電の状況を更新しました。").wait_for()
    keep_screenshot("foodbank-appliance")
    appliance = Appliance.objects.get(region=region)
    assert appliance.status == ApplianceStatus.DELIVERED
    assert appliance.request.household == household
    assert appliance.delivery_on == today

    # The yearly figures, downloaded as Excel and read back.
    page.get_by_role("link", name="年度の実績").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Excelをダウンロード").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    rows = {(r[0], r[1]): r[-1] for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows[("フードパントリー", "開催回数")] == 1
    assert rows[("フードパントリー", "提供人数")] == 4
    assert rows[("物資支援", "支援世帯数（物資支援・パントリーの受付番号）")] == 1
    assert rows[("食品（圏域全体）", "受入（点）")] == 30
    assert min(lot.quantity for lot in Lot.objects.all()) >= 0
