"""Small readers of HSDS document values: ids, texts, numbers, dates, kana, attributes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

from tsunagu.core.text import normalize

_FALSE_VALUES = frozenset({"false", "no", "0", "n", "off"})
_HIRAGANA_FIRST, _KATAKANA_LAST = 0x3041, 0x30FF  # the hiragana and katakana blocks




def is_kana(text: str) -> bool:
    """Only hiragana and katakana (the long-vowel mark, the middle dot and iteration marks
    included) and spaces, after NFKC; not empty."""
    text = normalize(text or "").replace(" ", "")
    return bool(text) and all(_HIRAGANA_FIRST <= ord(c) <= _KATAKANA_LAST for c in text)


def parse_uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None


def text_within(value: Any, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def number_within(value: Any, low: float, high: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if low <= value <= high else None


def iso_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _term_id(attribute: Any) -> uuid.UUID | None:
    if not isinstance(attribute, dict):
        return None
    term = attribute.get("taxonomy_term")
    if isinstance(term, dict) and term.get("id"):
        return parse_uuid(term["id"])
    return parse_uuid(attribute.get("taxonomy_term_id"))


def _attribute_on(attribute: dict) -> bool:
    value = attribute.get("value")
    return not (isinstance(value, str) and value.strip().casefold() in _FALSE_VALUES)


def attribute_term_ids(document: dict) -> list[uuid.UUID]:
    """Ids of the terms of the object's own attributes (set ones), in order, once each."""
    found: list[uuid.UUID] = []
    for attribute in document.get("attributes") or []:
        term_id = _term_id(attribute)
        if term_id and term_id not in found and _attribute_on(attribute):
            found.append(term_id)
    return found


def first_address(location: dict) -> dict | None:
    addresses = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
    for address in addresses:
        if address.get("address_type") == "physical":
            return address
    return addresses[0] if addresses else None


def walk_attributes(value: Any) -> Iterator[dict]:
    """Every attribute object anywhere in a document."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "attributes" and isinstance(child, list):
                yield from (a for a in child if isinstance(a, dict))
            yield from walk_attributes(child)
    elif isinstance(value, list):
        for child in value:
            yield from walk_attributes(child)

