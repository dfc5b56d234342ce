"""The caller's list (issue 21 item 3): the page and the printed PDF give what is needed to
call — phone, address, care notes, family — and a bulk assignment says what it did."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.disaster.models import SafetyCheck, SafetyStatus
from tsunagu.disaster.services import (
    activation_start,
    check_assign,
    check_update,
    registration_save,
)
from tsunagu.people.detail_services import caregiver_add
from tsunagu.people.services import person_create, person_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def callable_check(region, center_org, person):
    """``person`` with a phone, an address, a ventilator and a daughter to call."""
    person_update(actor="test", person=person, phone="0475-00-1234",
                  address="東金市南上宿1-2（架空）", contact_note="日中は娘の携帯へ")
    caregiver_add(actor="test", person=person, relation="長女", name="髙橋 花子",
                  lives_together=False, note="090-0000-5678")
    registration_save(actor="test", region=region, person=person, consent_on=date(2025, 4, 1),
                      power_dependent=True, notes="人工呼吸器を使用。停電時は予備バッテリー3時間。")
    activation = activation_start(actor="test", region=region, title="テスト地震", notify=False)
    return SafetyCheck.objects.get(activation=activation, person=person)


def test_the_list_shows_what_the_caller_needs_and_audits_it(
    client, center_staff, callable_check, login
):
    login(client, center_staff)
    page = client.get("/disaster/checks/").content.decode()
    assert 'href="tel:0475-00-1234"' in page
    assert "東金市南上宿1-2（架空）" in page
    assert "人工呼吸器を使用" in page and "長女 髙橋 花子" in page and "日中は娘の携帯へ" in page
    entry = AuditEntry.objects.get(action=AuditAction.VIEW,
                                   target_type="disaster.safetycheck")
    assert "fields=address,phone,care,family" in entry.summary
    assert "0475" not in entry.summary  # the audit names what was shown, not the data


def test_the_printed_list_has_contact_care_and_family_and_keeps_words_whole(
    client, center_staff, callable_check, login
):
    check_update(actor="test", check=callable_check, version=callable_check.version,
                 status=SafetyStatus.UNREACHABLE)
    login(client, center_staff)
    response = client.get("/disaster/checks.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "0475-00-1234" in text and "東金市南上宿1-2" in text
    assert "人工呼吸器を使用" in text and "長女 髙橋 花子" in text
    assert "電源を要する医療機器を使用" in text
    assert "連絡不可" in text  # on one line: a wrapped cell reads 連絡不\n可
    assert "配慮事項・家族の連絡先" in text


def test_bulk_assignment_says_how_many_and_why_not(
    client, center_staff, provider_staff, region, center_org, person, login
):
    municipality = person.municipality
    others = [
        person_create(actor="test", region=region, family_name=f"同市{n}", given_name="一",
                      family_name_kana=f"ドウシ{n}", municipality=municipality,
                      organizations=[center_org], is_fictional=True)
        for n in range(3)
    ]
    for someone in [person, *others]:
        registration_save(actor="test", region=region, person=someone,
                          consent_on=date(2025, 4, 1))
    activation = activation_start(actor="test", region=region, title="テスト", notify=False)
    taken = SafetyCheck.objects.get(activation=activation, person=others[0])
    check_assign(actor="test", check=taken, assignee=center_staff)
    login(client, center_staff)

    # provider staff may call only ``person``: 1 of 4, and the page says why not the others
    response = client.post("/disaster/checks/assign/", {
        "assignee": provider_staff.pk, "municipality": municipality.pk}, follow=True)
    text = response.content.decode()
    assert "安否確認4件のうち、1件を" in text
    assert "3件はpaul-providerさんの機関が担当していない利用者" in text.replace(" ", "")

    # a center worker: the unassigned ones, and word of the one another worker holds
    response = client.post("/disaster/checks/assign/", {
        "assignee": center_staff.pk, "municipality": municipality.pk}, follow=True)
    text = response.content.decode()
    assert "安否確認4件のうち、2件を" in text
    assert "1件はすでに" in text and "1件はほかの職員が担当しているため" in text

    # ... and every check of the 市町村 when asked to take over
    response = client.post("/disaster/checks/assign/", {
        "assignee": center_staff.pk, "municipality": municipality.pk, "reassign": "on"},
        follow=True)
    text = response.content.decode()
    assert "安否確認4件のうち、1件を" in text and "3件はすでに" in text
    assert set(SafetyCheck.objects.filter(activation=activation)
               .values_list("assigned_to", flat=True)) == {center_staff.pk}
