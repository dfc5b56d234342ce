"""Reads of accounts: what the account pages show beyond a filter."""

from django_otp.plugins.otp_static.models import StaticToken

from tsunagu.core.models import (
    User,
)


def recovery_codes_remaining(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
