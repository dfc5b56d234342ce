"""The 48-hour safety deadline with a controllable clock (time_machine): the dashboard count,
`tsunagu safeguarding escalate` (with --dry-run), the mail to today's on-duty staff through
a real SMTP server, and never a second mail for the same report."""

import io
from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command
from tests.safeguarding.fixtures_abuse import REPORTER_CONTACT, REPORTER_NAME, receive

from tsunagu.core.dates import TOKYO
from tsunagu.core.models import AuditAction, AuditEntry, Notification
from tsunagu.safeguarding.abuse import selectors as abuse_selectors
from tsunagu.safeguarding.abuse.selectors import abuse_overdue_count
from tsunagu.safeguarding.abuse.services import abuse_escalate_overdue, abuse_report_advance
from tsunagu.safeguarding.models import AbuseReport, AbuseStatus

RECEIVED = datetime(2026, 11, 27, 22, 0, tzinfo=TOKYO)  # Friday night
DUE = datetime(2026, 11, 29, 22, 0, tzinfo=TOKYO)  # Sunday night, 48 hours later


def at(*args):
    return time_machine.travel(datetime(*args, tzinfo=TOKYO), tick=False)


def escalate(*args) -> str:
    out = io.StringIO()
    call_command("safeguarding", "escalate", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def friday_report(region, center_staff, person):
    with time_machine.travel(RECEIVED, tick=False):
        return receive(region, center_staff, person=person, received_at=RECEIVED)


@pytest.fixture
def sunday_duty(region, center_staff):
    from tsunagu.safeguarding.abuse.services import on_duty_assign

    return on_duty_assign(actor="test", region=region, day=DUE.date(), user=center_staff)


def test_the_deadline_is_48_hours(friday_report):
    assert friday_report.safety_due_at == DUE


def test_dashboard_count_turns_at_the_deadline(
    friday_report, admin, center_staff, provider_staff, municipal_staff, outsider
):
    with at(2026, 11, 29, 21, 59):
        assert abuse_overdue_count(user=center_staff) == 0
    with at(2026, 11, 29, 22, 0):
        assert abuse_overdue_count(user=center_staff) == 1
        assert abuse_overdue_count(user=admin) == 1
        # Others never learn of abuse reports, not even as a number.
        assert abuse_overdue_count(user=provider_staff) == 0
        assert abuse_overdue_count(user=municipal_staff) == 0
        assert abuse_overdue_count(user=outsider) == 0


def test_confirmed_safety_stops_the_clock(friday_report, center_staff):
    with at(2026, 11, 28, 10, 0):
        abuse_report_advance(
            actor=center_staff,
            report=friday_report,
            to_status=AbuseStatus.FACT_CHECK,
            note="訪問し、本人の無事を確認",
            safety_confirmed=True,
        )
    with at(2026, 12, 1, 0, 0):
        assert abuse_overdue_count(user=center_staff) == 0
        assert abuse_escalate_overdue() == []


def test_escalate_before_the_deadline_does_nothing(friday_report, sunday_duty, smtp_server):
    with at(2026, 11, 29, 21, 59):
        out = escalate()
    assert "0 件" in out
    assert smtp_server.messages == []
    friday_report.refresh_from_db()
    assert friday_report.escalated_at is None


def test_dry_run_writes_and_mails_nothing(friday_report, sunday_duty, smtp_server):
    with at(2026, 11, 29, 22, 5):
        out = escalate("--dry-run")
    assert f"受付番号 {friday_report.pk}: 1 人に通知" in out and "--dry-run" in out
    assert smtp_server.messages == []
    assert not Notification.objects.exists()
    friday_report.refresh_from_db()
    assert friday_report.escalated_at is None
    assert not AuditEntry.objects.filter(path="command:safeguarding").exists()


def test_overdue_report_mails_todays_on_duty_staff_once(
    friday_report, sunday_duty, admin, center_staff, smtp_server, caplog
):
    with at(2026, 11, 29, 22, 5), caplog.at_level("INFO", logger="tsunagu"):
        out = escalate()
    assert "1 件" in out
    # the job's log line is in Japanese, like everything else an operator reads
    assert f"虐待通報 {friday_report.pk} の安全確認が期限に近いため、1 人に知らせました" in caplog.text
    friday_report.refresh_from_db()
    assert friday_report.escalated_at == datetime(2026, 11, 29, 22, 5, tzinfo=TOKYO)

    # Only the one on duty that Sunday, not every safeguarding user.
    assert [rcpt for rcpt, _message in smtp_server.messages] == [[center_staff.email]]
    _rcpt, message = smtp_server.messages[0]
    text = message["Subject"] + message.get_content()
    assert str(friday_report.pk) in message["Subject"]
    assert f"/safeguarding/abuse/{friday_report.pk}/" in text
    for secret in (REPORTER_NAME, REPORTER_CONTACT, "髙橋", "美咲", "物音"):
        assert secret not in text
    notification = Notification.objects.get()
    assert notification.user == center_staff
    entry = AuditEntry.objects.get(path="command:safeguarding")
    assert entry.action == AuditAction.UPDATE and entry.target_id == str(friday_report.pk)
    assert entry.summary == "escalated recipients=1"

    # Later runs, the same day or the next, never mail again.
    with at(2026, 11, 29, 22, 10):
        assert "0 件" in escalate()
    with at(2026, 11, 30, 9, 0):
        assert "0 件" in escalate()
    assert len(smtp_server.messages) == 1


def test_nobody_on_duty_mails_every_safeguarding_user_of_the_region(
    friday_report, personas, smtp_server
):
    with at(2026, 11, 30, 3, 0):
        escalate()
    recipients = sorted(r for rcpt, _m in smtp_server.messages for r in rcpt)
    assert recipients == sorted([personas["admin"].email, personas["center_staff"].email])


def test_an_on_duty_user_who_lost_the_role_is_skipped(
    friday_report, sunday_duty, center_staff, admin, smtp_server
):
    center_staff.is_active = False
    center_staff.save()
    with at(2026, 11, 29, 23, 0):
        escalate()
    assert [rcpt for rcpt, _m in smtp_server.messages] == [[admin.email]]


def test_two_overlapping_runs_never_mail_twice(
    friday_report, sunday_duty, smtp_server, monkeypatch
):
    """A second run that read the candidates before the first one claimed them (simulated
    by handing it the stale list) finds the report taken and sends nothing."""
    with at(2026, 11, 29, 22, 5):
        stale = abuse_selectors.abuse_escalation_candidates(now=DUE)
        assert [r.pk for r in stale] == [friday_report.pk]
        first = abuse_escalate_overdue()
        monkeypatch.setattr(
            abuse_selectors, "abuse_escalation_candidates", lambda **kwargs: stale
        )
        second = abuse_escalate_overdue()
    assert [e.report_id for e in first] == [friday_report.pk]
    assert second == []
    assert len(smtp_server.messages) == 1
    assert Notification.objects.count() == 1


def test_a_region_run_leaves_other_regions_alone(
    region, other_region, center_staff, outsider, smtp_server
):
    with time_machine.travel(RECEIVED, tick=False):
        ours = receive(region, center_staff, received_at=RECEIVED)
        theirs = receive(other_region, outsider, received_at=RECEIVED)
    with at(2026, 12, 1, 9, 0):
        escalate("--region", "sanbu")
    assert AbuseReport.objects.get(pk=ours.pk).escalated_at is not None
    assert AbuseReport.objects.get(pk=theirs.pk).escalated_at is None
    assert all(outsider.email not in rcpt for rcpt, _m in smtp_server.messages)


def test_the_deadline_follows_the_setting(region, center_staff, settings):
    settings.ABUSE_SAFETY_HOURS = 24
    with time_machine.travel(RECEIVED, tick=False):
        report = receive(region, center_staff, received_at=RECEIVED)
    with at(2026, 11, 28, 22, 0):
        assert abuse_overdue_count(user=center_staff) == 1
        assert [e.report_id for e in abuse_escalate_overdue(dry_run=True)] == [report.pk]


def test_the_dashboard_shows_an_escalated_report_on_its_page(
    client, friday_report, sunday_duty, center_staff, login, smtp_server
):
    with at(2026, 11, 29, 22, 5):
        escalate()
        login(client, center_staff)
        body = client.get(f"/safeguarding/abuse/{friday_report.pk}/").content.decode()
        listing = client.get("/safeguarding/abuse/").content.decode()
    assert "安全確認の期限（令和8年11月29日 22:00）を過ぎています" in body
    assert "令和8年11月29日 22:05 に当番へ通知しました" in body
    assert "期限を過ぎた通報が 1 件" in listing
