"""WAM NET 障害福祉サービス等情報公表システム open data into the directory.

The files are published per service type for all of Japan (CP932, 29 columns, one row per
事業所 and service type). Only the rows whose 事業所住所（市区町村） is one of the region's
municipalities are read; the others are skipped and counted. Each row becomes one HSDS service
(its 事業所 the location, its 法人 the organization) whose ids derive from the region and the
事業所番号 + サービス種別, and which carries the 事業所番号 as an attribute (WAM NET 事業所番号):
the next release's file updates the same services and reports 作成・更新・変更なし.

The center cannot correct WAM's data: a URL that is not one, かな with ``?`` (characters CP932
lacked), coordinates that are not numbers are warnings for their row and left empty. What
cannot make a service (no 事業所番号, no name, the same 事業所番号 and service type twice) is an
error naming the row and column, and nothing is written (all or nothing)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.core.models import Region
from tsunagu.core.tabular import RowError, match_key, normalize_header, read_table
from tsunagu.core.text import normalize
from tsunagu.directory import taxonomy as tx
from tsunagu.directory.hsds.readers import is_kana
from tsunagu.directory.hsds.writer import CREATED, UNCHANGED, DocumentWriter
from tsunagu.directory.imports.places import Place, RegionPlaces
from tsunagu.directory.models import Service
from tsunagu.directory.validation import HSDSError

HEADERS = (
    "都道府県コード又は市区町村コード", "NO（※システム内の固有の番号、連番）", "指定機関名",
    "法人の名称", "法人の名称_かな", "法人番号", "法人住所（市区町村）", "法人住所（番地以降）",
    "法人電話番号", "法人FAX番号", "法人URL", "サービス種別", "事業所の名称", "事業所の名称_かな",
    "事業所番号", "事業所住所（市区町村）", "事業所住所（番地以降）", "事業所電話番号",
    "事業所FAX番号", "事業所URL", "事業所緯度", "事業所経度", "利用可能な時間帯（平日）",
    "利用可能な時間帯（土曜）", "利用可能な時間帯（日曜）", "利用可能な時間帯（祝日）", "定休日",
    "利用可能曜日特記事項（留意事項）", "定員",
)  # fmt: skip
_KEYS = tuple(normalize_header(h) for h in HEADERS)
COL = {h: i for i, h in enumerate(HEADERS)}
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:tsunagu:directory:wam")
HOURS = (("利用可能な時間帯（平日）", "平日"), ("利用可能な時間帯（土曜）", "土曜"),
         ("利用可能な時間帯（日曜）", "日曜"), ("利用可能な時間帯（祝日）", "祝日"))  # fmt: skip
OUTSIDE_NAMES_SHOWN = 20
_HOST = re.compile(r"^[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?$")


def clean_url(text: str) -> str | None:
    """The URL, "" for none, or None when it is not a URL (spaces, no host, not http/https)."""
    text = normalize(text).strip()
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not _HOST.match(parts.netloc or ""):
        return None
    if any(c.isspace() for c in text):
        return None
    return text


def clean_kana(text: str) -> str | None:
    text = normalize(text).strip()
    if not text:
        return ""
    if "?" in text or "？" in text or not is_kana(text):
        return None
    return text


def _float(text: str, low: float, high: float) -> float | None:
    try:
        value = float(normalize(text).strip())
    except ValueError:
        return None
    return value if low <= value <= high else None


@dataclass
class WamImportResult:
    dry_run: bool
    rows: int = 0
    outside: int = 0
    outside_names: list[str] = field(default_factory=list)
    unplaced: int = 0  # rows with no address, that nothing else places (left out, warned)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        n = {"rows": self.rows, "outside": self.outside, "created": self.created,
             "updated": self.updated, "unchanged": self.unchanged,
             "inside": self.rows - self.outside - self.unplaced,
             "unplaced": self.unplaced}  # fmt: skip
        text = _("%(rows)d 行のうち圏域の %(inside)d 行を読み、圏域外の %(outside)d 行を読み飛ばしました。") % n
        if self.unplaced:
            text += _("住所がなく場所のわからない %(unplaced)d 行も取り込んでいません（警告を見てください）。") % n
        text += _("サービス: 作成 %(created)d件・更新 %(updated)d件・変更なし %(unchanged)d件") % n
        if self.dry_run:
            text += _("（確認のみ、書き込んでいません）")
        return text

    def outside_text(self) -> str:
        shown = "、".join(self.outside_names[:OUTSIDE_NAMES_SHOWN])
        if self.outside > OUTSIDE_NAMES_SHOWN:
            shown += _("、ほか %(n)d 行") % {"n": self.outside - OUTSIDE_NAMES_SHOWN}
        return shown


class _Rollback(Exception):
    pass


def write_documents(*, actor: Any, region: Region, documents: list[tuple[int, dict]],
                    result: Any, source: str, note: str) -> None:
    """Write the services built from the rows, in one transaction: unchanged documents are not
    written; CREATED/UPDATED/UNCHANGED counted on ``result``; rolled back on any error or for
    a dry run (``result.dry_run``)."""
    writer = DocumentWriter(actor=actor, region=region)
    stored = dict(
        Service.objects.filter(region=region, pk__in=[d["id"] for _n, d in documents])
        .values_list("pk", "document")
    )
    try:
        with transaction.atomic():
            for number, document in documents:
                if stored.get(uuid.UUID(document["id"])) == document:
                    result.unchanged += 1
                    continue
                try:
                    with transaction.atomic():
                        _service, outcome = writer.write_service(document, source=source, note=note)
                except HSDSError as problem:
                    result.errors += [RowError(number, "", f"{e.path}: {e.reason}")
                                      for e in problem.errors]
                    continue
                if outcome == CREATED:
                    result.created += 1
                elif outcome == UNCHANGED:
                    result.unchanged += 1
                else:
                    result.updated += 1
            if result.errors or result.dry_run:
                raise _Rollback
    except _Rollback:
        pass


def _id(region: Region, *parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join([str(region.pk), *parts])))


def _service_term(kind: str) -> str:
    key = match_key(kind)
    for term in tx.TERMS:
        if term.taxonomy == tx.SERVICE and match_key(term.name) == key:
            return term.code
    return tx.DISABILITY_WELFARE


class _Row:
    def __init__(self, number: int, cells: list[str], result: WamImportResult) -> None:
        self.number = number
        self.cells = cells
        self.result = result

    def get(self, column: str) -> str:
        return normalize(self.cells[COL[column]] or "").strip()

    def raw(self, column: str) -> str:
        return (self.cells[COL[column]] or "").strip()

    def warn(self, column: str, reason: str) -> None:
        self.result.warnings.append(RowError(self.number, column, reason))


def _document(region: Region, row: _Row, place) -> dict:
    office = row.get("事業所番号")
    kind = row.get("サービス種別")
    service_id = _id(region, "service", office, match_key(kind))
    location_id = _id(region, "location", office)
    corporate = row.get("法人番号")
    organization_id = _id(region, "organization", corporate or match_key(row.get("法人の名称")))
    document: dict[str, Any] = {"id": service_id, "name": row.raw("事業所の名称"), "status": "active"}

    kana = clean_kana(row.raw("事業所の名称_かな"))
    if kana is None:
        row.warn("事業所の名称_かな", _("かなとして読めない文字があります（「%(value)s」）。空欄にしました。")
                 % {"value": row.raw("事業所の名称_かな")})
    elif kana:
        document["alternate_name"] = kana
    url = clean_url(row.raw("事業所URL"))
    if url is None:
        row.warn("事業所URL", _("URL ではありません（「%(value)s」）。空欄にしました。")
                 % {"value": row.raw("事業所URL")})
    elif url:
        document["url"] = url
    capacity = row.get("定員")
    if capacity:
        document["description"] = _("%(kind)s・定員 %(n)s人") % {"kind": kind, "n": capacity}
    elif kind:
        document["description"] = kind

    organization: dict[str, Any] = {
        "id": organization_id, "name": row.raw("法人の名称") or row.raw("事業所の名称"),
        "description": "",
    }
    org_kana = clean_kana(row.raw("法人の名称_かな"))
    if org_kana:
        organization["alternate_name"] = org_kana
    org_url = clean_url(row.raw("法人URL"))
    if org_url:
        organization["website"] = org_url
    if corporate:
        organization["organization_identifiers"] = [{
            "id": str(uuid.uuid5(uuid.UUID(organization_id), "corporate-number")),
            "identifier_type": "法人番号", "identifier_scheme": "JP-CN", "identifier": corporate,
        }]
    document["organization"] = organization

    phones = []
    for column, kind_of in (("事業所電話番号", "voice"), ("事業所FAX番号", "fax")):
        number = row.get(column)
        if number:
            phones.append({"id": str(uuid.uuid5(uuid.UUID(service_id), kind_of)),
                           "number": number, "type": kind_of})
    if phones:
        document["phones"] = phones

    hours = [f"{label} {row.raw(column)}" for column, label in HOURS if row.raw(column)]
    if row.raw("定休日"):
        hours.append(_("定休日 %(days)s") % {"days": row.raw("定休日")})
    if hours or row.get("利用可能曜日特記事項（留意事項）"):
        schedule: dict[str, Any] = {"id": str(uuid.uuid5(uuid.UUID(service_id), "schedule")),
                                    "timezone": 9}
        if hours:
            schedule["description"] = "／".join(hours)
        if row.get("利用可能曜日特記事項（留意事項）"):
            schedule["notes"] = row.raw("利用可能曜日特記事項（留意事項）")
        document["schedules"] = [schedule]

    location: dict[str, Any] = {
        "id": location_id, "location_type": "physical", "name": row.raw("事業所の名称"),
        "addresses": [{
            "id": str(uuid.uuid5(uuid.UUID(location_id), "address")),
            "address_type": "physical", "address_1": place.rest, "city": place.municipality.name,
            "state_province": place.prefecture, "postal_code": "", "country": "JP",
        }],
    }
    latitude, longitude = row.get("事業所緯度"), row.get("事業所経度")
    if latitude or longitude:
        lat, lon = _float(latitude, -90, 90), _float(longitude, -180, 180)
        if lat is None or lon is None:
            row.warn("事業所緯度", _("緯度・経度として読めません（「%(lat)s」「%(lon)s」）。空欄にしました。")
                     % {"lat": latitude, "lon": longitude})
        else:
            location["latitude"], location["longitude"] = lat, lon
    document["service_at_locations"] = [
        {"id": str(uuid.uuid5(uuid.UUID(service_id), "location")), "location": location}
    ]
    document["attributes"] = [
        tx.attribute_document(link_id=service_id, link_entity="service",
                              code=_service_term(kind)),
        tx.attribute_document(link_id=service_id, link_entity="service",
                              code="kind-health-welfare"),
        tx.attribute_document(link_id=service_id, link_entity="service", code=tx.ID_WAM_OFFICE,
                              value=f"{office}:{kind}"),
    ]
    return document


def _place_of_code(places: RegionPlaces, row: _Row) -> Place | None:
    """A row without an address: the municipality its 都道府県コード又は市区町村コード names, with
    a warning; None (the row left out, with a warning) when the code is a prefecture's."""
    code_column = "都道府県コード又は市区町村コード"
    code = row.get(code_column)
    municipality = places.of_code(code)
    if municipality is not None:
        row.warn("事業所住所（市区町村）", _(
            "住所がありません。%(code_column)s（%(code)s）から%(city)sのものとしました。"
        ) % {"code_column": code_column, "code": code, "city": municipality.name})
        return Place(municipality, places.prefecture_of(municipality), "")
    if code[:2] not in places.prefectures or code[2:5] not in ("000", ""):
        return Place(None, "", "")  # another prefecture's or municipality's: outside the region
    row.result.unplaced += 1
    row.warn("事業所住所（市区町村）", _(
        "住所がなく、%(code_column)s（%(code)s）も市町村ではないため、場所がわかりません。"
        "この行（%(name)s）は取り込みませんでした。"
    ) % {"code_column": code_column, "code": code or "-", "name": row.raw("事業所の名称")})
    return None


def import_wam(*, actor: Any, region: Region, data: bytes, filename: str,
               dry_run: bool = False) -> WamImportResult:
    """Check every row of the region, then write every changed service in one transaction
    (rolled back on any error, or for a dry run). TabularError if the file cannot be read."""
    table = read_table(data, filename, _KEYS)
    result = WamImportResult(dry_run=dry_run, rows=len(table.rows), errors=list(table.errors))
    places = RegionPlaces(region)
    documents: list[tuple[int, dict]] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in table.rows:
        row = _Row(number, cells, result)
        if not row.get("事業所住所（市区町村）") and not row.get("事業所住所（番地以降）"):
            place = _place_of_code(places, row)
            if place is None:
                continue
        else:
            place = places.split(row.raw("事業所住所（市区町村）"), row.raw("事業所住所（番地以降）"))
        if place.municipality is None:
            result.outside += 1
            if len(result.outside_names) < OUTSIDE_NAMES_SHOWN:
                result.outside_names.append(
                    f"{row.raw('事業所の名称')}（{row.raw('事業所住所（市区町村）')}）")
            continue
        office, name = row.get("事業所番号"), row.raw("事業所の名称")
        if not office:
            result.errors.append(RowError(number, "事業所番号", _("事業所番号がありません。")))
        if not name:
            result.errors.append(RowError(number, "事業所の名称", _("事業所の名称がありません。")))
        if not office or not name:
            continue
        key = (office, match_key(row.get("サービス種別")))
        if key in seen:
            result.errors.append(RowError(number, "事業所番号", _(
                "同じ事業所番号・サービス種別が %(row)d 行目にもあります。") % {"row": seen[key]}))
            continue
        seen[key] = number
        documents.append((number, _document(region, row, place)))
    if result.errors:
        return result
    write_documents(actor=actor, region=region, documents=documents, result=result,
                    source="wam", note=_("WAM NET の取り込み"))
    return result
