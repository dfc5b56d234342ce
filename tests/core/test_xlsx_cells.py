"""XLSX exports never carry a formula that came from text (core.csvutil.xlsx_append)."""

import io

import openpyxl
import pytest

from tsunagu.core.csvutil import xlsx_append


@pytest.mark.parametrize("text", ["=1+1", '=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0"])
def test_text_that_looks_like_a_formula_is_stored_as_text(text):
    book = openpyxl.Workbook()
    xlsx_append(book.active, ["見出し", text, 3, 2.5])
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    cells = sheet[1]
    assert [c.value for c in cells] == ["見出し", text, 3, 2.5]
    assert cells[1].data_type == "s"  # a string, not a formula
    assert (cells[2].data_type, cells[3].data_type) == ("n", "n")


def test_plain_append_would_have_stored_a_formula():
    """The reason xlsx_append exists: openpyxl's own append makes "=…" a formula."""
    book = openpyxl.Workbook()
    book.active.append(["=1+1"])
    assert book.active["A1"].data_type == "f"
