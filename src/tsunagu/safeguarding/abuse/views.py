"""Abuse-report pages (虐待通報): list, intake, the case, its reporter (§8), the next step,
the handover, linking the person, who is on duty, and the yearly figures.

Only Capability.SAFEGUARDING (管理者, センター相談員; two factors) reaches any of them;
objects of another region are 404. Reads go through abuse.selectors (audited), writes
through abuse.services (audited)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tsunagu.core import dates
from tsunagu.core.access import capability_required, scope_personal, user_can
from tsunagu.core.audit import audit_list_view, audit_record
from tsunagu.core.forms import add_errors
from tsunagu.core.models import AuditAction
from tsunagu.core.params import int_param
from tsunagu.core.roles import Capability
from tsunagu.people.models import Person
from tsunagu.people.selectors import person_list
from tsunagu.safeguarding.abuse import figures as figures_module
from tsunagu.safeguarding.abuse import pdf as abuse_pdf
from tsunagu.safeguarding.abuse import selectors, services
from tsunagu.safeguarding.abuse.forms import (
    AbuseAdvanceForm,
    AbuseHandoverForm,
    AbuseIntakeForm,
    AbuseRoutingForm,
    FiguresForm,
    OnDutyForm,
    PersonSearchForm,
)
from tsunagu.safeguarding.abuse.survey import abuse_survey_figures
from tsunagu.safeguarding.models import AbuseReport, Routing

SAFE = Capability.SAFEGUARDING
# The municipality's officers: the cases of their own municipality (scoped in the selectors),
# and the acts that are theirs — receive, record the steps, decide. Linking a person record,
# the center's night handover, on-duty and the region's figures stay with the center.
MUNI = Capability.MUNICIPAL_ABUSE
PAGE_SIZE = 50
STATES = ("open", "overdue", "due", "closed", "all")
ON_DUTY_DAYS = 35
MIN_YEAR, MAX_YEAR = 2000, 2100


def _detail_form_posted(
    request: HttpRequest,
    report: AbuseReport,
    form: Any,
    *,
    form_name: str,
    save: Callable[[dict], Any],
    success: str,
) -> HttpResponse:
    """A form posted from the report's page: ``save(cleaned_data)`` (a service) and back to
    the page with ``success``; or the page again (400) with the form's errors, a 閲覧 of the
    report (it was fetched without one: the write is audited)."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("safeguarding:abuse_detail", pk=report.pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=report)
    return render(
        request,
        "safeguarding/abuse_detail.html",
        _detail_context(request, report, **{form_name: form}),
        status=400,
    )


def _visible_person(request: HttpRequest, pk) -> Person | None:
    if pk in (None, ""):
        return None
    try:
        return scope_personal(Person.objects.all(), request.user).get(pk=int(pk))
    except (Person.DoesNotExist, ValueError, TypeError):
        return None


# ---- list and intake ---------------------------------------------------------------------


@capability_required(SAFE, MUNI)
def abuse_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    state = request.GET.get("state", "open")
    if state not in STATES:
        state = "open"
    year = int_param(request.GET.get("year"), low=MIN_YEAR, high=MAX_YEAR)
    reports = selectors.abuse_report_filter(
        selectors.abuse_report_list(user=user), state="" if state == "all" else state, year=year
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.abuse_list_viewed(user=user, reports=list(page))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "safeguarding/abuse_list.html",
        {
            "page": page,
            "state": state,
            "states": [
                ("open", _("対応中")),
                ("overdue", _("安全確認の期限超過")),
                ("due", _("安全確認の期限が24時間以内")),
                ("closed", _("終結")),
                ("all", _("すべて")),
            ],
            "year": year,
            "years": [(y, dates.fiscal_year_label(y)) for y in selectors.abuse_report_years(user=user)],
            "overdue_count": selectors.abuse_overdue_count(user=user),
            "query": query.urlencode(),
        },
    )


@capability_required(SAFE, MUNI)
def abuse_new(request: HttpRequest) -> HttpResponse:
    region = request.user.region
    initial = AbuseIntakeForm.default_initial()
    person = _visible_person(request, request.GET.get("person"))
    if person is not None:
        initial.update(person=person.pk, municipality=person.municipality_id)
    own = None if user_can(request.user, SAFE) else request.user.municipality
    if own is None and not user_can(request.user, SAFE):
        raise PermissionDenied
    if own is not None:
        initial["municipality"] = own.pk
    form = AbuseIntakeForm(request.POST or None, region=region, municipality=own, initial=initial)
    if request.method == "POST":
        person = _visible_person(request, form.data.get("person"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.abuse_report_receive(
                    actor=request.user,
                    region=region,
                    received_at=data["received_at"],
                    channel=data["channel"],
                    reporter_kind=data["reporter_kind"],
                    reporter_name=data["reporter_name"],
                    reporter_contact=data["reporter_contact"],
                    person=person,
                    person_description=data["person_description"],
                    municipality=data["municipality"],
                    abuser_category=data["abuser_category"],
                    abuser_relationship=data["abuser_relationship"],
                    types=data["types"],
                    urgency=data["urgency"],
                    observed=data["observed"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("虐待通報を受け付けました（受付番号 %(id)s・%(routing)s）。")
                    % {"id": report.pk, "routing": report.get_routing_display()},
                )
                return redirect("safeguarding:abuse_detail", pk=report.pk)
    # The routing the time entered (or now) gives, shown before saving.
    moment = form.cleaned_data.get("received_at") if form.is_bound else initial["received_at"]
    return render(
        request,
        "safeguarding/abuse_form.html",
        {
            "form": form,
            "person": person,
            "routing": services.routing_for(moment) if moment else None,
            "office_hours": services.office_hours(),
            "safety_hours": settings.ABUSE_SAFETY_HOURS,
        },
    )


# ---- one case ----------------------------------------------------------------------------


def _detail_context(request: HttpRequest, report: AbuseReport, **forms) -> dict:
    steps = selectors.abuse_report_steps(report)
    options = services.next_statuses(report)
    return {
        "report": report,
        "steps": steps,
        "flow": selectors.abuse_flow(report, steps),
        "safety": selectors.abuse_safety_state(report),
        "types": [label for name, label in services.type_choices() if getattr(report, name)],
        "center": user_can(request.user, SAFE),
        "needs_handover": report.routing == Routing.CENTER and report.handed_over_at is None,
        "advance_form": forms.get("advance_form")
        or (AbuseAdvanceForm(report=report, options=options) if options else None),
        "handover_form": forms.get("handover_form") or AbuseHandoverForm(),
        **_routing_context(report, forms.get("routing_form")),
    }


def _routing_context(report: AbuseReport, form: AbuseRoutingForm | None) -> dict:
    """The 都道府県・労働局 section: only for a case by 施設従事者等 or 使用者."""
    destinations = services.routing_destinations(report)
    if not destinations:
        return {"routing_destinations": ()}
    return {
        "routing_destinations": destinations,
        "routings": list(report.routings.select_related("sent_by")),
        "routing_form": form or AbuseRoutingForm(destinations=destinations),
    }


def _pdf_response(request: HttpRequest, content: bytes, *, target, kind: str) -> HttpResponse:
    audit_record(actor=request.user, action=AuditAction.EXPORT, target=target,
                 summary=f"sheet={kind} format=pdf")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{abuse_pdf.filename(kind, target.pk)}"'
    )
    response["Cache-Control"] = "no-store"
    return response


@capability_required(SAFE, MUNI)
@require_POST
def abuse_route(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a report of the case to the 都道府県 or the 労働局."""
    report = selectors.abuse_report_get(user=request.user, pk=pk, audit=False)
    destinations = services.routing_destinations(report)
    if not destinations:
        raise Http404
    form = AbuseRoutingForm(request.POST, destinations=destinations)
    return _detail_form_posted(
        request,
        report,
        form,
        form_name="routing_form",
        save=lambda data: services.abuse_report_route(actor=request.user, report=report, **data),
        success=_("報告を記録しました。報告書を印刷できます。"),
    )


@never_cache
@capability_required(SAFE, MUNI)
def abuse_routing_pdf(request: HttpRequest, pk: int, routing_pk: int) -> HttpResponse:
    report = selectors.abuse_report_get(user=request.user, pk=pk, audit=False)
    routing = get_object_or_404(report.routings.all(), pk=routing_pk)
    routing.report = report
    content = abuse_pdf.routing_sheet(routing, user=request.user)
    return _pdf_response(request, content, target=report, kind=f"routing-{routing.pk}")


@never_cache
@capability_required(SAFE, MUNI)
def abuse_intake_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """虐待通報受付票 (A4, for the FAX)."""
    report = selectors.abuse_report_get(user=request.user, pk=pk, audit=False)
    content = abuse_pdf.intake_sheet(report, user=request.user)
    return _pdf_response(request, content, target=report, kind="intake")


@never_cache
@capability_required(SAFE, MUNI)
def abuse_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.abuse_report_get(user=request.user, pk=pk)
    return render(request, "safeguarding/abuse_detail.html", _detail_context(request, report))


@never_cache
@capability_required(SAFE, MUNI)
def abuse_reporter(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: a page with the button 「通報者を表示」; POST: the identity, audited on its own."""
    report = selectors.abuse_report_get(user=request.user, pk=pk, audit=request.method != "POST")
    identity = None
    if request.method == "POST":
        identity = selectors.abuse_reporter_identity(user=request.user, report=report)
    return render(
        request, "safeguarding/abuse_reporter.html", {"report": report, "identity": identity}
    )


@capability_required(SAFE, MUNI)
@require_POST
def abuse_advance(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.abuse_report_get(user=request.user, pk=pk, audit=False)
    form = AbuseAdvanceForm(
        request.POST, report=report, options=services.next_statuses(report)
    )
    return _detail_form_posted(
        request,
        report,
        form,
        form_name="advance_form",
        save=lambda data: services.abuse_report_advance(
            actor=request.user,
            report=report,
            to_status=data["to_status"],
            note=data["note"],
            at=data["at"],
            safety_confirmed=data.get("safety_confirmed", False),
            finding=data["finding"],
            outcome=data["outcome"],
            abuser_relationship=data["abuser_relationship"],
        ),
        success=_("経過を記録しました。"),
    )


@capability_required(SAFE)
@require_POST
def abuse_handover(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.abuse_report_get(user=request.user, pk=pk, audit=False)
    form = AbuseHandoverForm(request.POST)
    return _detail_form_posted(
        request,
        report,
        form,
        form_name="handover_form",
        save=lambda data: services.abuse_report_handover(
            actor=request.user,
            report=report,
            handed_over_at=data["handed_over_at"],
            handed_over_to=data["handed_over_to"],
        ),
        success=_("市町村への引継ぎを記録しました。"),
    )


@capability_required(SAFE)
def abuse_person(request: HttpRequest, pk: int) -> HttpResponse:
    """Find the person among the registered ones and link them to the report."""
    report = selectors.abuse_report_get(user=request.user, pk=pk, audit=request.method != "POST")
    if request.method == "POST":
        person = _visible_person(request, request.POST.get("person"))
        if person is None:
            messages.error(request, _("利用者を選んでください。"))
            return redirect("safeguarding:abuse_person", pk=report.pk)
        try:
            services.abuse_report_link_person(actor=request.user, report=report, person=person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("safeguarding:abuse_person", pk=report.pk)
        messages.success(request, _("本人を結び付けました。"))
        return redirect("safeguarding:abuse_detail", pk=report.pk)
    form = PersonSearchForm(request.GET or None)
    candidates = []
    if form.is_bound and form.is_valid():
        candidates = list(
            person_list(user=request.user, query=form.cleaned_data["q"])
            .prefetch_related("assigned_staff")[:20]
        )
        audit_list_view(
            request, target_type="people.person", label="pick", ids=(p.pk for p in candidates)
        )
    return render(
        request,
        "safeguarding/abuse_person.html",
        {"report": report, "form": form, "candidates": candidates, "searched": form.is_bound},
    )


# ---- on duty -----------------------------------------------------------------------------


@capability_required(SAFE)
def abuse_on_duty(request: HttpRequest) -> HttpResponse:
    user = request.user
    users = selectors.safeguarding_users(user.region_id)
    form = OnDutyForm(request.POST or None, users=users, initial={"day": dates.today_local()})
    if request.method == "POST" and form.is_valid():
        try:
            services.on_duty_assign(
                actor=user,
                region=user.region,
                day=form.cleaned_data["day"],
                user=form.cleaned_data["user"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("当番を登録しました。"))
            return redirect("safeguarding:abuse_on_duty")
    today = dates.today_local()
    return render(
        request,
        "safeguarding/abuse_on_duty.html",
        {
            "form": form,
            "duties": selectors.on_duty_list(
                user=user, start=today, end=today + timedelta(days=ON_DUTY_DAYS)
            ),
            "today": today,
            "days": ON_DUTY_DAYS,
        },
    )


@capability_required(SAFE)
@require_POST
def abuse_on_duty_remove(request: HttpRequest, pk: int) -> HttpResponse:
    duty = selectors.on_duty_get(user=request.user, pk=pk)
    services.on_duty_remove(actor=request.user, duty=duty)
    messages.success(request, _("当番を取り消しました。"))
    return redirect("safeguarding:abuse_on_duty")


# ---- figures -----------------------------------------------------------------------------


def _figures_years(request: HttpRequest) -> list[int]:
    current = dates.fiscal_year(dates.today_local())
    years = sorted(set(selectors.abuse_report_years(user=request.user)) | {current}, reverse=True)
    asked = int_param(request.GET.get("year"), low=MIN_YEAR, high=MAX_YEAR)
    if asked is not None and asked not in years:
        years = sorted([*years, asked], reverse=True)
    return years


def _figures_request(request: HttpRequest) -> tuple[FiguresForm, dict | None]:
    form, figures, _survey = _figures_and_survey(request)
    return form, figures


def _figures_and_survey(request: HttpRequest) -> tuple[FiguresForm, dict | None, dict | None]:
    user = request.user
    municipalities = list(user.region.municipalities.order_by("code"))
    data = request.GET.copy()
    data.setdefault("year", str(dates.fiscal_year(dates.today_local())))
    form = FiguresForm(data, years=_figures_years(request), municipalities=municipalities)
    if not form.is_valid():
        return form, None, None
    year, code = form.cleaned_data["year"], form.cleaned_data["municipality"]
    figures = figures_module.abuse_figures(
        region_id=user.region_id, fiscal_year=year, municipality_code=code
    )
    survey = None
    chosen = [m for m in municipalities if m.code == code]
    if chosen:
        survey = abuse_survey_figures(
            region_id=user.region_id, municipality_id=chosen[0].pk, fiscal_year=year, suppress=False
        )
        survey["municipality"] = chosen[0]
    return form, figures, survey


def _municipal_figures(request: HttpRequest) -> HttpResponse:
    """The municipality's officer: their own municipality's figures in the survey's breakdown,
    small counts suppressed (the figures leave the center)."""
    own = request.user.municipality
    if own is None:
        raise PermissionDenied
    data = request.GET.copy()
    data.setdefault("year", str(dates.fiscal_year(dates.today_local())))
    form = FiguresForm(data, years=_figures_years(request), municipalities=[])
    del form.fields["municipality"]
    survey = None
    if form.is_valid():
        survey = abuse_survey_figures(
            region_id=request.user.region_id,
            municipality_id=own.pk,
            fiscal_year=form.cleaned_data["year"],
            suppress=True,
        )
        survey["municipality"] = own
    return render(
        request,
        "safeguarding/abuse_figures.html",
        {"form": form, "figures": None, "survey": survey},
        status=200 if survey is not None else 400,
    )


@capability_required(SAFE, MUNI)
def abuse_figures(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, SAFE):
        return _municipal_figures(request)
    form, figures, survey = _figures_and_survey(request)
    return render(
        request,
        "safeguarding/abuse_figures.html",
        {"form": form, "figures": figures, "survey": survey, "query": request.GET.urlencode()},
        status=200 if figures is not None else 400,
    )


def _download(request: HttpRequest, fmt: str) -> HttpResponse:
    form, figures = _figures_request(request)
    if figures is None:
        return render(
            request, "safeguarding/abuse_figures.html", {"form": form, "figures": None}, status=400
        )
    if fmt == "xlsx":
        content = figures_module.figures_xlsx(figures, region_name=request.user.region.name)
        content_type = figures_module.XLSX_TYPE
    else:
        content = figures_module.figures_csv(figures)
        content_type = "text/csv; charset=utf-8"
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target_type="safeguarding.abuse_figures",
        summary=f"fy={figures['fiscal_year']} municipality={figures['municipality_code'] or 'all'}"
        f" format={fmt}",
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{figures_module.filename(figures, fmt)}"'
    )
    response["Cache-Control"] = "no-store"
    return response


@capability_required(SAFE)
def abuse_figures_csv(request: HttpRequest) -> HttpResponse:
    return _download(request, "csv")


@capability_required(SAFE)
def abuse_figures_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")
