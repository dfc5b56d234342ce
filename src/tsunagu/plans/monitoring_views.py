"""Pages of monitoring: recording one against a plan, the record, and the monitoring due lists
(わたしのモニタリング, overdue)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.access import capability_required, user_can
from tsunagu.core.audit import audit_list_view
from tsunagu.core.forms import add_errors
from tsunagu.core.roles import Capability
from tsunagu.plans import selectors, services
from tsunagu.plans.forms import (
    GoalReviewForm,
    MonitoringForm,
)
from tsunagu.plans.schedule import days_overdue
from tsunagu.plans.usage import selectors as usage_selectors

PERSONAL = (Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)


# ---- monitoring -----------------------------------------------------------------------


@capability_required(*PERSONAL)
def monitoring_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_with_contents(user=request.user, pk=pk, audit=request.method != "POST")
    selectors.require_change(user=request.user, record=plan)
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
            add_errors(form, error)
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
        plan.may_record = selectors.may_change(user=request.user, record=plan)
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
