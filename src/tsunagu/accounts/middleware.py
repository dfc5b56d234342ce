"""Two-factor login is not optional for roles that see personal data: until the second
factor is passed, such a user reaches only the pages that complete it. And the idle clock of
a session is renewed without writing the session on every request."""

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from tsunagu.core.access import needs_two_factor

_OPEN_PREFIXES = ("/static/", "/healthz", "/favicon.ico", "/public/", "/api/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            needs_two_factor(user)
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            allowed = {
                reverse("accounts:otp_verify"),
                reverse("accounts:otp_setup"),
                reverse("accounts:otp_recovery"),
                reverse("accounts:otp_security_key_options"),
                reverse("accounts:otp_security_key"),
                reverse("accounts:logout"),
            }
            if request.path not in allowed:
                return redirect("accounts:otp_verify")
        return self.get_response(request)


# The key in the session that says when the idle clock was last renewed (epoch seconds).
RENEWED_KEY = "_tsunagu_idle_renewed"


def renew_interval() -> int:
    """Seconds between two writes of a busy session: a minute, or a tenth of the idle limit if
    that is shorter, so a session still ends between 90 % and 100 % of the idle time."""
    return max(1, min(60, settings.SESSION_COOKIE_AGE // 10))


class SessionIdleMiddleware:
    """Sessions end after ``SESSION_IDLE_MINUTES`` without a request: each save sets the
    store's expiry that far ahead. Saving on every request (``SESSION_SAVE_EVERY_REQUEST``)
    made every page view a write — on SQLite every reader of a page queued for the write lock
    (issue 25). Here a signed-in session is marked for saving only when its clock was last
    renewed more than ``renew_interval()`` ago; Django's SessionMiddleware (listed before this
    one, so it sees the response after) then saves it. Empty sessions (visitors of the public
    pages) are never written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or not session.session_key:
            return response
        now = int(time.time())
        renewed = session.get(RENEWED_KEY)
        if session.modified or not isinstance(renewed, int) or now - renewed >= renew_interval():
            session[RENEWED_KEY] = now
        return response
