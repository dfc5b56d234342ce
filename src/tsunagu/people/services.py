"""Writes of personal records. Each writes its audit entry in the same transaction."""

from datetime import date
from typing import Any

from django.db import transaction

from tsunagu.core.audit import audit_record
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tsunagu.core.models import AuditAction, ListItem, ListKind, Municipality, Organization, Region
from tsunagu.core.text import normalize, search_key
from tsunagu.people.models import Person, PersonDisability

# Fields a caller may set through person_create / person_update besides the names.
DETAIL_FIELDS = (
    "birth_date", "municipality", "gender", "postal_code", "address", "phone", "email",
    "contact_note", "support_category", "intractable_disease", "external_id",
)


def _search_key(person: Person) -> str:
    return " ".join(
        search_key(part)
        for part in (
            person.family_name + person.given_name,
            person.family_name_kana + person.given_name_kana,
        )
    )


def _set_disabilities(
    person: Person, disabilities: list[ListItem], primary: ListItem | None
) -> None:
    for item in disabilities:
        if item.region_id != person.region_id or item.kind != ListKind.DISABILITY_TYPE:
            raise ValidationError({"disabilities": _("この圏域の障害種別ではありません。")})
    if primary is not None and primary not in disabilities:
        disabilities = [primary, *disabilities]
    if primary is None and disabilities:
        primary = disabilities[0]
    person.disabilities.all().delete()
    PersonDisability.objects.bulk_create(
        PersonDisability(person=person, disability_type=item, is_primary=(item == primary))
        for item in dict.fromkeys(disabilities)
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
    disabilities: list[ListItem] | None = None,
    primary_disability: ListItem | None = None,
    is_fictional: bool = False,
    audit: bool = True,
    **details: Any,
) -> Person:
    """Create a person. ``details`` are the optional fields named in DETAIL_FIELDS."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    if municipality is not None and municipality.region_id != region.pk:
        raise ValueError("municipality belongs to another region")
    for organization in organizations or []:
        if organization.region_id != region.pk:
            raise ValueError("organization belongs to another region")
    person = Person(
        region=region,
        family_name=normalize(family_name),
        given_name=normalize(given_name),
        family_name_kana=normalize(family_name_kana),
        given_name_kana=normalize(given_name_kana),
        birth_date=birth_date,
        municipality=municipality,
        is_fictional=is_fictional,
        **details,
    )
    person.search_key = _search_key(person)
    person.full_clean()
    person.save()
    person.assigned_organizations.set(organizations or [])
    if disabilities or primary_disability:
        _set_disabilities(person, list(disabilities or []), primary_disability)
    if audit:
        audit_record(actor=actor, action=AuditAction.CREATE, target=person)
    return person


@transaction.atomic
def person_update(
    *,
    actor: Any,
    person: Person,
    disabilities: list[ListItem] | None = None,
    primary_disability: ListItem | None = None,
    audit: bool = True,
    **fields: Any,
) -> Person:
    """Change names and ``DETAIL_FIELDS``; ``disabilities`` (when given) replaces the list."""
    allowed = {"family_name", "given_name", "family_name_kana", "given_name_kana", *DETAIL_FIELDS}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    municipality = fields.get("municipality")
    if municipality is not None and municipality.region_id != person.region_id:
        raise ValueError("municipality belongs to another region")
    changed = []
    for name, value in fields.items():
        if isinstance(value, str) and name.endswith(("name", "kana")):
            value = normalize(value)
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    if changed:
        person.search_key = _search_key(person)
        person.full_clean()
        person.save()
    if disabilities is not None:
        before = sorted(person.disabilities.values_list("disability_type_id", "is_primary"))
        _set_disabilities(person, list(disabilities), primary_disability)
        after = sorted(person.disabilities.values_list("disability_type_id", "is_primary"))
        if before != after:
            changed.append("disabilities")
    if changed and audit:
        audit_record(actor=actor, action=AuditAction.UPDATE, target=person,
                     summary="changed: " + ",".join(changed))
    return person
