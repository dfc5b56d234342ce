"""Community issues: evidence, lifecycle and closing the loop."""

import pytest
from django.core.exceptions import ValidationError

from tsunagu.core.models import Notification
from tsunagu.core.suppression import SUPPRESSED
from tsunagu.council.models import IssueStatus
from tsunagu.council.selectors import issue_evidence
from tsunagu.council.services import issue_advance, issue_next_statuses
from tsunagu.needs.models import Need

pytestmark = pytest.mark.django_db


def test_evidence_counts_persons_by_municipality(issue):
    evidence = issue_evidence(issue)
    assert evidence.persons == 3
    assert evidence.needs == 3
    assert evidence.municipalities_count == 3
    # One person in each of three municipalities: with the total shown, no suppression of
    # the cells would protect them (each ＊ would read as 1), so the breakdown is withheld.
    assert evidence.by_municipality == {}
    assert evidence.resource_gap == 3


def test_evidence_of_fewer_than_three_persons_is_suppressed(issue, mobility_needs):
    issue.need_links.filter(need=mobility_needs[0]).delete()
    evidence = issue_evidence(issue)
    assert evidence.is_visible is False
    assert evidence.persons == "＊"
    assert evidence.municipalities_count == 0


def test_evidence_counts_update_live(issue, mobility_needs):
    assert issue_evidence(issue).met == 0
    Need.objects.filter(pk__in=[n.pk for n in mobility_needs]).update(
        met_at="2026-10-01T00:00:00+09:00"
    )
    assert issue_evidence(issue).met == len(mobility_needs)


def test_small_counts_of_needs_met_and_resource_gaps_are_suppressed(issue, mobility_needs):
    """Three persons make the evidence visible; one met need among them is still a 1."""
    Need.objects.filter(pk=mobility_needs[0].pk).update(met_at="2026-10-01T00:00:00+09:00")
    Need.objects.filter(pk__in=[n.pk for n in mobility_needs[1:]]).update(resource_gap=False)
    evidence = issue_evidence(issue)
    assert evidence.is_visible and evidence.persons == len(mobility_needs)
    assert evidence.met == SUPPRESSED
    assert evidence.resource_gap == SUPPRESSED


def test_lifecycle_moves_one_step_at_a_time(issue, secretariat, meeting):
    assert issue_next_statuses(issue) == [IssueStatus.ORGANIZED, IssueStatus.ON_HOLD]
    with pytest.raises(ValidationError):
        issue_advance(actor=secretariat, issue=issue, to_status=IssueStatus.PROPOSED,
                      reason="飛ばす")
    with pytest.raises(ValidationError):
        issue_advance(actor=secretariat, issue=issue, to_status=IssueStatus.ORGANIZED, reason=" ")
    step = issue_advance(actor=secretariat, issue=issue, to_status=IssueStatus.ORGANIZED,
                         reason="事務局会議で整理", meeting=meeting)
    assert (step.actor, step.meeting, step.from_status) == (secretariat, meeting, "raised")
    issue.refresh_from_db()
    assert IssueStatus.RETURNED in issue_next_statuses(issue)


def test_hold_and_resume(issue, secretariat):
    issue_advance(actor=secretariat, issue=issue, to_status=IssueStatus.ORGANIZED, reason="整理")
    issue_advance(actor=secretariat, issue=issue, to_status=IssueStatus.ON_HOLD, reason="予算待ち")
    issue.refresh_from_db()
    assert issue_next_statuses(issue) == [IssueStatus.RAISED, IssueStatus.ORGANIZED]
    issue_advance(actor=secretariat, issue=issue, to_status=IssueStatus.ORGANIZED, reason="再開")
    issue.refresh_from_db()
    assert issue.status == IssueStatus.ORGANIZED
    assert issue.transitions.count() == 4


def test_advance_through_the_page_is_on_the_timeline(client, login, secretariat, issue, meeting):
    login(client, secretariat)
    response = client.post(
        f"/council/issues/{issue.pk}/advance/",
        {"to_status": "organized", "reason": "論点を整理した", "meeting": meeting.pk},
    )
    assert response.status_code == 302
    body = client.get(f"/council/issues/{issue.pk}/").content.decode()
    assert "論点を整理した" in body
    assert "第1回 事務局会議にて" in body


def test_municipality_reads_but_cannot_advance(client, login, municipal_staff, issue):
    login(client, municipal_staff)
    body = client.get(f"/council/issues/{issue.pk}/").content.decode()
    assert "段階を進める" not in body
    response = client.post(f"/council/issues/{issue.pk}/advance/",
                           {"to_status": "organized", "reason": "x"})
    assert response.status_code == 403
    issue.refresh_from_db()
    assert issue.status == IssueStatus.RAISED


def test_a_new_resource_tells_the_workers_by_mail(
    client, login, secretariat, issue, center_staff, provider_staff, mobility_persons, smtp_server
):
    # A provider worker assigned to one of the persons is told too; nobody else.
    mobility_persons[0].assigned_staff.add(provider_staff)
    login(client, secretariat)
    response = client.post(
        f"/council/issues/{issue.pk}/resources/",
        {"kind": "new", "name": "乗合送迎サービス", "organization_name": "社会福祉協議会"},
    )
    assert response.status_code == 302
    assert issue.resources.get().name == "乗合送迎サービス"
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {center_staff.username, provider_staff.username}
    recipients = sorted(rcpt for rcpts, _message in smtp_server.messages for rcpt in rcpts)
    assert recipients == sorted([center_staff.email, provider_staff.email])
    _rcpts, message = smtp_server.messages[0]
    assert "乗合送迎サービス" in message.get_content()
    assert "佐々木" not in message.get_content()
    # The worker follows the link and records that the need is met.
    login(client, center_staff)
    notification = Notification.objects.get(user=center_staff)
    response = client.post(f"/notifications/{notification.pk}/read/")
    assert response.url == f"/needs/?issue={issue.pk}"
    body = client.get(response.url).content.decode()
    assert "佐々木" in body  # the worker may see her own persons
    need = issue.need_links.first().need
    client.post(f"/needs/{need.pk}/met/", {"note": "利用開始"})
    assert issue_evidence(issue).met == SUPPRESSED  # one met need: a small count
    assert Need.objects.get(pk=need.pk).met_at is not None


def test_a_meeting_not_yet_held_decides_nothing(issue, secretariat, secretariat_body):
    """Issue 21: minutes were published and an issue advanced at a meeting in the future."""
    from datetime import timedelta

    from tsunagu.core import dates
    from tsunagu.council.services import (
        meeting_schedule,
        minutes_publish,
        minutes_request_review,
        minutes_save,
    )

    starts = dates.now_local().replace(second=0, microsecond=0) + timedelta(days=10)
    future = meeting_schedule(actor=secretariat, body=secretariat_body, title="来月の事務局会議",
                              starts_at=starts, issues=[issue])  # fmt: skip
    minutes_save(actor=secretariat, meeting=future, minutes="（議事次第の下書き）")  # allowed
    when = f"{dates.wareki(starts.date())} {starts:%H:%M}"
    with pytest.raises(ValidationError) as advanced:
        issue_advance(actor=secretariat, issue=issue, to_status=IssueStatus.ORGANIZED,
                      reason="事務局会議で整理", meeting=future)  # fmt: skip
    assert f"まだ開かれていない会議（{when}）" in " ".join(advanced.value.messages)
    with pytest.raises(ValidationError, match="前に議事録を確認に回す"):
        minutes_request_review(actor=secretariat, meeting=future)
    with pytest.raises(ValidationError, match="前に議事録を確定"):
        minutes_publish(actor=secretariat, meeting=future)
    issue.refresh_from_db()
    future.refresh_from_db()
    assert issue.status == IssueStatus.RAISED and future.minutes_status == "draft"
