"""Retention (保存期間): a person's records are anonymized settings.RETENTION_YEARS after the
last contact. "Last contact" is the latest of the contact dates of every record about the
person (registry.contact_date_fields: consultation date, need noted, plan start and end,
monitoring, abuse report received and closed, …; for models without a declaration, when
their records were made) and the day the person was registered. Persons merged into another
count with it. Persons with an open abuse case or guardianship procedure are listed as
postponed, not anonymized (see services.deletion_blockers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Max
from django.db.models.functions import TruncDate
from django.utils import timezone

from tsunagu.core import dates
from tsunagu.core.models import Region
from tsunagu.people.models import Person
from tsunagu.privacy import registry
from tsunagu.privacy.models import Anonymization, AnonymizationBasis
from tsunagu.privacy.selectors import open_case_person_ids
from tsunagu.privacy.services import (
    AnonymizeResult,
    blocker_reasons,
    person_anonymize,
)


@dataclass
class Candidate:
    person: Person
    last_contact: date
    postponed: list[str]


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value, dates.TOKYO).date()
    return value


def cutoff(today: date | None = None, years: int | None = None) -> date:
    """Records whose last contact is before this day are past retention."""
    today = today or dates.today_local()
    years = settings.RETENTION_YEARS if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _roots(region: Region) -> tuple[dict[int, int | None], Any]:
    """person id -> merged_into id for the region, and a function giving the live record a
    person was merged into (itself when not merged)."""
    owner = dict(Person.objects.filter(region=region).values_list("pk", "merged_into_id"))

    def root(pk: int) -> int:
        seen = set()
        while owner.get(pk) and pk not in seen:
            seen.add(pk)
            pk = owner[pk]
        return pk

    return owner, root


def last_contacts(region: Region) -> dict[int, date]:
    """person id -> the day of the last contact, for every live person of ``region``
    (records merged into a person count with it). Three queries."""
    persons = Person.objects.filter(region=region)
    owner, root = _roots(region)

    latest: dict[int, date] = {}

    def note(pk: int | None, value: Any) -> None:
        if pk is None or value is None or pk not in owner:
            return
        day = _as_date(value)
        key = root(pk)
        if key not in latest or day > latest[key]:
            latest[key] = day

    for pk, created in persons.values_list("pk", "created_at"):
        note(pk, created)  # registered: a contact too
    parts = []
    for model in registry.person_linked_models():
        for person_field in registry.person_fields(model):
            for name in registry.contact_date_fields(model):
                f = model._meta.get_field(name)
                day = (
                    TruncDate(name, tzinfo=dates.TOKYO)
                    if isinstance(f, models.DateTimeField)
                    else F(name)
                )
                parts.append(
                    model._default_manager.filter(**{f"{person_field.name}__region": region})
                    .exclude(**{f"{name}__isnull": True})
                    .order_by()
                    .values(person_field.attname)
                    .annotate(last=Max(day, output_field=models.DateField()))
                    .values_list(person_field.attname, "last")
                )
    # One statement (UNION ALL) whatever the number of models.
    if parts:
        for pk, value in parts[0].union(*parts[1:], all=True):
            note(pk, value)
    return {pk: day for pk, day in latest.items() if owner.get(pk) is None}


def retention_candidates(region: Region, *, today: date | None = None) -> list[Candidate]:
    """Live persons of ``region`` past retention and not anonymized yet, oldest contact first."""
    limit = cutoff(today)
    done = set(Anonymization.objects.filter(region=region).values_list("person_id", flat=True))
    due = {pk: day for pk, day in last_contacts(region).items() if day < limit and pk not in done}
    persons = Person.objects.filter(pk__in=due).select_related("municipality")
    _owner, root = _roots(region)
    abuse, guardianship = open_case_person_ids(Person.objects.filter(region=region).values("pk"))
    abuse, guardianship = {root(pk) for pk in abuse}, {root(pk) for pk in guardianship}
    found = [
        Candidate(
            p,
            due[p.pk],
            blocker_reasons(abuse=p.pk in abuse, guardianship=p.pk in guardianship),
        )
        for p in persons
    ]
    return sorted(found, key=lambda c: (c.last_contact, c.person.pk))


def retention_run(
    *, actor: Any, region: Region, today: date | None = None
) -> tuple[list[AnonymizeResult], list[Candidate]]:
    """Anonymize every person past retention; returns the results and the postponed ones."""
    results, postponed = [], []
    for candidate in retention_candidates(region, today=today):
        if candidate.postponed:
            postponed.append(candidate)
            continue
        results.append(
            person_anonymize(
                actor=actor, person=candidate.person, basis=AnonymizationBasis.RETENTION
            )
        )
    return results, postponed
