"""`tsunagu directory export|import --hsds|--csv`, called as an operator calls it."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from tests.directory.fixtures_api import hsds_example, japanese_service

from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.directory.csv_exchange.columns import HEADERS
from tsunagu.directory.hsds.exports import service_export
from tsunagu.directory.hsds.services import service_import
from tsunagu.directory.models import Service
from tsunagu.directory.validation import validate


def _call(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("directory", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_hsds_writes_one_valid_service_per_line(
    tmp_path, region, hsds_service, hsds_japanese_service
):
    path = tmp_path / "out.ndjson"
    out, _err = _call("export", "--hsds", str(path), "--region", "sanbu")

    lines = path.read_text(encoding="utf-8").splitlines()
    documents = [json.loads(line) for line in lines]
    assert len(documents) == 2
    assert hsds_example("service_full") in documents
    for document in documents:
        assert validate(document, "service") == []
    assert "2 件" in out
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.path, entry.summary) == ("command:directory", "format=hsds services=2")


def _in_the_region(document: dict) -> dict:
    """The official example with its (Californian) addresses moved to 東金市: file imports
    refuse addresses outside the region's municipalities."""
    for entry in document.get("service_at_locations") or []:
        for address in entry.get("location", {}).get("addresses") or []:
            address.update(city="東金市", state_province="千葉県")
    return document


def test_hsds_export_imports_into_a_fresh_database_unchanged(tmp_path, region):
    hsds_service = service_import(
        actor="test", region=region, document=_in_the_region(hsds_example("service_full"))
    )
    path = tmp_path / "out.ndjson"
    _call("export", "--hsds", str(path))
    before = service_export(hsds_service)
    Service.objects.all().delete()

    out, _err = _call("import", "--hsds", str(path))

    assert "作成 1件" in out
    assert service_export(Service.objects.get()) == before


def test_a_service_without_an_address_exports_its_service_areas_and_imports_back(
    tmp_path, region, hsds_japanese_service
):
    """A service kept with no address (a telephone line: nothing to put on the map) is written
    with the region's municipalities as its service_areas, so that the file passes the import's
    rule (an address in the region or service_areas) and round-trips: export, import into an
    empty directory, export again gives the same file, import again changes nothing. Each
    line is valid against the HSDS 3.0 schemas (directory/hsds_schema, the 3.0 release)."""
    line = japanese_service(
        service_id="6b0f6f51-2a44-4c55-9a55-0b1f3f0f2a09", name="こころの電話",
        kana="ココロノデンワ", organization_id="6b0f6f51-2a44-4c55-9a55-0b1f3f0f2b09",
        offerings=(), access=())
    del line["service_at_locations"]
    service_import(actor="test", region=region, document=line)
    path = tmp_path / "out.ndjson"
    _call("export", "--hsds", str(path))
    documents = {d["name"]: d for d in map(json.loads, path.read_text("utf-8").splitlines())}
    for document in documents.values():
        assert validate(document, "service") == []
    areas = documents["こころの電話"]["service_areas"]
    names = sorted(region.municipalities.values_list("name", flat=True))
    assert sorted(a["name"] for a in areas) == names and len(names) == 6
    assert {a["service_id"] for a in areas} == {"6b0f6f51-2a44-4c55-9a55-0b1f3f0f2a09"}
    assert "service_areas" not in documents["ふらっとカフェ東金"]  # its address places it
    first = path.read_bytes()
    Service.objects.all().delete()

    out, _err = _call("import", "--hsds", str(path))
    assert "作成 2件・更新 0件・変更なし 0件" in out
    _call("export", "--hsds", str(path))
    assert path.read_bytes() == first
    out, _err = _call("import", "--hsds", str(path))
    assert "作成 0件・更新 0件・変更なし 2件" in out


def test_import_reads_a_file_holding_one_json_object(tmp_path, region):
    path = tmp_path / "service_full.json"
    example = _in_the_region(hsds_example("service_full"))
    path.write_text(json.dumps(example, indent=2), encoding="utf-8")
    _call("import", "--hsds", str(path))
    assert service_export(Service.objects.get()) == example


def test_import_dry_run_writes_nothing(tmp_path, region):
    path = tmp_path / "in.ndjson"
    path.write_text(json.dumps(japanese_service(), ensure_ascii=False) + "\n", encoding="utf-8")
    out, _err = _call("import", "--hsds", str(path), "--dry-run")
    assert "確認のみ" in out and "作成 1件" in out
    assert not Service.objects.exists()


def test_import_errors_name_line_path_and_reason_and_write_nothing(tmp_path, region):
    bad = japanese_service(service_id="6b0f6f51-2a44-4c55-9a55-0b1f3f0f2a02")
    bad["service_at_locations"][0]["id"] = "6b0f6f51-2a44-4c55-9a55-0b1f3f0f2d02"
    bad["service_at_locations"][0]["location"]["latitude"] = "北緯35度"
    lines = [json.dumps(japanese_service(), ensure_ascii=False), "", json.dumps(bad), "{oops"]
    path = tmp_path / "in.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(CommandError, match="エラーが 1 件"):
        _call("import", "--hsds", str(path))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("directory", "import", "--hsds", str(path), stderr=err)
    assert "in.ndjson: 4 行目 $: JSON として読めません" in err.getvalue()

    path.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="何も書き込んでいません"):
        call_command("directory", "import", "--hsds", str(path), stderr=err)
    assert (
        "3 行目 $.service_at_locations[0].location.latitude: 数値 で書いてください。"
        in err.getvalue()
    )
    assert not Service.objects.exists()


def test_import_refuses_a_missing_or_undecodable_file(tmp_path, region):
    with pytest.raises(CommandError, match="ファイルがありません"):
        _call("import", "--hsds", str(tmp_path / "none.ndjson"))
    path = tmp_path / "sjis.ndjson"
    path.write_bytes('{"name": "東金"}'.encode("cp932"))
    with pytest.raises(CommandError, match="UTF-8"):
        _call("import", "--hsds", str(path))
    path.write_bytes(b"")
    with pytest.raises(CommandError):
        _call("import", "--hsds", str(path))


def test_csv_export_and_import(tmp_path, region, hsds_japanese_service):
    path = tmp_path / "out.csv"
    out, _err = _call("export", "--csv", str(path))
    assert "1 行" in out
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    text = path.read_bytes().decode("utf-8-sig").replace("ふらっとカフェ東金", "ふらっとカフェ")
    path.write_bytes(text.encode("utf-8"))

    out, _err = _call("import", "--csv", str(path))

    assert "更新 1件" in out
    assert Service.objects.get().name == "ふらっとカフェ"
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE, summary__startswith="source=csv"
    ).exists()


def test_csv_export_in_cp932_tells_what_it_replaced(tmp_path, region):
    from tsunagu.directory.hsds.services import service_import

    service_import(actor="test", region=region, document=japanese_service(name="𠮷田の居場所"))
    path = tmp_path / "out.csv"
    _out, err = _call("export", "--csv", str(path), "--encoding", "cp932")
    assert "吉田の居場所".encode("cp932") in path.read_bytes()
    assert "𠮷" in err


def test_csv_import_errors_name_row_and_column(tmp_path, region):
    path = tmp_path / "in.csv"
    header = ",".join(HEADERS)
    path.write_text(header + "\n,,居場所,,団体,,nope,,,,,,,,,,,,,,,\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="エラーが 1 件"):
        call_command("directory", "import", "--csv", str(path), stderr=err)
    assert "行 2, 列「分類コード」: 分類「nope」はありません。" in err.getvalue()
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="見出し"):
        _call("import", "--csv", str(path))


def test_region_is_needed_with_several_regions(tmp_path, region, other_region):
    with pytest.raises(CommandError, match="複数"):
        _call("export", "--hsds", str(tmp_path / "x.ndjson"))
    out, _err = _call("export", "--hsds", str(tmp_path / "x.ndjson"), "--region", "other")
    assert "0 件" in out
