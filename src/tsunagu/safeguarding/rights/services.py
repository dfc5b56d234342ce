"""Writes of 権利擁護 records: 成年後見制度利用支援 (GuardianshipCase) and 日常生活自立支援事業
referrals (DailyLifeSupportReferral). One function per use case, audited inside; audit
summaries hold ids and choice codes only, never names or free text."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.core.models import AuditAction, Organization, Region, User
from tsunagu.people.models import Person
from tsunagu.safeguarding.models import (
    DailyLifeSupportReferral,
    DailyLifeSupportStatus,
    GuardianshipCase,
    GuardianshipStatus,
)
from tsunagu.safeguarding.records import check_person, check_staff, fields_set, record_save

# Statuses at which a petition has been filed: the petitioner and the day are known.
FILED_STATUSES = frozenset({GuardianshipStatus.FILED, GuardianshipStatus.DECIDED})

GUARDIANSHIP_FIELDS = frozenset(
    {
        "need",
        "petitioner",
        "kind",
        "guardian_type",
        "status",
        "filed_on",
        "decided_on",
        "note",
        "staff",
    }
)
DAILY_LIFE_FIELDS = frozenset({"referred_on", "to_organization", "services", "status", "note"})


def _check_guardianship(case: GuardianshipCase) -> None:
    """What a status implies: a filed petition has a petitioner and a day; a decision has
    its 類型 and day; days in order."""
    errors: dict[str, str] = {}
    if case.status in FILED_STATUSES:
        if not case.petitioner:
            errors["petitioner"] = _("申立て済みの場合は申立人を選んでください。")
        if case.filed_on is None:
            errors["filed_on"] = _("申立て済みの場合は申立日を入力してください。")
    if case.status == GuardianshipStatus.DECIDED:
        if not case.kind:
            errors["kind"] = _("審判確定の場合は類型を選んでください。")
        if case.decided_on is None:
            errors["decided_on"] = _("審判確定の場合は審判日を入力してください。")
    if case.filed_on and case.decided_on and case.decided_on < case.filed_on:
        errors["decided_on"] = _("審判日は申立日より後の日付にしてください。")
    if errors:
        raise ValidationError(errors)


def _summary(obj: Any, names: list[str]) -> str:
    """``status=filed petitioner=mayor``: choice codes only (no names, no free text)."""
    return " ".join(f"{name}={getattr(obj, name) or '-'}" for name in names)


@transaction.atomic
def guardianship_case_create(
    *,
    actor: Any,
    region: Region,
    person: Person,
    need: str,
    petitioner: str = "",
    kind: str = "",
    guardian_type: str = "",
    status: str = GuardianshipStatus.CONSIDERING,
    filed_on: date | None = None,
    decided_on: date | None = None,
    note: str = "",
    organization: Organization | None = None,
    staff: User | None = None,
) -> GuardianshipCase:
    """Start following one person's way to (or away from) a guardian."""
    check_person(person, region)
    check_staff(staff, region)
    case = GuardianshipCase(
        region=region,
        person=person,
        need=need.strip(),
        petitioner=petitioner,
        kind=kind,
        guardian_type=guardian_type,
        status=status,
        filed_on=filed_on,
        decided_on=decided_on,
        note=note.strip(),
        organization=organization,
        staff=staff,
    )
    _check_guardianship(case)
    record_save(
        actor=actor,
        record=case,
        action=AuditAction.CREATE,
        summary=f"person={person.pk} " + _summary(case, ["status", "petitioner", "kind"]),
    )
    return case


@transaction.atomic
def guardianship_case_update(*, actor: Any, case: GuardianshipCase, **fields: Any) -> GuardianshipCase:
    """Change what is known: status, petitioner, 類型, guardian, days, notes."""
    check_staff(fields.get("staff"), case.region)
    changed = fields_set(
        case,
        fields,
        allowed=GUARDIANSHIP_FIELDS,
        service="guardianship_case_update",
        clean=lambda name, value: value.strip() if name in ("need", "note") else value,
    )
    _check_guardianship(case)
    record_save(
        actor=actor,
        record=case,
        action=AuditAction.UPDATE,
        summary="changed: "
        + (",".join(changed) or "-")
        + " "
        + _summary(case, ["status", "petitioner", "kind"]),
    )
    return case


@transaction.atomic
def daily_life_referral_create(
    *,
    actor: Any,
    region: Region,
    person: Person,
    referred_on: date,
    to_organization: str = "",
    services: str = "",
    status: str = DailyLifeSupportStatus.REFERRED,
    note: str = "",
    organization: Organization | None = None,
    staff: User | None = None,
) -> DailyLifeSupportReferral:
    """つなぎ to 日常生活自立支援事業 (社会福祉協議会)."""
    check_person(person, region)
    check_staff(staff, region)
    referral = DailyLifeSupportReferral(
        region=region,
        person=person,
        referred_on=referred_on,
        services=services.strip(),
        status=status,
        note=note.strip(),
        organization=organization,
        staff=staff,
    )
    if to_organization.strip():
        referral.to_organization = to_organization.strip()
    record_save(
        actor=actor,
        record=referral,
        action=AuditAction.CREATE,
        summary=f"person={person.pk} status={referral.status}",
    )
    return referral


@transaction.atomic
def daily_life_referral_update(
    *, actor: Any, referral: DailyLifeSupportReferral, **fields: Any
) -> DailyLifeSupportReferral:
    """How the referral went on: contracted, declined, notes."""
    changed = fields_set(
        referral, fields, allowed=DAILY_LIFE_FIELDS, service="daily_life_referral_update"
    )
    if not referral.to_organization:
        raise ValidationError({"to_organization": _("つないだ先を入力してください。")})
    record_save(
        actor=actor,
        record=referral,
        action=AuditAction.UPDATE,
        summary=f"changed: {','.join(changed) or '-'} status={referral.status}",
    )
    return referral
