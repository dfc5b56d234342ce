"""The parts of the benchmark that need more than the ORM (issue 10 ③⑤⑥, issue 11 soak):

- ``build_extras``: what the key pages need on top of harness.build — a person with 200
  consultations, a community issue with evidence, the directory (5k services at L) written
  through the HSDS import, and staff sessions with the second factor passed;
- ``measure_pages``: the app served as shipped — `tsunagu serve` (waitress) and gunicorn with
  the arguments of deploy/tsunagu-web.service —, locust (its own virtualenv, .venv-bench) as the
  separate load generator, N concurrent users for T seconds; p50/p95 and errors per page (each
  response checked to be the page asked for), and the server's memory at the start and the end;
- ``measure_import``: `tsunagu import` of a 100k-row CP932 CSV in a subprocess: rows/s, peak RSS;
- ``measure_hsds_export``: `tsunagu directory export --hsds` of the directory.
"""

import contextlib
import copy
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VENV = ROOT / ".venv-bench"
SERVICES_AT = {"S": 500, "M": 2_000, "L": 5_000}
IMPORT_ROWS_AT = {"S": 10_000, "M": 100_000, "L": 100_000}


# --- data the pages need -------------------------------------------------------------------


def build_extras(region_id: int, size: str, *, sessions: int = 20) -> dict:
    from django.db import transaction

    from tsunagu.consultations.models import Consultation
    from tsunagu.core import dates
    from tsunagu.core.models import ListItem, ListKind, Region
    from tsunagu.people.models import Person

    region = Region.objects.get(pk=region_id)
    started = time.perf_counter()
    # one person with 200 consultations (the person page's worst case in a real center)
    person = Person.objects.filter(region=region).order_by("pk").first()
    items = {k: list(ListItem.objects.filter(region=region, kind=k)) for k in ListKind}
    have = Consultation.objects.filter(person=person).count()
    now = dates.now_local().replace(microsecond=0)
    with transaction.atomic():
        Consultation.objects.bulk_create(
            Consultation(
                region=region,
                person=person,
                occurred_at=now - timedelta(days=3 * i + 1),
                fiscal_year=dates.fiscal_year((now - timedelta(days=3 * i + 1)).date()),
                method=items[ListKind.CONTACT_METHOD][i % len(items[ListKind.CONTACT_METHOD])],
                caller_type=items[ListKind.CALLER_TYPE][0],
                duration_minutes=30,
                record="",
            )
            for i in range(max(0, 200 - have))
        )
    issue = _issue(region)
    services = _directory(region, SERVICES_AT[size])
    return {
        "person": person.pk,
        "person_consultations": Consultation.objects.filter(person=person).count(),
        "issue": issue.pk,
        "issue_title": issue.title,
        "region": region.code,
        "services": services,
        "sessions": _sessions(region, sessions),
        "extras_seconds": round(time.perf_counter() - started, 1),
    }


def _issue(region):
    from tsunagu.core import dates
    from tsunagu.core.models import ListItem, ListKind
    from tsunagu.council.models import CommunityIssue
    from tsunagu.council.services import issue_raise
    from tsunagu.needs.models import Need
    from tsunagu.people.models import Person

    issue = CommunityIssue.objects.filter(region=region).first()
    if issue:
        return issue
    category = ListItem.objects.get(region=region, kind=ListKind.NEED_CATEGORY, code="housing")
    persons = list(Person.objects.filter(region=region).order_by("pk")[:40])
    needs = Need.objects.bulk_create(
        Need(
            region=region,
            person=p,
            municipality_id=p.municipality_id,
            category=category,
            text="グループホームの空きがなく、親の高齢化で自宅での生活が続けられない。",
            noted_on=dates.today_local(),
        )
        for p in persons
    )
    return issue_raise(
        actor="bench",
        region=region,
        title="グループホームが足りない（ベンチ）",
        category=category,
        needs=needs,
    )


def _directory(region, count: int) -> int:
    """``count`` services through the HSDS import (the bulk path for the directory): the
    demo's entries exported, then copied with fresh ids and names."""
    from tsunagu.directory.demo import demo_directory_load
    from tsunagu.directory.hsds.exports import service_export
    from tsunagu.directory.hsds.files import import_documents
    from tsunagu.directory.models import Service

    have = Service.objects.filter(region=region).count()
    if have >= count:
        return have
    demo_directory_load(region=region)
    # Only services with an address in the region: an import refuses one with neither such an
    # address nor service_areas (issue 20), and the demo's phone-only services export neither.
    templates = [
        doc
        for doc in (service_export(s) for s in Service.objects.filter(region=region))
        if any(
            (address or {}).get("city")
            for entry in doc.get("service_at_locations") or []
            for address in ((entry or {}).get("location") or {}).get("addresses") or []
        )
    ][:18]
    documents = []
    for i in range(count - Service.objects.filter(region=region).count()):
        document = _fresh_ids(copy.deepcopy(templates[i % len(templates)]), i)
        document["name"] = f"{document['name']} {i + 1}"
        documents.append((i + 1, document))
    for start in range(0, len(documents), 500):
        result = import_documents(actor="bench", region=region, documents=documents[start:start + 500])
        if result.errors:
            raise SystemExit(f"directory build failed: {result.errors[:3]}")
    return Service.objects.filter(region=region).count()


def _fresh_ids(document: dict, salt: int) -> dict:
    """New ids for the service and everything it owns (taxonomy terms keep theirs)."""
    owned: dict[str, str] = {}

    def collect(value, in_taxonomy=False):
        if isinstance(value, dict):
            taxonomy = in_taxonomy or "taxonomy_id" in value or "vocabulary" in value
            if "id" in value and isinstance(value["id"], str) and not taxonomy:
                owned[value["id"]] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{value['id']}/{salt}"))
            for key, item in value.items():
                collect(item, taxonomy or key in {"taxonomy_term", "taxonomy"})
        elif isinstance(value, list):
            for item in value:
                collect(item, in_taxonomy)

    def replace(value):
        if isinstance(value, dict):
            return {k: replace(v) for k, v in value.items()}
        if isinstance(value, list):
            return [replace(v) for v in value]
        if isinstance(value, str) and value in owned:
            return owned[value]
        return value

    collect(document)
    return replace(document)


def _sessions(region, count: int) -> list[str]:
    """Session keys of ``count`` center staff who passed the second factor, as after login."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tsunagu.accounts.services import user_create
    from tsunagu.core.models import User
    from tsunagu.core.roles import Role

    keys = []
    for i in range(count):
        username = f"bench-staff-{i}"
        user = User.objects.filter(username=username).first() or user_create(
            actor="bench",
            region=region,
            username=username,
            password=f"bench-{uuid.uuid4()}",
            role=Role.CENTER_STAFF,
            display_name=f"ベンチ職員{i}",
        )
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = next(
            b for b in settings.AUTHENTICATION_BACKENDS if "axes" not in b
        )
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.set_expiry(24 * 3600)
        session.save()
        keys.append(session.session_key)
    return keys


# --- pages under load ----------------------------------------------------------------------


def ensure_load_generator() -> Path:
    """locust in its own virtualenv, so its dependencies (gevent, flask…) never meet the app's."""
    locust = BENCH_VENV / "bin" / "locust"
    if not locust.exists():
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)  # noqa: S603
        subprocess.run(  # noqa: S603 — pinned requirements of our own
            [str(BENCH_VENV / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
             "-r", str(ROOT / "benchmarks" / "requirements-load.txt")],
            check=True,
        )  # fmt: skip
    return locust


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return round(total / 1024, 1)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(p) for p in text.split()]


# The servers the pages are measured under: what a center's single PC runs (`tsunagu serve`,
# waitress, one process) and what docs/deploy.md runs on a server (gunicorn with the systemd
# unit's own arguments). The first is also the soak run's.
SERVERS = ("waitress", "gunicorn")
WEB_UNIT = ROOT / "deploy" / "tsunagu-web.service"


def _bin(name: str) -> str:
    """A console script of the virtualenv running the harness."""
    return str(Path(sys.executable).parent / name)


def server_command(server: str, port: int) -> tuple[list[str], str]:
    """The command that serves the app on ``port`` and how it is described in the results."""
    if server == "waitress":
        return [_bin("tsunagu"), "serve", "--listen", f"127.0.0.1:{port}"], (
            "tsunagu serve (waitress, 1 process × 8 threads, jobs in a thread)"
        )
    if server == "gunicorn":
        exec_start = next(
            line.split("=", 1)[1].split()
            for line in WEB_UNIT.read_text().splitlines()
            if line.startswith("ExecStart=")
        )
        args = exec_start[1:]
        args[args.index("--bind") + 1] = f"127.0.0.1:{port}"
        described = "gunicorn as in deploy/tsunagu-web.service: " + " ".join(args[1:])
        return [_bin("gunicorn"), *args], described
    raise ValueError(f"unknown server {server!r}")


def _server_pids(server: str, pid: int) -> list[int]:
    """The processes that answer requests: gunicorn's workers, or waitress itself."""
    return _children(pid) if server == "gunicorn" else [pid]


def measure_pages(
    targets: dict, *, server: str = "waitress", seconds: int, users: int = 20
) -> dict:
    """The app served by ``server``; locust with ``users`` concurrent users."""
    locust = ensure_load_generator()
    port = _free_port()
    workdir = Path(os.environ["TSUNAGU_VAR_DIR"])
    targets_file = workdir / "bench-targets.json"
    targets_file.write_text(json.dumps(targets, ensure_ascii=False))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tsunagu.settings"}
    command, described = server_command(server, port)
    server_log = workdir / f"server-{server}.log"
    with server_log.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 — our own server, fixed arguments
            command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
    prefix = workdir / f"locust-{server}"
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz")
        warm = subprocess.run(  # noqa: S603
            [str(locust), "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless",
             "-u", str(users), "-r", str(users), "-t", "15s", "--host", f"http://127.0.0.1:{port}",
             "--only-summary", "--loglevel", "ERROR"],
            env={**env, "BENCH_TARGETS": str(targets_file)}, capture_output=True, text=True,
        )  # fmt: skip
        if warm.returncode not in (0, 1):
            raise SystemExit(f"locust failed: {warm.stderr[-2000:]}")
        run = subprocess.Popen(  # noqa: S603
            [str(locust), "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless",
             "-u", str(users), "-r", str(users), "-t", f"{seconds}s",
             "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary",
             "--stop-timeout", "60",
             "--loglevel", "ERROR"],
            env={**env, "BENCH_TARGETS": str(targets_file)},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        rss = []  # the server's memory every few seconds while the load runs
        while run.poll() is None:
            rss.append(_rss_mb(_server_pids(server, process.pid)))
            try:
                run.wait(timeout=max(1, seconds / 40))
            except subprocess.TimeoutExpired:
                pass
    finally:
        process.terminate()
        process.wait(timeout=30)
    pages = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            pages[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "rps": round(float(row["Requests/s"]), 1),
            }
    failures = []
    if Path(f"{prefix}_failures.csv").exists():
        with open(f"{prefix}_failures.csv", encoding="utf-8") as f:
            failures = [f"{r['Name']}: {r['Error']} ×{r['Occurrences']}" for r in csv.DictReader(f)]
    return {
        "users": users,
        "seconds": seconds,
        "name": server,
        "server": described,
        "pages": pages,
        "failures": failures[:10],
        # the server's memory: median of the first and of the last quarter of the run
        "rss_start_mb": _quarter(rss, first=True),
        "rss_end_mb": _quarter(rss, first=False),
        "rss_samples": len(rss),
        "locust_exit": run.returncode,
    }


def _quarter(samples: list[float], *, first: bool) -> float:
    if not samples:
        return 0.0
    n = max(1, len(samples) // 4)
    part = samples[:n] if first else samples[-n:]
    return sorted(part)[len(part) // 2]


def _wait_for(url: str, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 — loopback
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


# --- one page at a time ---------------------------------------------------------------------

def key_pages(targets: dict) -> list[tuple[str, str, tuple[str, ...], bool]]:
    """(name, path, markers, signed in) of each key page, as benchmarks/locustfile.py opens them."""
    return [
        ("dashboard", "/dashboard/", ('id="dashboard-title"',), True),
        (
            "person (200 consultations)",
            f"/people/{targets['person']}/",
            ('id="person-title"', f'/consultations/new/?person={targets["person"]}"'),
            True,
        ),
        ("consultation list", "/consultations/", ('id="consultation-list-title"',), True),
        (
            "community issue",
            f"/council/issues/{targets['issue']}/",
            ('id="issue-title"', targets["issue_title"]),
            True,
        ),
        (
            "public directory search",
            f"/public/{targets['region']}/directory/?q=%E5%B1%85%E5%A0%B4%E6%89%80",
            ('id="directory-search-title"',),
            False,
        ),
    ]


def measure_single(targets: dict, *, repeat: int = 20) -> dict:
    """Each key page served one at a time in this process (Django's test client, no network,
    no other request running), after what a server process does at its start (tsunagu.wsgi):
    the first request, then ``repeat`` more;
    median and p95 of those, and the SQL statements of the first and of the last request. What
    the page itself costs, without queueing."""
    import statistics

    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import tsunagu.wsgi  # noqa: F401 — as a server process does before its first request

    out = {}
    staff = Client(HTTP_HOST="127.0.0.1")
    staff.cookies["sessionid"] = targets["sessions"][0]
    public = Client(HTTP_HOST="127.0.0.1")
    for name, path, markers, signed_in in key_pages(targets):
        client = staff if signed_in else public
        times = []
        for i in range(repeat + 1):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
            text = response.content.decode()
            if response.status_code != 200 or not all(m in text for m in markers):
                raise SystemExit(f"{name}: status {response.status_code}, not the page asked for")
            if i == 0:
                first, first_statements = elapsed, len(queries)
            else:
                times.append(elapsed)
                statements = len(queries)
        times.sort()
        out[name] = {
            "first_ms": round(first, 1),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 1),
            "requests": repeat,
            "statements_first": first_statements,
            "statements": statements,
        }
    return out


# --- import and export ---------------------------------------------------------------------


def _run_measured(args: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run a tsunagu command; wall seconds and the peak RSS (MB) of that process alone."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=err)  # noqa: S603
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(
            args, process.returncode, out.read().decode(), err.read().decode()
        )
    return elapsed, round(usage.ru_maxrss / 1024, 1), done


def measure_import(size: str) -> dict:
    """`tsunagu import persons` then `tsunagu import consultations` of CP932 CSVs into a
    region of their own, each in a fresh process."""
    from benchmarks.import_files import main as write_files
    from tsunagu.core.models import Region
    from tsunagu.core.services import region_create

    rows = IMPORT_ROWS_AT[size]
    folder = Path(os.environ["TSUNAGU_VAR_DIR"]) / "import"
    with contextlib.redirect_stdout(sys.stderr):
        write_files(str(folder), rows)
    if not Region.objects.filter(code="imp").exists():
        region_create(
            actor="bench", code="imp", name="取込圏域",
            municipalities=[("12213", "東金市"), ("12237", "山武市")],
        )  # fmt: skip
    tsunagu = _bin("tsunagu")
    out = {}
    for kind, path, count in (
        ("persons", folder / "persons.csv", max(1, rows // 20)),
        ("consultations", folder / "consultations.csv", rows),
    ):
        seconds, peak, done = _run_measured([tsunagu, "import", kind, str(path), "--region", "imp"])
        if done.returncode != 0:
            raise SystemExit(f"import {kind} failed: {done.stderr[-2000:]}")
        out[kind] = {
            "rows": count,
            "seconds": round(seconds, 1),
            "rows_per_s": round(count / seconds),
            "peak_rss_mb": peak,
        }
    return out


def measure_hsds_export(region_code: str) -> dict:
    from tsunagu.directory.models import Service

    path = Path(os.environ["TSUNAGU_VAR_DIR"]) / "export.ndjson"
    seconds, peak, done = _run_measured(
        [_bin("tsunagu"), "directory", "export", "--hsds", str(path),
         "--region", region_code]
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"export failed: {done.stderr[-2000:]}")
    services = Service.objects.filter(region__code=region_code).count()
    lines = sum(1 for _ in path.open(encoding="utf-8"))
    return {
        "services": services,
        "lines": lines,
        "seconds": round(seconds, 2),
        "peak_rss_mb": peak,
        "megabytes": round(path.stat().st_size / 1e6, 1),
    }


# --- what makes a run fail (errors and leaks, never timings) -------------------------------

SOAK_GROWTH_MB = 50  # allowed growth of all workers together …
SOAK_GROWTH_SHARE = 0.25  # … or this share of the start, whichever is larger


def problems(result: dict) -> list[str]:
    """Errors under load, and memory that keeps growing in the soak run. Timings are
    reported, never asserted: the machine may be busy."""
    found = []
    runs = [(f"pages {server}", run) for server, run in result.get("pages", {}).items()]
    if "soak" in result:
        runs.append(("soak", result["soak"]))
    for label, run in runs:
        for name, page in run["pages"].items():
            if page["errors"]:
                found.append(f"{label}: {name}: {page['errors']} errors {run['failures']}")
        if not run["pages"]:
            found.append(f"{label}: no requests were made")
    if "soak" in result:
        soak = result["soak"]
        allowed = max(SOAK_GROWTH_MB, SOAK_GROWTH_SHARE * soak["rss_start_mb"])
        if soak["rss_end_mb"] - soak["rss_start_mb"] > allowed:
            found.append(
                f"soak: the server grew from {soak['rss_start_mb']} to {soak['rss_end_mb']} MB"
            )
    return found
