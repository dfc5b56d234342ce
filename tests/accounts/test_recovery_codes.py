"""One-time recovery codes: the second factor of a worker without the work smartphone."""

from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import PASSWORD

from tsunagu.accounts.services import recovery_codes_generate, totp_device_reset
from tsunagu.core.models import AuditAction, AuditEntry


def _password_login(client, user):
    return client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})


def test_codes_are_generated_after_the_second_factor_and_shown_once(client, login, center_staff):
    login(client, center_staff)
    page = client.get("/accounts/recovery-codes/").content.decode()
    assert "残り0個" in page
    response = client.post("/accounts/recovery-codes/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    shown = response.context["codes"]
    assert len(shown) == 10 and len(set(shown)) == 10
    assert all(code in response.content.decode() for code in shown)
    # Not shown again: the page now only counts them.
    again = client.get("/accounts/recovery-codes/").content.decode()
    assert not any(code in again for code in shown) and "残り10個" in again
    assert AuditEntry.objects.filter(
        user=center_staff, action=AuditAction.SECURITY, summary__startswith="recovery codes"
    ).exists()


def test_regenerating_replaces_the_earlier_codes(center_staff):
    first = recovery_codes_generate(actor=center_staff, user=center_staff)
    second = recovery_codes_generate(actor=center_staff, user=center_staff)
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10
    assert not {c.replace("-", "") for c in first} & stored
    assert {c.replace("-", "") for c in second} == stored


def test_password_alone_cannot_generate_codes(client, center_staff):
    TOTPDevice.objects.create(user=center_staff, name="app", confirmed=True)
    _password_login(client, center_staff)
    response = client.post("/accounts/recovery-codes/")
    assert response["Location"] == "/accounts/otp/"
    assert not StaticToken.objects.exists()


def test_a_code_signs_in_once(client, center_staff, person):
    from django.test import Client

    TOTPDevice.objects.create(user=center_staff, name="app", confirmed=True)
    code = recovery_codes_generate(actor=center_staff, user=center_staff)[0]
    _password_login(client, center_staff)
    # Typed by hand: upper case, full-width, without the hyphen.
    typed = (
        code.replace("-", "")
        .upper()
        .translate(
            str.maketrans(
                "ABCDEFGHJKMNPQRSTUVWXYZ23456789",
                "ＡＢＣＤＥＦＧＨＪＫＭＮＰＱＲＳＴＵＶＷＸＹＺ２３４５６７８９",
            )
        )
    )
    response = client.post("/accounts/otp/recovery/", {"code": typed})
    assert response.status_code == 302
    assert client.get(f"/people/{person.pk}/").status_code == 200
    assert StaticToken.objects.count() == 9
    assert AuditEntry.objects.filter(summary="signed in with a recovery code").count() == 1

    other = Client()
    _password_login(other, center_staff)
    response = other.post("/accounts/otp/recovery/", {"code": code})
    assert response.status_code == 200
    assert "すでに使われています" in response.content.decode()
    assert other.get(f"/people/{person.pk}/")["Location"] == "/accounts/otp/"
    assert AuditEntry.objects.filter(
        user=center_staff, action=AuditAction.OTP_FAILED, summary="recovery code"
    ).exists()


def test_codes_alone_lead_to_the_verify_page_not_setup(client, center_staff):
    recovery_codes_generate(actor=center_staff, user=center_staff)
    assert _password_login(client, center_staff)["Location"] == "/accounts/otp/"
    assert "予備コード" in client.get("/accounts/otp/").content.decode()


def test_administrator_reset_removes_codes_too(admin, center_staff):
    recovery_codes_generate(actor=center_staff, user=center_staff)
    totp_device_reset(actor=admin, user=center_staff)
    assert not StaticToken.objects.exists()
