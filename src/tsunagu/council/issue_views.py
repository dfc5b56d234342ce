"""Community-issue pages: the list, one issue (evidence, timeline, next step, resources),
raising an issue from a candidate group, and editing. De-identified: no page here shows a
name or the text of a need."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.core import locking
from tsunagu.core.access import capability_required, user_can
from tsunagu.core.roles import Capability
from tsunagu.council import selectors, services
from tsunagu.council.issue_forms import AdvanceForm, IssueForm, ResourceForm
from tsunagu.council.models import IssueStatus
from tsunagu.needs.evidence import min_persons
from tsunagu.needs.selectors import group_needs_from_token, issue_beside_figures

READ = (Capability.DEIDENTIFIED, Capability.AGGREGATES)


@capability_required(*READ)
def issue_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in IssueStatus.values:
        status = ""
    issues = selectors.issue_list(user=request.user, status=status)
    return render(
        request,
        "council/issue_list.html",
        {
            "issues": issues,
            "status": status,
            "statuses": IssueStatus.choices,
            "counts": selectors.issue_status_counts(user=request.user),
            "can_manage": user_can(request.user, Capability.COUNCIL),
            "min_persons": min_persons(),
        },
    )


@capability_required(*READ)
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_get(user=request.user, pk=pk)
    can_manage = user_can(request.user, Capability.COUNCIL)
    options = services.issue_next_statuses(issue)
    context = {
        "issue": issue,
        "evidence": selectors.issue_evidence(issue),
        "observations": issue_beside_figures(issue, "observations"),
        "timeline": selectors.issue_timeline(issue),
        "flow": selectors.issue_flow_steps(issue),
        "can_manage": can_manage,
        "advance_form": AdvanceForm(issue=issue, options=options) if can_manage and options
        else None,
        "resource_form": ResourceForm(region=issue.region) if can_manage else None,
    }
    return render(request, "council/issue_detail.html", context)


def _issue_form_values(data: dict) -> dict:
    return {name: data[name] for name in IssueForm.base_fields if name in data}


@capability_required(Capability.COUNCIL)
def issue_new(request: HttpRequest) -> HttpResponse:
    region = request.user.region
    form = IssueForm(request.POST or None, region=region, initial={"priority": "medium"})
    if request.method == "POST" and form.is_valid():
        values = _issue_form_values(form.cleaned_data)
        publish = values.pop("is_published")
        viewpoints = {k: values.pop(k) for k in list(values) if k.startswith("viewpoint_")}
        try:
            issue = services.issue_raise(actor=request.user, region=region, **values)
            services.issue_update(actor=request.user, issue=issue, is_published=publish,
                                  **viewpoints)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("地域課題を提起しました。"))
            return redirect("council:issue", pk=issue.pk)
    return render(request, "council/issue_form.html", {"form": form, "issue": None})


@capability_required(Capability.COUNCIL)
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_get(user=request.user, pk=pk)
    initial = {name: getattr(issue, name) for name in IssueForm.base_fields}
    form = IssueForm(request.POST or None, region=issue.region, initial=initial)
    locking.add_lock_field(form, issue)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_update(actor=request.user, issue=issue,
                                  lock_version=locking.submitted_version(form),
                                  **_issue_form_values(form.cleaned_data))
        except ValidationError as error:
            form.add_error(None, error)
        except locking.EditConflict:
            issue.refresh_from_db()
            current = IssueForm(
                region=issue.region,
                initial={name: getattr(issue, name) for name in IssueForm.base_fields},
            )
            conflict = locking.conflict_context(form, current, issue)
        else:
            messages.success(request, _("保存しました。"))
            return redirect("council:issue", pk=issue.pk)
    return render(
        request, "council/issue_form.html", {"form": form, "issue": issue, "conflict": conflict}
    )


@capability_required(Capability.COUNCIL)
@require_POST
def issue_raise(request: HttpRequest) -> HttpResponse:
    """提起 from a candidate group: the needs come from the signed token of the page."""
    needs = group_needs_from_token(request.user, request.POST.get("group", ""))
    category = selectors.need_category_get(request.user.region, request.POST.get("category"))
    title = request.POST.get("title", "").strip()[:200]
    if not needs or category is None or not title:
        messages.error(request, _("課題名と分類を入れてください（候補の有効期限が切れた場合は開き直してください）。"))
        return redirect("needs:candidates")
    issue = services.issue_raise(
        actor=request.user,
        region=request.user.region,
        title=title,
        category=category,
        needs=needs,
        reason=_("候補（%(n)d人）から提起") % {"n": len({n.person_id for n in needs if n.person_id})},
    )
    messages.success(request, _("地域課題を提起しました。説明と4つの視点を書き加えてください。"))
    return redirect("council:issue_edit", pk=issue.pk)


@capability_required(Capability.COUNCIL)
@require_POST
def issue_link(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_get(user=request.user, pk=pk)
    needs = group_needs_from_token(request.user, request.POST.get("group", ""))
    added = services.issue_link_needs(actor=request.user, issue=issue, needs=needs)
    messages.success(request, _("根拠に %(n)d 件のニーズを加えました。") % {"n": added})
    return redirect("council:issue", pk=issue.pk)


@capability_required(Capability.COUNCIL)
@require_POST
def issue_advance(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_get(user=request.user, pk=pk)
    form = AdvanceForm(request.POST, issue=issue, options=services.issue_next_statuses(issue))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.issue_advance(actor=request.user, issue=issue, to_status=data["to_status"],
                                   reason=data["reason"], meeting=data["meeting"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("段階を記録しました。"))
    else:
        messages.error(request, _("次の段階と理由を入れてください。"))
    return redirect("council:issue", pk=issue.pk)


@capability_required(Capability.COUNCIL)
@require_POST
def resource_new(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_get(user=request.user, pk=pk)
    form = ResourceForm(request.POST, region=issue.region)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.resource_register(
                actor=request.user,
                issue=issue,
                kind=data["kind"],
                name=data["name"],
                description=data["description"],
                organization_name=data["organization_name"],
                municipalities=list(data["municipalities"]),
                starts_on=data["starts_on"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("社会資源を登録し、根拠になったニーズの担当者にお知らせしました。")
            )
    else:
        messages.error(request, _("社会資源の種類と名称を入れてください。"))
    return redirect("council:issue", pk=issue.pk)
