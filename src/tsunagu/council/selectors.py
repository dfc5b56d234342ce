"""Reads of community issues and the council. Everything here is de-identified: issues are
evidenced by counts (persons by 市町村, by 障害種別, needs by period), never by names or text,
and small counts are suppressed for every reader (tsunagu.core.suppression)."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from tsunagu.core.access import scope_region
from tsunagu.council.models import (
    CommunityIssue,
    IssueNeed,
    IssueStatus,
    Meeting,
    Proposal,
)
from tsunagu.needs.evidence import Evidence, evidence_for
from tsunagu.needs.models import Need


def issue_list(*, user: Any, status: str = "", published_only: bool = False) -> QuerySet:
    issues = scope_region(CommunityIssue.objects.all(), user)
    if status:
        issues = issues.filter(status=status)
    if published_only:
        issues = issues.filter(is_published=True)
    return issues.select_related("category", "working_group").annotate(
        need_count=Count("need_links", distinct=True),
        person_count=Count("need_links__need__person", distinct=True),
    )


def issue_get(*, user: Any, pk: int) -> CommunityIssue:
    issue = (
        scope_region(CommunityIssue.objects.all(), user)
        .select_related("category", "working_group", "created_by")
        .filter(pk=pk)
        .first()
    )
    if issue is None:
        raise Http404
    return issue


def public_issue_list(region: Any) -> QuerySet:
    return (
        CommunityIssue.objects.filter(region=region, is_published=True)
        .select_related("category")
        .annotate(person_count=Count("need_links__need__person", distinct=True))
    )


def public_issue_get(region: Any, pk: int) -> CommunityIssue:
    issue = public_issue_list(region).filter(pk=pk).first()
    if issue is None:
        raise Http404
    return issue


def issue_evidence(issue: CommunityIssue) -> Evidence:
    return evidence_for(Need.objects.filter(issue_links__issue=issue))


def issue_timeline(issue: CommunityIssue) -> list[dict[str, Any]]:
    """Every step, meeting, decision, action item and resource of an issue, oldest first."""
    events: list[dict[str, Any]] = []
    for t in issue.transitions.select_related("meeting", "actor"):
        events.append({"at": t.at, "kind": "transition", "obj": t})
    for item in issue.agenda_items.select_related("meeting", "meeting__body"):
        events.append({"at": item.meeting.starts_at, "kind": "agenda", "obj": item})
    for d in issue.decisions.select_related("meeting"):
        events.append({"at": d.meeting.starts_at, "kind": "decision", "obj": d})
    for a in issue.action_items.select_related("meeting"):
        events.append({"at": a.meeting.starts_at, "kind": "action", "obj": a})
    for r in issue.resources.prefetch_related("municipalities"):
        events.append({"at": r.registered_at, "kind": "resource", "obj": r})
    for p in issue.proposals.all():
        events.append({"at": p.created_at, "kind": "proposal", "obj": p})
    events.sort(key=lambda e: (e["at"], e["kind"]))
    return events


def meeting_list(*, user: Any) -> QuerySet:
    return scope_region(Meeting.objects.all(), user).select_related("body")


def meeting_get(*, user: Any, pk: int) -> Meeting:
    meeting = (
        scope_region(Meeting.objects.all(), user)
        .select_related("body")
        .prefetch_related(
            "attendees__organization",
            Prefetch("agenda"),
            "decisions__issue",
            "action_items__issue",
            "reviews__member",
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def proposal_list(*, user: Any) -> QuerySet:
    return scope_region(Proposal.objects.all(), user).prefetch_related("issues")


def proposal_get(*, user: Any, pk: int) -> Proposal:
    proposal = proposal_list(user=user).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


def public_proposal_list(region: Any) -> QuerySet:
    return Proposal.objects.filter(region=region, is_published=True).prefetch_related(
        Prefetch("issues", queryset=CommunityIssue.objects.filter(is_published=True))
    )


def issue_status_counts(*, user: Any) -> dict[str, int]:
    counts = dict(
        scope_region(CommunityIssue.objects.all(), user)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {status: counts.get(status, 0) for status in IssueStatus.values}


def issue_needs_open(issue: CommunityIssue) -> QuerySet:
    """The issue's needs that are not met yet (for counting only)."""
    return Need.objects.filter(issue_links__issue=issue, met_at__isnull=True)


def issue_flow_steps(issue: CommunityIssue) -> list[dict[str, Any]]:
    """The main line of the lifecycle with where this issue stands (for a step indicator)."""
    from tsunagu.council.models import ISSUE_FLOW

    reached = set(issue.transitions.values_list("to_status", flat=True))
    return [
        {
            "status": status,
            "label": IssueStatus(status).label,
            "reached": status in reached,
            "current": status == issue.status,
        }
        for status in ISSUE_FLOW
    ]


def need_category_get(region: Any, pk: Any):
    from tsunagu.needs.selectors import need_categories

    try:
        return need_categories(region).get(pk=int(pk))
    except (ValueError, TypeError, ObjectDoesNotExist):
        return None


def issue_workers(issue: CommunityIssue) -> list:
    """Users who recorded a need of the issue or are assigned to a person whose need it is."""
    from tsunagu.core.models import User

    need_ids = IssueNeed.objects.filter(issue=issue).values("need_id")
    recorded = User.objects.filter(
        pk__in=Need.objects.filter(pk__in=need_ids).values("recorded_by_id")
    )
    assigned = User.objects.filter(assigned_persons__needs__in=need_ids, region_id=issue.region_id)
    return list((recorded | assigned).filter(region_id=issue.region_id).distinct())
