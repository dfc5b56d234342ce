"""Reads of the public directory pages (no login): published, non-defunct services of one
region, with what a resident needs to go there — hours and whether it is open now, address in
the Japanese order, phones as tel: links, access — filtered and sorted by distance.

The database does the cheap filters (words, municipality, category, access); opening hours,
offerings (a JSON list) and distances are computed here in Python over the region's few hundred
services, with a fixed number of queries whatever their number."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tsunagu.core import dataversion
from tsunagu.core.models import Municipality, Region
from tsunagu.core.text import normalize, search_key
from tsunagu.directory.geo import OFFICES, haversine_km, valid_point
from tsunagu.directory.hours import OpenState, hours_lines, open_state, service_schedules
from tsunagu.directory.models import (
    Location,
    Offering,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from tsunagu.directory.public_forms import ACCESS_FIELDS
from tsunagu.directory.taxonomy import ACCESS, HOT_STATION, TERMS, taxonomy_uuid

# ---- what a page shows -------------------------------------------------------------------


@dataclass(frozen=True)
class Phone:
    number: str
    tel: str  # for the tel: link, digits (and a leading +) only
    extension: str = ""
    description: str = ""


@dataclass
class Place:
    """One location of a service."""

    location: Location
    name: str
    municipality: Municipality | None
    postal_code: str  # 123-4567
    address: str  # 千葉県東金市東岩崎1-1 〇〇ビル2階
    phones: list[Phone]
    transportation: str
    accessibility: list[str]
    latitude: float | None
    longitude: float | None
    distance_km: float | None = None

    @property
    def where(self) -> str:
        """The address, else at least the municipality."""
        return self.address or (self.municipality.name if self.municipality else "")

    @property
    def has_point(self) -> bool:
        return valid_point(self.latitude, self.longitude)


@dataclass
class PublicService:
    service: Service
    places: list[Place]
    phones: list[Phone]
    state: OpenState
    hours: list[str]
    offerings: list[str]
    distance_km: float | None = None

    @property
    def is_open(self) -> bool:
        return self.state is OpenState.OPEN

    @property
    def status_note(self) -> str:
        """休止中 / 一時休止中 for a service not active; empty otherwise."""
        if self.service.status == ServiceStatus.ACTIVE:
            return ""
        return ServiceStatus(self.service.status).label

    @property
    def phone(self) -> Phone | None:
        """The number to call: the service's own, else its first place's."""
        return self.phone_at(self.places[0] if self.places else None)

    def phone_at(self, place: Place | None) -> Phone | None:
        if self.phones:
            return self.phones[0]
        return place.phones[0] if place is not None and place.phones else None

    @property
    def state_label(self) -> str:
        if self.status_note:
            return _("今は閉まっています（%(status)s）") % {"status": self.status_note}
        return self.state.label


@dataclass(frozen=True)
class Origin:
    latitude: float
    longitude: float
    label: str


# ---- formatting HSDS parts ---------------------------------------------------------------


def postal_code(value: Any) -> str:
    """ "2838511" / "283-8511" / "〒２８３－８５１１" -> "283-8511"; anything else as given."""
    text = normalize(str(value or ""))
    digits = re.sub(r"\D", "", text)
    return f"{digits[:3]}-{digits[3:]}" if len(digits) == 7 else text


def address_text(address: Mapping[str, Any]) -> str:
    """The Japanese order, largest first: 都道府県 市区町村 町域・番地, then the building."""
    head = "".join(
        normalize(str(address.get(key) or "")) for key in ("state_province", "city", "address_1")
    )
    building = normalize(str(address.get("address_2") or ""))
    return f"{head} {building}".strip() if building else head


def _main_address(document: Mapping[str, Any]) -> Mapping[str, Any]:
    addresses = [a for a in document.get("addresses") or [] if isinstance(a, dict)]
    for kind in ("physical", ""):
        for address in addresses:
            if kind == "" or address.get("address_type") == kind:
                return address
    return {}


def phone(entry: Mapping[str, Any]) -> Phone | None:
    number = normalize(str(entry.get("number") or "")).strip("\"' ")
    if not number:
        return None
    digits = re.sub(r"[^\d+]", "", unicodedata.normalize("NFKC", number))
    tel = ("+" if digits.startswith("+") else "") + digits.replace("+", "")
    extension = entry.get("extension")
    return Phone(
        number=number,
        tel=tel,
        extension=str(extension) if extension not in (None, "") else "",
        description=normalize(str(entry.get("description") or "")),
    )


def phones(entries: Iterable[Any]) -> list[Phone]:
    found = []
    for entry in entries or []:
        p = phone(entry) if isinstance(entry, dict) else None
        if p and p not in found:
            found.append(p)
    return found


def _accessibility(location: Location) -> list[str]:
    notes = []
    if location.wheelchair:
        notes.append(_("車いすで利用できます"))
    if location.parking:
        notes.append(_("駐車場があります"))
    if location.public_transport:
        notes.append(_("公共交通で行けます"))
    for entry in location.document.get("accessibility") or []:
        if isinstance(entry, dict):
            for key in ("description", "details"):
                text = normalize(str(entry.get(key) or ""))
                if text and text not in notes:
                    notes.append(text)
    return notes


def place(sal: ServiceAtLocation) -> Place:
    location = sal.location
    document = location.document or {}
    address = _main_address(document)
    return Place(
        location=location,
        name=location.name or normalize(str(document.get("name") or "")),
        municipality=location.municipality,
        postal_code=postal_code(address.get("postal_code")),
        address=address_text(address),
        phones=phones([*(sal.document.get("phones") or []), *(document.get("phones") or [])]),
        transportation=normalize(str(document.get("transportation") or "")),
        accessibility=_accessibility(location),
        latitude=location.latitude,
        longitude=location.longitude,
    )


# ---- reading -------------------------------------------------------------------------------


def public_region_get(region_code: str) -> Region:
    return get_object_or_404(Region, code=region_code)


def public_service_queryset(region: Region) -> QuerySet[Service]:
    """Published, not defunct, with their places (one query each for services and places)."""
    return (
        Service.objects.filter(region=region, is_published=True)
        .exclude(status=ServiceStatus.DEFUNCT)
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "at_locations",
                queryset=ServiceAtLocation.objects.select_related(
                    "location__municipality"
                ).order_by("location__municipality__code", "location__name", "pk"),
            )
        )
        .order_by("name_kana", "name", "pk")
    )


def public_categories(region: Region) -> list[TaxonomyTerm]:
    """:func:`public_categories_compute`, kept under the region's data version (every search
    page shows them; the query reads every published service's terms: 19 ms at 2,000
    services; issue 25). Public data, the same for every visitor."""
    return dataversion.cached(
        region.pk, "directory:public-categories", lambda: public_categories_compute(region)
    )


def public_categories_compute(region: Region) -> list[TaxonomyTerm]:
    """The taxonomy terms the region's public services use, and their broader terms (choosing
    障害福祉サービス finds 生活介護 ...), for the category filter; not the
    ホッとステーション and access terms, which have filters of their own. In the taxonomy's own
    order (tsunagu.directory.taxonomy.TERMS), then by name."""
    used = Service.terms.through.objects.filter(
        service__region=region, service__is_published=True
    ).exclude(service__status=ServiceStatus.DEFUNCT)
    used_ids = used.values("taxonomyterm_id")
    parents = TaxonomyTerm.objects.filter(pk__in=used_ids).values("parent_id")
    terms = (
        TaxonomyTerm.objects.filter(Q(pk__in=used_ids) | Q(pk__in=parents))
        .exclude(taxonomy_id__in=[taxonomy_uuid(HOT_STATION), taxonomy_uuid(ACCESS)])
        .select_related("taxonomy")
    )
    order = {definition.id: index for index, definition in enumerate(TERMS)}
    return sorted(terms, key=lambda t: (order.get(t.pk, len(order)), t.name))


def public_municipalities(region: Region) -> list[Municipality]:
    return list(region.municipalities.order_by("code"))


def _db_filtered(
    region: Region,
    *,
    query: str = "",
    municipality: str = "",
    category: str = "",
    access: Iterable[str] = (),
) -> QuerySet[Service]:
    services = public_service_queryset(region)
    for word in normalize(query).split():
        key = search_key(word)
        if key:
            services = services.filter(search_text__contains=key)
    if category:  # the term, or one of its narrower terms (障害福祉サービス: 生活介護 ...)
        services = services.filter(
            Exists(
                Service.terms.through.objects.filter(
                    Q(taxonomyterm_id=category) | Q(taxonomyterm__parent_id=category),
                    service=OuterRef("pk"),
                )
            )
        )
    where = Q()
    if municipality:
        where &= Q(location__municipality__code=municipality)
    for name in access:
        if name in ACCESS_FIELDS:
            where &= Q(**{f"location__{ACCESS_FIELDS[name]}": True})
    if where:
        # One place must meet all of them: a wheelchair-accessible place in 東金市.
        services = services.filter(
            Exists(ServiceAtLocation.objects.filter(where, service=OuterRef("pk")))
        )
    return services


def public_service_view(service: Service, *, at: datetime) -> PublicService:
    places = [place(sal) for sal in service.at_locations.all()]
    schedules = service_schedules(service.document, [p.location.document for p in places])
    state = open_state(schedules, at)
    if service.status != ServiceStatus.ACTIVE:
        state = OpenState.CLOSED
    labels = dict(Offering.choices)
    return PublicService(
        service=service,
        places=places,
        phones=phones(service.document.get("phones") or []),
        state=state,
        hours=hours_lines(schedules, today=at.date()),
        offerings=[labels[o] for o in service.offerings if o in labels],
    )


@functools.lru_cache(maxsize=16_384)
def _reading(text: str) -> str:
    """The order of a service by its reading: search_key of the reading (or the name), kept
    for the process's life: a search sorts every match by it (1,700 at 2,000 services)."""
    return search_key(text)


def origin_of(filters: Mapping[str, Any]) -> Origin | None:
    """Where to measure from: the visitor's position, else the office chosen."""
    lat, lng = filters.get("lat"), filters.get("lng")
    if valid_point(lat, lng):
        return Origin(lat, lng, _("現在地"))
    code = filters.get("near") or ""  # the form offers the region's municipalities only
    if code in OFFICES:
        office = OFFICES[code]
        return Origin(office.latitude, office.longitude, str(office.label))
    return None


def _measure(entry: PublicService, origin: Origin) -> None:
    """Distances of the entry's places from the origin, nearest place first."""
    for p in entry.places:
        if p.has_point:
            p.distance_km = haversine_km(origin.latitude, origin.longitude, p.latitude, p.longitude)
    entry.places.sort(key=lambda p: (p.distance_km is None, p.distance_km or 0))
    distances = [p.distance_km for p in entry.places if p.distance_km is not None]
    entry.distance_km = min(distances) if distances else None


def is_ibasho(service: Service) -> bool:
    """On the 居場所 map: offers 居場所, or is a ホッとステーション."""
    return service.is_hot_station or Offering.IBASHO in (service.offerings or [])


def public_service_list(
    region: Region,
    filters: Mapping[str, Any],
    *,
    at: datetime,
    origin: Origin | None = None,
    ibasho_only: bool = False,
) -> list[PublicService]:
    """The services a search finds, nearest first when there is an origin, else by reading."""
    services = _db_filtered(
        region,
        query=filters.get("query") or "",
        municipality=filters.get("municipality") or "",
        category=filters.get("category") or "",
        access=filters.get("access") or (),
    )
    offering = filters.get("offering") or ""
    entries = []
    for service in services:
        if offering and offering not in (service.offerings or []):
            continue
        if ibasho_only and not is_ibasho(service):
            continue
        entry = public_service_view(service, at=at)
        if filters.get("open_now") and not entry.is_open:
            continue
        if origin is not None:
            _measure(entry, origin)
        entries.append(entry)
    # 五十音順 by reading, katakana and hiragana alike; then nearest first when measured.
    entries.sort(key=lambda e: _reading(e.service.name_kana or e.service.name))
    if origin is not None:
        entries.sort(key=lambda e: (e.distance_km is None, e.distance_km or 0))
    return entries


def public_service_page(
    region: Region,
    filters: Mapping[str, Any],
    *,
    at: datetime,
    origin: Origin | None,
    page: Any,
    per_page: int,
) -> tuple[Page, int]:
    """One page of a search and the number found.

    When the order and the filters need each service's hours or places (open now, nearest
    first), every match is built as public_service_list does. Otherwise only the columns the
    order needs are read for the matches, and the full view (documents, places, hours) is
    built for the page alone — with 5,000 services that is the difference between seconds
    and milliseconds."""
    if filters.get("open_now") or origin is not None:
        entries = public_service_list(region, filters, at=at, origin=origin)
        return Paginator(entries, per_page).get_page(page), len(entries)
    found = dataversion.cached(
        region.pk,
        f"directory:public-matches:{sorted((k, str(v)) for k, v in filters.items())!r}",
        lambda: _match_ids(region, filters),
    )
    ids = Paginator(found, per_page).get_page(page)
    services = {
        str(s.pk): s for s in public_service_queryset(region).filter(pk__in=list(ids))
    }
    ids.object_list = [public_service_view(services[pk], at=at) for pk in ids if pk in services]
    return ids, len(found)


def _match_ids(region: Region, filters: Mapping[str, Any]) -> list[str]:
    """The ids of a search's matches in the order of public_service_list (by reading), read
    column by column: kept under the region's data version by public_service_page (public
    data, the same for every visitor), so a repeated search reads none of them again."""
    matches = _db_filtered(
        region,
        query=filters.get("query") or "",
        municipality=filters.get("municipality") or "",
        category=filters.get("category") or "",
        access=filters.get("access") or (),
    )
    offering = filters.get("offering") or ""
    columns = ("pk", "name", "name_kana") + (("offerings",) if offering else ())
    rows = [
        row[:3]
        for row in matches.prefetch_related(None).select_related(None).values_list(*columns)
        if not offering or offering in (row[3] or [])
    ]
    rows.sort(key=lambda r: _reading(r[2] or r[1]))  # the same order as public_service_list
    return [str(r[0]) for r in rows]


def public_service_get(region: Region, pk: Any, *, at: datetime) -> PublicService:
    """One published, non-defunct service of the region, or 404."""
    service = (
        public_service_queryset(region)
        .prefetch_related(Prefetch("terms", queryset=TaxonomyTerm.objects.order_by("name")))
        .filter(pk=pk)
        .first()
    )
    if service is None:
        raise Http404
    return public_service_view(service, at=at)


# ---- the print list and the map ----------------------------------------------------------


@dataclass(frozen=True)
class PrintRow:
    entry: PublicService
    place: Place | None
    phone: Phone | None


@dataclass
class MunicipalityGroup:
    name: str
    rows: list[PrintRow]


def by_municipality(entries: Iterable[PublicService]) -> list[MunicipalityGroup]:
    """Each service under every municipality it has a place in, municipalities in code
    order; services without a municipality last."""
    groups: dict[str, MunicipalityGroup] = {}
    other: list[PrintRow] = []
    for entry in entries:
        seen = set()
        for p in entry.places:
            if p.municipality is None:
                continue
            if p.municipality.code in seen:
                continue
            seen.add(p.municipality.code)
            group = groups.setdefault(
                p.municipality.code, MunicipalityGroup(p.municipality.name, [])
            )
            group.rows.append(PrintRow(entry, p, entry.phone_at(p)))
        if not seen:
            first = entry.places[0] if entry.places else None
            other.append(PrintRow(entry, first, entry.phone_at(first)))
    ordered = [groups[code] for code in sorted(groups)]
    if other:
        ordered.append(MunicipalityGroup(pgettext("市町村", "市町村の登録なし"), other))
    return ordered


def map_points(entries: Iterable[PublicService], url_of: Any) -> list[dict[str, Any]]:
    """Plain data for the map script (json_script): one point per place with coordinates."""
    points = []
    for entry in entries:
        for p in entry.places:
            if not p.has_point:
                continue
            points.append(
                {
                    "name": entry.service.name,
                    "title": _("%(name)s（%(state)s）")
                    % {"name": entry.service.name, "state": entry.state_label},
                    "place": p.name,
                    "url": url_of(entry.service),
                    "lat": p.latitude,
                    "lng": p.longitude,
                    "open": entry.state.value if not entry.status_note else "closed",
                    "state": str(entry.state_label),
                    "hours": pgettext("文の区切り", "。").join(entry.hours),
                    "address": p.address,
                }
            )
    return points
