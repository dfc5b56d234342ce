"""自治体標準オープンデータセット「介護サービス事業所一覧」(CP932, the v2 columns with
所在地_都道府県 … 所在地_番地以下) and「公共施設一覧」(UTF-8 with BOM, the v1 columns with 住所)
into the directory, keyed by their ID. Files: tests/directory/data/standard_*.csv, written for
the tests in the standard's column layout (fictional rows). By hand: 介護 3 rows, 2 in the region
(東金市, 芝山町 written with its 郡), 1 outside (千葉市中央区); 公共施設 2 rows, 1 in the
region, 1 outside (東京都新宿区)."""

import io
from pathlib import Path

from django.core.management import call_command

from tsunagu.directory.imports.standard import import_standard
from tsunagu.directory.models import Location, Service

DATA = Path(__file__).parent / "data"
CARE = DATA / "standard_care_offices_cp932.csv"
FACILITIES = DATA / "standard_public_facilities.csv"


def _load(region, path, data=None, dry_run=False):
    return import_standard(actor="test", region=region, data=data or path.read_bytes(),
                           filename=path.name, dry_run=dry_run)


def test_care_offices_are_mapped_and_keyed_by_their_id(region):
    result = _load(region, CARE)
    assert result.ok, result.errors
    assert (result.dataset, result.rows, result.outside, result.created) == (
        "care-offices", 3, 1, 2)
    assert "千葉中央デイサービス" in result.outside_text()
    hidamari = Service.objects.get(name="デイサービスセンターひだまり").document
    assert hidamari["alternate_name"] == "デイサービスセンターヒダマリ"
    assert hidamari["description"] == "通所介護・定員 30人"
    assert hidamari["schedules"][0]["description"] == "月火水木金"
    address = hidamari["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["state_province"], address["city"], address["address_1"]) == (
        "千葉県", "東金市", "東岩崎1-10")
    values = {a["taxonomy_term"]["code"]: a.get("value") for a in hidamari["attributes"]}
    assert values["id-standard-care-office"] == "122131:1"
    warnings = [str(w) for w in result.warnings]
    assert len(warnings) == 2
    assert any(w.startswith("行 3, 列「介護サービス事業所名称_カナ」: かなとして読めない") for w in warnings)
    assert any(w.startswith("行 3, 列「URL」: URL ではありません") for w in warnings)
    assert set(Location.objects.values_list("municipality__code", flat=True)) == {"12213", "12409"}

    again = _load(region, CARE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = CARE.read_bytes().replace(b",30,", b",35,")
    result = _load(region, CARE, data=changed)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Service.objects.count() == 2


def test_public_facilities_with_the_older_columns(region):
    result = _load(region, FACILITIES)
    assert result.ok, result.errors
    assert (result.dataset, result.rows, result.outside, result.created) == (
        "public-facilities", 2, 1, 1)
    hall = Service.objects.get().document
    assert hall["name"] == "東金市中央公民館"
    assert hall["schedules"][0]["description"] == "月火水木金土 09:00～21:00"
    assert hall["schedules"][0]["notes"] == "年末年始は休館"
    assert hall["description"] == "講座と集会の場"
    values = {a["taxonomy_term"]["code"]: a.get("value") for a in hall["attributes"]}
    assert values["id-standard-public-facility"] == "122131:1221300001"


def test_command_and_missing_columns(region, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command("directory", "import", "--standard", str(CARE), "--region", "sanbu",
                 "--dry-run", stdout=out, stderr=err)
    assert "圏域外の 1 行を読み飛ばしました" in out.getvalue() and "確認のみ" in out.getvalue()
    assert not Service.objects.exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("名称,住所\r\nあ,千葉県東金市\r\n", encoding="utf-8")
    import pytest
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="見出しがありません"):
        call_command("directory", "import", "--standard", str(bad), "--region", "sanbu",
                     stdout=out, stderr=err)
