"""Issue 21's daily screens in the browser: the audit log printed on A4 (no page wider than
the paper, 操作 on one line, codes in words), with axe; screenshots kept."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_WIDTH_PX = 794  # 210 mm at 96 dpi


def _serious(page) -> list:
    return [v for v in Axe().run(page).response["violations"]
            if v["impact"] in {"serious", "critical"}]


def test_the_audit_log_reads_in_words_and_fits_a4(page, sign_in, admin, person, keep_screenshot):
    for n in range(30):
        audit_record(actor=admin, action=AuditAction.EXPORT, target_type="reports.annual",
                     summary=f"reports.annual fy=2022 format=pdf rows={n} "
                     "path=/reports/annual/2022/municipality/12213/national/categories/" * 3)
    audit_record(actor=admin, action=AuditAction.UPDATE, target=person,
                 summary=f"person={person.pk} status=received>fact_check")
    sign_in(admin)
    page.goto("/audit/")
    assert "状況：受付・受理→事実確認・安全確認" in page.locator("table.audit-log").inner_text()
    assert _serious(page) == []
    keep_screenshot("audit_log")

    page.set_viewport_size({"width": A4_WIDTH_PX, "height": 1123})
    page.emulate_media(media="print")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= A4_WIDTH_PX, f"the printed log is {width}px wide"
    header = page.locator("table.audit-log thead th").nth(2)
    cell = page.locator("table.audit-log tbody td.audit-log__action").first
    lines = ("e => { const r = document.createRange(); r.selectNodeContents(e);"
             " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }")
    assert header.inner_text() == "操作"
    assert header.evaluate(lines) == 1 and cell.evaluate(lines) == 1, "操作 wraps"
    keep_screenshot("audit_log_print_a4")


def test_a_resident_finds_the_events_and_registers_by_phone(page, region, network_event,
                                                            keep_screenshot):
    page.goto("/")
    page.get_by_role("link", name="行事の一覧を見る").click()
    page.get_by_role("heading", name=f"{region.name}の行事").wait_for()
    page.get_by_role("link", name=network_event.post.title).first.click()
    page.get_by_role("textbox", name="お名前").fill("山田 一郎")
    page.get_by_role("textbox", name="電話番号").fill("0475-00-1111")
    page.get_by_label("会場", exact=True).check()
    page.get_by_label("お名前と連絡先を").check()
    keep_screenshot("public_event_register_by_phone")
    assert _serious(page) == []
    page.get_by_role("button", name="申し込む").click()
    page.get_by_text("主催者にお電話ください").wait_for()
    keep_screenshot("public_event_registered_by_phone")


LINES = ("e => { const r = document.createRange(); r.selectNodeContents(e);"
         " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }")


@pytest.mark.parametrize(("role", "groups"), [
    ("center_staff", ["相談・支援", "地域", "ネットワーク", "集計"]),
    ("member", ["地域", "ネットワーク"]),
    ("admin", ["相談・支援", "地域", "ネットワーク", "集計", "管理"]),
])
def test_the_menu_is_grouped_by_role_and_fits_a_phone(
    page, sign_in, request, role, groups, keep_screenshot
):
    """Issue 21 item 9: the menu in groups, only the role's own; on a 390×844 phone the
    header takes under 40% of the screen and no menu word breaks."""
    sign_in(request.getfixturevalue(role))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/dashboard/", timeout=60_000)
    nav = page.get_by_role("navigation", name="メインメニュー")
    assert nav.locator(".site-nav__heading").all_inner_texts() == groups
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 0.4 * 844, f"the header is {header['height']}px tall"
    words = page.locator(".site-nav a, .site-nav__heading, .user-menu a, .user-menu button")
    broken = [w.inner_text() for w in words.all() if w.evaluate(LINES) > 1]
    assert broken == []
    assert _serious(page) == []
    keep_screenshot(f"menu_phone_{role}")
