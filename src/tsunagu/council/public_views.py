"""Public pages (no login) of a region's council: published community issues, their
de-identified evidence and public timeline, and published proposals with their documents.

Only what is published is shown (CommunityIssue.is_published, Proposal.is_published); any
other issue or proposal, and an unknown region code, is 404. Evidence is counts only,
suppressed (tsunagu.council.selectors); the timeline shows the steps with their date, meeting
title and recorded reason, and the resources developed — never who recorded them, nor
meetings' venues, minutes or attendees."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from tsunagu.core.models import Region
from tsunagu.core.suppression import SUPPRESSED
from tsunagu.council.foresight import issue_foresight
from tsunagu.council.models import (
    ISSUE_FLOW,
    CommunityIssue,
    IssueResource,
    IssueStatus,
    IssueTransition,
    Proposal,
)
from tsunagu.council.selectors import (
    issue_evidence,
    public_issue_get,
    public_issue_list,
    public_proposal_list,
)
from tsunagu.needs.evidence import min_persons, suppress_count


def _region(region_code: str) -> Region:
    return get_object_or_404(Region, code=region_code)


def _suppression_note() -> str:
    return _("＊は%(n)d人以下のため秘匿しています。") % {"n": min_persons() - 1}


def _step(status: str) -> dict[str, Any]:
    """Where an issue stands: label, and its place on the main line (None when off it)."""
    number = ISSUE_FLOW.index(status) + 1 if status in ISSUE_FLOW else None
    return {
        "label": IssueStatus(status).label,
        "number": number,
        "of": len(ISSUE_FLOW),
    }


@require_safe
def issue_list(request: HttpRequest, region_code: str) -> HttpResponse:
    region = _region(region_code)
    issues = public_issue_list(region).annotate(
        municipality_count=Count(
            "need_links__need__municipality",
            distinct=True,
            filter=Q(need_links__need__person__isnull=False),
        )
    )
    rows = []
    for issue in issues:
        visible = issue.person_count >= min_persons()
        rows.append(
            {
                "issue": issue,
                "step": _step(issue.status),
                "persons": suppress_count(issue.person_count),
                "municipalities": issue.municipality_count if visible else None,
            }
        )
    return render(
        request,
        "council/public_issue_list.html",
        {
            "region": region,
            "rows": rows,
            "has_suppressed": any(r["persons"] == SUPPRESSED for r in rows),
            "suppression_note": _suppression_note(),
        },
    )


def _public_timeline(issue: CommunityIssue) -> list[dict[str, Any]]:
    """Steps and resources developed, oldest first."""
    events: list[dict[str, Any]] = []
    for t in IssueTransition.objects.filter(issue=issue).select_related("meeting"):
        events.append(
            {
                "at": t.at,
                "kind": "transition",
                "step": IssueStatus(t.to_status).label,
                "meeting": t.meeting.title if t.meeting_id else "",
                "reason": t.reason,
            }
        )
    for r in IssueResource.objects.filter(issue=issue).prefetch_related("municipalities"):
        events.append(
            {
                "at": r.registered_at,
                "kind": "resource",
                "resource": r,
                "municipalities": [m.name for m in r.municipalities.all()],
            }
        )
    events.sort(key=lambda e: (e["at"], e["kind"] != "transition"))
    return events


@require_safe
def issue_detail(request: HttpRequest, region_code: str, pk: int) -> HttpResponse:
    region = _region(region_code)
    issue = public_issue_get(region, pk)
    evidence = issue_evidence(issue)
    viewpoints = [
        (_("問題の多様性"), issue.viewpoint_diversity),
        (_("問題の社会性"), issue.viewpoint_sociality),
        (_("問題の共通性"), issue.viewpoint_commonality),
        (_("将来予測"), issue.viewpoint_foresight),
    ]
    proposals = Proposal.objects.filter(region=region, is_published=True, issues=issue)
    return render(
        request,
        "council/public_issue_detail.html",
        {
            "region": region,
            "issue": issue,
            "step": _step(issue.status),
            "flow": [(IssueStatus(s).label, s == issue.status) for s in ISSUE_FLOW],
            "viewpoints": viewpoints,
            "evidence": evidence,
            "foresight": issue_foresight(issue) if evidence.is_visible else None,
            "timeline": _public_timeline(issue),
            "proposals": proposals,
            "suppression_note": _suppression_note(),
        },
    )


@require_safe
def proposal_list(request: HttpRequest, region_code: str) -> HttpResponse:
    region = _region(region_code)
    # public_proposal_list prefetches each proposal's published issues only.
    return render(
        request,
        "council/public_proposal_list.html",
        {"region": region, "proposals": public_proposal_list(region)},
    )


def _published_proposal(region_code: str, pk: int) -> Proposal:
    proposal = public_proposal_list(_region(region_code)).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


def _download(region_code: str, pk: int, fmt: str) -> HttpResponse:
    """The proposal's document, built now from its published issues only: the proposal comes
    from public_proposal_list, whose prefetch of ``issues`` the documents module reads."""
    from tsunagu.council import documents  # written beside this module; imported on use

    proposal = _published_proposal(region_code, pk)
    if fmt == "pdf":
        content, content_type = documents.proposal_pdf(proposal), documents.PDF_TYPE
    else:
        content, content_type = documents.proposal_docx(proposal), documents.DOCX_TYPE
    response = HttpResponse(content, content_type=content_type)
    name = documents.filename(proposal, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def proposal_pdf(request: HttpRequest, region_code: str, pk: int) -> HttpResponse:
    return _download(region_code, pk, "pdf")


@require_safe
def proposal_docx(request: HttpRequest, region_code: str, pk: int) -> HttpResponse:
    return _download(region_code, pk, "docx")
