"""Import of persons (利用者) from an old system's spreadsheet.

Headers exactly: 利用者ID,氏名,フリガナ,生年月日,市町村,障害種別 (issue 3). The whole file is
validated first (:func:`validate_persons`); only a file without any error is written, in one
transaction (:func:`apply_persons`). 利用者ID is kept as ``Person.external_id``: a person
already imported with the same ID is updated, never duplicated. An empty optional cell
(生年月日, 市町村, 障害種別) leaves what is on record as it is: an import never erases data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction, ListItem, ListKind, Municipality, Region
from tsunagu.core.tabular import ImportAborted, ImportResult, ListLookup, RowError, Table
from tsunagu.core.text import hiragana_to_katakana, normalize
from tsunagu.people.models import Person
from tsunagu.people.services import person_update, persons_bulk_create

HEADERS = ("利用者ID", "氏名", "フリガナ", "生年月日", "市町村", "障害種別")
# Column names in error messages are the file's own headings, whatever the UI language.
COL_ID, COL_NAME, COL_KANA, COL_BIRTH_DATE, COL_MUNICIPALITY, COL_DISABILITY = HEADERS
CHUNK = 500  # ids per IN (...) query, well below SQLite's variable limit

_FIELD_MAX = {f.name: f.max_length for f in Person._meta.fields if getattr(f, "max_length", None)}
_PREFECTURE = re.compile(r"^.{2,3}[都道府県]")


def external_id_key(text: str) -> str:
    """利用者ID as stored and compared: NFKC (全角 digits are the same ID), trimmed."""
    return normalize(text)


@dataclass
class PersonPlan:
    row: int
    external_id: str
    fields: dict[str, Any]
    disabilities: list[ListItem] | None  # None: keep what is on record
    existing: Person | None
    changed: bool = True


class MunicipalityLookup:
    """The region's municipalities by name (with or without the prefecture) or 5-digit code."""

    def __init__(self, region: Region) -> None:
        self.items = list(Municipality.objects.filter(region=region).order_by("code"))
        self._keys = {m.code: m for m in self.items} | {normalize(m.name): m for m in self.items}

    def get(self, text: str) -> Municipality | None:
        key = "".join(normalize(text).split())
        return self._keys.get(key) or self._keys.get(_PREFECTURE.sub("", key))

    @property
    def allowed(self) -> str:
        return "、".join(m.name for m in self.items)


def _split_name(text: str) -> tuple[str, str]:
    family, _sep, given = normalize(text).partition(" ")
    return family, given


def _check_length(errors: list[RowError], row: int, column: str, values: dict[str, str]) -> None:
    for name, value in values.items():
        limit = _FIELD_MAX[name]
        if len(value) > limit:
            errors.append(
                RowError(row, column, _("長すぎます（%(max)d 文字まで）。") % {"max": limit})
            )
            return


def _existing_persons(region: Region, ids: Iterable[str]) -> dict[str, Person]:
    ids = list(ids)
    found: dict[str, Person] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        persons = (
            Person.objects.filter(region=region, external_id__in=chunk)
            .exclude(external_id="")  # lets SQLite use the partial unique index,
            .order_by()  # and not the index of the default ordering
            .select_related("municipality")
            .prefetch_related("disabilities")
        )
        found.update((p.external_id, p) for p in persons)
    return found


def validate_persons(
    region: Region, rows: list[tuple[int, list[str]]]
) -> tuple[list[PersonPlan], list[RowError]]:
    """Check every row; return the planned writes and every error found (row, column, reason)."""
    disabilities = ListLookup(region, ListKind.DISABILITY_TYPE)
    municipalities = MunicipalityLookup(region)
    today = dates.today_local()
    errors: list[RowError] = []
    plans: list[PersonPlan] = []
    seen: dict[str, int] = {}
    for number, cells in rows:
        ext_text, name_text, kana_text, birth_text, muni_text, dis_text = cells
        before = len(errors)
        external_id = external_id_key(ext_text)
        if not external_id:
            errors.append(RowError(number, COL_ID, _("入力されていません。")))
        elif external_id in seen:
            errors.append(
                RowError(
                    number,
                    COL_ID,
                    _("同じ利用者IDが %(row)d 行目にもあります。") % {"row": seen[external_id]},
                )
            )
        else:
            seen[external_id] = number
            _check_length(errors, number, COL_ID, {"external_id": external_id})
        family, given = _split_name(name_text)
        if not family:
            errors.append(RowError(number, COL_NAME, _("入力されていません。")))
        _check_length(errors, number, COL_NAME, {"family_name": family, "given_name": given})
        family_kana, given_kana = _split_name(hiragana_to_katakana(normalize(kana_text)))
        if not family_kana:
            errors.append(RowError(number, COL_KANA, _("入力されていません。")))
        _check_length(
            errors,
            number,
            COL_KANA,
            {"family_name_kana": family_kana, "given_name_kana": given_kana},
        )
        fields: dict[str, Any] = {
            "family_name": family,
            "given_name": given,
            "family_name_kana": family_kana,
            "given_name_kana": given_kana,
        }
        if birth_text.strip():
            try:
                birth_date: date = dates.parse_date(birth_text)
            except ValueError as error:
                errors.append(RowError(number, COL_BIRTH_DATE, str(error)))
            else:
                if birth_date > today:
                    errors.append(
                        RowError(
                            number,
                            COL_BIRTH_DATE,
                            _("未来の日付です: %(value)s") % {"value": birth_text.strip()},
                        )
                    )
                fields["birth_date"] = birth_date
        if muni_text.strip():
            municipality = municipalities.get(muni_text)
            if municipality is None:
                errors.append(
                    RowError(
                        number,
                        COL_MUNICIPALITY,
                        _("「%(value)s」はこの圏域の市町村ではありません（%(allowed)s）。")
                        % {"value": muni_text.strip(), "allowed": municipalities.allowed},
                    )
                )
            fields["municipality"] = municipality
        items: list[ListItem] | None = None
        if dis_text.strip():
            found, unknown = disabilities.get_many(dis_text)
            items = found or None
            for value in unknown:
                errors.append(
                    RowError(
                        number,
                        COL_DISABILITY,
                        _("「%(value)s」は障害種別の一覧にありません（%(allowed)s）。")
                        % {"value": value, "allowed": disabilities.allowed},
                    )
                )
        if len(errors) == before:
            plans.append(PersonPlan(number, external_id, fields, items, None))
    if errors:
        return [], errors
    existing = _existing_persons(region, (plan.external_id for plan in plans))
    for plan in plans:
        plan.existing = existing.get(plan.external_id)
        if plan.existing is not None:
            plan.changed = _differs(plan.existing, plan.fields, plan.disabilities)
    return plans, []


def _differs(person: Person, fields: dict[str, Any], items: list[ListItem] | None) -> bool:
    if any(getattr(person, name) != value for name, value in fields.items()):
        return True
    if items is None:
        return False
    wanted = sorted((item.pk, i == 0) for i, item in enumerate(items))
    on_record = sorted((d.disability_type_id, d.is_primary) for d in person.disabilities.all())
    return wanted != on_record


def apply_persons(*, region: Region, plans: list[PersonPlan], actor: Any) -> tuple[int, int, int]:
    """Write the plans; (created, updated, unchanged). Call inside a transaction.

    New persons are written together (people.services.persons_bulk_create: the rows are
    validated already); changed ones go through person_update one by one. Neither writes an
    audit entry per row — 100,000 lines in the log for one import would bury it — the
    import writes one entry that summarizes it instead."""
    updated = unchanged = 0
    errors: list[RowError] = []
    new = [plan for plan in plans if plan.existing is None]
    try:
        persons_bulk_create(
            region=region,
            persons=[({**plan.fields, "external_id": plan.external_id}, plan.disabilities)
                     for plan in new],
        )  # fmt: skip
    except IntegrityError:
        # Someone saved one of these 利用者IDs between validation and now.
        message = _("同じ利用者IDの記録が同時に作成されました。もう一度取り込んでください。")
        raise ImportAborted([RowError(None, COL_ID, message)]) from None
    created = len(new)
    for plan in plans:
        if plan.existing is None:
            continue
        items = plan.disabilities
        options: dict[str, Any] = {}
        if items is not None:
            options = {"disabilities": items, "primary_disability": items[0] if items else None}
        try:
            if plan.changed:
                person_update(
                    actor=actor, person=plan.existing, audit=False, **plan.fields, **options
                )
                updated += 1
            else:
                unchanged += 1
        except ValidationError as error:
            errors.append(RowError(plan.row, "", "; ".join(error.messages)))
    if errors:
        raise ImportAborted(errors)
    audit_record(
        actor=actor, action=AuditAction.CREATE, target_type="people.person", region=region,
        summary=f"import: {created} created, {updated} updated, {unchanged} unchanged",
    )  # fmt: skip
    return created, updated, unchanged


def import_persons(
    *, region: Region, table: Table, actor: Any, dry_run: bool = False
) -> ImportResult:
    """Validate the whole table, then (unless ``dry_run`` or any error) write it all."""
    result = ImportResult(kind="persons", dry_run=dry_run, rows=len(table.rows))
    plans, errors = validate_persons(region, table.rows)
    result.errors = sorted([*table.errors, *errors], key=lambda e: e.row or 0)
    if result.errors:
        return result
    if dry_run:
        result.created = sum(1 for p in plans if p.existing is None)
        result.updated = sum(1 for p in plans if p.existing is not None and p.changed)
        result.unchanged = len(plans) - result.created - result.updated
        return result
    try:
        with transaction.atomic():
            result.created, result.updated, result.unchanged = apply_persons(
                region=region, plans=plans, actor=actor
            )
    except ImportAborted as aborted:
        result.errors = aborted.errors
    return result
