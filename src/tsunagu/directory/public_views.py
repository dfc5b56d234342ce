"""Public pages of a region's directory (no login): search, a service's page, the 居場所 map
and an A4 list to print. Mounted at ``public/<slug:region_code>/directory/``.

Only published, non-defunct services are shown (tsunagu.directory.public_selectors); anything
else, a service of another region and an unknown region code are 404. "Open now" is judged at
the time of the request in Asia/Tokyo (tsunagu.directory.hours). A visitor's position comes in
the query string, rounded to about 100 m by the page's script; it is not stored, and the logs
drop query strings (core.logging.StripQueryStringFilter)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from tsunagu.core.dates import now_local
from tsunagu.core.models import Region
from tsunagu.directory.hours import service_schedules
from tsunagu.directory.outlines import region_outlines
from tsunagu.directory.public_forms import PublicSearchForm
from tsunagu.directory.public_selectors import (
    PublicService,
    by_municipality,
    is_ibasho,
    map_points,
    origin_of,
    public_categories,
    public_municipalities,
    public_region_get,
    public_service_get,
    public_service_list,
    public_service_page,
)
from tsunagu.directory.taxonomy import ACCESS, HOT_STATION, taxonomy_uuid

PER_PAGE = 30
# Taxonomies shown otherwise than as 分野: the ホッとステーション mark and offerings (tags),
# access (行きやすさ).
OWN_FILTERS = frozenset({taxonomy_uuid(HOT_STATION), taxonomy_uuid(ACCESS)})
MAP_FIELDS = ("municipality", "open", "near", "lat", "lng")


def _form(
    request: HttpRequest, region: Region, fields: tuple[str, ...] | None = None
) -> PublicSearchForm:
    return PublicSearchForm(
        request.GET,
        municipalities=public_municipalities(region),
        categories=public_categories(region) if fields is None or "category" in fields else [],
        fields=fields,
    )


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@require_safe
def search(request: HttpRequest, region_code: str) -> HttpResponse:
    region = public_region_get(region_code)
    form = _form(request, region)
    filters = form.filters()
    origin = origin_of(filters)
    page, total = public_service_page(
        region, filters, at=now_local(), origin=origin, page=request.GET.get("page"),
        per_page=PER_PAGE,
    )  # fmt: skip
    return render(
        request,
        "directory/public_search.html",
        {
            "region": region,
            "form": form,
            "page": page,
            "total": total,
            "origin": origin,
            "query": _query_without(request, "page"),
            "without_position": _query_without(request, "page", "lat", "lng"),
            "by_position": filters["lat"] is not None,
            "filtered": any(filters.values()),
        },
    )


@require_safe
def detail(request: HttpRequest, region_code: str, pk: UUID) -> HttpResponse:
    region = public_region_get(region_code)
    now = now_local()
    entry = public_service_get(region, pk, at=now)
    schedules = service_schedules(
        entry.service.document, [p.location.document for p in entry.places]
    )
    notes = []
    for schedule in schedules:
        for key in ("description", "notes", "attending_type"):
            text = str(schedule.get(key) or "").strip()
            if text and text not in notes:
                notes.append(text)
    document = entry.service.document
    return render(
        request,
        "directory/public_detail.html",
        {
            "region": region,
            "entry": entry,
            "service": entry.service,
            "hours_notes": notes,
            "terms": [t for t in entry.service.terms.all() if t.taxonomy_id not in OWN_FILTERS],
            "website": _http_url(document.get("url")),
            "email": str(document.get("email") or ""),
            "on_map": is_ibasho(entry.service) and any(p.has_point for p in entry.places),
            "now": now,
        },
    )


def _http_url(value: Any) -> str:
    text = str(value or "").strip()
    return text if text.startswith(("https://", "http://")) else ""


def _map_config(origin: Any, region: Any) -> dict[str, Any]:
    return {
        "outlines": region_outlines(region),
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "origin": (
            {"lat": origin.latitude, "lng": origin.longitude, "title": origin.label}
            if origin is not None
            else None
        ),
        "labels": {"zoomIn": _("拡大"), "zoomOut": _("縮小")},
    }


@require_safe
def ibasho_map(request: HttpRequest, region_code: str) -> HttpResponse:
    region = public_region_get(region_code)
    form = _form(request, region, MAP_FIELDS)
    filters = form.filters()
    origin = origin_of(filters)
    entries = public_service_list(region, filters, at=now_local(), origin=origin, ibasho_only=True)

    def url_of(service: Any) -> str:
        return reverse("directory_public:detail", args=[region.code, service.pk])

    points = map_points(entries, url_of)
    return render(
        request,
        "directory/public_map.html",
        {
            "region": region,
            "form": form,
            "entries": entries,
            "points": points,
            "map_config": _map_config(origin, region),
            "has_tiles": bool(settings.MAP_TILE_URL),
            "origin": origin,
            "without_position": _query_without(request, "lat", "lng"),
            "by_position": filters["lat"] is not None,
            "unmapped": sum(1 for e in entries if not any(p.has_point for p in e.places)),
        },
    )


@require_safe
def print_list(request: HttpRequest, region_code: str) -> HttpResponse:
    region = public_region_get(region_code)
    form = _form(request, region)
    filters = form.filters()
    now = now_local()
    entries: list[PublicService] = public_service_list(region, filters, at=now)
    return render(
        request,
        "directory/public_print.html",
        {
            "region": region,
            "groups": by_municipality(entries),
            "total": len(entries),
            "printed_at": now,
            "query": _query_without(request, "page"),
            "filtered": any(filters.values()),
        },
    )
