"""発災時 in the browser, the way the people do it: the administrator switches the region
into disaster mode, center staff work through the safety-check list (most urgent first),
watch the progress by 市町村, print the list and take the CSV; a member reports their
organization's status from a phone; the administrator switches off and reads the summary."""

import csv
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from pypdf import PdfReader
from tests.browser.conftest import screenshot_path

from tsunagu.accounts.services import user_create
from tsunagu.core.roles import Role
from tsunagu.disaster.models import (
    DisasterActivation,
    OrganizationStatusReport,
    SafetyCheck,
    SafetyCheckChange,
)
from tsunagu.disaster.services import registration_save
from tsunagu.people.services import person_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (family name, kana, 市町村 code, power-dependent, living alone)
PERSONS = [
    ("青木", "アオキ", "12410", False, True),
    ("石田", "イシダ", "12213", True, False),
    ("上野", "ウエノ", "12237", False, False),
]


def _registered(region, center_org):
    for family, kana, code, power, alone in PERSONS:
        person = person_create(
            actor="test", region=region, family_name=family, given_name="花子",
            family_name_kana=kana, given_name_kana="ハナコ",
            municipality=region.municipalities.get(code=code), phone="0475-00-0000",
            organizations=[center_org], is_fictional=True,
        )
        registration_save(actor="test", region=region, person=person,
                          consent_on=date(2025, 4, 1), power_dependent=power,
                          living_alone=alone, family_nearby=not alone)


def _total(page, status: str) -> str:
    return page.locator(f".disaster-progress__total td[data-status={status}]").first.inner_text()


def test_disaster_mode_safety_checks_printed_and_summarized(
    page, browser, live_server, sign_in, login, admin, center_staff, region, center_org,
    member_org, keep_screenshot,
):
    _registered(region, center_org)

    # The administrator switches the region into disaster mode, after confirming.
    sign_in(admin)
    page.goto("/disaster/")
    page.get_by_role("link", name="災害モードを開始").click()
    page.get_by_label("災害名・事象").fill("千葉県東方沖地震（震度6弱）")
    page.get_by_label("圏域全体を災害モードに切り替え").check()
    page.get_by_role("button", name="災害モードを開始する").click()
    page.get_by_role("heading", name="災害モード：千葉県東方沖地震（震度6弱）").wait_for()
    assert DisasterActivation.objects.filter(ended_at__isnull=True).count() == 1

    # Center staff land on the disaster dashboard; the banner is on every page.
    sign_in(center_staff)
    page.goto("/dashboard/")
    page.wait_for_url("**/disaster/")
    page.goto("/notifications/")
    assert "災害モード：千葉県東方沖地震" in page.locator(".disaster-banner").inner_text()
    page.locator(".disaster-banner").get_by_role("link", name="災害ダッシュボードへ").click()
    page.get_by_role("link", name="安否確認リスト").click()
    page.get_by_role("heading", name="安否確認リスト").wait_for()

    # Most urgent first: the power-dependent person, then the one living alone.
    names = page.locator("table.disaster-checks tbody th a").all_inner_texts()
    assert names == ["石田 花子", "青木 花子", "上野 花子"]
    assert "電源を要する医療機器" in page.locator("table.disaster-checks tbody tr").first.inner_text()
    assert _total(page, "unconfirmed") == "3"

    # Work through the list: open each, record the result, come back to the list.
    for name, status, note in [
        ("石田 花子", "要支援", "バッテリー残り4時間。電源の確保が必要"),
        ("青木 花子", "無事", "本人と電話で話した"),
        ("上野 花子", "連絡不可", "電話がつながらない"),
    ]:
        page.get_by_role("link", name=name).click()
        page.get_by_role("heading", name=f"安否確認：{name}").wait_for()
        page.get_by_label(status, exact=True).check()
        page.get_by_label("メモ").fill(note)
        page.get_by_role("button", name="記録する").click()
        page.get_by_text(f"安否確認を「{status}」で記録しました。").wait_for()
        page.get_by_role("heading", name="安否確認リスト").wait_for()

    # The progress by 市町村 follows.
    assert (_total(page, "unconfirmed"), _total(page, "safe"), _total(page, "needs_support"),
            _total(page, "unreachable")) == ("0", "1", "1", "1")
    row = page.locator("table.disaster-progress tbody tr", has_text="東金市")
    assert row.locator("td[data-status=needs_support]").inner_text() == "1"
    assert SafetyCheckChange.objects.count() == 3
    # The caller has the number to call, and 「連絡不可」 stays on one line.
    first = page.locator("table.disaster-checks tbody tr").first
    assert first.get_by_role("link", name="0475-00-0000").get_attribute("href") == "tel:0475-00-0000"
    status = page.locator(".disaster-status--unreachable").first
    box = status.bounding_box()
    line = float(status.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 24"))
    assert box["height"] < 1.5 * line, "連絡不可 wraps"
    violations = [v for v in Axe().run(page).response["violations"]
                  if v["impact"] in {"serious", "critical"}]
    assert violations == []
    keep_screenshot("disaster_checks")

    # Printed, and taken as CSV for when the power or network fails.
    with page.expect_download() as download:
        page.get_by_role("link", name="印刷用PDF").click()
    text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "安否確認リスト" in text and "石田" in text and "要支援" in text
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV（Excel用・Shift_JIS）").click()
    with open(download.value.path(), encoding="cp932", newline="") as f:
        rows = list(csv.reader(f))
    assert [r[4] for r in rows[1:]] == ["石田 花子", "青木 花子", "上野 花子"]
    assert [r[10] for r in rows[1:]] == ["要支援", "無事", "連絡不可"]

    # A member reports their organization's status from a phone.
    shop = user_create(actor="test", region=region, username="shop-member",
                       password="a-long-pw-123456", role=Role.MEMBER, organization=member_org,
                       display_name="商店の会員")
    phone = browser.new_context(base_url=live_server.url, locale="ja-JP",
                                timezone_id="Asia/Tokyo", viewport={"width": 390, "height": 844},
                                is_mobile=True, has_touch=True)
    phone.set_default_timeout(10_000)
    client = login(Client(), shop)
    phone.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url}])
    mobile = phone.new_page()
    try:
        mobile.goto("/dashboard/")
        mobile.wait_for_url("**/disaster/")
        assert "石田" not in mobile.content()  # members never see persons
        mobile.get_by_role("link", name="所属機関の状況を報告").click()
        choice = mobile.get_by_label("一部開所")
        box = mobile.locator("label", has=choice).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300  # big touch targets
        mobile.get_by_label("軽微な被害").check()
        choice.check()
        mobile.get_by_label("条件付きで可").check()
        mobile.get_by_label("電話", exact=True).check()
        mobile.get_by_label("必要な物資").fill("飲料水、紙おむつ")
        mobile.get_by_role("button", name="報告する").click()
        mobile.get_by_text("状況を報告しました。").wait_for()
        assert "飲料水、紙おむつ" in mobile.locator("main").inner_text()
        mobile.screenshot(path=screenshot_path("disaster_member_phone"), full_page=True)
    finally:
        phone.close()
    report = OrganizationStatusReport.objects.get(organization=member_org)
    assert (report.open_status, report.channel) == ("partial", "web")

    # The administrator switches off; the summary stays.
    sign_in(admin)
    page.goto("/disaster/")
    assert "ホッとステーション さんぶ商店" in page.locator("main").inner_text()
    page.get_by_role("link", name="災害モードを終了").click()
    page.get_by_label("災害モードを終了し").check()
    page.get_by_role("button", name="災害モードを終了する").click()
    page.get_by_role("heading", name="まとめ：千葉県東方沖地震（震度6弱）").wait_for()
    main = page.locator("main").inner_text()
    assert "ホッとステーション さんぶ商店" in main and "最初に連絡が取れるまでの時間" in main
    assert _total(page, "safe") == "1"
    assert SafetyCheck.objects.filter(status="unconfirmed").count() == 0
    page.goto("/dashboard/")
    assert page.locator(".disaster-banner").count() == 0
    keep_screenshot("disaster_summary")
