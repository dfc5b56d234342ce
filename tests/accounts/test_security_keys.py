"""Security keys beside TOTP and recovery codes: what is refused without a real ceremony
(the happy path runs in a real browser with a virtual authenticator:
tests/browser/test_security_key.py), and the administrator's reset removes keys too."""

import json

import pytest

from tsunagu.accounts.models import SecurityKey
from tsunagu.accounts.services import totp_device_reset
from tsunagu.core.models import AuditAction, AuditEntry


@pytest.fixture
def key(center_staff):
    return SecurityKey.objects.create(user=center_staff, name="鍵", confirmed=True,
                                      credential_id=b"\x01" * 16, public_key=b"\x02" * 32)


def test_options_name_the_users_keys_and_keep_a_challenge(client, center_staff, key):
    client.force_login(center_staff)  # password only: the second factor is pending
    response = client.post("/accounts/otp/key/options/")
    assert response.status_code == 200
    options = response.json()
    assert [c["id"] for c in options["allowCredentials"]] == ["AQEBAQEBAQEBAQEBAQEBAQ"]
    assert options["rpId"] == "testserver"
    assert client.session["tsunagu_webauthn_login"]  # the challenge, kept for one answer


@pytest.mark.parametrize("body", [
    {},
    {"credential": {"rawId": "AQEBAQEBAQEBAQEBAQEBAQ", "response": {}}},
    {"credential": {"rawId": "not base64!"}},
    "garbage",
])
def test_a_forged_answer_is_refused_and_audited(client, center_staff, key, body):
    client.force_login(center_staff)
    client.post("/accounts/otp/key/options/")
    payload = body if isinstance(body, str) else json.dumps(body)
    response = client.post("/accounts/otp/key/", payload, content_type="application/json")
    assert response.status_code == 400
    assert client.get("/people/")["Location"] == "/accounts/otp/"  # still not verified
    assert AuditEntry.objects.filter(user=center_staff, action=AuditAction.OTP_FAILED,
                                     summary="security key").exists()


def test_an_answer_without_a_challenge_is_refused(client, center_staff, key):
    client.force_login(center_staff)
    response = client.post("/accounts/otp/key/", json.dumps({"credential": {}}),
                           content_type="application/json")
    assert response.status_code == 400


def test_registration_needs_a_verified_login(client, center_staff):
    client.force_login(center_staff)
    assert client.post("/accounts/security-keys/options/")["Location"] == "/accounts/otp/"
    assert not SecurityKey.objects.exists()


def test_the_owner_removes_a_key_audited(client, login, center_staff, key, provider_staff):
    other = SecurityKey.objects.create(user=provider_staff, name="他人の鍵", confirmed=True,
                                       credential_id=b"\x03" * 16, public_key=b"\x04" * 32)
    login(client, center_staff)
    client.post("/accounts/security-keys/", {"remove": other.pk})
    assert SecurityKey.objects.filter(pk=other.pk).exists()
    client.post("/accounts/security-keys/", {"remove": key.pk})
    assert not SecurityKey.objects.filter(pk=key.pk).exists()
    assert AuditEntry.objects.filter(user=center_staff, action=AuditAction.SECURITY,
                                     summary=f"security key removed ({key.pk})").exists()


def test_the_administrators_reset_removes_keys(admin, center_staff, key):
    totp_device_reset(actor=admin, user=center_staff)
    assert not SecurityKey.objects.filter(user=center_staff).exists()
