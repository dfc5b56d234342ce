"""Abuse-report pages: intake, the case, the reporter (§8), the workflow, the handover,
linking the person, on duty. Happy paths for 管理者 and センター相談員, refusals for the rest,
the audit log for every read, and pinned query counts."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from tests.safeguarding.fixtures_abuse import REPORTER_CONTACT, REPORTER_NAME, receive

from tsunagu.core.dates import TOKYO
from tsunagu.core.models import AuditAction, AuditEntry, Notification
from tsunagu.safeguarding.abuse.services import abuse_report_advance, on_duty_assign
from tsunagu.safeguarding.models import AbuseReport, AbuseStatus, OnDuty, Routing

ALLOWED = ["admin", "center_staff"]
# 市町村職員 reach the cases of their own municipality only: tests/safeguarding/test_abuse_municipal.py
REFUSED = ["provider_staff", "secretariat", "member"]

INTAKE = {
    "received_at": "2026-11-27T23:10",  # Friday night
    "channel": "phone",
    "reporter_kind": "neighbor",
    "reporter_name": "近所 一郎",
    "reporter_contact": "0475-00-0000",
    "person_description": "東金市○○のグループホームに住む男性",
    "municipality": "",
    "abuser_category": "facility",
    "types": ["type_psychological", "type_economic"],
    "urgency": "medium",
    "observed": "職員が大声で怒鳴り、小遣いを取り上げていると聞いた。",
}


def tokyo(*args) -> datetime:
    return datetime(*args, tzinfo=TOKYO)


@pytest.fixture
def friday_night():
    with time_machine.travel(tokyo(2026, 11, 27, 23, 15), tick=False) as traveller:
        yield traveller


def _audit(user, **filters):
    return AuditEntry.objects.filter(user=user, **filters)


# ---- intake ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALLOWED)
def test_intake_at_night_goes_to_the_center_and_encrypts_the_reporter(
    role, client, personas, region, login, friday_night
):
    user = personas[role]
    login(client, user)
    page = client.get("/safeguarding/abuse/new/")
    assert page.status_code == 200
    assert "センターが受付（夜間・休日）" in page.content.decode()  # shown before saving

    municipality = region.municipalities.get(code="12213")
    response = client.post("/safeguarding/abuse/new/", {**INTAKE, "municipality": municipality.pk})

    report = AbuseReport.objects.get()
    assert response["Location"] == f"/safeguarding/abuse/{report.pk}/"
    assert report.routing == Routing.CENTER
    assert report.received_at == tokyo(2026, 11, 27, 23, 10)
    assert report.safety_due_at == tokyo(2026, 11, 29, 23, 10)
    assert report.fiscal_year == 2026
    assert report.received_by == user
    assert report.municipality == municipality
    assert (report.type_psychological, report.type_economic, report.type_physical) == (
        True,
        True,
        False,
    )
    assert report.steps.get().to_status == AbuseStatus.RECEIVED
    # §8: the identity is not in the database in the clear, not in the audit log.
    assert "近所" not in report.reporter_identity and report.reporter_identity
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_identity FROM safeguarding_abusereport")
        (stored,) = cursor.fetchone()
    assert "近所" not in stored and "0475" not in stored
    entry = _audit(user, action=AuditAction.CREATE, target_id=str(report.pk)).get()
    assert "近所" not in entry.summary and "routing=center" in entry.summary

    detail = client.get(response["Location"]).content.decode()
    assert "センターが受付（夜間・休日）" in detail
    assert "近所" not in detail and "0475" not in detail
    assert "市町村への引継ぎを記録してください" in detail


def test_intake_in_office_hours_goes_to_the_municipality(client, center_staff, region, login):
    with time_machine.travel(tokyo(2026, 11, 26, 10, 0), tick=False):
        login(client, center_staff)
        client.post("/safeguarding/abuse/new/", {**INTAKE, "received_at": "2026-11-26T08:30"})
    assert AbuseReport.objects.get().routing == Routing.MUNICIPALITY


def test_intake_may_start_from_a_person(client, center_staff, person, login, friday_night):
    login(client, center_staff)
    page = client.get(f"/safeguarding/abuse/new/?person={person.pk}")
    assert "髙橋 美咲" in page.content.decode()
    client.post("/safeguarding/abuse/new/", {**INTAKE, "person": person.pk})
    report = AbuseReport.objects.get()
    assert report.person == person
    assert report.municipality == person.municipality  # follows the person when left empty


def test_intake_needs_a_type_and_refuses_the_future(client, center_staff, login, friday_night):
    login(client, center_staff)
    response = client.post("/safeguarding/abuse/new/", {**INTAKE, "types": []})
    assert response.status_code == 200
    assert "虐待の種別を1つ以上選んでください" in response.content.decode()
    response = client.post(
        "/safeguarding/abuse/new/", {**INTAKE, "received_at": "2026-11-28T09:00"}
    )
    assert "未来の日時は記録できません" in response.content.decode()
    assert not AbuseReport.objects.exists()


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_cannot_take_a_report(role, client, personas, login):
    login(client, personas[role])
    assert client.get("/safeguarding/abuse/new/").status_code == 403
    assert client.post("/safeguarding/abuse/new/", INTAKE).status_code == 403
    assert not AbuseReport.objects.exists()


def test_anonymous_is_sent_to_login(client, abuse_report):
    response = client.get(f"/safeguarding/abuse/{abuse_report.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ---- reading: list and detail are audited ------------------------------------------------


@pytest.mark.parametrize("role", ALLOWED)
def test_detail_is_shown_and_every_read_is_audited(role, client, personas, abuse_report, login):
    user = personas[role]
    login(client, user)
    for _ in range(2):
        response = client.get(f"/safeguarding/abuse/{abuse_report.pk}/")
        assert response.status_code == 200
    body = response.content.decode()
    assert "髙橋 美咲" in body and "夜中に大きな物音" in body
    assert REPORTER_NAME not in body and REPORTER_CONTACT not in body
    assert response["Cache-Control"].startswith("max-age=0")
    views = _audit(user, action=AuditAction.VIEW, target_id=str(abuse_report.pk))
    assert views.count() == 2
    assert set(views.values_list("target_type", flat=True)) == {"safeguarding.abusereport"}


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_are_refused_the_case(role, client, personas, abuse_report, login):
    user = personas[role]
    login(client, user)
    for path in ("", "reporter/", "person/"):
        response = client.get(f"/safeguarding/abuse/{abuse_report.pk}/{path}")
        assert response.status_code == 403
        assert "髙橋" not in response.content.decode()
    assert client.post(f"/safeguarding/abuse/{abuse_report.pk}/reporter/").status_code == 403
    assert client.get("/safeguarding/abuse/").status_code == 403
    assert not _audit(user, target_type="safeguarding.abusereport").exists()


def test_another_regions_staff_get_404(client, outsider, abuse_report, login):
    login(client, outsider)
    for path in ("", "reporter/", "person/"):
        assert client.get(f"/safeguarding/abuse/{abuse_report.pk}/{path}").status_code == 404
    assert client.post(f"/safeguarding/abuse/{abuse_report.pk}/reporter/").status_code == 404
    assert client.post(
        f"/safeguarding/abuse/{abuse_report.pk}/advance/",
        {"to_status": "closed", "note": "x", "at": "2026-11-01T10:00"},
    ).status_code == 404
    list_page = client.get("/safeguarding/abuse/?state=all").content.decode()
    assert "髙橋" not in list_page
    abuse_report.refresh_from_db()
    assert abuse_report.status == AbuseStatus.RECEIVED


def test_list_shows_the_cases_and_audits_which_were_on_the_page(
    client, center_staff, abuse_report, login
):
    login(client, center_staff)
    response = client.get("/safeguarding/abuse/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f"/safeguarding/abuse/{abuse_report.pk}/" in body and "髙橋 美咲" in body
    assert REPORTER_NAME not in body and "夜中に大きな物音" not in body
    entry = _audit(center_staff, action=AuditAction.VIEW, summary__startswith="list").get()
    assert entry.summary == f"list ids={abuse_report.pk}"


def test_list_filters_overdue_and_closed(client, center_staff, region, login):
    with time_machine.travel(tokyo(2026, 11, 20, 10, 0), tick=False):
        late = receive(region, center_staff)
    with time_machine.travel(tokyo(2026, 11, 23, 10, 0), tick=False):
        fresh = receive(region, center_staff)
    with time_machine.travel(tokyo(2026, 11, 23, 12, 0), tick=False):
        login(client, center_staff)
        overdue = client.get("/safeguarding/abuse/?state=overdue").content.decode()
        everything = client.get("/safeguarding/abuse/?state=all").content.decode()
    assert f"/safeguarding/abuse/{late.pk}/" in overdue
    assert f"/safeguarding/abuse/{fresh.pk}/" not in overdue
    assert "期限を過ぎた通報が 1 件" in everything
    assert f"/safeguarding/abuse/{fresh.pk}/" in everything


def test_list_query_count_does_not_grow_with_rows(
    client, center_staff, region, person, login, django_assert_max_num_queries
):
    for i in range(30):
        receive(region, center_staff, person=person if i % 2 else None)
    login(client, center_staff)
    with django_assert_max_num_queries(13):  # with the disaster banner, read from the database (issue 17)
        response = client.get("/safeguarding/abuse/?state=all")
    assert response.content.decode().count("/safeguarding/abuse/") >= 30


def test_detail_query_count_is_pinned(
    client, center_staff, abuse_report, login, django_assert_max_num_queries
):
    for i in range(10):  # ten steps in the timeline: one query for them all
        abuse_report_advance(
            actor=center_staff, report=abuse_report, to_status=AbuseStatus.RECEIVED,
            note=f"経過 {i}",
        )
    login(client, center_staff)
    with django_assert_max_num_queries(11):
        assert client.get(f"/safeguarding/abuse/{abuse_report.pk}/").status_code == 200


# ---- the reporter (§8) -------------------------------------------------------------------


@pytest.mark.parametrize("role", ALLOWED)
def test_reporter_is_shown_only_on_explicit_request_and_audited(
    role, client, personas, abuse_report, login
):
    user = personas[role]
    login(client, user)
    path = f"/safeguarding/abuse/{abuse_report.pk}/reporter/"

    confirm = client.get(path)
    assert confirm.status_code == 200
    assert REPORTER_NAME not in confirm.content.decode()
    assert not _audit(user, summary="reporter_identity").exists()

    shown = client.post(path)
    body = shown.content.decode()
    assert shown.status_code == 200
    assert REPORTER_NAME in body and REPORTER_CONTACT in body
    assert "no-store" in shown["Cache-Control"] or "max-age=0" in shown["Cache-Control"]
    entry = _audit(user, action=AuditAction.VIEW, summary="reporter_identity").get()
    assert entry.target_id == str(abuse_report.pk)
    assert entry.target_type == "safeguarding.abusereport"


def test_reporter_never_leaks_into_audit_summaries_or_notifications(
    client, center_staff, abuse_report, login
):
    login(client, center_staff)
    client.post(f"/safeguarding/abuse/{abuse_report.pk}/reporter/")
    client.get("/safeguarding/abuse/")
    client.get("/safeguarding/abuse/figures.csv")
    for text in AuditEntry.objects.values_list("summary", flat=True):
        assert REPORTER_NAME not in text and REPORTER_CONTACT not in text
    for subject, body in Notification.objects.values_list("subject", "body"):
        assert REPORTER_NAME not in subject + body


def test_a_report_without_reporter_identity(client, center_staff, region, login):
    report = receive(region, center_staff, reporter_name="", reporter_contact="",
                     reporter_kind="anonymous")
    assert report.reporter_identity == ""
    login(client, center_staff)
    body = client.get(f"/safeguarding/abuse/{report.pk}/").content.decode()
    assert "氏名・連絡先の記録なし" in body
    shown = client.post(f"/safeguarding/abuse/{report.pk}/reporter/").content.decode()
    assert "—" in shown


# ---- workflow ----------------------------------------------------------------------------


def _advance(client, report, **data):
    values = {"note": "記録", "at": "", "finding": "", "outcome": ""}
    values.update(data)
    return client.post(f"/safeguarding/abuse/{report.pk}/advance/", values)


def test_the_whole_flow_with_timestamps(client, center_staff, region, person, login):
    with time_machine.travel(tokyo(2026, 11, 27, 22, 0), tick=False):
        report = receive(region, center_staff, person=person)
    with time_machine.travel(tokyo(2026, 11, 28, 12, 0), tick=False):
        login(client, center_staff)  # sessions end after 30 idle minutes: log in "now"
        steps = [
            ("core_meeting", "2026-11-27T23:00", {}),
            ("fact_check", "2026-11-28T09:00", {"safety_confirmed": "on"}),
            ("case_meeting", "2026-11-28T10:00", {"finding": "confirmed"}),
            ("response", "2026-11-28T10:30", {}),
            ("monitoring", "2026-11-28T11:00", {}),
            ("closed", "2026-11-28T11:30", {"outcome": "home_support"}),
        ]
        for status, at, extra in steps:
            response = _advance(client, report, to_status=status, at=at, **extra)
            assert response["Location"] == f"/safeguarding/abuse/{report.pk}/"
        # A closed case takes no more steps.
        assert _advance(client, report, to_status="closed").status_code == 400
    report.refresh_from_db()
    assert report.status == AbuseStatus.CLOSED
    assert report.safety_confirmed_at == tokyo(2026, 11, 28, 9, 0)
    assert report.closed_at == tokyo(2026, 11, 28, 11, 30)
    assert (report.finding, report.outcome) == ("confirmed", "home_support")
    assert list(report.steps.values_list("to_status", flat=True)) == [
        "received", "core_meeting", "fact_check", "case_meeting", "response", "monitoring",
        "closed",
    ]
    updates = _audit(center_staff, action=AuditAction.UPDATE, target_id=str(report.pk))
    assert updates.count() == 6
    assert "safety_confirmed" in updates.get(summary__contains=">fact_check").summary


def test_no_step_past_fact_check_before_safety_is_confirmed(
    client, center_staff, abuse_report, login
):
    login(client, center_staff)
    response = _advance(client, abuse_report, to_status="case_meeting")
    assert response.status_code == 400
    assert "安全確認を記録してから" in response.content.decode()
    abuse_report.refresh_from_db()
    assert abuse_report.status == AbuseStatus.RECEIVED


def test_closing_needs_finding_and_outcome(client, center_staff, abuse_report, login):
    login(client, center_staff)
    response = _advance(client, abuse_report, to_status="closed", safety_confirmed="on")
    assert response.status_code == 400
    assert "「判断」と「対応の結果」" in response.content.decode()


def test_no_going_back(client, center_staff, abuse_report, login):
    login(client, center_staff)
    assert _advance(client, abuse_report, to_status="core_meeting").status_code == 302
    assert _advance(client, abuse_report, to_status="received").status_code == 400
    abuse_report.refresh_from_db()
    assert abuse_report.status == AbuseStatus.CORE_MEETING


def test_a_step_cannot_predate_the_report(client, center_staff, region, login):
    with time_machine.travel(tokyo(2026, 11, 27, 22, 0), tick=False):
        report = receive(region, center_staff)
        login(client, center_staff)
        response = _advance(client, report, to_status="core_meeting", at="2026-11-27T20:00")
    assert response.status_code == 400
    assert "受付日時より前" in response.content.decode()


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_cannot_advance_or_hand_over(role, client, personas, abuse_report, login):
    login(client, personas[role])
    assert _advance(client, abuse_report, to_status="core_meeting").status_code == 403
    assert client.post(
        f"/safeguarding/abuse/{abuse_report.pk}/handover/",
        {"handed_over_at": "2026-11-26T10:00", "handed_over_to": "x"},
    ).status_code == 403
    abuse_report.refresh_from_db()
    assert abuse_report.status == AbuseStatus.RECEIVED and abuse_report.handed_over_at is None


def test_handover_to_the_municipality_is_recorded(client, center_staff, region, login):
    with time_machine.travel(tokyo(2026, 11, 28, 2, 0), tick=False):  # Saturday night
        report = receive(region, center_staff)
    assert report.routing == Routing.CENTER
    with time_machine.travel(tokyo(2026, 11, 30, 9, 0), tick=False):
        login(client, center_staff)
        response = client.post(
            f"/safeguarding/abuse/{report.pk}/handover/",
            {"handed_over_at": "2026-11-30T08:45", "handed_over_to": "東金市 障害福祉課 山田"},
        )
        body = client.get(f"/safeguarding/abuse/{report.pk}/").content.decode()
    assert response["Location"] == f"/safeguarding/abuse/{report.pk}/"
    report.refresh_from_db()
    assert report.handed_over_at == tokyo(2026, 11, 30, 8, 45)
    assert report.handed_over_to == "東金市 障害福祉課 山田"
    entry = _audit(center_staff, action=AuditAction.UPDATE, target_id=str(report.pk)).get()
    assert entry.summary == "handover"
    assert "市町村への引継ぎを記録してください" not in body


def test_handover_needs_a_recipient(client, center_staff, abuse_report, login):
    login(client, center_staff)
    response = client.post(
        f"/safeguarding/abuse/{abuse_report.pk}/handover/",
        {"handed_over_at": "2026-11-26T10:00", "handed_over_to": ""},
    )
    assert response.status_code == 400


# ---- linking the person later ------------------------------------------------------------


def test_person_is_linked_later(client, center_staff, region, person, login):
    report = receive(region, center_staff, person_description="山武市の女性")
    assert report.person is None
    login(client, center_staff)
    found = client.get(f"/safeguarding/abuse/{report.pk}/person/?q=たかはし").content.decode()
    assert "髙橋 美咲" in found
    response = client.post(f"/safeguarding/abuse/{report.pk}/person/", {"person": person.pk})
    assert response["Location"] == f"/safeguarding/abuse/{report.pk}/"
    report.refresh_from_db()
    assert report.person == person and report.municipality == person.municipality
    entry = _audit(center_staff, action=AuditAction.UPDATE, target_id=str(report.pk)).get()
    assert entry.summary == f"person={person.pk}"


def test_person_of_another_region_cannot_be_linked(
    client, center_staff, region, other_region, login
):
    from tsunagu.people.services import person_create

    stranger = person_create(
        actor="test", region=other_region, family_name="他", given_name="人",
        family_name_kana="タ", given_name_kana="ヒト", is_fictional=True,
    )
    report = receive(region, center_staff)
    login(client, center_staff)
    client.post(f"/safeguarding/abuse/{report.pk}/person/", {"person": stranger.pk})
    report.refresh_from_db()
    assert report.person is None


# ---- on duty -----------------------------------------------------------------------------


def test_on_duty_is_assigned_and_removed(client, admin, center_staff, region, login):
    with time_machine.travel(tokyo(2026, 11, 26, 10, 0), tick=False):
        login(client, admin)
        response = client.post(
            "/safeguarding/abuse/on-duty/", {"day": "R8.11.28", "user": center_staff.pk}
        )
        assert response["Location"] == "/safeguarding/abuse/on-duty/"
        duty = OnDuty.objects.get()
        assert (duty.day.isoformat(), duty.user, duty.region) == (
            "2026-11-28", center_staff, region
        )
        page = client.get("/safeguarding/abuse/on-duty/").content.decode()
        assert "令和8年11月28日" in page and "carol-center" in page
        response = client.post(f"/safeguarding/abuse/on-duty/{duty.pk}/remove/")
    assert response["Location"] == "/safeguarding/abuse/on-duty/"
    assert not OnDuty.objects.exists()
    assert _audit(admin, action=AuditAction.DELETE, target_type="safeguarding.onduty").exists()


def test_only_safeguarding_staff_can_be_on_duty(client, admin, provider_staff, login):
    login(client, admin)
    response = client.post(
        "/safeguarding/abuse/on-duty/", {"day": "2026/11/28", "user": provider_staff.pk}
    )
    assert response.status_code == 200  # the form again, with its error
    assert not OnDuty.objects.exists()


def test_another_region_cannot_remove_our_duty(client, outsider, abuse_on_duty, login):
    login(client, outsider)
    assert client.post(f"/safeguarding/abuse/on-duty/{abuse_on_duty.pk}/remove/").status_code == 404
    assert OnDuty.objects.filter(pk=abuse_on_duty.pk).exists()


def test_on_duty_timeline_shows_a_week(client, center_staff, region, login):
    login(client, center_staff)
    today = datetime.now(TOKYO).date()
    on_duty_assign(actor="test", region=region, day=today + timedelta(days=3), user=center_staff)
    assert "carol-center" in client.get("/safeguarding/abuse/on-duty/").content.decode()


def test_the_stepper_shows_only_steps_that_happened(client, center_staff, region, person, login):
    """受付 → 事実確認 directly: コアメンバー会議 is shown as not held, not ticked (issue 21)."""
    with time_machine.travel(tokyo(2026, 11, 27, 22, 0), tick=False):
        report = receive(region, center_staff, person=person)
    with time_machine.travel(tokyo(2026, 11, 28, 12, 0), tick=False):
        login(client, center_staff)
        _advance(client, report, to_status="fact_check", at="2026-11-28T09:00",
                 safety_confirmed="on")  # fmt: skip
        page = client.get(f"/safeguarding/abuse/{report.pk}/").content.decode()
    steps = page.split('class="flow-steps"')[1].split("</ol>")[0]
    items = {li.split("</li>")[0] for li in steps.split("<li")[1:]}
    held = [i for i in items if "✓" in i]
    assert sorted(x.split("</span>")[1].split(" ")[0] for x in held) == sorted(
        ["受付・受理", "事実確認・安全確認"]
    )
    (core,) = [i for i in items if "コアメンバー会議" in i]
    assert "✓" not in core and "（行わず）" in core
    (fact,) = [i for i in items if "事実確認" in i]
    assert 'aria-current="step"' in fact and "R8.11.28 09:00" in fact


def test_intake_from_a_person_preselects_their_municipality(
    client, center_staff, person, login, friday_night
):
    login(client, center_staff)
    page = client.get(f"/safeguarding/abuse/new/?person={person.pk}").content.decode()
    selected = page.split('name="municipality"')[1].split("</select>")[0]
    assert f'value="{person.municipality_id}" selected' in selected
