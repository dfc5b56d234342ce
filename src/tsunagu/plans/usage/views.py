"""Pages of the サービス等利用計画 (障害児支援利用計画), its steps 計画案 → 支給決定 → 本計画, the
モニタリング報告書, the 受給者証, and both PDFs. Only those who see every person of the region
(center staff, 管理者) reach them (capability PERSONAL_ALL; the selectors scope by region).
Every page that shows a plan or a report writes an 閲覧 entry; each PDF an 出力 entry."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.access import capability_required
from tsunagu.core.audit import audit_record
from tsunagu.core.forms import add_errors
from tsunagu.core.models import AuditAction
from tsunagu.people.models import Person
from tsunagu.people.selectors import person_get, person_get_live
from tsunagu.plans.usage import pdf, selectors, services
from tsunagu.plans.usage.forms import (
    CertificateForm,
    DecideForm,
    FinalizeForm,
    MonitoringForm,
    MonitoringItemForm,
    UsagePlanForm,
    item_formset,
    weekly_formset,
)
from tsunagu.plans.usage.models import PlanStage, UsagePlan, Weekday
from tsunagu.plans.usage.services import PLAN_FIELDS

CAP = selectors.CAPABILITY


def _person(request: HttpRequest, pk: int, *, audit: bool = False) -> Person:
    if request.method == "POST":  # a merged record is shown, but nothing is written on it
        return person_get_live(user=request.user, pk=pk, audit=audit)
    return person_get(user=request.user, pk=pk, audit=audit)


def _plan(request: HttpRequest, pk: int) -> UsagePlan:
    """The plan for a form: audited as a 閲覧 when the form is shown, not when posted (the
    write is audited)."""
    return selectors.usage_plan_get(user=request.user, pk=pk, audit=request.method != "POST")


@capability_required(CAP)
def usage_person(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=person_pk)
    context = selectors.person_usage(user=request.user, person=person)
    current = next((p for p in context["plans"] if p.is_current), None)
    return render(
        request,
        "plans/usage/person.html",
        {"person": person, "current": current, "today": dates.today_local(), **context},
    )


@capability_required(CAP)
def certificate_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person(request, person_pk)
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_create(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("受給者証を登録しました。"))
            return redirect("plans:usage_person", person_pk=person.pk)
    return render(request, "plans/usage/certificate_form.html", {"form": form, "person": person})


def _plan_inputs(items, weekly) -> tuple[list, list]:
    return (
        [i for i in (f.as_input() for f in items.forms) if i is not None],
        [w for w in (f.as_input() for f in weekly.forms) if w is not None],
    )


def _render_form(request, *, form, items, weekly, person, plan=None):
    return render(
        request,
        "plans/usage/plan_form.html",
        {"form": form, "items": items, "weekly": weekly, "person": person, "plan": plan},
    )


@capability_required(CAP)
def usage_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person(request, person_pk)
    age = person.age_on(dates.today_local())
    initial = {"written_on": dates.today_local(), "for_child": age is not None and age < 18}
    form = UsagePlanForm(request.POST or None, initial=initial)
    data = request.POST or None
    items, weekly = item_formset(data), weekly_formset(data)
    if request.method == "POST":
        valid = [form.is_valid(), items.is_valid(), weekly.is_valid()]
        if all(valid):
            item_inputs, weekly_inputs = _plan_inputs(items, weekly)
            try:
                plan = services.usage_plan_create(
                    actor=request.user,
                    person=person,
                    staff=request.user,
                    organization=request.user.organization,
                    items=item_inputs,
                    weekly=weekly_inputs,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("計画案を作成しました。"))
                return redirect("plans:usage_detail", pk=plan.pk)
    return _render_form(request, form=form, items=items, weekly=weekly, person=person)


@capability_required(CAP)
def usage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if plan.superseded or plan.stage != PlanStage.DRAFT:
        messages.error(request, _("変更できるのは支給決定前の計画案だけです。"))
        return redirect("plans:usage_detail", pk=plan.pk)
    initial = {f: getattr(plan, f) for f in PLAN_FIELDS}
    form = UsagePlanForm(request.POST or None, initial=initial)
    data = request.POST or None
    items = item_formset(data, items=plan.items.all())
    weekly = weekly_formset(data, weekly=plan.weekly.all())
    if request.method == "POST":
        valid = [form.is_valid(), items.is_valid(), weekly.is_valid()]
        if all(valid):
            item_inputs, weekly_inputs = _plan_inputs(items, weekly)
            try:
                services.usage_plan_update(
                    actor=request.user,
                    plan=plan,
                    items=item_inputs,
                    weekly=weekly_inputs,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("計画案を保存しました。"))
                return redirect("plans:usage_detail", pk=plan.pk)
    return _render_form(
        request, form=form, items=items, weekly=weekly, person=plan.person, plan=plan
    )


def week_grid(plan: UsagePlan) -> list[dict]:
    """The 週間計画表 as rows per hour (6時〜翌0時) and a cell per day: what starts in that hour."""
    rows = []
    boxes = list(plan.weekly.all())
    for hour in range(6, 24, 2):
        cells = []
        for day in Weekday.values:
            cells.append(
                [b for b in boxes if b.weekday == day and hour <= b.starts_at.hour < hour + 2]
            )
        rows.append({"hour": hour, "cells": cells})
    return rows


@capability_required(CAP)
def usage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.usage_plan_get(user=request.user, pk=pk)
    return render(
        request,
        "plans/usage/plan_detail.html",
        {
            "plan": plan,
            "versions": selectors.usage_plan_versions(user=request.user, plan=plan),
            "monitorings": list(plan.monitorings.select_related("staff")),
            "days": Weekday.choices,
            "grid": week_grid(plan),
            "today": dates.today_local(),
            "stages": PlanStage,
        },
    )


def _step(
    request, plan, *, form, title: str, button: str, explanation: str, certificate_link=False
) -> HttpResponse:
    return render(
        request,
        "plans/usage/step.html",
        {
            "plan": plan,
            "form": form,
            "title": title,
            "button": button,
            "explanation": explanation,
            "certificate_link": certificate_link,
        },
    )


@capability_required(CAP)
def usage_decide(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    certificates = selectors.certificate_list(user=request.user, person=plan.person)
    form = DecideForm(request.POST or None, certificates=certificates)
    if request.method == "POST" and form.is_valid():
        try:
            services.usage_plan_decide(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("支給決定を記録しました。次に本計画を作成します。"))
            return redirect("plans:usage_detail", pk=plan.pk)
    return _step(
        request,
        plan,
        form=form,
        title=_("支給決定を記録"),
        button=_("支給決定を記録する"),
        explanation=_(
            "市町村の支給決定と、交付された受給者証を記録します。受給者証がまだ一覧にないときは、先に登録してください。"
        ),
        certificate_link=True,
    )


@capability_required(CAP)
def usage_finalize(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = FinalizeForm(
        request.POST or None,
        initial={"written_on": dates.today_local(), "starts_on": dates.today_local()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.usage_plan_finalize(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("本計画（第%(version)d版）を作成しました。計画案は旧版として残ります。")
                % {"version": new.version},
            )
            return redirect("plans:usage_detail", pk=new.pk)
    return _step(
        request,
        plan,
        form=form,
        title=_("本計画を作成"),
        button=_("本計画を作成する"),
        explanation=_(
            "支給決定を受けた計画案の内容で本計画を作成し、本人の同意日を記録します。モニタリングは受給者証のモニタリング期間ごとに予定されます。"
        ),
    )


@capability_required(CAP)
def usage_revise(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = FinalizeForm(request.POST or None, initial={"written_on": dates.today_local()})
    for name in ("consented_on", "starts_on"):
        del form.fields[name]
    if request.method == "POST" and form.is_valid():
        try:
            new = services.usage_plan_revise(
                actor=request.user,
                plan=plan,
                staff=request.user,
                written_on=form.cleaned_data["written_on"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("見直しの計画案を作成しました。"))
            return redirect("plans:usage_edit", pk=new.pk)
    return _step(
        request,
        plan,
        form=form,
        title=_("計画を見直す"),
        button=_("見直しの計画案を作成する"),
        explanation=_(
            "この本計画の内容を引き継いで新しい計画案を作成します。この本計画は旧版として変更されずに残ります。"
        ),
    )


def _pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=pdf.PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@capability_required(CAP)
def usage_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.usage_plan_get(user=request.user, pk=pk, audit=False)
    content = pdf.plan_pdf(plan)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target=plan,
        summary=f"format=pdf stage={plan.stage} version={plan.version}",
    )
    return _pdf_response(content, pdf.plan_filename(plan))


@capability_required(CAP)
def usage_monitoring_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if plan.superseded or plan.stage != PlanStage.FINAL:
        messages.error(request, _("モニタリングできるのは現在の本計画だけです。"))
        return redirect("plans:usage_detail", pk=plan.pk)
    data = request.POST or None
    form = MonitoringForm(data, initial={"monitored_on": dates.today_local()})
    rows = [MonitoringItemForm(data, item=i) for i in plan.items.all()]
    if request.method == "POST":
        valid = [form.is_valid()] + [r.is_valid() for r in rows]
        if all(valid):
            try:
                record = services.usage_monitoring_record(
                    actor=request.user,
                    plan=plan,
                    staff=request.user,
                    items=[r.as_input() for r in rows],
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("モニタリング報告書を記録しました。"))
                return redirect("plans:usage_monitoring_detail", pk=record.pk)
    return render(
        request,
        "plans/usage/monitoring_form.html",
        {"plan": plan, "form": form, "rows": rows},
    )


@capability_required(CAP)
def usage_monitoring_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.usage_monitoring_get(user=request.user, pk=pk)
    return render(request, "plans/usage/monitoring_detail.html", {"m": record})


@capability_required(CAP)
def usage_monitoring_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.usage_monitoring_get(user=request.user, pk=pk, audit=False)
    content = pdf.monitoring_pdf(record)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target=record,
        summary=f"format=pdf plan={record.plan_id}",
    )
    return _pdf_response(content, pdf.monitoring_filename(record))
