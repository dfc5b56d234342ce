"""自治体標準オープンデータセット「公共施設一覧」and「介護サービス事業所一覧」into the directory.

The columns are found by the names the specification gives them, in any order. Verified on
2026-12-07 against the item definitions of the 推奨データセット (the datasets' names before
デジタル庁 renamed them 自治体標準オープンデータセット), as published in the FIWARE data models
generated from them (NEC-FIWARE/smart-data-models, cio/12_公共施設一覧 and
cio/02_介護サービス事業所一覧) and in two applications that read the files:

- 公共施設一覧: 都道府県コード又は市区町村コード, NO, 都道府県名, 市区町村名, 名称, 名称_カナ,
  名称_通称, POIコード, 住所, 方書, 緯度, 経度, 電話番号, 内線番号, 法人番号, 団体名,
  利用可能曜日, 開始時間, 終了時間, 利用可能日時特記事項, 説明, バリアフリー情報, URL, 備考
- 介護サービス事業所一覧: 都道府県コード又は市区町村コード, NO, 都道府県名, 市区町村名,
  介護サービス事業所名称, 介護サービス事業所名称_カナ, 実施サービス, 住所, 方書, 緯度, 経度,
  電話番号, 内線番号, FAX番号, 法人番号, 法人の名称, 事業所番号, 利用可能曜日,
  利用可能曜日特記事項, 定員, URL, 備考 (one application reads 利用可能日時特記事項 instead)

NOT verified: the lists of these two datasets in the renamed revision could not be found. What
that revision shares across its datasets was verified in two others (指定緊急避難場所一覧,
消防水利施設一覧): 全国地方公共団体コード, ID, 地方公共団体名, 所在地_連結表記, 所在地_都道府県,
所在地_市区町村, 所在地_町字, 所在地_番地以下, 建物名等(方書); they are accepted as aliases.

The dataset is told by its columns (介護サービス事業所名称, 実施サービス or 事業所番号 make it
介護サービス事業所一覧). Each row becomes one service keyed by the publisher's code and the row's
NO/ID (for 介護サービス事業所一覧 without NO: its 事業所番号), kept as an attribute
(公共施設一覧のID / 介護サービス事業所一覧のID), so the next release updates it. Rows whose
address is not in the region's municipalities are skipped and counted. A row with no address
is placed in the municipality that published it (the code column, when it is one of the
region's) with a warning saying so; when the code is a prefecture's, nothing locates the row:
it is left out with a warning naming the row, the column and the reason. A URL or かな that is
not one is a warning and left empty; all or nothing otherwise, as every import
(directory.imports.wam)."""

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
from tsunagu.directory.imports.places import Place, RegionPlaces
from tsunagu.directory.imports.wam import (
    OUTSIDE_NAMES_SHOWN,
    WamImportResult,
    clean_kana,
    clean_url,
    write_documents,
)

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:tsunagu:directory:standard-dataset")
FACILITIES, CARE_OFFICES = "public-facilities", "care-offices"
COLUMNS = {  # the specification's name first, then the renamed revision's (see above)
    "code": ("都道府県コード又は市区町村コード", "全国地方公共団体コード"),
    "id": ("NO", "ID"),
    "name": ("名称", "介護サービス事業所名称"),
    "kana": ("名称_カナ", "介護サービス事業所名称_カナ"),
    "kind": ("実施サービス",),
    "office": ("事業所番号",),
    "address": ("住所", "所在地_連結表記"),
    "city": ("所在地_市区町村",),
    "prefecture": ("所在地_都道府県",),
    "town": ("所在地_町字",),
    "street": ("所在地_番地以下",),
    "building": ("方書", "建物名等(方書)"),
    "latitude": ("緯度",),
    "longitude": ("経度",),
    "phone": ("電話番号",),
    "extension": ("内線番号",),
    "fax": ("FAX番号",),
    "corporate": ("法人番号",),
    "organization": ("法人の名称", "団体名"),
    "days": ("利用可能曜日",),
    "opens": ("開始時間",),
    "closes": ("終了時間",),
    "notes": ("利用可能日時特記事項", "利用可能曜日特記事項"),
    "description": ("説明",),
    "barrier_free": ("バリアフリー情報",),
    "capacity": ("定員",),
    "url": ("URL",),
}
REQUIRED = ("code", "name")
CARE_COLUMNS = ("介護サービス事業所名称", "実施サービス", "事業所番号")


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
    if "id" not in found and "office" not in found:
        missing.append("NO")
    if "address" not in found and "city" not in found:
        missing.append("住所")
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
    care = any(normalize_header(name) in header for name in CARE_COLUMNS)
    result.dataset = CARE_OFFICES if care else FACILITIES
    places = RegionPlaces(region)
    documents: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        def get(key: str, cells=cells) -> str:
            return (cells[columns[key]] or "").strip() if key in columns else ""

        column_of = {k: header[i] for k, i in columns.items()}
        address_column = column_of.get("address") or column_of["city"]
        if "city" in columns and get("city"):
            place = places.split(get("prefecture") + get("city"),
                                 get("town") + get("street") + get("building"))
        elif get("address"):
            place = places.split(get("address"), get("building"))
        else:  # nothing but the publisher's code says where the row is
            municipality = places.of_code(get("code"))
            if municipality is not None:
                place = Place(municipality, places.prefecture_of(municipality), "")
                result.warnings.append(RowError(number, address_column, _(
                    "住所がありません。%(code_column)s（%(code)s）から%(city)sのものとしました。"
                ) % {"code_column": column_of["code"], "code": get("code"),
                     "city": municipality.name}))
            elif get("code")[:2] in places.prefectures and not _municipality_code(get("code")):
                result.unplaced += 1
                result.warnings.append(RowError(number, address_column, _(
                    "住所がなく、%(code_column)s（%(code)s）も市町村ではないため、場所がわかりません。"
                    "この行（%(name)s）は取り込みませんでした。"
                ) % {"code_column": column_of["code"], "code": get("code") or "-",
                     "name": get("name")}))
                continue
            else:
                place = Place(None, "", "")
        if place.municipality is None:
            result.outside += 1
            if len(result.outside_names) < OUTSIDE_NAMES_SHOWN:
                where = get("address") or get("prefecture") + get("city") or get("code")
                result.outside_names.append(f"{get('name')}（{where}）")
            continue
        row_id = get("id") or (f"事業所番号{get('office')}" if get("office") else "")
        key = f"{normalize(get('code'))}:{normalize(row_id)}"
        if not row_id or not get("name"):
            for k in ("id" if "id" in columns else "office", "name"):
                if not get(k):
                    result.errors.append(RowError(number, column_of[k], _("値がありません。")))
            continue
        if key in seen:
            result.errors.append(RowError(number, column_of.get("id") or column_of["office"], _(
                "同じ ID が %(row)d 行目にもあります。") % {"row": seen[key]}))
            continue
        seen[key] = number
        documents.append((number, _document(region, result, number, get, column_of, place, key)))
    if result.errors:
        return result
    write_documents(actor=actor, region=region, documents=documents, result=result,
                    source="standard", note=_("自治体標準オープンデータセットの取り込み"))
    return result


def _municipality_code(code: str) -> bool:
    """Whether ``code`` is a municipality's 全国地方公共団体コード (not a prefecture's)."""
    text = normalize(code).strip()
    return len(text) in (5, 6) and text[2:5] != "000"


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
    if get("barrier_free"):
        description.append(_("バリアフリー: %(text)s") % {"text": get("barrier_free")})
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
    extension = normalize(get("extension"))
    if phones and phones[0]["type"] == "voice" and extension.isdigit():
        phones[0]["extension"] = int(extension)
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
