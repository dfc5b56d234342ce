"""Writes of personal records. Each writes its audit entry in the same transaction.

Persons: person_create, person_update, person_share, person_merge (here).
Certificates, caregivers and consents: tsunagu.people.detail_services, re-exported here so
that callers import every people write from this one module."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.core.access import user_can
from tsunagu.core.audit import audit_record
from tsunagu.core.dates import today_local
from tsunagu.core.locking import lock_claim
from tsunagu.core.models import (
    AuditAction,
    ListItem,
    ListKind,
    Municipality,
    Organization,
    Region,
    User,
)
from tsunagu.core.roles import Capability
from tsunagu.core.text import normalize, search_key
from tsunagu.people import links
from tsunagu.people.detail_services import (  # noqa: F401  (re-exported)
    caregiver_add,
    caregiver_remove,
    certificate_add,
    certificate_remove,
    consent_record,
    consent_withdraw,
)
from tsunagu.people.models import Person, PersonDisability
from tsunagu.people.selectors import sharing_consent_exists

# Fields a caller may set through person_create / person_update besides the names.
DETAIL_FIELDS = (
    "birth_date", "municipality", "gender", "postal_code", "address", "phone", "email",
    "contact_note", "support_category", "intractable_disease", "school_leaving_year", "external_id",
)  # fmt: skip


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
    for item in [*disabilities, *([primary] if primary else [])]:
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


def _check_staff(region: Region, staff: list[User], organizations: list[Organization]) -> None:
    """Assigned staff belong to the region, may see personal data, and (provider staff)
    work for one of the person's organizations, or they could not open the record."""
    org_ids = {o.pk for o in organizations}
    for user in staff:
        if user.region_id != region.pk or not (
            user_can(user, Capability.PERSONAL_ALL) or user_can(user, Capability.PERSONAL_ASSIGNED)
        ):
            raise ValidationError({"staff": _("この圏域で個人情報を扱う職員ではありません。")})
        if not user_can(user, Capability.PERSONAL_ALL) and user.organization_id not in org_ids:
            raise ValidationError(
                {
                    "staff": _("%(user)s さんの所属機関が担当機関に含まれていません。")
                    % {"user": user}
                }
            )


@transaction.atomic
def persons_bulk_create(
    *, region: Region, persons: list[tuple[dict[str, Any], list[ListItem] | None]]
) -> list[Person]:
    """Many new persons at once, for an import that has already validated every row:
    each item is (fields as person_create takes them, disabilities — the first is primary).
    Names are normalized and keyed exactly as person_create does; the caller writes one
    audit entry for the whole import. Database constraints still guard every row."""
    built = []
    for fields, items in persons:
        unknown = set(fields) - {*DETAIL_FIELDS, "family_name", "given_name",
                                 "family_name_kana", "given_name_kana"}  # fmt: skip
        if unknown:
            raise TypeError(f"unknown person fields: {sorted(unknown)}")
        municipality = fields.get("municipality")
        if municipality is not None and municipality.region_id != region.pk:
            raise ValueError("municipality belongs to another region")
        person = Person(region=region, **fields)
        for name in ("family_name", "given_name", "family_name_kana", "given_name_kana"):
            setattr(person, name, normalize(getattr(person, name)))
        person.search_key = _search_key(person)
        built.append((person, items or []))
    created = Person.objects.bulk_create([person for person, _items in built], batch_size=1000)
    rows = []
    for person, (_built, items) in zip(created, built, strict=True):
        for i, item in enumerate(dict.fromkeys(items)):
            if item.region_id != region.pk or item.kind != ListKind.DISABILITY_TYPE:
                raise ValidationError({"disabilities": _("この圏域の障害種別ではありません。")})
            rows.append(PersonDisability(person=person, disability_type=item, is_primary=i == 0))
    PersonDisability.objects.bulk_create(rows, batch_size=2000)
    return created


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
    staff: list[User] | None = None,
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
    _check_staff(region, list(staff or []), list(organizations or []))
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
    person.assigned_staff.set(staff or [])
    if disabilities or primary_disability:
        _set_disabilities(person, list(disabilities or []), primary_disability)
    if audit:
        audit_record(actor=actor, action=AuditAction.CREATE, target=person)
    return person


def _check_new_organizations(
    actor: Any, person: Person, organizations: list[Organization]
) -> list[Organization]:
    """Organizations newly assigned, each allowed: the actor's own, or one a valid
    info-sharing consent names today (adding any other is sharing without consent)."""
    current = set(person.assigned_organizations.values_list("pk", flat=True))
    added = [o for o in organizations if o.pk not in current]
    today = today_local()
    for organization in added:
        if organization.region_id != person.region_id:
            raise ValidationError({"organizations": _("この圏域の機関ではありません。")})
        own = organization.pk == getattr(actor, "organization_id", None)
        if not own and not sharing_consent_exists(person, organization, today):
            raise ValidationError({"organizations": _no_consent_message(organization)})
    return added


def _no_consent_message(organization: Organization) -> str:
    return _(
        "「%(org)s」への情報提供に有効な同意がありません。"
        "先に同意（関係機関への情報提供、提供先にこの機関を含むもの）を記録してください。"
    ) % {"org": organization.name}


@transaction.atomic
def person_update(
    *,
    actor: Any,
    person: Person,
    disabilities: list[ListItem] | None = None,
    primary_disability: ListItem | None = None,
    organizations: list[Organization] | None = None,
    staff: list[User] | None = None,
    audit: bool = True,
    lock_version: int | None = None,
    **fields: Any,
) -> Person:
    """Change names and ``DETAIL_FIELDS``; ``disabilities``, ``organizations`` and ``staff``
    (when given) replace the lists. A newly assigned organization other than the actor's
    own needs a valid info-sharing consent (see person_share)."""
    if person.merged_into_id is not None:
        raise ValidationError(_("統合済みの記録は変更できません。統合先の記録を変更してください。"))
    lock_claim(person, lock_version)  # EditConflict if saved by someone since the form opened
    allowed = {"family_name", "given_name", "family_name_kana", "given_name_kana", *DETAIL_FIELDS}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    municipality = fields.get("municipality")
    if municipality is not None and municipality.region_id != person.region_id:
        raise ValueError("municipality belongs to another region")
    changed = []
    if organizations is not None:
        organizations = list(dict.fromkeys(organizations))
        added = _check_new_organizations(actor, person, organizations)
        if added or len(organizations) != person.assigned_organizations.count():
            person.assigned_organizations.set(organizations)
            changed.append("organizations")
    if staff is not None:
        orgs = organizations if organizations is not None else person.assigned_organizations.all()
        _check_staff(person.region, list(staff), list(orgs))
        if {u.pk for u in staff} != set(person.assigned_staff.values_list("pk", flat=True)):
            person.assigned_staff.set(staff)
            changed.append("staff")
    for name, value in fields.items():
        if isinstance(value, str) and name.endswith(("name", "kana")):
            value = normalize(value)
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    if set(changed) - {"organizations", "staff"}:
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
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=person,
            summary="changed: " + ",".join(changed),
        )
    return person


@transaction.atomic
def person_share(
    *, actor: Any, person: Person, organization: Organization, on: date | None = None
) -> Person:
    """情報提供: assign ``person`` to ``organization`` too. Refused (ValidationError) unless a
    valid info-sharing consent names that organization on ``on`` (today by default)."""
    if person.merged_into_id is not None:
        raise ValidationError(_("統合済みの記録は共有できません。"))
    if organization.region_id != person.region_id:
        raise ValidationError({"organization": _("この圏域の機関ではありません。")})
    if person.assigned_organizations.filter(pk=organization.pk).exists():
        raise ValidationError({"organization": _("この機関はすでに担当機関です。")})
    if not sharing_consent_exists(person, organization, on or today_local()):
        raise ValidationError({"organization": _no_consent_message(organization)})
    person.assigned_organizations.add(organization)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=person,
        summary=f"shared with organization {organization.pk}",
    )
    return person


# Fields copied from the merged record when the kept one has them empty.
_MERGE_FILL = (
    "given_name", "given_name_kana", "birth_date", "municipality", "gender", "postal_code",
    "address", "phone", "email", "contact_note", "support_category", "intractable_disease",
    "school_leaving_year",
)  # fmt: skip


def _moved_parts(items: list[str], width: int = 240) -> list[str]:
    """The counts moved, cut into pieces that each fit one audit entry (none is lost)."""
    parts = [""]
    for item in items:
        if parts[-1] and len(parts[-1]) + len(item) + 1 > width:
            parts.append("")
        parts[-1] = f"{parts[-1]},{item}" if parts[-1] else item
    return parts


@transaction.atomic
def person_merge(*, actor: Any, keep: Person, merge: Person) -> Person:
    """Merge the duplicate ``merge`` into ``keep``: every record that points at ``merge``
    moves to ``keep`` as its app registered it in the person-link registry
    (tsunagu.people.links: consultations, referrals, needs, plans and monitoring, safeguarding,
    disaster and food-bank records, requests; disabilities as a union, …); assignments are
    added; empty fields of ``keep`` are filled from ``merge``. ``merge`` stays, marked
    ``merged_into=keep``. Audit entries name the fields filled and how many records of each
    kind moved (in as many entries as it takes)."""
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    merge = Person.objects.select_for_update().get(pk=merge.pk)
    if keep.pk == merge.pk:
        raise ValidationError(_("同じ記録どうしは統合できません。"))
    if keep.region_id != merge.region_id:
        raise ValidationError(_("別の圏域の記録とは統合できません。"))
    if keep.merged_into_id is not None or merge.merged_into_id is not None:
        raise ValidationError(_("すでに統合済みの記録は統合できません。"))
    moved = links.merge_records(actor=actor, keep=keep, merge=merge)
    keep.assigned_organizations.add(*merge.assigned_organizations.all())
    keep.assigned_staff.add(*merge.assigned_staff.all())
    filled = [name for name in _MERGE_FILL if not getattr(keep, name) and getattr(merge, name)]
    for name in filled:
        setattr(keep, name, getattr(merge, name))
    if merge.external_id and not keep.external_id:
        # Re-importing the old system's ID must now update the kept record.
        keep.external_id, merge.external_id = merge.external_id, ""
        filled.append("external_id")
    merge.merged_into = keep
    merge.save()
    keep.search_key = _search_key(keep)
    keep.full_clean()
    keep.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=keep,
        summary=f"merged person {merge.pk} into this; filled: {','.join(filled) or '-'}",
    )
    for part in _moved_parts([f"{k}={v}" for k, v in moved.items() if v] or ["-"]):
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=keep,
            summary=f"merged person {merge.pk} into this; moved {part}",
        )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=merge,
        summary=f"merged into person {keep.pk}",
    )
    return keep
