"""Reads of 権利擁護 records, scoped by role and region (core.access.scope_person_records):
center staff see the region's, provider staff those about persons assigned to their
organization or recorded by it. Every ``_get`` is a 閲覧 in the audit log."""

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from tsunagu.core.access import scope_person_records
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction
from tsunagu.people.models import Person
from tsunagu.safeguarding.models import (
    DailyLifeSupportReferral,
    GuardianshipCase,
    GuardianshipStatus,
)

OPEN_GUARDIANSHIP_STATUSES = (
    GuardianshipStatus.CONSIDERING,
    GuardianshipStatus.PREPARING,
    GuardianshipStatus.FILED,
)


def guardianship_case_list(
    *, user: Any, person: Person | None = None, status: str = "", petitioner: str = ""
) -> QuerySet[GuardianshipCase]:
    cases = scope_person_records(GuardianshipCase.objects.all(), user).select_related(
        "person", "person__municipality", "staff", "organization"
    )
    if person is not None:
        cases = cases.filter(person=person)
    if status:
        cases = cases.filter(status=status)
    if petitioner:
        cases = cases.filter(petitioner=petitioner)
    return cases


def guardianship_case_get(*, user: Any, pk: int, audit: bool = True) -> GuardianshipCase:
    """One case the user may see; 404 otherwise. Audited as 閲覧 unless ``audit`` is False
    because the caller writes (and audits) the change it was fetched for."""
    try:
        case = (
            scope_person_records(GuardianshipCase.objects.all(), user)
            .select_related("person", "person__municipality", "staff", "organization", "region")
            .get(pk=pk)
        )
    except GuardianshipCase.DoesNotExist:
        raise Http404 from None
    if audit:
        audit_record(
            actor=user, action=AuditAction.VIEW, target=case, summary=f"person={case.person_id}"
        )
    return case


def guardianship_status_counts(cases: QuerySet[GuardianshipCase]) -> list[tuple[str, str, int]]:
    """(code, label, count) for every status, zeros included. One query."""
    counts = dict(
        cases.order_by().values_list("status").annotate(n=Count("pk", distinct=True))
    )
    return [(s.value, s.label, counts.get(s.value, 0)) for s in GuardianshipStatus]


def daily_life_referral_list(
    *, user: Any, person: Person | None = None, status: str = ""
) -> QuerySet[DailyLifeSupportReferral]:
    referrals = scope_person_records(DailyLifeSupportReferral.objects.all(), user).select_related(
        "person", "person__municipality", "staff", "organization"
    )
    if person is not None:
        referrals = referrals.filter(person=person)
    if status:
        referrals = referrals.filter(status=status)
    return referrals


def daily_life_referral_get(
    *, user: Any, pk: int, audit: bool = True
) -> DailyLifeSupportReferral:
    try:
        referral = (
            scope_person_records(DailyLifeSupportReferral.objects.all(), user)
            .select_related("person", "staff", "organization", "region")
            .get(pk=pk)
        )
    except DailyLifeSupportReferral.DoesNotExist:
        raise Http404 from None
    if audit:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            target=referral,
            summary=f"person={referral.person_id}",
        )
    return referral


def person_rights_summary(*, user: Any, person: Person) -> dict[str, Any]:
    """What the person page may show of one person's 権利擁護 and emergency records (the
    page itself is audited by people.selectors.person_get). Three queries."""
    from tsunagu.safeguarding.emergency.selectors import emergency_registration_of

    return {
        "guardianship_cases": list(
            guardianship_case_list(user=user, person=person).order_by("-updated_at", "-pk")
        ),
        "daily_life_referrals": list(
            daily_life_referral_list(user=user, person=person).order_by("-referred_on", "-pk")
        ),
        "emergency_registration": emergency_registration_of(user=user, person=person),
    }
