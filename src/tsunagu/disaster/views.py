"""Pages of 発災時: the disaster dashboard, switching disaster mode on and off, the
organizations' status reports, past activations with their summary.

The safety checks and the disaster list are in check_views.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.core.access import capability_required, scope_region, user_can
from tsunagu.core.figures import SUPPRESSION_NOTE, sees_full_figures
from tsunagu.core.models import Organization
from tsunagu.core.roles import Capability
from tsunagu.disaster import selectors, services
from tsunagu.disaster.forms import (
    ActivationForm,
    DeactivationForm,
    StaffStatusReportForm,
    StatusReportForm,
)
from tsunagu.disaster.models import SafetyStatus
from tsunagu.disaster.priority import FACTORS
from tsunagu.people.forms import add_service_errors

PERSONAL = (Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)


def _personal(user) -> bool:
    return any(user_can(user, cap) for cap in PERSONAL)


@capability_required(Capability.NETWORK)
def home(request: HttpRequest) -> HttpResponse:
    """The disaster dashboard: while disaster mode is on, what each role may see of it;
    otherwise the way to switch it on and the past activations."""
    user = request.user
    active = selectors.active_activation(user.region_id)
    context: dict = {
        "active": active,
        "personal": _personal(user),
        "statuses": SafetyStatus.choices,
        "past": selectors.activation_list(user=user).filter(ended_at__isnull=False)[:5],
        "suppression_note": SUPPRESSION_NOTE,
        "suppressed": not sees_full_figures(user),
    }
    if active is not None:
        context["progress"] = selectors.progress_for(user=user, activation=active)
        context["reports"] = selectors.report_list(activation=active)
        context["report_counts"] = selectors.report_counts(activation=active)
        context["my_report"] = selectors.report_of(
            activation=active, organization=user.organization
        )
        if context["personal"]:
            mine = selectors.check_list(user=user, activation=active, assigned_to=user)
            context["my_open"] = mine.filter(status=SafetyStatus.UNCONFIRMED).count()
            context["my_total"] = mine.count()
    return render(request, "disaster/home.html", context)


@capability_required(Capability.MANAGE_REGION)
def activate(request: HttpRequest) -> HttpResponse:
    """Switch the region into disaster mode (confirm step)."""
    if selectors.active_activation(request.user.region_id) is not None:
        messages.info(request, _("すでに災害モードです。"))
        return redirect("disaster:home")
    posted = request.method == "POST"
    form = ActivationForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            services.activation_start(
                actor=request.user,
                region=request.user.region,
                title=form.cleaned_data["title"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("災害モードを開始しました。職員と会員に通知を送っています。")
            )
            return redirect("disaster:home")
    return render(
        request,
        "disaster/activate.html",
        {"form": form, "factors": [(str(label), points) for points, label in FACTORS.values()]},
        status=400 if posted else 200,
    )


@capability_required(Capability.MANAGE_REGION)
def deactivate(request: HttpRequest) -> HttpResponse:
    active = selectors.active_activation(request.user.region_id)
    if active is None:
        messages.info(request, _("災害モードではありません。"))
        return redirect("disaster:home")
    posted = request.method == "POST"
    form = DeactivationForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            services.activation_end(actor=request.user, activation=active)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("災害モードを終了しました。まとめを確認できます。"))
            return redirect("disaster:summary", pk=active.pk)
    return render(
        request,
        "disaster/deactivate.html",
        {"form": form, "active": active, "statuses": SafetyStatus.choices,
         "progress": selectors.progress_for(user=request.user, activation=active),
         "suppressed": not sees_full_figures(request.user),
         "suppression_note": SUPPRESSION_NOTE},
        status=400 if posted else 200,
    )


def _report_args(data: dict) -> dict:
    return {
        name: data[name]
        for name in ("damage", "open_status", "acceptance", "supplies_needed", "reachable_by",
                     "note")
    }


@capability_required(Capability.NETWORK)
def report(request: HttpRequest) -> HttpResponse:
    """The user's own organization reports its status (mobile first)."""
    user = request.user
    active = selectors.active_activation(user.region_id)
    organization = user.organization
    existing = (
        selectors.report_of(activation=active, organization=organization) if active else None
    )
    posted = request.method == "POST"
    initial = {}
    if existing is not None:
        initial = {
            "damage": existing.damage, "open_status": existing.open_status,
            "acceptance": existing.acceptance, "supplies_needed": existing.supplies_needed,
            "reachable_by": existing.reach_codes(), "note": existing.note,
        }  # fmt: skip
    form = StatusReportForm(request.POST if posted else None, initial=initial)
    if posted and active is not None and organization is not None and form.is_valid():
        try:
            services.status_report_save(
                actor=user, activation=active, organization=organization,
                **_report_args(form.cleaned_data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("状況を報告しました。ありがとうございます。"))
            return redirect("disaster:home")
    return render(
        request,
        "disaster/report.html",
        {"form": form, "active": active, "organization": organization, "existing": existing},
        status=400 if posted else 200,
    )


@capability_required(Capability.DIRECTORY_EDIT)
def report_entry(request: HttpRequest) -> HttpResponse:
    """Staff enter an organization's status received by phone or FAX."""
    active = selectors.active_activation(request.user.region_id)
    organizations = scope_region(Organization.objects.all(), request.user).order_by(
        "kind", "kana", "name"
    )
    posted = request.method == "POST"
    form = StaffStatusReportForm(request.POST if posted else None, organizations=organizations)
    if posted and active is not None and form.is_valid():
        try:
            saved = services.status_report_save(
                actor=request.user, activation=active,
                organization=form.cleaned_data["organization"],
                channel=form.cleaned_data["channel"], **_report_args(form.cleaned_data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(organization)sの状況を記録しました。") % {"organization": saved.organization},
            )
            return redirect("disaster:report_entry")
    return render(
        request,
        "disaster/report_entry.html",
        {"form": form, "active": active},
        status=400 if posted else 200,
    )


@capability_required(Capability.NETWORK)
def activation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "disaster/activation_list.html",
        {"activations": selectors.activation_list(user=request.user)},
    )


@capability_required(Capability.NETWORK)
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    """What happened in one activation: counts by status and 市町村, time to first contact,
    the organizations' reports."""
    activation = selectors.activation_get(user=request.user, pk=pk)
    return render(
        request,
        "disaster/summary.html",
        {
            "activation": activation,
            "summary": selectors.summary_for(user=request.user, activation=activation),
            "statuses": SafetyStatus.choices,
            "personal": _personal(request.user),
            "suppression_note": SUPPRESSION_NOTE,
            "suppressed": not sees_full_figures(request.user),
        },
    )
