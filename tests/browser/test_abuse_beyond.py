"""In a real browser: 東金市's officer opens 年度の集計 and sees their own municipality in the
survey's breakdown (suppressed), then reports a case by 施設従事者等 to the 都道府県 (§17) and
gets its form as a PDF. axe on both pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from tests.safeguarding.fixtures_abuse import receive

from tsunagu.core import dates
from tsunagu.safeguarding.models import AbuseRouting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _serious(page) -> list:
    return [
        v for v in Axe().run(page).response["violations"] if v["impact"] in {"serious", "critical"}
    ]


def test_togane_officer_sees_own_figures_and_reports_a_facility_case(
    page, sign_in, region, center_staff, municipal_staff
):
    case = receive(
        region,
        center_staff,
        municipality=region.municipalities.get(code="12213"),
        abuser_category="facility",
        types=["type_psychological"],
    )
    sign_in(municipal_staff)

    page.goto("/safeguarding/abuse/")
    page.click("text=年度の集計")
    page.wait_for_url(re.compile(r"/safeguarding/abuse/figures/"))
    label = dates.fiscal_year_label(case.fiscal_year)
    assert f"東金市 {label}（国の調査の区分）" in page.locator("main").inner_text()
    assert "山武市" not in page.locator("main").inner_text()
    assert _serious(page) == []

    page.goto(f"/safeguarding/abuse/{case.pk}/")
    section = page.locator("section", has_text="都道府県・労働局への報告")
    section.locator("#id_addressee").fill("千葉県 障害者福祉推進課")
    section.locator("text=報告を記録する").click()
    page.wait_for_url(re.compile(rf"/safeguarding/abuse/{case.pk}/$"))
    routing = AbuseRouting.objects.get(report=case)
    assert routing.destination == "prefecture" and routing.sent_by == municipal_staff
    link = page.locator(f"a[href$='/routing/{routing.pk}.pdf']")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert _serious(page) == []
