"""WAM NET 障害福祉サービス等情報公表 open data into the directory, as published: the unchanged
excerpt of the 共同生活援助 file (札幌市), and a file in the same layout (header copied byte for
byte, CP932) with rows of the 山武 region, rows outside it and the flaws of the national files
(tests/directory/data/make_wam.py). Counts by hand: the 山武 file has 5 rows, 3 in the region
(東金市, 芝山町 written with its 郡, 山武市), 2 outside (千葉市中央区, 札幌市中央区)."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tsunagu.core.services import region_create
from tsunagu.directory.imports.wam import import_wam
from tsunagu.directory.models import Location, ResourceOrganization, Service

DATA = Path(__file__).parent / "data"
OFFICIAL = DATA / "wam_kyodoseikatsu_excerpt_cp932.csv"
SANBU_FILE = DATA / "wam_sanbu_layout_cp932.csv"


def _call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("directory", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _load(region, path=SANBU_FILE, data=None, dry_run=False):
    return import_wam(actor="test", region=region, data=data or path.read_bytes(),
                      filename=path.name, dry_run=dry_run)


@pytest.fixture
def sapporo(db):
    return region_create(actor="test", code="sapporo", name="札幌圏域",
                         municipalities=[("01100", "札幌市")])


def test_the_official_excerpt_as_published(sapporo):
    result = _load(sapporo, OFFICIAL)
    assert result.ok, result.errors
    assert (result.rows, result.outside, result.created) == (6, 0, 6)
    service = Service.objects.get(name="グループホーム　スペロ平岸")
    document = service.document
    assert document["alternate_name"] == "ぐるーぷほーむすぺろひらぎし"
    assert [p["number"] for p in document["phones"]] == ["011-826-5506", "011-826-5510"]
    assert [p["type"] for p in document["phones"]] == ["voice", "fax"]
    assert document["organization"]["name"] == "社会福祉法人　ろく舎"
    assert document["organization"]["organization_identifiers"][0]["identifier"] == "7430005013410"
    address = document["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["state_province"], address["city"]) == ("北海道", "札幌市")
    assert address["address_1"] == "豊平区平岸四条8丁目4番24号スペロ平岸"
    location = Location.objects.get(pk=document["service_at_locations"][0]["location"]["id"])
    assert location.municipality.code == "01100"
    assert (location.latitude, location.longitude) == (43.03311848, 141.37392313)
    codes = {a["taxonomy_term"]["code"]: a.get("value") for a in document["attributes"]}
    assert codes["dw-group-home"] is None
    assert codes["id-wam-office"] == "0120506084:共同生活援助"
    # one 法人 (same 法人番号) for its two 事業所
    assert ResourceOrganization.objects.filter(name="社会福祉法人　ろく舎").count() == 1


def test_rows_outside_the_region_are_skipped_and_counted(region):
    result = _load(region)
    assert result.ok, result.errors
    assert (result.rows, result.outside, result.created) == (5, 2, 3)
    assert Service.objects.count() == 3
    assert "グループホーム　ちば（千葉県千葉市中央区）" in result.outside_text()
    assert set(Location.objects.values_list("municipality__code", flat=True)) == {
        "12213", "12409", "12237"}
    assert not Location.objects.filter(municipality=None).exists()


def test_flaws_of_the_official_data_are_warnings_and_left_empty(region):
    result = _load(region)
    warnings = [str(w) for w in result.warnings]
    assert "行 3, 列「事業所URL」: URL ではありません（「http://www ohnofukushikai.or.jp」）。空欄にしました。" in warnings
    assert any(w.startswith("行 4, 列「事業所の名称_かな」: かなとして読めない") for w in warnings)
    assert len(warnings) == 2
    assert "url" not in Service.objects.get(name="グループホーム　しばやま").document
    sanmu = Service.objects.get(name="グループホーム　さんぶ").document
    assert "alternate_name" not in sanmu
    assert "latitude" not in sanmu["service_at_locations"][0]["location"]  # none published
    hikari = Service.objects.get(name="グループホーム　ひかり").document
    assert hikari["schedules"][0]["description"] == "平日 9:00～17:00／土曜 10:00～15:00／定休日 日曜・祝日"
    assert hikari["description"] == "共同生活援助・定員 5人"


def test_the_next_release_updates_and_never_duplicates(region):
    _load(region)
    again = _load(region)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    changed = SANBU_FILE.read_bytes().replace(
        "0475-00-0003".encode("cp932"), "0475-99-9999".encode("cp932"))
    result = _load(region, data=changed)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert Service.objects.count() == 3
    phones = Service.objects.get(name="グループホーム　ひかり").document["phones"]
    assert phones[1]["number"] == "0475-99-9999"


def test_dry_run_writes_nothing_and_errors_name_the_row(region):
    result = _load(region, dry_run=True)
    assert result.created == 3 and not Service.objects.exists()
    broken = SANBU_FILE.read_bytes().replace(b'"1210000002"', b'""')
    result = _load(region, data=broken)
    assert [str(e) for e in result.errors] == ["行 3, 列「事業所番号」: 事業所番号がありません。"]
    assert not Service.objects.exists()


def test_command(region):
    out, err = _call("import", "--wam", str(SANBU_FILE), "--region", "sanbu", "--dry-run")
    assert "圏域外の 2 行を読み飛ばしました" in out and "確認のみ" in out
    assert "注意: wam_sanbu_layout_cp932.csv: 行 3, 列「事業所URL」" in err
    assert not Service.objects.exists()
    out, _err = _call("import", "--wam", str(SANBU_FILE), "--region", "sanbu")
    assert "作成 3件・更新 0件・変更なし 0件" in out
    with pytest.raises(CommandError):
        _call("import", "--wam", str(DATA / "missing.csv"), "--region", "sanbu")


def test_the_staff_page_uses_the_same_import(client, login, secretariat, region):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, secretariat)
    page = client.get("/directory/import/").content.decode()
    assert "WAM NET" in page
    upload = SimpleUploadedFile(SANBU_FILE.name, SANBU_FILE.read_bytes())
    page = client.post("/directory/import/", {"format": "wam", "file": upload,
                                              "dry_run": "on"}).content.decode()
    assert "圏域外の 2 行を読み飛ばしました" in page and "確認のみ" in page
    assert "URL ではありません" in page
    assert not Service.objects.exists()
    upload = SimpleUploadedFile(SANBU_FILE.name, SANBU_FILE.read_bytes())
    page = client.post("/directory/import/", {"format": "wam", "file": upload}).content.decode()
    assert "作成 3件・更新 0件・変更なし 0件" in page
    assert Service.objects.count() == 3
    upload = SimpleUploadedFile("x.csv", "名称\r\nあ\r\n".encode())
    page = client.post("/directory/import/", {"format": "wam", "file": upload}).content.decode()
    assert "見出しの行が違います" in page


def test_rows_without_an_address(region):
    """The 山武 file with the address cells of two rows emptied: the row whose code is 千葉県's
    (12000) cannot be placed (left out, warned: row, column, reason); the row whose code is
    芝山町's (12409) is placed there, and the warning says so. By hand, of the 5 rows: 1 in the
    region by its address (山武市), 1 by its code (芝山町), 1 unplaced, 2 outside (千葉市, 札幌市)."""
    import csv

    rows = list(csv.reader(io.StringIO(SANBU_FILE.read_bytes().decode("cp932"))))
    header = rows[0]
    city, street = header.index("事業所住所（市区町村）"), header.index("事業所住所（番地以降）")
    code = header.index("都道府県コード又は市区町村コード")
    for row, new_code in ((rows[1], "12000"), (rows[2], "12409")):
        row[city] = row[street] = ""
        row[code] = new_code
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    result = _load(region, data=out.getvalue().encode("cp932"))
    assert result.ok, result.errors
    assert (result.rows, result.outside, result.unplaced, result.created) == (5, 2, 1, 2)
    warnings = [str(w) for w in result.warnings]
    assert ("行 2, 列「事業所住所（市区町村）」: 住所がなく、都道府県コード又は市区町村コード（12000）も"
            "市町村ではないため、場所がわかりません。この行（グループホーム　ひかり）は取り込みませんでした。"
            ) in warnings
    assert ("行 3, 列「事業所住所（市区町村）」: 住所がありません。都道府県コード又は市区町村コード（12409）"
            "から芝山町のものとしました。") in warnings
    placed = Service.objects.get(name="グループホーム　しばやま")
    assert list(placed.locations.values_list("municipality__code", flat=True)) == ["12409"]
    assert not Service.objects.filter(name="グループホーム　ひかり").exists()
