"""Numbers and ids read from a query string or a posted form: the one place that decides what
counts as a number, so that no odd input reaches the database or ``int()``.

``"²".isdigit()`` is true and ``int("²")`` raises; ``"99999999999999999999".isdigit()`` is true
and the database cannot hold it (SQLite raises OverflowError in an ``IN``). Here full-width
digits are read as digits (NFKC: ２０２４ → 2024), anything else that is not plain digits is
None, and so is a number outside the range asked for or beyond a 64-bit id."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

MAX_ID = 2**63 - 1  # the largest BigAutoField value on SQLite and PostgreSQL


def int_param(value: Any, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """``value`` as an int in ``low..high``, or None (missing, not digits, out of range)."""
    if value is None or isinstance(value, bool):
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if low <= number <= high else None


def id_param(value: Any) -> int | None:
    """A primary key: a positive int that fits in a 64-bit id, or None."""
    return int_param(value, low=1)


def id_params(values: Iterable[Any]) -> list[int]:
    """The valid primary keys among ``values`` (e.g. ``request.GET.getlist("issue")``), in
    order, each once."""
    seen: dict[int, None] = {}
    for value in values:
        pk = id_param(value)
        if pk is not None:
            seen.setdefault(pk, None)
    return list(seen)
