"""地域診断 pages: the overview, one municipality (profile, population, charts, gaps and the
地域診断シート), population imports, the gap table and its map.

View: Capability.AGGREGATES or DEIDENTIFIED. Edit: Capability.COUNCIL. Everything is the
user's own region; counts of persons are suppressed (tsunagu.assessment.gaps)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tsunagu.assessment import charts, maps, selectors, services, sheet
from tsunagu.assessment.forms import BoundaryForm, GapNoteForm, PopulationImportForm, ProfileForm
from tsunagu.assessment.gaps import gap_table, min_persons
from tsunagu.assessment.models import Boundary, GapNote, RegionProfile
from tsunagu.assessment.population import area_population
from tsunagu.assessment.population_import import layout_label
from tsunagu.assessment.population_load import population_load
from tsunagu.core.access import capability_required, user_can
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction, ListItem, ListKind
from tsunagu.core.roles import Capability

READ = (Capability.AGGREGATES, Capability.DEIDENTIFIED)
REGION = "region"


def _can_edit(request: HttpRequest) -> bool:
    return user_can(request.user, Capability.COUNCIL)


def _area(request: HttpRequest, area: str):
    """The municipality named by ``area`` (a code), or None for the whole region."""
    if area == REGION:
        return None
    return selectors.municipality_get(user=request.user, code=area)


def _chart_items(area_code: str, area) -> list[dict]:
    items = []
    for name in charts.REGION_CHARTS if area_code == REGION else charts.CHARTS:
        data = charts.chart_data(name, area)
        items.append({
            "name": name,
            "area": area_code,
            "has_data": bool(data),
            "alt": charts.alt_text(name, area, data),
            "sources": charts.sources(name, data),
        })
    return items


@capability_required(*READ)
def home(request: HttpRequest) -> HttpResponse:
    region = request.user.region
    table = gap_table(region)
    area = area_population(region)
    rows = []
    for m in table.municipalities:
        total = table.populations.get(m.pk)
        rows.append({"municipality": m, "population": total})
    return render(request, "assessment/home.html", {
        "rows": rows,
        "charts": _chart_items(REGION, area),
        "profile": RegionProfile.objects.filter(region=region, municipality__isnull=True).first(),
        "can_edit": _can_edit(request),
        "top_gaps": table.ranked()[:5],
        "fictional_note": sheet.fictional_note() if table.includes_fictional else "",
    })


@capability_required(*READ)
def municipality(request: HttpRequest, code: str) -> HttpResponse:
    m = selectors.municipality_get(user=request.user, code=code)
    data = sheet.sheet_data(request.user.region, m)
    return render(request, "assessment/municipality.html", {
        "municipality": m,
        "data": data,
        "charts": _chart_items(m.code, data["area"]),
        "can_edit": _can_edit(request),
        "min_persons": min_persons(),
        "notes": data["notes"],
        "fictional_note": sheet.fictional_note() if data["includes_fictional"] else "",
    })


@never_cache
@capability_required(*READ)
def chart(request: HttpRequest, area: str, name: str, fmt: str) -> HttpResponse:
    if name not in charts.REGION_CHARTS or fmt not in ("svg", "png"):
        raise Http404
    municipality = _area(request, area)
    if municipality is not None and name not in charts.CHARTS:
        raise Http404
    population = area_population(request.user.region, municipality)
    content = charts.render(name, population, fmt=fmt)
    return HttpResponse(content, content_type="image/svg+xml" if fmt == "svg" else "image/png")


@capability_required(Capability.COUNCIL)
def profile_edit(request: HttpRequest, area: str) -> HttpResponse:
    municipality = _area(request, area)
    region = request.user.region
    profile = RegionProfile.objects.filter(region=region, municipality=municipality).first()
    initial = {f: getattr(profile, f) for f in ProfileForm.base_fields} if profile else {}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.profile_save(actor=request.user, region=region, municipality=municipality,
                              **form.cleaned_data)
        messages.success(request, _("地域の概要を保存しました。"))
        if municipality is None:
            return redirect("assessment:home")
        return redirect("assessment:municipality", code=municipality.code)
    return render(request, "assessment/profile_form.html", {
        "form": form, "municipality": municipality,
        "area_name": municipality.name if municipality else region.name,
    })


@capability_required(*READ)
def population(request: HttpRequest) -> HttpResponse:
    """The imported tables, and (for the council) the import form."""
    can_edit = _can_edit(request)
    form = PopulationImportForm()
    result = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = PopulationImportForm(request.POST, request.FILES)
        if form.is_valid():
            result, dataset = _import(request, form)
            if dataset is not None:
                messages.success(request, _("人口データを取り込みました（%(n)d 件の値）。")
                                 % {"n": len(result.figures)})
                for note in result.notes:
                    messages.info(request, note)
                return redirect("assessment:population")
    return render(request, "assessment/population.html", {
        "datasets": selectors.dataset_list(user=request.user),
        "form": form,
        "result": result,
        "can_edit": can_edit,
        "layout_label": layout_label(result.layout) if result and result.layout else "",
    })


def _import(request: HttpRequest, form: PopulationImportForm):
    upload = form.cleaned_data["file"]
    year = form.cleaned_data.get("year")
    return population_load(
        upload, upload.name, actor=request.user, region=request.user.region,
        kind=form.cleaned_data["kind"], source_name=form.cleaned_data["source_name"],
        source_date=form.cleaned_data["source_date"],
        fallback_date=date(year, 10, 1) if year else None,
    )


@capability_required(Capability.COUNCIL)
@require_POST
def population_delete(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = selectors.dataset_get(user=request.user, pk=pk)
    services.population_delete(actor=request.user, dataset=dataset)
    messages.success(request, _("人口データを削除しました。"))
    return redirect("assessment:population")


@capability_required(*READ)
def gaps(request: HttpRequest) -> HttpResponse:
    region = request.user.region
    table = gap_table(region)
    boundary = Boundary.objects.filter(region=region).first()
    selected = next((c for c in table.categories if c.code == request.GET.get("category")), None)
    return render(request, "assessment/gaps.html", {
        "selected": selected,
        "table": table,
        "ranked": table.ranked(),
        "resource_rows": [(m, table.row(m)) for m in table.municipalities],
        "max_score": table.max_score() or 1,
        "boundary": boundary,
        "map_alt": maps.alt_text(table, selected),
        "can_edit": _can_edit(request),
        "notes": sheet.notes(includes_fictional=table.includes_fictional),
        "fictional_note": sheet.fictional_note() if table.includes_fictional else "",
    })


@never_cache
@capability_required(*READ)
def gap_map(request: HttpRequest) -> HttpResponse:
    region = request.user.region
    boundary = Boundary.objects.filter(region=region).first()
    if boundary is None:
        raise Http404
    category = ListItem.objects.of(region, ListKind.NEED_CATEGORY).filter(
        code=request.GET.get("category", "")
    ).first()
    svg = maps.choropleth_svg(boundary, gap_table(region), category=category)
    return HttpResponse(svg, content_type="image/svg+xml")


@capability_required(Capability.COUNCIL)
def gap_note(request: HttpRequest, code: str, category: str) -> HttpResponse:
    region = request.user.region
    municipality = selectors.municipality_get(user=request.user, code=code)
    item = ListItem.objects.of(region, ListKind.NEED_CATEGORY).filter(code=category).first()
    if item is None:
        raise Http404
    note = GapNote.objects.filter(region=region, municipality=municipality, category=item).first()
    initial = {"highlighted": True}
    if note is not None:
        initial = {f: getattr(note, f) for f in GapNoteForm.base_fields}
    form = GapNoteForm(request.POST or None, region=region, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.gap_note_save(actor=request.user, region=region, municipality=municipality,
                               category=item, **form.cleaned_data)
        messages.success(request, _("所見を保存しました。"))
        return redirect("assessment:municipality", code=municipality.code)
    return render(request, "assessment/gap_note_form.html", {
        "form": form, "municipality": municipality, "category": item,
    })


@capability_required(Capability.COUNCIL)
def boundaries(request: HttpRequest) -> HttpResponse:
    region = request.user.region
    form = BoundaryForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        codes = set(region.municipalities.values_list("code", flat=True))
        shapes, errors = maps.parse_geojson(upload.read(maps.MAX_BYTES + 1), codes)
        if not errors:
            services.boundary_import(actor=request.user, region=region, shapes=shapes,
                                     source_name=form.cleaned_data["source_name"])
            messages.success(request, _("市町村境界を取り込みました（%(n)d 市町村）。")
                             % {"n": len(shapes)})
            return redirect("assessment:gaps")
    return render(request, "assessment/boundaries.html", {
        "form": form, "errors": errors,
        "boundary": Boundary.objects.filter(region=region).first(),
    })


def _download(request: HttpRequest, content: bytes, *, content_type: str, name: str,
              municipality) -> HttpResponse:
    audit_record(actor=request.user, action=AuditAction.EXPORT, target_type="assessment.sheet",
                 target_id=municipality.code, summary=f"sheet {municipality.code} {name}")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@capability_required(*READ)
def sheet_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    m = selectors.municipality_get(user=request.user, code=code)
    data = sheet.sheet_data(request.user.region, m)
    return _download(request, sheet.xlsx(data), content_type=sheet.XLSX_TYPE,
                     name=sheet.filename(m, "xlsx"), municipality=m)


@capability_required(*READ)
def sheet_pdf(request: HttpRequest, code: str) -> HttpResponse:
    m = selectors.municipality_get(user=request.user, code=code)
    data = sheet.sheet_data(request.user.region, m)
    return _download(request, sheet.pdf(data, region=request.user.region),
                     content_type="application/pdf", name=sheet.filename(m, "pdf"),
                     municipality=m)
