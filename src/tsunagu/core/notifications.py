"""Telling a user something: an in-app お知らせ, and a mail when they have an address."""

from collections.abc import Iterable

from django.conf import settings

from tsunagu.core.mail import mail_queue
from tsunagu.core.models import Notification, User


def notification_send(*, users: Iterable[User], subject: str, body: str, url: str = "") -> int:
    """Write one Notification per active user and queue a mail (core.mail) for those with an address.

    ``subject`` and ``body`` leave the system by mail, so they must not hold personal data:
    say what happened and link to the page, where access is checked again. A mail that
    cannot be sent is retried by the outbox; the in-app notification stays regardless."""
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    Notification.objects.bulk_create(
        Notification(user=user, subject=subject, body=body, url=url) for user in recipients.values()
    )
    for user in recipients.values():
        if user.email:
            link = f"{settings.TSUNAGU_BASE_URL}{url}" if url else ""
            mail_queue(to=[user.email], subject=subject, body=f"{body}\n\n{link}".strip())
    return len(recipients)
