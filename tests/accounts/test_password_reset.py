"""Password reset by mail: says nothing about which addresses exist, mails a one-time link
through the outbox, ends other sessions, and leaves the second factor in place."""

import re

import pytest
from django.core.management import call_command

from tsunagu.accounts.models import PasswordResetRequest
from tsunagu.core.models import AuditEntry, OutboxMail

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-fresh-password-2026!"


def _ask(client, email):
    return client.post("/accounts/password/reset/", {"email": email}, follow=True)


def _handle_requests() -> None:
    """What `tsunagu serve` does every few seconds: the reset job, then the outbox."""
    call_command("password_reset", verbosity=0)


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
    _handle_requests()
    assert [rcpt for rcpt, _m in smtp_server.messages] == [[secretariat.email]]


def test_the_mailed_link_sets_a_new_password_once(client, secretariat, smtp_server, settings):
    settings.TSUNAGU_BASE_URL = "https://tsunagu.example.jp"
    _ask(client, secretariat.email)
    _handle_requests()
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
    _handle_requests()
    (_rcpt, message), = smtp_server.messages
    assert "evil.test" not in message.get_content()


def test_a_reset_ends_other_sessions_and_keeps_the_second_factor(
    client, center_staff, smtp_server, login, django_user_model
):
    from django.test import Client

    other = login(Client(), center_staff)
    assert other.get("/dashboard/").status_code == 200
    _ask(client, center_staff.email)
    _handle_requests()
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
    _handle_requests()
    (_rcpt, message), = smtp_server.messages
    path = re.sub(r"^https?://[^/]+", "", _link(message))
    form = client.get(path, follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200
    secretariat.refresh_from_db()
    assert not secretariat.check_password("short")


def _work(client, email, address="192.0.2.10") -> tuple[bytes, list[str]]:
    """The answer to one request and the statements it ran, values left out. Each request
    comes from its own client address, so that the per-client counter (a row of the shared
    database cache) is as new for one as for the other."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        answer = client.post(
            "/accounts/password/reset/", {"email": email}, REMOTE_ADDR=address
        )
    values = re.compile(r"'[^']*'|\b\d+\b|\"s\w+_x\d+\"")  # literals, numbers, savepoints
    shapes = [values.sub("?", q["sql"]) for q in queries.captured_queries]
    return answer.content, shapes


def test_known_and_unknown_addresses_do_the_same_work(client, secretariat, smtp_server):
    """No timing in a test: the same statements in the request for both, none of them on the
    accounts; the lookup and the mail happen in the background job."""
    known_answer, known = _work(client, secretariat.email)
    unknown_answer, unknown = _work(client, "nobody-here@example.invalid", "192.0.2.11")
    assert known_answer == unknown_answer
    assert known == unknown, "\n".join(__import__("difflib").unified_diff(known, unknown, lineterm=""))
    assert not any("core_user" in sql for sql in known)
    inserts = [sql for sql in known if sql.lstrip().upper().startswith("INSERT")]
    # the request and its audit entry; the limits' counters are rows of the database cache
    assert len([sql for sql in inserts if "tsunagu_cache" not in sql]) == 2
    assert PasswordResetRequest.objects.count() == 2
    assert OutboxMail.objects.count() == 0  # nothing decided in the request
    _handle_requests()
    assert [rcpt for rcpt, _m in smtp_server.messages] == [[secretariat.email]]
    assert not PasswordResetRequest.objects.exists()  # the unknown address is not kept


def test_forty_requests_for_one_address_queue_at_most_the_limit(
    client, secretariat, smtp_server, settings
):
    answers = set()
    for _ in range(40):
        answers.add(client.post("/accounts/password/reset/", {"email": secretariat.email})["Location"])
        _handle_requests()  # the job running between requests, as `tsunagu serve` does
    assert answers == {"/accounts/password/reset/sent/"}
    assert 1 <= len(smtp_server.messages) <= settings.PASSWORD_RESET_PER_ADDRESS
    refused = AuditEntry.objects.filter(summary__startswith="password reset refused")
    assert refused.count() == 40 - settings.PASSWORD_RESET_PER_ADDRESS
    assert "address" in refused.first().summary


def test_an_address_typed_differently_counts_as_the_same(client, secretariat, settings):
    settings.PASSWORD_RESET_PER_ADDRESS = 1
    client.post("/accounts/password/reset/", {"email": secretariat.email})
    client.post("/accounts/password/reset/", {"email": " " + secretariat.email.upper()})
    assert PasswordResetRequest.objects.count() == 1


def test_one_client_asking_for_many_addresses_is_limited(client, secretariat, settings):
    from django.test import Client

    settings.PASSWORD_RESET_PER_CLIENT = 5
    for n in range(12):
        client.post("/accounts/password/reset/", {"email": f"guess{n}@example.invalid"},
                    REMOTE_ADDR="203.0.113.7")
    assert PasswordResetRequest.objects.count() == 5
    assert AuditEntry.objects.filter(summary__contains="too many requests (client)").count() == 7
    # another client is not held back by the first one
    Client().post("/accounts/password/reset/", {"email": secretariat.email},
                  REMOTE_ADDR="198.51.100.2")
    assert PasswordResetRequest.objects.filter(email=secretariat.email).exists()


def test_several_waiting_requests_give_one_mail(client, secretariat, smtp_server):
    for _ in range(3):
        _ask(client, secretariat.email)
    _handle_requests()
    assert len(smtp_server.messages) == 1
