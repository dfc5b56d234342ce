"""Where personal data lives, as disclosure (開示), deletion (削除) and retention see it:
every model that points at a person, read from the person-link registry
(tsunagu.people.links), which each app fills for its own models in ``AppConfig.ready()`` —
the same registry that merges and counts records and builds the person page's timeline.

The generic rule
----------------
For each row of a registered model:

- exported in full (開示): every field with its verbose name and display value;
- anonymized (削除・保存期間): every free-text field (CharField/TextField/EmailField/JSONField
  without ``choices``) is erased, every file is deleted from disk and its field emptied;
  everything that is counted stays: dates, numbers, booleans, choices, foreign keys (master-data
  categories, municipality, organization), 年度. The row itself stays, so counts do not change.

A registration's ``handling`` (tsunagu.people.links.Handling) says where the generic rule is
not right for a model: text fields kept (``keep``), other fields cleared (``clear``), rows
deleted (``delete_rows``), encrypted or withheld fields, abuse-report records disclosed only on
request (``safeguarding``), the dates that are a contact (``contact_dates``). A model linked to
a person *indirectly* (a consultation's attachments) is registered with ``via``, the ORM lookup
to the person; a model that points at a person's record but holds nothing about the person is
registered as not personal, with the reason.

tests/privacy/test_registry.py fails when a model points at a person's record and is not
registered; tests/people/test_person_links.py when a model points at a person.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

from tsunagu.people import links

Handling = links.Handling
PERSON_LABEL = links.PERSON_LABEL
handling_for = links.handling_for
person_fields = links.person_fields_of


def person_linked_models() -> tuple[type[models.Model], ...]:
    """Every registered model with a FK/OneToOne to a person (not the person itself: its
    records merged into another are handled as its family)."""
    person = apps.get_model(PERSON_LABEL)
    return tuple(link.model for link in links.person_links() if link.model is not person)


def indirect_models() -> tuple[type[models.Model], ...]:
    """Registered models linked through another record (``via``)."""
    return tuple(link.model for link in links.linked_records())


def not_personal() -> dict[str, str]:
    """Models that point at a person-linked model but hold no data about the person."""
    return links.not_personal()


def lookups(model: type[models.Model]) -> list[str]:
    """ORM lookups from ``model`` to the person: its own person fields, or ``via``."""
    handling = handling_for(model)
    if handling.via:
        return [handling.via]
    return [f.name for f in person_fields(model)]


def personal_models() -> list[type[models.Model]]:
    """All models that hold data about a person, direct ones first (a parent before its
    children does not matter: rows are kept)."""
    return [*person_linked_models(), *indirect_models()]


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def erasable_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields the generic rule erases on ``model``: free text without choices, files,
    and the registered ``clear`` fields; never the ones in ``keep``."""
    handling = handling_for(model)
    chosen = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in handling.keep:
            continue
        if f.name in handling.clear:
            chosen.append(f)
        elif isinstance(f, models.FileField):
            chosen.append(f)
        elif isinstance(f, TEXT_FIELDS) and not f.choices:
            chosen.append(f)
    return chosen


def uncovered_models() -> list[str]:
    """Models that point at a person-linked model (or at a person through a many-to-many) and
    that the registry does not name (the test keeps this empty)."""
    person = apps.get_model(PERSON_LABEL)
    covered = set(person_linked_models()) | set(indirect_models()) | {person}
    skipped = set(not_personal())
    problems = []
    for model in apps.get_models():
        label = model._meta.label
        if model in covered or label in skipped:
            continue
        for f in model._meta.get_fields():
            if not f.is_relation or f.auto_created and not f.concrete:
                continue
            target = f.related_model
            if target is person and f.many_to_many:
                problems.append(f"{label}.{f.name} (many-to-many to a person)")
            elif target in covered and target is not person and f.concrete:
                problems.append(f"{label}.{f.name} -> {target._meta.label}")
    return sorted(set(problems))


def contact_date_fields(model: type[models.Model]) -> list[str]:
    """The fields of ``model`` whose latest value is a contact with the person."""
    declared = handling_for(model).contact_dates
    if declared:
        return list(declared)
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateField) and getattr(f, "auto_now_add", False)
    ]
