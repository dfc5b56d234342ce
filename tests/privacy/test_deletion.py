"""削除請求: a person's data anonymized in one transaction — names, contacts, free text and
files gone, every counted field kept, so past 年度 figures and council evidence do not move."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.db import transaction
from tests.privacy.builders import SECRETS, fill_person
from tests.reports.builders import at, consult, sample_year
from tests.safeguarding.fixtures_rights import make_guardianship_case

from tsunagu.consultations.models import Attachment, Consultation
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.needs.evidence import evidence_for
from tsunagu.needs.models import Need
from tsunagu.people.models import Caregiver, Certificate, Person
from tsunagu.people.services import person_merge
from tsunagu.plans.models import SupportPlan
from tsunagu.privacy.export import disclosure_data
from tsunagu.privacy.models import (
    Anonymization,
    AnonymizationBasis,
    DataRequest,
    RequestKind,
    RequestStatus,
)
from tsunagu.privacy.services import DeletionPostponed, person_anonymize
from tsunagu.reports.selectors import annual_report
from tsunagu.safeguarding.models import GuardianshipStatus


@pytest.fixture
def full_person(person, center_staff, consultation, attachment, need, support_plan):
    return fill_person(person, center_staff)


def _anonymize(person, actor="test", **kwargs):
    return person_anonymize(actor=actor, person=person, basis=AnonymizationBasis.REQUEST, **kwargs)


def test_anonymizing_erases_identity_text_and_files(
    full_person, attachment, django_capture_on_commit_callbacks
):
    path = Path(attachment.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        result = _anonymize(full_person)

    person = Person.objects.get(pk=full_person.pk)
    assert person.family_name == "（削除済み）"
    assert (person.given_name, person.family_name_kana, person.phone, person.address) == (
        "",
        "",
        "",
        "",
    )
    assert person.birth_date is None and person.search_key == ""
    # kept for the counts
    assert person.municipality.code == "12237"
    assert person.disabilities.count() == full_person.disabilities.count()

    consultation = Consultation.objects.get(person=person)
    assert consultation.record == "" and consultation.caller_name == ""
    assert consultation.fiscal_year == 2022 and consultation.topics.count() == 2
    need = Need.objects.get(person=person)
    assert need.text == "" and need.analysis == {} and need.noted_on == date(2026, 6, 1)
    plan = SupportPlan.objects.get(person=person)
    assert plan.wished_life == ""
    assert all(goal.text == "" for goal in plan.goals.all())
    caregiver = Caregiver.objects.get(person=person)
    assert (caregiver.name, caregiver.relation, caregiver.birth_year) == ("", "母", 1960)
    assert Certificate.objects.get(person=person).grade == "2"

    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not path.exists()
    assert result.files == 1

    # Nothing the person could be recognized by is left anywhere in their records.
    everything = json.dumps(disclosure_data(person=person), ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in everything, secret

    anonymization = Anonymization.objects.get(person=person)
    assert anonymization.basis == AnonymizationBasis.REQUEST
    entry = AuditEntry.objects.filter(action=AuditAction.DELETE, target_id=str(person.pk)).get()
    assert entry.target_type == "people.person"
    assert "consultation:1" in entry.summary and "files=1" in entry.summary
    for secret in SECRETS:
        assert secret not in entry.summary


def test_anonymizing_twice_changes_nothing_more(full_person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _anonymize(full_person)
    first = json.dumps(disclosure_data(person=full_person), ensure_ascii=False)
    with django_capture_on_commit_callbacks(execute=True):
        _anonymize(full_person)
    again = json.loads(json.dumps(disclosure_data(person=full_person), ensure_ascii=False))
    first = json.loads(first)
    first.pop("generated_at"), again.pop("generated_at")
    assert again == first
    assert Anonymization.objects.filter(person=full_person).count() == 1


def test_annual_report_and_council_evidence_are_unchanged(region, center_staff):
    persons = sample_year(region, persons=12, fiscal_year=2022)
    sample_year(region, persons=6, fiscal_year=2023, seed=50)
    for p in persons[:3]:
        consult(region, at(2023, 5, 1), person=p)
    needs = Need.objects.filter(region=region)
    before = {
        year: annual_report(region=region, fiscal_year=year).to_dict() for year in (2022, 2023)
    }
    evidence_before = evidence_for(needs)

    for p in persons[:5]:
        _anonymize(p, actor=center_staff)

    after = {
        year: annual_report(region=region, fiscal_year=year).to_dict() for year in (2022, 2023)
    }
    assert after == before
    assert before[2022]["persons_total"] == 12
    assert evidence_for(needs) == evidence_before
    assert Person.objects.filter(region=region, family_name="（削除済み）").count() == 5


def test_records_merged_into_the_person_are_anonymized_too(person, unassigned_person, admin):
    person_merge(actor=admin, keep=person, merge=unassigned_person)
    _anonymize(person, actor=admin)
    merged = Person.objects.get(pk=unassigned_person.pk)
    assert merged.family_name == "（削除済み）" and merged.given_name == ""
    assert Anonymization.objects.filter(person=merged).exists()


def test_open_abuse_case_postpones_deletion(person, abuse_report, admin):
    with pytest.raises(DeletionPostponed) as refused:
        _anonymize(person, actor=admin)
    assert "虐待通報" in refused.value.reasons[0]
    assert Person.objects.get(pk=person.pk).family_name == "髙橋"
    assert not Anonymization.objects.exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.SECURITY, target_id=str(person.pk), summary__contains="postponed"
    ).exists()


def test_guardianship_under_way_postpones_deletion(person, center_staff, admin):
    make_guardianship_case(
        person, center_staff, status=GuardianshipStatus.FILED, filed_on=date(2026, 10, 1)
    )
    with pytest.raises(DeletionPostponed) as refused:
        _anonymize(person, actor=admin)
    assert "成年後見" in refused.value.reasons[0]


# --- through the pages ----------------------------------------------------------------


def _form(**extra):
    return {
        "requested_on": "R8.11.2",
        "requester": "self",
        "reason": "本人から削除の申し出。運転免許証で確認。",
        "confirm": "on",
        **extra,
    }


def test_admin_confirms_and_the_person_is_anonymized(
    client, admin, full_person, login, django_capture_on_commit_callbacks
):
    login(client, admin)
    page = client.get(f"/privacy/persons/{full_person.pk}/deletion/")
    assert page.status_code == 200
    assert "相談記録" in page.content.decode()  # what will be anonymized, by kind
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/privacy/persons/{full_person.pk}/deletion/", _form())
    request = DataRequest.objects.get(kind=RequestKind.DELETION)
    assert response.status_code == 302
    assert response["Location"] == f"/privacy/requests/{request.pk}/"
    assert request.status == RequestStatus.COMPLETED and request.handled_by == admin
    assert request.completed_at is not None
    assert Person.objects.get(pk=full_person.pk).family_name == "（削除済み）"
    detail = client.get(response["Location"]).content.decode()
    assert "削除（匿名化）しました" in detail
    # the page now says it is done, and offers nothing more
    assert (
        "すでに削除" in client.get(f"/privacy/persons/{full_person.pk}/deletion/").content.decode()
    )


def test_deletion_needs_the_confirmation_box(client, admin, person, login):
    login(client, admin)
    response = client.post(f"/privacy/persons/{person.pk}/deletion/", _form(confirm=""))
    assert response.status_code == 200
    assert Person.objects.get(pk=person.pk).family_name == "髙橋"
    assert not DataRequest.objects.exists()


def test_deletion_refused_with_a_clear_message_while_abuse_case_open(
    client, admin, person, abuse_report, login
):
    login(client, admin)
    page = client.get(f"/privacy/persons/{person.pk}/deletion/").content.decode()
    assert "終結していない虐待通報があります" in page
    response = client.post(f"/privacy/persons/{person.pk}/deletion/", _form(), follow=True)
    assert "終結していない虐待通報があります" in response.content.decode()
    assert DataRequest.objects.get().status == RequestStatus.POSTPONED
    assert Person.objects.get(pk=person.pk).family_name == "髙橋"


def test_center_staff_cannot_delete(client, center_staff, person, login):
    login(client, center_staff)
    assert client.post(f"/privacy/persons/{person.pk}/deletion/", _form()).status_code == 403
    assert Person.objects.get(pk=person.pk).family_name == "髙橋"


def test_other_regions_person_is_not_found(client, admin, other_person, login):
    login(client, admin)
    response = client.post(f"/privacy/persons/{other_person.pk}/deletion/", _form())
    assert response.status_code == 404
    assert Person.objects.get(pk=other_person.pk).family_name == "他所"


def test_a_rolled_back_anonymization_leaves_rows_and_files(
    full_person, attachment, django_capture_on_commit_callbacks
):
    path = Path(attachment.file.path)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _anonymize(full_person)
            raise RuntimeError("the caller's transaction fails after the anonymization")
    assert callbacks == []  # the file deletions were never due
    assert path.exists()
    assert Person.objects.get(pk=full_person.pk).family_name == "髙橋"
    assert Consultation.objects.get(person=full_person).record == "就労について相談"
    assert not Anonymization.objects.exists()
