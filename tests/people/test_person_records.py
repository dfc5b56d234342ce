"""Certificates (障害者手帳) and caregivers (家族・介護者) on the person page."""

from datetime import date

import pytest

from tsunagu.core.dates import today_local
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.people.models import Caregiver, Certificate


def test_add_ryoiku_certificate_shows_maru_a(client, center_staff, person, login):
    login(client, center_staff)
    response = client.post(
        f"/people/{person.pk}/certificates/add/", {"cert-grade": "ryoiku:maru_a1"}
    )
    assert response.status_code == 302
    certificate = person.certificates.get()
    assert (certificate.kind, certificate.grade) == ("ryoiku", "maru_a1")
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "療育手帳" in page
    assert "Ⓐの1" in page
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, target_type="people.certificate")
    assert entry.target_id == str(certificate.pk)
    assert entry.region_id == person.region_id


def test_add_physical_certificate_with_body_parts(client, center_staff, person, login):
    login(client, center_staff)
    data = {"cert-grade": "physical:2", "cert-body_parts": ["visual", "limb"]}
    assert client.post(f"/people/{person.pk}/certificates/add/", data).status_code == 302
    certificate = person.certificates.get()
    assert certificate.body_part_labels == ["視覚", "肢体"]
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "2級" in page
    assert "視覚、肢体" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"cert-grade": "ryoiku:z9"}, "grade", "正しく選択してください"),
        ({"cert-grade": "physical:7"}, "grade", "正しく選択してください"),
        ({"cert-grade": "mental:2"}, "expires_on", "有効期限を入力してください"),
        (
            {"cert-grade": "ryoiku:b1", "cert-body_parts": ["visual"]},
            "body_parts",
            "身体障害者手帳だけ",
        ),
        (
            {"cert-grade": "mental:1", "cert-expires_on": "2023/2/30"},
            "expires_on",
            "存在しない日付",
        ),
    ],
)
def test_certificate_validation(client, center_staff, person, login, data, field, message):
    login(client, center_staff)
    response = client.post(f"/people/{person.pk}/certificates/add/", data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert message in response.content.decode()
    assert not Certificate.objects.exists()


def test_mental_certificate_with_expiry_in_wareki(client, center_staff, person, login):
    login(client, center_staff)
    data = {"cert-grade": "mental:2", "cert-expires_on": "R7.3.31"}
    assert client.post(f"/people/{person.pk}/certificates/add/", data).status_code == 302
    assert person.certificates.get().expires_on == date(2025, 3, 31)


def test_remove_certificate(client, center_staff, person, login):
    certificate = Certificate.objects.create(person=person, kind="physical", grade="1")
    login(client, center_staff)
    url = f"/people/{person.pk}/certificates/{certificate.pk}/remove/"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not person.certificates.exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.DELETE, target_type="people.certificate"
    ).exists()


def test_cannot_remove_another_persons_certificate(
    client, center_staff, person, unassigned_person, login
):
    theirs = Certificate.objects.create(person=unassigned_person, kind="physical", grade="1")
    login(client, center_staff)
    assert client.post(f"/people/{person.pk}/certificates/{theirs.pk}/remove/").status_code == 404
    assert Certificate.objects.filter(pk=theirs.pk).exists()


def test_add_caregiver_with_wareki_birth_year(client, center_staff, person, login):
    login(client, center_staff)
    data = {"carer-relation": "母", "carer-name": "髙橋 和子", "carer-birth_year": "昭和35年",
            "carer-lives_together": "on", "carer-is_key": "on"}  # fmt: skip
    assert client.post(f"/people/{person.pk}/caregivers/add/", data).status_code == 302
    caregiver = person.caregivers.get()
    assert (caregiver.birth_year, caregiver.lives_together, caregiver.is_key) == (1960, True, True)
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert f"1960年生（今年{today_local().year - 1960}歳）" in page
    assert "主な介護者" in page


@pytest.mark.parametrize("year", ["1850", "平成99", "そのうち", "3000"])
def test_caregiver_bad_birth_year_is_a_form_error(client, center_staff, person, login, year):
    login(client, center_staff)
    data = {"carer-relation": "父", "carer-birth_year": year}
    response = client.post(f"/people/{person.pk}/caregivers/add/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["birth_year"]
    assert not Caregiver.objects.exists()


def test_remove_caregiver(client, center_staff, person, login):
    caregiver = Caregiver.objects.create(person=person, relation="父")
    login(client, center_staff)
    assert client.post(f"/people/{person.pk}/caregivers/{caregiver.pk}/remove/").status_code == 302
    assert not person.caregivers.exists()


def test_provider_may_add_to_their_person_but_not_to_unassigned(
    client, provider_staff, person, unassigned_person, login
):
    login(client, provider_staff)
    data = {"carer-relation": "姉"}
    assert client.post(f"/people/{person.pk}/caregivers/add/", data).status_code == 302
    assert client.post(f"/people/{unassigned_person.pk}/caregivers/add/", data).status_code == 404
    assert not unassigned_person.caregivers.exists()


@pytest.mark.parametrize("role", ["secretariat", "municipal_staff", "member"])
def test_roles_without_personal_data_cannot_add(client, personas, person, login, role):
    login(client, personas[role])
    data = {"cert-grade": "physical:1"}
    assert client.post(f"/people/{person.pk}/certificates/add/", data).status_code == 403
    assert not Certificate.objects.exists()
