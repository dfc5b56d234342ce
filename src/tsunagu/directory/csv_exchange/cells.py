"""The cells of one sheet row read and checked, and compared with what the export writes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.tabular import RowError, match_key, split_values
from tsunagu.core.text import normalize
from tsunagu.directory import taxonomy as tx
from tsunagu.directory.csv_exchange.columns import (
    ADDRESS_COLUMNS,
    COL_ASSURED_DATE,
    COL_CATEGORIES,
    COL_CITY,
    COL_EMAIL,
    COL_KANA,
    COL_LATITUDE,
    COL_LONGITUDE,
    COL_NAME,
    COL_OFFERINGS,
    COL_ORGANIZATION,
    COL_POSTAL_CODE,
    COL_SAL_ID,
    COL_SERVICE_ID,
    COL_URL,
    EMAIL_PATTERN,
    FALSE_WORDS,
    FLAG_COLUMNS,
    POSTAL_NOISE,
    POSTAL_PATTERN,
    SEPARATOR,
    TRUE_WORDS,
    URL_PATTERN,
    YES,
)
from tsunagu.directory.hsds.readers import is_kana, parse_uuid
from tsunagu.directory.models import (
    Offering,
)


@dataclass
class Row:
    number: int
    cells: dict[str, str]
    service_id: uuid.UUID | None = None
    sal_id: uuid.UUID | None = None
    values: dict[str, Any] = field(default_factory=dict)


def _flag(text: str) -> bool | None:
    key = match_key(text)
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    return None


def _postal_code(text: str) -> str | None:
    found = POSTAL_PATTERN.match(normalize(text).translate(POSTAL_NOISE))
    return f"{found.group(1)}-{found.group(2)}" if found else None


def read_row(
    number: int, cells: dict[str, str], current: dict[str, str], errors: list[RowError]
) -> Row:
    """Read and check one row. A cell equal to what the export writes for the same service
    and place (``current``) is not checked: it is data from elsewhere, kept as it is."""
    row = Row(number, {k: normalize(v) for k, v in cells.items()})
    c = row.cells

    def error(column: str, reason: str) -> None:
        errors.append(RowError(number, column, reason))

    def changed(*columns: str) -> bool:
        return any(cell_changed(column, c, current) for column in columns)

    for column, attr in ((COL_SERVICE_ID, "service_id"), (COL_SAL_ID, "sal_id")):
        if c[column]:
            value = parse_uuid(c[column])
            if value is None:
                error(
                    column,
                    _("UUID の形（例: 3f7b145d-84af-42d7-8fae-eaca714b02b2）で書いてください。"),
                )
            setattr(row, attr, value)
    if not c[COL_NAME]:
        error(COL_NAME, _("名称を入力してください。"))
    if changed(COL_KANA) and c[COL_KANA] and not is_kana(c[COL_KANA]):
        error(COL_KANA, _("ひらがなかカタカナで書いてください。"))
    if not c[COL_ORGANIZATION]:
        error(COL_ORGANIZATION, _("運営団体を入力してください。"))
    if changed(COL_CATEGORIES):
        row.values[COL_CATEGORIES] = _categories(c[COL_CATEGORIES], error)
    if changed(COL_OFFERINGS):
        row.values[COL_OFFERINGS] = _offering_values(c[COL_OFFERINGS], error)
    if changed(COL_POSTAL_CODE) and c[COL_POSTAL_CODE]:
        postal_code = _postal_code(c[COL_POSTAL_CODE])
        if postal_code is None:
            error(COL_POSTAL_CODE, _("郵便番号は 7 桁の数字（例: 283-0802）で書いてください。"))
        row.values[COL_POSTAL_CODE] = postal_code or ""
    if changed(*ADDRESS_COLUMNS) and any(c[k] for k in ADDRESS_COLUMNS) and not c[COL_CITY]:
        error(COL_CITY, _("住所を書くときは市町村も入力してください。"))
    if changed(COL_LATITUDE, COL_LONGITUDE):
        for column, low, high in ((COL_LATITUDE, -90, 90), (COL_LONGITUDE, -180, 180)):
            if c[column]:
                try:
                    value = float(c[column])
                except ValueError:
                    value = None
                if value is None or not low <= value <= high:
                    error(
                        column,
                        _("%(low)d〜%(high)d の数で書いてください。") % {"low": low, "high": high},
                    )
                row.values[column] = value
        if bool(c[COL_LATITUDE]) != bool(c[COL_LONGITUDE]):
            error(
                COL_LONGITUDE if c[COL_LATITUDE] else COL_LATITUDE,
                _("緯度と経度は両方書いてください。"),
            )
    for column in FLAG_COLUMNS:
        flag = _flag(c[column])
        if flag is None:
            error(column, _("「%(yes)s」か空欄にしてください。") % {"yes": YES})
        row.values[column] = bool(flag)
    if changed(COL_EMAIL) and c[COL_EMAIL] and not EMAIL_PATTERN.match(c[COL_EMAIL]):
        error(COL_EMAIL, _("メールアドレスの形ではありません。"))
    if changed(COL_URL) and c[COL_URL] and not URL_PATTERN.match(c[COL_URL]):
        error(COL_URL, _("http:// か https:// で始まる URL を書いてください。"))
    if changed(COL_ASSURED_DATE) and c[COL_ASSURED_DATE]:
        try:
            row.values[COL_ASSURED_DATE] = dates.parse_date(c[COL_ASSURED_DATE]).isoformat()
        except ValueError as problem:
            error(COL_ASSURED_DATE, str(problem))
    return row


def _categories(text: str, error) -> list[str]:
    codes: list[str] = []
    for value in split_values(text):
        term = tx.category_lookup(value)
        if term is None:
            error(COL_CATEGORIES, _("分類「%(value)s」はありません。") % {"value": value})
        elif term.code not in codes:
            codes.append(term.code)
    return codes


def _offering_values(text: str, error) -> list[str]:
    labels = {match_key(str(o.label)): o.value for o in Offering}
    labels |= {match_key(o.value): o.value for o in Offering}
    found: list[str] = []
    for value in split_values(text):
        offering = labels.get(match_key(value))
        if offering is None:
            error(
                COL_OFFERINGS,
                _("提供内容「%(value)s」はありません（使えるのは %(allowed)s）。")
                % {"value": value, "allowed": "、".join(str(o.label) for o in Offering)},
            )
        elif offering not in found:
            found.append(offering)
    return [o for o in Offering.values if o in found]


def comparable(column: str, text: str) -> str:
    """A cell as compared with the export: the same rules as reading it."""
    text = normalize(text)
    if column in FLAG_COLUMNS:
        return YES if _flag(text) else ""
    if column in (COL_CATEGORIES, COL_OFFERINGS):
        return SEPARATOR.join(split_values(text))
    if column == COL_POSTAL_CODE:
        return _postal_code(text) or text
    if column in (COL_LATITUDE, COL_LONGITUDE):
        try:
            return repr(float(text))
        except ValueError:
            return text
    if column == COL_ASSURED_DATE:
        try:
            return dates.parse_date(text).isoformat()
        except ValueError:
            return text
    return text


def cell_changed(column: str, new: dict[str, str], current: dict[str, str]) -> bool:
    return comparable(column, new[column]) != comparable(column, current.get(column, ""))


