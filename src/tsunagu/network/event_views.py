"""The organizer's pages of an event: registrants and attendance (personal data: the
organizing organization's staff and center staff only, every read audited), the check-in
list (print and PDF), the headcount, feedback; and the figures per 年度."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.core.access import capability_required
from tsunagu.core.audit import audit_record
from tsunagu.core.csvutil import csv_bytes
from tsunagu.core.dates import fiscal_year, fiscal_year_label, today_local
from tsunagu.core.models import AuditAction
from tsunagu.core.params import int_param
from tsunagu.core.roles import Capability
from tsunagu.network import documents, registration_services, selectors, services
from tsunagu.network.figures import event_figures, figure_rows
from tsunagu.network.forms import EventEditForm, HeadcountForm
from tsunagu.network.models import Event, RegistrationStatus


def _organizer_event(request: HttpRequest, pk: int) -> Event:
    event = selectors.event_get(user=request.user, pk=pk)
    if not selectors.can_see_registrants(user=request.user, event=event):
        raise Http404
    return event


@capability_required(Capability.NETWORK)
def registrations_page(request: HttpRequest, pk: int) -> HttpResponse:
    event = _organizer_event(request, pk)
    rows = list(selectors.registrations_get(user=request.user, event=event))
    return render(
        request,
        "network/registrations.html",
        {
            "event": event,
            "rows": rows,
            "headcount_form": HeadcountForm(initial={"participants": event.participants}),
            "confirmed": RegistrationStatus.CONFIRMED,
        },
    )


@capability_required(Capability.NETWORK)
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _organizer_event(request, pk)
    initial = {name: getattr(event, name) for name in registration_services.EDITABLE_FIELDS}
    form = EventEditForm(initial=initial)
    if request.method == "POST":
        form = EventEditForm(request.POST)
        if form.is_valid():
            promoted = registration_services.event_update(
                actor=request.user, event=event, **form.cleaned_data
            )
            messages.success(request, _("保存しました。"))
            if promoted:
                messages.info(
                    request,
                    _("キャンセル待ちの%(n)d件を繰り上げ、メールします。") % {"n": len(promoted)},
                )
            return redirect("network:event_detail", event.pk)
    return render(request, "network/event_edit.html", {"event": event, "form": form})


@require_POST
@capability_required(Capability.NETWORK)
def attendance(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _organizer_event(request, pk)
    registration = event.registrations.filter(
        pk=registration_pk, status=RegistrationStatus.CONFIRMED
    ).first()
    if registration is None:
        raise Http404
    registration_services.registration_attendance_set(
        actor=request.user, registration=registration, attended=request.POST.get("attended") == "1"
    )
    target = "network:checkin" if request.POST.get("from") == "checkin" else "network:registrations"
    return redirect(target, event.pk)


@require_POST
@capability_required(Capability.NETWORK)
def headcount(request: HttpRequest, pk: int) -> HttpResponse:
    event = _organizer_event(request, pk)
    form = HeadcountForm(request.POST)
    if form.is_valid():
        services.event_participants_set(
            actor=request.user, event=event, participants=form.cleaned_data["participants"]
        )
        messages.success(request, _("参加者数を保存しました。"))
    else:
        messages.error(request, _("参加者数は0以上の整数で入力してください。"))
    return redirect("network:registrations", event.pk)


def _checkin_rows(request: HttpRequest, event: Event, purpose: str) -> list:
    return list(
        selectors.registrations_get(user=request.user, event=event, purpose=purpose).filter(
            status=RegistrationStatus.CONFIRMED
        )
    )


@capability_required(Capability.NETWORK)
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    event = _organizer_event(request, pk)
    return render(
        request,
        "network/checkin.html",
        {"event": event, "rows": _checkin_rows(request, event, "checkin")},
    )


@capability_required(Capability.NETWORK)
def checkin_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    event = _organizer_event(request, pk)
    rows = _checkin_rows(request, event, "checkin pdf")
    audit_record(actor=request.user, action=AuditAction.EXPORT, target=event, summary="checkin pdf")
    response = HttpResponse(documents.checkin_pdf(event, rows), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="checkin-{event.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@capability_required(Capability.NETWORK)
def feedback_request(request: HttpRequest, pk: int) -> HttpResponse:
    event = _organizer_event(request, pk)
    count = registration_services.feedback_request_send(actor=request.user, event=event)
    messages.success(request, _("ふりかえりのお願いを%(n)d人に送ります。") % {"n": count})
    return redirect("network:registrations", event.pk)


@capability_required(Capability.NETWORK)
def feedback_summary(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    return render(
        request,
        "network/feedback_summary.html",
        {"event": event, "summary": selectors.feedback_summary(event)},
    )


def _year(request: HttpRequest) -> int:
    year = int_param(request.GET.get("year"), low=2000, high=2100)
    return fiscal_year(today_local()) if year is None else year


@capability_required(Capability.NETWORK)
def figures(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    data = event_figures(region=request.user.region, year=year)
    return render(
        request,
        "network/figures.html",
        {
            "figures": data,
            "years": [(y, fiscal_year_label(y)) for y in range(year + 1, year - 6, -1)],
            "year": year,
        },
    )


@capability_required(Capability.NETWORK)
def figures_csv(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    rows = figure_rows(event_figures(region=request.user.region, year=year))
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target_type="network.figures",
        target_id=year,
        summary=f"event figures csv {year}",
    )
    response = HttpResponse(csv_bytes(rows[0], rows[1:]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="events-{year}.csv"'
    return response


@capability_required(Capability.NETWORK)
def figures_xlsx(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    data = event_figures(region=request.user.region, year=year)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target_type="network.figures",
        target_id=year,
        summary=f"event figures xlsx {year}",
    )
    response = HttpResponse(
        documents.figures_xlsx(data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="events-{year}.xlsx"'
    return response
