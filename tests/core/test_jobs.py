"""The background jobs `tsunagu serve` runs (tsunagu.core.jobs)."""

from datetime import datetime, time

import pytest
import time_machine

from tsunagu.core import dates
from tsunagu.core.jobs import Job, JobRunner, default_jobs

pytestmark = pytest.mark.django_db


def test_serve_runs_mail_escalation_and_the_digest():
    assert [job.name for job in default_jobs()] == ["mail", "abuse escalation", "network digest"]


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
    assert "background job broken failed" in caplog.text
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
        assert runner.run_due(raise_errors=True) == ["mail", "abuse escalation", "network digest"]
    assert runner.failed == []
