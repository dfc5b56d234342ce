"""Password reset by mail: the request the page takes, and the job that mails the link.

The page does the same work for every address, registered or not: it checks the limits,
writes one :class:`PasswordResetRequest` row and one audit entry, and answers. Whether an
account has the address, the token and the mail are decided later by
:func:`password_reset_send` (``tsunagu password_reset``, run every few seconds by ``tsunagu
serve``), so neither the answer nor its time tells anyone which addresses are registered.

Limits, per window of ``PASSWORD_RESET_WINDOW_MINUTES``: ``PASSWORD_RESET_PER_ADDRESS``
requests for one address, ``PASSWORD_RESET_PER_CLIENT`` from one client address. Over a limit
the page answers the same, nothing is queued, and the refusal is audited. The counters live in
Django's cache, which every server process shares (a database table by default, Redis or
memcached by ``TSUNAGU_CACHE_URL``), so the limits hold however many workers answer."""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.db import transaction
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tsunagu.accounts.models import PasswordResetRequest
from tsunagu.core.audit import audit_record
from tsunagu.core.mail import mail_queue
from tsunagu.core.middleware import current_request_meta
from tsunagu.core.models import AuditAction

log = logging.getLogger(__name__)

SUBJECT_TEMPLATE = "accounts/password_reset_subject.txt"
BODY_TEMPLATE = "accounts/password_reset_email.txt"
ACTOR = "password reset"


def _normalized(email: str) -> str:
    return email.strip().lower()  # as the lookup (email__iexact) compares


def _count(kind: str, value: str) -> int:
    """One more request of ``kind`` for ``value`` in the current window; the new count."""
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]  # no address kept in the cache
    key = f"tsunagu:password-reset:{kind}:{digest}"
    timeout = settings.PASSWORD_RESET_WINDOW_MINUTES * 60
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: a fresh window
        cache.set(key, 1, timeout)
        return 1


@transaction.atomic
def password_reset_request(*, email: str) -> bool:
    """Take a request from the public page. True when it was queued, False when a limit
    refused it; the caller answers the same either way."""
    client = current_request_meta().ip_address or "unknown"
    over = []
    if _count("address", _normalized(email)) > settings.PASSWORD_RESET_PER_ADDRESS:
        over.append("address")
    if _count("client", client) > settings.PASSWORD_RESET_PER_CLIENT:
        over.append("client")
    if over:
        audit_record(
            actor=ACTOR,
            action=AuditAction.SECURITY,
            target_type="accounts.passwordresetrequest",
            summary=f"password reset refused: too many requests ({', '.join(over)})",
        )
        return False
    request = PasswordResetRequest.objects.create(email=email.strip())
    audit_record(
        actor=ACTOR,
        action=AuditAction.SECURITY,
        target=request,
        summary="password reset requested",
    )
    return True


def password_reset_send(*, limit: int = 200) -> int:
    """Handle the waiting requests: mail a one-time link to each active account with the
    address (through the outbox). Several requests for one address give one mail. Each
    address is claimed by deleting its rows, so two workers never both mail it. Returns the
    number of mails queued."""
    emails = list(
        PasswordResetRequest.objects.order_by("pk").values_list("email", flat=True)[:limit]
    )
    queued = 0
    for email in dict.fromkeys(_normalized(e) for e in emails):
        queued += _send_one(email)
    return queued


@transaction.atomic
def _send_one(email: str) -> int:
    claimed, _kinds = PasswordResetRequest.objects.filter(email__iexact=email).delete()
    if not claimed:
        return 0  # another worker took it
    queued = 0
    for user in auth_forms.PasswordResetForm().get_users(email):
        context = {
            "user": user,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
            "base_url": settings.TSUNAGU_BASE_URL,
        }
        subject = "".join(loader.render_to_string(SUBJECT_TEMPLATE, context).splitlines())
        body = loader.render_to_string(BODY_TEMPLATE, context)
        to = getattr(user, user.get_email_field_name())
        mail_queue(to=[to], subject=subject, body=body)
        audit_record(
            actor=user, action=AuditAction.SECURITY, target=user, summary="password reset mailed"
        )
        queued += 1
    return queued
