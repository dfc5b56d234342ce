"""Writes the files of this folder that copy an official layout but were not downloaded (see
README.md): ``.venv/bin/python tests/assessment/data/official/make_layouts.py`` from the
repository root. Layouts are copied exactly from the published files' descriptions (header
words, units, full-width digits, metadata lines, encodings, codes); the numbers are fictional
and chosen for hand arithmetic."""

import csv
import io
from pathlib import Path

HERE = Path(__file__).parent
FW = str.maketrans("0123456789,", "０１２３４５６７８９，")


def _csv(rows, encoding):
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


# ---- e-Stat 昭和55年国勢調査 (CP932): units in headers, full-width digits, 全域／人口集中地区,
# "***", municipalities that have since merged.

S55_AGES = [f"{a}－{a + 4}歳".translate(FW) for a in range(0, 85, 5)] + ["８５歳以上"]  # 18 groups


def s55_row(district, sex, code, name, groups):
    total = f"{sum(groups):,}" if all(isinstance(g, int) for g in groups) else "***"
    cells = [f"{g:,}" if isinstance(g, int) else g for g in groups]
    return ["00710", "人口", district[0], district[1], sex[0], sex[1], code, name,
            "1980000000", "1980年", total, *cells]


def census_1980():
    whole, did = ("0", "全域"), ("1", "人口集中地区")
    t, m, f = ("0", "総数"), ("1", "男"), ("2", "女")
    rows = [
        ["統計名：", "昭和55年国勢調査 第1次基本集計"],
        ["表番号：", "00101"],
        ["表題：", "年齢（5歳階級），男女別人口－全国，都道府県，市区町村（人口集中地区）"],
        ["調査年月：", "1980年10月"],
        ["公開（更新）日：", "2014-06-27"],
        [],
        ["***", "当該数値がないもの"],
        [],
        ["表章項目 コード", "表章項目", "全域・人口集中地区 コード", "全域・人口集中地区",
         "男女 コード", "男女", "地域 コード", "地域", "時間軸（年次） コード", "時間軸（年次）",
         "総数【人】", *[f"{a}【人】" for a in S55_AGES]],
    ]
    # 千葉県 (a prefecture: skipped, not listed)
    rows.append(s55_row(whole, t, "12000", "千葉県", [200000] * 17 + [9000]))
    # 東金市: 男 17 groups of 600 + 85歳以上 100; 女 17 of 650 + 200; 総数 1,250 each + 300.
    for sex, under, top in ((t, 1250, 300), (m, 600, 100), (f, 650, 200)):
        rows.append(s55_row(whole, sex, "12213", "東金市", [under] * 17 + [top]))
        rows.append(s55_row(did, sex, "12213", "東金市", [300] * 17 + [50]))  # left out
    # 九十九里町: 85歳以上 not published ("***"), so neither is its 総数.
    rows.append(s55_row(whole, t, "12403", "九十九里町", [100] * 17 + ["***"]))
    # 成東町 (merged into 山武市 in 2006): left out and named; its DID rows are all "***".
    for sex, under, top in ((t, 700, 90), (m, 340, 30), (f, 360, 60)):
        rows.append(s55_row(whole, sex, "12402", "成東町", [under] * 17 + [top]))
        rows.append(s55_row(did, sex, "12402", "成東町", ["***"] * 18))
    data = _csv(rows, "cp932")
    # Full-width digits in 東金市's 総数 cells, as some tables print them.
    text = data.decode("cp932").replace('"21,550"', '"２１，５５０"')
    return text.encode("cp932")


# ---- 自治体標準オープンデータセット「年齢別人口」 (UTF-8 with BOM): wide, one row per month,
# 6-digit codes with the check digit, a 町丁目 row (地域コード set) that is a part only.

STD_AGES = [f"{a}-{a + 4}歳" for a in range(0, 100, 5)] + ["100歳以上"]  # 21 groups


def standard_monthly():
    header = ["都道府県コード又は市区町村コード", "地域コード", "都道府県名", "市区町村名",
              "調査年月日", "地域名", "総人口", "男性", "女性"]
    for age in STD_AGES + ["年齢不詳"]:
        header += [f"{age}の男性", f"{age}の女性"]
    rows = [header]

    def row(code, area_code, name, when, area, men, women):
        cells = [code, area_code, "千葉県", name, when, area,
                 sum(men) + sum(women), sum(men), sum(women)]
        for a, b in zip(men, women, strict=True):
            cells += [a, b]
        return cells

    # 山武市 (122378): 男 20 groups of 400, 100歳以上 5, 不詳 2; 女 20 of 420, 15, 1.
    men = [400] * 20 + [5, 2]
    women = [420] * 20 + [15, 1]
    rows.append(row("122378", "", "山武市", "2024-01-01", "", men, women))
    men2 = [390] + men[1:]  # February: 10 fewer men aged 0-4
    rows.append(row("122378", "", "山武市", "2024-02-01", "", men2, women))
    women3 = women[:19] + [410] + women[20:]  # March: 10 fewer women aged 95-99
    rows.append(row("122378", "", "山武市", "2024-03-01", "", men2, women3))
    # a 町丁目 of 山武市 (a part only: left out)
    rows.append(row("122378", "122378001", "山武市", "2024-03-01", "成東", [10] * 22, [10] * 22))
    return _csv(rows, "utf-8-sig")


if __name__ == "__main__":
    (HERE / "estat_census1980_s55_cp932.csv").write_bytes(census_1980())
    (HERE / "standard_age_population_monthly.csv").write_bytes(standard_monthly())
