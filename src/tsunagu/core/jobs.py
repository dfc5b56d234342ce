"""The background work: mail, abuse-report escalations and the daily digest.

On a server one job runner does it (`tsunagu jobs`, its own systemd unit); on a single PC
`tsunagu serve` runs the same runner in a thread beside the pages (`--no-jobs` turns that
off), so that a center running only `make run` gets its mail without cron.

Each job is a function or a management command (the same one cron could run). Before running
a job, a runner claims it with one conditional update of the job's row (``JobRun``): the
claim succeeds only if no other runner holds the job and the job is due, so two runners never
run the same job at once and a daily job runs once a day however many runners there are. The
row also records when the job last finished, which ``/healthz`` reports. A job that fails is
logged and tried again at its next turn."""

import logging
import os
import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as clock

from django.core.management import call_command
from django.db import close_old_connections
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext

from tsunagu.core import dates
from tsunagu.core.mail import outbox_deliver
from tsunagu.core.models import JobRun

log = logging.getLogger(__name__)

# A runner that dies while holding a job (kill -9, power cut) keeps it at most this long.
LEASE = timedelta(minutes=15)
# How often a runner asks the database whether a job is due, at most.
RECHECK_SECONDS = 30


@dataclass
class Job:
    name: str
    run: object  # a callable without arguments
    every: float = 0  # seconds between runs, or …
    daily_at: clock | None = None  # … once a day from this local time
    _next_try: datetime | None = field(default=None, repr=False)

    def started_before(self, now: datetime) -> datetime | None:
        """The job is due if it last started at or before this instant; None: not due today."""
        if self.daily_at is not None:
            local = timezone.localtime(now, dates.TOKYO)
            start = datetime.combine(local.date(), self.daily_at, tzinfo=dates.TOKYO)
            return None if local < start else start - timedelta(microseconds=1)
        return now - timedelta(seconds=self.every)


def job_claim(*, name: str, holder: str, started_before: datetime, now: datetime) -> bool:
    """Take the job if it is due and nobody holds it: one conditional update, atomic on SQLite
    and PostgreSQL alike."""
    JobRun.objects.get_or_create(name=name)
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=started_before)
    taken = JobRun.objects.filter(free & due, name=name).update(
        holder=holder, lease_until=now + LEASE, last_started_at=now
    )
    return taken == 1


def job_release(*, name: str, holder: str, ok: bool) -> None:
    JobRun.objects.filter(name=name, holder=holder).update(
        holder="", lease_until=None, last_finished_at=timezone.now(), last_ok=ok
    )


def jobs_last_finished() -> datetime | None:
    """When any job last finished: the job runner's heartbeat (the mail job runs every 5 s)."""
    return JobRun.objects.aggregate(last=Max("last_finished_at"))["last"]


def default_jobs() -> list[Job]:
    return [
        # before "mail", so that a reset link leaves in the same turn
        Job(
            "password reset",
            lambda: call_command("password_reset", verbosity=0),
            every=5,
        ),
        Job("mail", outbox_deliver, every=5),
        Job(
            "abuse escalation",
            lambda: call_command("safeguarding", "escalate", verbosity=0),
            every=300,
        ),
        Job(
            "network digest",
            lambda: call_command("network", "digest", verbosity=0),
            daily_at=clock(7, 0),
        ),
    ]


class JobRunner:
    """Runs due jobs, checking every ``tick`` seconds: in a daemon thread (``start``, for
    `tsunagu serve`) or in the calling thread until stopped (``run_forever``, `tsunagu jobs`)."""

    def __init__(self, jobs: list[Job] | None = None, tick: float = 1.0) -> None:
        self.jobs = default_jobs() if jobs is None else jobs
        self.tick = tick
        self.holder = f"{socket.gethostname()}:{os.getpid()}"[:100]
        self.failed: list[str] = []  # names of the jobs that raised in the last run_due
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="tsunagu-jobs", daemon=True)

    def start(self) -> "JobRunner":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def run_forever(self) -> None:
        self._loop()

    def run_due(self, *, raise_errors: bool = False) -> list[str]:
        """Run every job that is due now and not held by another runner; return the names
        of those that ran, failed or not.

        The names of those that raised are in ``self.failed`` until the next call. With
        ``raise_errors`` (tests), the first failure is raised once every due job has run."""
        ran: list[str] = []
        self.failed = []
        first_error: Exception | None = None
        for job in self.jobs:
            now = timezone.now()
            if job._next_try is not None and now < job._next_try:
                continue
            job._next_try = now + timedelta(seconds=min(job.every or RECHECK_SECONDS, RECHECK_SECONDS))
            started_before = job.started_before(now)
            if started_before is None:
                continue
            try:
                if not job_claim(
                    name=job.name, holder=self.holder, started_before=started_before, now=now
                ):
                    continue
            except Exception:  # noqa: BLE001 — a database hiccup: try again at the next turn
                log.exception(gettext("バックグラウンド処理 %(job)s を開始できませんでした"), {"job": job.name})
                continue
            ok = False
            try:
                job.run()
                ok = True
            except Exception as error:  # noqa: BLE001 — one failing job must not stop the others
                log.exception(gettext("バックグラウンド処理 %(job)s が失敗しました"), {"job": job.name})
                self.failed.append(job.name)
                first_error = first_error or error
            finally:
                try:
                    job_release(name=job.name, holder=self.holder, ok=ok)
                except Exception:  # noqa: BLE001 — the lease runs out by itself
                    log.exception(gettext("バックグラウンド処理 %(job)s の終了を記録できませんでした"), {"job": job.name})
            ran.append(job.name)
        if raise_errors and first_error is not None:
            raise first_error
        return ran

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.run_due()
            # as at the end of a request: drop a connection that broke or grew too old
            close_old_connections()
            self._stop.wait(self.tick)
        close_old_connections()
