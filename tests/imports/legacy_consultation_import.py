"""The consultations import as it was before issue 25, kept unchanged as the reference that
tests/imports/test_import_equivalence.py compares the fast path against (same file, same
database contents). Not used by the application.

The original module docstring follows.

Import of past consultations (相談記録) from an old system's spreadsheet.

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

import hashlib
import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.consultations.models import Consultation
from tsunagu.core import dates
from tsunagu.core.audit import audit_record
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
BATCH = 2000  # rows per executemany

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


def _person_ids(region: Region, ids: Iterable[str]) -> dict[str, int]:
    """external_id -> person pk; a person merged into another leads to the survivor."""
    ids = list(ids)
    found: dict[str, int] = {}
    merged: dict[str, int] = {}
    for start in range(0, len(ids), CHUNK):
        rows = (
            Person.objects.filter(region=region, external_id__in=ids[start : start + CHUNK])
            .exclude(external_id="")  # see _existing_keys
            .order_by()
        )
        for ext, pk, into in rows.values_list("external_id", "pk", "merged_into_id"):
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
    found: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        found.update(
            Consultation.objects.filter(region=region, import_key__in=keys[start : start + CHUNK])
            .exclude(import_key="")  # lets SQLite use the partial unique index,
            .order_by()  # and not the default ordering's index (1 s instead of 10 ms a query)
            .values_list("import_key", flat=True)
        )
    return found


def _one(lookup: ListLookup, errors: list[RowError], number: int, column: str, text: str) -> Any:
    if not text.strip():
        errors.append(RowError(number, column, _("入力されていません。")))
        return None
    item = lookup.get(text)
    if item is None:
        errors.append(RowError(number, column, _not_in_list(text.strip(), column, lookup)))
    return item


def _not_in_list(value: str, column: str, lookup: ListLookup) -> str:
    return _("「%(value)s」は%(list)sの一覧にありません（%(allowed)s）。") % {
        "value": value,
        "list": column,
        "allowed": lookup.allowed,
    }


def validate_consultations(
    region: Region,
    rows: list[tuple[int, list[str]]],
    *,
    pending_external_ids: Collection[str] = (),
    header: tuple[str, ...] = HEADERS,
) -> tuple[list[ConsultationPlan], list[RowError]]:
    """Check every row; return the planned consultations and every error found.

    ``pending_external_ids`` are 利用者ID of a persons file imported in the same transaction;
    ``header`` the file's header (HEADERS, then any OPTIONAL_HEADERS)."""
    kind_column = header.index(COL_KIND) if COL_KIND in header else None
    kinds = ListLookup(region, ListKind.CONSULTATION_KIND)
    default_kind = kinds.get(DEFAULT_CONSULTATION_KIND)
    methods = ListLookup(region, ListKind.CONTACT_METHOD)
    callers = ListLookup(region, ListKind.CALLER_TYPE)
    topics = ListLookup(region, ListKind.SUPPORT_TOPIC)
    today = dates.today_local()
    known = _person_ids(region, {external_id_key(cells[0]) for _n, cells in rows} - {""})
    when_cache: dict[str, datetime | str] = {}
    topic_cache: dict[str, tuple[list[ListItem], list[str]]] = {}
    errors: list[RowError] = []
    plans: list[ConsultationPlan] = []
    for number, cells in rows:
        ext_text, when_text, method_text, caller_text, topic_text, minutes_text, record = cells[:7]
        before = len(errors)
        kind = default_kind
        if kind_column is not None and cells[kind_column].strip():
            kind = _one(kinds, errors, number, COL_KIND, cells[kind_column])
        external_id = external_id_key(ext_text)
        if external_id and external_id not in known and external_id not in pending_external_ids:
            errors.append(
                RowError(
                    number,
                    COL_ID,
                    _("利用者ID「%(value)s」の利用者がいません。") % {"value": external_id},
                )
            )
        when = when_cache.get(when_text)
        if when is None:
            when = _when_or_error(when_text, today)
            when_cache[when_text] = when
        if isinstance(when, str):
            errors.append(RowError(number, COL_WHEN, when))
        method = _one(methods, errors, number, COL_METHOD, method_text)
        caller = _one(callers, errors, number, COL_CALLER, caller_text)
        if topic_text not in topic_cache:
            topic_cache[topic_text] = topics.get_many(topic_text)
        items, unknown = topic_cache[topic_text]
        for value in unknown:
            errors.append(RowError(number, COL_TOPIC, _not_in_list(value, COL_TOPIC, topics)))
        if not items and not unknown:
            errors.append(RowError(number, COL_TOPIC, _("入力されていません。")))
        minutes = None
        if minutes_text.strip():
            m = _MINUTES.match("".join(normalize(minutes_text).split()))
            if m is None:
                errors.append(
                    RowError(
                        number,
                        COL_MINUTES,
                        _("0以上の整数（分）で入力してください: %(value)s")
                        % {"value": minutes_text.strip()},
                    )
                )
            elif int(m.group(1)) > MAX_MINUTES:
                errors.append(
                    RowError(
                        number,
                        COL_MINUTES,
                        _("1日（%(max)d分）を超えています。") % {"max": MAX_MINUTES},
                    )
                )
            else:
                minutes = int(m.group(1))
        if len(errors) == before:
            assert isinstance(when, datetime)
            plans.append(
                ConsultationPlan(number, external_id, when, method, caller, items, minutes,
                                 clean_record(record), kind)
            )  # fmt: skip
    if errors:
        return [], errors
    copies: dict[str, int] = {}
    for plan in plans:
        key = row_key(plan)
        copies[key] = copies.get(key, -1) + 1
        plan.import_key = row_key(plan, copies[key]) if copies[key] else key
    existing = _existing_keys(region, [plan.import_key for plan in plans])
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


def consultations_bulk_import(
    *, region: Region, plans: list[ConsultationPlan], organization: Organization | None = None
) -> int:
    """Insert the plans not imported before; the number created. Call inside a transaction.

    Each row gets its person's 市町村 and ``organization`` (the importing user's).

    The bulk twin of services.consultation_record: the same checks (lists of this region and
    kind, at least one 支援内容, a person of this region, 対応時間 >= 0) and the same 年度
    (fiscal_year_of). No audit entry per row (100,000 rows would flood the log): the caller
    writes one.

    Rows go in with one prepared INSERT run by executemany, not bulk_create: on SQLite,
    bulk_create spends ~180 µs a row in the ORM's per-value compilation (100k rows: 18 s CPU),
    executemany ~45 µs. Columns come from the model's fields and every column this import
    does not set gets the field's default, so a new field with a default needs no change here."""
    new = [plan for plan in plans if not plan.exists]
    person_ids = _person_ids(region, {p.external_id for p in new} - {""})
    municipality_of = _municipality_ids(set(person_ids.values()))
    errors: list[RowError] = []
    if organization is not None and organization.region_id != region.pk:
        raise ImportAborted([RowError(None, "", _("この圏域の機関ではありません。"))])
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
    if errors:
        raise ImportAborted(errors)
    fields = [f for f in Consultation._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in fields}
    occurred = Consultation._meta.get_field("occurred_at")
    now = occurred.get_db_prep_save(timezone.now(), connection)
    defaults |= {
        "region_id": region.pk,
        "created_at": now,
        "updated_at": now,
        "organization_id": organization.pk if organization is not None else None,
    }
    per_row = ("occurred_at", "fiscal_year", "method_id", "caller_type_id", "person_id",
               "duration_minutes", "record", "import_key", "kind_id", "municipality_id")  # fmt: skip
    assert set(per_row) <= set(defaults), "a per-row value must be a column, in place"
    rows = [
        [*(defaults | {
            "occurred_at": occurred.get_db_prep_save(plan.occurred_at, connection),
            "fiscal_year": fiscal_year_of(plan.occurred_at),
            "method_id": plan.method.pk, "caller_type_id": plan.caller_type.pk,
            "person_id": person_ids.get(plan.external_id), "duration_minutes": plan.duration_minutes,
            "record": plan.record, "import_key": plan.import_key,
            "kind_id": plan.kind.pk if plan.kind is not None else None,
            "municipality_id": municipality_of.get(person_ids.get(plan.external_id)),
        }).values()]
        for plan in new
    ]  # fmt: skip
    _insert(Consultation._meta.db_table, [f.column for f in fields], rows)
    del rows
    pks = _pks_by_key(region, [plan.import_key for plan in new])
    topics = Consultation._meta.get_field("topics")
    _insert(
        topics.remote_field.through._meta.db_table,
        [topics.m2m_column_name(), topics.m2m_reverse_name()],
        [(pks[plan.import_key], topic.pk) for plan in new for topic in plan.topics],
    )
    return len(new)


def _insert(table: str, columns: list[str], rows: list) -> None:
    """One prepared INSERT, run by executemany in batches (multi-row VALUES measured no
    faster on SQLite and twice the client CPU on PostgreSQL)."""
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        quote(table), ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _pks_by_key(region: Region, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(keys), CHUNK):
        found.update(
            Consultation.objects.filter(region=region, import_key__in=keys[start : start + CHUNK])
            .exclude(import_key="")
            .order_by()
            .values_list("import_key", "pk")
        )
    return found


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
