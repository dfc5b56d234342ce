"""A person with a record of every kind, written through the apps' own services."""

from datetime import date

from tests.safeguarding.fixtures_rights import (
    make_daily_life_referral,
    make_guardianship_case,
    make_registration,
)

from tsunagu.people.detail_services import caregiver_add, certificate_add
from tsunagu.safeguarding.models import GuardianshipStatus

SECRETS = (
    "髙橋",
    "美咲",
    "タカハシ",
    "1999-11-03",
    "就労について相談",
    "グループホームの空きがなく",
    "髙橋 花子",
    "090-1111-2222",
    "てんかん",
    "預金の管理",
)


def fill_person(person, staff):
    """Add caregivers, a certificate, contacts and safeguarding records to ``person``."""
    person.phone = "090-1111-2222"
    person.address = "南上宿1-2-3"
    person.save(update_fields=["phone", "address"])
    caregiver_add(
        actor=staff,
        person=person,
        relation="母",
        name="髙橋 花子",
        birth_year=1960,
        is_key=True,
        note="夜は不在",
    )
    certificate_add(actor=staff, person=person, kind="physical", grade="2", body_parts=["limb"])
    make_guardianship_case(
        person,
        staff,
        status=GuardianshipStatus.DECIDED,
        kind="guardian",
        filed_on=date(2023, 12, 1),
        decided_on=date(2024, 3, 1),
    )
    make_daily_life_referral(person, staff)
    make_registration(person, staff)
    return person
