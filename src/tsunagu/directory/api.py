"""The read-only HSDS API of a region (/api/<region_code>/hsds/), public, JSON only.

It follows the HSDS 3.0 API reference (hsds_schema/openapi.json): the ``/`` meta endpoint,
paged lists with the ``Page`` envelope (total_items, total_pages, page_number, size,
first_page, last_page, empty, contents), and fully nested single objects. Only published
services of the region are shown, and only what they bring with them (their organizations,
locations and terms) plus our own taxonomy. Every answer is JSON: an unknown region or id is
a 404, a parameter that cannot be read a 400, each with a ``message``. Lists read one page of
rows and take everything else from the stored documents, so the number of queries does not
grow with the page size."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from functools import wraps
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from tsunagu.core import dates
from tsunagu.core.models import Region
from tsunagu.core.text import hiragana_to_katakana, katakana_to_hiragana, normalize, search_key
from tsunagu.directory import openapi
from tsunagu.directory import taxonomy as tx
from tsunagu.directory.hsds.exports import (
    organization_export,
    service_at_location_export,
    service_export,
    service_list_item,
)
from tsunagu.directory.models import (
    ResourceOrganization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

HSDS_VERSION = "3.0"
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50
_JSON = {"ensure_ascii": False}
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})
_CONTROL = dict.fromkeys([*range(32), 127])


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _json(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, safe=False, json_dumps_params=_JSON)
    response["Access-Control-Allow-Origin"] = "*"  # public data, read-only
    return response


def api_view(view: Callable[..., Any]) -> Callable[..., JsonResponse]:
    """GET/HEAD only; the region from the URL (404 if unknown); ApiError as JSON.

    Exempt from CSRF checks: nothing here writes, and every other method gets a JSON 405
    instead of the HTML page of a CSRF failure."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, region_code: str, **kwargs: Any) -> JsonResponse:
        if request.method not in ("GET", "HEAD"):
            response = _json({"message": _("この API は読み取り専用です（GET のみ）。")}, 405)
            response["Allow"] = "GET, HEAD"
            return response
        try:
            region = Region.objects.filter(code=region_code).first()
            if region is None:
                raise ApiError(404, _("この圏域はありません。"))
            return _json(view(request, region, **kwargs))
        except ApiError as error:
            return _json({"message": error.message}, error.status)

    return wrapper


@csrf_exempt
def not_found(request: HttpRequest, region_code: str, rest: str = "") -> JsonResponse:
    """Anything else under the API: a JSON 404."""
    return _json({"message": _("この API にそのパスはありません。")}, 404)


# ---- parameters -------------------------------------------------------------------------


def _param(request: HttpRequest, name: str) -> str | None:
    """A text parameter without control characters (PostgreSQL refuses NUL); None when
    absent or blank."""
    value = request.GET.get(name)
    if value is None:
        return None
    return value.translate(_CONTROL).strip() or None


def _typed(request: HttpRequest, name: str) -> str | None:
    """A typed parameter's text: None when absent; present but blank is not a value."""
    value = request.GET.get(name)
    return None if value is None else value.strip()


def _bad(name: str, value: str, expected: str) -> ApiError:
    return ApiError(
        400,
        _("パラメータ %(name)s の値 %(value)s は使えません（%(expected)s）。")
        % {"name": name, "value": value[:100], "expected": expected},
    )


def _int_param(request: HttpRequest, name: str, default: int) -> int:
    value = _typed(request, name)
    if value is None:
        return default
    digits = value.lstrip("0")
    if not value.isascii() or not value.isdigit() or not digits:
        raise _bad(name, value, _("1 以上の整数"))
    return int(digits) if len(digits) <= 18 else 10**18  # past any page there is


def _bool_param(request: HttpRequest, name: str) -> bool:
    value = _typed(request, name)
    if value is None:
        return False
    if value.casefold() in _TRUE:
        return True
    if value.casefold() in _FALSE:
        return False
    raise _bad(name, value, "true / false")


def _uuid_param(request: HttpRequest, name: str) -> uuid.UUID | None:
    value = _typed(request, name)
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise _bad(name, value, _("UUID")) from None


def _datetime_param(request: HttpRequest, name: str) -> datetime | None:
    """An ISO 8601 date or date-time; without an offset it is Japan time."""
    value = _typed(request, name)
    if value is None:
        return None
    moment = _iso_datetime(value) or _iso_datetime(value[::-1].replace(" ", "+", 1)[::-1])
    if moment is None:
        raise _bad(name, value, _("ISO 8601 の日時（例: 2024-04-01T09:00:00+09:00）"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dates.TOKYO)
    try:  # in UTC: PostgreSQL refuses offsets past 15:59, which Python allows
        return moment.astimezone(UTC)
    except OverflowError:  # before year 1 or after 9999 in UTC: the first or last moment
        if moment.year == 1:
            return datetime.min.replace(tzinfo=UTC)
        return datetime.max.replace(tzinfo=UTC)


def _iso_datetime(value: str) -> datetime | None:
    """2024-04-01, 2024-04-01T09:00, ...+09:00 or Z; a '+' sent unencoded arrives as ' '."""
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(0, 0))
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ApiError(404, _("この ID のデータはありません。")) from None


def _page(request: HttpRequest, queryset: QuerySet, render: Callable[[Any], dict]) -> dict:
    """The HSDS Page envelope of one page of ``queryset``."""
    page = _int_param(request, "page", 1)
    per_page = min(_int_param(request, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    total = queryset.count()
    pages = math.ceil(total / per_page)
    start = (page - 1) * per_page
    rows = list(queryset[start : start + per_page]) if start < total else []
    contents = [render(row) for row in rows]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


# ---- what a region shows ----------------------------------------------------------------


def published_services(region: Region) -> QuerySet[Service]:
    return Service.objects.filter(region=region, is_published=True)


def _visible_term_ids(region: Region) -> QuerySet:
    used = Service.terms.through.objects.filter(
        service__region=region, service__is_published=True
    ).values("taxonomyterm_id")
    return TaxonomyTerm.objects.filter(Q(pk__in=tx.TERM_BY_ID) | Q(pk__in=used)).values("pk")


def visible_terms(region: Region) -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(pk__in=_visible_term_ids(region))


def visible_taxonomies(region: Region) -> QuerySet[Taxonomy]:
    used = TaxonomyTerm.objects.filter(pk__in=_visible_term_ids(region)).values("taxonomy_id")
    return Taxonomy.objects.filter(Q(pk__in=tx.TAXONOMY_IDS) | Q(pk__in=used))


def _filter_services(request: HttpRequest, services: QuerySet, prefix: str = "") -> QuerySet:
    """search, taxonomy_term_id, taxonomy_id, organization_id, modified_after; ``prefix``
    is the path to the service ("service__" for service_at_locations)."""
    search = _param(request, "search")
    if search:
        key = search_key(search)
        if key:
            services = services.filter(**{f"{prefix}search_text__contains": key})
    term_id = _uuid_param(request, "taxonomy_term_id")
    if term_id:
        services = services.filter(**{f"{prefix}terms": term_id})
    taxonomy_id = _uuid_param(request, "taxonomy_id")
    if taxonomy_id:
        with_taxonomy = Service.terms.through.objects.filter(
            service_id=OuterRef(f"{prefix}pk"), taxonomyterm__taxonomy_id=taxonomy_id
        )
        services = services.filter(Exists(with_taxonomy))
    organization_id = _uuid_param(request, "organization_id")
    if organization_id:
        services = services.filter(**{f"{prefix}organization_id": organization_id})
    modified_after = _datetime_param(request, "modified_after")
    if modified_after:
        services = services.filter(**{f"{prefix}updated_at__gte": modified_after})
    return services


def _name_search(request: HttpRequest, queryset: QuerySet, *, kana: bool = False) -> QuerySet:
    search = _param(request, "search")
    if not search:
        return queryset
    text = normalize(search)
    condition = Q(name__icontains=text)
    if kana:
        condition |= Q(name_kana__icontains=hiragana_to_katakana(text))
        condition |= Q(name_kana__icontains=katakana_to_hiragana(text))
    return queryset.filter(condition)


# ---- endpoints --------------------------------------------------------------------------


def _base_url(request: HttpRequest, region: Region) -> str:
    return request.build_absolute_uri(reverse("hsds_api:root", args=[region.code])).rstrip("/")


@api_view
def root(request: HttpRequest, region: Region) -> dict:
    openapi_url = request.build_absolute_uri(reverse("hsds_api:openapi", args=[region.code]))
    return {
        "version": HSDS_VERSION,
        "profile": openapi_url + "#/info/x-profile",
        "openapi_url": openapi_url,
    }


@api_view
def openapi_document(request: HttpRequest, region: Region) -> dict:
    return openapi.document(base_url=_base_url(request, region), region_name=region.name)


@api_view
def service_list(request: HttpRequest, region: Region) -> dict:
    full, full_service = _bool_param(request, "full"), _bool_param(request, "full_service")
    full = full or full_service
    services = _filter_services(request, published_services(region))
    services = services.order_by("name_kana", "name", "pk")
    return _page(request, services, service_export if full else service_list_item)


@api_view
def service_detail(request: HttpRequest, region: Region, pk: str) -> dict:
    service = published_services(region).filter(pk=_id(pk)).first()
    if service is None:
        raise ApiError(404, _("この ID のサービスはありません。"))
    return service_export(service)


def _organizations(region: Region) -> QuerySet[ResourceOrganization]:
    with_service = published_services(region).filter(organization_id=OuterRef("pk"))
    return ResourceOrganization.objects.filter(region=region).filter(Exists(with_service))


def _with_published_services(organizations: QuerySet) -> QuerySet:
    services = Service.objects.filter(is_published=True).order_by("name_kana", "name", "pk")
    return organizations.prefetch_related(
        Prefetch("services", queryset=services, to_attr="published_services")
    )


@api_view
def organization_list(request: HttpRequest, region: Region) -> dict:
    full = _bool_param(request, "full")
    full_service = _bool_param(request, "full_service")
    organizations = _name_search(request, _organizations(region), kana=True)
    organizations = organizations.order_by("name_kana", "name", "pk")
    if full or full_service:
        organizations = _with_published_services(organizations)

        def render(organization: ResourceOrganization) -> dict:
            return organization_export(
                organization,
                full_service=full_service,
                services=organization.published_services,
            )

    else:

        def render(organization: ResourceOrganization) -> dict:
            return {
                k: v for k, v in organization.document.items() if not isinstance(v, list | dict)
            }

    return _page(request, organizations, render)


@api_view
def organization_detail(request: HttpRequest, region: Region, pk: str) -> dict:
    full_service = _bool_param(request, "full_service")
    organization = _with_published_services(_organizations(region)).filter(pk=_id(pk)).first()
    if organization is None:
        raise ApiError(404, _("この ID の運営団体はありません。"))
    return organization_export(
        organization, full_service=full_service, services=organization.published_services
    )


def _sal_list_item(sal: ServiceAtLocation) -> dict:
    item = {k: v for k, v in sal.document.items() if not isinstance(v, list | dict)}
    item["service_id"] = str(sal.service_id)
    item["location_id"] = str(sal.location_id)
    item["location"] = {
        k: v for k, v in sal.location.document.items() if not isinstance(v, list | dict)
    }
    item["service"] = service_list_item(sal.service)
    return item


@api_view
def service_at_location_list(request: HttpRequest, region: Region) -> dict:
    full = _bool_param(request, "full")
    sals = ServiceAtLocation.objects.filter(service__region=region, service__is_published=True)
    sals = _filter_services(request, sals, prefix="service__")
    sals = sals.select_related("service", "location").order_by(
        "service__name_kana", "service__name", "location__name", "pk"
    )
    return _page(request, sals, service_at_location_export if full else _sal_list_item)


@api_view
def service_at_location_detail(request: HttpRequest, region: Region, pk: str) -> dict:
    sal = (
        ServiceAtLocation.objects.filter(service__region=region, service__is_published=True)
        .select_related("service", "location")
        .filter(pk=_id(pk))
        .first()
    )
    if sal is None:
        raise ApiError(404, _("この ID の実施場所はありません。"))
    return service_at_location_export(sal)


@api_view
def taxonomy_list(request: HttpRequest, region: Region) -> dict:
    taxonomies = _name_search(request, visible_taxonomies(region)).order_by("name", "pk")
    return _page(request, taxonomies, lambda taxonomy: taxonomy.document)


@api_view
def taxonomy_detail(request: HttpRequest, region: Region, pk: str) -> dict:
    taxonomy = visible_taxonomies(region).filter(pk=_id(pk)).first()
    if taxonomy is None:
        raise ApiError(404, _("この ID の分類体系はありません。"))
    return taxonomy.document


@api_view
def taxonomy_term_list(request: HttpRequest, region: Region) -> dict:
    terms = _name_search(request, visible_terms(region))
    taxonomy_id = _uuid_param(request, "taxonomy_id")
    if taxonomy_id:
        terms = terms.filter(taxonomy_id=taxonomy_id)
    parent_id = _uuid_param(request, "parent_id")
    if parent_id:
        terms = terms.filter(parent_id=parent_id)
    if _bool_param(request, "top_only"):
        terms = terms.filter(parent__isnull=True)
    terms = terms.order_by("taxonomy__name", "code", "name", "pk")
    return _page(request, terms, lambda term: term.document)


@api_view
def taxonomy_term_detail(request: HttpRequest, region: Region, pk: str) -> dict:
    term = visible_terms(region).filter(pk=_id(pk)).first()
    if term is None:
        raise ApiError(404, _("この ID の分類はありません。"))
    return term.document
