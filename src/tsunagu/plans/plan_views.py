"""Pages of one support plan: its forms (new, edit, revise, end), the plan with its versions,
the printable PDF, and the list of plans.

Who may change a plan: see ``selectors.may_change`` (others who may see it get 403)."""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.core import dates, locking
from tsunagu.core.access import capability_required
from tsunagu.core.audit import audit_list_view
from tsunagu.core.forms import add_errors
from tsunagu.core.params import id_param
from tsunagu.core.roles import Capability
from tsunagu.people.models import Person
from tsunagu.people.selectors import person_get_live, staff_choices
from tsunagu.plans import pdf, selectors, services
from tsunagu.plans.forms import (
    PlanEndForm,
    PlanForm,
    goal_formset,
    service_formset,
)
from tsunagu.plans.models import GoalResult, PlanStatus

PERSONAL = (Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)
PAGE_SIZE = 50


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
    person = person_get_live(user=request.user, pk=person_pk)
    initial = {"staff": request.user.pk, "starts_on": dates.today_local()}
    assessment_id = id_param(request.GET.get("assessment"))
    if assessment_id is not None:
        initial["assessment"] = assessment_id
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
            add_errors(form, error)
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
            "can_change": plan.is_active and selectors.may_change(user=request.user, record=plan),
            "change_needed": GoalResult.CHANGE_NEEDED,
        },
    )


def _plan_fields(form: PlanForm) -> dict:
    return dict(form.cleaned_data)


@capability_required(*PERSONAL)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_with_contents(user=request.user, pk=pk, audit=request.method != "POST")
    selectors.require_change(user=request.user, record=plan)
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
            add_errors(form, error)
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
    selectors.require_change(user=request.user, record=plan)
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
            add_errors(form, error)
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
    selectors.require_change(user=request.user, record=plan)
    if not plan.is_active:
        messages.error(request, _("実施中の計画だけが終了できます。"))
        return redirect("plans:detail", pk=plan.pk)
    form = PlanEndForm(request.POST or None, initial={"ended_on": dates.today_local()})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_end(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("計画を終了しました。"))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_end.html", {"plan": plan, "form": form})


@capability_required(*PERSONAL)
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_with_contents(user=request.user, pk=pk, audit=False)
    content = services.plan_pdf_export(actor=request.user, plan=plan)
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
