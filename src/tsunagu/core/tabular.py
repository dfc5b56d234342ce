"""Reading a spreadsheet that a user brings (CSV or XLSX) into rows of text.

The ONE place that turns an uploaded or given file into ``(row number, cells)``: encoding
detection (UTF-8 with or without BOM, then CP932), XLSX through openpyxl without ever
evaluating a formula, size limits checked before the content is read, and the header row
compared to the exact list an importer expects. Row numbers are those the user sees in
Excel: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from tsunagu.core.text import normalize

MAX_FILE_BYTES = 20 * 1024 * 1024  # the file as uploaded
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # all entries of an XLSX (zip) once unpacked
MAX_ROWS = 200_000  # data rows, header not counted
EXCEL_MAX_ROWS = 1_048_576  # no real sheet has more; guards against padded blank rows
MAX_COLUMNS = 64  # columns read from an XLSX sheet
# A zip entry that unpacks to more than this many times its packed size is a zip bomb: real
# sheet XML packs 5-50 times; deflating zeros or one repeated tag reaches about 1,000.
MAX_RATIO = 200
RATIO_CHECKED_FROM = 4 * 1024 * 1024  # small entries may pack well without harm

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls)
_BOM = b"\xef\xbb\xbf"
# Control characters other than tab and line ends: never meant, and PostgreSQL refuses NUL.
_CONTROL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TabularError(Exception):
    """The file as a whole cannot be read; the message is for the user (Japanese)."""


@dataclass(frozen=True)
class RowError:
    """One problem in one cell. ``row`` as in Excel (header = 1); None for the whole file."""

    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        if self.row is None:
            return self.reason
        if not self.column:
            return _("行 %(row)d: %(reason)s") % {"row": self.row, "reason": self.reason}
        return _("行 %(row)d, 列「%(column)s」: %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
        }


@dataclass
class Table:
    """The data rows of a file whose header matched; each row has one cell per header."""

    header: tuple[str, ...]
    rows: list[tuple[int, list[str]]]
    source: str  # "xlsx", "utf-8-sig", "utf-8" or "cp932"
    errors: list[RowError] = field(default_factory=list)  # cells in columns without a header


def normalize_header(text: str) -> str:
    """Header cells are compared after NFKC and trimming (（分） matches (分))."""
    return normalize(text or "")


def read_table(
    source: bytes | BinaryIO,
    filename: str,
    expected: Sequence[str],
    *,
    optional: Sequence[str] = (),
) -> Table:
    """Read ``source`` (bytes or a binary file) named ``filename``; TabularError if unreadable.

    The header must be ``expected`` in that order, then any of the ``optional`` headers, in
    any order; ``Table.header`` is the header as found.

    The size is checked before reading the content: a Django UploadedFile tells its size, any
    other file is measured by seeking to its end."""
    data = _read_limited(source)
    if not data.strip():
        raise TabularError(_("ファイルが空です。"))
    extension = os.path.splitext(filename or "")[1].lower()
    if data.startswith(_OLE_MAGIC) or extension == ".xls":
        raise TabularError(
            _(
                "Excel 97-2003 形式（.xls）は読めません。Excel で XLSX か CSV として保存し直してください。"
            )
        )
    if data.startswith(_ZIP_MAGIC):
        lines, encoding = _xlsx_rows(data), "xlsx"
        del data
    elif extension in (".xlsx", ".xlsm"):
        raise TabularError(_not_xlsx())
    else:
        text, encoding = decode_csv(data)
        del data
        # One scan of the whole text instead of a translate per cell (100k rows: ~1 s).
        clean = _CONTROL_RE.search(text) is None
        lines = _csv_rows(text)
        return _collect(lines, tuple(expected), encoding, tuple(optional), clean=clean)
    return _collect(lines, tuple(expected), encoding, tuple(optional))


def _not_xlsx() -> str:
    return _("XLSX ファイルとして読めません。ファイルが壊れていないか確かめてください。")


def _read_limited(source: bytes | BinaryIO) -> bytes:
    too_big = _(
        "ファイルが大きすぎます（上限 %(mb)d MB）。ファイルを分けて取り込んでください。"
    ) % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
    if isinstance(source, bytes | bytearray | memoryview):
        source = io.BytesIO(source)
    size = getattr(source, "size", None)  # Django's UploadedFile knows it
    if size is None:
        size = source.seek(0, io.SEEK_END)
    if size > MAX_FILE_BYTES:
        raise TabularError(too_big)
    source.seek(0)
    data = source.read(MAX_FILE_BYTES + 1)  # never trust a declared size alone
    if len(data) > MAX_FILE_BYTES:
        raise TabularError(too_big)
    return data


# ---- CSV -----------------------------------------------------------------------


def decode_csv(data: bytes) -> tuple[str, str]:
    """Text and encoding: UTF-8 with BOM, else strict UTF-8, else CP932 (Shift_JIS).

    UTF-16 (Excel's 「Unicode テキスト」) is refused by name: CP932 would read its bytes as
    text full of NUL characters and the importer would complain about every header."""
    head = data[:1000]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") * 4 >= len(head):
        raise TabularError(
            _(
                "文字コードを判別できません（UTF-16 で保存されているようです）。"
                "Excel で「CSV UTF-8」形式で保存し直してください。"
            )
        )
    if data.startswith(_BOM):
        try:
            return data[len(_BOM) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise TabularError(_undecodable(data, error.start + len(_BOM), "UTF-8")) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        utf8_at = utf8_error.start
    try:
        return data.decode("cp932"), "cp932"
    except UnicodeDecodeError as cp932_error:
        # The encoding that read further is most likely the one meant.
        if cp932_error.start >= utf8_at:
            raise TabularError(_undecodable(data, cp932_error.start, "CP932")) from None
        raise TabularError(_undecodable(data, utf8_at, "UTF-8")) from None


def _undecodable(data: bytes, offset: int, encoding: str) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return _(
        "文字コードを判別できません（UTF-8 でも Shift_JIS（CP932）でもありません）。"
        "%(line)d 行目、先頭から %(offset)d バイト目に %(encoding)s として読めない文字があります。"
        "Excel で「CSV UTF-8」形式で保存し直してください。"
    ) % {"line": line, "offset": offset + 1, "encoding": encoding}


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Records with their number: a quoted cell may span lines but is still one Excel row."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise TabularError(
            _("%(line)d 行目が CSV として読めません（%(error)s）。")
            % {"line": reader.line_num, "error": error}
        ) from None


# ---- XLSX ------------------------------------------------------------------------


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TabularError(_not_xlsx()) from None
    # zipfile stops each entry at its declared size, so the sum bounds what can be unpacked.
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        raise TabularError(
            _("XLSX ファイルの展開後の大きさが上限（%(mb)d MB）を超えています。")
            % {"mb": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )
    for info in infos:
        if info.file_size > RATIO_CHECKED_FROM and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise TabularError(
                _("XLSX ファイルの圧縮率が異常です（展開すると %(ratio)d 倍）。読み込みません。")
                % {"ratio": info.file_size // max(info.compress_size, 1)}
            )
    archive.close()
    return _sheet_rows(io.BytesIO(data))


def _sheet_rows(stream: BinaryIO) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions, missing styles
            # data_only: a formula cell gives the value Excel cached, never evaluated here.
            workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a broken file
        raise TabularError(_not_xlsx()) from None
    try:
        if not workbook.worksheets:
            raise TabularError(_("XLSX ファイルにシートがありません。"))
        for number, cells in sheet_rows(workbook.worksheets[0]):
            if number > EXCEL_MAX_ROWS:
                raise TabularError(_("シートの行数が Excel の上限を超えています。"))
            yield number, cells
    finally:
        workbook.close()


def sheet_rows(sheet: Any) -> Iterator[tuple[int, list[str]]]:
    """The rows of an openpyxl read-only sheet as text, numbered as in Excel.

    openpyxl parses the sheet's XML only while the rows are read, so a sheet that is not well
    formed (or any other damage inside the zip) shows up here, in the middle of the loop: it
    becomes the TabularError the importer reports, never an exception of the XML parser."""
    try:
        sheet.reset_dimensions()  # a declared dimension may be wrong: read what is there
        rows = enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1)
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds on a broken file
        raise TabularError(_not_xlsx()) from None
    while True:
        try:
            number, values = next(rows)
            cells = [cell_text(v) for v in values]
        except StopIteration:
            return
        except Exception:  # noqa: BLE001 — XML, zip, value errors of a damaged sheet
            raise TabularError(_not_xlsx()) from None
        yield number, cells


def cell_text(value: object) -> str:
    """An XLSX cell as text: dates in ISO form, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---- header and rows ------------------------------------------------------------


def _collect(
    lines: Iterator[tuple[int, list[str]]],
    expected: tuple[str, ...],
    encoding: str,
    optional: tuple[str, ...] = (),
    *,
    clean: bool = False,
) -> Table:
    """The header checked, then the data rows; ``clean``: the caller found no control
    character anywhere in the file, so the cells need no cleaning."""
    header_line = None
    for number, cells in lines:
        if any(c.strip() for c in cells):
            header_line = (number, cells)
            break
    if header_line is None:
        raise TabularError(_("ファイルが空です。"))
    header = _check_header(header_line[1], expected, optional)
    width = len(header)
    rows: list[tuple[int, list[str]]] = []
    errors: list[RowError] = []
    for number, cells in lines:
        if not "".join(cells).strip():
            continue  # blank rows are common at the end of a sheet
        if len(rows) >= MAX_ROWS:
            raise TabularError(
                _("行数が多すぎます（上限 %(max)s 行）。ファイルを分けて取り込んでください。")
                % {"max": f"{MAX_ROWS:,}"}
            )
        if len(cells) != width:
            if len(cells) > width and "".join(cells[width:]).strip():
                errors.append(RowError(number, "", _("見出しのない列に値があります。")))
            cells = cells[:width] + [""] * (width - len(cells))
        if not clean:
            cells = [c.translate(_CONTROL) for c in cells]
        rows.append((number, cells))
    if not rows:
        raise TabularError(_("データの行がありません（見出しの行だけです）。"))
    return Table(header=header, rows=rows, source=encoding, errors=errors)


def _check_header(
    cells: list[str], expected: tuple[str, ...], optional: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """The header found: ``expected``, then optional headers each at most once."""
    found = [normalize_header(c) for c in cells]
    while found and not found[-1]:
        found.pop()
    extra = tuple(found[len(expected) :])
    if tuple(found[: len(expected)]) == expected and (
        set(extra) <= set(optional) and len(set(extra)) == len(extra)
    ):
        return expected + extra
    missing = [h for h in expected if h not in found]
    unknown = [h for h in found if h not in expected and h not in optional]
    details = []
    if missing:
        details.append(
            _("ない見出し: %(names)s") % {"names": "、".join(f"「{h}」" for h in missing)}
        )
    if unknown:
        details.append(
            _("使えない見出し: %(names)s")
            % {"names": "、".join(f"「{h}」" if h else _("（空欄）") for h in unknown)}
        )
    if not details:
        details.append(_("見出しの順番が違います"))
    raise TabularError(
        _("見出しの行が違います（%(details)s）。見出しは次のとおりにしてください: %(expected)s")
        % {"details": "。".join(details), "expected": ",".join(expected)}
    )


# ---- shared by the importers ------------------------------------------------------

_SEPARATORS = re.compile(r"[;、,]")


def match_key(text: str) -> str:
    """How an imported value is compared to a list item: NFKC, no spaces, case folded."""
    return "".join(normalize(text).split()).casefold()


def split_values(text: str) -> list[str]:
    """Several values in one cell, separated by ; 、 or , (full width too), in order, once each."""
    parts = (p.strip() for p in _SEPARATORS.split(normalize(text)))
    return list(dict.fromkeys(p for p in parts if p))


class ListLookup:
    """The items of one master-data list of a region, found by label, alias or code.

    Retired items are found too: past records may use them."""

    def __init__(self, region: Any, kind: str) -> None:
        from tsunagu.core.models import ListItem

        self.kind = kind
        items = list(ListItem.objects.of(region, kind).order_by("sort_order", "pk"))
        self._keys: dict[str, Any] = {}
        for item in reversed(items):  # earlier items win; labels over aliases over codes
            self._keys[match_key(item.code)] = item
        for item in reversed(items):
            for alias in item.alias_list():
                self._keys[match_key(alias)] = item
        for item in reversed(items):
            self._keys[match_key(item.label)] = item
        self.allowed = "、".join(item.label for item in items if item.is_active)

    def get(self, text: str) -> Any:
        return self._keys.get(match_key(text))

    def get_many(self, text: str) -> tuple[list[Any], list[str]]:
        """Items of a multi-valued cell, and the values that match nothing.

        The whole cell is tried first, so a label that itself contains 、 still matches."""
        whole = self.get(text)
        if whole is not None:
            return [whole], []
        found: list[Any] = []
        unknown: list[str] = []
        for value in split_values(text):
            item = self.get(value)
            if item is None:
                unknown.append(value)
            elif item not in found:
                found.append(item)
        return found, unknown


class ImportAborted(Exception):
    """Raised inside the import transaction to roll everything back."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass
class ImportResult:
    """What an import did, or would do (dry run), or why it did nothing (errors)."""

    kind: str  # "persons" or "consultations"
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    related: ImportResult | None = None  # persons imported together with consultations

    @property
    def ok(self) -> bool:
        return not self.errors and (self.related is None or self.related.ok)

    @property
    def kind_label(self) -> str:
        return _("利用者") if self.kind == "persons" else _("相談記録")

    def summary(self) -> str:
        n = {"kind": self.kind_label, "rows": self.rows, "created": self.created,
             "updated": self.updated, "unchanged": self.unchanged}  # fmt: skip
        if self.kind == "consultations":
            counts = _("作成 %(created)d件・取り込み済み %(unchanged)d件（作成しません）") % n
        else:
            counts = _("作成 %(created)d件・更新 %(updated)d件・変更なし %(unchanged)d件") % n
        if self.dry_run:
            head = _("%(kind)s: %(rows)d 行を確認しました（確認のみ、書き込んでいません）。") % n
        else:
            head = _("%(kind)s: %(rows)d 行を取り込みました。") % n
        return head + counts
