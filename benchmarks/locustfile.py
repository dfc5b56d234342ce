"""Load for `benchmarks/run` (issue 10 ③, issue 11 soak): staff and residents using the key
pages at once. Run by benchmarks/load.py in its own virtualenv (.venv-bench); it reads what to
open from BENCH_TARGETS (a JSON file the harness writes: sessions, person, issue, region).

A response counts as an error unless it is 200 and is the page asked for, told by something
only that page shows: the id of its own main heading (the words ダッシュボード, 相談 or 相談記録
are in every page's navigation, so a login or error page served with 200 would pass on them).
A failure says what happened: the status and its reason, or the exception of a request that
got no answer (a refused or reset connection, a timeout) — never a bare "status 0"."""

import itertools
import json
import os
import random

from locust import HttpUser, between, task

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"], encoding="utf-8").read())  # noqa: SIM115
_SESSIONS = itertools.cycle(TARGETS["sessions"])
_QUERIES = ["", "居場所", "相談", "就労", "子ども", "サロン"]
# a request that gets no answer in this time is a failure with its exception, not a hang
TIMEOUT_SECONDS = 60


def _check(response, *markers: str) -> None:
    """Success only for a 200 that shows every marker."""
    if response.error is not None and not response.status_code:
        error = response.error
        response.failure(f"no response: {type(error).__name__}: {error}")
    elif response.status_code != 200:
        response.failure(f"status {response.status_code} {response.reason or ''}".rstrip())
    else:
        missing = [m for m in markers if m not in response.text]
        if missing:
            response.failure(f"not the page asked for: {', '.join(map(repr, missing))} missing")
        else:
            response.success()


class Staff(HttpUser):
    """A center worker: dashboard, one person's page, the consultation list, an issue."""

    weight = 4
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", next(_SESSIONS))

    def _get(self, path: str, name: str, *markers: str) -> None:
        with self.client.get(
            path, name=name, catch_response=True, timeout=TIMEOUT_SECONDS
        ) as response:
            _check(response, *markers)

    @task(3)
    def dashboard(self) -> None:
        self._get("/dashboard/", "dashboard", 'id="dashboard-title"')

    @task(3)
    def person(self) -> None:
        self._get(
            f"/people/{TARGETS['person']}/",
            "person (200 consultations)",
            'id="person-title"',
            f'/consultations/new/?person={TARGETS["person"]}"',
        )

    @task(2)
    def consultations(self) -> None:
        self._get("/consultations/", "consultation list", 'id="consultation-list-title"')

    @task(1)
    def issue(self) -> None:
        self._get(
            f"/council/issues/{TARGETS['issue']}/",
            "community issue",
            'id="issue-title"',
            TARGETS["issue_title"],
        )


class Resident(HttpUser):
    """Someone looking for a place on the public directory (no login)."""

    weight = 1
    wait_time = between(0.5, 1.5)

    @task
    def search(self) -> None:
        q = random.choice(_QUERIES)  # noqa: S311 — load pattern, not security
        with self.client.get(
            f"/public/{TARGETS['region']}/directory/",
            params={"q": q} if q else None,
            name="public directory search",
            catch_response=True,
            timeout=TIMEOUT_SECONDS,
        ) as response:
            _check(response, 'id="directory-search-title"')
