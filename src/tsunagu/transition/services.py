"""Writes of 地域移行支援 and 地域定着支援: one function per use case, audited in the same
transaction (summaries hold ids and codes, never names or free text).

stay_create, step_record (a 退院・退所 step closes the stay), settlement_create,
contact_add, response_record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction, Organization, User
from tsunagu.people.models import Person
from tsunagu.people.selectors import person_check_live
from tsunagu.transition.models import (
    AdmissionType,
    EmergencyResponse,
    InstitutionStay,
    ResponseMethod,
    SettlementContact,
    SettlementSupport,
    StayKind,
    StepKind,
    TransitionStep,
)


@transaction.atomic
def stay_create(
    *,
    actor: Any,
    person: Person,
    kind: str,
    place: str,
    since: date,
    admission_type: str,
    staff: User | None = None,
    organization: Organization | None = None,
    notes: str = "",
) -> InstitutionStay:
    person_check_live(person)
    if kind not in StayKind.values:
        raise ValidationError({"kind": _("入院か入所かを選んでください。")})
    if admission_type not in AdmissionType.values:
        raise ValidationError({"admission_type": _("入院形態などを選んでください。")})
    if not place.strip():
        raise ValidationError({"place": _("病院・施設名を入力してください。")})
    stay = InstitutionStay.objects.create(
        region_id=person.region_id,
        person=person,
        kind=kind,
        place=place.strip(),
        since=since,
        admission_type=admission_type,
        staff=staff,
        organization=organization,
        notes=notes.strip(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=stay,
        summary=f"person={person.pk} kind={kind} type={admission_type}",
    )
    return stay


@transaction.atomic
def step_record(
    *,
    actor: Any,
    stay: InstitutionStay,
    kind: str,
    on: date,
    note: str = "",
    staff: User | None = None,
) -> TransitionStep:
    """One step of 地域移行支援; 退院・退所 also records the stay's ``left_on``."""
    stay = InstitutionStay.objects.select_for_update().get(pk=stay.pk)
    if kind not in StepKind.values:
        raise ValidationError({"kind": _("支援の内容を選んでください。")})
    if on < stay.since:
        raise ValidationError({"on": _("入院・入所日より前の日付です。")})
    if stay.left_on is not None:
        raise ValidationError(_("退院・退所済みです。地域定着支援として記録してください。"))
    step = TransitionStep.objects.create(
        stay=stay, kind=kind, on=on, note=note.strip(), staff=staff
    )
    if kind == StepKind.LEAVE:
        stay.left_on = on
        stay.save(update_fields=["left_on"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=step,
        summary=f"stay={stay.pk} kind={kind}",
    )
    return step


@transaction.atomic
def settlement_create(
    *,
    actor: Any,
    person: Person,
    starts_on: date,
    staff: User | None = None,
    organization: Organization | None = None,
    notes: str = "",
) -> SettlementSupport:
    person_check_live(person)
    support = SettlementSupport.objects.create(
        region_id=person.region_id,
        person=person,
        starts_on=starts_on,
        staff=staff,
        organization=organization,
        notes=notes.strip(),
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, target=support, summary=f"person={person.pk}"
    )
    return support


@transaction.atomic
def contact_add(
    *,
    actor: Any,
    support: SettlementSupport,
    name: str,
    phone: str,
    relation: str = "",
    hours: str = "",
    sort_order: int = 1,
) -> SettlementContact:
    if not name.strip() or not phone.strip():
        raise ValidationError(_("連絡先と電話番号を入力してください。"))
    contact = SettlementContact.objects.create(
        support=support,
        name=name.strip(),
        phone=phone.strip(),
        relation=relation.strip(),
        hours=hours.strip() or _("24時間"),
        sort_order=sort_order,
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, target=contact, summary=f"support={support.pk}"
    )
    return contact


@transaction.atomic
def response_record(
    *,
    actor: Any,
    support: SettlementSupport,
    occurred_at: datetime,
    method: str,
    content: str,
    outcome: str = "",
    staff: User | None = None,
) -> EmergencyResponse:
    if method not in ResponseMethod.values:
        raise ValidationError({"method": _("対応方法を選んでください。")})
    if not content.strip():
        raise ValidationError({"content": _("状況と対応を入力してください。")})
    if occurred_at.date() < support.starts_on:
        raise ValidationError({"occurred_at": _("支援開始日より前の日時です。")})
    response = EmergencyResponse.objects.create(
        support=support,
        occurred_at=occurred_at,
        method=method,
        content=content.strip(),
        outcome=outcome.strip(),
        staff=staff,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=response,
        summary=f"support={support.pk} method={method}",
    )
    return response
