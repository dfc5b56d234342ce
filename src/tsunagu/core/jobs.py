"""The background work `tsunagu serve` does beside serving pages, so that a center running
only `make run` gets its mail, its escalations and its digest without cron.

Each job is a management command (the same one cron would run on a bigger installation);
every command is safe to run twice (they claim their work with conditional updates or are
idempotent per day). A job that fails is logged and tried again at its next turn."""

import logging
import threading
from dataclasses import dataclass, field
from datetime import time as clock

from django.core.management import call_command
from django.db import close_old_connections

from tsunagu.core import dates
from tsunagu.core.mail import outbox_deliver

log = logging.getLogger(__name__)


@dataclass
class Job:
    name: str
    run: object  # a callable without arguments
    every: float = 0  # seconds between runs, or …
    daily_at: clock | None = None  # … once a day from this local time
    _last: float = field(default=-1e18, repr=False)
    _last_day: object = field(default=None, repr=False)

    def due(self, now: float) -> bool:
        if self.daily_at is not None:
            local = dates.now_local()
            return local.time() >= self.daily_at and self._last_day != local.date()
        return now - self._last >= self.every

    def done(self, now: float) -> None:
        self._last = now
        self._last_day = dates.now_local().date()


def default_jobs() -> list[Job]:
    return [
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
    """Runs due jobs in one daemon thread, checking every ``tick`` seconds."""

    def __init__(self, jobs: list[Job] | None = None, tick: float = 1.0) -> None:
        import time

        self._clock = time.monotonic
        self.jobs = default_jobs() if jobs is None else jobs
        self.tick = tick
        self.failed: list[str] = []  # names of the jobs that raised in the last run_due
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="tsunagu-jobs", daemon=True)

    def start(self) -> "JobRunner":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def run_due(self, *, raise_errors: bool = False) -> list[str]:
        """Run every job that is due now; return the names of those that ran, failed or not.

        The names of those that raised are in ``self.failed`` until the next call. With
        ``raise_errors`` (tests), the first failure is raised once every due job has run."""
        ran: list[str] = []
        self.failed = []
        first_error: Exception | None = None
        for job in self.jobs:
            now = self._clock()
            if not job.due(now):
                continue
            try:
                job.run()
            except Exception as error:  # noqa: BLE001 — one failing job must not stop the others
                log.exception("background job %s failed", job.name)
                self.failed.append(job.name)
                first_error = first_error or error
            finally:
                close_old_connections()
            job.done(now)
            ran.append(job.name)
        if raise_errors and first_error is not None:
            raise first_error
        return ran

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.run_due()
            self._stop.wait(self.tick)
