"""Password reset by mail: says nothing about which addresses exist, mails a one-time link
through the outbox, ends other sessions, and leaves the second factor in place."""

import re

import pytest

from tsunagu.core.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-fresh-password-2026!"


def _ask(client, email):
    return client.post("/accounts/password/reset/", {"email": email}, follow=True)


def _link(message) -> str:
    match = re.search(r"https?://[^\s]+/accounts/password/reset/[^\s]+/", message.get_content())
    assert match, message.get_content()
    return match.group(0)


def test_the_answer_does_not_tell_whether_an_account_exists(client, secretariat, smtp_server):
    known = _ask(client, secretariat.email)
    unknown = _ask(client, "nobody-here@example.invalid")
    assert known.redirect_chain == unknown.redirect_chain == [("/accounts/password/reset/sent/", 302)]
    strip = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub(b"", known.content) == strip.sub(b"", unknown.content)
    assert [rcpt for rcpt, _m in smtp_server.messages] == [[secretariat.email]]


def test_the_mailed_link_sets_a_new_password_once(client, secretariat, smtp_server, settings):
    settings.TSUNAGU_BASE_URL = "https://tsunagu.example.jp"
    _ask(client, secretariat.email)
    (_rcpt, message), = smtp_server.messages
    assert message["Subject"] == "【つなぐ】パスワードの再設定"
    link = _link(message)
    assert link.startswith("https://tsunagu.example.jp/accounts/password/reset/")
    path = link.removeprefix("https://tsunagu.example.jp")
    form = client.get(path, follow=True)
    assert "新しいパスワードの設定" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == "/accounts/password/reset/done/"
    secretariat.refresh_from_db()
    assert secretariat.check_password(NEW_PASSWORD)
    again = client.get(path, follow=True)
    assert "このリンクは使えません" in again.content.decode()
    summaries = set(
        AuditEntry.objects.filter(target_id=str(secretariat.pk)).values_list("summary", flat=True)
    )
    assert {"password reset mailed", "password reset by mail link"} <= summaries


def test_a_host_header_cannot_redirect_the_link(client, secretariat, smtp_server, settings):
    settings.TSUNAGU_BASE_URL = "https://tsunagu.example.jp"
    settings.ALLOWED_HOSTS = ["*"]
    client.post("/accounts/password/reset/", {"email": secretariat.email}, HTTP_HOST="evil.test")
    (_rcpt, message), = smtp_server.messages
    assert "evil.test" not in message.get_content()


def test_a_reset_ends_other_sessions_and_keeps_the_second_factor(
    client, center_staff, smtp_server, login, django_user_model
):
    from django.test import Client

    other = login(Client(), center_staff)
    assert other.get("/dashboard/").status_code == 200
    _ask(client, center_staff.email)
    (_rcpt, message), = smtp_server.messages
    path = re.sub(r"^https?://[^/]+", "", _link(message))
    form = client.get(path, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert other.get("/dashboard/").status_code == 302  # the old session is gone
    fresh = Client()
    response = fresh.post(
        "/accounts/login/", {"username": center_staff.username, "password": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/otp/"
    assert fresh.get("/people/").status_code == 302  # nothing personal before the code


def test_weak_new_passwords_are_refused(client, secretariat, smtp_server):
    _ask(client, secretariat.email)
    (_rcpt, message), = smtp_server.messages
    path = re.sub(r"^https?://[^/]+", "", _link(message))
    form = client.get(path, follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200
    secretariat.refresh_from_db()
    assert not secretariat.check_password("short")
