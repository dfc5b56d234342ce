"""Writes of personal records. Each writes its audit entry in the same transaction."""

from datetime import date
from typing import Any

from django.db import transaction

from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction, Municipality, Organization, Region
from tsunagu.core.text import normalize, search_key
from tsunagu.people.models import Person


def _search_key(person: Person) -> str:
    return " ".join(
        search_key(part)
        for part in (
            person.family_name + person.given_name,
            person.family_name_kana + person.given_name_kana,
        )
    )


@transaction.atomic
def person_create(
    *,
    actor: Any,
    region: Region,
    family_name: str,
    given_name: str = "",
    family_name_kana: str,
    given_name_kana: str = "",
    birth_date: date | None = None,
    municipality: Municipality | None = None,
    organizations: list[Organization] | None = None,
    is_fictional: bool = False,
) -> Person:
    if municipality is not None and municipality.region_id != region.pk:
        raise ValueError("municipality belongs to another region")
    person = Person(
        region=region,
        family_name=normalize(family_name),
        given_name=normalize(given_name),
        family_name_kana=normalize(family_name_kana),
        given_name_kana=normalize(given_name_kana),
        birth_date=birth_date,
        municipality=municipality,
        is_fictional=is_fictional,
    )
    person.search_key = _search_key(person)
    person.full_clean()
    person.save()
    for organization in organizations or []:
        if organization.region_id != region.pk:
            raise ValueError("organization belongs to another region")
    person.assigned_organizations.set(organizations or [])
    audit_record(actor=actor, action=AuditAction.CREATE, target=person)
    return person
