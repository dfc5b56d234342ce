"""Reads of 受給者証, サービス等利用計画 and モニタリング報告書.

Who sees them is decided by :func:`scope_usage` through tsunagu.core.access: those who see
every person of the region (センター相談員・相談支援専門員 of the center, 管理者). Provider staff
never see them (their own record is the 個別支援計画); another region's staff get 404.
Every ``_get`` writes an 閲覧 entry unless the caller audits what it does (the PDF)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from tsunagu.core.access import scope_region, user_can
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction
from tsunagu.core.roles import Capability
from tsunagu.people.models import Person
from tsunagu.plans.usage.models import (
    BenefitCertificate,
    PlanStage,
    UsageMonitoring,
    UsageMonitoringItem,
    UsagePlan,
)

CAPABILITY = Capability.PERSONAL_ALL


def scope_usage(queryset: QuerySet, user: Any) -> QuerySet:
    """The one rule for these records: the region's, for those who see all its persons."""
    if not user_can(user, CAPABILITY):
        return queryset.none()
    return scope_region(queryset, user)


def certificate_list(*, user: Any, person: Person) -> QuerySet[BenefitCertificate]:
    return scope_usage(BenefitCertificate.objects.filter(person=person), user)


def usage_plan_list(*, user: Any) -> QuerySet[UsagePlan]:
    return scope_usage(UsagePlan.objects.all(), user).select_related(
        "person", "staff", "organization"
    )


def usage_plan_get(*, user: Any, pk: int, audit: bool = True) -> UsagePlan:
    """One version with its rows, its week and its 受給者証; 404 outside the user's scope."""
    try:
        plan = (
            usage_plan_list(user=user)
            .select_related("certificate", "region", "previous")
            .prefetch_related("items", "weekly")
            .get(pk=pk)
        )
    except UsagePlan.DoesNotExist:
        raise Http404 from None
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, target=plan)
    return plan


def usage_plan_versions(*, user: Any, plan: UsagePlan) -> list[UsagePlan]:
    return list(usage_plan_list(user=user).filter(person_id=plan.person_id).order_by("-version"))


def person_usage(*, user: Any, person: Person) -> dict[str, Any]:
    """A person's plans (every version), reports and 受給者証 that the user may see."""
    return {
        "plans": list(usage_plan_list(user=user).filter(person=person).order_by("-version")),
        "monitorings": list(
            scope_usage(UsageMonitoring.objects.filter(person=person), user).select_related(
                "plan", "staff"
            )
        ),
        "certificates": list(certificate_list(user=user, person=person)),
    }


def usage_monitoring_get(*, user: Any, pk: int, audit: bool = True) -> UsageMonitoring:
    try:
        record = (
            scope_usage(UsageMonitoring.objects.all(), user)
            .select_related("plan", "person", "staff", "organization", "plan__certificate")
            .prefetch_related(
                Prefetch(
                    "items",
                    queryset=UsageMonitoringItem.objects.select_related("plan_item"),
                )
            )
            .get(pk=pk)
        )
    except UsageMonitoring.DoesNotExist:
        raise Http404 from None
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, target=record)
    return record


def usage_monitoring_due(*, user: Any, mine_only: bool = True) -> QuerySet[UsagePlan]:
    """Current 本計画 by next monitoring date (the due list), earliest first."""
    plans = usage_plan_list(user=user).filter(superseded=False, stage=PlanStage.FINAL)
    if mine_only:
        plans = plans.filter(staff=user)
    return plans.order_by("next_monitoring_on", "pk")


def usage_overdue(*, user: Any, today: date) -> QuerySet[UsagePlan]:
    return usage_monitoring_due(user=user, mine_only=False).filter(next_monitoring_on__lt=today)
