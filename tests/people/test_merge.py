"""Merging a duplicate record into the one kept, with the history kept."""

from datetime import date

import pytest

from tsunagu.consultations.models import Consultation, Referral
from tsunagu.consultations.services import referral_create
from tsunagu.core.dates import today_local
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.people.models import Caregiver, Certificate, Consent, ConsentScope, Person
from tsunagu.people.services import person_create, person_merge


@pytest.fixture
def duplicate(region, other_provider_org, center_staff, disability):
    """The same person as `person`, registered again by someone else, with a phone number."""
    return person_create(
        actor="test",
        region=region,
        family_name="高橋",
        given_name="美咲",
        family_name_kana="タカハシ",
        given_name_kana="ミサキ",
        birth_date=date(1999, 11, 3),
        organizations=[other_provider_org],
        staff=[center_staff],
        disabilities=[disability("mental"), disability("developmental")],
        primary_disability=disability("mental"),
        phone="0475-00-0000",
        is_fictional=True,
    )


def test_merge_moves_records_and_hides_the_merged_one(
    client,
    center_staff,
    person,
    duplicate,
    other_provider_org,
    disability,
    login,
    record_consultation,
):
    person.disabilities.create(disability_type=disability("intellectual"), is_primary=True)
    consultation = record_consultation(duplicate)
    referral = referral_create(actor="test", consultation=consultation, service="就労移行支援")
    Certificate.objects.create(person=duplicate, kind="ryoiku", grade="b1")
    Caregiver.objects.create(person=duplicate, relation="母", birth_year=1965)
    consent = Consent.objects.create(person=duplicate, scope=ConsentScope.DISASTER_ROSTER,
                                     given_on=today_local())  # fmt: skip
    login(client, center_staff)

    choose = client.get(f"/people/{person.pk}/merge/").content.decode()
    assert f'value="{duplicate.pk}"' in choose  # offered as a likely duplicate
    confirm = client.get(f"/people/{person.pk}/merge/", {"other": duplicate.pk})
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "統合の確認" in page
    assert "0475-00-0000" in page
    assert Person.objects.get(pk=duplicate.pk).merged_into is None  # a GET changes nothing

    response = client.post(f"/people/{person.pk}/merge/", {"other": duplicate.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"
    duplicate.refresh_from_db()
    person.refresh_from_db()
    assert duplicate.merged_into == person
    assert Consultation.objects.get(pk=consultation.pk).person == person
    assert Referral.objects.get(pk=referral.pk).person == person
    assert {d.disability_type.code for d in person.disabilities.all()} == {
        "intellectual", "mental", "developmental",
    }  # fmt: skip
    assert person.disabilities.get(is_primary=True).disability_type.code == "intellectual"
    assert person.certificates.get().grade_label == "Bの1"
    assert person.caregivers.get().relation == "母"
    assert person.consents.get() == consent
    assert other_provider_org in person.assigned_organizations.all()
    assert center_staff in person.assigned_staff.all()
    assert person.phone == "0475-00-0000"  # an empty field filled from the duplicate
    assert person.family_name == "髙橋"  # a filled field is kept

    listing = client.get("/people/", {"q": "たかはし"}).content.decode()
    assert f'href="/people/{duplicate.pk}/"' not in listing
    assert f'href="/people/{person.pk}/"' in listing
    merged_page = client.get(f"/people/{duplicate.pk}/").content.decode()
    assert "統合済み" in merged_page
    assert f'href="/people/{person.pk}/"' in merged_page
    for target in (person, duplicate):
        assert AuditEntry.objects.filter(
            action=AuditAction.UPDATE,
            target_type="people.person",
            target_id=str(target.pk),
            summary__contains="merged",
        ).exists()


def test_merged_record_cannot_be_edited_or_merged_again(
    client, center_staff, person, duplicate, login, person_form_data
):
    login(client, center_staff)
    client.post(f"/people/{person.pk}/merge/", {"other": duplicate.pk})
    response = client.post(f"/people/{duplicate.pk}/edit/", person_form_data())
    assert response.status_code == 302
    assert response["Location"] == f"/people/{duplicate.pk}/"
    duplicate.refresh_from_db()
    assert duplicate.family_name == "高橋"
    response = client.post(f"/people/{person.pk}/merge/", {"other": duplicate.pk})
    assert response["Location"] == f"/people/{person.pk}/merge/"
    assert client.post(f"/people/{person.pk}/merge/", {"other": person.pk}).status_code == 302
    assert Person.objects.get(pk=person.pk).merged_into is None


def test_merge_search_by_name(client, center_staff, person, unassigned_person, login):
    login(client, center_staff)
    page = client.get(f"/people/{person.pk}/merge/", {"q": "やまざき"}).content.decode()
    assert f'value="{unassigned_person.pk}"' in page


def test_provider_staff_cannot_merge(client, provider_staff, person, duplicate, login):
    login(client, provider_staff)
    assert client.post(f"/people/{person.pk}/merge/", {"other": duplicate.pk}).status_code == 403
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


@pytest.mark.parametrize("role", ["secretariat", "municipal_staff", "member"])
def test_roles_without_personal_data_cannot_merge(client, personas, person, duplicate, login, role):
    login(client, personas[role])
    assert client.post(f"/people/{person.pk}/merge/", {"other": duplicate.pk}).status_code == 403


def test_outsider_cannot_merge_ours(client, outsider, person, duplicate, login):
    login(client, outsider)
    assert client.post(f"/people/{person.pk}/merge/", {"other": duplicate.pk}).status_code == 404
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_merge_keeps_the_old_system_id_reachable(region, person, center_staff):
    from tsunagu.people.services import person_merge

    old = person_create(actor="test", region=region, family_name="髙橋", family_name_kana="タカハシ",
                        external_id="A-001")  # fmt: skip
    person_merge(actor=center_staff, keep=person, merge=old)
    person.refresh_from_db()
    old.refresh_from_db()
    assert person.external_id == "A-001"
    assert old.external_id == ""
    assert old.merged_into == person


def test_merge_moves_needs_plans_and_safeguarding_records(
    region, center_staff, center_org, person, unassigned_person
):
    """Everything recorded about the duplicate follows the person (issue 4 and 5 records)."""
    from tests.council.fixtures import need_category
    from tests.plans.fixtures import make_plan

    from tsunagu.needs.services import need_record
    from tsunagu.plans.models import PlanStatus, SupportPlan

    need_record(actor=center_staff, region=region, person=unassigned_person,
                text="通う場所がない。", category=need_category(region, "daytime"))
    make_plan(person, center_staff, center_org)
    duplicate_plan = make_plan(unassigned_person, center_staff, center_org)
    person_merge(actor=center_staff, keep=person, merge=unassigned_person)
    assert person.needs.count() == 1
    assert SupportPlan.objects.filter(person=person).count() == 2
    duplicate_plan.refresh_from_db()
    assert duplicate_plan.status == PlanStatus.SUPERSEDED  # one active plan per organization
    assert SupportPlan.objects.filter(person=person, status=PlanStatus.ACTIVE).count() == 1
