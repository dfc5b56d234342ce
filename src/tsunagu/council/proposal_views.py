"""提言書 pages: list, create, page, and the PDF/DOCX downloads (audited as EXPORT).

Readers: the council (DEIDENTIFIED) and the municipalities (AGGREGATES), to whom proposals
are addressed. Creating one needs Capability.COUNCIL."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.access import capability_required, scope_region, user_can
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction
from tsunagu.core.params import id_params
from tsunagu.core.roles import Capability
from tsunagu.council import documents, selectors, services
from tsunagu.council.meeting_forms import ProposalForm
from tsunagu.council.models import CommunityIssue, IssueStatus

READ = (Capability.DEIDENTIFIED, Capability.AGGREGATES)


@capability_required(*READ)
def proposal_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "council/proposal_list.html",
        {
            "proposals": selectors.proposal_list(user=request.user).select_related("region")[:500],
            "can_manage": user_can(request.user, Capability.COUNCIL),
        },
    )


def _candidate_issues(user):
    """Issues of the region that may go into a proposal: every one not closed."""
    return (
        scope_region(CommunityIssue.objects.select_related("category"), user)
        .exclude(status=IssueStatus.CLOSED)
        .order_by("-created_at", "-pk")
    )


@capability_required(Capability.COUNCIL)
def proposal_new(request: HttpRequest) -> HttpResponse:
    region = request.user.region
    issues = _candidate_issues(request.user)
    preselected = id_params(request.GET.getlist("issue"))
    initial = {
        "proposed_on": dates.today_local(),
        "issues": list(issues.filter(pk__in=preselected)),
    }
    form = ProposalForm(request.POST or None, issues=issues, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_create(
                actor=request.user,
                region=region,
                title=data["title"].strip(),
                issues=list(data["issues"]),
                proposed_on=data["proposed_on"],
                addressee=data["addressee"].strip(),
                preface=data["preface"].strip(),
                is_published=data["is_published"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("提言書を作成しました。"))
            return redirect("council:proposal", pk=proposal.pk)
    return render(request, "council/proposal_form.html", {"form": form})


@capability_required(*READ)
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    outline = documents.proposal_outline(proposal)
    issues = sorted(proposal.issues.all(), key=lambda i: (i.created_at, i.pk))
    return render(
        request,
        "council/proposal_detail.html",
        {
            "proposal": proposal,
            "sections": list(zip(issues, outline.sections, strict=True)),
            "notes": outline.notes,
            "can_open_issues": user_can(request.user, Capability.DEIDENTIFIED),
        },
    )


def _download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    if fmt == "pdf":
        content, content_type = documents.proposal_pdf(proposal), documents.PDF_TYPE
    else:
        content, content_type = documents.proposal_docx(proposal), documents.DOCX_TYPE
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target=proposal,
        summary=f"format={fmt} issues={len(proposal.issues.all())}",
    )
    response = HttpResponse(content, content_type=content_type)
    name = documents.filename(proposal, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@capability_required(*READ)
def proposal_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "pdf")


@capability_required(*READ)
def proposal_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "docx")
