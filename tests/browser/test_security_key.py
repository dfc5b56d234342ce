"""In a real browser with Chromium's virtual authenticator (CDP WebAuthn domain): a worker
registers a security key after a verified login, then signs in with it instead of the
authenticator app; the registration and the login are audited. axe on both pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import PASSWORD

from tsunagu.accounts.models import SecurityKey
from tsunagu.core.models import AuditAction, AuditEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _serious(page) -> list:
    return [
        v for v in Axe().run(page).response["violations"] if v["impact"] in {"serious", "critical"}
    ]


def test_worker_registers_a_security_key_and_signs_in_with_it(
    page, context, sign_in, center_staff
):
    TOTPDevice.objects.create(user=center_staff, name="app", confirmed=True)
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "usb", "hasResidentKey": False,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }})
    sign_in(center_staff)

    page.goto("/accounts/")
    page.click("text=セキュリティキーを登録・管理する")
    page.wait_for_url(re.compile(r"/accounts/security-keys/$"))
    page.fill("#id_key_name", "青いUSBキー")
    page.click("text=セキュリティキーを登録する")
    page.wait_for_selector("table >> text=青いUSBキー")
    key = SecurityKey.objects.get(user=center_staff)
    assert key.name == "青いUSBキー" and key.confirmed
    assert _serious(page) == []

    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_url(re.compile(r"/accounts/login/$"))
    page.fill("#id_username", center_staff.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/otp/$"))
    assert _serious(page) == []
    page.click("text=セキュリティキーを使う")
    page.wait_for_url(re.compile(r"/dashboard/$"))
    summaries = set(AuditEntry.objects.filter(
        user=center_staff, action=AuditAction.SECURITY).values_list("summary", flat=True))
    assert f"security key registered ({key.pk})" in summaries
    assert f"signed in with a security key ({key.pk})" in summaries
    key.refresh_from_db()
    assert key.last_used_at is not None
