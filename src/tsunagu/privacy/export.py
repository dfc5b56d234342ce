"""What a 開示請求 returns: every record about one person, as one plain structure that both
the JSON file and the PDF render (so the two always agree).

The JSON file (``format`` "tsunagu.disclosure", ``version`` 1)::

    {
      "format": "tsunagu.disclosure", "version": 1,
      "generated_at": "2026-11-26T21:00:00+09:00",
      "region": "sanbu",
      "request": {"id": 7, "kind": "disclosure", "requested_on": "2026-11-26",
                  "requester": "self", "requester_label": "本人"},
      "person_id": 12,
      "sections": [
        {"model": "people.person", "title": "利用者",
         "records": [{"id": 12, "fields": [
            {"name": "family_name", "label": "姓", "value": "髙橋", "display": "髙橋"}, ...]}]},
        {"model": "consultations.consultation", "title": "相談記録", "records": [...]}, ...
      ],
      "omitted": [{"model": "safeguarding.abusereport", "title": "虐待通報", "reason": "..."}]
    }

``value`` is machine-readable (ISO dates, codes of choices, ids of related rows, lists of ids
for many-to-many), ``display`` what a person reads (和暦, labels, names). Fields the law keeps
from the person (the abuse reporter's identity, §8) have ``value`` null, ``withheld`` true and
the reason as ``display``. Derived columns (search keys, text analysis, import fingerprints)
are left out: they repeat what is shown."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, IntegerField, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.crypto import decrypt_text
from tsunagu.people.models import Person
from tsunagu.privacy import registry
from tsunagu.privacy.models import DataRequest

FORMAT = "tsunagu.disclosure"
VERSION = 1
DERIVED = frozenset({"search_key", "analysis", "import_key"})


def person_family(person: Person) -> list[Person]:
    """The person and every record merged into it (duplicates keep their own rows)."""
    found = [person]
    frontier = [person.pk]
    seen = {person.pk}
    while frontier:
        merged = list(Person.objects.filter(merged_into_id__in=frontier).exclude(pk__in=seen))
        found += merged
        frontier = [p.pk for p in merged]
        seen.update(frontier)
    return found


def rows_about(model: type[models.Model], person_ids: list[int]) -> models.QuerySet:
    query = Q()
    for lookup in registry.lookups(model):
        query |= Q(**{f"{lookup}__in": person_ids})
    return model._default_manager.filter(query).order_by("pk")


def _display_datetime(value: datetime) -> str:
    local = timezone.localtime(value, dates.TOKYO)
    return f"{dates.wareki(local.date())} {local:%H:%M}"


def _field_entry(row: models.Model, f: models.Field, handling: registry.Handling) -> dict:
    entry: dict[str, Any] = {"name": f.name, "label": str(f.verbose_name)}
    if f.name in handling.withheld:
        entry.update(value=None, display=str(handling.withheld[f.name]), withheld=True)
        return entry
    if f.is_relation:
        related = getattr(row, f.name)
        entry.update(
            value=getattr(row, f.attname), display=str(related) if related is not None else "—"
        )
        return entry
    value = getattr(row, f.attname)
    if f.name in handling.encrypted and value:
        try:
            value = decrypt_text(value)
        except ValueError:
            entry.update(value=None, display=_("（暗号を解除できません）"))
            return entry
    if isinstance(f, models.FileField):
        value = value.name if value else ""
    if f.choices:
        display = str(getattr(row, f"get_{f.name}_display")()) if value not in (None, "") else "—"
    elif isinstance(value, bool):
        display = _("はい") if value else _("いいえ")
    elif isinstance(value, datetime):
        display = _display_datetime(value)
        value = value.isoformat()
    elif isinstance(value, date):
        display = dates.wareki(value)
        value = value.isoformat()
    elif isinstance(value, time):  # a time of day (週間計画表)
        value = value.isoformat(timespec="minutes")
        display = value
    elif isinstance(value, Decimal):
        value = str(value)
        display = value
    elif value in (None, "") or value == {}:
        display = "—"
    else:
        display = str(value)
    entry.update(value=value, display=display)
    return entry


def _record(row: models.Model, skip: set[str]) -> dict:
    handling = registry.handling_for(type(row))
    fields = [
        _field_entry(row, f, handling)
        for f in row._meta.concrete_fields
        if not f.primary_key and f.name not in skip
    ]
    for m2m in row._meta.many_to_many:
        related = list(getattr(row, m2m.name).all())
        fields.append(
            {
                "name": m2m.name,
                "label": str(m2m.verbose_name),
                "value": [r.pk for r in related],
                "display": "、".join(str(r) for r in related) or "—",
            }
        )
    return {"id": row.pk, "fields": fields}


def _section(model: type[models.Model], records: list[dict]) -> dict:
    return {
        "model": model._meta.label_lower,
        "title": str(model._meta.verbose_name),
        "records": records,
    }


def disclosure_data(*, person: Person, data_request: DataRequest | None = None) -> dict:
    """Every record about ``person`` (and records merged into it), section by model."""
    family = person_family(person)
    ids = [p.pk for p in family]
    skip_person = set(DERIVED) | {"region", "merged_into"}
    family = list(
        Person.objects.filter(pk__in=ids)
        .select_related("municipality")
        .prefetch_related("assigned_organizations", "assigned_staff")
        .order_by("pk")
    )
    sections = [_section(Person, [_record(p, skip_person) for p in family])]
    omitted = []
    include_safeguarding = bool(data_request and data_request.include_safeguarding)
    for model, n in row_counts(ids).items():
        if not n:
            continue
        handling = registry.handling_for(model)
        if handling.safeguarding and not include_safeguarding:
            omitted.append(
                {
                    "model": model._meta.label_lower,
                    "title": str(model._meta.verbose_name),
                    "reason": _("請求で「虐待通報の記録を含める」が選ばれていません。"),
                }
            )
            continue
        skip = set(DERIVED) | {"region"} | {f.name for f in registry.person_fields(model)}
        rows = rows_about(model, ids)
        related = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and f.name not in skip and f.name not in handling.withheld
        ]
        rows = rows.select_related(*related).prefetch_related(
            *(m.name for m in model._meta.many_to_many)
        )
        records = [_record(row, skip) for row in rows]
        if records:
            sections.append(_section(model, records))
    request_info = None
    if data_request is not None:
        request_info = {
            "id": data_request.pk,
            "kind": data_request.kind,
            "requested_on": data_request.requested_on.isoformat(),
            "requester": data_request.requester,
            "requester_label": data_request.get_requester_display(),
        }
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": dates.now_local().isoformat(timespec="seconds"),
        "region": person.region.code,
        "request": request_info,
        "person_id": person.pk,
        "sections": sections,
        "omitted": omitted,
    }


def filename(person: Person, extension: str) -> str:
    return f"kaiji-{person.pk}-{dates.now_local():%Y%m%d}.{extension}"


def row_counts(person_ids: list[int]) -> dict[type[models.Model], int]:
    """Rows about the persons in each personal-data model, in one query (scalar subqueries)."""
    counted = list(registry.personal_models())
    subqueries = {
        f"n{i}": Coalesce(
            Subquery(
                rows_about(model, person_ids)
                .order_by()
                .annotate(one=Value(1, output_field=IntegerField()))
                .values("one")
                .annotate(c=Count("pk"))
                .values("c")[:1]
            ),
            0,
        )
        for i, model in enumerate(counted)
    }
    # Any one row to hang the subqueries on: the first person.
    row = Person.objects.filter(pk=person_ids[0]).annotate(**subqueries).values(*subqueries).get()
    return {model: row[f"n{i}"] for i, model in enumerate(counted)}


def record_counts(person: Person) -> list[tuple[str, int]]:
    """(kind of record, number of rows) about the person, for the confirm pages."""
    ids = [p.pk for p in person_family(person)]
    counts = [(str(Person._meta.verbose_name), len(ids))]
    counts += [(str(m._meta.verbose_name), n) for m, n in row_counts(ids).items() if n]
    return counts
