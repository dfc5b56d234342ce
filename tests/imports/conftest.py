"""Helpers for the import tests: files made the way users make them."""

import csv
import io
from collections.abc import Callable, Sequence

import pytest
from openpyxl import Workbook

PERSON_HEADER = ["利用者ID", "氏名", "フリガナ", "生年月日", "市町村", "障害種別"]
CONSULTATION_HEADER = [
    "利用者ID",
    "相談日",
    "相談方法",
    "相談者",
    "支援内容",
    "対応時間(分)",
    "記録",
]


def csv_bytes(rows: Sequence[Sequence[object]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, as typed after '
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def write_file(tmp_path) -> Callable[..., str]:
    """Write ``rows`` as CSV (given encoding) or XLSX; return the path."""

    def write(rows, name: str = "data.csv", encoding: str = "utf-8") -> str:
        path = tmp_path / name
        data = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows, encoding)
        path.write_bytes(data)
        return str(path)

    return write


@pytest.fixture
def imported_persons(region):
    """Two persons already imported with 利用者ID A001 and A002."""
    from tsunagu.core.tabular import read_table
    from tsunagu.people.importers import HEADERS, import_persons

    data = csv_bytes(
        [
            PERSON_HEADER,
            ["A001", "山田 太郎", "ヤマダ タロウ", "1980/1/2", "東金市", "身体"],
            ["A002", "佐藤 花子", "サトウ ハナコ", "", "山武市", "知的"],
        ]
    )
    result = import_persons(region=region, table=read_table(data, "p.csv", HEADERS), actor="test")
    assert result.ok, result.errors
    return result
