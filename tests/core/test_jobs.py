"""The background jobs `tsunagu jobs` (and `tsunagu serve`) runs (tsunagu.core.jobs)."""

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from tsunagu.core import dates
from tsunagu.core.jobs import LEASE, Job, JobRunner, default_jobs
from tsunagu.core.models import JobRun

pytestmark = pytest.mark.django_db


def test_serve_runs_mail_escalation_and_the_digest():
    assert [job.name for job in default_jobs()] == [
        "password reset", "mail", "abuse escalation", "network digest",
    ]


def test_a_daily_job_runs_once_a_day_from_its_time():
    ran = []
    runner = JobRunner([Job("digest", lambda: ran.append(1), daily_at=time(7, 0))])
    with time_machine.travel(datetime(2026, 11, 26, 6, 59, tzinfo=dates.TOKYO), tick=False):
        assert runner.run_due() == []
    with time_machine.travel(datetime(2026, 11, 26, 7, 0, tzinfo=dates.TOKYO), tick=False):
        assert runner.run_due() == ["digest"]
        assert runner.run_due() == []
    with time_machine.travel(datetime(2026, 11, 27, 7, 30, tzinfo=dates.TOKYO), tick=False):
        assert runner.run_due() == ["digest"]
    assert ran == [1, 1]


def test_a_failing_job_is_logged_and_the_others_still_run(caplog):
    ran = []

    def broken():
        raise RuntimeError("boom")

    runner = JobRunner([Job("broken", broken, every=60), Job("ok", lambda: ran.append(1), every=60)])
    assert runner.run_due() == ["broken", "ok"]
    assert ran == [1]
    assert runner.failed == ["broken"]
    assert "バックグラウンド処理 broken が失敗しました" in caplog.text  # in Japanese
    assert runner.run_due() == []  # both wait for their next turn


def test_a_failing_job_is_raised_to_a_test_after_the_others_ran():
    """What lets the test below fail: with raise_errors, a job's exception reaches the caller."""
    ran = []

    def broken():
        raise RuntimeError("boom")

    runner = JobRunner([Job("broken", broken, every=60), Job("ok", lambda: ran.append(1), every=60)])
    with pytest.raises(RuntimeError, match="boom"):
        runner.run_due(raise_errors=True)
    assert ran == [1]
    assert runner.failed == ["broken"]


# Committing for real: the runner closes the connection after each job (as in production),
# which on PostgreSQL would end a test's enclosing transaction and fail the next job — a
# failure run_due swallowed until it could raise (issue 16).
@pytest.mark.django_db(transaction=True)
def test_the_real_jobs_run_without_error(smtp_server, region):
    runner = JobRunner()
    with time_machine.travel(datetime(2026, 11, 26, 8, 0, tzinfo=dates.TOKYO), tick=False):
        assert runner.run_due(raise_errors=True) == [
            "password reset", "mail", "abuse escalation", "network digest",
        ]
    assert runner.failed == []


def test_a_job_held_by_one_runner_is_not_run_by_another():
    """Two runners (two `tsunagu jobs` by mistake, or `tsunagu serve` beside one) share the
    database: while one runs a job, the other's claim fails."""
    ran = []
    other = JobRunner([Job("mail", lambda: ran.append("other"), every=5)])
    other.holder = "other-host:2"

    def first_run():
        ran.append("first")
        ran.extend(other.run_due())  # the other runner's turn comes while we hold the job

    first = JobRunner([Job("mail", first_run, every=5)])
    at = datetime(2026, 11, 26, 9, 0, tzinfo=dates.TOKYO)
    with time_machine.travel(at, tick=False):
        assert first.run_due() == ["mail"]
    assert ran == ["first"]
    with time_machine.travel(at + timedelta(seconds=31), tick=False):
        assert other.run_due() == ["mail"]  # released: its next turn is the other's
    assert ran == ["first", "other"]
    row = JobRun.objects.get(name="mail")
    assert row.holder == "" and row.last_ok


def test_a_daily_job_runs_once_however_many_runners():
    ran = []
    runners = [JobRunner([Job("digest", lambda: ran.append(1), daily_at=time(7, 0))]) for _ in "ab"]
    runners[1].holder = "second:1"
    with time_machine.travel(datetime(2026, 11, 26, 7, 0, tzinfo=dates.TOKYO), tick=False):
        assert runners[0].run_due() == ["digest"]
        assert runners[1].run_due() == []
    assert ran == [1]


def test_a_runner_that_died_holding_a_job_loses_it_when_the_lease_ends():
    at = datetime(2026, 11, 26, 9, 0, tzinfo=dates.TOKYO)
    JobRun.objects.create(name="mail", holder="dead:1", lease_until=at + LEASE, last_started_at=at)
    runner = JobRunner([Job("mail", lambda: None, every=5)])
    with time_machine.travel(at + timedelta(minutes=1), tick=False):
        assert runner.run_due() == []
    with time_machine.travel(at + LEASE + timedelta(seconds=1), tick=False):
        assert runner.run_due() == ["mail"]


def test_jobs_once_runs_what_is_due(smtp_server, region):
    out = StringIO()
    with time_machine.travel(datetime(2026, 11, 26, 8, 0, tzinfo=dates.TOKYO), tick=False):
        call_command("jobs", "--once", stdout=out)
        assert out.getvalue().split("\n")[:4] == [
            "password reset", "mail", "abuse escalation", "network digest",
        ]
        out = StringIO()
        call_command("jobs", "--once", stdout=out)
    assert out.getvalue() == ""  # a second runner right after: nothing is due


def test_healthz_reports_the_outbox_and_the_job_runner(client):
    from tsunagu.core.mail import mail_queue

    mail_queue(to=["a@example.invalid"], subject="件名", body="本文")
    body = client.get("/healthz").json()
    assert body["status"] == "warning" and body["jobs"]["recent"] is False
    assert body["outbox"]["pending"] == 1
    call_command("jobs", "--once", stdout=StringIO())
    body = client.get("/healthz").json()
    assert body["jobs"]["recent"] is True and body["status"] == "ok"
    assert body["outbox"] == {"pending": 0, "oldest_pending_seconds": 0, "failed": 0}
