"""In a real browser: a report taken at night with the keyboard alone, the routing shown,
and the reporter revealed only by the explicit button, with axe on the revealed page.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tsunagu.core.models import AuditEntry
from tsunagu.safeguarding.models import AbuseReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _settle(tab) -> None:
    """Let the browser apply ``autofocus`` before the first key press."""
    tab.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _focused_id(tab) -> str:
    return tab.evaluate("() => document.activeElement.id")


def test_night_intake_by_keyboard_alone(page, sign_in, center_staff):
    sign_in(center_staff)
    page.goto("/safeguarding/abuse/new/")
    _settle(page)
    assert _focused_id(page) == "id_channel_0"  # 電話, checked; the time is now
    keys = page.keyboard
    keys.press("Tab")  # 通報者の種別: the first button
    keys.press("ArrowDown")  # 家族・親族
    keys.press("ArrowDown")  # 近隣住民・知人
    keys.press("Tab")
    assert _focused_id(page) == "id_reporter_name"
    keys.type("近所 一郎")
    keys.press("Tab")
    keys.type("0475-00-0000")
    keys.press("Tab")
    keys.type("東金市のグループホームの男性")
    keys.press("Tab")  # 担当市町村 (不明・未定)
    keys.press("Tab")  # 虐待者の種別: 養護者
    keys.press("ArrowDown")  # 障害者福祉施設従事者等
    keys.press("Tab")  # 虐待者の続柄 (不明・未記入)
    keys.press("Tab")  # 身体的虐待
    keys.press("Tab")  # 性的虐待
    keys.press("Tab")  # 心理的虐待
    keys.press("Space")
    keys.press("Tab")  # 放棄・放任
    keys.press("Tab")  # 経済的虐待
    keys.press("Space")
    keys.press("Tab")  # 緊急性: 高
    keys.press("ArrowDown")  # 中
    keys.press("Tab")
    assert _focused_id(page) == "id_observed"
    keys.type("職員が大声で怒鳴っていると聞いた。")
    keys.press("Tab")
    keys.press("Enter")  # 受け付ける
    page.wait_for_url(re.compile(r"/safeguarding/abuse/\d+/$"))

    report = AbuseReport.objects.get()
    assert report.channel == "phone" and report.reporter_kind == "neighbor"
    assert report.abuser_category == "facility" and report.urgency == "medium"
    assert (report.type_psychological, report.type_economic, report.type_physical) == (
        True,
        True,
        False,
    )
    shown = page.locator(".messages").inner_text()
    assert report.get_routing_display() in shown
    assert "近所" not in page.content()

    page.click("text=通報者を表示")
    page.wait_for_url(re.compile(r"/reporter/$"))
    assert "近所" not in page.content()
    page.click("main button[type=submit]")
    page.locator("dl.facts").wait_for()
    assert "近所 一郎" in page.locator("main").inner_text()
    assert AuditEntry.objects.filter(summary="reporter_identity", user=center_staff).count() == 1
    violations = [
        v for v in Axe().run(page).response["violations"] if v["impact"] in {"serious", "critical"}
    ]
    assert violations == []
