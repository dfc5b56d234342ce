"""Pages of emergency readiness (地域生活支援拠点): the register of persons registered in
advance, the printable emergency sheet, emergency events and trial stays, and the quarterly
figures for the council.

The register, sheets and events are personal records (PERSONAL_ALL / PERSONAL_ASSIGNED),
audited as 閲覧 whenever shown. The figures are de-identified: AGGREGATES readers
(council secretariat, municipality) see them suppressed, center staff as they are."""

import csv
import io
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.core import dates
from tsunagu.core.access import capability_required
from tsunagu.core.audit import audit_record
from tsunagu.core.csvutil import csv_bytes, neutralize
from tsunagu.core.figures import SUPPRESSION_NOTE
from tsunagu.core.models import AuditAction
from tsunagu.core.params import int_param
from tsunagu.core.roles import Capability
from tsunagu.core.text import to_cp932
from tsunagu.people.selectors import person_get
from tsunagu.safeguarding.emergency import selectors, services
from tsunagu.safeguarding.emergency.forms import EmergencyEventForm, EmergencyRegistrationForm
from tsunagu.safeguarding.models import EmergencyEventKind
from tsunagu.safeguarding.pages import (
    PERSONAL,
    page_of,
    person_candidates,
    person_param,
    record_detail_page,
    record_form_saved,
    record_new_page,
    refuse_merged,
)

REGISTRATION_FIELDS = (
    "emergency_contacts",
    "support_policy",
    "candidate_places",
    "medical_notes",
    "registered_on",
    "reviewed_on",
)
EVENT_FIELDS = ("kind", "started_at", "ended_at", "reason", "place", "note")
MIN_YEAR, MAX_YEAR = 1989, 2100


# --- the register ----------------------------------------------------------------------------


@capability_required(*PERSONAL)
def emergency_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    due_only = request.GET.get("due") == "1"
    today = dates.today_local()
    registrations = selectors.emergency_registration_list(
        user=request.user, query=query, due_only=due_only, today=today
    )
    page, query_string = page_of(request, registrations)
    cutoff = selectors.review_cutoff(today)
    rows = [(r, r.last_reviewed < cutoff) for r in page]
    return render(
        request,
        "safeguarding/emergency_list.html",
        {"page": page, "rows": rows, "q": query, "due_only": due_only, "query": query_string},
    )


@capability_required(*PERSONAL)
def emergency_register_pick(request: HttpRequest) -> HttpResponse:
    """Find the person to register (or whose registration to open)."""
    query, candidates = person_candidates(
        request, lambda p: reverse("safeguarding:emergency_register", args=[p.pk])
    )
    return render(
        request,
        "safeguarding/emergency_register_pick.html",
        {"query": query, "candidates": candidates},
    )


@capability_required(*PERSONAL)
def emergency_register(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Register a person, or change their registration (one per person)."""
    person = person_get(user=request.user, pk=person_pk, audit=False)
    if refused := refuse_merged(request, person):
        return refused
    existing = selectors.emergency_registration_of(user=request.user, person=person)
    posted = request.method == "POST"
    if existing is not None:
        # Showing the registered contacts and notes is a 閲覧 of the record (a save is
        # audited as the change instead).
        existing = selectors.emergency_registration_get(
            user=request.user, pk=existing.pk, audit=not posted, summary="edit form"
        )
        initial = {name: getattr(existing, name) for name in REGISTRATION_FIELDS}
    else:
        initial = EmergencyRegistrationForm.default_initial()
    form = EmergencyRegistrationForm(request.POST if posted else None, initial=initial)

    def save(data: dict) -> Any:
        if existing is None:
            return services.emergency_registration_create(
                actor=request.user,
                region=request.user.region,
                person=person,
                organization=request.user.organization,
                **data,
            )
        return services.emergency_registration_update(
            actor=request.user, registration=existing, **data
        )

    saved = record_form_saved(
        request,
        form,
        save=save,
        success=_("緊急時対応の事前登録を保存しました。"),
        url_name="safeguarding:emergency_detail",
    )
    if saved is not None:
        return saved
    if posted and existing is not None:  # shown again, with the form's errors
        selectors.emergency_registration_get(
            user=request.user, pk=existing.pk, summary="edit form"
        )
    return render(
        request,
        "safeguarding/emergency_register.html",
        {"form": form, "person": person, "registration": existing},
        status=400 if posted else 200,
    )


@capability_required(*PERSONAL)
def emergency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = selectors.emergency_registration_get(user=request.user, pk=pk)
    events = list(
        selectors.emergency_event_list(user=request.user, person=registration.person).order_by(
            "-started_at", "-pk"
        )[:20]
    )
    return render(
        request,
        "safeguarding/emergency_detail.html",
        {
            "registration": registration,
            "person": registration.person,
            "review_due": selectors.is_review_due(registration, dates.today_local()),
            "events": [(e, selectors.stay_label(e.started_at, e.ended_at)) for e in events],
        },
    )


@capability_required(*PERSONAL)
@require_POST
def emergency_remove(request: HttpRequest, pk: int) -> HttpResponse:
    registration = selectors.emergency_registration_get(user=request.user, pk=pk, audit=False)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("解除する場合は確認のチェックを入れてください。"))
        return redirect("safeguarding:emergency_detail", pk=registration.pk)
    person_pk = registration.person_id
    services.emergency_registration_remove(actor=request.user, registration=registration)
    messages.success(request, _("緊急時対応の事前登録を解除しました。"))
    return redirect("people:detail", pk=person_pk)


@capability_required(*PERSONAL)
def emergency_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The emergency sheet of one person, laid out for A4 paper (browser print)."""
    sheet = selectors.emergency_sheet(user=request.user, pk=pk)
    today = dates.today_local()
    return render(
        request,
        "safeguarding/emergency_sheet.html",
        {
            "sheet": sheet,
            "person": sheet.person,
            "registration": sheet.registration,
            "age": sheet.person.age_on(today),
            "caregivers": [(c, c.age_in(today.year)) for c in sheet.caregivers],
            "events": [
                (e, selectors.stay_label(e.started_at, e.ended_at)) for e in sheet.recent_events
            ],
        },
    )


# --- events and trial stays ---------------------------------------------------------------


def _year_param(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "").strip()
    if not raw:
        return None
    year = int_param(raw, low=MIN_YEAR, high=MAX_YEAR)
    if year is None:
        raise ValueError(raw)
    return year


def _bad_year() -> HttpResponse:
    return HttpResponseBadRequest(_("年度の指定が正しくありません。").encode())


@capability_required(*PERSONAL)
def emergency_event_list(request: HttpRequest) -> HttpResponse:
    try:
        year = _year_param(request)
    except ValueError:
        return _bad_year()
    kind = request.GET.get("kind", "")
    kind = kind if kind in EmergencyEventKind.values else ""
    person = person_param(request)
    events = selectors.emergency_event_list(
        user=request.user, person=person, fiscal_year=year, kind=kind
    )
    page, query = page_of(request, events)
    return render(
        request,
        "safeguarding/emergency_event_list.html",
        {
            "page": page,
            "rows": [(e, selectors.stay_label(e.started_at, e.ended_at)) for e in page],
            "query": query,
            "person": person,
            "year": year,
            "kind": kind,
            "years": [(y, dates.fiscal_year_label(y)) for y in selectors.event_years(user=request.user)],
            "kinds": EmergencyEventKind.choices,
        },
    )


@capability_required(*PERSONAL)
def emergency_event_new(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = EmergencyEventForm.default_initial()
    if request.GET.get("kind") in EmergencyEventKind.values:
        initial["kind"] = request.GET["kind"]
    return record_new_page(
        request,
        url_name="safeguarding:emergency_event_new",
        template="safeguarding/emergency_event_form.html",
        make_form=lambda data: EmergencyEventForm(data, initial=initial),
        create=lambda person, data: services.emergency_event_record(
            actor=request.user,
            region=request.user.region,
            person=person,
            organization=request.user.organization,
            **data,
        ),
        success=_("緊急時対応・体験利用を記録しました。"),
        detail_url_name="safeguarding:emergency_event_detail",
        context=lambda person: {
            "registration": selectors.emergency_registration_of(user=request.user, person=person)
        },
    )


def _event_initial(event: Any) -> dict[str, Any]:
    initial = {name: getattr(event, name) for name in EVENT_FIELDS}
    for name in ("started_at", "ended_at"):
        if initial[name] is not None:
            initial[name] = initial[name].astimezone(dates.TOKYO)
    return initial


@capability_required(*PERSONAL)
def emergency_event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The event, and the form to correct it or close it (when it ended)."""
    return record_detail_page(
        request,
        pk,
        get=selectors.emergency_event_get,
        make_form=lambda data, event: EmergencyEventForm(data, initial=_event_initial(event)),
        update=lambda event, data: services.emergency_event_update(
            actor=request.user, event=event, **data
        ),
        success=_("緊急時対応・体験利用の記録を更新しました。"),
        url_name="safeguarding:emergency_event_detail",
        template="safeguarding/emergency_event_detail.html",
        name="event",
        context=lambda event: {
            "stay": selectors.stay_label(event.started_at, event.ended_at),
            "registration": selectors.emergency_registration_of(
                user=request.user, person=event.person
            ),
        },
    )


# --- quarterly figures ---------------------------------------------------------------------


def _figures_year(request: HttpRequest) -> int:
    year = _year_param(request)
    return dates.fiscal_year(dates.today_local()) if year is None else year


@capability_required(Capability.AGGREGATES, Capability.PERSONAL_ALL)
def emergency_figures(request: HttpRequest) -> HttpResponse:
    try:
        year = _figures_year(request)
    except ValueError:
        return _bad_year()
    years = selectors.event_years(user=request.user)
    if year not in years:
        years = sorted([*years, year], reverse=True)
    figures = selectors.emergency_figures_for(user=request.user, fiscal_year=year)
    return render(
        request,
        "safeguarding/emergency_figures.html",
        {
            "figures": figures,
            "fiscal_year": year,
            "fiscal_year_label": dates.fiscal_year_label(year),
            "years": [(y, dates.fiscal_year_label(y)) for y in years],
            "has_suppressed": selectors.has_suppressed(figures),
            "suppression_note": SUPPRESSION_NOTE,
            "registered": selectors.registered_count(user=request.user),
            "as_of": dates.today_local(),
        },
    )


def figures_csv_rows(figures: dict[str, Any]) -> list[tuple[Any, ...]]:
    """One count a line: 区分, 内訳, 項目, 数, 単位 (the page's tables, flattened)."""
    year = dates.fiscal_year_label(figures["fiscal_year"])
    rows: list[tuple[Any, ...]] = []
    for kind in figures["kinds"]:
        label = kind["label"]
        rows.append((year, label, _("総数"), _("延べ件数"), kind["events_total"], _("件")))
        rows.append((year, label, _("総数"), _("実人数"), kind["persons_total"], _("人")))
        for quarter, n in kind["by_quarter"].items():
            rows.append((year, label, _("四半期別"), quarter, n, _("件")))
        for municipality, n in kind["by_municipality"].items():
            rows.append((year, label, _("市町村別（年度計）"), municipality, n, _("件")))
        for municipality, counts in (kind["cross"] or {}).items():
            for quarter, n in zip(figures["quarters"], counts, strict=True):
                item = _("%(municipality)s・%(quarter)s") % {
                    "municipality": municipality,
                    "quarter": quarter,
                }
                rows.append((year, label, _("市町村×四半期"), item, n, _("件")))
    return rows


@capability_required(Capability.AGGREGATES, Capability.PERSONAL_ALL)
def emergency_figures_csv(request: HttpRequest) -> HttpResponse:
    """The figures as CSV: UTF-8 with BOM, or ``?encoding=cp932``. Suppressed as on the page."""
    try:
        year = _figures_year(request)
    except ValueError:
        return _bad_year()
    figures = selectors.emergency_figures_for(user=request.user, fiscal_year=year)
    header = [_("年度"), _("区分"), _("内訳"), _("項目"), _("数"), _("単位")]
    rows = figures_csv_rows(figures)
    cp932 = request.GET.get("encoding", "").lower() in ("cp932", "sjis", "shift_jis")
    if cp932:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        for row in [header, *rows]:
            writer.writerow([to_cp932(neutralize(cell))[0] for cell in row])
        content = buffer.getvalue().encode("cp932")
    else:
        content = csv_bytes(header, rows)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target_type="safeguarding.emergency_figures",
        summary=f"fy={year} format={'csv-cp932' if cp932 else 'csv-utf8'}"
        + (" suppressed" if figures["suppressed"] else ""),
    )
    suffix = "-cp932" if cp932 else ""
    response = HttpResponse(
        content, content_type=f"text/csv; charset={'cp932' if cp932 else 'utf-8'}"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="kyoten-{year}{suffix}.csv"'
    )
    response["Cache-Control"] = "no-store"
    return response

