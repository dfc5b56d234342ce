"""Two-factor login is not optional for roles that see personal data: until the second
factor is passed, such a user reaches only the pages that complete it."""

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
