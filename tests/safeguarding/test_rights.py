"""成年後見制度利用支援 and 日常生活自立支援事業 referrals, through the pages a worker uses:
recording, following up, who may see what, and the audit trail of every view."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from tests.safeguarding.fixtures_rights import (
    make_daily_life_referral,
    make_guardianship_case,
    make_registration,
)

from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.people.services import person_create
from tsunagu.safeguarding.models import (
    DailyLifeSupportReferral,
    DailyLifeSupportStatus,
    GuardianshipCase,
    GuardianshipStatus,
)
from tsunagu.safeguarding.rights.selectors import person_rights_summary
from tsunagu.safeguarding.rights.services import guardianship_case_create, guardianship_case_update

NEED = "通帳の管理ができず、施設入所の契約が必要"


def _case_form(**overrides):
    data = {
        "need": NEED,
        "status": GuardianshipStatus.CONSIDERING,
        "petitioner": "",
        "filed_on": "",
        "kind": "",
        "guardian_type": "",
        "decided_on": "",
        "note": "",
        "staff": "",
    }
    data.update(overrides)
    return data


def _views(target):
    return AuditEntry.objects.filter(
        action=AuditAction.VIEW, target_type=target._meta.label_lower, target_id=str(target.pk)
    )


# --- 成年後見制度利用支援 ----------------------------------------------------------------------


def test_center_staff_records_a_mayors_petition_from_the_person_page(
    client, center_staff, center_org, person, login
):
    login(client, center_staff)
    page = client.get(f"/safeguarding/guardianship/new/?person={person.pk}").content.decode()
    assert person.full_name in page and "市町村長申立て" in page
    response = client.post(
        f"/safeguarding/guardianship/new/?person={person.pk}",
        _case_form(
            status=GuardianshipStatus.FILED,
            petitioner="mayor",
            filed_on="R6.5.1",
            staff=str(center_staff.pk),
        ),
    )
    assert response.status_code == 302
    case = GuardianshipCase.objects.get()
    assert (case.person, case.petitioner, case.filed_on) == (person, "mayor", date(2024, 5, 1))
    assert case.organization == center_org and case.staff == center_staff
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, target_type="safeguarding.guardianshipcase")
    assert "petitioner=mayor" in entry.summary and NEED not in entry.summary
    # The record opened after saving is a 閲覧 in the audit log.
    detail = client.get(response["Location"])
    assert detail.status_code == 200 and "申立て済み" in detail.content.decode()
    assert _views(case).count() == 1


def test_a_filed_petition_needs_a_petitioner_and_a_day(client, center_staff, person, login):
    login(client, center_staff)
    response = client.post(
        f"/safeguarding/guardianship/new/?person={person.pk}",
        _case_form(status=GuardianshipStatus.FILED),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "申立人を選んでください" in page and "申立日を入力してください" in page
    assert not GuardianshipCase.objects.exists()


def test_a_decision_needs_its_kind_and_a_day_after_the_petition(person, center_staff):
    with pytest.raises(ValidationError) as error:
        guardianship_case_create(
            actor="test",
            region=person.region,
            person=person,
            need=NEED,
            status=GuardianshipStatus.DECIDED,
            petitioner="relative",
            filed_on=date(2024, 5, 1),
            decided_on=date(2024, 4, 1),
        )
    assert set(error.value.message_dict) == {"kind", "decided_on"}


def test_the_case_is_followed_up_to_the_decision(client, center_staff, guardianship_case, login):
    login(client, center_staff)
    response = client.post(
        f"/safeguarding/guardianship/{guardianship_case.pk}/",
        _case_form(
            status=GuardianshipStatus.DECIDED,
            petitioner="mayor",
            filed_on="2024/5/1",
            decided_on="令和6年8月20日",
            kind="curator",
            guardian_type="professional",
            note="司法書士が保佐人に選任された",
        ),
    )
    assert response.status_code == 302
    guardianship_case.refresh_from_db()
    assert guardianship_case.status == GuardianshipStatus.DECIDED
    assert guardianship_case.decided_on == date(2024, 8, 20)
    update = AuditEntry.objects.filter(
        action=AuditAction.UPDATE, target_id=str(guardianship_case.pk)
    ).get()
    assert "status=decided" in update.summary and "司法書士" not in update.summary


def test_an_invalid_update_shows_the_record_again_and_is_audited(
    client, center_staff, guardianship_case, login
):
    login(client, center_staff)
    response = client.post(
        f"/safeguarding/guardianship/{guardianship_case.pk}/",
        _case_form(status=GuardianshipStatus.DECIDED, petitioner="mayor", filed_on="2024/5/1"),
    )
    assert response.status_code == 400
    assert "類型を選んでください" in response.content.decode()
    guardianship_case.refresh_from_db()
    assert guardianship_case.status == GuardianshipStatus.PREPARING
    assert _views(guardianship_case).count() == 1


def test_provider_staff_follow_their_own_clients_only(
    client,
    provider_staff,
    provider_org,
    person,
    unassigned_person,
    guardianship_case,
    unassigned_guardianship_case,
    login,
):
    login(client, provider_staff)
    listing = client.get("/safeguarding/guardianship/").content.decode()
    assert person.full_name in listing and unassigned_person.full_name not in listing
    assert client.get(f"/safeguarding/guardianship/{guardianship_case.pk}/").status_code == 200
    assert _views(guardianship_case).get().user == provider_staff
    assert (
        client.get(f"/safeguarding/guardianship/{unassigned_guardianship_case.pk}/").status_code
        == 404
    )
    # Choosing a person shows only their own clients; others are not found.
    picker = client.get("/safeguarding/guardianship/new/?q=ヤマザキ").content.decode()
    assert unassigned_person.full_name not in picker
    assert (
        client.post(
            f"/safeguarding/guardianship/new/?person={unassigned_person.pk}", _case_form()
        ).status_code
        == 404
    )
    response = client.post(f"/safeguarding/guardianship/new/?person={person.pk}", _case_form())
    assert response.status_code == 302
    assert GuardianshipCase.objects.filter(person=person, organization=provider_org).exists()


@pytest.mark.parametrize("role", ["secretariat", "municipal_staff", "member"])
def test_roles_without_personal_data_are_refused(client, personas, guardianship_case, role, login):
    login(client, personas[role])
    for path in (
        "/safeguarding/guardianship/",
        "/safeguarding/guardianship/new/",
        f"/safeguarding/guardianship/{guardianship_case.pk}/",
        "/safeguarding/daily-life/",
        "/safeguarding/daily-life/new/",
    ):
        assert client.get(path).status_code == 403, path
    assert client.post("/safeguarding/guardianship/new/", _case_form()).status_code == 403
    assert not _views(guardianship_case).exists()


def test_anonymous_users_are_sent_to_login(client, guardianship_case):
    response = client.get(f"/safeguarding/guardianship/{guardianship_case.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_regions_staff_find_nothing(client, outsider, guardianship_case, person, login):
    login(client, outsider)
    assert person.full_name not in client.get("/safeguarding/guardianship/").content.decode()
    assert client.get(f"/safeguarding/guardianship/{guardianship_case.pk}/").status_code == 404
    response = client.post(
        f"/safeguarding/guardianship/{guardianship_case.pk}/",
        _case_form(status=GuardianshipStatus.WITHDRAWN),
    )
    assert response.status_code == 404
    guardianship_case.refresh_from_db()
    assert guardianship_case.status == GuardianshipStatus.PREPARING


def test_the_list_filters_and_counts_by_status(
    client, center_staff, person, unassigned_person, login
):
    make_guardianship_case(person, center_staff)
    make_guardianship_case(
        unassigned_person, center_staff, petitioner="relative", status=GuardianshipStatus.CONSIDERING
    )
    login(client, center_staff)
    page = client.get("/safeguarding/guardianship/?petitioner=mayor").content.decode()
    assert person.full_name in page and unassigned_person.full_name not in page
    page = client.get(f"/safeguarding/guardianship/?person={unassigned_person.pk}").content.decode()
    assert unassigned_person.full_name in page and f"{person.full_name}</a>" not in page
    counts = client.get("/safeguarding/guardianship/").context["status_counts"]
    assert ("preparing", "申立て準備中", 1) in counts and ("considering", "利用を検討", 1) in counts


def test_the_guardianship_list_takes_a_fixed_number_of_queries(
    client, center_staff, region, center_org, login, django_assert_max_num_queries
):
    for i in range(30):
        someone = person_create(
            actor="test",
            region=region,
            family_name=f"試験{i}",
            family_name_kana="シケン",
            municipality=region.municipalities.get(code="12213"),
            organizations=[center_org],
        )
        make_guardianship_case(someone, center_staff)
    login(client, center_staff)
    with django_assert_max_num_queries(12):  # audit entry and disaster banner
        response = client.get("/safeguarding/guardianship/")
    assert response.status_code == 200 and "試験29" in response.content.decode()


def test_no_record_is_added_to_a_merged_person(person, unassigned_person, center_staff):
    from tsunagu.people.services import person_merge

    person_merge(actor="test", keep=person, merge=unassigned_person)
    unassigned_person.refresh_from_db()
    with pytest.raises(ValidationError):
        make_guardianship_case(unassigned_person, center_staff)


def test_merging_persons_moves_their_rights_records(person, unassigned_person, center_staff):
    case = make_guardianship_case(unassigned_person, center_staff)
    referral = make_daily_life_referral(unassigned_person, center_staff)
    from tsunagu.people.services import person_merge

    person_merge(actor="test", keep=person, merge=unassigned_person)
    case.refresh_from_db()
    referral.refresh_from_db()
    assert case.person == person and referral.person == person


def test_update_refuses_unknown_fields(guardianship_case):
    with pytest.raises(TypeError):
        guardianship_case_update(actor="test", case=guardianship_case, person=None)


# --- 日常生活自立支援事業 ---------------------------------------------------------------------


def test_a_referral_to_the_social_welfare_council_is_recorded_and_followed(
    client, center_staff, person, login
):
    login(client, center_staff)
    form = client.get(f"/safeguarding/daily-life/new/?person={person.pk}").content.decode()
    assert "社会福祉協議会" in form
    response = client.post(
        f"/safeguarding/daily-life/new/?person={person.pk}",
        {
            "referred_on": "R6.6.3",
            "to_organization": "山武市社会福祉協議会",
            "services": "金銭管理・書類の預かり",
            "status": DailyLifeSupportStatus.REFERRED,
            "note": "",
        },
    )
    assert response.status_code == 302
    referral = DailyLifeSupportReferral.objects.get()
    assert (referral.referred_on, referral.staff) == (date(2024, 6, 3), center_staff)
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, target_type="safeguarding.dailylifesupportreferral"
    ).exists()
    response = client.post(
        f"/safeguarding/daily-life/{referral.pk}/",
        {
            "referred_on": "2024/6/3",
            "to_organization": "山武市社会福祉協議会",
            "services": "金銭管理・書類の預かり",
            "status": DailyLifeSupportStatus.CONTRACTED,
            "note": "7月から利用開始",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == DailyLifeSupportStatus.CONTRACTED
    page = client.get(f"/safeguarding/daily-life/{referral.pk}/").content.decode()
    assert "7月から利用開始" in page
    assert _views(referral).count() == 1


def test_daily_life_referrals_of_unassigned_persons_are_hidden_from_provider_staff(
    client, provider_staff, daily_life_referral, unassigned_daily_life_referral, login
):
    login(client, provider_staff)
    listing = client.get("/safeguarding/daily-life/")
    assert [r.pk for r in listing.context["page"]] == [daily_life_referral.pk]
    assert client.get(f"/safeguarding/daily-life/{daily_life_referral.pk}/").status_code == 200
    assert (
        client.get(f"/safeguarding/daily-life/{unassigned_daily_life_referral.pk}/").status_code
        == 404
    )


def test_the_daily_life_list_takes_a_fixed_number_of_queries(
    client, center_staff, person, login, django_assert_max_num_queries
):
    for _ in range(25):
        make_daily_life_referral(person, center_staff)
    login(client, center_staff)
    with django_assert_max_num_queries(11):  # audit entry and disaster banner
        response = client.get("/safeguarding/daily-life/?status=referred")
    assert len(response.context["page"]) == 25


# --- the person page's section -------------------------------------------------------------


def test_the_person_section_shows_what_the_user_may_see(
    rf, center_staff, provider_staff, person, unassigned_person, django_assert_max_num_queries
):
    make_guardianship_case(person, center_staff, status=GuardianshipStatus.CONSIDERING)
    make_daily_life_referral(person, center_staff)
    registration = make_registration(person, center_staff)
    make_guardianship_case(unassigned_person, center_staff)
    with django_assert_max_num_queries(3):
        rights = person_rights_summary(user=center_staff, person=person)
    html = render_to_string(
        "safeguarding/guardianship_person_section.html", {"person": person, "section": rights}
    )
    assert "利用を検討" in html and "社会福祉協議会へつないだ" in html
    assert f"/safeguarding/emergency/{registration.pk}/sheet/" in html
    hidden = person_rights_summary(user=provider_staff, person=unassigned_person)
    assert hidden == {
        "guardianship_cases": [],
        "daily_life_referrals": [],
        "emergency_registration": None,
    }
