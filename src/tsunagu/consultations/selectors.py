"""Reads of consultations and referrals, scoped by role and region, audited on view."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from tsunagu.consultations.models import (
    OPEN_REFERRAL_STATUSES,
    Attachment,
    Consultation,
    Referral,
)
from tsunagu.core.access import scope_person_records
from tsunagu.core.audit import audit_record
from tsunagu.core.lists import CONSULTATION_KIND_BY_ORGANIZATION, DEFAULT_CONSULTATION_KIND
from tsunagu.core.models import (
    AuditAction,
    ListItem,
    ListKind,
    Organization,
    Region,
)
from tsunagu.people.models import Person
from tsunagu.people.selectors import person_list

# "My persons with no contact for N days" on the dashboard (issue 21 item 2).
QUIET_DAYS = 30


def consultation_list(*, user: Any) -> QuerySet[Consultation]:
    return (
        scope_person_records(Consultation.objects.all(), user)
        .select_related("method", "caller_type", "person", "staff")
        .prefetch_related(Prefetch("topics", queryset=ListItem.objects.order_by("sort_order")))
    )


def consultation_years(consultations: QuerySet[Consultation]) -> list[int]:
    """年度 from the latest record's to the first's, newest first. Two index lookups (the
    first and the last 年度 in the (region, 年度) index): DISTINCT would read every row, and
    MIN and MAX in one statement make SQLite read the region's whole index range (48 ms at
    100k consultations under load; issue 25)."""
    years = consultations.order_by().values_list("fiscal_year", flat=True)
    first = years.order_by("fiscal_year").first()
    if first is None:
        return []
    last = years.order_by("-fiscal_year").first()
    return list(range(last, first - 1, -1))


def consultation_get(*, user: Any, pk: int) -> Consultation:
    try:
        consultation = (
            consultation_list(user=user)
            .select_related("organization", "kind", "municipality")
            .get(pk=pk)
        )
    except Consultation.DoesNotExist:
        raise Http404 from None
    audit_record(actor=user, action=AuditAction.VIEW, target=consultation)
    return consultation


def referral_list(*, user: Any) -> QuerySet[Referral]:
    return scope_person_records(
        Referral.objects.all(), user, organization_field="staff__organization"
    ).select_related("person", "to_organization", "consultation", "staff")


def referral_open_list(*, user: Any, mine_only: bool = False) -> QuerySet[Referral]:
    referrals = referral_list(user=user).filter(status__in=OPEN_REFERRAL_STATUSES)
    if mine_only:
        referrals = referrals.filter(staff=user)
    return referrals.order_by("due_on", "requested_at")


def referral_get(*, user: Any, pk: int) -> Referral:
    try:
        referral = referral_list(user=user).get(pk=pk)
    except Referral.DoesNotExist:
        raise Http404 from None
    audit_record(actor=user, action=AuditAction.VIEW, target=referral)
    return referral


def referrals_overdue(referrals: QuerySet[Referral], today: date) -> QuerySet[Referral]:
    return referrals.filter(due_on__lt=today)


def attachment_get(*, user: Any, pk: int) -> Attachment:
    """A file of a consultation the user may see; every download is an 出力 in the log."""
    consultations = scope_person_records(Consultation.objects.all(), user)
    try:
        attachment = Attachment.objects.select_related("consultation__region").get(
            pk=pk, consultation__in=consultations
        )
    except Attachment.DoesNotExist:
        raise Http404 from None
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        target=attachment,
        region=attachment.consultation.region,
        summary=f"consultation={attachment.consultation_id}",
    )
    return attachment


def quiet_persons(*, user: Any, today: date, days: int = QUIET_DAYS) -> QuerySet[Person]:
    """The user's own persons (担当職員) with no consultation the user may see in the last
    ``days`` days, registered before then; ``last_contact`` is the latest one (None if none),
    the longest silent first. One query, whatever the number of consultations."""
    since = timezone.make_aware(datetime.combine(today - timedelta(days=days), time.min))
    latest = (
        scope_person_records(Consultation.objects.all(), user)
        .filter(person=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    return (
        person_list(user=user)
        .filter(assigned_staff=user, created_at__lt=since)
        .annotate(last_contact=Subquery(latest))
        .filter(Q(last_contact__isnull=True) | Q(last_contact__lt=since))
        .order_by("last_contact", "family_name_kana", "given_name_kana", "pk")
    )


def default_kind(*, region: Region, organization: Organization | None) -> ListItem | None:
    """The 相談の種類 a consultation of ``organization`` gets unless one is chosen:
    計画相談支援 for a 相談支援事業所, 一般相談 otherwise (tsunagu.core.lists)."""
    code = DEFAULT_CONSULTATION_KIND
    if organization is not None:
        code = CONSULTATION_KIND_BY_ORGANIZATION.get(organization.kind, code)
    items = ListItem.objects.of(region, ListKind.CONSULTATION_KIND)
    return items.filter(code=code).first() or items.filter(code=DEFAULT_CONSULTATION_KIND).first()
