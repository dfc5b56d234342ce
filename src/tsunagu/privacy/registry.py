"""Where personal data lives: every model that points at a person, and how each is treated
when a person asks for their data (開示) or for its deletion (削除), or when retention ends.

The generic rule (no entry needed)
----------------------------------
Every model with a ForeignKey or OneToOneField to ``people.Person`` is found through Django's
model meta (:func:`person_linked_models`), so a new app's models are covered the day they land.
For each such row:

- exported in full (開示): every field with its verbose name and display value;
- anonymized (削除・保存期間): every free-text field (CharField/TextField/EmailField/JSONField
  without ``choices``) is erased, every file is deleted from disk and its field emptied;
  everything that is counted stays: dates, numbers, booleans, choices, foreign keys (master-data
  categories, municipality, organization), 年度. The row itself stays, so counts do not change.

The registry (entries below)
----------------------------
An app adds an entry only when the generic rule is not right for one of its models:

- ``keep``: text fields that are codes or categories kept for statistics (e.g. 手帳の等級);
- ``clear``: non-text fields that are personal all the same (set to NULL / empty);
- ``via``: a model linked to the person *indirectly* (a consultation's attachments): the ORM
  lookup from that model to the person, e.g. ``"consultation__person"``;
- ``delete_rows``: rows removed entirely (files are deleted first);
- ``encrypted``: fields stored with tsunagu.core.crypto, decrypted for the export;
- ``withheld``: fields never disclosed, with the legal reason shown instead;
- ``safeguarding``: abuse-report records, disclosed only when the request says so;
- ``contact_dates``: the date fields that are a contact with the person, for retention
  ("last contact"); without it, a model's ``auto_now_add`` fields (when the record was made).

``NOT_PERSONAL`` lists models that point at a person-linked model but hold nothing about the
person (only links). tests/privacy/test_registry.py fails when a model points at a person (or
at a person-linked model) and is covered by neither the generic rule nor this file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

PERSON_LABEL = "people.Person"


@dataclass(frozen=True)
class Handling:
    keep: frozenset[str] = field(default_factory=frozenset)
    clear: frozenset[str] = field(default_factory=frozenset)
    via: str = ""
    delete_rows: bool = False
    encrypted: frozenset[str] = field(default_factory=frozenset)
    withheld: dict[str, str] = field(default_factory=dict)
    safeguarding: bool = False
    contact_dates: tuple[str, ...] = ()


_ABUSE_SECRECY = _("開示しません（通報者の秘密：障害者虐待防止法第8条）")

REGISTRY: dict[str, Handling] = {
    # The shell that stays: municipality, 障害支援区分 and the school-leaving year stay for the
    # counts; birth date and gender go (no report uses them); names are replaced by a marker.
    "people.Person": Handling(clear=frozenset({"birth_date", "gender"})),
    "people.Consent": Handling(contact_dates=("given_on", "withdrawn_on")),
    "consultations.Consultation": Handling(contact_dates=("occurred_at",)),
    "consultations.Referral": Handling(contact_dates=("requested_at", "closed_at")),
    "needs.Need": Handling(contact_dates=("noted_on",)),
    "plans.Assessment": Handling(contact_dates=("assessed_on",)),
    "plans.SupportPlan": Handling(contact_dates=("starts_on", "ended_on")),
    "plans.MonitoringRecord": Handling(contact_dates=("monitored_on",)),
    "safeguarding.GuardianshipCase": Handling(contact_dates=("updated_at",)),
    "safeguarding.DailyLifeSupportReferral": Handling(contact_dates=("referred_on",)),
    "safeguarding.EmergencyRegistration": Handling(contact_dates=("registered_on", "reviewed_on")),
    "safeguarding.EmergencyEvent": Handling(contact_dates=("started_at", "ended_at")),
    # 手帳: the kind (choices) and grade/parts (codes) are what the council counts.
    "people.Certificate": Handling(keep=frozenset({"grade", "body_parts"})),
    # 親亡き後 foresight counts key caregivers by birth year and relation, never by name.
    "people.Caregiver": Handling(keep=frozenset({"relation"})),
    # The file is the personal data; the row only names it.
    "consultations.Attachment": Handling(via="consultation__person", delete_rows=True),
    "safeguarding.AbuseReport": Handling(
        encrypted=frozenset({"reporter_identity"}),
        withheld={"reporter_identity": _ABUSE_SECRECY},
        safeguarding=True,
        contact_dates=("received_at", "closed_at"),
    ),
    "safeguarding.AbuseReportStep": Handling(via="report__person", safeguarding=True),
    "plans.PlanGoal": Handling(via="plan__person"),
    "plans.PlanService": Handling(via="plan__person"),
    "plans.GoalReview": Handling(via="monitoring__person"),
    # 安否確認: the priority reasons are codes (counted after a disaster).
    "disaster.SafetyCheck": Handling(
        keep=frozenset({"reasons"}), contact_dates=("checked_at", "first_contact_at")
    ),
    "disaster.SafetyCheckChange": Handling(via="safety_check__person"),
    "foodbank.Distribution": Handling(via="household__person"),
    # The kind of appliance asked for is a category the yearly figures count.
    "foodbank.ApplianceRequest": Handling(via="household__person", keep=frozenset({"kind"})),
    # The record of the anonymization itself: who ran it stays.
    "privacy.Anonymization": Handling(keep=frozenset({"by_username"})),
}

# Models that point at a person-linked model but hold no data about the person.
NOT_PERSONAL: dict[str, str] = {
    "council.IssueNeed": "a link between a community issue and a need; the need is anonymized",
    "foodbank.Appliance": "the appliance handed over (the item), pointing at the household's request",
    "foodbank.StockMovement": "stock leaving for a delivery: quantities and lots only",
}

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def handling_for(model: type[models.Model]) -> Handling:
    return REGISTRY.get(model._meta.label, Handling())


def person_fields(model: type[models.Model]) -> list[models.Field]:
    """The concrete ForeignKey/OneToOneField fields of ``model`` that point at a person."""
    person = apps.get_model(PERSON_LABEL)
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is person and model is not person
    ]


@cache
def person_linked_models() -> tuple[type[models.Model], ...]:
    """Every installed model with a FK/OneToOne to a person (the generic rule)."""
    return tuple(
        sorted(
            (m for m in apps.get_models() if person_fields(m)),
            key=lambda m: m._meta.label,
        )
    )


@cache
def indirect_models() -> tuple[type[models.Model], ...]:
    """Registered models linked through another record (``via``), installed ones only."""
    found = []
    for label, handling in REGISTRY.items():
        if not handling.via:
            continue
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue  # the app is not installed
    return tuple(found)


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
    """Models that point at a person or at a person-linked model and that neither the generic
    rule nor the registry covers (the test keeps this empty)."""
    person = apps.get_model(PERSON_LABEL)
    covered = set(person_linked_models()) | set(indirect_models()) | {person}
    problems = []
    for model in apps.get_models():
        label = model._meta.label
        for f in model._meta.get_fields():
            if not f.is_relation or f.auto_created and not f.concrete:
                continue
            target = f.related_model
            if target is None or model in covered or label in NOT_PERSONAL:
                continue
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
