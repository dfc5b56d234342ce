"""Checking HSDS documents against the official HSDS 3.0 JSON schemas (hsds_schema/).

The schemas refer to each other by bare file name (``"$ref": "phone.json"``); each file is
registered in a ``referencing.Registry`` under its name, with Draft 2020-12. Every problem is
reported with the JSON path of the value and the reason in Japanese."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).with_name("hsds_schema")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*$")


@dataclass(frozen=True)
class DocumentError:
    """One problem in an HSDS document: where (JSON path) and why (Japanese).

    ``line`` is the line of an ndjson file (None for a single document)."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return _("%(path)s: %(reason)s") % {"path": self.path, "reason": self.reason}
        return _("%(line)d 行目 %(path)s: %(reason)s") % {
            "line": self.line,
            "path": self.path,
            "reason": self.reason,
        }


class HSDSError(Exception):
    """A document (or file) that cannot be written; nothing was written."""

    def __init__(self, errors: list[DocumentError]) -> None:
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


def schema_names() -> list[str]:
    return sorted(p.stem for p in SCHEMA_DIR.glob("*.json") if p.stem != "openapi")


@cache
def schema(name: str) -> dict:
    """One official schema file (``"service"`` -> hsds_schema/service.json), parsed."""
    if name not in schema_names():
        raise KeyError(name)
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@cache
def registry() -> Registry:
    resources = [
        (f"{name}.json", Resource.from_contents(schema(name), default_specification=DRAFT202012))
        for name in schema_names()
    ]
    return Registry().with_resources(resources)


def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return bool(parts.scheme) and bool(_SCHEME.match(parts.scheme))


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not re.match(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}", value):
        return False
    try:
        datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return False
    return True


def format_checker() -> FormatChecker:
    """jsonschema's checks (uuid, email, date, time) plus uri and date-time without extra
    packages: a URI has a scheme and no spaces; a date-time is ISO 8601 with a time."""
    checker = FormatChecker()
    checker.checks("uri")(_is_uri)
    checker.checks("date-time")(_is_datetime)
    return checker


@cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"{name}.json"}, registry=registry(), format_checker=format_checker()
    )


_TYPES = {
    "string": gettext_noop("文字列"),
    "number": gettext_noop("数値"),
    "integer": gettext_noop("整数"),
    "boolean": gettext_noop("真偽値"),
    "object": gettext_noop("オブジェクト"),
    "array": gettext_noop("配列"),
}


def _type_name(name: str) -> str:
    return _(_TYPES[name]) if name in _TYPES else name


def reason(error: SchemaError) -> str:
    """The reason of one schema error, in Japanese."""
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return _("「%(field)s」がありません（必須です）。") % {"field": missing}
    if kind == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        return _("%(expected)s で書いてください。") % {
            "expected": "・".join(_type_name(n) for n in names)
        }
    if kind == "format":
        return _("形式が違います（%(format)s の形式で書いてください）。") % {
            "format": error.validator_value
        }
    if kind == "enum":
        return _("使える値は %(values)s です。") % {
            "values": ", ".join(json.dumps(v, ensure_ascii=False) for v in error.validator_value)
        }
    return _("値が正しくありません（%(message)s）。") % {"message": error.message}


def validate(document: Any, name: str, *, line: int | None = None) -> list[DocumentError]:
    """The problems of ``document`` against the official schema ``name`` (e.g. "service"),
    in document order; an empty list if it is valid."""
    if not isinstance(document, dict):
        return [DocumentError("$", _("JSON オブジェクトではありません。"), line)]
    errors = sorted(validator(name).iter_errors(document), key=lambda e: list(map(str, e.path)))
    found = [DocumentError(e.json_path, reason(e), line) for e in errors]
    found += [
        DocumentError(path, _("NUL 文字（\\u0000）は使えません。"), line)
        for path in _nul_paths(document, "$")
    ]
    return found


def _nul_paths(value: Any, path: str) -> list[str]:
    """Where a NUL character is (PostgreSQL stores no NUL in text or jsonb)."""
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    if isinstance(value, dict):
        found = []
        for key, child in value.items():
            if "\x00" in key:
                found.append(path)
            found += _nul_paths(child, f"{path}.{key}")
        return found
    if isinstance(value, list):
        return [p for i, child in enumerate(value) for p in _nul_paths(child, f"{path}[{i}]")]
    return []
