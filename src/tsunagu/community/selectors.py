"""Reads of 地域支援, scoped by region (and, for the personal records, by role)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Max, Prefetch, QuerySet
from django.http import Http404

from tsunagu.community.models import (
    CaseMeeting,
    CommunityActivity,
    Observation,
    ObservationSource,
    ProviderSupport,
)
from tsunagu.core.access import scope_person_records, scope_region
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction, ListItem, ListKind, Municipality, OrganizationKind


def activity_list(
    *,
    user: Any,
    fiscal_year: int | None = None,
    method: Any = None,
    function: Any = None,
    municipality: Any = None,
) -> QuerySet[CommunityActivity]:
    activities = scope_region(CommunityActivity.objects.all(), user)
    if fiscal_year:
        activities = activities.filter(fiscal_year=fiscal_year)
    if method:
        activities = activities.filter(method_id=method)
    if function:
        activities = activities.filter(functions=function)
    if municipality:
        activities = activities.filter(municipalities=municipality)
    return (
        activities.select_related("method")
        .prefetch_related("municipalities", "partners", "partner_organizations")
        .distinct()
        .order_by("-held_on", "-pk")
    )


def activity_get(*, user: Any, pk: int) -> CommunityActivity:
    activity = (
        scope_region(CommunityActivity.objects.all(), user)
        .select_related(
            "method", "community_issue", "resource", "event", "hot_station", "recorded_by"
        )
        .prefetch_related(
            "staff", "municipalities", "functions", "partner_organizations", "partners"
        )
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def activity_year(*, user: Any, fiscal_year: int) -> dict[str, Any]:
    """A 年度 of activities: counts by method, function and municipality, and a timeline by
    month (April first). A fixed number of queries."""
    activities = scope_region(CommunityActivity.objects.filter(fiscal_year=fiscal_year), user)
    region_id = user.region_id
    methods = list(ListItem.objects.of(region_id, ListKind.COMMUNITY_METHOD))
    functions = list(ListItem.objects.of(region_id, ListKind.COMMUNITY_FUNCTION))
    by_method = dict(activities.values_list("method").annotate(n=Count("pk")).order_by())
    by_function = dict(activities.values_list("functions").annotate(n=Count("pk")).order_by())
    by_municipality = dict(
        activities.values_list("municipalities").annotate(n=Count("pk")).order_by()
    )
    municipalities = list(Municipality.objects.filter(region_id=region_id).order_by("code"))
    rows = list(activities.select_related("method").order_by("held_on", "pk"))
    months: dict[tuple[int, int], list[CommunityActivity]] = {}
    for activity in rows:
        months.setdefault((activity.held_on.year, activity.held_on.month), []).append(activity)
    return {
        "total": len(rows),
        "minutes": sum(a.minutes for a in rows),
        "participants": sum(a.participants or 0 for a in rows),
        "by_method": [(m, by_method.get(m.pk, 0)) for m in methods],
        "by_function": [(f, by_function.get(f.pk, 0)) for f in functions],
        "by_municipality": [(m, by_municipality.get(m.pk, 0)) for m in municipalities],
        "timeline": [
            {"year": y, "month": mo, "activities": acts} for (y, mo), acts in sorted(months.items())
        ],
    }


def provider_support_list(*, user: Any, fiscal_year: int | None = None) -> QuerySet:
    supports = scope_region(ProviderSupport.objects.all(), user)
    if fiscal_year:
        supports = supports.filter(fiscal_year=fiscal_year)
    return supports.select_related("organization", "municipality", "person")


def provider_support_counts(supports: QuerySet) -> dict[str, Any]:
    by_kind = dict(supports.values_list("organization__kind").annotate(n=Count("pk")).order_by())
    by_municipality = Counter(
        dict(supports.values_list("municipality__name").annotate(n=Count("pk")).order_by())
    )
    return {
        "by_organization_kind": [
            (label, by_kind.get(value, 0))
            for value, label in OrganizationKind.choices
            if by_kind.get(value)
        ],
        "by_municipality": sorted(
            by_municipality.items(), key=lambda kv: (kv[0] is None, kv[0] or "")
        ),
    }


def case_meeting_list(*, user: Any, fiscal_year: int | None = None) -> QuerySet[CaseMeeting]:
    meetings = scope_person_records(CaseMeeting.objects.all(), user)
    if fiscal_year:
        meetings = meetings.filter(fiscal_year=fiscal_year)
    return (
        meetings.select_related("person")
        .annotate(need_count=Count("needs", distinct=True))
        .order_by("-held_on", "-pk")
    )


def case_meeting_get(*, user: Any, pk: int) -> CaseMeeting:
    """A 個別支援会議 the user may see; every read is audited."""
    meeting = (
        scope_person_records(CaseMeeting.objects.filter(pk=pk), user)
        .select_related("region", "person", "organization", "recorded_by")
        .prefetch_related(
            Prefetch("attendees__organization"),
            "actions",
            Prefetch("needs", queryset=_needs_with_category()),
        )
        .first()
    )
    if meeting is None:
        raise Http404
    audit_record(
        actor=user, action=AuditAction.VIEW, target=meeting, summary=f"person={meeting.person_id}"
    )
    return meeting


def _needs_with_category() -> QuerySet:
    from tsunagu.needs.models import Need

    return Need.objects.select_related("category")


def observation_list(
    *, user: Any, fiscal_year: int | None = None, source: str = "", category: Any = None
) -> QuerySet[Observation]:
    observations = scope_region(Observation.objects.all(), user)
    if fiscal_year:
        observations = observations.filter(fiscal_year=fiscal_year)
    if source in ObservationSource.values:
        observations = observations.filter(source=source)
    if category:
        observations = observations.filter(category_id=category)
    return observations.select_related("category", "municipality", "organization")


def observation_beside_rows(region: Any) -> list[Any]:
    """The region's 地域の声 for grouping with persons' needs (tsunagu.needs.beside): the same
    analysis places them; they are shown apart and never counted as persons. One query."""
    from tsunagu.needs.beside import BesideRow

    region_id = getattr(region, "pk", region)
    return [
        BesideRow(pk=pk, organization_id=organization_id, analysis=data, text=text)
        for pk, organization_id, data, text in Observation.objects.filter(region_id=region_id)
        .order_by("pk")
        .values_list("pk", "organization_id", "analysis", "text")
    ]


def observation_fingerprint(region: Any) -> str:
    """Changes whenever an observation of the region is added, removed or changed. One query."""
    region_id = getattr(region, "pk", region)
    figures = Observation.objects.filter(region_id=region_id).aggregate(
        n=Count("pk"), top=Max("pk"), last=Max("created_at")
    )
    return f"{figures['n']}:{figures['top']}:{figures['last']}"


def person_case_meetings(*, user: Any, person: Any) -> dict[str, Any]:
    """For the person page (which audits the read): the person's 個別支援会議. One query."""
    meetings = scope_person_records(CaseMeeting.objects.filter(person=person), user)
    return {"case_meetings": list(meetings.order_by("-held_on", "-pk")[:20])}
