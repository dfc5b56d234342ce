"""Reads of 地域支援, scoped by region (and, for the personal records, by role)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Count, Max, Prefetch, QuerySet
from django.http import Http404

from tsunagu.community.models import (
    CaseConference,
    CaseConferenceAttendance,
    CaseMeeting,
    CommunityActivity,
    Observation,
    ObservationSource,
    ProviderSupport,
)
from tsunagu.core.access import scope_person_records, scope_region
from tsunagu.core.audit import audit_record
from tsunagu.core.models import (
    AuditAction,
    ListItem,
    ListKind,
    Municipality,
    Organization,
    OrganizationKind,
)


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
    # The center may bring the person's case to a 合同事例検討会 while the person's consent
    # holds (one more query, for the center only): the link is offered only then.
    may_present = (
        _sees_all_conferences(user)
        and case_conference_person_choices(user=user).filter(pk=person.pk).exists()
    )
    return {
        "case_meetings": list(meetings.order_by("-held_on", "-pk")[:20]),
        "may_present_at_conference": may_present,
    }


# -- 合同事例検討会 ------------------------------------------------------------------------------
#
# Who sees a conference's case: the center (Capability.PERSONAL_ALL: 管理者, センター相談員)
# every case of its region, with the person; anyone else of the network (members, providers,
# the secretariat, municipalities) only the cases of conferences their organization attended,
# de-identified (never the person), and not once the person has withdrawn the consent.


def _sees_all_conferences(user: Any) -> bool:
    from tsunagu.core.access import user_can
    from tsunagu.core.roles import Capability

    return user_can(user, Capability.PERSONAL_ALL)


def case_conference_list(*, user: Any) -> QuerySet[CaseConference]:
    conferences = scope_region(CaseConference.objects.all(), user)
    if not _sees_all_conferences(user):
        if not getattr(user, "organization_id", None):
            return conferences.none()
        # a subquery, not a join: the count of organizations below stays the whole count
        attended = CaseConferenceAttendance.objects.filter(organization=user.organization_id)
        conferences = conferences.filter(pk__in=attended.values("conference_id"))
    return (
        conferences.select_related("event")
        .annotate(
            organizations=Count("attendance", distinct=True),
        )
        .order_by("-event__starts_at", "-pk")
    )


def case_conference_get(*, user: Any, pk: int) -> dict[str, Any]:
    """One conference the user may see: {"conference", "attendance", "total", "with_person"
    (the center only), "withdrawn" (the consent was withdrawn: the case is not shown to the
    attendees)}. Every read audited."""
    from tsunagu.core.dates import today_local
    from tsunagu.people.models import ConsentScope

    conference = (
        case_conference_list(user=user)
        .filter(pk=pk)
        .select_related("event", "person", "recorded_by", "region")
        .first()
    )
    if conference is None:
        raise Http404
    attendance = list(conference.attendance.select_related("organization"))
    center = _sees_all_conferences(user)
    consents = list(conference.person.consents.filter(scope=ConsentScope.COUNCIL_ANONYMOUS))
    today = today_local()
    # no consent left that is not withdrawn (a deleted consent counts as none)
    withdrawn = not any(c.withdrawn_on is None or c.withdrawn_on > today for c in consents)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target=conference,
        summary=f"event={conference.event_id} "
        + (f"person={conference.person_id}" if center else "deidentified"),
    )
    return {
        "conference": conference,
        "attendance": attendance,
        "total": sum(a.count for a in attendance),
        "with_person": center,
        "withdrawn": withdrawn,
    }


def case_conference_event_choices(*, user: Any) -> QuerySet:
    """The region's 合同事例検討会 events with no case recorded yet."""
    from tsunagu.network.models import Event, EventKind

    taken = CaseConference.objects.values("event_id")
    return scope_region(Event.objects.filter(kind=EventKind.CASE_CONFERENCE), user).exclude(
        pk__in=taken
    ).order_by("-starts_at")


def case_conference_person_choices(*, user: Any) -> QuerySet:
    """Persons of the region with a 「協議会での匿名事例検討」 consent not withdrawn (the service
    checks it is valid on the day)."""
    from django.db.models import Q

    from tsunagu.core import dates
    from tsunagu.people.models import ConsentScope, Person

    today = dates.today_local()
    return (
        scope_region(Person.objects.filter(merged_into__isnull=True), user)
        .filter(
            Q(consents__withdrawn_on__isnull=True) | Q(consents__withdrawn_on__gt=today),
            consents__scope=ConsentScope.COUNCIL_ANONYMOUS,
        )
        .distinct()
        .order_by("pk")
    )


def person_shared_with(*, person: Any, organization: Organization, day: date) -> bool:
    """Whether ``person`` has a valid 関係機関への情報提供 consent naming ``organization``."""
    from tsunagu.people.models import ConsentScope

    consents = person.consents.filter(scope=ConsentScope.INFO_SHARING, organizations=organization)
    return any(c.is_valid_on(day) for c in consents)


def person_consents_to_case_conference(*, person: Any, day: date) -> bool:
    """Whether ``person`` has a valid 「協議会での匿名事例検討」 consent on ``day``."""
    from tsunagu.people.models import ConsentScope

    consents = person.consents.filter(scope=ConsentScope.COUNCIL_ANONYMOUS)
    return any(c.is_valid_on(day) for c in consents)
