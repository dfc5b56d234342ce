"""The client's address and scheme behind the reverse proxy (tsunagu.core.proxy): believed
from the trusted proxy only. Through a real nginx: tests/production/test_stack.py."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from tests.conftest import PASSWORD

from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.core.proxy import TrustedProxyMiddleware


def _seen(settings, trusted: list[str], **meta) -> dict:
    settings.TSUNAGU_TRUSTED_PROXIES = trusted
    seen = {}

    def view(request):
        seen.update(request.META)
        return HttpResponse()

    TrustedProxyMiddleware(view)(RequestFactory().get("/", **meta))
    return seen


def test_from_the_proxy_the_client_is_the_rightmost_address_that_is_not_a_proxy(settings):
    meta = _seen(
        settings,
        ["127.0.0.1", "10.1.0.0/16"],
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.44, 10.1.2.3",
        HTTP_X_FORWARDED_PROTO="https",
    )
    # 198.51.100.1 was written by the client itself: it proves nothing
    assert meta["REMOTE_ADDR"] == "192.0.2.44"
    assert meta["HTTP_X_FORWARDED_PROTO"] == "https"


def test_from_anyone_else_the_forwarded_headers_are_removed(settings):
    meta = _seen(
        settings,
        ["127.0.0.1"],
        REMOTE_ADDR="192.0.2.9",
        HTTP_X_FORWARDED_FOR="203.0.113.5",
        HTTP_X_FORWARDED_PROTO="https",
    )
    assert meta["REMOTE_ADDR"] == "192.0.2.9"
    assert "HTTP_X_FORWARDED_FOR" not in meta and "HTTP_X_FORWARDED_PROTO" not in meta


def test_without_a_proxy_configured_nothing_is_believed(settings):
    meta = _seen(settings, [], REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert meta["REMOTE_ADDR"] == "127.0.0.1" and "HTTP_X_FORWARDED_FOR" not in meta


@pytest.mark.parametrize("garbage", ["not-an-address", "", " , ", "1.2.3.4:80"])
def test_a_malformed_header_keeps_the_proxy_address(settings, garbage):
    meta = _seen(settings, ["127.0.0.1"], REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=garbage)
    assert meta["REMOTE_ADDR"] == "127.0.0.1"


def test_behind_the_proxy_wrong_passwords_lock_out_their_client_only(
    client, center_staff, settings
):
    """Before: every request came from the proxy, so five wrong passwords from anyone locked
    the user out for everyone (the lockout is keyed on user + address)."""
    settings.TSUNAGU_TRUSTED_PROXIES = ["127.0.0.1"]

    def attempt(address, password):
        return client.post(
            "/accounts/login/",
            {"username": center_staff.username, "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=address,
        )

    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("192.0.2.66", "wrong-password-1")
    assert attempt("192.0.2.66", PASSWORD).status_code == 429
    response = attempt("198.51.100.7", PASSWORD)
    assert response.status_code == 302
    failures = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert set(failures.values_list("ip_address", flat=True)) == {"192.0.2.66"}
