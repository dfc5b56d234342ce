"""The annual report (実績報告): the page, its charts and its downloads.

Who sees what (tsunagu.reports.figures): center staff (PERSONAL_ALL) the full figures of the
region, of any 市町村 or of all side by side, counting the organizations they choose (the
center's own by default); a municipal officer their own municipality's exact figures and
other municipalities' suppressed; other readers with AGGREGATES (council secretariat) the
region's suppressed figures — on the page, in the charts and in every file; everyone else
403. Always the user's own region.

Query: ``year``, ``municipality`` (a 5-digit code, "all", or empty for the region) and
``org`` (organization ids, repeated, or "all"; center staff only)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tsunagu.core import dates
from tsunagu.core.access import capability_required
from tsunagu.core.audit import audit_record
from tsunagu.core.figures import SUPPRESSION_NOTE, sees_full_figures
from tsunagu.core.models import AuditAction, Organization
from tsunagu.core.params import id_param, id_params, int_param
from tsunagu.core.roles import Capability
from tsunagu.people.models import Person
from tsunagu.reports import charts, exports, layout
from tsunagu.reports.exports import Part
from tsunagu.reports.figures import (
    ALL,
    EVERY_ORGANIZATION,
    REGION,
    Selection,
    all_figures_for,
    default_organizations,
    figures_for,
    is_exact_for,
    municipality_choices,
    organization_choices,
)
from tsunagu.reports.selectors import years_with_data

MIN_YEAR, MAX_YEAR = 1989, 2100


class BadYear(ValueError):
    pass


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "").strip()
    if not raw:
        return dates.fiscal_year(dates.today_local())
    year = int_param(raw, low=MIN_YEAR, high=MAX_YEAR)
    if year is None:
        raise BadYear(raw)
    return year


def _bad_year() -> HttpResponse:
    return HttpResponseBadRequest(_("年度の指定が正しくありません。").encode())


class BadChoice(ValueError):
    pass


def _selection(request: HttpRequest, fiscal_year: int) -> Selection:
    """The report asked for; BadChoice for a municipality or organization not offered."""
    user = request.user
    choices = [value for value, _label in municipality_choices(user)]
    municipality = request.GET.get("municipality", choices[0]).strip()
    if municipality not in choices:
        raise BadChoice(municipality)
    organizations: tuple[int, ...] | None = default_organizations(user)
    asked = [v.strip() for v in request.GET.getlist("org") if v.strip()]
    if asked and sees_full_figures(user):
        if asked == [EVERY_ORGANIZATION]:
            organizations = None
        else:
            offered = {pk for pk, _name in organization_choices(user)}
            if not all(id_param(v) in offered for v in asked):
                raise BadChoice(",".join(asked))
            organizations = tuple(sorted(set(id_params(asked))))
    return Selection(fiscal_year, municipality, organizations)


def _parse(request: HttpRequest) -> Selection | HttpResponse:
    try:
        fiscal_year = _year(request)
    except BadYear:
        return _bad_year()
    try:
        return _selection(request, fiscal_year)
    except BadChoice:
        return HttpResponseBadRequest(_("市町村または機関の指定が正しくありません。").encode())


def _query(selection: Selection) -> str:
    """The query string of ``selection`` for links to charts and downloads."""
    params: list[tuple[str, Any]] = [("year", selection.fiscal_year)]
    if selection.municipality:
        params.append(("municipality", selection.municipality))
    if selection.organizations is None:
        params.append(("org", EVERY_ORGANIZATION))
    else:
        params += [("org", pk) for pk in selection.organizations]
    return urlencode(params)


def _scope_note(selection: Selection, names: dict[int, str]) -> str:
    """Whose records the figures count, in words (shown on the page and in every file);
    ``names``: organization names by id (those of the selection at least)."""
    if selection.organizations is None:
        return _("集計対象：すべての機関の記録")
    listed = "、".join(names[pk] for pk in selection.organizations if pk in names)
    return _("集計対象：%(names)s の記録（記録した機関の記載がない過去の記録を含む）") % {
        "names": listed or _("基幹相談支援センター")
    }


def _organization_names(selection: Selection) -> dict[int, str]:
    return dict(
        Organization.objects.filter(pk__in=selection.organizations or ()).values_list("pk", "name")
    )


def _context(request: HttpRequest, selection: Selection) -> dict[str, Any]:
    user = request.user
    fiscal_year = selection.fiscal_year
    side_by_side = selection.municipality == ALL
    choices = organization_choices(user)  # center staff only
    names = dict(choices) if choices else _organization_names(selection)
    if side_by_side:
        columns = all_figures_for(user, selection)
        figures = columns[0][2]
    else:
        columns = []
        figures = figures_for(user, fiscal_year, selection)
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
        "side_by_side": side_by_side,
        "columns": [name for _code, name, _figures in columns],
        "grid": layout.side_by_side([f for _code, _name, f in columns]) if side_by_side else [],
        "suppressed": not is_exact_for(user, selection.municipality),
        "has_suppressed": layout.has_suppressed(figures),
        "charts": []
        if side_by_side
        else [
            {
                "name": name,
                "alt": charts.alt_text(name, figures),
                "version": charts.version(
                    name, figures, fiscal_year_label=dates.fiscal_year_label(fiscal_year)
                ),
            }
            for name in charts.CHARTS
        ],
        "municipality": selection.municipality,
        "municipality_choices": municipality_choices(user),
        "organizations": selection.organizations,
        "organization_choices": choices,
        "every_organization": selection.organizations is None,
        "query": _query(selection),
        "scope_note": _scope_note(selection, names),
        "notes": {
            "anonymous": layout.ANONYMOUS_NOTE,
            "multi": layout.MULTI_COUNT_NOTE,
            "suppression": SUPPRESSION_NOTE,
            "national": layout.NATIONAL_NOTE,
            "municipal": layout.MUNICIPAL_NOTE,
        },
    }


@capability_required(Capability.AGGREGATES)
def annual(request: HttpRequest) -> HttpResponse:
    selection = _parse(request)
    if isinstance(selection, HttpResponse):
        return selection
    return render(request, "reports/annual.html", _context(request, selection))


@never_cache
@capability_required(Capability.AGGREGATES)
def annual_chart(request: HttpRequest, name: str) -> HttpResponse:
    if name not in charts.CHARTS:
        raise Http404
    selection = _parse(request)
    if isinstance(selection, HttpResponse):
        return selection
    if selection.municipality == ALL:
        raise Http404
    # Who sees which report: the region, exact or suppressed for this reader, the selection.
    # A version from the address only finds a chart drawn for the same view (a reader who
    # sees suppressed figures can never fetch the exact chart by guessing its version).
    exact = is_exact_for(request.user, selection.municipality)
    view = f"{request.user.region_id}:{int(exact)}:{_query(selection)}"
    asked = request.GET.get("v", "")
    svg = charts.cached(view, name, asked) if asked.isalnum() and len(asked) <= 64 else None
    if svg is None:
        figures = figures_for(request.user, selection.fiscal_year, selection)
        svg = charts.cached_svg(
            view, name, figures, fiscal_year_label=dates.fiscal_year_label(selection.fiscal_year)
        )
    return HttpResponse(svg, content_type="image/svg+xml")


def _download(
    request: HttpRequest,
    selection: Selection,
    content: bytes,
    *,
    content_type: str,
    name: str,
    label: str,
) -> HttpResponse:
    exact = selection.municipality == ALL or is_exact_for(request.user, selection.municipality)
    organizations = (
        "all" if selection.organizations is None else ",".join(map(str, selection.organizations))
    )
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target_type="reports.annual",
        summary=f"fy={selection.fiscal_year} format={label}"
        f" municipality={selection.municipality or 'region'} org={organizations}"
        + ("" if exact else " suppressed"),
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _parts(request: HttpRequest, selection: Selection) -> list[Part]:
    user = request.user
    if selection.municipality == ALL:
        return [Part(name, figures) for _code, name, figures in all_figures_for(user, selection)]
    names = dict(municipality_choices(user))
    name = user.region.name if selection.municipality == REGION else names[selection.municipality]
    return [
        Part(
            name,
            figures_for(user, selection.fiscal_year, selection),
            suppressed=not is_exact_for(user, selection.municipality),
        )
    ]


def _export(request: HttpRequest, fmt: str) -> HttpResponse:
    selection = _parse(request)
    if isinstance(selection, HttpResponse):
        return selection
    user = request.user
    parts = _parts(request, selection)
    region_name = user.region.name
    scope = _scope_note(selection, _organization_names(selection))
    fiscal_year = selection.fiscal_year
    suffix = f"-{selection.municipality}" if selection.municipality else ""
    if fmt == "xlsx":
        content = exports.xlsx(parts, region_name=region_name, scope=scope)
        return _download(
            request,
            selection,
            content,
            content_type=exports.XLSX_TYPE,
            name=exports.filename(fiscal_year, "xlsx", suffix=suffix),
            label="xlsx",
        )
    if fmt == "pdf":
        content = exports.pdf(parts, region_name=region_name, scope=scope)
        return _download(
            request,
            selection,
            content,
            content_type="application/pdf",
            name=exports.filename(fiscal_year, "pdf", suffix=suffix),
            label="pdf",
        )
    if request.GET.get("encoding", "").lower() in ("cp932", "sjis", "shift_jis"):
        content, _notes = exports.csv_cp932(parts)
        return _download(
            request,
            selection,
            content,
            content_type="text/csv; charset=cp932",
            name=exports.filename(fiscal_year, "csv", suffix=f"{suffix}-cp932"),
            label="csv-cp932",
        )
    return _download(
        request,
        selection,
        exports.csv_utf8(parts),
        content_type="text/csv; charset=utf-8",
        name=exports.filename(fiscal_year, "csv", suffix=suffix),
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
