"""Reading CSV and XLSX files as users bring them (tsunagu.core.tabular)."""

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from tests.imports.conftest import CONSULTATION_HEADER, PERSON_HEADER, csv_bytes, xlsx_bytes

from tsunagu.core import tabular
from tsunagu.core.tabular import TabularError, read_table, split_values

HEADERS = tuple(PERSON_HEADER)
ROW = ["ｱ001", "山田 太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", "２０２２／４／１", "東金市", "身体；知的"]


def test_cp932_with_half_width_katakana_and_full_width_digits():
    data = csv_bytes([PERSON_HEADER, ROW], "cp932")
    data.decode("cp932")  # really CP932
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    table = read_table(data, "old.csv", HEADERS)
    assert table.source == "cp932"
    assert table.rows == [(2, ROW)]


def test_utf8_with_bom_and_without():
    rows = [PERSON_HEADER, ["A1", "𠮷田 花子", "ヨシダ ハナコ", "", "", ""]]
    with_bom = read_table(b"\xef\xbb\xbf" + csv_bytes(rows), "a.csv", HEADERS)
    without = read_table(csv_bytes(rows), "a.csv", HEADERS)
    assert with_bom.source == "utf-8-sig" and without.source == "utf-8"
    assert with_bom.rows == without.rows == [(2, rows[1])]


def test_undecodable_file_names_line_and_byte():
    data = csv_bytes([PERSON_HEADER]) + b"A1,\x80\xff\xfe,x,,,\r\n"
    with pytest.raises(TabularError, match=r"2 行目.*バイト目"):
        read_table(data, "bad.csv", HEADERS)


def test_a_quoted_cell_over_several_lines_is_one_excel_row():
    rows = [CONSULTATION_HEADER, ["", "2022/4/1", "電話", "本人", "就労", "5", "一行目\r\n二行目"],
            ["", "2022/4/2", "電話", "本人", "就労", "5", "次"]]  # fmt: skip
    table = read_table(csv_bytes(rows), "c.csv", tuple(CONSULTATION_HEADER))
    assert [n for n, _cells in table.rows] == [2, 3]


def test_xlsx_made_with_openpyxl():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(CONSULTATION_HEADER)
    # Excel date cells have no time zone.
    sheet.append([1001, datetime(2022, 4, 1), "電話", "本人", "就労", 30.0, '=HYPERLINK("x")'])  # noqa: DTZ001
    sheet.append([None] * 7)  # blank row: skipped
    sheet.append(["A2", datetime(2022, 4, 2, 10, 30), "来所", "家族", "就労", 15, "ok"])  # noqa: DTZ001
    sheet["G2"].data_type = "s"  # a string that looks like a formula, as typed with '
    second = workbook.create_sheet("ignored")
    second.append(["not", "read"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "book.xlsx", tuple(CONSULTATION_HEADER))
    assert table.source == "xlsx"
    assert table.rows == [
        (2, ["1001", "2022-04-01", "電話", "本人", "就労", "30", '=HYPERLINK("x")']),
        (4, ["A2", "2022-04-02 10:30", "来所", "家族", "就労", "15", "ok"]),
    ]


def test_xlsx_formula_is_never_evaluated():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(PERSON_HEADER)
    sheet.append(["A1", "=1+1", "ア", date(2000, 1, 2), "", ""])  # a real formula, no cached value
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "f.xlsx", HEADERS)
    assert table.rows == [(2, ["A1", "", "ア", "2000-01-02", "", ""])]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["利用者ID", "氏名", "ﾌﾘｶﾞﾅ", "生年月日", "市町村"], "ない見出し: 「障害種別」"),
        (["ID", "氏名", "フリガナ", "生年月日", "市町村", "障害種別"], "使えない見出し: 「ID」"),
        (["氏名", "利用者ID", "フリガナ", "生年月日", "市町村", "障害種別"], "順番"),
    ],
)
def test_wrong_headers_name_the_expected_list(header, message):
    with pytest.raises(TabularError, match=message) as info:
        read_table(csv_bytes([header, ROW]), "x.csv", HEADERS)
    assert "利用者ID,氏名,フリガナ,生年月日,市町村,障害種別" in str(info.value)


def test_headers_are_compared_after_nfkc_and_trimming():
    header = [
        " 利用者ＩＤ",
        "相談日 ",
        "相談方法",
        "相談者",
        "支援内容",
        "対応時間（分）",
        "記録",
        "",
    ]
    rows = [header, ["", "2022/4/1", "電話", "本人", "就労", "", ""]]
    assert read_table(csv_bytes(rows), "x.csv", tuple(CONSULTATION_HEADER)).rows


@pytest.mark.parametrize("data", [b"", b"  \r\n", b"\xef\xbb\xbf", csv_bytes([[""], [""]])])
def test_empty_file(data):
    with pytest.raises(TabularError, match="空"):
        read_table(data, "x.csv", HEADERS)


def test_header_only():
    with pytest.raises(TabularError, match="見出しの行だけ"):
        read_table(csv_bytes([PERSON_HEADER, [], ["", ""]]), "x.csv", HEADERS)


def test_huge_file_refused_before_reading(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_FILE_BYTES", 100)

    class Unreadable(io.BytesIO):
        def read(self, *args):  # the size alone must refuse it
            raise AssertionError("read before the size was checked")

    with pytest.raises(TabularError, match="大きすぎます"):
        read_table(Unreadable(b"x" * 101), "big.csv", HEADERS)
    with pytest.raises(TabularError, match="大きすぎます"):
        read_table(b"x" * 101, "big.csv", HEADERS)


def test_zip_bomb_refused(monkeypatch):
    data = xlsx_bytes([PERSON_HEADER, ROW])
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    monkeypatch.setattr(tabular, "MAX_UNCOMPRESSED_BYTES", unpacked - 1)
    with pytest.raises(TabularError, match="展開後"):
        read_table(data, "bomb.xlsx", HEADERS)


@pytest.mark.parametrize("name", ["many.csv", "many.xlsx"])
def test_too_many_rows(monkeypatch, name):
    monkeypatch.setattr(tabular, "MAX_ROWS", 3)
    rows = [PERSON_HEADER, *[ROW] * 4]
    data = xlsx_bytes(rows) if name.endswith("xlsx") else csv_bytes(rows)
    with pytest.raises(TabularError, match="行数が多すぎます"):
        read_table(data, name, HEADERS)
    monkeypatch.setattr(tabular, "MAX_ROWS", 4)
    assert len(read_table(data, name, HEADERS).rows) == 4


def test_old_xls_and_broken_xlsx_are_refused():
    with pytest.raises(TabularError, match="97-2003"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls", HEADERS)
    with pytest.raises(TabularError, match="XLSX"):
        read_table(b"PK\x03\x04 not really a zip", "x.xlsx", HEADERS)
    with pytest.raises(TabularError, match="XLSX"):
        read_table(csv_bytes([PERSON_HEADER, ROW]), "renamed.xlsx", HEADERS)


def test_values_in_columns_without_header_are_errors_and_controls_dropped():
    table = read_table(
        csv_bytes([PERSON_HEADER, [*ROW[:5], "精\x00神", "extra"]]), "x.csv", HEADERS
    )
    assert [(e.row, e.reason) for e in table.errors] == [(2, "見出しのない列に値があります。")]
    assert table.rows[0][1][5] == "精神"


def test_split_values():
    assert split_values("身体;知的、精神 ; 身体，発達；") == ["身体", "知的", "精神", "発達"]
