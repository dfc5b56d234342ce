"""合同事例検討会: the case recorded de-identified, only with the person's 「協議会での匿名事例検討」
consent valid on the day, the summary through the personal-data text check, attendance by
organization; the center sees every case with its person, others only the de-identified case of
conferences their organization attended."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from tests.community.fixtures import CASE_SUMMARY, make_conference_event

from tsunagu.community import services
from tsunagu.community.models import CaseConference
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.network.models import EventKind


def test_center_staff_record_a_case_with_attendance(
    client, login, region, center_staff, center_org, provider_org, person, anonymous_consent
):
    event = make_conference_event(region)
    login(client, center_staff)
    form = client.get("/community/conferences/new/").content.decode()
    assert event.title in form and person.full_name in form
    response = client.post(
        "/community/conferences/new/",
        {
            "event": event.pk,
            "person": person.pk,
            "case_summary": CASE_SUMMARY,
            "discussion": "緊急時の受け入れ先を一覧にする。",
            "attendance-TOTAL_FORMS": "5",
            "attendance-INITIAL_FORMS": "0",
            "attendance-0-organization": center_org.pk,
            "attendance-0-count": "2",
            "attendance-1-organization": provider_org.pk,
            "attendance-1-count": "3",
        },
    )
    conference = CaseConference.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/community/conferences/{conference.pk}/"
    assert (conference.event, conference.person) == (event, person)
    assert sorted((a.organization.name, a.count) for a in conference.attendance.all()) == sorted(
        [(center_org.name, 2), (provider_org.name, 3)]
    )
    page = client.get(response["Location"]).content.decode()
    assert "出席した機関（計 5 人）" in page and person.full_name in page
    # the event is taken now: it is no longer offered
    assert event.title not in client.get("/community/conferences/new/").content.decode()


def test_a_person_without_the_consent_is_neither_offered_nor_accepted(
    client, login, region, center_staff, person, shared_consent
):
    event = make_conference_event(region)
    login(client, center_staff)
    form = client.get("/community/conferences/new/").content.decode()
    assert person.full_name not in form  # 関係機関への情報提供 is not this consent
    with pytest.raises(ValidationError) as error:
        services.case_conference_record(
            actor=center_staff, event=event, person=person, case_summary=CASE_SUMMARY
        )
    assert "協議会での匿名事例検討" in str(error.value)


def test_the_consent_must_be_valid_on_the_day(region, center_staff, person, anonymous_consent):
    anonymous_consent.withdrawn_on = date(2022, 10, 1)
    anonymous_consent.save()
    with pytest.raises(ValidationError):
        services.case_conference_record(
            actor=center_staff,
            event=make_conference_event(region, day=date(2022, 11, 18)),
            person=person,
            case_summary=CASE_SUMMARY,
        )
    # held before the withdrawal: the consent covered that day
    conference = services.case_conference_record(
        actor=center_staff,
        event=make_conference_event(region, day=date(2022, 9, 1), title="9月の検討会"),
        person=person,
        case_summary=CASE_SUMMARY,
    )
    assert conference.pk


@pytest.mark.parametrize(
    "summary",
    ["髙橋美咲さんは40代。", "連絡先は090-1234-5678。", "東金市東岩崎1-2-3に住む男性。"],
)
def test_a_summary_with_personal_data_is_refused(
    client, login, region, center_staff, person, anonymous_consent, summary
):
    event = make_conference_event(region)
    login(client, center_staff)
    response = client.post(
        "/community/conferences/new/",
        {
            "event": event.pk,
            "person": person.pk,
            "case_summary": summary,
            "attendance-TOTAL_FORMS": "1",
            "attendance-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "個人を特定できる情報" in response.content.decode()
    assert not CaseConference.objects.exists()


def test_only_a_case_conference_event_takes_a_case(region, center_staff, person, anonymous_consent):
    event = make_conference_event(region)
    event.kind = EventKind.TRAINING
    event.save()
    with pytest.raises(ValidationError):
        services.case_conference_record(
            actor=center_staff, event=event, person=person, case_summary=CASE_SUMMARY
        )


def test_attendance_counts_are_checked(
    client, login, region, center_staff, center_org, person, anonymous_consent
):
    login(client, center_staff)
    response = client.post(
        "/community/conferences/new/",
        {
            "event": make_conference_event(region).pk,
            "person": person.pk,
            "case_summary": CASE_SUMMARY,
            "attendance-TOTAL_FORMS": "2",
            "attendance-INITIAL_FORMS": "0",
            "attendance-0-organization": center_org.pk,
            "attendance-0-count": "0",
            "attendance-1-organization": center_org.pk,
            "attendance-1-count": "abc",
        },
    )
    assert response.status_code == 200
    assert not CaseConference.objects.exists()


def test_an_attending_organization_sees_the_case_without_the_person(
    client, login, provider_staff, case_conference, person
):
    login(client, provider_staff)
    listing = client.get("/community/conferences/").content.decode()
    assert case_conference.event.title in listing
    assert '<td class="num">2</td>' in listing  # both attending organizations, not only ours
    page = client.get(f"/community/conferences/{case_conference.pk}/").content.decode()
    assert CASE_SUMMARY in page
    assert person.full_name not in page and person.family_name not in page
    assert "事例・出席を編集する" not in page
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW).latest("pk")
    assert "deidentified" in entry.summary and f"person={person.pk}" not in entry.summary


def test_a_member_sees_it_only_when_their_organization_attended(
    client, login, member, other_provider_org, case_conference
):
    login(client, member)
    assert client.get(f"/community/conferences/{case_conference.pk}/").status_code == 404
    assert case_conference.event.title not in client.get("/community/conferences/").content.decode()
    member.organization = other_provider_org
    member.save()
    services.case_conference_update(
        actor="test",
        conference=case_conference,
        case_summary=case_conference.case_summary,
        attendance=[(other_provider_org, 1)],
    )
    page = client.get(f"/community/conferences/{case_conference.pk}/").content.decode()
    assert CASE_SUMMARY in page


def test_a_withdrawn_consent_hides_the_case_from_the_attendees(
    client, login, provider_staff, center_staff, case_conference, anonymous_consent
):
    anonymous_consent.withdrawn_on = date(2023, 1, 10)
    anonymous_consent.save()
    login(client, provider_staff)
    page = client.get(f"/community/conferences/{case_conference.pk}/").content.decode()
    assert CASE_SUMMARY not in page and "同意を撤回" in page
    client.logout()
    login(client, center_staff)
    page = client.get(f"/community/conferences/{case_conference.pk}/").content.decode()
    assert CASE_SUMMARY in page and "出席機関には表示されません" in page


def test_the_pages_take_a_fixed_number_of_queries(
    client, login, region, center_staff, center_org, provider_org, person, anonymous_consent,
    case_conference, django_assert_max_num_queries,
):
    login(client, center_staff)
    for day in (date(2022, 12, 1), date(2023, 1, 12)):
        services.case_conference_record(
            actor=center_staff,
            event=make_conference_event(region, day=day, title=f"検討会 {day}"),
            person=person,
            case_summary=CASE_SUMMARY,
            attendance=[(center_org, 1), (provider_org, 1)],
        )
    with django_assert_max_num_queries(9):  # session, user, OTP, the list (count, page)…
        listing = client.get("/community/conferences/")
    assert listing.content.decode().count("/community/conferences/") >= 3
    with django_assert_max_num_queries(11):  # + attendance, consents, the audit entry
        assert client.get(f"/community/conferences/{case_conference.pk}/").status_code == 200


def test_the_person_page_offers_the_case_only_while_the_consent_holds(
    client, login, region, center_staff, person, anonymous_consent
):
    """Issue 21/19: the conference form is reached from the person, who is then chosen."""
    make_conference_event(region)
    login(client, center_staff)
    link = f'href="/community/conferences/new/?person={person.pk}"'
    assert link in client.get(f"/people/{person.pk}/").content.decode()
    form = client.get(f"/community/conferences/new/?person={person.pk}").content.decode()
    assert f'<option value="{person.pk}" selected>' in form
    # an id that is not a number, or not a person that may be chosen: nothing chosen, no error
    assert client.get("/community/conferences/new/?person=x&event=9999").status_code == 200

    anonymous_consent.withdrawn_on = date(2022, 10, 1)
    anonymous_consent.save()
    assert link not in client.get(f"/people/{person.pk}/").content.decode()
