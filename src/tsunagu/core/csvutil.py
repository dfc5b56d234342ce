"""CSV that Excel in Japan opens correctly, and that cannot smuggle formulas."""

import csv
import io
from collections.abc import Iterable, Sequence

# Full-width ＝＋－＠ too (defensive: Japanese input may turn them into a formula on edit).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralize(value: object) -> str:
    """A cell that starts like a formula is prefixed with ' so spreadsheets show it as text."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM (Excel reads it as UTF-8), CRLF line ends, formulas neutralized."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralize(h) for h in header])
    for row in rows:
        writer.writerow([neutralize(cell) for cell in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def xlsx_append(sheet, row: Sequence[object]) -> None:
    """``sheet.append(row)`` for openpyxl, except that text is never stored as a formula:
    openpyxl turns any string starting with "=" into one. Numbers stay numbers."""
    sheet.append(list(row))
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"
