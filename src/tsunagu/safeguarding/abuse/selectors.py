"""Reads of abuse reports: only for Capability.SAFEGUARDING, only the user's region, and every
read of a case written to the audit log (the list too: which cases were on the page).

The reporter's identity is decrypted in one place, :func:`abuse_reporter_identity`, which
writes its own VIEW entry with the summary "reporter_identity"; lists never load the column."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from tsunagu.core.access import scope_region, user_can
from tsunagu.core.audit import audit_record
from tsunagu.core.crypto import decrypt_text
from tsunagu.core.models import AuditAction, Region, User
from tsunagu.core.roles import ROLE_CAPABILITIES, Capability
from tsunagu.safeguarding.models import (
    ABUSE_FLOW,
    AbuseReport,
    AbuseReportStep,
    AbuseStatus,
    OnDuty,
)

TARGET_TYPE = AbuseReport._meta.label_lower
REPORTER_IDENTITY = "reporter_identity"  # the audit summary of showing the reporter


def _may(user: Any) -> bool:
    return user_can(user, Capability.SAFEGUARDING) or user_can(user, Capability.MUNICIPAL_ABUSE)


def scope_abuse(queryset: QuerySet, user: Any) -> QuerySet:
    """The reports a user may see: the region's for the center (SAFEGUARDING); for a
    municipal officer (MUNICIPAL_ABUSE) only those of their own municipality — never a
    neighbouring one's; none for anyone else."""
    if user_can(user, Capability.SAFEGUARDING):
        return scope_region(queryset, user)
    if user_can(user, Capability.MUNICIPAL_ABUSE) and user.municipality_id:
        return scope_region(queryset, user).filter(municipality_id=user.municipality_id)
    return queryset.none()


def _overdue_q(now: datetime) -> Q:
    return Q(safety_confirmed_at__isnull=True, safety_due_at__lte=now) & ~Q(
        status=AbuseStatus.CLOSED
    )


def abuse_report_list(*, user: Any, now: datetime | None = None) -> QuerySet[AbuseReport]:
    """Reports of the user's region, with ``is_overdue``; the reporter column is not loaded."""
    if not _may(user):
        return AbuseReport.objects.none()
    return (
        scope_abuse(AbuseReport.objects.all(), user)
        .select_related("person", "municipality")
        .defer("reporter_identity", "observed", "person_description")
        .annotate(
            is_overdue=Case(
                When(_overdue_q(now or timezone.now()), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def abuse_report_filter(
    reports: QuerySet[AbuseReport], *, state: str = "", year: int | None = None
) -> QuerySet[AbuseReport]:
    """``state``: "open" (not 終結), "overdue", "closed", or "" for all."""
    if state == "open":
        reports = reports.exclude(status=AbuseStatus.CLOSED)
    elif state == "overdue":
        reports = reports.filter(is_overdue=True)
    elif state == "due":
        reports = reports.filter(_due_soon_q(timezone.now()))
    elif state == "closed":
        reports = reports.filter(status=AbuseStatus.CLOSED)
    if year:
        reports = reports.filter(fiscal_year=year)
    return reports


def abuse_report_years(*, user: Any) -> list[int]:
    if not _may(user):
        return []
    return sorted(
        set(
            scope_abuse(AbuseReport.objects.all(), user)
            .values_list("fiscal_year", flat=True)
            .distinct()
            .order_by()
        ),
        reverse=True,
    )


def abuse_list_viewed(*, user: Any, reports: list[AbuseReport]) -> None:
    """One VIEW entry for a page of the list, naming the cases that were on it."""
    ids = ",".join(str(r.pk) for r in reports)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target_type=TARGET_TYPE,
        summary=f"list ids={ids or '-'}"[:300],
        region=user.region,
    )


def abuse_report_get(*, user: Any, pk: int, audit: bool = True) -> AbuseReport:
    """One report of the user's region; 404 otherwise (another region does not learn that it
    exists). Every call is a VIEW in the audit log unless the caller audits its own write."""
    if not _may(user):
        raise Http404
    try:
        report = (
            scope_abuse(AbuseReport.objects.all(), user)
            .select_related("person", "person__municipality", "municipality", "received_by")
            .get(pk=pk)
        )
    except (AbuseReport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, target=report)
    return report


def abuse_reporter_identity(*, user: Any, report: AbuseReport) -> dict[str, str]:
    """The reporter's name and contact, decrypted, for a SAFEGUARDING user of the region.
    Every call is its own VIEW entry (summary "reporter_identity")."""
    if not scope_abuse(AbuseReport.objects.filter(pk=report.pk), user).exists():
        raise Http404
    audit_record(
        actor=user, action=AuditAction.VIEW, target=report, summary=REPORTER_IDENTITY
    )
    text = decrypt_text(report.reporter_identity)
    if not text:
        return {"name": "", "contact": ""}
    data = json.loads(text)
    return {"name": str(data.get("name", "")), "contact": str(data.get("contact", ""))}


def abuse_report_steps(report: AbuseReport) -> list[AbuseReportStep]:
    return list(report.steps.select_related("actor").order_by("at", "pk"))


@dataclass(frozen=True)
class FlowStep:
    status: str
    label: str
    reached: bool  # the report went through this stage (or is in it)
    current: bool
    at: datetime | None
    skipped: bool = False  # an earlier stage the report moved past without going through


def abuse_flow(report: AbuseReport, steps: list[AbuseReportStep]) -> list[FlowStep]:
    """The seven stages with when each was first reached (from the steps already loaded).
    Only a stage the report went through is reached: one it moved past (受付 → 事実確認
    without a コアメンバー会議) is skipped, not shown as done (issue 21 item 4)."""
    first: dict[str, datetime] = {}
    for step in steps:
        first.setdefault(step.to_status, step.at)
    position = ABUSE_FLOW.index(report.status)
    flow = []
    for i, status in enumerate(ABUSE_FLOW):
        reached = status in first or status == report.status or i == 0
        flow.append(
            FlowStep(
                status=status,
                label=str(AbuseStatus(status).label),
                reached=reached,
                current=status == report.status,
                at=first.get(status) or (report.received_at if i == 0 else None),
                skipped=i < position and not reached,
            )
        )
    return flow


@dataclass(frozen=True)
class SafetyState:
    confirmed: bool
    overdue: bool
    due_at: datetime
    hours_left: int  # whole hours until the deadline, 0 when past it


def abuse_safety_state(report: AbuseReport, now: datetime | None = None) -> SafetyState:
    now = now or timezone.now()
    confirmed = report.safety_confirmed_at is not None
    left = (report.safety_due_at - now).total_seconds()
    return SafetyState(
        confirmed=confirmed,
        overdue=not confirmed and report.status != AbuseStatus.CLOSED and left <= 0,
        due_at=report.safety_due_at,
        hours_left=max(int(left // 3600), 0),
    )


def abuse_overdue_count(*, user: Any) -> int:
    """For the dashboard: open reports of the user's region past the safety deadline without
    a confirmation. 0 for anyone without Capability.SAFEGUARDING."""
    if not _may(user):
        return 0
    return scope_abuse(AbuseReport.objects.filter(_overdue_q(timezone.now())), user).count()


DUE_SOON_HOURS = 24


def _due_soon_q(now: datetime) -> Q:
    return Q(
        safety_confirmed_at__isnull=True, safety_due_at__gt=now,
        safety_due_at__lte=now + timedelta(hours=DUE_SOON_HOURS),
    ) & ~Q(status=AbuseStatus.CLOSED)  # fmt: skip


def abuse_due_soon_count(*, user: Any) -> int:
    """For the dashboard: open reports whose safety deadline comes within DUE_SOON_HOURS,
    not yet confirmed. 0 for anyone without Capability.SAFEGUARDING."""
    if not _may(user):
        return 0
    return scope_abuse(AbuseReport.objects.filter(_due_soon_q(timezone.now())), user).count()


# ---- escalation and on duty --------------------------------------------------------------


def abuse_escalation_candidates(
    *, now: datetime, region: Region | None = None
) -> list[AbuseReport]:
    """Open reports past the deadline, without a safety confirmation, not yet escalated."""
    reports = AbuseReport.objects.filter(_overdue_q(now), escalated_at__isnull=True)
    if region is not None:
        reports = reports.filter(region=region)
    return list(
        reports.defer("reporter_identity", "observed", "person_description").order_by(
            "safety_due_at", "pk"
        )
    )


def safeguarding_roles() -> list[str]:
    return [role for role, caps in ROLE_CAPABILITIES.items() if Capability.SAFEGUARDING in caps]


def safeguarding_users(region_id: int) -> QuerySet[User]:
    """Active users of the region whose role may handle abuse reports."""
    return User.objects.filter(
        region_id=region_id, is_active=True, role__in=safeguarding_roles()
    ).order_by("display_name", "username")


def duty_recipients(*, region_id: int, day: date) -> list[User]:
    """Who is told about an overdue report: the day's on-duty staff who still may handle
    abuse reports, or, when there is none, every active SAFEGUARDING user of the region."""
    on_duty = list(
        safeguarding_users(region_id).filter(duties__region_id=region_id, duties__day=day)
    )
    return on_duty or list(safeguarding_users(region_id))


def on_duty_list(*, user: Any, start: date, end: date) -> QuerySet[OnDuty]:
    if not _may(user):
        return OnDuty.objects.none()
    return (
        scope_region(OnDuty.objects.all(), user)
        .filter(day__gte=start, day__lte=end)
        .select_related("user")
        .order_by("day", "user__display_name", "pk")
    )


def on_duty_get(*, user: Any, pk: int) -> OnDuty:
    try:
        return on_duty_list(user=user, start=date.min, end=date.max).get(pk=pk)
    except OnDuty.DoesNotExist:
        raise Http404 from None
