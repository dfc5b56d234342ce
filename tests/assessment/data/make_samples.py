"""Writes the sample files of this folder (see README.md). Run from the repository root:
``.venv/bin/python tests/assessment/data/make_samples.py``. The numbers are fictional and
chosen so that totals and rates can be checked by hand."""

import csv
import io
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
FIVE = [f"{a}～{a + 4}歳" for a in range(0, 100, 5)] + ["100歳以上"]  # 21 groups (e-Stat)

# 国勢調査 (fictional): 13 groups under 65 of the same size, then the 8 groups from 65 up.
CENSUS = {
    # (code, name, year): (under-65 group size M, F, 65+ groups M, 65+ groups F)
    ("12213", "東金市", 2020): (1000, 1000, [1500, 1400, 1200, 900, 600, 300, 80, 20],
                                 [1600, 1500, 1400, 1100, 800, 450, 130, 20]),
    ("12213", "東金市", 2015): (1100, 1100, [1300, 1100, 900, 700, 400, 200, 50, 10],
                                 [1400, 1200, 1000, 800, 550, 300, 90, 10]),
    ("12409", "芝山町", 2020): (150, 150, [300, 280, 240, 180, 120, 60, 16, 4],
                                 [320, 300, 280, 220, 160, 90, 26, 4]),
}


def groups(under, old):
    return [under] * 13 + old


def census_long():
    """e-Stat 列指向 CSV (CP932) with its metadata lines, comma numbers and '-' for none."""
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    w.writerow(["統計名：", "国勢調査 令和2年国勢調査 人口等基本集計"])
    w.writerow(["表番号：", "2-7"])
    w.writerow(["表題：", "男女，年齢（5歳階級）別人口－全国，都道府県，市区町村"])
    w.writerow(["調査年月：", "2020年"])
    w.writerow(["公開（更新）日：", "2021-11-30"])
    w.writerow([])
    w.writerow(["表章項目 コード", "表章項目", "男女 コード", "男女", "年齢 コード", "年齢",
                "地域 コード", "地域", "時間軸（年次） コード", "時間軸（年次）", "/単位", "value"])

    def row(code, name, year, sex_code, sex, age_code, age, value):
        w.writerow(["020", "人口", sex_code, sex, age_code, age, code, name,
                    f"{year}000000", f"{year}年", "人", value])

    row("00000", "全国", 2020, "0", "総数", "000", "総数", "126,146,099")
    row("12000", "千葉県", 2020, "0", "総数", "000", "総数", "6,284,480")
    for (code, name, year), (um, uf, om, of) in CENSUS.items():
        men, women = groups(um, om), groups(uf, of)
        for sex_code, sex, values in (("0", "総数", [m + f for m, f in zip(men, women, strict=True)]),
                                      ("1", "男", men), ("2", "女", women)):
            row(code, name, year, sex_code, sex, "000", "総数", f"{sum(values):,}")
            for i, (label, value) in enumerate(zip(FIVE, values, strict=True)):
                row(code, name, year, sex_code, sex, f"{i + 1:03d}", label, f"{value:,}")
            row(code, name, year, sex_code, sex, "900", "（再掲）15歳未満", f"{sum(values[:3]):,}")
            row(code, name, year, sex_code, sex, "950", "年齢「不詳」", "-")
            row(code, name, year, sex_code, sex, "960", "平均年齢", "…")
    w.writerow([])
    w.writerow(["注）この表は試験用に作成したもので、数値は架空です。"])
    (HERE / "census_2020_estat.csv").write_bytes(out.getvalue().encode("cp932"))


def census_wide():
    """e-Stat 表形式 CSV (UTF-8 with BOM): one row per area and sex, ages as columns."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["統計名：", "国勢調査 令和2年国勢調査 人口等基本集計"])
    w.writerow(["調査年月：", "2020年"])
    w.writerow(["地域 コード", "地域", "男女", "総数", *FIVE, "（再掲）65歳以上"])
    men, women = groups(400, [600] * 8), groups(420, [700] * 8)
    for sex, values in (("総数", [m + f for m, f in zip(men, women, strict=True)]), ("男", men), ("女", women)):
        w.writerow(["12239", "大網白里市", sex, f"{sum(values):,}", *[f"{v:,}" for v in values],
                    f"{sum(values[13:]):,}"])
    (HERE / "census_2020_wide.csv").write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


def registry():
    """住民基本台帳 年齢別人口 (自治体標準オープンデータセットの形), single years, UTF-8."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["全国地方公共団体コード", "都道府県名", "市区町村名", "調査年月日", "年齢",
                "総数", "男性", "女性"])
    men = [100] * 65 + [80] * 35 + [5]
    women = [100] * 65 + [90] * 35 + [15]
    w.writerow(["122378", "千葉県", "山武市", "2024-01-01", "総数",
                sum(men) + sum(women), sum(men), sum(women)])
    for age in range(101):
        label = "100歳以上" if age == 100 else f"{age}歳"
        w.writerow(["122378", "千葉県", "山武市", "2024-01-01", label,
                    men[age] + women[age], men[age], women[age]])
    (HERE / "registry_2024.csv").write_text(out.getvalue(), encoding="utf-8")


PROJECTION_YEARS = [2020, 2025, 2030, 2035, 2040, 2045, 2050]
PROJECTION = {
    # code, name: (under-65 group size per year, the six groups from 65 up: same every year)
    ("12213", "東金市"): ([2000, 1900, 1800, 1700, 1600, 1500, 1400],
                         [3100, 2800, 2500, 2100, 1500, 1000]),
    ("12409", "芝山町"): ([300, 280, 260, 240, 220, 200, 180], [650, 600, 520, 420, 260, 150]),
    ("12100", "千葉市"): ([30000] * 7, [40000] * 6),
}
PROJECTION_AGES = [f"{a}～{a + 4}歳" for a in range(0, 90, 5)] + ["90歳以上"]  # 19 groups


def projection():
    """社人研『日本の地域別将来推計人口』の市区町村別の表の形 (XLSX): a notes sheet, then one
    sheet per prefecture with a title, the header, and 総数 + 5-year groups per municipality."""
    book = Workbook()
    notes = book.active
    notes.title = "注記"
    notes.append(["この表は試験用に作成したもので、数値は架空です。"])
    sheet = book.create_sheet("12千葉県")
    sheet.append(["日本の地域別将来推計人口（令和5（2023）年推計）　男女・年齢（5歳）階級別人口"])
    sheet.append([])
    sheet.append(["コード", "都道府県", "市区町村", "年齢", *[f"{y}年" for y in PROJECTION_YEARS]])
    for (code, name), (under, old) in PROJECTION.items():
        rows = [[u] * 13 + old for u in under]  # per year: 19 groups
        sheet.append([code, "千葉県", name, "総数", *[sum(r) for r in rows]])
        for i, label in enumerate(PROJECTION_AGES):
            sheet.append([code, "千葉県", name, label, *[r[i] for r in rows]])
    other = book.create_sheet("13東京都")
    other.append(["コード", "都道府県", "市区町村", "年齢", *[f"{y}年" for y in PROJECTION_YEARS]])
    other.append(["13101", "東京都", "千代田区", "総数", *[60000] * 7])
    book.save(HERE / "projection_2023.xlsx")


if __name__ == "__main__":
    census_long()
    census_wide()
    registry()
    projection()
