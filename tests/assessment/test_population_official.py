"""Official population files loaded as published (tests/assessment/data/official/README.md):
an unchanged excerpt of e-Stat 令和2年国勢調査 表2-7-1, and files that copy the layouts of
昭和55年 e-Stat tables and of the 自治体標準オープンデータセット「年齢別人口」 exactly. Every figure
asserted is worked out by hand in the README; the page and `tsunagu population` share the code."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from tests.assessment.helpers import DATA

from tsunagu.assessment.models import PopulationDataset, PopulationFigure
from tsunagu.assessment.population import area_population
from tsunagu.assessment.population_import import parse_population

OFFICIAL = DATA / "official"
ESTAT_2020 = OFFICIAL / "estat_census2020_2-7-1_excerpt.csv"
ESTAT_1980 = OFFICIAL / "estat_census1980_s55_cp932.csv"
MONTHLY = OFFICIAL / "standard_age_population_monthly.csv"
SANBU = {"12213", "12237", "12239", "12403", "12409", "12410"}


def parse(path, codes):
    return parse_population(path.read_bytes(), path.name, municipality_codes=codes)


def figures(parsed, code, sex="T", on=None):
    return {
        ("不詳" if f.age_unknown else (f.age_from, f.age_to)): f.value
        for f in parsed.figures
        if f.code == code and f.sex == sex and (on is None or f.on_date == on)
    }


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("population", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_estat_2020_table_2_7_1_as_downloaded():
    parsed = parse(ESTAT_2020, {"12100"})
    assert parsed.ok, parsed.errors
    assert (parsed.layout, parsed.kind) == ("estat_wide", "census")
    assert parsed.dates() == [date(2020, 10, 1)]  # "実施年月：","2020年","10月"
    chiba = figures(parsed, "12100")
    assert chiba[(None, None)] == 974951
    assert chiba[(65, 69)] == 53970 and chiba[(100, None)] == 401
    assert chiba["不詳"] == 44172  # 年齢「不詳」: a value, never the age column
    groups = {k: v for k, v in chiba.items() if k != "不詳" and k[0] is not None}
    assert len(groups) == 21  # no （再掲） column among them
    assert sum(groups.values()) == 930779 == 974951 - 44172
    assert figures(parsed, "12100", "M")[(None, None)] == 481246
    assert parsed.left_out == {"12202": "銚子市"}
    assert any("銚子市（12202）" in note for note in parsed.notes)


def test_estat_1980_units_full_width_digits_districts_and_merged_towns():
    parsed = parse(ESTAT_1980, SANBU)
    assert parsed.ok, parsed.errors
    assert parsed.dates() == [date(1980, 10, 1)]
    togane = figures(parsed, "12213")
    assert togane[(None, None)] == 21550  # written "２１，５５０"
    assert togane[(0, 4)] == 1250 and togane[(85, None)] == 300
    assert len(togane) == 19  # 総数 and 18 groups; the 人口集中地区 rows are not added in
    assert figures(parsed, "12213", "M")[(None, None)] == 10300
    assert figures(parsed, "12213", "F")[(None, None)] == 11250
    kujukuri = figures(parsed, "12403")
    assert (None, None) not in kujukuri and (85, None) not in kujukuri  # "***"
    assert len(kujukuri) == 17
    assert parsed.left_out == {"12402": "成東町"}
    notes = " ".join(parsed.notes)
    assert "成東町（12402）" in notes
    assert "人口集中地区の行 3 行" in notes
    assert "値のないセル（「-」「…」など）2 個" in notes


def test_standard_age_population_with_several_months():
    parsed = parse(MONTHLY, SANBU)
    assert parsed.ok, parsed.errors
    assert (parsed.layout, parsed.kind) == ("registry_wide", "registry")
    assert parsed.dates() == [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]
    totals = [figures(parsed, "12237", on=d)[(None, None)] for d in parsed.dates()]
    assert totals == [16423, 16413, 16403]
    january_men = figures(parsed, "12237", "M", date(2024, 1, 1))
    assert january_men[(None, None)] == 8007 and january_men["不詳"] == 2
    assert january_men[(100, None)] == 5 and january_men[(0, 4)] == 400
    assert any("町丁目など市区町村の一部の行 1 行" in note for note in parsed.notes)


@pytest.mark.django_db
def test_months_coexist_and_the_charts_read_the_latest_of_the_year(region):
    out, _err = run("import", str(MONTHLY), "--region", "sanbu")
    assert "基準日 2024-01-01、2024-02-01、2024-03-01" in out
    assert PopulationFigure.objects.values("on_date").distinct().count() == 3
    sanmu = area_population(region, region.municipalities.get(code="12237"))
    total, _series, year = sanmu.latest_total()
    assert (total, year) == (16403, 2024)  # March, not January
    assert sanmu.actual()[0].aging_rate(2024) == 35.1  # 5,750 / 16,400


@pytest.mark.django_db
def test_command_imports_and_exports_the_official_table(other_region):
    out, err = run("import", str(ESTAT_2020), "--region", "other", "--dry-run")
    assert "確認のみ" in out and "除いた市区町村: 銚子市（12202）" in out
    # Counted steps on stderr (a dry run has two), the rows counted as they are read.
    steps = [line for line in err.splitlines() if line.startswith("手順")]
    assert steps == ["手順 1/2: ファイルを読んでいます", "手順 2/2: すべての行を確かめています"]
    assert "読み込み中: " in err
    assert not PopulationDataset.objects.exists()
    out, err = run("import", str(ESTAT_2020), "--region", "other")
    # 千葉市 only: 総数・男・女 × (総数, 21 groups, 不詳) = 69 values
    assert "手順 3/3: 69 件の値を書き込んでいます" in err.splitlines()
    dataset = PopulationDataset.objects.get()
    assert dataset.kind == "census" and dataset.source_date == "調査 2020年 10月"
    assert dataset.source_name.startswith("令和2年国勢調査 人口等基本集計")
    chiba = area_population(other_region, other_region.municipalities.get(code="12100"))
    assert chiba.actual()[0].aging_rate(2020) == 26.9  # 249,963 / 930,779
    # The same table loaded again replaces the first load: listed once, 69 values, not 138.
    out, _err = run("import", str(ESTAT_2020), "--region", "other")
    assert "同じ出典・日付で前に取り込んだデータ（1 件）を、今回のファイルで置き換えました。" in out
    dataset = PopulationDataset.objects.get()
    assert PopulationFigure.objects.count() == 69
    target = OFFICIAL.parent.parent / "population_export_test.csv"
    try:
        run("export", "--csv", str(target), "--region", "other")
        text = target.read_bytes().decode("utf-8-sig")
    finally:
        target.unlink(missing_ok=True)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["市町村コード", "市町村", "基準日", "男女", "年齢階級", "人口"]
    assert rows[1] == ["12100", "千葉市", "2020-10-01", "総数", "総数", "974951"]
    assert rows[2] == ["12100", "千葉市", "2020-10-01", "総数", "0～4歳", "32437"]
    assert ["12100", "千葉市", "2020-10-01", "女", "100歳以上", "342"] in rows
    assert ["12100", "千葉市", "2020-10-01", "男", "不詳", "23336"] in rows
    assert len(rows) == 1 + 3 * 23  # 総数, 21 groups and 不詳 for 総数, 男, 女


@pytest.mark.django_db
def test_command_date_option_and_errors(region):
    path = OFFICIAL.parent.parent / "population_noyear_test.csv"
    path.write_text("地域 コード,地域,総数,0～4歳,5～9歳\r\n12213,東金市,30,10,2O\r\n")
    try:
        err = io.StringIO()
        with pytest.raises(CommandError, match="エラーが 1 件"):
            call_command("population", "import", str(path), "--region", "sanbu", "--source",
                         "国勢調査（試験）", "--date", "2020-10-01", stderr=err)
        assert "行 2, 列「5～9歳」: 数値ではありません（「2O」）" in err.getvalue()
        assert not PopulationFigure.objects.exists()
        with pytest.raises(CommandError, match="エラーが 1 件"):
            call_command("population", "import", str(path), "--region", "sanbu", stderr=err)
        assert "基準日がわかりません" in err.getvalue()
        path.write_text("地域 コード,地域,総数,0～4歳,5～9歳\r\n12213,東金市,30,10,20\r\n")
        with pytest.raises(CommandError, match="--date"):
            run("import", str(path), "--region", "sanbu", "--date", "きのう")
        run("import", str(path), "--region", "sanbu", "--source", "国勢調査（試験）",
            "--date", "2020-10-01")
    finally:
        path.unlink(missing_ok=True)
    figure = PopulationFigure.objects.get(age_from=None)
    assert (figure.on_date, figure.value) == (date(2020, 10, 1), 30)


@pytest.mark.django_db
def test_the_page_reads_the_official_table(client, login, secretariat, region):
    login(client, secretariat)
    response = client.post("/assessment/population/", {
        "file": SimpleUploadedFile(MONTHLY.name, MONTHLY.read_bytes())})
    assert response.status_code == 302
    assert PopulationFigure.objects.filter(on_date=date(2024, 2, 1), sex="T",
                                           age_from=None).get().value == 16413


# The item list of 推奨データセット「地域・年齢別人口」 (the name before 自治体標準オープンデータセット
# 「年齢別人口」), exactly as its definition gives it: five-year groups to 80-84歳, then 85歳以上,
# 世帯数 and 備考 (verified against the definitions as published in the FIWARE data models,
# NEC-FIWARE/smart-data-models cio/11_地域・年齢別人口). Cities publish longer lists too (to
# 100歳以上 and 年齢不詳: standard_age_population_monthly.csv).
SPEC_AGE_POPULATION_HEADER = (
    "都道府県コード又は市区町村コード,地域コード,都道府県名,市区町村名,調査年月日,地域名,総人口,男性,女性,0-4歳の男性,0-4歳の女性,5-9歳の男性,"
    "5-9歳の女性,10-14歳の男性,10-14歳の女性,15-19歳の男性,15-19歳の女性,20-24歳の男性,20-24歳の女性,25-29歳の男性,"
    "25-29歳の女性,30-34歳の男性,30-34歳の女性,35-39歳の男性,35-39歳の女性,40-44歳の男性,40-44歳の女性,45-49歳の男性,"
    "45-49歳の女性,50-54歳の男性,50-54歳の女性,55-59歳の男性,55-59歳の女性,60-64歳の男性,60-64歳の女性,65-69歳の男性,"
    "65-69歳の女性,70-74歳の男性,70-74歳の女性,75-79歳の男性,75-79歳の女性,80-84歳の男性,80-84歳の女性,85歳以上の男性,"
    "85歳以上の女性,世帯数,備考"
)


@pytest.mark.django_db
def test_standard_age_population_as_its_definition_lists_the_columns():
    """By hand: 男 100 in each of the 17 groups to 80-84歳 and 150 aged 85+, 女 110 and 200:
    男 1,850, 女 2,070, 総数 3,920; 85歳以上 150 + 200; 65歳以上 4 × 210 + 350 = 1,190. 世帯数 and
    備考 are not ages."""
    males, females = [100] * 17 + [150], [110] * 17 + [200]
    cells = ["122131", "", "千葉県", "東金市", "2024-04-01", "東金市", "3920", "1850", "2070"]
    for m, f in zip(males, females, strict=True):
        cells += [str(m), str(f)]
    cells += ["16000", ""]
    data = ("\ufeff" + SPEC_AGE_POPULATION_HEADER + "\r\n" + ",".join(cells) + "\r\n").encode()
    parsed = parse_population(data, "age.csv", municipality_codes={"12213"})
    assert parsed.ok, parsed.errors
    assert parsed.dates() == [date(2024, 4, 1)]
    assert figures(parsed, "12213")[(None, None)] == 3920  # 総数 is given only as a whole
    men, women = figures(parsed, "12213", "M"), figures(parsed, "12213", "F")
    assert (men[(None, None)], women[(None, None)]) == (1850, 2070)
    assert (men[(0, 4)], women[(0, 4)], men[(85, None)], women[(85, None)]) == (100, 110, 150, 200)
    assert len(men) == len(women) == 1 + 18  # 総数 and 18 groups: nothing from 世帯数 or 備考
    older = [v for sex in (men, women) for (low, _high), v in sex.items() if (low or 0) >= 65]
    assert sum(older) == 1190
