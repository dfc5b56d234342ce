"""The annual report (実績報告): the page, its charts and its downloads.

Who sees what: center staff (PERSONAL_ALL) the full figures; readers outside the center
with AGGREGATES only (council secretariat, municipality) the suppressed figures, on the page,
in the charts and in every file; everyone else 403. Always the user's own region."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tsunagu.core import dates
from tsunagu.core.access import capability_required
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction
from tsunagu.core.roles import Capability
from tsunagu.people.models import Person
from tsunagu.reports import charts, exports, layout
from tsunagu.reports.figures import figures_for, sees_full_figures
from tsunagu.reports.selectors import years_with_data

MIN_YEAR, MAX_YEAR = 1989, 2100


class BadYear(ValueError):
    pass


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "").strip()
    if not raw:
        return dates.fiscal_year(dates.today_local())
    if not raw.isdigit() or not MIN_YEAR <= int(raw) <= MAX_YEAR:
        raise BadYear(raw)
    return int(raw)


def _bad_year() -> HttpResponse:
    return HttpResponseBadRequest(_("年度の指定が正しくありません。").encode())


def _context(request: HttpRequest, fiscal_year: int) -> dict[str, Any]:
    user = request.user
    figures = figures_for(user, fiscal_year)
    years = sorted(
        set(years_with_data(user.region_id)) | {dates.fiscal_year(dates.today_local())},
        reverse=True,
    )
    if fiscal_year not in years:
        years = sorted([*years, fiscal_year], reverse=True)
    return {
        "fiscal_year": fiscal_year,
        "fiscal_year_label": dates.fiscal_year_label(fiscal_year),
        # Demo regions are made of fictional persons: say so wherever figures are shown.
        "includes_fictional": Person.objects.filter(
            region_id=user.region_id, is_fictional=True
        ).exists(),
        "years": [(y, dates.fiscal_year_label(y)) for y in years],
        "figures": figures,
        "summary": layout.summary(figures),
        "tables": layout.tables(figures),
        "suppressed": not sees_full_figures(user),
        "has_suppressed": layout.has_suppressed(figures),
        "charts": [{"name": name, "alt": charts.alt_text(name, figures)} for name in charts.CHARTS],
        "notes": {
            "anonymous": layout.ANONYMOUS_NOTE,
            "multi": layout.MULTI_COUNT_NOTE,
            "suppression": layout.SUPPRESSION_NOTE,
        },
    }


@capability_required(Capability.AGGREGATES)
def annual(request: HttpRequest) -> HttpResponse:
    try:
        fiscal_year = _year(request)
    except BadYear:
        return _bad_year()
    return render(request, "reports/annual.html", _context(request, fiscal_year))


@never_cache
@capability_required(Capability.AGGREGATES)
def annual_chart(request: HttpRequest, name: str) -> HttpResponse:
    if name not in charts.CHARTS:
        raise Http404
    try:
        fiscal_year = _year(request)
    except BadYear:
        return _bad_year()
    figures = figures_for(request.user, fiscal_year)
    svg = charts.render_svg(name, figures, fiscal_year_label=dates.fiscal_year_label(fiscal_year))
    return HttpResponse(svg, content_type="image/svg+xml")


def _download(
    request: HttpRequest,
    fiscal_year: int,
    content: bytes,
    *,
    content_type: str,
    name: str,
    label: str,
) -> HttpResponse:
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target_type="reports.annual",
        summary=f"fy={fiscal_year} format={label}"
        + ("" if sees_full_figures(request.user) else " suppressed"),
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _export(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        fiscal_year = _year(request)
    except BadYear:
        return _bad_year()
    user = request.user
    figures = figures_for(user, fiscal_year)
    region_name = user.region.name
    suppressed = not sees_full_figures(user)
    if fmt == "xlsx":
        content = exports.xlsx(figures, region_name=region_name, suppressed=suppressed)
        return _download(
            request,
            fiscal_year,
            content,
            content_type=exports.XLSX_TYPE,
            name=exports.filename(fiscal_year, "xlsx"),
            label="xlsx",
        )
    if fmt == "pdf":
        content = exports.pdf(figures, region_name=region_name, suppressed=suppressed)
        return _download(
            request,
            fiscal_year,
            content,
            content_type="application/pdf",
            name=exports.filename(fiscal_year, "pdf"),
            label="pdf",
        )
    if request.GET.get("encoding", "").lower() in ("cp932", "sjis", "shift_jis"):
        content, _notes = exports.csv_cp932(figures)
        return _download(
            request,
            fiscal_year,
            content,
            content_type="text/csv; charset=cp932",
            name=exports.filename(fiscal_year, "csv", suffix="-cp932"),
            label="csv-cp932",
        )
    return _download(
        request,
        fiscal_year,
        exports.csv_utf8(figures),
        content_type="text/csv; charset=utf-8",
        name=exports.filename(fiscal_year, "csv"),
        label="csv-utf8",
    )


@capability_required(Capability.AGGREGATES)
def annual_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@capability_required(Capability.AGGREGATES)
def annual_csv(request: HttpRequest) -> HttpResponse:
    """UTF-8 with BOM; ``?encoding=cp932`` for CP932."""
    return _export(request, "csv")


@capability_required(Capability.AGGREGATES)
def annual_pdf(request: HttpRequest) -> HttpResponse:
    return _export(request, "pdf")
