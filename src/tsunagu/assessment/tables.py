"""A user's file (CSV or XLSX) as grids of text, every sheet, header not assumed.

The official tables put their header where they like (e-Stat: after lines of metadata; the
社人研 workbook: after a title, on a sheet per prefecture), so this reads rows as they are and
leaves finding the header to the caller. Encoding detection, size limits and cell formatting
are those of tsunagu.core.tabular."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from typing import BinaryIO

from django.utils.translation import gettext as _

from tsunagu.core.tabular import (
    MAX_FILE_BYTES,
    MAX_UNCOMPRESSED_BYTES,
    TabularError,
    decode_csv,
    sheet_rows,
)

MAX_DATA_ROWS = 200_000
Grid = list[tuple[int, list[str]]]  # (row number as in Excel, cells)


def read_grids(source: bytes | BinaryIO, filename: str) -> list[tuple[str, Grid]]:
    """(sheet name, rows) of every sheet: one unnamed sheet for a CSV."""
    if not isinstance(source, bytes | bytearray):
        size = getattr(source, "size", None)
        if size is not None and size > MAX_FILE_BYTES:
            raise TabularError(_too_big())
        source.seek(0)
        source = source.read(MAX_FILE_BYTES + 1)
    data = bytes(source)
    if len(data) > MAX_FILE_BYTES:
        raise TabularError(_too_big())
    if not data.strip():
        raise TabularError(_("ファイルが空です。"))
    if data.startswith(b"\xd0\xcf\x11\xe0") or filename.lower().endswith(".xls"):
        raise TabularError(
            _("Excel 97-2003 形式（.xls）は読めません。Excel で XLSX か CSV として保存し直してください。")
        )
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_grids(data)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise TabularError(_("XLSX ファイルとして読めません。ファイルが壊れていないか確かめてください。"))
    text, _encoding = decode_csv(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    rows: Grid = []
    try:
        for number, record in enumerate(reader, start=1):
            if number > MAX_DATA_ROWS:
                raise TabularError(_("行数が多すぎます。ファイルを分けて取り込んでください。"))
            rows.append((number, record))
    except csv.Error as error:
        raise TabularError(
            _("%(line)d 行目が CSV として読めません（%(error)s）。")
            % {"line": reader.line_num, "error": error}
        ) from None
    return [("", rows)]


def _too_big() -> str:
    return _("ファイルが大きすぎます（上限 %(mb)d MB）。") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}


def _xlsx_grids(data: bytes) -> list[tuple[str, Grid]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
                raise TabularError(_("XLSX ファイルの展開後の大きさが上限を超えています。"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except TabularError:
        raise
    except Exception:  # openpyxl raises many kinds on a broken file
        raise TabularError(
            _("XLSX ファイルとして読めません。ファイルが壊れていないか確かめてください。")
        ) from None
    grids = []
    try:
        total = 0
        for sheet in book.worksheets:
            rows: Grid = []
            for number, cells in sheet_rows(sheet):
                total += 1
                if total > MAX_DATA_ROWS:
                    raise TabularError(_("行数が多すぎます。ファイルを分けて取り込んでください。"))
                rows.append((number, cells))
            grids.append((sheet.title, rows))
    finally:
        book.close()
    if not grids:
        raise TabularError(_("XLSX ファイルにシートがありません。"))
    return grids
