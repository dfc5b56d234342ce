"""Import of past consultations (相談記録) from an old system's spreadsheet.

Headers exactly: 利用者ID,相談日,相談方法,相談者,支援内容,対応時間(分),記録 (issue 3), optionally
followed by 相談の種類 (issue 18; empty or absent: 一般相談). The whole file is validated first;
only a file without any error is written, in one transaction.

Each consultation is put in its person's 市町村 of the day of the import (an anonymous one in
none) and in the importing user's organization (none when a command imports).

- 利用者ID empty: an anonymous consultation. Otherwise it must be the ``external_id`` of a
  person of the region, or of a person in a persons file imported together with this one.
- 相談日: any form :func:`tsunagu.core.dates.parse_date` reads, optionally followed by a time
  (``2022/4/1 10:30``). Without a time the consultation is put at 00:00 Asia/Tokyo: the
  calendar day, and so the 年度 and month it is counted in, never shifts.
- Each row gets ``import_key``: sha256 of its values as read (利用者ID, 相談日, codes of
  相談方法, 相談者 and 支援内容, 対応時間, 記録). A row already imported is skipped, so importing
  the same file again creates no duplicates. Identical rows within one file are distinct
  consultations (two anonymous calls on one day); the n-th copy gets ``#n`` in its key, so
  they too are imported once each. A row edited in the old system becomes a new key, hence a
  new record: the old one stays, since a row has no other identity.

Writes are in bulk (:func:`consultations_bulk_import`), not consultation_record per row:
the same checks and the same 年度 computation, many times faster.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.consultations.models import Consultation
from tsunagu.core import dates
from tsunagu.core.audit import audit_record
from tsunagu.core.bulk import bulk_write, in_all, reserve_ids, select_rows
from tsunagu.core.lists import DEFAULT_CONSULTATION_KIND
from tsunagu.core.models import AuditAction, ListItem, ListKind, Organization, Region
from tsunagu.core.tabular import ImportAborted, ImportResult, ListLookup, RowError, Table
from tsunagu.core.text import normalize
from tsunagu.people import importers as person_importers
from tsunagu.people.importers import CHUNK, external_id_key
from tsunagu.people.models import Person

HEADERS = ("利用者ID", "相談日", "相談方法", "相談者", "支援内容", "対応時間(分)", "記録")
# Column names in error messages are the file's own headings, whatever the UI language.
COL_ID, COL_WHEN, COL_METHOD, COL_CALLER, COL_TOPIC, COL_MINUTES, COL_RECORD = HEADERS
OPTIONAL_HEADERS = ("相談の種類",)  # may follow HEADERS (issue 18)
(COL_KIND,) = OPTIONAL_HEADERS
MAX_MINUTES = 24 * 60

_TIME = re.compile(r"^(?P<day>.+?)[\sT]+(?P<h>\d{1,2}):(?P<m>\d{2})(?::\d{2})?$", re.ASCII)
_MINUTES = re.compile(r"^(\d{1,9})分?$")
_HALFWIDTH_KANA = re.compile("[\uff61-\uff9f]+")


@dataclass(slots=True)
class ConsultationPlan:
    row: int
    external_id: str  # "" for an anonymous consultation
    occurred_at: datetime
    method: ListItem
    caller_type: ListItem
    topics: list[ListItem]
    duration_minutes: int | None
    record: str
    kind: ListItem | None = None  # 相談の種類; None: the region's 一般相談
    import_key: str = ""
    exists: bool = False  # imported before: skipped


def fiscal_year_of(occurred_at: datetime) -> int:
    """年度 of a consultation: the same computation as services.consultation_record."""
    return dates.fiscal_year(timezone.localtime(occurred_at, dates.TOKYO).date())


def parse_when(text: str) -> datetime:
    """相談日 (with an optional HH:MM) as an aware datetime in Asia/Tokyo; ValueError if not."""
    s = normalize(text)
    hour = minute = 0
    if m := _TIME.match(s):
        s, hour, minute = m["day"], int(m["h"]), int(m["m"])
        if hour > 23 or minute > 59:
            raise ValueError(_("時刻として読めません: %(value)s") % {"value": text.strip()})
    day = dates.parse_date(s)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=dates.TOKYO)


def clean_record(text: str) -> str:
    """記録 is kept as written: line ends unified, half-width katakana made full width."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return _HALFWIDTH_KANA.sub(lambda m: normalize(m.group()), text)


def row_key(plan: ConsultationPlan, copy: int = 0) -> str:
    values: list[Any] = [
        plan.external_id,
        plan.occurred_at.isoformat(),
        plan.method.code,
        plan.caller_type.code,
        sorted(t.code for t in plan.topics),
        plan.duration_minutes,
        plan.record,
    ]
    if plan.kind is not None and plan.kind.code != DEFAULT_CONSULTATION_KIND:
        values.append(plan.kind.code)  # so a file without the column keeps its keys
    if copy:
        values.append(f"#{copy}")
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


# ---- lookups: one statement for all the keys of a file --------------------------------------


def _person_ids(region: Region, ids: Iterable[str]) -> dict[str, int]:
    """external_id -> person pk; a person merged into another leads to the survivor."""
    ids = list(ids)
    if not ids:
        return {}
    meta = Person._meta
    quote = connection.ops.quote_name
    where, params = in_all("external_id", ids)
    # NOT (external_id = '') as the ORM writes it lets SQLite use the partial unique index
    rows = select_rows(
        f"SELECT {quote('external_id')}, {quote(meta.pk.column)}, {quote('merged_into_id')} "  # noqa: S608 - names from the model
        f"FROM {quote(meta.db_table)} WHERE {quote('region_id')} = %s "
        f"AND NOT ({quote('external_id')} = '') AND {where}",
        [region.pk, *params],
    )
    found: dict[str, int] = {}
    merged: dict[str, int] = {}
    for ext, pk, into in rows:
        found[ext] = pk
        if into:
            merged[ext] = into
    for _hop in range(10):  # a merge chain is short; stop on a cycle
        if not merged:
            break
        targets = dict(
            Person.objects.filter(pk__in=set(merged.values())).values_list("pk", "merged_into_id")
        )
        for ext, into in list(merged.items()):
            found[ext] = into
            if targets.get(into):
                merged[ext] = targets[into]
            else:
                del merged[ext]
    return found


def _municipality_ids(person_pks: set[int]) -> dict[int, int | None]:
    """person pk -> the person's 市町村 pk."""
    pks = list(person_pks)
    found: dict[int, int | None] = {}
    for start in range(0, len(pks), CHUNK):
        found.update(
            Person.objects.filter(pk__in=pks[start : start + CHUNK])
            .order_by()
            .values_list("pk", "municipality_id")
        )
    return found


def _existing_keys(region: Region, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    quote = connection.ops.quote_name
    where, params = in_all("import_key", keys)
    rows = select_rows(
        f"SELECT {quote('import_key')} FROM {quote(Consultation._meta.db_table)} "  # noqa: S608 - names from the model
        f"WHERE {quote('region_id')} = %s AND NOT ({quote('import_key')} = '') AND {where}",
        [region.pk, *params],
    )
    return {key for (key,) in rows}


# ---- validation -----------------------------------------------------------------------------


def _not_in_list(value: str, column: str, lookup: ListLookup) -> str:
    return _("「%(value)s」は%(list)sの一覧にありません（%(allowed)s）。") % {
        "value": value,
        "list": column,
        "allowed": lookup.allowed,
    }


# Each distinct text of a column is read once: a file of 100,000 rows has a few dozen 相談方法
# spellings and a few thousand dates. An answer is (value, reasons); a value that goes into
# the row's key carries its JSON text along, so the key is the same string json.dumps makes.
_json = json.encoder.encode_basestring  # type: ignore[attr-defined]  # what json.dumps uses


def _in_list(lookup: ListLookup, column: str) -> Any:
    def answer(text: str) -> tuple[Any, tuple[str, ...]]:
        if not text.strip():
            return (None, "null"), (_("入力されていません。"),)
        item = lookup.get(text)
        if item is None:
            return (None, "null"), (_not_in_list(text.strip(), column, lookup),)
        return (item, _json(item.code)), ()

    return answer


def _topics_answer(lookup: ListLookup) -> Any:
    def answer(text: str) -> tuple[Any, tuple[str, ...]]:
        items, unknown = lookup.get_many(text)
        reasons = tuple(_not_in_list(value, COL_TOPIC, lookup) for value in unknown)
        if not items and not unknown:
            reasons = (_("入力されていません。"),)
        codes = ", ".join(_json(code) for code in sorted(t.code for t in items))
        return (items, f"[{codes}]"), reasons

    return answer


def _minutes_answer(text: str) -> tuple[Any, tuple[str, ...]]:
    if not text.strip():
        return (None, "null"), ()
    m = _MINUTES.match("".join(normalize(text).split()))
    if m is None:
        reason = _("0以上の整数（分）で入力してください: %(value)s") % {"value": text.strip()}
        return (None, "null"), (reason,)
    if int(m.group(1)) > MAX_MINUTES:
        return (None, "null"), (_("1日（%(max)d分）を超えています。") % {"max": MAX_MINUTES},)
    return (int(m.group(1)), str(int(m.group(1)))), ()


def _when_answer(today: Any) -> Any:
    def answer(text: str) -> tuple[Any, tuple[str, ...]]:
        when = _when_or_error(text, today)
        if isinstance(when, str):
            return (None, "null"), (when,)
        return (when, _json(when.isoformat())), ()

    return answer


@functools.lru_cache(maxsize=4096)
def _full_width(run: str) -> str:
    return normalize(run)


def _clean_record(text: str) -> str:
    """clean_record, with the width folding of each distinct run of half-width kana cached."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if _HALFWIDTH_KANA.search(text) is None:
        return text
    return _HALFWIDTH_KANA.sub(lambda m: _full_width(m.group()), text)


def _read_column(
    numbers: list[int], texts: Sequence[str], column: str, answer: Any, errors: list[RowError]
) -> list[Any]:
    """The value of each row's cell; the reasons of a bad text become errors of its rows."""
    answers = {text: answer(text) for text in set(texts)}
    bad = {text: reasons for text, (_v, reasons) in answers.items() if reasons}
    if bad:
        for number, text in zip(numbers, texts, strict=True):
            for reason in bad.get(text, ()):
                errors.append(RowError(number, column, reason))
    return [answers[text][0] for text in texts]


def validate_consultations(
    region: Region,
    rows: list[tuple[int, list[str]]],
    *,
    pending_external_ids: Collection[str] = (),
    header: tuple[str, ...] = HEADERS,
) -> tuple[list[ConsultationPlan], list[RowError]]:
    """Check every row; return the planned consultations and every error found.

    ``pending_external_ids`` are 利用者ID of a persons file imported in the same transaction;
    ``header`` the file's header (HEADERS, then any OPTIONAL_HEADERS).

    Column by column: each distinct text is read once (:func:`_read_column`), the persons
    and the keys imported before are found with one statement each. Errors come in row
    order, within a row in the order 相談の種類, 利用者ID, 相談日, 相談方法, 相談者, 支援内容, 対応時間."""
    if not rows:
        return [], []
    kinds = ListLookup(region, ListKind.CONSULTATION_KIND)
    default = kinds.get(DEFAULT_CONSULTATION_KIND)
    default_kind = (default, "") if default is None or default.code == DEFAULT_CONSULTATION_KIND \
        else (default, ", " + _json(default.code))  # fmt: skip
    in_kinds = _in_list(kinds, COL_KIND)

    def kind_answer(text: str) -> tuple[Any, tuple[str, ...]]:
        if not text.strip():
            return default_kind, ()
        (item, code), reasons = in_kinds(text)
        if item is None or item.code == DEFAULT_CONSULTATION_KIND:
            return (item, ""), reasons  # a file without the column keeps its keys
        return (item, ", " + code), reasons

    numbers = [number for number, _cells in rows]
    columns = list(zip(*(cells for _n, cells in rows), strict=True))
    ids = {text: external_id_key(text) for text in set(columns[0])}
    known = _person_ids(region, set(ids.values()) - {""})
    pending = set(pending_external_ids)

    def person_answer(text: str) -> tuple[Any, tuple[str, ...]]:
        external_id = ids[text]
        if external_id and external_id not in known and external_id not in pending:
            reason = _("利用者ID「%(value)s」の利用者がいません。") % {"value": external_id}
            return (external_id, ""), (reason,)
        return (external_id, _json(external_id)), ()

    errors: list[RowError] = []
    kind_column = header.index(COL_KIND) if COL_KIND in header else None
    if kind_column is None:
        kind_values = [default_kind] * len(rows)
    else:
        kind_values = _read_column(numbers, columns[kind_column], COL_KIND, kind_answer, errors)
    read = [
        _read_column(numbers, columns[i], column, answer, errors)
        for i, column, answer in (
            (0, COL_ID, person_answer),
            (1, COL_WHEN, _when_answer(dates.today_local())),
            (2, COL_METHOD, _in_list(ListLookup(region, ListKind.CONTACT_METHOD), COL_METHOD)),
            (3, COL_CALLER, _in_list(ListLookup(region, ListKind.CALLER_TYPE), COL_CALLER)),
            (4, COL_TOPIC, _topics_answer(ListLookup(region, ListKind.SUPPORT_TOPIC))),
            (5, COL_MINUTES, _minutes_answer),
        )
    ]
    if errors:
        errors.sort(key=lambda e: e.row or 0)  # stable: columns stay in order within a row
        return [], errors
    records = [_clean_record(text) for text in columns[6]]
    del columns
    plans = [
        ConsultationPlan(n, ext[0], when[0], method[0], caller[0], topics[0], minutes[0],
                         record, kind[0])
        for n, ext, when, method, caller, topics, minutes, record, kind
        in zip(numbers, *read, records, kind_values, strict=True)
    ]  # fmt: skip
    sha256 = hashlib.sha256
    keys = [
        sha256(
            f"[{ext[1]}, {when[1]}, {method[1]}, {caller[1]}, {topics[1]}, {minutes[1]}, "
            f"{_json(record)}{kind[1]}]".encode()
        ).hexdigest()
        for ext, when, method, caller, topics, minutes, record, kind
        in zip(*read, records, kind_values, strict=True)
    ]  # fmt: skip
    del read, records, kind_values
    copies: dict[str, int] = {}
    for plan, key in zip(plans, keys, strict=True):
        copy = copies[key] = copies.get(key, -1) + 1
        plan.import_key = row_key(plan, copy) if copy else key
    existing = _existing_keys(region, [plan.import_key for plan in plans])
    if existing:
        for plan in plans:
            plan.exists = plan.import_key in existing
    return plans, []


def _when_or_error(text: str, today: Any) -> datetime | str:
    if not text.strip():
        return _("入力されていません。")
    try:
        when = parse_when(text)
    except ValueError as error:
        return str(error)
    if when.date() > today:
        return _("未来の日付です: %(value)s") % {"value": text.strip()}
    return when


# ---- writing --------------------------------------------------------------------------------


def _write_errors(
    region: Region, new: list[ConsultationPlan], person_ids: dict[str, int]
) -> list[RowError]:
    """The same checks as services.consultation_record, each distinct list item checked once;
    the rows are named only when something is wrong."""
    expected = {ListKind.CONTACT_METHOD: {}, ListKind.CALLER_TYPE: {},
                ListKind.CONSULTATION_KIND: {}, ListKind.SUPPORT_TOPIC: {}}  # fmt: skip
    for plan in new:
        expected[ListKind.CONTACT_METHOD][id(plan.method)] = plan.method
        expected[ListKind.CALLER_TYPE][id(plan.caller_type)] = plan.caller_type
        if plan.kind is not None:
            expected[ListKind.CONSULTATION_KIND][id(plan.kind)] = plan.kind
    topic_lists = {id(plan.topics): plan.topics for plan in new}
    expected[ListKind.SUPPORT_TOPIC] = {id(t): t for ts in topic_lists.values() for t in ts}
    items_ok = all(
        item.region_id == region.pk and item.kind == kind
        for kind, items in expected.items()
        for item in items.values()
    )
    rows_ok = all(
        plan.topics
        and (not plan.external_id or plan.external_id in person_ids)
        and (plan.duration_minutes is None or plan.duration_minutes >= 0)
        for plan in new
    )
    if items_ok and rows_ok:
        return []
    errors: list[RowError] = []
    for plan in new:
        items = [(plan.method, ListKind.CONTACT_METHOD), (plan.caller_type, ListKind.CALLER_TYPE)]
        if plan.kind is not None:
            items.append((plan.kind, ListKind.CONSULTATION_KIND))
        items += [(topic, ListKind.SUPPORT_TOPIC) for topic in plan.topics]
        if not plan.topics or any(i.region_id != region.pk or i.kind != k for i, k in items):
            errors.append(RowError(plan.row, "", _("この圏域の一覧にない項目です。")))
        if plan.external_id and plan.external_id not in person_ids:
            errors.append(RowError(plan.row, COL_ID, _("この圏域の利用者ではありません。")))
        if plan.duration_minutes is not None and plan.duration_minutes < 0:
            errors.append(
                RowError(plan.row, COL_MINUTES, _("0以上の整数（分）で入力してください。"))
            )
    return errors


def consultations_bulk_import(
    *, region: Region, plans: list[ConsultationPlan], organization: Organization | None = None
) -> int:
    """Insert the plans not imported before; the number created. Call inside a transaction.

    Each row gets its person's 市町村 and ``organization`` (the importing user's).

    The bulk twin of services.consultation_record: the same checks (lists of this region and
    kind, at least one 支援内容, a person of this region, 対応時間 >= 0) and the same 年度
    (fiscal_year_of). No audit entry per row (100,000 rows would flood the log): the caller
    writes one.

    The ids are taken first (:func:`_reserve_ids`), so the 支援内容 rows need no lookup of
    what was just written. Rows go in with ``COPY`` on PostgreSQL and with one prepared
    INSERT run by executemany on SQLite, not bulk_create (the ORM's per-value compilation
    costs ~180 µs a row). Both run inside the caller's transaction: a failure while writing
    (a key written meanwhile by someone else, a full disk) leaves nothing behind. Columns
    come from the model's fields and every column this import does not set gets the field's
    default, so a new field with a default needs no change here."""
    if not connection.in_atomic_block:
        raise RuntimeError("consultations_bulk_import must run inside transaction.atomic()")
    new = [plan for plan in plans if not plan.exists]
    if organization is not None and organization.region_id != region.pk:
        raise ImportAborted([RowError(None, "", _("この圏域の機関ではありません。"))])
    person_ids = _person_ids(region, {p.external_id for p in new} - {""})
    municipality_of = _municipality_ids(set(person_ids.values()))
    if errors := _write_errors(region, new, person_ids):
        raise ImportAborted(errors)
    if not new:
        return 0
    fields = list(Consultation._meta.concrete_fields)
    defaults = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in fields}
    occurred = Consultation._meta.get_field("occurred_at")
    now = occurred.get_db_prep_save(timezone.now(), connection)
    defaults |= {
        "region_id": region.pk,
        "created_at": now,
        "updated_at": now,
        "organization_id": organization.pk if organization is not None else None,
    }
    template = [defaults[f.attname] for f in fields]
    at = {f.attname: i for i, f in enumerate(fields)}
    per_row = ("id", "occurred_at", "fiscal_year", "method_id", "caller_type_id", "person_id",
               "duration_minutes", "record", "import_key", "kind_id", "municipality_id")  # fmt: skip
    assert set(per_row) <= set(at), "a per-row value must be a column, in place"
    (i_id, i_at, i_fy, i_method, i_caller, i_person, i_minutes, i_record, i_key, i_kind,
     i_muni) = (at[name] for name in per_row)  # fmt: skip
    when_db: dict[datetime, tuple[Any, int]] = {}
    ids = reserve_ids(Consultation, len(new))

    def consultation_rows() -> Iterator[list[Any]]:
        for pk, plan in zip(ids, new, strict=True):
            when = when_db.get(plan.occurred_at)
            if when is None:
                when = when_db[plan.occurred_at] = (
                    occurred.get_db_prep_save(plan.occurred_at, connection),
                    fiscal_year_of(plan.occurred_at),
                )
            person_id = person_ids.get(plan.external_id)
            row = template.copy()
            row[i_id] = pk
            row[i_at], row[i_fy] = when
            row[i_method] = plan.method.pk
            row[i_caller] = plan.caller_type.pk
            row[i_person] = person_id
            row[i_minutes] = plan.duration_minutes
            row[i_record] = plan.record
            row[i_key] = plan.import_key
            row[i_kind] = plan.kind.pk if plan.kind is not None else None
            row[i_muni] = municipality_of.get(person_id)
            yield row

    topics = Consultation._meta.get_field("topics")
    try:
        bulk_write(Consultation._meta.db_table, [f.column for f in fields], consultation_rows())
        bulk_write(
            topics.remote_field.through._meta.db_table,
            [topics.m2m_column_name(), topics.m2m_reverse_name()],
            ((pk, topic.pk) for pk, plan in zip(ids, new, strict=True) for topic in plan.topics),
        )
    except IntegrityError:
        # The same rows imported by someone else between the check and now.
        message = _("同じ相談記録が同時に取り込まれました。もう一度取り込んでください。")
        raise ImportAborted([RowError(None, "", message)]) from None
    return len(new)


def import_consultations(
    *, region: Region, table: Table, actor: Any, dry_run: bool = False, persons: Table | None = None
) -> ImportResult:
    """Validate the whole table (and a persons table imported with it), then write it all."""
    result = ImportResult(kind="consultations", dry_run=dry_run, rows=len(table.rows))
    person_plans: list[person_importers.PersonPlan] = []
    pending: set[str] = set()
    if persons is not None:
        result.related = ImportResult(kind="persons", dry_run=dry_run, rows=len(persons.rows))
        person_plans, person_errors = person_importers.validate_persons(region, persons.rows)
        result.related.errors = [*persons.errors, *person_errors]
        pending = {external_id_key(cells[0]) for _n, cells in persons.rows} - {""}
    plans, errors = validate_consultations(
        region, table.rows, pending_external_ids=pending, header=table.header
    )
    result.errors = sorted([*table.errors, *errors], key=lambda e: e.row or 0)
    if not result.ok:
        return result
    result.unchanged = sum(1 for plan in plans if plan.exists)
    if dry_run:
        result.created = len(plans) - result.unchanged
        if result.related is not None:
            _count_persons(result.related, person_plans)
        return result
    try:
        with transaction.atomic():
            if result.related is not None:
                try:
                    counts = person_importers.apply_persons(
                        region=region, plans=person_plans, actor=actor
                    )
                except ImportAborted as aborted:
                    result.related.errors = aborted.errors
                    raise
                result.related.created, result.related.updated, result.related.unchanged = counts
            result.created = consultations_bulk_import(
                region=region, plans=plans, organization=getattr(actor, "organization", None)
            )
            audit_record(
                actor=actor, action=AuditAction.CREATE, target_type="consultations.consultation",
                region=region, summary=f"import: {result.created} created, 0 updated, "
                f"{result.unchanged} already imported",
            )  # fmt: skip
    except ImportAborted as aborted:
        if result.related is None or not result.related.errors:
            result.errors = aborted.errors
        for part in (result, result.related):
            if part is not None:
                part.created = part.updated = part.unchanged = 0
    return result


def _count_persons(result: ImportResult, plans: list[person_importers.PersonPlan]) -> None:
    result.created = sum(1 for p in plans if p.existing is None)
    result.updated = sum(1 for p in plans if p.existing is not None and p.changed)
    result.unchanged = len(plans) - result.created - result.updated
