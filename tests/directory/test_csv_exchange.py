"""The flat sheet for Excel users: export (UTF-8 with BOM or CP932), import that changes only
what the sheet changes, all or nothing, with errors naming 行・列 and the reason."""

import csv
import io
import uuid

import pytest
from tests.directory.fixtures_api import hsds_example, japanese_service

from tsunagu.core.tabular import TabularError
from tsunagu.directory import taxonomy as tx
from tsunagu.directory.csv_exchange.columns import HEADERS
from tsunagu.directory.csv_exchange.export import export_csv
from tsunagu.directory.csv_exchange.sheet_import import import_csv
from tsunagu.directory.hsds.exports import service_export
from tsunagu.directory.hsds.services import service_import
from tsunagu.directory.models import Location, ResourceOrganization, Service
from tsunagu.directory.validation import validate


def _rows(data: bytes, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode(encoding), newline="")))


def _sheet(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADERS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({h: row.get(h, "") for h in HEADERS})
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _import(region, rows, **kwargs):
    return import_csv(actor="test", region=region, data=_sheet(rows), filename="in.csv", **kwargs)


NEW_ROW = {
    "名称": "みんなの食堂",
    "名称(かな)": "みんなのしょくどう",
    "運営団体": "みんなの食堂の会",
    "説明": "月に一度の子ども食堂です。",
    "分類コード": "svc-kodomo-shokudo;ボランティアグループ",
    "提供内容": "居場所",
    "郵便番号": "２８９－１３２６",
    "市町村": "山武市",
    "町域・番地": "成東2495",
    "建物": "",
    "電話番号": "0475-11-2222",
    "メール": "shokudo@example.invalid",
    "URL": "https://example.invalid/shokudo",
    "緯度": "35.6",
    "経度": "140.41",
    "車いす": "○",
    "駐車場": "",
    "公共交通": "はい",
    "開所時間": "毎月第3土曜 11:00〜14:00",
    "最終確認日": "R6.4.1",
}


def test_export_has_one_row_per_place_and_the_headers(hsds_japanese_service, region):
    data, notes, count = export_csv(region=region)

    assert data.startswith(b"\xef\xbb\xbf") and notes == [] and count == 1
    [row] = _rows(data)
    assert tuple(row) == HEADERS
    assert row["サービスID"] == str(hsds_japanese_service.pk)
    assert row["名称(かな)"] == "フラットカフェトウガネ"
    assert row["運営団体"] == "株式会社ふらっと"
    assert row["分類コード"] == "svc-ibasho;kind-business"
    assert row["提供内容"] == "ibasho;cool"
    assert (row["郵便番号"], row["市町村"], row["町域・番地"], row["建物"]) == (
        "283-0802",
        "東金市",
        "東金1390",
        "駅前ビル1階",
    )
    assert (row["緯度"], row["経度"]) == ("35.5597", "140.3661")
    assert (row["車いす"], row["駐車場"], row["公共交通"]) == ("○", "○", "")
    assert row["開所時間"] == "平日 10:00〜17:00"
    assert row["最終確認日"] == "2024-04-01"


def test_export_neutralizes_formulas(region):
    document = japanese_service()
    document["description"] = '=HYPERLINK("http://evil")'
    service_import(actor="test", region=region, document=document)
    [row] = _rows(export_csv(region=region)[0])
    assert row["説明"].startswith("'=")


def test_export_in_cp932_substitutes_and_tells(region):
    document = japanese_service(name="𠮷野家の居場所")
    service_import(actor="test", region=region, document=document)

    data, notes, _count = export_csv(region=region, encoding="cp932")

    assert not data.startswith(b"\xef\xbb\xbf")
    [row] = _rows(data, "cp932")
    assert row["名称"] == "吉野家の居場所"
    assert any("𠮷" in note for note in notes)


def test_export_then_import_changes_nothing(hsds_japanese_service, hsds_service, region):
    before = {s.pk: service_export(s) for s in Service.objects.all()}
    data, _notes, _count = export_csv(region=region)

    result = import_csv(actor="test", region=region, data=data, filename="out.csv")

    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert {s.pk: service_export(s) for s in Service.objects.all()} == before


def test_cp932_export_imports_back(hsds_japanese_service, region):
    data, _notes, _count = export_csv(region=region, encoding="cp932")
    result = import_csv(actor="test", region=region, data=data, filename="out.csv")
    assert (result.errors, result.unchanged) == ([], 1)


def test_a_new_row_becomes_a_fully_nested_service(region):
    result = _import(region, [NEW_ROW])

    assert result.errors == [] and result.created == 1
    service = Service.objects.get()
    document = service_export(service)
    assert validate(document, "service") == []
    assert service.name_kana == "みんなのしょくどう"
    assert service.is_hot_station and service.offerings == ["ibasho"]
    assert {t.code for t in service.terms.all()} >= {"svc-kodomo-shokudo", "kind-volunteer-group"}
    address = document["service_at_locations"][0]["location"]["addresses"][0]
    assert address == {
        "id": address["id"],
        "address_type": "physical",
        "address_1": "成東2495",
        "city": "山武市",
        "state_province": "千葉県",
        "postal_code": "289-1326",
        "country": "JP",
    }
    location = Location.objects.get()
    assert location.municipality.name == "山武市"
    assert (location.wheelchair, location.parking, location.public_transport) == (
        True,
        False,
        True,
    )
    assert document["assured_date"] == "2024-04-01"
    assert document["schedules"][0]["description"] == "毎月第3土曜 11:00〜14:00"
    assert document["organization"]["name"] == "みんなの食堂の会"
    # Exported again, the row reads as it was typed (in normal form).
    [row] = _rows(export_csv(region=region)[0])
    assert row["分類コード"] == "svc-kodomo-shokudo;kind-volunteer-group"
    assert row["郵便番号"] == "289-1326" and row["公共交通"] == "○"


def test_an_edited_cell_changes_only_that_field(hsds_service, region):
    before = service_export(hsds_service)
    [row] = _rows(export_csv(region=region)[0])
    row["名称"] = "地域のカウンセリング"
    row["車いす"] = "○"

    result = _import(region, [row])

    assert (result.errors, result.updated) == ([], 1)
    after = service_export(Service.objects.get(pk=hsds_service.pk))
    assert after["name"] == "地域のカウンセリング"
    location = after["service_at_locations"][0]["location"]
    assert [a["taxonomy_term"]["code"] for a in location["attributes"]] == [tx.ACCESS_WHEELCHAIR]
    # Everything the sheet cannot hold is as it was.
    for key in ("phones", "schedules", "contacts", "attributes", "metadata", "cost_options"):
        assert after[key] == before[key], key
    assert location["addresses"] == before["service_at_locations"][0]["location"]["addresses"]
    assert Service.objects.get(pk=hsds_service.pk).revisions.count() == 1


def test_a_row_without_a_place_id_adds_a_place(hsds_japanese_service, region):
    [row] = _rows(export_csv(region=region)[0])
    second = {
        **row,
        "実施場所ID": "",
        "郵便番号": "289-1608",
        "市町村": "芝山町",
        "町域・番地": "小池992",
    }

    result = _import(region, [row, second])

    assert (result.errors, result.updated) == ([], 1)
    service = Service.objects.get(pk=hsds_japanese_service.pk)
    assert sorted(loc.municipality.name for loc in service.locations.all()) == ["東金市", "芝山町"]


def test_an_existing_organization_is_found_by_name(hsds_japanese_service, region):
    result = _import(region, [dict(NEW_ROW, 運営団体="株式会社　ふらっと")])
    assert result.errors == []
    assert ResourceOrganization.objects.count() == 1


def test_errors_name_row_column_and_reason_and_nothing_is_written(region):
    bad = dict(
        NEW_ROW,
        名称="",
        分類コード="svc-unknown",
        提供内容="カラオケ",
        郵便番号="12-34",
        緯度="135",
        車いす="たぶん",
        メール="no-at-sign",
        URL="ftp://x",
        最終確認日="昨日",
        サービスID="not-a-uuid",
    )
    result = _import(region, [NEW_ROW, bad])

    messages = [str(e) for e in result.errors]
    columns = {e.column for e in result.errors}
    assert {e.row for e in result.errors} == {3}
    assert {
        "サービスID", "名称", "分類コード", "提供内容", "郵便番号", "緯度", "車いす", "メール",
        "URL", "最終確認日",
    } <= columns  # fmt: skip
    assert "行 3, 列「分類コード」: 分類「svc-unknown」はありません。" in messages
    assert not Service.objects.exists()


def test_rows_of_one_service_must_agree(hsds_japanese_service, region):
    [row] = _rows(export_csv(region=region)[0])
    other = dict(row, 実施場所ID="", 名称="別の名前")
    result = _import(region, [row, other])
    assert [(e.row, e.column) for e in result.errors] == [(3, "名称")]


def test_ids_of_another_region_are_refused(region, other_region):
    other = service_import(actor="test", region=other_region, document=japanese_service())
    result = _import(region, [dict(NEW_ROW, サービスID=str(other.pk))])
    assert [(e.row, e.column) for e in result.errors] == [(2, "サービスID")]


def test_a_place_of_another_service_is_refused(hsds_japanese_service, hsds_service, region):
    sal = hsds_japanese_service.at_locations.get()
    row = dict(NEW_ROW, サービスID=str(hsds_service.pk), 実施場所ID=str(sal.pk))
    result = _import(region, [row])
    assert [(e.row, e.column) for e in result.errors] == [(2, "実施場所ID")]


def test_an_address_must_be_in_the_region(region):
    """A 市町村 that is not one of the region's is refused (no service with no municipality);
    the 都道府県 then comes from the region's municipality code."""
    row = dict(NEW_ROW, 郵便番号="", 市町村="どこか町")
    result = _import(region, [row])
    assert [str(e) for e in result.errors] == [
        "行 2, 列「市町村」: 「どこか町」は圏域の市町村ではありません。"]
    assert _import(region, [dict(row, 市町村="千葉県どこか町")]).errors != []
    assert _import(region, [dict(row, 市町村="San Mateo")]).errors != []
    assert _import(region, [dict(row, 市町村="山武郡芝山町")]).errors == []
    address = Service.objects.get().document["service_at_locations"][0]["location"]["addresses"][0]
    assert address["state_province"] == "千葉県"


def test_dry_run_writes_nothing(region):
    result = _import(region, [NEW_ROW], dry_run=True)
    assert (result.errors, result.created) == ([], 1)
    assert "確認のみ" in result.summary()
    assert not Service.objects.exists()


def test_wrong_headers_are_refused_as_a_whole(region):
    with pytest.raises(TabularError, match="見出し"):
        import_csv(actor="test", region=region, data=b"a,b\r\n1,2\r\n", filename="x.csv")


def test_blank_hours_and_phone_remove_them(hsds_japanese_service, region):
    [row] = _rows(export_csv(region=region)[0])
    result = _import(region, [dict(row, 開所時間="", 電話番号="")])
    assert result.errors == []
    document = Service.objects.get(pk=hsds_japanese_service.pk).document
    assert "phones" not in document
    assert "description" not in document["schedules"][0]  # its times are kept
    assert document["schedules"][0]["opens_at"] == "10:00+09:00"


def test_offerings_cleared_remove_the_mark(hsds_japanese_service, region):
    [row] = _rows(export_csv(region=region)[0])
    assert _import(region, [dict(row, 提供内容="")]).errors == []
    service = Service.objects.get(pk=hsds_japanese_service.pk)
    assert (service.is_hot_station, service.offerings) == (False, [])
    assert {t.code for t in service.terms.all()} == {"svc-ibasho", "kind-business"}


def test_the_official_example_survives_a_sheet_round_trip(region):
    document = hsds_example("service_full")
    service_import(actor="test", region=region, document=document)
    data = export_csv(region=region, encoding="cp932")[0]
    assert import_csv(actor="test", region=region, data=data, filename="x.csv").unchanged == 1
    assert service_export(Service.objects.get()) == document


def test_a_new_service_gets_ids(region):
    _import(region, [NEW_ROW])
    service = Service.objects.get()
    assert uuid.UUID(str(service.pk)).version == 4


def test_unchanged_foreign_cells_are_not_checked(hsds_service, region):
    """The official example's postal code (ABC 1234) and latitude (100) are kept when the
    sheet changes only the building."""
    [row] = _rows(export_csv(region=region)[0])
    assert (row["郵便番号"], row["緯度"]) == ("ABC 1234", "100")

    result = _import(region, [dict(row, 建物="2階")])

    assert result.errors == []
    location = Service.objects.get().document["service_at_locations"][0]["location"]
    assert location["addresses"][0]["address_2"] == "2階"
    assert location["addresses"][0]["postal_code"] == "ABC 1234"
    assert location["addresses"][0]["state_province"] == "MyState"
    assert location["latitude"] == 100


def test_a_service_with_nothing_to_place_it_is_refused(region):
    """A resident looks for a service on the map and by 市町村: a new row with neither an
    address nor coordinates would be found nowhere, so it is refused (row, column, reason);
    coordinates alone do not say which 市町村 either."""
    no_place = {k: v for k, v in NEW_ROW.items() if k not in (
        "郵便番号", "市町村", "町域・番地", "建物", "緯度", "経度", "車いす", "公共交通")}
    result = _import(region, [no_place])
    assert [str(e) for e in result.errors] == [
        "行 2, 列「市町村」: 所在地がありません。地図と市町村で探せるよう、市町村と町域・番地を入力してください。"]
    assert _import(region, [dict(no_place, 緯度="35.6", 経度="140.41")]).errors != []
    assert not Service.objects.exists()
    assert _import(region, [NEW_ROW]).errors == []
