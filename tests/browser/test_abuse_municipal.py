"""In a real browser: 東金市's officer opens the abuse cases, receives (受理) and advances a
case of 東金市 through the コアメンバー会議 and its 判断, and gets 404 for one of 山武市. The
stepper ticks only what happened. axe on the case page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from tests.safeguarding.fixtures_abuse import receive

from tsunagu.safeguarding.models import AbuseReport, AbuseStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_togane_officer_advances_own_case_and_cannot_see_sammu(
    page, sign_in, region, center_staff, municipal_staff
):
    togane = receive(
        region,
        center_staff,
        municipality=region.municipalities.get(code="12213"),
        person_description="東金市 在住の女性",
    )
    sammu = receive(
        region,
        center_staff,
        municipality=region.municipalities.get(code="12237"),
        person_description="山武市 在住の男性",
    )
    sign_in(municipal_staff)

    page.goto("/dashboard/")
    page.click("nav >> text=虐待通報")
    page.wait_for_url(re.compile(r"/safeguarding/abuse/$"))
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    page.click(f"text=No. {togane.pk}")
    page.wait_for_url(re.compile(rf"/safeguarding/abuse/{togane.pk}/$"))

    # 受理 recorded as a note in the first stage, then the コアメンバー会議 and its 判断.
    page.check("input[name=to_status][value=received]")
    page.fill("#id_note", "東金市 障害福祉課で受理。")
    page.click("text=記録する")
    page.wait_for_url(re.compile(rf"/safeguarding/abuse/{togane.pk}/$"))
    page.check("input[name=to_status][value=core_meeting]")
    page.fill("#id_note", "コアメンバー会議：虐待と判断。")
    page.select_option("#id_finding", "confirmed")
    page.select_option("#id_abuser_relationship", "husband")
    page.click("text=記録する")
    page.wait_for_url(re.compile(rf"/safeguarding/abuse/{togane.pk}/$"))

    steps = page.locator("ol.flow-steps li")
    ticked = [t for t in steps.all_inner_texts() if t.startswith("✓")]
    assert len(ticked) == 2 and "コアメンバー会議" in ticked[1]
    assert "夫" in page.locator("dl.facts").inner_text()
    violations = [
        v for v in Axe().run(page).response["violations"] if v["impact"] in {"serious", "critical"}
    ]
    assert violations == []

    report = AbuseReport.objects.get(pk=togane.pk)
    assert report.status == AbuseStatus.CORE_MEETING and report.finding == "confirmed"
    assert report.steps.filter(actor=municipal_staff).count() == 2

    response = page.goto(f"/safeguarding/abuse/{sammu.pk}/")
    assert response.status == 404
    assert "山武市 在住" not in page.content()
