"""Writes of 地域生活支援拠点 records: the emergency register (EmergencyRegistration, one per
person) and emergency events and trial stays (EmergencyEvent). One function per use case,
audited inside with ids and codes only."""

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction, Organization, Region
from tsunagu.people.models import Person
from tsunagu.safeguarding.models import (
    EmergencyEvent,
    EmergencyEventKind,
    EmergencyRegistration,
)
from tsunagu.safeguarding.records import check_person, fields_set, record_save

REGISTRATION_FIELDS = frozenset(
    {
        "emergency_contacts",
        "support_policy",
        "candidate_places",
        "medical_notes",
        "registered_on",
        "reviewed_on",
    }
)
EVENT_FIELDS = frozenset({"kind", "started_at", "ended_at", "reason", "place", "note"})
# An emergency cannot start in the future; a trial stay may be planned ahead.
FUTURE_TOLERANCE = timedelta(hours=1)


def _check_registration(registration: EmergencyRegistration) -> None:
    if registration.reviewed_on and registration.reviewed_on < registration.registered_on:
        raise ValidationError({"reviewed_on": _("見直し日は登録日より後の日付にしてください。")})


@transaction.atomic
def emergency_registration_create(
    *,
    actor: Any,
    region: Region,
    person: Person,
    emergency_contacts: str,
    support_policy: str,
    registered_on: date,
    candidate_places: str = "",
    medical_notes: str = "",
    reviewed_on: date | None = None,
    organization: Organization | None = None,
) -> EmergencyRegistration:
    """Register a person in advance for emergencies (one registration per person)."""
    check_person(person, region)
    if EmergencyRegistration.objects.filter(person=person).exists():
        raise ValidationError(_("この利用者はすでに事前登録されています。"))
    registration = EmergencyRegistration(
        region=region,
        person=person,
        emergency_contacts=emergency_contacts.strip(),
        support_policy=support_policy.strip(),
        candidate_places=candidate_places.strip(),
        medical_notes=medical_notes.strip(),
        registered_on=registered_on,
        reviewed_on=reviewed_on,
        organization=organization,
    )
    _check_registration(registration)
    record_save(
        actor=actor,
        record=registration,
        action=AuditAction.CREATE,
        summary=f"person={person.pk}",
        validate_unique=False,
    )
    return registration


@transaction.atomic
def emergency_registration_update(
    *, actor: Any, registration: EmergencyRegistration, **fields: Any
) -> EmergencyRegistration:
    """Change the registered contacts, policy, places or notes; record a review."""
    changed = fields_set(
        registration, fields, allowed=REGISTRATION_FIELDS, service="emergency_registration_update"
    )
    _check_registration(registration)
    record_save(
        actor=actor,
        record=registration,
        action=AuditAction.UPDATE,
        summary=f"person={registration.person_id} changed: {','.join(changed) or '-'}",
        validate_unique=False,
    )
    return registration


@transaction.atomic
def emergency_registration_remove(*, actor: Any, registration: EmergencyRegistration) -> None:
    """Take a person off the register (consent withdrawn, moved away, no longer needed).
    The emergency events recorded for the person stay."""
    person_id, pk = registration.person_id, registration.pk
    region = registration.region
    registration.delete()
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target_type="safeguarding.emergencyregistration",
        target_id=pk,
        region=region,
        summary=f"person={person_id}",
    )


def _aware(value: datetime) -> datetime:
    return timezone.make_aware(value, dates.TOKYO) if timezone.is_naive(value) else value


def _check_event(event: EmergencyEvent) -> None:
    errors: dict[str, str] = {}
    if event.kind == EmergencyEventKind.EMERGENCY and event.started_at > (
        timezone.now() + FUTURE_TOLERANCE
    ):
        errors["started_at"] = _("緊急時の受け入れに未来の日時は記録できません。")
    if event.ended_at is not None and event.ended_at < event.started_at:
        errors["ended_at"] = _("終了日時は開始日時より後にしてください。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def emergency_event_record(
    *,
    actor: Any,
    region: Region,
    person: Person,
    kind: str,
    started_at: datetime,
    reason: str,
    place: str,
    ended_at: datetime | None = None,
    note: str = "",
    organization: Organization | None = None,
) -> EmergencyEvent:
    """Record an emergency (緊急時の受け入れ) or a trial stay (体験利用・体験入居). The 年度 is
    that of ``started_at`` in Asia/Tokyo."""
    check_person(person, region)
    started_at = _aware(started_at)
    event = EmergencyEvent(
        region=region,
        person=person,
        kind=kind,
        started_at=started_at,
        ended_at=_aware(ended_at) if ended_at is not None else None,
        reason=reason.strip(),
        place=place.strip(),
        note=note.strip(),
        fiscal_year=dates.fiscal_year(started_at),
        organization=organization,
    )
    _check_event(event)
    record_save(
        actor=actor,
        record=event,
        action=AuditAction.CREATE,
        summary=f"person={person.pk} kind={event.kind} fy={event.fiscal_year}",
    )
    return event


@transaction.atomic
def emergency_event_update(*, actor: Any, event: EmergencyEvent, **fields: Any) -> EmergencyEvent:
    """Correct an event or close it (ended_at: where the person went, and for how long)."""
    for name in ("started_at", "ended_at"):
        if fields.get(name) is not None:
            fields[name] = _aware(fields[name])
    changed = fields_set(event, fields, allowed=EVENT_FIELDS, service="emergency_event_update")
    event.fiscal_year = dates.fiscal_year(event.started_at)
    _check_event(event)
    record_save(
        actor=actor,
        record=event,
        action=AuditAction.UPDATE,
        summary=f"person={event.person_id} changed: {','.join(changed) or '-'} "
        f"kind={event.kind} fy={event.fiscal_year}",
    )
    return event
