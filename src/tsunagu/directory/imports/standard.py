"""自治体標準オープンデータセット「公共施設一覧」and「介護サービス事業所一覧」into the directory.

The columns are found by their standard names, in any order (versions differ: 住所 or
所在地_連結表記 / 所在地_都道府県 … 所在地_番地以下, ID or NO); the dataset is told by its
columns (介護サービスの種類 or 介護サービス事業所名称 make it 介護サービス事業所一覧). Each row
becomes one service keyed by the publisher's code and the row's ID (kept as an attribute:
公共施設一覧のID / 介護サービス事業所一覧のID), so the next release updates it. Rows whose address
is not in the region's municipalities are skipped and counted; a URL or かな that is not one is
a warning and left empty; all or nothing, as every import (directory.imports.wam)."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

from django.utils.translation import gettext as _

from tsunagu.core.models import Region
from tsunagu.core.tabular import RowError, TabularError, decode_csv, normalize_header, read_table
from tsunagu.core.text import normalize
from tsunagu.directory import taxonomy as tx
from tsunagu.directory.imports.places import RegionPlaces
from tsunagu.directory.imports.wam import (
    OUTSIDE_NAMES_SHOWN,
    WamImportResult,
    clean_kana,
    clean_url,
    write_documents,
)

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:tsunagu:directory:standard-dataset")
FACILITIES, CARE_OFFICES = "public-facilities", "care-offices"
COLUMNS = {
    "code": ("都道府県コード又は市区町村コード", "全国地方公共団体コード"),
    "id": ("ID", "NO"),
    "name": ("名称", "介護サービス事業所名称"),
    "kana": ("名称_カナ", "介護サービス事業所名称_カナ"),
    "kind": ("介護サービスの種類",),
    "address": ("所在地_連結表記", "住所"),
    "city": ("所在地_市区町村",),
    "prefecture": ("所在地_都道府県",),
    "town": ("所在地_町字",),
    "street": ("所在地_番地以下",),
    "building": ("建物名等(方書)", "方書"),
    "latitude": ("緯度",),
    "longitude": ("経度",),
    "phone": ("電話番号",),
    "fax": ("FAX番号",),
    "corporate": ("法人番号",),
    "organization": ("法人の名称", "団体名"),
    "days": ("利用可能曜日",),
    "opens": ("開始時間",),
    "closes": ("終了時間",),
    "notes": ("利用可能日時特記事項", "利用可能曜日特記事項"),
    "description": ("説明",),
    "capacity": ("定員",),
    "url": ("URL",),
}
REQUIRED = ("code", "id", "name")


class StandardImportResult(WamImportResult):
    dataset: str = ""


def _header(data: bytes) -> tuple[str, ...]:
    text, _encoding = decode_csv(data[: 64 * 1024])  # the header line is near the start
    for cells in csv.reader(io.StringIO(text)):
        if any(c.strip() for c in cells):
            found = [normalize_header(c) for c in cells]
            while found and not found[-1]:
                found.pop()
            return tuple(found)
    raise TabularError(_("ファイルが空です。"))


def _columns(header: tuple[str, ...]) -> dict[str, int]:
    index = {name: i for i, name in enumerate(header)}
    found = {}
    for key, names in COLUMNS.items():
        for name in names:
            if normalize_header(name) in index:
                found[key] = index[normalize_header(name)]
                break
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in found]
    if "address" not in found and "city" not in found:
        missing.append("所在地_連結表記")
    if missing:
        raise TabularError(
            _("自治体標準オープンデータセット（公共施設一覧・介護サービス事業所一覧）の見出しがありません: %(names)s")
            % {"names": "、".join(f"「{m}」" for m in missing)})
    return found


def import_standard(*, actor: Any, region: Region, data: bytes, filename: str,
                    dry_run: bool = False) -> StandardImportResult:
    if data.startswith(b"PK\x03\x04"):
        raise TabularError(
            _("CSV のファイルを選んでください（自治体標準オープンデータセットは CSV で公開されています）。"))
    header = _header(data)
    columns = _columns(header)
    table = read_table(data, filename, header)
    result = StandardImportResult(dry_run=dry_run, rows=len(table.rows), errors=list(table.errors))
    result.dataset = CARE_OFFICES if ("kind" in columns or header[columns["name"]] != "名称") else FACILITIES
    places = RegionPlaces(region)
    documents: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        def get(key: str, cells=cells) -> str:
            return (cells[columns[key]] or "").strip() if key in columns else ""

        if "city" in columns:
            place = places.split(get("prefecture") + get("city"),
                                 get("town") + get("street") + get("building"))
        else:
            place = places.split(get("address"), get("building"))
        if place.municipality is None:
            result.outside += 1
            if len(result.outside_names) < OUTSIDE_NAMES_SHOWN:
                result.outside_names.append(f"{get('name')}（{get('address') or get('city')}）")
            continue
        key = f"{normalize(get('code'))}:{normalize(get('id'))}"
        column_of = {k: header[i] for k, i in columns.items()}
        if not get("id") or not get("name"):
            for k in ("id", "name"):
                if not get(k):
                    result.errors.append(RowError(number, column_of[k], _("値がありません。")))
            continue
        if key in seen:
            result.errors.append(RowError(number, column_of["id"], _(
                "同じ ID が %(row)d 行目にもあります。") % {"row": seen[key]}))
            continue
        seen[key] = number
        documents.append((number, _document(region, result, number, get, column_of, place, key)))
    if result.errors:
        return result
    write_documents(actor=actor, region=region, documents=documents, result=result,
                    source="standard", note=_("自治体標準オープンデータセットの取り込み"))
    return result


def _document(region, result, number, get, column_of, place, key) -> dict:
    service_id = str(uuid.uuid5(NAMESPACE, f"{region.pk}:{result.dataset}:{key}"))
    location_id = str(uuid.uuid5(uuid.UUID(service_id), "location"))
    document: dict[str, Any] = {"id": service_id, "name": get("name"), "status": "active"}

    def warn(k: str, reason: str) -> None:
        result.warnings.append(RowError(number, column_of[k], reason))

    kana = clean_kana(get("kana"))
    if kana is None:
        warn("kana", _("かなとして読めない文字があります（「%(value)s」）。空欄にしました。") % {"value": get("kana")})
    elif kana:
        document["alternate_name"] = kana
    url = clean_url(get("url"))
    if url is None:
        warn("url", _("URL ではありません（「%(value)s」）。空欄にしました。") % {"value": get("url")})
    elif url:
        document["url"] = url
    description = [get("kind"), get("description")]
    if get("capacity"):
        description.append(_("定員 %(n)s人") % {"n": get("capacity")})
    if any(description):
        document["description"] = "・".join(d for d in description if d)
    corporate = normalize(get("corporate"))
    organization_name = get("organization") or get("name")
    organization_id = str(uuid.uuid5(NAMESPACE, f"{region.pk}:organization:{corporate or organization_name}"))
    organization: dict[str, Any] = {"id": organization_id, "name": organization_name, "description": ""}
    if corporate:
        organization["organization_identifiers"] = [{
            "id": str(uuid.uuid5(uuid.UUID(organization_id), "corporate-number")),
            "identifier_type": "法人番号", "identifier_scheme": "JP-CN", "identifier": corporate,
        }]
    document["organization"] = organization
    phones = [
        {"id": str(uuid.uuid5(uuid.UUID(service_id), kind)), "number": get(k), "type": kind}
        for k, kind in (("phone", "voice"), ("fax", "fax")) if get(k)
    ]
    if phones:
        document["phones"] = phones
    hours = " ".join(p for p in (get("days"), "～".join(t for t in (get("opens"), get("closes")) if t)) if p)
    if hours or get("notes"):
        schedule: dict[str, Any] = {"id": str(uuid.uuid5(uuid.UUID(service_id), "schedule")), "timezone": 9}
        if hours:
            schedule["description"] = hours
        if get("notes"):
            schedule["notes"] = get("notes")
        document["schedules"] = [schedule]
    location: dict[str, Any] = {
        "id": location_id, "location_type": "physical", "name": get("name"),
        "addresses": [{
            "id": str(uuid.uuid5(uuid.UUID(location_id), "address")), "address_type": "physical",
            "address_1": place.rest, "city": place.municipality.name,
            "state_province": place.prefecture, "postal_code": "", "country": "JP",
        }],
    }
    try:
        lat, lon = float(normalize(get("latitude"))), float(normalize(get("longitude")))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            location["latitude"], location["longitude"] = lat, lon
    except ValueError:
        if get("latitude") or get("longitude"):
            warn("latitude", _("緯度・経度として読めません。空欄にしました。"))
    document["service_at_locations"] = [
        {"id": str(uuid.uuid5(uuid.UUID(service_id), "at-location")), "location": location}]
    identifier = tx.ID_STANDARD_CARE_OFFICE if result.dataset == CARE_OFFICES else tx.ID_STANDARD_FACILITY
    codes = ["kind-health-welfare" if result.dataset == CARE_OFFICES else "kind-government"]
    document["attributes"] = [
        tx.attribute_document(link_id=service_id, link_entity="service", code=code) for code in codes
    ] + [tx.attribute_document(link_id=service_id, link_entity="service", code=identifier, value=key)]
    return document
