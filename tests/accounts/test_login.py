"""Login through the same forms a user fills in: password, then the second factor."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import PASSWORD

from tsunagu.accounts.services import user_create
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.core.roles import Role


def _code(device: TOTPDevice) -> str:
    return (
        f"{TOTP(device.bin_key, step=device.step, digits=device.digits).token():0{device.digits}d}"
    )


def _password_login(client, user, password=PASSWORD):
    return client.post("/accounts/login/", {"username": user.username, "password": password})


def test_center_staff_must_pass_second_factor(client, center_staff, person):
    device = TOTPDevice.objects.create(user=center_staff, name="app", confirmed=True)
    response = _password_login(client, center_staff)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/otp/"
    # Password alone does not open personal data.
    response = client.get(f"/people/{person.pk}/")
    assert response.status_code == 302 and response["Location"] == "/accounts/otp/"
    response = client.post("/accounts/otp/", {"token": _code(device)})
    assert response.status_code == 302
    assert client.get(f"/people/{person.pk}/").status_code == 200


def test_wrong_second_factor_is_refused_and_audited(client, center_staff):
    TOTPDevice.objects.create(user=center_staff, name="app", confirmed=True)
    _password_login(client, center_staff)
    response = client.post("/accounts/otp/", {"token": "000000"})
    assert response.status_code == 200
    assert "確認コードが正しくないか" in response.content.decode()
    assert client.get("/dashboard/")["Location"] == "/accounts/otp/"
    assert AuditEntry.objects.filter(user=center_staff, action=AuditAction.OTP_FAILED).exists()


def test_first_login_registers_an_authenticator(client, provider_staff):
    response = _password_login(client, provider_staff)
    assert response["Location"] == "/accounts/otp/setup/"
    page = client.get("/accounts/otp/setup/").content.decode()
    assert "data:image/svg+xml" in page
    device = TOTPDevice.objects.get(user=provider_staff, confirmed=False)
    response = client.post("/accounts/otp/setup/", {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/people/").status_code == 200


def test_setup_is_closed_once_a_device_is_registered(client, center_staff):
    """With only a password, nobody may register a second authenticator."""
    TOTPDevice.objects.create(user=center_staff, name="app", confirmed=True)
    _password_login(client, center_staff)
    response = client.get("/accounts/otp/setup/")
    assert response["Location"] == "/accounts/otp/"
    assert TOTPDevice.objects.filter(user=center_staff).count() == 1


def test_roles_without_personal_data_log_in_with_password_only(client, secretariat):
    response = _password_login(client, secretariat)
    assert response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


def test_wrong_password_is_audited_and_says_nothing_more(client, center_staff):
    response = _password_login(client, center_staff, "wrong-password-1")
    assert response.status_code == 200
    assert "ユーザー名またはパスワードが正しくありません" in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.username == center_staff.username and entry.user is None


def test_a_failed_login_is_seen_by_the_administrator_of_its_region(
    client, login, admin, center_staff, outsider
):
    """Wrong passwords for a user of the region reach that region's audit export; those for
    another region's user do not; a name that matches nobody is kept out of every region."""
    from django.test import Client

    for username in (center_staff.username, outsider.username, "no-such-user"):
        answer = Client().post("/accounts/login/", {"username": username, "password": "wrong-1"})
        assert "ユーザー名またはパスワードが正しくありません" in answer.content.decode()
    login(client, admin)
    export = client.get("/audit/export.csv", {"action": "login_failed"})
    assert export.status_code == 200
    rows = export.content.decode("utf-8-sig").splitlines()[1:]
    assert len(rows) == 1 and center_staff.username in rows[0]
    assert str(center_staff.pk) in rows[0]
    unknown = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED, username="no-such-user")
    assert unknown.region is None and unknown.target_id == ""
    theirs = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED, username=outsider.username)
    assert theirs.region == outsider.region


def test_login_is_throttled_after_repeated_failures(client, settings, secretariat):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_login(client, secretariat, "wrong-password-1")
    # Even the right password is refused while locked out.
    response = _password_login(client, secretariat)
    assert response.status_code == 429
    assert "ログインを一時停止しました" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sessions_expire_after_idle_time(client, settings, secretariat, login):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    login(client, secretariat)
    assert client.get("/dashboard/").status_code == 200
    # The store's expiry is what the idle limit sets; push it into the past.
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert client.get("/dashboard/")["Location"].startswith("/accounts/login/")


def test_requests_renew_the_idle_clock_without_writing_every_time(
    client, settings, secretariat, login
):
    """The idle clock moves on with use, but a session is written at most once a minute
    (issue 25: every page view used to be a write)."""
    from tsunagu.accounts.middleware import RENEWED_KEY, renew_interval

    assert not settings.SESSION_SAVE_EVERY_REQUEST
    assert renew_interval() == 60
    login(client, secretariat)
    key = client.session.session_key
    assert client.get("/dashboard/").status_code == 200
    first = Session.objects.get(session_key=key).expire_date
    assert first > timezone.now() + timedelta(minutes=29)

    # within the minute: nothing written (the expiry stays where the last write put it)
    Session.objects.filter(session_key=key).update(expire_date=first - timedelta(minutes=5))
    assert client.get("/dashboard/").status_code == 200
    assert Session.objects.get(session_key=key).expire_date == first - timedelta(minutes=5)

    # a minute after the last renewal: the next request pushes the expiry 30 minutes ahead
    session = client.session
    session[RENEWED_KEY] -= renew_interval()
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=first - timedelta(minutes=5))
    assert client.get("/dashboard/").status_code == 200
    assert Session.objects.get(session_key=key).expire_date > timezone.now() + timedelta(minutes=29)


def test_public_pages_create_no_session(client, region):
    client.get("/")
    client.get(f"/public/{region.code}/directory/")
    assert not Session.objects.exists()


def test_sign_out_everywhere_ends_other_sessions(client, secretariat, login, django_user_model):
    from django.test import Client

    other = Client()
    login(other, secretariat)
    _password_login(client, secretariat)
    assert other.get("/dashboard/").status_code == 200
    response = client.post("/accounts/sessions/end-all/")
    assert response["Location"] == "/accounts/login/"
    assert other.get("/dashboard/")["Location"].startswith("/accounts/login/")
    assert client.get("/dashboard/")["Location"].startswith("/accounts/login/")
    assert AuditEntry.objects.filter(user=secretariat, action=AuditAction.SECURITY).exists()


@pytest.mark.parametrize(
    "password", ["short1!", "password1234", "12345678901234", "abcdefghijklmnop"]
)
def test_weak_passwords_are_refused(region, password):
    with pytest.raises(ValidationError):
        user_create(
            actor="test", region=region, username="weak", password=password, role=Role.SECRETARIAT
        )


def test_logout_is_post_only_and_audited(client, secretariat, login):
    login(client, secretariat)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert AuditEntry.objects.filter(user=secretariat, action=AuditAction.LOGOUT).exists()
    assert client.get("/dashboard/").status_code == 302


def test_open_redirect_is_not_followed(client, secretariat):
    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"username": secretariat.username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
