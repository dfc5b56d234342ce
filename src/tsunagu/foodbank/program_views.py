"""ちいき食堂 sessions, the appliance bank (家電バンク) and the yearly figures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.access import capability_required, user_can
from tsunagu.core.audit import audit_record
from tsunagu.core.files import stored_file_response
from tsunagu.core.forms import add_errors
from tsunagu.core.models import AuditAction
from tsunagu.core.params import int_param
from tsunagu.core.roles import Capability
from tsunagu.foodbank import appliance_services, selectors, services
from tsunagu.foodbank import figures as figures_module
from tsunagu.foodbank.forms import (
    ApplianceAdvanceForm,
    ApplianceForm,
    ApplianceRequestForm,
    CafeteriaSessionForm,
    FiguresForm,
    PickForm,
)
from tsunagu.foodbank.models import MovementKind
from tsunagu.foodbank.views import FOOD, PAGE_SIZE

# ---- cafeteria ---------------------------------------------------------------------------


@capability_required(FOOD)
def cafeteria_list(request: HttpRequest) -> HttpResponse:
    form = CafeteriaSessionForm(request.POST or None, region=request.user.region)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.cafeteria_session_record(
                actor=request.user, region=request.user.region, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("ちいき食堂の回を記録しました。"))
            return redirect("foodbank:cafeteria_detail", pk=session.pk)
    page = Paginator(selectors.cafeteria_session_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "foodbank/cafeteria_list.html", {"page": page, "form": form})


@capability_required(FOOD)
def cafeteria_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.cafeteria_session_get(user=request.user, pk=pk)
    form = PickForm(request.POST or None, names=selectors.item_names(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.stock_pick(
                actor=request.user, region=request.user.region, name=form.cleaned_data["name"],
                quantity=form.cleaned_data["quantity"], kind=MovementKind.CAFETERIA,
                on=session.held_on, session=session,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("使った食品を記録しました。"))
            return redirect("foodbank:cafeteria_detail", pk=session.pk)
    return render(request, "foodbank/cafeteria_detail.html", {
        "session": session, "form": form,
        "movements": session.movements.select_related("lot").order_by("pk"),
    })


# ---- appliances --------------------------------------------------------------------------


@capability_required(FOOD)
def appliance_list(request: HttpRequest) -> HttpResponse:
    request_form = ApplianceRequestForm(request.POST or None)
    if request.method == "POST" and request_form.is_valid():
        data = request_form.cleaned_data
        household = selectors.household_by_number(user=request.user, number=data["number"])
        if household is None:
            request_form.add_error("number", _("この受付番号の世帯はありません。"))
        else:
            appliance_services.appliance_request_create(
                actor=request.user, region=request.user.region, household=household,
                kind=data["kind"], requested_on=data["requested_on"],
            )
            messages.success(request, _("家電の依頼を登録しました。"))
            return redirect("foodbank:appliance_list")
    page = Paginator(selectors.appliance_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "foodbank/appliance_list.html", {
        "page": page, "request_form": request_form,
        "requests": selectors.appliance_request_open(user=request.user)[:100],
    })


@capability_required(FOOD)
def appliance_new(request: HttpRequest) -> HttpResponse:
    form = ApplianceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            appliance = appliance_services.appliance_register(
                actor=request.user, region=request.user.region, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("家電を登録しました。"))
            return redirect("foodbank:appliance_detail", pk=appliance.pk)
    return render(request, "foodbank/appliance_form.html", {"form": form})


@capability_required(FOOD)
def appliance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appliance = selectors.appliance_get(user=request.user, pk=pk)
    form = ApplianceAdvanceForm(
        request.POST or None, requests=selectors.appliance_request_open(user=request.user),
        allowed=appliance_services.appliance_next_statuses(appliance),
    )
    if request.method == "POST" and form.is_valid():
        try:
            appliance_services.appliance_advance(
                actor=request.user, appliance=appliance, status=form.cleaned_data["status"],
                request=form.cleaned_data["request"], on=form.cleaned_data["on"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("家電の状況を更新しました。"))
            return redirect("foodbank:appliance_detail", pk=appliance.pk)
    return render(request, "foodbank/appliance_detail.html",
                  {"appliance": appliance, "form": form})


@capability_required(FOOD)
def appliance_photo(request: HttpRequest, pk: int) -> HttpResponse:
    appliance = selectors.appliance_get(user=request.user, pk=pk)
    if not appliance.photo:
        raise Http404
    suffix = appliance.photo.name.rsplit(".", 1)[-1].lower()
    return stored_file_response(
        request, appliance.photo, record=appliance, as_attachment=False,
        content_type="image/png" if suffix == "png" else "image/jpeg",
    )


# ---- figures -----------------------------------------------------------------------------

FIGURES = (Capability.FOODBANK, Capability.AGGREGATES)
MIN_YEAR, MAX_YEAR = 2000, 2100


def _figures(request: HttpRequest) -> tuple[FiguresForm, dict | None]:
    current = dates.fiscal_year(dates.today_local())
    years = list(range(current, current - 6, -1))
    asked = int_param(request.GET.get("year"), low=MIN_YEAR, high=MAX_YEAR)
    if asked is not None and asked not in years:
        years = sorted([*years, asked], reverse=True)
    form = FiguresForm(request.GET if "year" in request.GET else None, years=years,
                       initial={"year": current})
    if form.is_bound and not form.is_valid():
        return form, None
    year = form.cleaned_data["year"] if form.is_bound else current
    data = figures_module.foodbank_figures(region_id=request.user.region_id, fiscal_year=year)
    if not user_can(request.user, Capability.FOODBANK):
        # 協議会事務局・市町村: small counts of households and people per municipality hidden
        data = figures_module.suppress(data)
    return form, data


@capability_required(*FIGURES)
def figures(request: HttpRequest) -> HttpResponse:
    form, data = _figures(request)
    return render(request, "foodbank/figures.html", {
        "form": form, "figures": data, "status": 200,
        "query": f"year={data['fiscal_year']}" if data else "",
    }, status=200 if data or not form.is_bound else 400)


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    form, data = _figures(request)
    if data is None:
        return HttpResponse(_("年度の指定が正しくありません。"), status=400,
                            content_type="text/plain; charset=utf-8")
    if kind == "xlsx":
        content = figures_module.figures_xlsx(data, region_name=request.user.region.name)
        content_type = figures_module.XLSX_TYPE
    else:
        cp932 = request.GET.get("encoding", "").lower() == "cp932"
        content = figures_module.figures_csv(data, cp932=cp932)
        content_type = f"text/csv; charset={'cp932' if cp932 else 'utf-8'}"
    audit_record(actor=request.user, action=AuditAction.EXPORT,
                 target_type="foodbank.figures", summary=f"fy={data['fiscal_year']} {kind}")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{figures_module.filename(data, kind)}"'
    )
    return response


@capability_required(*FIGURES)
def figures_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@capability_required(*FIGURES)
def figures_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")

