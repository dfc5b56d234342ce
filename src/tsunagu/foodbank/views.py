"""Pages of the food bank: donations and stock. Households, deliveries and the pantry are in
giving_views.py; the cafeteria, the appliance bank and the figures in program_views.py.

Capability.FOODBANK (管理者, センター相談員, 会員) reaches them; none of these pages shows a
name or contact of a household."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.core import dates
from tsunagu.core.access import capability_required
from tsunagu.core.audit import audit_record
from tsunagu.core.forms import add_errors
from tsunagu.core.models import AuditAction
from tsunagu.core.params import int_param
from tsunagu.core.roles import Capability
from tsunagu.foodbank import pdf, selectors, services
from tsunagu.foodbank.forms import CountForm, DonationForm, LotFormSet, WasteForm

FOOD = Capability.FOODBANK
PAGE_SIZE = 50


def soon_days(request: HttpRequest) -> int:
    days = int_param(request.GET.get("days"), low=1, high=365)
    return selectors.DEFAULT_SOON_DAYS if days is None else days


@capability_required(FOOD)
def home(request: HttpRequest) -> HttpResponse:
    today = dates.today_local()
    user = request.user
    return render(request, "foodbank/home.html", {
        "soon": selectors.lots_expiring(user=user, today=today)[:10],
        "soon_days": selectors.DEFAULT_SOON_DAYS,
        "expired_count": selectors.lots_expired(user=user, today=today).count(),
        "events": selectors.pantry_event_list(user=user)[:5],
    })


@capability_required(FOOD)
def donation_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.donation_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "foodbank/donation_list.html", {"page": page})


@capability_required(FOOD)
def donation_new(request: HttpRequest) -> HttpResponse:
    form = DonationForm(request.POST or None)
    formset = LotFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        items = [
            services.LotInput(
                name=f["name"], category=f["category"], unit=f["unit"],
                quantity=f["quantity"], expiry_kind=f["expiry_kind"],
                expiry_date=f["expiry_date"], unit_weight_kg=f["unit_weight_kg"],
                storage_place=f["storage_place"],
            )
            for f in formset.cleaned_data
            if f.get("name")
        ]
        try:
            donation = services.donation_record(
                actor=request.user, region=request.user.region,
                received_on=form.cleaned_data["received_on"],
                donor_kind=form.cleaned_data["donor_kind"],
                donor_name=form.cleaned_data["donor_name"],
                note=form.cleaned_data["note"], items=items,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("寄付を記録しました。"))
            return redirect("foodbank:donation_detail", pk=donation.pk)
    places = (
        selectors.lot_list(user=request.user).order_by().values_list("storage_place", flat=True)
        .distinct().order_by("storage_place")
    )
    return render(request, "foodbank/donation_form.html",
                  {"form": form, "formset": formset, "places": list(places)})


@capability_required(FOOD)
def donation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    donation = selectors.donation_get(user=request.user, pk=pk)
    return render(request, "foodbank/donation_detail.html", {"donation": donation})


@capability_required(FOOD)
def donation_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    donation = selectors.donation_get(user=request.user, pk=pk)
    content = pdf.receipt_pdf(donation, region_name=request.user.region.name)
    audit_record(actor=request.user, action=AuditAction.EXPORT, target=donation,
                 summary="receipt pdf")
    response = HttpResponse(content, content_type=pdf.PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename(donation)}"'
    return response


@capability_required(FOOD)
def stock(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = dates.today_local()
    days = soon_days(request)
    page = Paginator(selectors.lot_list(user=user).select_related("donation"), PAGE_SIZE)\
        .get_page(request.GET.get("page"))
    return render(request, "foodbank/stock.html", {
        "page": page,
        "today": today,
        "days": days,
        "soon": list(selectors.lots_expiring(user=user, today=today, days=days)[:100]),
        "expired": list(selectors.lots_expired(user=user, today=today)[:100]),
        "by_place": selectors.stock_by_place(user=user),
    })


@capability_required(FOOD)
def lot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lot = selectors.lot_get(user=request.user, pk=pk)
    return _lot_page(request, lot, WasteForm(), CountForm(initial={"counted": lot.quantity}))


def _lot_page(request, lot, waste_form, count_form, status=200) -> HttpResponse:
    return render(request, "foodbank/lot_detail.html", {
        "lot": lot, "waste_form": waste_form, "count_form": count_form,
        "movements": lot.movements.select_related("created_by").order_by("-pk")[:200],
    }, status=status)


@capability_required(FOOD)
@require_POST
def lot_waste(request: HttpRequest, pk: int) -> HttpResponse:
    lot = selectors.lot_get(user=request.user, pk=pk)
    form = WasteForm(request.POST)
    if form.is_valid():
        try:
            services.stock_waste(
                actor=request.user, region=request.user.region, lot_id=lot.pk,
                quantity=form.cleaned_data["quantity"], reason=form.cleaned_data["reason"],
                on=dates.today_local(), note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("廃棄を記録しました。"))
            return redirect("foodbank:lot_detail", pk=lot.pk)
    lot.refresh_from_db()
    return _lot_page(request, lot, form, CountForm(initial={"counted": lot.quantity}), 400)


@capability_required(FOOD)
@require_POST
def lot_count(request: HttpRequest, pk: int) -> HttpResponse:
    lot = selectors.lot_get(user=request.user, pk=pk)
    form = CountForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                movement = services.stock_count(
                    actor=request.user, region=request.user.region, lot_id=lot.pk,
                    counted=form.cleaned_data["counted"], on=dates.today_local(),
                    note=form.cleaned_data["note"],
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if movement is None:
                messages.success(request, _("在庫数は記録どおりでした。"))
            else:
                messages.success(request, _("棚卸の結果を記録しました。"))
            return redirect("foodbank:lot_detail", pk=lot.pk)
    return _lot_page(request, lot, WasteForm(), form, 400)


@capability_required(FOOD)
def movement_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.movement_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "foodbank/movement_list.html", {"page": page})
