"""Reads of assessments, plans and monitoring, scoped by role and region
(tsunagu.core.access.scope_person_records): center staff and admins see the region;
provider staff see records about persons assigned to their organization or recorded by it.
Every ``_get`` raises 404 outside that scope and writes an 閲覧 (VIEW) entry."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404

from tsunagu.core.access import scope_person_records, user_can
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction
from tsunagu.core.roles import Capability
from tsunagu.people.models import Person
from tsunagu.plans.models import (
    Assessment,
    GoalReview,
    MonitoringRecord,
    PlanGoal,
    PlanStatus,
    SupportPlan,
)

DUE_SOON_DAYS = 30
LIST_LIMIT = 500
HISTORY_COLUMNS = 6


# ---- assessments ----------------------------------------------------------------------


def assessment_list(*, user: Any) -> QuerySet[Assessment]:
    return scope_person_records(Assessment.objects.all(), user).select_related(
        "person", "staff", "organization"
    )


def assessment_get(*, user: Any, pk: int, audit: bool = True) -> Assessment:
    try:
        assessment = assessment_list(user=user).select_related("region").get(pk=pk)
    except Assessment.DoesNotExist:
        raise Http404 from None
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, target=assessment)
    return assessment


# ---- plans ----------------------------------------------------------------------------


def plan_list(*, user: Any) -> QuerySet[SupportPlan]:
    return scope_person_records(SupportPlan.objects.all(), user).select_related(
        "person", "staff", "organization"
    )


def plan_get(*, user: Any, pk: int, audit: bool = True) -> SupportPlan:
    """One plan the user may see (any version); 404 otherwise. A 閲覧 unless ``audit`` is
    False because the caller audits what it does with it (the PDF is an 出力)."""
    try:
        plan = plan_list(user=user).select_related("region", "assessment").get(pk=pk)
    except SupportPlan.DoesNotExist:
        raise Http404 from None
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, target=plan)
    return plan


def plan_with_contents(*, user: Any, pk: int, audit: bool = True) -> SupportPlan:
    """A plan with its goals and services prefetched (the page, the form, the PDF)."""
    plan = plan_get(user=user, pk=pk, audit=audit)
    prefetch_related_objects([plan], "goals", "services")
    return plan


@dataclass
class GoalRow:
    goal: PlanGoal
    reviews: list[GoalReview | None] = field(default_factory=list)  # one per column

    @property
    def latest(self) -> GoalReview | None:
        return self.reviews[0] if self.reviews else None


@dataclass
class PlanPage:
    plan: SupportPlan
    versions: list[SupportPlan]
    monitoring: list[MonitoringRecord]
    columns: list[MonitoringRecord]  # the latest monitorings compared goal by goal
    rows: list[GoalRow]


def plan_page(*, user: Any, pk: int) -> PlanPage:
    """Everything the plan page shows, in a fixed number of queries: the plan, its goals
    and services, its monitoring (latest first) with each goal's result, and the versions
    of the plan the user may see."""
    plan = plan_with_contents(user=user, pk=pk)
    monitoring = list(
        plan.monitoring_records.select_related("staff").prefetch_related(
            Prefetch("reviews", queryset=GoalReview.objects.order_by("goal_id"))
        )
    )
    columns = monitoring[:HISTORY_COLUMNS]
    found = {(r.monitoring_id, r.goal_id): r for m in columns for r in m.reviews.all()}
    rows = [
        GoalRow(goal=g, reviews=[found.get((m.pk, g.pk)) for m in columns])
        for g in plan.goals.all()
    ]
    versions = list(
        plan_list(user=user)
        .filter(person_id=plan.person_id, organization_id=plan.organization_id)
        .order_by("-version", "-pk")
    )
    return PlanPage(plan=plan, versions=versions, monitoring=monitoring, columns=columns, rows=rows)


def person_plans(*, user: Any, person: Person) -> tuple[list[SupportPlan], list[Assessment]]:
    """A person's plans (every version) and assessments that the user may see."""
    plans = list(plan_list(user=user).filter(person=person).order_by("-starts_on", "-version"))
    assessments = list(assessment_list(user=user).filter(person=person))
    return plans, assessments


# ---- monitoring -----------------------------------------------------------------------


def monitoring_get(*, user: Any, pk: int) -> MonitoringRecord:
    """A monitoring record with its plan, goals and reviews; 404 outside the user's scope."""
    try:
        record = (
            scope_person_records(MonitoringRecord.objects.all(), user)
            .select_related("plan", "person", "staff", "organization", "region")
            .prefetch_related(
                Prefetch("reviews", queryset=GoalReview.objects.select_related("goal"))
            )
            .get(pk=pk)
        )
    except MonitoringRecord.DoesNotExist:
        raise Http404 from None
    audit_record(actor=user, action=AuditAction.VIEW, target=record)
    return record


def active_plans(*, user: Any) -> QuerySet[SupportPlan]:
    return plan_list(user=user).filter(status=PlanStatus.ACTIVE)


def monitoring_due(*, user: Any, mine_only: bool = True) -> QuerySet[SupportPlan]:
    """Active plans by next monitoring date, earliest (most overdue) first: the user's own
    (their plans as 相談支援専門員), or every plan they may see."""
    plans = active_plans(user=user)
    if mine_only:
        plans = plans.filter(staff=user)
    return plans.order_by("next_monitoring_on", "pk")


def monitoring_overdue(*, user: Any, today: date) -> QuerySet[SupportPlan]:
    """Active plans whose monitoring date has passed: of the region for those who see all
    personal records, of their own organization for provider staff."""
    plans = active_plans(user=user).filter(next_monitoring_on__lt=today)
    if not user_can(user, Capability.PERSONAL_ALL):
        plans = plans.filter(organization_id=user.organization_id)
    return plans.order_by("next_monitoring_on", "pk")


def due_counts(plans: QuerySet[SupportPlan], today: date) -> dict[str, int]:
    """How many of ``plans`` are overdue and due within DUE_SOON_DAYS (one query)."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    return plans.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(next_monitoring_on__lt=today)),
        soon=Count("pk", filter=Q(next_monitoring_on__gte=today, next_monitoring_on__lte=soon)),
    )


def overdue_by_staff(*, user: Any, today: date) -> list[dict]:
    """The supervisor's table: per 相談支援専門員, active plans, overdue, due soon and the
    oldest overdue date, for the plans the user may see (one query)."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    rows = (
        active_plans(user=user)
        .order_by()
        .values(
            "staff_id",
            "staff__display_name",
            "staff__username",
            "staff__organization__name",
        )
        .annotate(  # distinct: provider staff's scope joins the person's organizations
            active=Count("pk", distinct=True),
            overdue=Count("pk", distinct=True, filter=Q(next_monitoring_on__lt=today)),
            soon=Count(
                "pk",
                distinct=True,
                filter=Q(next_monitoring_on__gte=today, next_monitoring_on__lte=soon),
            ),
            oldest_overdue=Min("next_monitoring_on", filter=Q(next_monitoring_on__lt=today)),
        )
    )
    result = [
        {
            "staff_id": r["staff_id"],
            "name": r["staff__display_name"] or r["staff__username"],
            "organization": r["staff__organization__name"] or "",
            "active": r["active"],
            "overdue": r["overdue"],
            "soon": r["soon"],
            "oldest_overdue": r["oldest_overdue"],
        }
        for r in rows
    ]
    result.sort(key=lambda r: (-r["overdue"], r["oldest_overdue"] or date.max, r["name"]))
    return result


def may_change(*, user: Any, record: Any) -> bool:
    """Who may change a plan or an assessment: whoever sees the whole region (センター相談員,
    管理者) changes any record of the region; others only their own organization's."""
    if user_can(user, Capability.PERSONAL_ALL):
        return True
    return bool(user.organization_id) and record.organization_id == user.organization_id


def require_change(*, user: Any, record: Any) -> None:
    """PermissionDenied (403) unless ``may_change``."""
    if not may_change(user=user, record=record):
        raise PermissionDenied
