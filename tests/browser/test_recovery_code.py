"""In a real browser: a worker who left the work smartphone at home signs in with a
recovery code typed from paper; the same code is refused the second time. axe on both pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import PASSWORD

from tsunagu.accounts.services import recovery_codes_generate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _serious(page) -> list:
    return [
        v for v in Axe().run(page).response["violations"] if v["impact"] in {"serious", "critical"}
    ]


def _sign_in_with_code(page, user, code: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/otp/$"))
    page.click("text=スマートフォンが手元にない場合")
    page.wait_for_url(re.compile(r"/accounts/otp/recovery/$"))
    page.fill("#id_code", code)
    page.click("main form.stack button[type=submit]")


def test_worker_without_phone_signs_in_with_a_recovery_code(page, center_staff):
    TOTPDevice.objects.create(user=center_staff, name="app", confirmed=True)
    code = recovery_codes_generate(actor=center_staff, user=center_staff)[3]

    _sign_in_with_code(page, center_staff, code)
    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert "残りの予備コードは9個" in page.locator(".messages").inner_text()
    assert _serious(page) == []

    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_url(re.compile(r"/accounts/login/$"))

    _sign_in_with_code(page, center_staff, code)
    page.wait_for_url(re.compile(r"/accounts/otp/recovery/$"))
    assert "すでに使われています" in page.locator("main").inner_text()
    assert _serious(page) == []
    page.goto("/people/")
    assert page.url.endswith("/accounts/otp/")
