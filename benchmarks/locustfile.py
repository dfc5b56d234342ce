"""Load for `benchmarks/run` (issue 10 ③, issue 11 soak): staff and residents using the key
pages at once. Run by benchmarks/load.py in its own virtualenv (.venv-bench); it reads what to
open from BENCH_TARGETS (a JSON file the harness writes: sessions, person, issue, region).

A response counts as an error unless it is 200 and is the page asked for (a login page
or an error page served with 200 would otherwise look like success)."""

import itertools
import json
import os
import random

from locust import HttpUser, between, task

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"], encoding="utf-8").read())  # noqa: SIM115
_SESSIONS = itertools.cycle(TARGETS["sessions"])
_QUERIES = ["", "居場所", "相談", "就労", "子ども", "サロン"]


def _check(response, marker: str) -> None:
    if response.status_code != 200:
        response.failure(f"status {response.status_code}")
    elif marker not in response.text:
        response.failure(f"not the page: {marker!r} missing")
    else:
        response.success()


class Staff(HttpUser):
    """A center worker: dashboard, one person's page, the consultation list, an issue."""

    weight = 4
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", next(_SESSIONS))

    @task(3)
    def dashboard(self) -> None:
        with self.client.get("/dashboard/", name="dashboard", catch_response=True) as r:
            _check(r, "ダッシュボード")

    @task(3)
    def person(self) -> None:
        with self.client.get(
            f"/people/{TARGETS['person']}/", name="person (200 consultations)", catch_response=True
        ) as r:
            _check(r, "相談")

    @task(2)
    def consultations(self) -> None:
        with self.client.get("/consultations/", name="consultation list", catch_response=True) as r:
            _check(r, "相談記録")

    @task(1)
    def issue(self) -> None:
        with self.client.get(
            f"/council/issues/{TARGETS['issue']}/", name="community issue", catch_response=True
        ) as r:
            _check(r, TARGETS["issue_title"])


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
        ) as r:
            _check(r, "居場所・相談先を探す")
