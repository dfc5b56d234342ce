"""Telling a user something: an in-app お知らせ, and a mail when they have an address."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail

from tsunagu.core.models import Notification, User

log = logging.getLogger(__name__)


def notification_send(*, users: Iterable[User], subject: str, body: str, url: str = "") -> int:
    """Write one Notification per active user and mail those with an address.

    ``subject`` and ``body`` leave the system by mail, so they must not hold personal data:
    say what happened and link to the page, where access is checked again. A mail that
    cannot be sent is logged; the in-app notification stays, so nothing is lost."""
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    Notification.objects.bulk_create(
        Notification(user=user, subject=subject, body=body, url=url) for user in recipients.values()
    )
    for user in recipients.values():
        if not user.email:
            continue
        link = f"{settings.TSUNAGU_BASE_URL}{url}" if url else ""
        try:
            send_mail(subject, f"{body}\n\n{link}".strip(), None, [user.email])
        except OSError:
            log.exception("notification mail to user %s failed", user.pk)
    return len(recipients)
