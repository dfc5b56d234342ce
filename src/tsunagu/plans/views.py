"""Pages of support plans: a person's plans and assessments, the plan (with its versions and
monitoring), the forms, the printable PDF, and the monitoring due lists.

Who may change a plan or an assessment: whoever sees the whole region (センター相談員,
管理者), or staff of the organization that wrote it; others who may see it get 403."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.core import dates, locking
from tsunagu.core.access import capability_required, user_can
from tsunagu.core.audit import audit_list_view, audit_record
from tsunagu.core.models import AuditAction
from tsunagu.core.roles import Capability
from tsunagu.people.models import Person
from tsunagu.people.selectors import person_get, staff_choices
from tsunagu.plans import pdf, selectors, services
from tsunagu.plans.forms import (
    AssessmentForm,
    GoalReviewForm,
    MonitoringForm,
    PlanEndForm,
    PlanForm,
    goal_formset,
    service_formset,
)
from tsunagu.plans.models import GoalResult, PlanStatus
from tsunagu.plans.schedule import days_overdue
from tsunagu.plans.services import ASSESSMENT_FIELDS
from tsunagu.plans.usage import selectors as usage_selectors

PERSONAL = (Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)
PAGE_SIZE = 50


def may_change(user, record) -> bool:
    """Center staff and admins change any record of the region; others only their own
    organization's."""
    if user_can(user, Capability.PERSONAL_ALL):
        return True
    return bool(user.organization_id) and record.organization_id == user.organization_id


def _require_change(user, record) -> None:
    if not may_change(user, record):
        raise PermissionDenied


def _live_person(request: HttpRequest, pk: int) -> Person:
    """The person a new record is for (404 outside the user's scope). Not a 閲覧 itself:
    the record written is audited."""
    person = person_get(user=request.user, pk=pk, audit=False)
    if person.merged_into_id is not None:
        raise PermissionDenied
    return person


# ---- a person's plans and assessments -------------------------------------------------


@capability_required(*PERSONAL)
def person_plans(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=person_pk)
    plans, assessments = selectors.person_plans(user=request.user, person=person)
    return render(
        request,
        "plans/person_plans.html",
        {
            "person": person,
            "plans": plans,
            "assessments": assessments,
            "today": dates.today_local(),
        },
    )


# ---- assessments ----------------------------------------------------------------------


@capability_required(*PERSONAL)
def assessment_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _live_person(request, person_pk)
    form = AssessmentForm(request.POST or None, initial={"assessed_on": dates.today_local()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_create(
                actor=request.user,
                person=person,
                organization=request.user.organization,
                staff=request.user,
                **data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("アセスメントを記録しました。"))
            return redirect("plans:assessment_detail", pk=assessment.pk)
    return render(request, "plans/assessment_form.html", {"form": form, "person": person})


@capability_required(*PERSONAL)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    return render(
        request,
        "plans/assessment_detail.html",
        {
            "a": assessment,
            "can_change": may_change(request.user, assessment),
            "plans": list(assessment.plans.order_by("-version")),
        },
    )


@capability_required(*PERSONAL)
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(user=request.user, pk=pk, audit=request.method != "POST")
    _require_change(request.user, assessment)
    initial = model_to_dict(assessment, fields=ASSESSMENT_FIELDS)
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_update(
                actor=request.user, assessment=assessment, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("アセスメントを更新しました。"))
            return redirect("plans:assessment_detail", pk=assessment.pk)
    return render(
        request,
        "plans/assessment_form.html",
        {"form": form, "person": assessment.person, "editing": assessment},
    )


# ---- plans ----------------------------------------------------------------------------


def _plan_form(request: HttpRequest, person: Person, *, initial: dict) -> PlanForm:
    assessments = selectors.assessment_list(user=request.user).filter(person=person)
    return PlanForm(
        request.POST or None,
        initial=initial,
        staff_choices=staff_choices(user=request.user),
        assessments=assessments.order_by("-assessed_on", "-pk"),
    )


def _formsets_valid(form, goals, supports) -> bool:
    valid = form.is_valid()
    valid = goals.is_valid() and valid
    return supports.is_valid() and valid


def _inputs(goals, supports) -> tuple[list, list]:
    return (
        [g for g in (f.as_input() for f in goals.forms) if g is not None],
        [s for s in (f.as_input() for f in supports.forms) if s is not None],
    )


def _add_errors(form, error: ValidationError) -> None:
    """A service's error onto the form: field errors where the form has the field,
    the rest (goals, services, ...) at the top."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error)


def _render_plan_form(
    request, *, form, goals, supports, person, mode, plan=None, active=None, conflict=None
):
    return render(
        request,
        "plans/plan_form.html",
        {
            "form": form,
            "goals": goals,
            "supports": supports,
            "person": person,
            "mode": mode,
            "plan": plan,
            "active": active,
            "conflict": conflict,
        },
    )


@capability_required(*PERSONAL)
def plan_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _live_person(request, person_pk)
    initial = {"staff": request.user.pk, "starts_on": dates.today_local()}
    assessment_id = request.GET.get("assessment", "")
    if assessment_id.isdigit():
        initial["assessment"] = int(assessment_id)
    form = _plan_form(request, person, initial=initial)
    data = request.POST or None
    goals, supports = goal_formset(data), service_formset(data)
    active = (
        selectors.active_plans(user=request.user)
        .filter(person=person, organization_id=request.user.organization_id)
        .first()
    )
    if request.method == "POST" and _formsets_valid(form, goals, supports):
        goal_inputs, service_inputs = _inputs(goals, supports)
        try:
            plan = services.plan_create(
                actor=request.user,
                person=person,
                organization=request.user.organization,
                goals=goal_inputs,
                services=service_inputs,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("個別支援計画を作成しました。"))
            return redirect("plans:detail", pk=plan.pk)
    return _render_plan_form(
        request,
        form=form,
        goals=goals,
        supports=supports,
        person=person,
        mode="new",
        active=active,
    )


@capability_required(*PERSONAL)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.plan_page(user=request.user, pk=pk)
    plan = page.plan
    today = dates.today_local()
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "page": page,
            "today": today,
            "overdue": plan.is_active and plan.next_monitoring_on < today,
            "can_change": plan.is_active and may_change(request.user, plan),
            "change_needed": GoalResult.CHANGE_NEEDED,
        },
    )


def _plan_fields(form: PlanForm) -> dict:
    return dict(form.cleaned_data)


@capability_required(*PERSONAL)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_with_contents(user=request.user, pk=pk, audit=request.method != "POST")
    _require_change(request.user, plan)
    if not plan.is_active:
        messages.error(request, _("実施中の計画だけが変更できます。"))
        return redirect("plans:detail", pk=plan.pk)
    form = _plan_form(request, plan.person, initial=_plan_initial(plan))
    locking.add_lock_field(form, plan)
    conflict = None
    data = request.POST or None
    goals = goal_formset(data, goals=plan.goals.all())
    supports = service_formset(data, services=plan.services.all())
    if request.method == "POST" and _formsets_valid(form, goals, supports):
        goal_inputs, service_inputs = _inputs(goals, supports)
        version = locking.submitted_version(form)
        fields = _plan_fields(form)
        if fields["next_monitoring_on"] is None:
            fields.pop("next_monitoring_on")
        try:
            services.plan_update(
                actor=request.user,
                plan=plan,
                goals=goal_inputs,
                services=service_inputs,
                lock_version=version,
                **fields,
            )
        except ValidationError as error:
            _add_errors(form, error)
        except locking.EditConflict:
            plan.refresh_from_db()
            current = PlanForm(
                initial=_plan_initial(plan),
                staff_choices=form.fields["staff"].queryset,
                assessments=form.fields["assessment"].queryset,
            )
            conflict = locking.conflict_context(form, current, plan)
        else:
            messages.success(request, _("個別支援計画を更新しました。"))
            return redirect("plans:detail", pk=plan.pk)
    response = _render_plan_form(
        request,
        form=form,
        goals=goals,
        supports=supports,
        person=plan.person,
        mode="edit",
        plan=plan,
        conflict=conflict,
    )
    return response


def _plan_initial(plan) -> dict:
    return {
        "staff": plan.staff_id,
        "assessment": plan.assessment_id,
        "wished_life": plan.wished_life,
        "family_wishes": plan.family_wishes,
        "policy": plan.policy,
        "starts_on": plan.starts_on,
        "monitoring_interval": plan.monitoring_interval,
        "next_monitoring_on": plan.next_monitoring_on,
    }


@capability_required(*PERSONAL)
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """見直し: a new version, filled in from the current one; the current one is kept."""
    plan = selectors.plan_with_contents(user=request.user, pk=pk, audit=request.method != "POST")
    _require_change(request.user, plan)
    if not plan.is_active:
        messages.error(request, _("実施中の計画だけが見直せます。"))
        return redirect("plans:detail", pk=plan.pk)
    initial = {
        "staff": plan.staff_id,
        "assessment": plan.assessment_id,
        "wished_life": plan.wished_life,
        "family_wishes": plan.family_wishes,
        "policy": plan.policy,
        "starts_on": dates.today_local(),
        "monitoring_interval": plan.monitoring_interval,
    }
    form = _plan_form(request, plan.person, initial=initial)
    data = request.POST or None
    goals = goal_formset(data, goals=plan.goals.all(), keep_pk=False)
    supports = service_formset(data, services=plan.services.all(), keep_pk=False)
    if request.method == "POST" and _formsets_valid(form, goals, supports):
        goal_inputs, service_inputs = _inputs(goals, supports)
        try:
            new = services.plan_revise(
                actor=request.user,
                plan=plan,
                goals=goal_inputs,
                services=service_inputs,
                **_plan_fields(form),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("新しい版（第%(version)d版）を作成しました。前の版は見直し済みとして残ります。")
                % {"version": new.version},
            )
            return redirect("plans:detail", pk=new.pk)
    return _render_plan_form(
        request,
        form=form,
        goals=goals,
        supports=supports,
        person=plan.person,
        mode="revise",
        plan=plan,
    )


@capability_required(*PERSONAL)
def plan_end(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk, audit=request.method != "POST")
    _require_change(request.user, plan)
    if not plan.is_active:
        messages.error(request, _("実施中の計画だけが終了できます。"))
        return redirect("plans:detail", pk=plan.pk)
    form = PlanEndForm(request.POST or None, initial={"ended_on": dates.today_local()})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_end(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("計画を終了しました。"))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_end.html", {"plan": plan, "form": form})


@capability_required(*PERSONAL)
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_with_contents(user=request.user, pk=pk, audit=False)
    content = pdf.plan_pdf(plan)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target=plan,
        summary=f"format=pdf version={plan.version}",
    )
    response = HttpResponse(content, content_type=pdf.PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename(plan)}"'
    response["Cache-Control"] = "no-store"
    return response


@capability_required(*PERSONAL)
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plan_list(user=request.user)
    status = request.GET.get("status", PlanStatus.ACTIVE)
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    else:
        status = "all"
    mine = request.GET.get("mine") == "1"
    if mine:
        plans = plans.filter(staff=request.user)
    plans = plans.order_by("person__family_name_kana", "person__given_name_kana", "-version")
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    audit_list_view(request, target_type=plans.model, ids=(p.pk for p in page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plans/plan_list.html",
        {
            "page": page,
            "status": status,
            "statuses": [("all", _("すべて")), *PlanStatus.choices],
            "mine": mine,
            "query": query.urlencode(),
            "today": dates.today_local(),
        },
    )


# ---- monitoring -----------------------------------------------------------------------


@capability_required(*PERSONAL)
def monitoring_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_with_contents(user=request.user, pk=pk, audit=request.method != "POST")
    _require_change(request.user, plan)
    if not plan.is_active:
        messages.error(request, _("実施中の計画だけがモニタリングできます。"))
        return redirect("plans:detail", pk=plan.pk)
    data = request.POST or None
    form = MonitoringForm(data, interval_label=plan.get_monitoring_interval_display())
    reviews = [GoalReviewForm(data, goal=g) for g in plan.goals.all()]
    valid = form.is_valid()
    valid = all([r.is_valid() for r in reviews]) and valid
    if request.method == "POST" and valid:
        try:
            record = services.monitoring_record(
                actor=request.user,
                plan=plan,
                reviews=[
                    services.ReviewInput(
                        r.goal, r.cleaned_data["result"], r.cleaned_data["comment"]
                    )
                    for r in reviews
                ],
                staff=request.user,
                organization=request.user.organization,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if record.change_needed:
                messages.warning(
                    request,
                    _(
                        "モニタリングを記録しました。変更が必要な目標があります。計画を見直してください。"
                    ),
                )
            else:
                messages.success(request, _("モニタリングを記録しました。"))
            return redirect("plans:detail", pk=plan.pk)
    return render(
        request,
        "plans/monitoring_form.html",
        {"plan": plan, "form": form, "reviews": reviews, "today": dates.today_local()},
    )


@capability_required(*PERSONAL)
def monitoring_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.monitoring_get(user=request.user, pk=pk)
    return render(request, "plans/monitoring_detail.html", {"m": record})


def _usage_shown(request: HttpRequest, plans) -> list:
    """The サービス等利用計画 due, beside the 個別支援計画 (for those who may see them; none
    for provider staff): their own 閲覧 entry when any is shown."""
    if not user_can(request.user, usage_selectors.CAPABILITY):
        return []
    shown = list(plans[: selectors.LIST_LIMIT])
    if shown:
        audit_list_view(
            request, target_type=plans.model, ids=(p.pk for p in shown), label="usage_due"
        )
    return shown


@capability_required(*PERSONAL)
def due_list(request: HttpRequest) -> HttpResponse:
    """わたしのモニタリング: the user's active plans by next due date, overdue flagged."""
    mine = request.GET.get("all") != "1"
    plans = selectors.monitoring_due(user=request.user, mine_only=mine)
    today = dates.today_local()
    shown = list(plans[: selectors.LIST_LIMIT])
    for plan in shown:  # offer 記録する only where the user may record (issue 21)
        plan.may_record = may_change(request.user, plan)
    audit_list_view(request, target_type=plans.model, ids=(p.pk for p in shown))
    usage = _usage_shown(
        request, usage_selectors.usage_monitoring_due(user=request.user, mine_only=mine)
    )
    return render(
        request,
        "plans/due_list.html",
        {
            "plans": shown,
            "usage": usage,
            "counts": selectors.due_counts(plans, today),
            "mine": mine,
            "today": today,
            "soon_days": selectors.DUE_SOON_DAYS,
            "all_query": urlencode({"all": "1"}),
        },
    )


@capability_required(*PERSONAL)
def overdue_list(request: HttpRequest) -> HttpResponse:
    """Every overdue monitoring the user oversees; for 管理者, a table per worker too."""
    today = dates.today_local()
    plans = selectors.monitoring_overdue(user=request.user, today=today)
    by_staff = None
    if user_can(request.user, Capability.MANAGE_REGION):
        by_staff = selectors.overdue_by_staff(user=request.user, today=today)
    shown = list(plans[: selectors.LIST_LIMIT])
    audit_list_view(request, target_type=plans.model, ids=(p.pk for p in shown))
    for plan in shown:
        plan.days_overdue = days_overdue(plan.next_monitoring_on, today)
    usage = _usage_shown(request, usage_selectors.usage_overdue(user=request.user, today=today))
    return render(
        request,
        "plans/overdue_list.html",
        {
            "plans": shown,
            "usage": usage,
            "count": plans.count(),
            "today": today,
            "by_staff": by_staff,
            "soon_days": selectors.DUE_SOON_DAYS,
            "region_wide": user_can(request.user, Capability.PERSONAL_ALL),
        },
    )
