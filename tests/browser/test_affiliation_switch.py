"""In a real browser: a worker seconded from a provider to the 基幹 center signs in, switches
hats from the menu and sees the center's scope; switching back takes it away. axe on the page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import PASSWORD

from tsunagu.accounts.services import user_create
from tsunagu.core.affiliations import affiliation_add
from tsunagu.core.models import AuditEntry
from tsunagu.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_seconded_worker_switches_hats(page, region, other_provider_org, center_org, person):
    worker = user_create(
        actor="test",
        region=region,
        username="shukko",
        password=PASSWORD,
        role=Role.PROVIDER_STAFF,
        organization=other_provider_org,
    )
    affiliation_add(actor="test", user=worker, role=Role.CENTER_STAFF, organization=center_org)
    device = TOTPDevice.objects.create(user=worker, name="app", confirmed=True)

    page.goto("/accounts/login/")
    page.fill("#id_username", "shukko")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/otp/$"))
    page.fill("#id_token", f"{TOTP(device.bin_key).token():06d}")
    page.click("main form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/dashboard/$"))

    response = page.goto(f"/people/{person.pk}/")
    assert response.status == 404

    page.goto("/dashboard/")
    page.click("text=所属の切替")
    page.wait_for_url(re.compile(r"/accounts/affiliation/$"))
    violations = [
        v for v in Axe().run(page).response["violations"] if v["impact"] in {"serious", "critical"}
    ]
    assert violations == []
    page.check(f"text={center_org.name}")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert center_org.name in page.locator(".messages").inner_text()
    assert center_org.name in page.locator(".user-menu").inner_text()

    response = page.goto(f"/people/{person.pk}/")
    assert response.status == 200
    assert "髙橋" in page.locator("main").inner_text()

    page.goto("/accounts/affiliation/")
    page.check("#affiliation_primary")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert page.goto(f"/people/{person.pk}/").status == 404
    assert (
        AuditEntry.objects.filter(user=worker, summary__startswith="affiliation switched").count()
        == 2
    )
