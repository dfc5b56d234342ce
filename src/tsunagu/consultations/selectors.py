"""Reads of consultations and referrals, scoped by role and region, audited on view."""

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from tsunagu.consultations.models import (
    OPEN_REFERRAL_STATUSES,
    Attachment,
    Consultation,
    Referral,
)
from tsunagu.core.access import scope_person_records
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction, ListItem


def consultation_list(*, user: Any) -> QuerySet[Consultation]:
    return (
        scope_person_records(Consultation.objects.all(), user)
        .select_related("method", "caller_type", "person", "staff")
        .prefetch_related(Prefetch("topics", queryset=ListItem.objects.order_by("sort_order")))
    )


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
