"""Mail leaves through an outbox, never from a request.

``mail_queue`` writes an :class:`OutboxMail` row (inside the caller's transaction, so a
rolled-back action sends nothing); ``outbox_deliver`` sends what is due through Django's mail
backend. ``tsunagu serve`` runs it every few seconds in its background jobs
(tsunagu.core.jobs), and ``tsunagu mail send [--loop]`` runs it on its own."""

import base64
import logging
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from tsunagu.core.models import OutboxMail, OutboxStatus

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# seconds before the n-th retry
_BACKOFF = (30, 120, 600, 3600)


def mail_queue(
    *,
    to: Iterable[str],
    subject: str,
    body: str,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    headers: dict[str, str] | None = None,
) -> OutboxMail | None:
    """Queue one mail to ``to`` (addresses; blanks dropped). ``attachments`` are
    (filename, content, content type). Returns None when there is nobody to send to."""
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        return None
    return OutboxMail.objects.create(
        to=recipients,
        subject=subject.replace("\n", " ").strip()[:300],
        body=body,
        attachments=[
            {
                "filename": name,
                "content_type": content_type,
                "content": base64.b64encode(content).decode("ascii"),
            }
            for name, content, content_type in attachments
        ],
        headers=headers or {},
    )


def _message(mail: OutboxMail, connection) -> EmailMessage:
    message = EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=mail.to,
        headers=mail.headers or None,
        connection=connection,
    )
    for item in mail.attachments:
        message.attach(item["filename"], base64.b64decode(item["content"]), item["content_type"])
    return message


def outbox_deliver(*, limit: int = 200) -> int:
    """Send the mails that are due; return how many were sent. Safe to run from several
    processes: each mail is claimed with a conditional update before it is sent."""
    now = timezone.now()
    due = list(
        OutboxMail.objects.filter(status=OutboxStatus.PENDING)
        .exclude(next_attempt_at__gt=now)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not due:
        return 0
    sent = 0
    connection = get_connection()
    try:
        for pk in due:
            # claim: push the next attempt into the future so another worker skips it
            claimed = OutboxMail.objects.filter(
                pk=pk, status=OutboxStatus.PENDING
            ).exclude(next_attempt_at__gt=now).update(
                next_attempt_at=now + timedelta(minutes=10), attempts=F("attempts") + 1
            )
            if not claimed:
                continue
            mail = OutboxMail.objects.get(pk=pk)
            try:
                _message(mail, connection).send()
            except (OSError, ValueError) as error:
                _failed(mail, error)
                continue
            mail.status = OutboxStatus.SENT
            mail.sent_at = timezone.now()
            mail.last_error = ""
            mail.save(update_fields=["status", "sent_at", "last_error"])
            sent += 1
    finally:
        try:
            connection.close()
        except OSError:  # the server went away; the mails are already marked
            pass
    return sent


def _failed(mail: OutboxMail, error: Exception) -> None:
    log.warning(gettext("メール %(mail)s の送信に失敗しました（%(attempt)s 回目）: %(error)s"),
                {"mail": mail.pk, "attempt": mail.attempts, "error": type(error).__name__})
    mail.last_error = f"{type(error).__name__}: {error}"[:300]
    if mail.attempts >= MAX_ATTEMPTS:
        mail.status = OutboxStatus.FAILED
        mail.next_attempt_at = None
    else:
        delay = _BACKOFF[min(mail.attempts, len(_BACKOFF)) - 1]
        mail.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    mail.save(update_fields=["last_error", "status", "next_attempt_at"])


