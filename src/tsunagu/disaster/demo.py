"""Demo data for the disaster pages (called by `tsunagu demo`; idempotent).

Fifteen of the demo's fictional persons on the disaster list, and one past disaster mode
(a fictional typhoon and power cut) with its safety checks and organizations' reports, so
that the summary has something to show. No disaster mode is left on: the demo does not greet
its users with a disaster banner."""

import json
from datetime import date, timedelta
from pathlib import Path

from django.db.models import Q

from tsunagu.core import dates
from tsunagu.core.models import Organization, Region, User
from tsunagu.core.roles import Role
from tsunagu.disaster.models import (
    DisasterActivation,
    DisasterListRegistration,
    SafetyCheck,
    SafetyStatus,
)
from tsunagu.disaster.services import (
    activation_end,
    activation_start,
    check_assign,
    check_update,
    registration_save,
    status_report_save,
)
from tsunagu.people.models import Person

ACTOR = "command:demo"
REGISTERED = 15

# The texts (fictional) are data, kept beside this module: registrations as
# [power_dependent, medical_care, living_alone, family_nearby, notes], reports as
# [organization kind, damage, open status, acceptance, supplies, channel].
DATA = Path(__file__).parent / "data" / "demo.json"

# statuses of the past event, in list order; None = never reached before it ended
OUTCOMES = [
    (SafetyStatus.SAFE, 2), (SafetyStatus.NEEDS_SUPPORT, 3), (SafetyStatus.SAFE, 4),
    (SafetyStatus.SAFE, 5), (SafetyStatus.NEEDS_SUPPORT, 6), (SafetyStatus.SAFE, 8),
    (SafetyStatus.SAFE, 9), (SafetyStatus.UNREACHABLE, 12), (SafetyStatus.SAFE, 20),
    (SafetyStatus.SAFE, 22), (SafetyStatus.SAFE, 26), (SafetyStatus.SAFE, 30),
    (SafetyStatus.UNREACHABLE, 40), (SafetyStatus.SAFE, 44), (None, 0),
]  # fmt: skip


def demo_disaster_load(*, region: Region, with_records: bool = True) -> bool:
    """Load the demo; return True when something was created. ``with_records`` is False
    for `tsunagu demo --without-records`: then create nothing about persons."""
    if not with_records:
        return False
    if DisasterActivation.objects.filter(region=region).exists():
        return False
    persons = list(
        Person.objects.filter(region=region, is_fictional=True, merged_into__isnull=True)
        .filter(~Q(pk__in=DisasterListRegistration.objects.values("person_id")))
        .select_related("municipality")
        .order_by("external_id", "pk")[45 : 45 + REGISTERED]
    )
    staff = User.objects.filter(region=region, role=Role.CENTER_STAFF, is_active=True).first()
    if len(persons) < REGISTERED or staff is None:
        return False
    data = json.loads(DATA.read_text(encoding="utf-8"))
    today = dates.today_local()
    for number, (person, factors) in enumerate(
        zip(persons, data["registrations"], strict=True)
    ):
        power, medical, alone, family, notes = factors
        registration_save(
            actor=ACTOR, region=region, person=person,
            consent_on=date(today.year - 1, 4, 1) + timedelta(days=7 * number),
            power_dependent=power, medical_care=medical, living_alone=alone,
            family_nearby=family, notes=notes,
        )  # fmt: skip

    started = dates.now_local().replace(hour=6, minute=30, second=0, microsecond=0) - timedelta(
        days=75
    )
    activation = activation_start(
        actor=ACTOR, region=region, title=data["title"], note=data["note"],
        started_at=started, notify=False,
    )  # fmt: skip
    checks = list(
        SafetyCheck.objects.filter(activation=activation).order_by(
            "-priority", "person__municipality__code", "pk"
        )
    )
    for check, (status, hours) in zip(checks, OUTCOMES, strict=False):
        check_assign(actor=ACTOR, check=check, assignee=staff)
        if status is None:
            continue
        check = SafetyCheck.objects.get(pk=check.pk)
        check_update(
            actor=ACTOR, check=check, version=check.version, status=status,
            note=data["note_safe"] if status == SafetyStatus.SAFE else data["note_other"],
            checked_at=started + timedelta(hours=hours),
        )  # fmt: skip
    for hours, (kind, damage, open_status, acceptance, supplies, channel) in enumerate(
        data["reports"], start=3
    ):
        organization = Organization.objects.filter(region=region, kind=kind).order_by("pk").first()
        if organization is None:
            continue
        status_report_save(
            actor=ACTOR, activation=activation, organization=organization, damage=damage,
            open_status=open_status, acceptance=acceptance, supplies_needed=supplies,
            reachable_by=["phone", "fax"], channel=channel,
            reported_at=started + timedelta(hours=hours),
        )  # fmt: skip
    activation_end(actor=ACTOR, activation=activation, ended_at=started + timedelta(days=3))
    return True
