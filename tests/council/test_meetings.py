"""Council bodies and meetings through their pages: scheduling, the minutes workflow
(draft → review → published), decisions, action items, and advancing an agenda issue at a
meeting."""

from datetime import datetime, timedelta

import pytest

from tsunagu.core import dates
from tsunagu.core.models import AuditAction, AuditEntry, Notification
from tsunagu.council.models import (
    ActionItem,
    Body,
    BodyKind,
    BodyMember,
    Decision,
    IssueStatus,
    IssueTransition,
    Meeting,
    MinutesReview,
)
from tsunagu.council.services import (
    decision_add,
    meeting_schedule,
    member_add,
    minutes_request_review,
    minutes_save,
)

# --- bodies and members ---------------------------------------------------------------


def test_secretariat_registers_a_body_and_a_member(client, secretariat, municipal_staff, login):
    login(client, secretariat)

    response = client.post(
        "/council/bodies/new/", {"kind": BodyKind.WORKING_GROUP, "name": "就労部会"}
    )

    body = Body.objects.get(name="就労部会")
    assert response.status_code == 302
    assert response["Location"] == f"/council/bodies/{body.pk}/"
    response = client.post(
        f"/council/bodies/{body.pk}/members/new/",
        {"member-name": "部会長 佐藤", "member-role": "部会長", "member-user": municipal_staff.pk},
    )
    assert response.status_code == 302
    assert BodyMember.objects.get(body=body).user == municipal_staff
    page = client.get(f"/council/bodies/{body.pk}/").content.decode()
    assert "部会長 佐藤" in page
    assert "就労部会" in client.get("/council/bodies/").content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, target_id=str(body.pk)).exists()


def test_a_member_account_must_be_able_to_open_council_pages(
    client, secretariat, secretariat_body, member, login
):
    """Network members cannot open a meeting, so they cannot be asked to confirm minutes."""
    login(client, secretariat)

    response = client.post(
        f"/council/bodies/{secretariat_body.pk}/members/new/",
        {"member-name": "会員 鈴木", "member-user": member.pk},
    )

    assert response.status_code == 400
    assert not BodyMember.objects.filter(name="会員 鈴木").exists()


def test_duplicate_body_names_are_refused(client, secretariat, secretariat_body, login):
    login(client, secretariat)

    response = client.post(
        "/council/bodies/new/", {"kind": BodyKind.SECRETARIAT, "name": secretariat_body.name}
    )

    assert response.status_code == 200
    assert "同じ名称の会議体があります。" in response.content.decode()


@pytest.mark.parametrize("persona", ["provider_staff", "municipal_staff", "member"])
def test_bodies_are_refused_outside_the_council(client, persona, secretariat_body, login, request):
    login(client, request.getfixturevalue(persona))

    assert client.get("/council/bodies/").status_code == 403
    assert client.post("/council/bodies/new/", {"kind": "plenary", "name": "x"}).status_code == 403
    assert not Body.objects.filter(name="x").exists()


def test_another_regions_staff_cannot_add_members_to_our_body(
    client, outsider, secretariat_body, login
):
    login(client, outsider)

    response = client.post(
        f"/council/bodies/{secretariat_body.pk}/members/new/", {"member-name": "侵入者"}
    )

    assert response.status_code == 404
    assert not BodyMember.objects.filter(name="侵入者").exists()


# --- scheduling -----------------------------------------------------------------------


def test_scheduling_takes_a_japanese_date_and_builds_the_agenda_from_issues(
    client, center_staff, working_group, issue, login
):
    login(client, center_staff)
    assert issue.title in client.get("/council/meetings/new/").content.decode()

    response = client.post(
        "/council/meetings/new/",
        {
            "body": working_group.pk,
            "title": "第2回 地域移行部会",
            "day": "R8.7.15",
            "start_time": "14:30",
            "online_url": "https://meet.example.jp/abc",
            "issues": [issue.pk],
        },
    )

    meeting = Meeting.objects.get(title="第2回 地域移行部会")
    assert response.status_code == 302
    assert response["Location"] == f"/council/meetings/{meeting.pk}/"
    assert meeting.starts_at == datetime(2026, 7, 15, 14, 30, tzinfo=dates.TOKYO)
    assert [a.issue for a in meeting.agenda.all()] == [issue]
    page = client.get(response["Location"]).content.decode()
    assert "令和8年7月15日" in page
    assert issue.title in page


def test_a_meeting_needs_a_venue_or_an_online_link(client, secretariat, working_group, login):
    login(client, secretariat)

    response = client.post(
        "/council/meetings/new/",
        {"body": working_group.pk, "title": "会場なし", "day": "2026/7/1", "start_time": "10:00"},
    )

    assert response.status_code == 200
    assert "会場かオンライン参加URLを入力してください。" in response.content.decode()
    assert not Meeting.objects.filter(title="会場なし").exists()


def test_another_regions_body_cannot_be_chosen(client, outsider, working_group, login):
    login(client, outsider)

    response = client.post(
        "/council/meetings/new/",
        {
            "body": working_group.pk,
            "title": "よその会議",
            "day": "2026/7/1",
            "start_time": "10:00",
            "venue": "どこか",
        },
    )

    assert response.status_code == 200
    assert not Meeting.objects.filter(title="よその会議").exists()


def test_agenda_items_can_be_added_later(client, secretariat, meeting, login):
    login(client, secretariat)

    response = client.post(
        f"/council/meetings/{meeting.pk}/agenda/", {"agenda-title": "次回の日程"}
    )

    assert response.status_code == 302
    assert list(meeting.agenda.values_list("title", flat=True))[-1] == "次回の日程"


# --- the minutes workflow -------------------------------------------------------------


def test_minutes_go_from_draft_through_review_to_published(
    client, secretariat, municipal_staff, meeting, body_member, login
):
    municipal_member = member_add(
        actor="test", body=meeting.body, name="市 障害福祉課", user=municipal_staff
    )
    login(client, secretariat)
    url = f"/council/meetings/{meeting.pk}/"

    response = client.post(
        url + "minutes/",
        {
            "attendees": [body_member.pk, municipal_member.pk],
            "other_attendees": "オブザーバー 1名",
            "minutes": "1. 移動手段について意見交換した。",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.DRAFT
    assert set(meeting.attendees.all()) == {body_member, municipal_member}

    # Draft: municipal staff do not learn of it, not even as an attendee.
    client.logout()
    login(client, municipal_staff)
    assert client.get(url).status_code == 404

    client.logout()
    login(client, secretariat)
    # With attendees who have accounts, the draft cannot skip their review.
    client.post(url + "minutes/publish/")
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.DRAFT
    assert client.post(url + "minutes/request-review/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.REVIEW
    assert Notification.objects.filter(user=municipal_staff, url=url).exists()

    # The municipal attendee opens the draft from the notice and confirms it with a comment.
    client.logout()
    login(client, municipal_staff)
    page = client.get(url).content.decode()
    assert "移動手段について意見交換した" in page
    response = client.post(url + "minutes/review/", {"review-comment": "2行目の表現を確認"})
    assert response.status_code == 302
    review = MinutesReview.objects.get(meeting=meeting, member=municipal_member)
    assert review.comment == "2行目の表現を確認"
    assert client.post(url + "minutes/publish/").status_code == 403

    client.logout()
    login(client, secretariat)
    page = client.get(url).content.decode()
    assert "2行目の表現を確認" in page
    assert "未確認" in page  # the secretariat attendee has not confirmed yet
    assert client.post(url + "minutes/publish/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.PUBLISHED
    assert meeting.minutes_published_at is not None
    # Final: the editor is closed.
    assert client.get(url + "minutes/").status_code == 302
    client.post(url + "minutes/", {"minutes": "書き換え"})
    meeting.refresh_from_db()
    assert meeting.minutes == "1. 移動手段について意見交換した。"


def test_only_attendees_may_confirm_minutes(client, center_staff, secretariat, meeting, login):
    minutes_save(actor=secretariat, meeting=meeting, minutes="議事録案")
    minutes_request_review(actor=secretariat, meeting=meeting)
    login(client, center_staff)  # council staff, but not an attendee

    response = client.post(f"/council/meetings/{meeting.pk}/minutes/review/")

    assert response.status_code == 302
    assert not MinutesReview.objects.filter(meeting=meeting).exists()


def test_the_secretariat_attendee_confirms_from_the_meeting_page(
    client, secretariat, meeting, body_member, login
):
    minutes_save(actor=secretariat, meeting=meeting, minutes="議事録案")
    minutes_request_review(actor=secretariat, meeting=meeting)
    login(client, secretariat)

    page = client.get(f"/council/meetings/{meeting.pk}/").content.decode()
    assert "議事録を確認する" in page
    client.post(f"/council/meetings/{meeting.pk}/minutes/review/", {"review-comment": ""})

    assert MinutesReview.objects.filter(meeting=meeting, member=body_member).exists()


def test_municipal_staff_see_only_meetings_with_published_minutes(
    client, municipal_staff, meeting, published_meeting, login
):
    login(client, municipal_staff)

    page = client.get("/council/meetings/").content.decode()

    assert published_meeting.title in page
    assert meeting.title not in page
    detail = client.get(f"/council/meetings/{published_meeting.pk}/").content.decode()
    assert "移動手段の課題を部会で検討することを確認した。" in detail
    assert "段階を記録する" not in detail  # no forms for readers
    assert client.get(f"/council/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/council/meetings/{published_meeting.pk}/minutes/").status_code == 403


@pytest.mark.parametrize("persona", ["provider_staff", "member"])
def test_meetings_are_refused_to_the_network(client, persona, published_meeting, login, request):
    login(client, request.getfixturevalue(persona))

    assert client.get("/council/meetings/").status_code == 403
    assert client.get(f"/council/meetings/{published_meeting.pk}/").status_code == 403


def test_another_regions_staff_cannot_touch_our_meeting(client, outsider, meeting, login):
    login(client, outsider)

    assert client.get(f"/council/meetings/{meeting.pk}/").status_code == 404
    response = client.post(
        f"/council/meetings/{meeting.pk}/decisions/", {"decision-text": "よその決定"}
    )
    assert response.status_code == 404
    assert meeting.title not in client.get("/council/meetings/").content.decode()
    assert not Decision.objects.exists()


# --- decisions, action items, advancing issues ----------------------------------------


def test_decisions_and_action_items_are_recorded_and_done(
    client, secretariat, meeting, issue, login
):
    login(client, secretariat)
    url = f"/council/meetings/{meeting.pk}/"

    client.post(url + "decisions/", {"decision-text": "部会で検討する", "decision-issue": issue.pk})
    response = client.post(
        url + "actions/",
        {
            "action-description": "送迎のある事業所を調べる",
            "action-owner": "事務局",
            "action-due_on": "令和8年8月31日",
            "action-issue": issue.pk,
        },
    )

    assert response.status_code == 302
    assert Decision.objects.get(meeting=meeting).issue == issue
    item = ActionItem.objects.get(meeting=meeting)
    assert item.due_on.isoformat() == "2026-08-31"
    page = client.get(url).content.decode()
    assert "部会で検討する" in page
    assert "送迎のある事業所を調べる" in page
    assert client.post(f"/council/actions/{item.pk}/done/").status_code == 302
    item.refresh_from_db()
    assert item.done_at is not None


def test_an_invalid_action_item_shows_the_form_again(client, secretariat, meeting, login):
    login(client, secretariat)

    response = client.post(
        f"/council/meetings/{meeting.pk}/actions/", {"action-description": "担当なし"}
    )

    assert response.status_code == 400
    assert not ActionItem.objects.exists()


def test_advancing_an_agenda_issue_at_the_meeting_records_the_meeting(
    client, secretariat, meeting, issue, login
):
    login(client, secretariat)
    url = f"/council/meetings/{meeting.pk}/"
    page = client.get(url).content.decode()
    assert "事務局会議で整理" in page  # the next step is offered

    response = client.post(
        f"{url}issues/{issue.pk}/advance/",
        {
            f"advance-{issue.pk}-to_status": IssueStatus.ORGANIZED,
            f"advance-{issue.pk}-reason": "部会で検討することにした",
        },
    )

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueStatus.ORGANIZED
    transition = IssueTransition.objects.get(issue=issue, to_status=IssueStatus.ORGANIZED)
    assert transition.meeting == meeting
    page = client.get(url).content.decode()
    assert "この会議で進んだ地域課題" in page
    issue_page = client.get(f"/council/issues/{issue.pk}/").content.decode()
    assert meeting.title in issue_page


def test_a_step_that_is_not_next_is_refused(client, secretariat, meeting, issue, login):
    login(client, secretariat)

    response = client.post(
        f"/council/meetings/{meeting.pk}/issues/{issue.pk}/advance/",
        {f"advance-{issue.pk}-to_status": IssueStatus.CLOSED, f"advance-{issue.pk}-reason": "x"},
    )

    assert response.status_code == 400
    issue.refresh_from_db()
    assert issue.status == IssueStatus.RAISED


def test_only_agenda_issues_advance_at_a_meeting(
    client, secretariat, secretariat_body, issue, login
):
    other = meeting_schedule(
        actor=secretariat,
        body=secretariat_body,
        title="議題なしの会議",
        starts_at=dates.now_local(),
        venue="会議室",
    )
    login(client, secretariat)

    response = client.post(
        f"/council/meetings/{other.pk}/issues/{issue.pk}/advance/",
        {
            f"advance-{issue.pk}-to_status": IssueStatus.ORGANIZED,
            f"advance-{issue.pk}-reason": "x",
        },
    )

    assert response.status_code == 404
    assert not IssueTransition.objects.filter(meeting=other).exists()


def test_municipal_staff_cannot_advance_issues(
    client, municipal_staff, published_meeting, issue, login
):
    login(client, municipal_staff)

    response = client.post(
        f"/council/meetings/{published_meeting.pk}/issues/{issue.pk}/advance/",
        {
            f"advance-{issue.pk}-to_status": IssueStatus.ORGANIZED,
            f"advance-{issue.pk}-reason": "x",
        },
    )

    assert response.status_code == 403
    issue.refresh_from_db()
    assert issue.status == IssueStatus.RAISED


# --- query counts ---------------------------------------------------------------------


def _meetings(actor, body, issue, n):
    start = dates.now_local() - timedelta(days=n)
    return [
        meeting_schedule(
            actor=actor,
            body=body,
            title=f"会議 {i}",
            starts_at=start + timedelta(days=2 * i),
            venue="会議室",
            issues=[issue],
        )
        for i in range(n)
    ]


def test_meeting_list_query_count_does_not_grow(
    client, secretariat, secretariat_body, issue, login, django_assert_max_num_queries
):
    _meetings(secretariat, secretariat_body, issue, 12)
    login(client, secretariat)

    with django_assert_max_num_queries(10):
        response = client.get("/council/meetings/")

    assert response.content.decode().count("会議 ") >= 12


def test_meeting_page_query_count_does_not_grow(
    client, secretariat, meeting, issue, login, django_assert_max_num_queries
):
    for i in range(8):
        decision_add(actor="test", meeting=meeting, text=f"決定 {i}", issue=issue)
        ActionItem.objects.create(meeting=meeting, description=f"宿題 {i}", owner="事務局")
    for i in range(4):
        member = member_add(actor="test", body=meeting.body, name=f"委員 {i}")
        meeting.attendees.add(member)
    login(client, secretariat)

    with django_assert_max_num_queries(20):
        response = client.get(f"/council/meetings/{meeting.pk}/")

    assert response.status_code == 200
    assert "決定 7" in response.content.decode()
