"""Property-based tests of every importer: whatever a file holds, the importer either writes
the whole file or refuses it with messages naming 行・列, and never raises anything but its own
validation error; a refused import leaves every table as it was.

Rows start from a valid row and hypothesis replaces cells with hostile values (control
characters, NUL, SQL metacharacters, impossible dates, huge numbers, CP932-unencodable text),
so validation is exercised past the first check."""

import io
import json
import re
from contextlib import contextmanager

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st
from tests.imports.conftest import CONSULTATION_HEADER, PERSON_HEADER, csv_bytes, xlsx_bytes
from tests.reliability.strategies import CELL, FUZZ, NASTY

from tsunagu.consultations import importers as consultation_importers
from tsunagu.consultations.models import Consultation
from tsunagu.core.models import AuditEntry
from tsunagu.core.tabular import TabularError, read_table
from tsunagu.directory.csv_exchange.columns import HEADERS
from tsunagu.directory.csv_exchange.sheet_import import import_csv
from tsunagu.directory.hsds.files import import_documents, read_documents
from tsunagu.directory.models import Location, ResourceOrganization, Service
from tsunagu.people import importers as person_importers
from tsunagu.people.models import Person

pytestmark = pytest.mark.django_db

VALID_PERSON = ["A1", "山田 太郎", "ヤマダ タロウ", "2000-01-01", "山武市", "身体"]
VALID_CONSULTATION = ["A1", "2022/4/1", "電話", "本人", "就労", "5", "記録"]
LOCATED = re.compile(r"^(行 \d+|\d+ 行目)")  # every row error starts with where it is


@contextmanager
def _rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Person, Consultation, Service, ResourceOrganization, Location, AuditEntry)
    }


def _mutated(valid: list[str], width: int):
    """Rows of ``width`` cells: the valid row with some cells replaced."""
    return st.lists(
        st.lists(st.tuples(st.integers(0, width - 1), CELL), max_size=3).map(
            lambda changes: _apply(valid, changes)
        ),
        min_size=1,
        max_size=4,
    )


def _apply(valid: list[str], changes) -> list[str]:
    row = list(valid)
    for index, value in changes:
        row[index] = value
    return row


def _file(header, rows, kind: str) -> tuple[bytes, str]:
    if kind == "xlsx":
        cleaned = [[re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", c) for c in r] for r in rows]
        return xlsx_bytes([header, *cleaned]), "data.xlsx"
    return csv_bytes([header, *rows], "utf-8"), "data.csv"


def _check_refusal(result, before: dict[str, int]) -> None:
    assert _counts() == before, "a refused import wrote something"
    for error in result.errors:
        text = str(error)
        assert text.strip()
        if error.row is not None:
            assert LOCATED.match(text), text


def _import_tabular(region, importer, header, rows, kind):
    data, name = _file(header, rows, kind)
    before = _counts()
    try:
        table = read_table(data, name, tuple(header))
    except TabularError as error:
        assert str(error).strip()
        assert _counts() == before
        return
    result = importer(region=region, table=table, actor="test")
    if not result.ok:
        _check_refusal(result, before)
    else:
        assert _counts()["AuditEntry"] > before["AuditEntry"] or result.rows == result.unchanged


@FUZZ
@given(rows=_mutated(VALID_PERSON, 6), kind=st.sampled_from(["csv", "xlsx"]))
def test_person_import_writes_all_or_nothing(region, rows, kind):
    with _rolled_back():  # each example starts from the same database
        _import_tabular(region, person_importers.import_persons, PERSON_HEADER, rows, kind)


@FUZZ
@given(rows=_mutated(VALID_CONSULTATION, 7), kind=st.sampled_from(["csv", "xlsx"]))
def test_consultation_import_writes_all_or_nothing(region, rows, kind):
    with _rolled_back():  # each example starts from the same database
        person_table = read_table(csv_bytes([PERSON_HEADER, VALID_PERSON]), "p.csv", PERSON_HEADER)
        person_importers.import_persons(region=region, table=person_table, actor="test")
        _import_tabular(
            region, consultation_importers.import_consultations, CONSULTATION_HEADER, rows, kind
        )


VALID_SERVICE = {h: "" for h in HEADERS} | {
    "名称": "ほっとカフェ",
    "運営団体": "ほっと会",
    "市町村": "東金市",
}


@FUZZ
@given(
    changes=st.lists(
        st.lists(st.tuples(st.sampled_from(HEADERS), CELL), max_size=3),
        min_size=1,
        max_size=3,
    )
)
def test_directory_csv_import_writes_all_or_nothing(region, changes):
    with _rolled_back():  # each example starts from the same database
        rows = [[{**VALID_SERVICE, **dict(c)}[h] for h in HEADERS] for c in changes]
        data = csv_bytes([HEADERS, *rows])
        before = _counts()
        try:
            result = import_csv(actor="test", region=region, data=data, filename="d.csv")
        except TabularError as error:
            assert str(error).strip()
            assert _counts() == before
            return
        if result.errors:
            _check_refusal(result, before)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | CELL,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(CELL, inner, max_size=4),
    max_leaves=20,
)
SERVICE_KEYS = ["id", "name", "organization", "status", "description", "url", "email",
                "service_at_locations", "phones", "schedules", "attributes"]  # fmt: skip


@FUZZ
@given(
    documents=st.lists(
        st.one_of(JSON, st.dictionaries(st.sampled_from(SERVICE_KEYS), JSON, max_size=6)),
        min_size=1,
        max_size=3,
    ),
    ndjson=st.booleans(),
)
def test_hsds_import_writes_all_or_nothing(region, documents, ndjson):
    with _rolled_back():  # each example starts from the same database
        text = "\n".join(json.dumps(d) for d in documents) if ndjson else json.dumps(documents[0])
        before = _counts()
        parsed, errors = read_documents(text)
        if not errors:
            result = import_documents(actor="test", region=region, documents=parsed)
            errors = result.errors
        if errors:
            assert _counts() == before
            assert all(str(e).strip() for e in errors)


@FUZZ
@given(text=st.one_of(st.sampled_from(NASTY), st.text(max_size=200)), cut=st.integers(0, 400))
def test_hsds_reader_takes_any_text(region, text, cut):
    """Malformed and truncated JSON: errors, never an exception."""
    whole = json.dumps({"id": "x", "name": text, "organization": {"name": text}})
    documents, errors = read_documents((text + whole)[:cut] or text)
    assert isinstance(documents, list)
    assert all(str(e).strip() for e in errors)


@FUZZ
@given(data=st.binary(max_size=2000), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt", ""]))
def test_any_bytes_give_a_table_or_a_clear_refusal(data, name):
    try:
        read_table(data, name, PERSON_HEADER)
    except TabularError as error:
        assert str(error).strip()


@FUZZ
@given(
    body=st.binary(max_size=600),
    prefix=st.sampled_from([b"PK\x03\x04", b"\xef\xbb\xbf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
)
def test_damaged_xlsx_and_magic_prefixes(body, prefix):
    try:
        read_table(prefix + body, "a.xlsx", PERSON_HEADER)
    except TabularError as error:
        assert str(error).strip()


def test_mixed_encodings_in_one_file_are_refused_with_the_line(region):
    data = (
        ",".join(PERSON_HEADER).encode("utf-8")
        + b"\r\n"
        + "A1,山田 太郎,ヤマダ タロウ,,,\r\n".encode()
        + "A2,髙橋 美咲,タカハシ ミサキ,,,\r\n".encode("cp932")
    )
    with pytest.raises(TabularError, match="3 行目"):
        read_table(io.BytesIO(data), "mixed.csv", PERSON_HEADER)
    assert Person.objects.count() == 0
