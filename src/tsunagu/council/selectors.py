"""Reads of community issues and the council. Everything here is de-identified: issues are
evidenced by counts (persons by 市町村, by 障害種別, needs by period), never by names or text,
and small counts are suppressed for every reader (tsunagu.core.suppression)."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tsunagu.core.access import scope_region
from tsunagu.core.dates import fiscal_year, fiscal_year_label
from tsunagu.core.suppression import SUPPRESSED, protect
from tsunagu.council.models import (
    CommunityIssue,
    IssueNeed,
    IssueStatus,
    Meeting,
    Proposal,
)
from tsunagu.needs.models import Need
from tsunagu.people.models import PersonDisability

Cell = int | str  # a count, or SUPPRESSED


def min_persons() -> int:
    return settings.COUNCIL_MIN_PERSONS


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


def suppress_count(value: int) -> Cell:
    """A count published on its own (no sum beside it): primary suppression only."""
    return SUPPRESSED if protect({"n": value}, threshold=min_persons() - 1) else value


def _evidence_published(
    counts: dict[str, int], breakdowns: dict[str, dict[str, int]], *, exclusive_muni: bool
) -> tuple[dict, list, list]:
    """What the evidence publishes, as the core module sees it: every count by key, the sums a
    reader knows (実人数 = Σ 市町村 when each person has one; ニーズ件数 = Σ 期間) and the
    multi-count breakdowns (障害種別, 市町村 when persons are counted in several)."""
    values: dict[Any, int] = dict(counts)
    for name, cells in breakdowns.items():
        values.update({(name, label): n for label, n in cells.items()})
    keys = {name: [(name, label) for label in cells] for name, cells in breakdowns.items()}
    sums = [("needs", keys.get("period", []))]
    groups = [keys.get("disability", [])]
    if "municipality" in keys:
        if exclusive_muni:
            sums.append(("persons", keys["municipality"]))
        else:
            groups.append(keys["municipality"])
    return values, sums, groups


def _suppress_evidence(
    counts: dict[str, int], breakdowns: dict[str, dict[str, int]], *, exclusive_muni: bool
) -> tuple[dict[str, Cell], dict[str, dict[str, Cell]]]:
    """Counts and breakdowns protected together (tsunagu.core.suppression). The number of
    persons is what makes evidence visible, so it stays shown: when the 市町村 breakdown could
    only be protected by hiding it (three persons in three 市町村: each ＊ would be read as 1),
    the breakdown is left out instead."""
    threshold = min_persons() - 1
    values, sums, groups = _evidence_published(counts, breakdowns, exclusive_muni=exclusive_muni)
    hidden = protect(values, sums, threshold=threshold, groups=groups)
    if "persons" in hidden and breakdowns.get("municipality"):
        breakdowns = {k: v for k, v in breakdowns.items() if k != "municipality"}
        values, sums, groups = _evidence_published(counts, breakdowns, exclusive_muni=False)
        hidden = protect(values, sums, threshold=threshold, groups=groups)
    shown = {k: (SUPPRESSED if k in hidden else v) for k, v in counts.items()}
    shown_breakdowns = {
        name: {label: (SUPPRESSED if (name, label) in hidden else n) for label, n in cells.items()}
        for name, cells in breakdowns.items()
    }
    return shown, shown_breakdowns


def _quarter_label(year: int, quarter: int) -> str:
    return _("%(year)s 第%(quarter)d四半期") % {"year": fiscal_year_label(year), "quarter": quarter}


@dataclass
class Evidence:
    """What may be said about the needs behind an issue or a candidate group."""

    persons: Cell
    needs: Cell
    met: Cell
    municipalities_count: int
    by_municipality: dict[str, Cell] = field(default_factory=dict)
    by_disability: dict[str, Cell] = field(default_factory=dict)
    by_period: dict[str, Cell] = field(default_factory=dict)
    resource_gap: Cell = 0
    is_visible: bool = True  # False: fewer than min_persons() distinct persons

    def summary(self) -> dict[str, Any]:
        return {
            "persons": self.persons,
            "municipalities": self.municipalities_count,
            "needs": self.needs,
        }


def evidence_for(needs: QuerySet) -> Evidence:
    """Counts over ``needs`` (a Need queryset), suppressed. Three queries, whatever the size."""
    rows = list(
        needs.values_list(
            "person_id", "municipality__name", "noted_on", "met_at", "resource_gap"
        ).order_by()
    )
    persons = {r[0] for r in rows if r[0] is not None}
    by_muni_persons: dict[str, set] = {}
    period_counts: Counter = Counter()
    for person_id, muni, noted_on, _met, _gap in rows:
        if person_id is not None:
            by_muni_persons.setdefault(muni or _("（不明）"), set()).add(person_id)
        year = fiscal_year(noted_on)
        quarter = ((noted_on.month - 4) % 12) // 3 + 1
        period_counts[(year, quarter)] += 1
    disability_rows = (
        PersonDisability.objects.filter(person_id__in=persons)
        .values_list("disability_type__label")
        .annotate(n=Count("person_id", distinct=True))
        .order_by("disability_type__sort_order")
    )
    n_persons = len(persons)
    visible = n_persons >= min_persons()
    by_municipality = {name: len(ids) for name, ids in sorted(by_muni_persons.items())}
    exclusive_muni = sum(by_municipality.values()) == n_persons
    by_period = {_quarter_label(*key): n for key, n in sorted(period_counts.items())}
    met = sum(1 for r in rows if r[3] is not None)
    gap = sum(1 for r in rows if r[4])
    counts = {"persons": n_persons, "needs": len(rows), "met": met, "gap": gap}
    breakdowns = {
        "municipality": by_municipality,
        "disability": dict(disability_rows),
        "period": by_period,
    }
    if visible:
        shown, cells = _suppress_evidence(counts, breakdowns, exclusive_muni=exclusive_muni)
    else:  # too few persons: no breakdown, and no count below the threshold
        shown = {k: suppress_count(v) for k, v in counts.items()}
        cells = {name: {k: (SUPPRESSED if v else 0) for k, v in b.items()}
                 for name, b in breakdowns.items()}
    return Evidence(
        persons=shown["persons"],
        needs=shown["needs"],
        met=shown["met"],
        municipalities_count=len(by_municipality) if visible else 0,
        by_municipality=cells.get("municipality", {}),
        by_disability=cells["disability"],
        by_period=cells["period"],
        resource_gap=shown["gap"],
        is_visible=visible,
    )


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
