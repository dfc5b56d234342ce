"""Registration for events (no account): seats per mode, waitlist, cancellation and
promotion, attendance, and the feedback after the event.

Every mail is queued (``tsunagu.core.mail.mail_queue``) in the same transaction as the
change, and delivered by the background worker. Every mail carries the cancellation link;
the online link is written only into mails to people registered online (and confirmed).

Seats are counted in people (``party_size``). A registration is confirmed when its whole
party fits in the free seats of its mode, waitlisted otherwise. When a confirmed registration
is cancelled, the waitlist of that mode is promoted in order of registration while the first
waiting party fits (first come, first served: a later, smaller party never jumps the queue).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core.audit import audit_record
from tsunagu.core.dates import wareki
from tsunagu.core.mail import mail_queue
from tsunagu.core.models import AuditAction
from tsunagu.network import tokens
from tsunagu.network.models import (
    AttendanceMode,
    Event,
    Feedback,
    Registration,
    RegistrationStatus,
)
from tsunagu.network.selectors import registration_open, seats_free

PUBLIC_ACTOR = "public:events"
MAX_PARTY_SIZE = 10


class RegistrationClosed(Exception):
    """The event does not take registrations (any more), or not in that mode."""


def _link(name: str, token: str, event: Event) -> str:
    return settings.TSUNAGU_BASE_URL + reverse(
        name, kwargs={"region_code": event.region.code, "token": token}
    )


def cancel_url(registration: Registration) -> str:
    return _link("network_public:cancel", tokens.cancel_token(registration.pk), registration.event)


def feedback_url(registration: Registration) -> str:
    return _link(
        "network_public:feedback", tokens.feedback_token(registration.pk), registration.event
    )


def _event_lines(event: Event, registration: Registration) -> str:
    lines = [
        _("行事: %(title)s") % {"title": event.title},
        _("日時: %(start)s %(time)s〜%(end)s")
        % {
            "start": wareki(event.starts_at),
            "time": timezone.localtime(event.starts_at).strftime("%H:%M"),
            "end": timezone.localtime(event.ends_at).strftime("%H:%M"),
        },
        _("参加方法: %(mode)s（%(n)d名）")
        % {"mode": AttendanceMode(registration.mode).label, "n": registration.party_size},
    ]
    if registration.mode == AttendanceMode.VENUE and event.place:
        lines.append(_("会場: %(place)s") % {"place": event.place})
    if (
        registration.mode == AttendanceMode.ONLINE
        and registration.status == RegistrationStatus.CONFIRMED
        and event.online_url
    ):
        lines.append(_("参加用URL: %(url)s") % {"url": event.online_url})
        lines.append(_("（このURLは、オンラインでお申込みの方だけにお送りしています。）"))
    return "\n".join(lines)


def _footer(registration: Registration) -> str:
    return _(
        "参加を取り消すときは、次のリンクを開いてください:\n%(url)s\n\n"
        "このメールは送信専用です。お問い合わせは主催者へお願いします。"
    ) % {"url": cancel_url(registration)}


def _mail(registration: Registration, subject: str, opening: str) -> None:
    event = registration.event
    body = "\n\n".join(
        [
            _("%(name)s 様") % {"name": registration.name},
            opening,
            _event_lines(event, registration),
            _footer(registration),
        ]
    )
    if registration.email:  # a registrant who gave only a phone number is called instead
        mail_queue(to=[registration.email], subject=subject, body=body)


def _mail_confirmed(registration: Registration) -> None:
    _mail(
        registration,
        _("【参加申込み受付】%(title)s") % {"title": registration.event.title},
        _("お申込みを受け付けました。当日お待ちしています。"),
    )


def _mail_waitlisted(registration: Registration) -> None:
    _mail(
        registration,
        _("【キャンセル待ち】%(title)s") % {"title": registration.event.title},
        _(
            "定員に達しているため、キャンセル待ちで受け付けました。"
            "空きが出たら順番に繰り上げて、メールでお知らせします。"
        ),
    )


def _mail_promoted(registration: Registration) -> None:
    _mail(
        registration,
        _("【参加確定（繰り上げ）】%(title)s") % {"title": registration.event.title},
        _("キャンセルが出たため、参加が確定しました。当日お待ちしています。"),
    )


def _mail_cancelled(registration: Registration) -> None:
    event = registration.event
    body = "\n\n".join(
        [
            _("%(name)s 様") % {"name": registration.name},
            _("次の行事への参加申込みを取り消しました。"),
            _("行事: %(title)s") % {"title": event.title},
        ]
    )
    if registration.email:
        mail_queue(
            to=[registration.email],
            subject=_("【参加取消】%(title)s") % {"title": event.title},
            body=body,
        )


def _locked_event(event: Event) -> Event:
    """The event row locked for the seat count (PostgreSQL; SQLite serializes writers)."""
    return Event.objects.select_for_update().select_related("region").get(pk=event.pk)


@transaction.atomic
def registration_create(
    *,
    event: Event,
    mode: str,
    name: str,
    email: str = "",
    phone: str = "",
    party_size: int = 1,
    actor: Any = PUBLIC_ACTOR,
) -> Registration:
    """Register for ``event``: confirmed while the party fits in ``mode``'s free seats,
    waitlisted otherwise. Queues the confirmation or waitlist mail (when an e-mail address
    is given: a phone number alone is enough, except online, whose URL goes by mail)."""
    if not email.strip() and not phone.strip():
        raise ValidationError(_("メールアドレスか電話番号のどちらかを入力してください。"))
    if mode == AttendanceMode.ONLINE and not email.strip():
        raise ValidationError(
            {"email": _("オンライン参加の案内はメールでお送りします。メールアドレスを入力してください。")}
        )
    event = _locked_event(event)
    if not registration_open(event) or not event.offers(mode):
        raise RegistrationClosed
    if not 1 <= party_size <= MAX_PARTY_SIZE:
        raise ValueError("party_size out of range")
    free = seats_free(event, mode)
    confirmed = free is None or party_size <= free
    registration = Registration.objects.create(
        event=event,
        mode=mode,
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        party_size=party_size,
        consented_at=timezone.now(),
        status=RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITLISTED,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=registration,
        region=event.region,
        summary=f"event={event.pk} mode={mode} status={registration.status}",
    )
    (_mail_confirmed if confirmed else _mail_waitlisted)(registration)
    return registration


def _promote(event: Event, mode: str, *, actor: Any) -> list[Registration]:
    promoted = []
    waiting = event.registrations.filter(mode=mode, status=RegistrationStatus.WAITLISTED)
    for registration in waiting.order_by("created_at", "pk"):
        free = seats_free(event, mode)
        if free is not None and registration.party_size > free:
            break
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=registration,
            region=event.region,
            summary=f"event={event.pk} promoted from waitlist",
        )
        _mail_promoted(registration)
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_cancel(
    *, registration: Registration, actor: Any = PUBLIC_ACTOR
) -> list[Registration]:
    """Cancel ``registration`` (idempotent) and promote the waitlist of its mode; returns
    the promoted registrations. Queues the cancellation and promotion mails."""
    event = _locked_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return []
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    registration.event = event
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=registration,
        region=event.region,
        summary=f"event={event.pk} cancelled",
    )
    _mail_cancelled(registration)
    if not was_confirmed or event.starts_at <= timezone.now():
        return []
    return _promote(event, registration.mode, actor=actor)


@transaction.atomic
def registration_attendance_set(
    *, actor: Any, registration: Registration, attended: bool
) -> Registration:
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValueError("only confirmed registrations attend")
    registration.attended = attended
    registration.checked_in_at = timezone.now() if attended else None
    registration.save(update_fields=["attended", "checked_in_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=registration,
        region=registration.event.region,
        summary=f"event={registration.event_id} attended={attended}",
    )
    return registration


@transaction.atomic
def feedback_request_send(*, actor: Any, event: Event) -> int:
    """Mail the feedback form to everyone who attended (else every confirmed registrant
    when nobody was marked), once per registration. Returns how many were mailed."""
    registrations = event.registrations.filter(
        status=RegistrationStatus.CONFIRMED, feedback_requested_at__isnull=True
    )
    if event.registrations.filter(attended=True).exists():
        registrations = registrations.filter(attended=True)
    count = 0
    for registration in registrations.exclude(email="").select_related("event__region"):
        body = "\n\n".join(
            [
                _("%(name)s 様") % {"name": registration.name},
                _(
                    "「%(title)s」へのご参加ありがとうございました。よろしければ、ふりかえりに"
                    "ご協力ください（1〜2分）。"
                )
                % {"title": event.title},
                feedback_url(registration),
                _footer(registration),
            ]
        )
        mail_queue(
            to=[registration.email],
            subject=_("【ふりかえりのお願い】%(title)s") % {"title": event.title},
            body=body,
        )
        registration.feedback_requested_at = timezone.now()
        registration.save(update_fields=["feedback_requested_at"])
        count += 1
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=event,
        summary=f"feedback requested from {count}",
    )
    return count


@transaction.atomic
def feedback_submit(
    *,
    event: Event,
    satisfaction: int,
    usefulness: int,
    comment: str = "",
    registration: Registration | None = None,
    actor: Any = PUBLIC_ACTOR,
) -> Feedback:
    """Record one feedback; a registration answers once (a second answer replaces it)."""
    if not (1 <= satisfaction <= 5 and 1 <= usefulness <= 5):
        raise ValueError("ratings are 1 to 5")
    values = {"satisfaction": satisfaction, "usefulness": usefulness, "comment": comment.strip()}
    if registration is not None:
        feedback, _created = Feedback.objects.update_or_create(
            registration=registration, defaults={"event": event, **values}
        )
    else:
        feedback = Feedback.objects.create(event=event, **values)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=feedback,
        region=event.region,
        summary=f"event={event.pk}",
    )
    return feedback


EDITABLE_FIELDS = (
    "title",
    "description",
    "place",
    "venue_capacity",
    "online_capacity",
    "online_url",
    "is_public",
    "accepts_registrations",
)


@transaction.atomic
def event_update(*, actor: Any, event: Event, **values: Any) -> list[Registration]:
    """Change what the organizer may change after posting (``EDITABLE_FIELDS``). When seats
    grow, the waitlists are promoted (and mailed). Returns the promoted registrations."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    event = _locked_event(event)
    changed = [name for name, value in values.items() if getattr(event, name) != value]
    for name in changed:
        setattr(event, name, values[name])
    if not changed:
        return []
    event.full_clean(exclude=["post", "created_by"])
    event.save(update_fields=changed)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=event, summary="changed " + ",".join(changed)
    )
    if event.starts_at <= timezone.now():
        return []
    promoted = []
    for mode in AttendanceMode:
        if event.offers(mode.value):
            promoted += _promote(event, mode.value, actor=actor)
    return promoted
