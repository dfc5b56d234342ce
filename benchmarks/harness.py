"""Benchmarks for tsunagu: a synthetic region built through bulk paths, then measured.

Sizes: S = 10k consultations, M = 100k, L = 1M consultations / 100k persons.
Measured now (issue 3): the annual report (app code vs hand-written SQL on the same
database) and person search (p50/p95 over a fixed set of queries). Issue 10 extends this.
"""

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks import load

SIZES = {
    "S": {"persons": 2_000, "consultations": 10_000},
    "M": {"persons": 20_000, "consultations": 100_000},
    "L": {"persons": 100_000, "consultations": 1_000_000},
}
ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SEARCHES = [
    "髙橋",
    "高橋",
    "たかはし",
    "タカハシ",
    "ﾀｶﾊｼ",
    "さとう 花子",
    "山﨑",
    "山崎",
    "わたなべ",
    "渡邊",
    "こば",
    "ケンタ",
    "齋藤",
    "斎藤",
    "ゆい",
    "まこと",
]
# Names come from the demo's tables (tsunagu.portal.demo_records), plus plain-form variants so
# that searches for 高橋 and 髙橋 both have work to do.
EXTRA_FAMILY = [("高橋", "タカハシ"), ("山崎", "ヤマザキ"), ("斎藤", "サイトウ")]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tsunagu.settings")
    import django

    django.setup()


def build(size: str, seed: int = 1) -> dict:
    """Create the region through bulk inserts; returns counts and the build time."""
    from django.core.management import call_command
    from django.db import transaction

    from tsunagu.consultations.models import Consultation
    from tsunagu.core import dates
    from tsunagu.core.models import ListItem, ListKind
    from tsunagu.core.services import region_create
    from tsunagu.core.text import search_key
    from tsunagu.people.models import Person, PersonDisability
    from tsunagu.portal.demo_records import FAMILY, GIVEN

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rng = random.Random(seed)  # noqa: S311 — reproducible synthetic data
    spec = SIZES[size]
    region = region_create(
        actor="bench",
        code="bench",
        name="ベンチ圏域",
        municipalities=[
            ("12213", "東金市"),
            ("12237", "山武市"),
            ("12239", "大網白里市"),
            ("12403", "九十九里町"),
            ("12409", "芝山町"),
            ("12410", "横芝光町"),
        ],
    )
    municipalities = list(region.municipalities.all())
    items = {k: list(ListItem.objects.filter(region=region, kind=k)) for k in ListKind}
    with transaction.atomic():
        persons = []
        for i in range(spec["persons"]):
            (family, fkana), (given, gkana) = rng.choice(FAMILY + EXTRA_FAMILY), rng.choice(GIVEN)
            persons.append(
                Person(
                    region=region,
                    family_name=family,
                    given_name=given,
                    family_name_kana=fkana,
                    given_name_kana=gkana,
                    municipality=rng.choice(municipalities),
                    external_id=f"b{i}",
                    is_fictional=True,
                    search_key=f"{search_key(family + given)} {search_key(fkana + gkana)}",
                )
            )
        persons = Person.objects.bulk_create(persons, batch_size=5000)
        disabilities = items[ListKind.DISABILITY_TYPE]
        PersonDisability.objects.bulk_create(
            (
                PersonDisability(person=p, disability_type=d, is_primary=(j == 0))
                for p in persons
                for j, d in enumerate(rng.sample(disabilities, rng.choice([1, 1, 1, 2])))
            ),
            batch_size=10_000,
        )
    through = Consultation.topics.through
    start = datetime(2022, 4, 1, 9, tzinfo=dates.TOKYO)
    batch = 20_000
    for offset in range(0, spec["consultations"], batch):
        with transaction.atomic():
            rows = []
            for _ in range(min(batch, spec["consultations"] - offset)):
                at = start + timedelta(minutes=rng.randrange(4 * 365 * 24 * 60))
                row = Consultation(
                    region=region,
                    occurred_at=at,
                    fiscal_year=dates.fiscal_year(at.astimezone(dates.TOKYO).date()),
                    method=rng.choice(items[ListKind.CONTACT_METHOD]),
                    caller_type=rng.choice(items[ListKind.CALLER_TYPE]),
                    person=None if rng.random() < 0.05 else rng.choice(persons),
                    duration_minutes=rng.choice([10, 20, 30, 60]),
                    record="",
                )
                # the person's 市町村 when recorded, as the app keeps it (issue 18), so that
                # the municipalities side by side have something to group (issue 25)
                row.municipality_id = row.person.municipality_id if row.person else None
                rows.append(row)
            rows = Consultation.objects.bulk_create(rows)
            through.objects.bulk_create(
                (
                    through(consultation_id=c.pk, listitem_id=t.pk)
                    for c in rows
                    for t in rng.sample(items[ListKind.SUPPORT_TOPIC], rng.choice([1, 1, 2, 3]))
                ),
                batch_size=20_000,
            )
    _settle_after_bulk_load()
    return {
        "region_id": region.pk,
        "build_seconds": round(time.perf_counter() - started, 1),
        **spec,
    }


def _settle_after_bulk_load() -> None:
    """What autovacuum does on a live PostgreSQL some minutes after a bulk load: statistics
    for the planner and the visibility map that lets the covering indexes answer without
    reading the table. Measuring before it would measure the load, not the app."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return times


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))], 2)


def measure_report(region_id: int, repeat: int = 5, rounds: int = 3) -> dict:
    """The annual report (issue 25): the app's ORM code path against the fastest SQL we wrote
    by hand (reports.sql), both for one region report and for all six municipalities side by
    side, on the same database. First checks both give identical figures; then ``rounds``
    rounds of ``repeat`` turns, each turn timing the four once (interleaved, so that the load
    of a shared machine falls on all alike); ratios are of each round's medians, their spread
    over the rounds is kept. Keeps each statement's EXPLAIN plan."""
    from tsunagu.reports.selectors import annual_report, annual_reports
    from tsunagu.reports.sql import annual_report_sql, annual_reports_sql

    fy = 2022
    app = annual_report(region=region_id, fiscal_year=fy)
    assert app == annual_report_sql(region_id, fy), "the app and the hand-written SQL disagree"
    assert annual_reports(region=region_id, fiscal_year=fy) == annual_reports_sql(region_id, fy), (
        "the app and the hand-written SQL disagree on the municipalities side by side"
    )
    runs = {
        "app": lambda: annual_report(region=region_id, fiscal_year=fy),
        "sql": lambda: annual_report_sql(region_id, fy),
        "app_all": lambda: annual_reports(region=region_id, fiscal_year=fy),
        "sql_all": lambda: annual_reports_sql(region_id, fy),
    }
    samples: dict[str, list[list[float]]] = {name: [[] for _ in range(rounds)] for name in runs}
    for r in range(rounds):
        for _ in range(repeat):  # one of each in turn: a burst of load hits all four alike
            for name, fn in runs.items():
                samples[name][r] += _timed(fn, 1)
    medians = {n: [statistics.median(r) for r in rounds_] for n, rounds_ in samples.items()}

    def ratio(a: str, b: str) -> list[float]:
        return [round(x / y, 2) for x, y in zip(medians[a], medians[b], strict=True)]

    result = {
        "fiscal_year": fy,
        "what": "app = reports.selectors (ORM); sql = reports.sql (fastest hand-written SQL)",
        "rounds": rounds,
        "repeat": repeat,
        **{f"{n}_ms_median": round(statistics.median(sum(r, [])), 1) for n, r in samples.items()},
        **{f"{n}_ms_rounds": [round(m, 1) for m in ms] for n, ms in medians.items()},
        "ratio": round(statistics.median(ratio("app", "sql")), 2),
        "ratio_rounds": ratio("app", "sql"),
        "ratio_all": round(statistics.median(ratio("app_all", "sql_all")), 2),
        "ratio_all_rounds": ratio("app_all", "sql_all"),
        "all_over_one": round(statistics.median(ratio("app_all", "app")), 2),
        "all_over_one_rounds": ratio("app_all", "app"),
        "persons_total": app.persons_total,
        "contacts_total": app.contacts_total,
        "loadavg": loadavg(),
    }
    result["sql_ms_median"] = result.pop("sql_ms_median")
    result["plans"] = report_plans(region_id, fy)
    return result


def report_plans(region_id: int, fiscal_year: int) -> dict[str, list[str]]:
    """EXPLAIN (QUERY PLAN on SQLite) of every statement of the hand-written report."""
    from django.db import connection

    from tsunagu.reports.sql import plans_statements

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    plans = {}
    with connection.cursor() as cursor:
        for name, (sql, params) in plans_statements(region_id, fiscal_year).items():
            cursor.execute(prefix + sql, params)
            rows = cursor.fetchall()
            plans[name] = [
                " ".join(str(v) for v in row[1:]) if connection.vendor == "sqlite" else row[0]
                for row in rows
            ]
    return plans


def measure_search(region_id: int, repeat: int = 5) -> dict:
    """What the person list page does for a query: the first page and the number of matches
    (people.selectors.person_search_page)."""
    from tsunagu.core.models import User
    from tsunagu.core.roles import Role
    from tsunagu.people.selectors import person_search_page

    user = User(username="bench", region_id=region_id, role=Role.CENTER_STAFF)
    user.is_verified = lambda: True  # the selector checks capabilities, not the session

    def one(q):
        page = person_search_page(user=user, query=q, page=1, per_page=50)
        list(page.object_list)
        _ = page.paginator.count

    samples = []
    for _ in range(repeat):
        for q in SEARCHES:
            samples += _timed(lambda q=q: one(q), 1)
    return {
        "queries": len(SEARCHES),
        "samples": len(samples),
        "p50_ms": _pct(samples, 50),
        "p95_ms": _pct(samples, 95),
    }


def machine() -> dict:
    from django.db import connection

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    if connection.vendor == "sqlite":
        version = connection.Database.sqlite_version
    else:
        version = str(connection.pg_version)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "database": f"{connection.vendor} {version}",
    }


START, END = "<!-- results:start -->", "<!-- results:end -->"


# Needs grouped by `tsunagu.needs.analysis.cluster` at each size (issue 4 / issue 10: 300k at L).
NEEDS_AT = {"S": 3_000, "M": 30_000, "L": 300_000}


def measure_needs(size: str) -> dict:
    """ARI on the sample and the evaluation sets, time and peak memory of grouping synthetic
    needs, from benchmarks/needs_quality.py (each size in a fresh process for its own RSS).

    Reproduce: .venv/bin/python benchmarks/needs_quality.py --sizes 300000"""
    out = subprocess.run(  # noqa: S603 — our own script, fixed arguments
        [sys.executable, str(ROOT / "benchmarks" / "needs_quality.py"), "--json",
         "--sizes", str(NEEDS_AT[size])],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def write_markdown() -> None:
    """Rewrite the results table in docs/benchmarks.md; the prose around it is kept."""
    lines = [
        START,
        "| database | size | persons | consultations | report app ms | report SQL ms | ratio "
        "| search p50 ms | search p95 ms | machine |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for path in sorted(RESULTS.glob("*-[SML].json")):
        r = json.loads(path.read_text())
        m = r["machine"]
        report = r.get("report") or {}
        search = r.get("search") or {}
        lines.append(
            f"| {m['database']} | {r['size']} | {r['build']['persons']:,} | "
            f"{r['build']['consultations']:,} | {report.get('app_ms_median', '—')} | "
            f"{report.get('sql_ms_median', '—')} | {report.get('ratio', '—')} | "
            f"{search.get('p50_ms', '—')} | {search.get('p95_ms', '—')} | {m['cores']} cores, {m['cpu']} |"
        )
    searched = [json.loads(p.read_text()) for p in sorted(RESULTS.glob("*-[SML].json"))]
    searched = [r for r in searched if "loadavg_before" in r.get("search", {})]
    if searched:
        lines += [
            "",
            "Person search, where each figure comes from (`benchmarks/run SIZE --only search`; "
            "load average = the host's 1/5/15-minute load before → after, on 2 cores):",
            "",
            "| database | size | search p50 ms | search p95 ms | samples | when | commit | load average |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in searched:
            q = r["search"]
            lines.append(
                f"| {r['machine']['database']} | {r['size']} | {q['p50_ms']} | {q['p95_ms']} | "
                f"{q['samples']} | {q['when']} | {_short(q['commit'])} | "
                f"{q['loadavg_before']} → {q['loadavg_after']} |"
            )
    needs_rows = [json.loads(p.read_text()) for p in sorted(RESULTS.glob("*-[SML].json"))]
    needs_rows = [r for r in needs_rows if "needs" in r]
    if needs_rows:
        lines += [
            "",
            "Needs grouping (`tsunagu needs cluster`; ARI = adjusted Rand index, target ≥ 0.6 on the "
            "sample; reproduce with `.venv/bin/python benchmarks/needs_quality.py --sizes N`):",
            "",
            "| database run | needs | ARI sample | ARI held-out | ARI second set | time s | peak MB |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in needs_rows:
            ari, scale = r["needs"]["ari"], r["needs"]["scale"][0]
            peak = scale["peak_rss_mb"] + 2 * scale.get("peak_rss_worker_mb", 0)
            lines.append(
                f"| {r['machine']['database']} {r['size']} | {scale['needs']:,} | {ari['sample']} | "
                f"{ari['held_out']} | {ari['second_set']} | {scale['total_s']} | {peak} |"
            )
    lines += _markdown_load()
    lines.append(END)
    table = "\n".join(lines)
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text() if doc.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    doc.write_text(head + table + tail)


def _short(commit: str) -> str:
    return commit[:12] + (" +changes" if commit.endswith("+changes") else "")


def _page_runs(result: dict) -> list[tuple[str, str, dict]]:
    """(kind, server, run) for each pages run of a result file; files written before issue 25
    hold one gunicorn run (4 workers × 2 threads) directly under "pages"."""
    out = []
    pages = result.get("pages") or {}
    if "pages" in pages:  # the earlier shape
        out.append(("pages", "gunicorn 4×2", pages))
    else:
        out += [("pages", server, run) for server, run in pages.items()]
    if "soak" in result:
        soak = result["soak"]
        out.append(("soak", soak.get("name", "gunicorn 4×2"), soak))
    return out


def _markdown_load() -> list[str]:
    """Tables for the pages under load, the soak run, the import and the HSDS export."""
    runs = [json.loads(p.read_text()) for p in sorted(RESULTS.glob("*-[SML].json"))]
    lines: list[str] = []
    paged = [r for r in runs if "pages" in r]
    if paged:
        lines += [
            "",
            "Key pages under load (locust on the same machine, 20 users, each waiting 0.5–1.5 s "
            "between pages; each response checked to be the page asked for by its own heading's "
            "id; `benchmarks/run SIZE --only pages`). p50 / p95 ms, errors; load average = the "
            "host's 1/5/15-minute load before → after the run, on 2 cores:",
            "",
            "| database run | server | page | requests | p50 ms | p95 ms | errors "
            "| server memory MB (start → end) | when, commit, load average |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in paged:
            for kind, server, run in _page_runs(r):
                label = f"{r['machine']['database']} {r['size']}" + (
                    f" soak {run['seconds'] // 60} min" if kind == "soak" else ""
                )
                memory = f"{run['rss_start_mb']} → {run['rss_end_mb']}"
                stamp = (
                    f"{run['when']}, {_short(run['commit'])}, "
                    f"{run['loadavg_before']} → {run['loadavg_after']}"
                    if "when" in run
                    else "not recorded (before issue 25)"
                )
                for name, page in run["pages"].items():
                    last = name == "Aggregated"
                    lines.append(
                        f"| {label} | {server} | {name} | {page['requests']:,} | "
                        f"{page['p50_ms']:g} | {page['p95_ms']:g} | {page['errors']} | "
                        f"{memory if last else ''} | {stamp if last else ''} |"
                    )
    single = [r for r in runs if "single" in r]
    if single:
        lines += [
            "",
            "Key pages one at a time (`benchmarks/run SIZE --only single`: Django's test client in "
            "one process after a server's start, no other request running; the first request, "
            "then p50 / p95 of 20 more; SQL statements of the first → of the last request):",
            "",
            "| database run | page | first ms | p50 ms | p95 ms | statements | when, commit, load average |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in single:
            run = r["single"]
            stamp = (
                f"{run['when']}, {_short(run['commit'])}, "
                f"{run['loadavg_before']} → {run['loadavg_after']}"
            )
            pages = [(k, v) for k, v in run.items() if isinstance(v, dict)]
            for i, (name, page) in enumerate(pages):
                lines.append(
                    f"| {r['machine']['database']} {r['size']} | {name} | {page['first_ms']:g} | "
                    f"{page['p50_ms']:g} | {page['p95_ms']:g} | "
                    f"{page['statements_first']} → {page['statements']} | "
                    f"{stamp if i == len(pages) - 1 else ''} |"
                )
    imported = [r for r in runs if "import" in r]
    if imported:
        lines += [
            "",
            "Import of CP932 CSVs (`tsunagu import`, each in its own process; peak = that process's "
            "RSS) and HSDS export of the directory (`tsunagu directory export --hsds`):",
            "",
            "| database run | persons rows/s | consultations rows | consultations rows/s | peak MB "
            "| HSDS services | export s | export MB |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in imported:
            i, e = r["import"], r["hsds_export"]
            lines.append(
                f"| {r['machine']['database']} {r['size']} | {i['persons']['rows_per_s']:,} | "
                f"{i['consultations']['rows']:,} | {i['consultations']['rows_per_s']:,} | "
                f"{i['consultations']['peak_rss_mb']} | {e['services']:,} | {e['seconds']} | "
                f"{e['megabytes']} |"
            )
    return lines


def _only_report(args: argparse.Namespace) -> int:
    from django.db import connection

    build_info = build(args.size)
    result = {
        "size": args.size,
        "when": datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": git_commit(),
        "loadavg_before": loadavg(),
        "machine": machine(),
        "build": build_info,
        "report": measure_report(build_info["region_id"]),
    }
    out_dir = Path(os.environ["TSUNAGU_VAR_DIR"]) if args.smoke else RESULTS / "report"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{connection.vendor}-{args.size}.json"
    runs = []
    if out.exists() and not args.smoke:  # earlier runs of the same commit are kept
        earlier = json.loads(out.read_text())
        runs = [r for r in earlier.get("runs", []) if r.get("commit") == result["commit"]]
    runs.append({k: v for k, v in result.items() if k != "report"} | {
        "report": {k: v for k, v in result["report"].items() if k != "plans"}
    })  # fmt: skip
    result["runs"] = runs
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    summary = {k: v for k, v in result["report"].items() if k != "plans"}
    json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


# The parts of a run, in the order they are measured; `--only` picks some of them.
PARTS = ("report", "search", "single", "export", "import", "pages", "needs")


def loadavg() -> str:
    """The host's load average (1, 5, 15 minutes): every figure is read next to it."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


def git_commit() -> str:
    """The commit measured, with "+changes" when the work tree differs from it (result files
    and docs/benchmarks.md, which the harness writes, do not count)."""
    git = shutil.which("git")
    if git is None:
        return "unknown"
    try:
        commit = subprocess.run(  # noqa: S603 — git, fixed arguments
            [git, "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603
            # what the harness itself writes is not a change of what is measured: a second
            # run of the same commit stays that commit (and keeps the first run's figures)
            [git, "status", "--porcelain", "--untracked-files=no", "--", ".",
             ":!benchmarks/results", ":!docs/benchmarks.md"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+changes" if dirty else "")


def _measured(fn, *args, **kwargs) -> dict:
    """Run one part; its result carries when it ran, the commit measured and the host's load
    average before and after it, so that a part kept from an earlier run (``--only``) still
    says where it comes from."""
    before, when = loadavg(), datetime.now().astimezone().isoformat(timespec="seconds")
    out = fn(*args, **kwargs)
    return {
        **out,
        "when": when,
        "commit": git_commit(),
        "loadavg_before": before,
        "loadavg_after": loadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("size", nargs="?", default="S", choices=sorted(SIZES))
    parser.add_argument(
        "--smoke", action="store_true",
        help="short runs, results in the work folder only (CI: checks the harness runs)",
    )  # fmt: skip
    parser.add_argument("--users", type=int, default=20, help="concurrent users for the pages")
    parser.add_argument("--seconds", type=int, default=120, help="length of the pages run")
    parser.add_argument(
        "--soak", type=float, default=0, metavar="MINUTES",
        help="also a soak run of mixed traffic; fails on any error or memory growth",
    )  # fmt: skip
    parser.add_argument(
        "--only", action="append", choices=PARTS, metavar="PART",
        help=f"measure only this part ({', '.join(PARTS)}; repeat for several); the parts "
        "measured replace the same parts of the result file, the others are kept",
    )  # fmt: skip
    parser.add_argument(
        "--servers", default=",".join(load.SERVERS), metavar="NAMES",
        help="servers for the pages under load, comma-separated (default: "
        f"{','.join(load.SERVERS)})",
    )  # fmt: skip
    parser.add_argument("--repeat", type=int, default=3, help="runs of the part (--only import alone)")
    args = parser.parse_args()
    parts = [p for p in PARTS if not args.only or p in args.only]
    servers = [s for s in args.servers.split(",") if s]
    unknown = set(servers) - set(load.SERVERS)
    if unknown or not servers:
        parser.error(f"--servers: choose from {', '.join(load.SERVERS)}")
    setup_django()
    from django.db import connection

    # One part alone, kept in a file of its own with every run of the commit (issue 25):
    # `--only report` (the report against the fastest SQL, with the plans) and
    # `--only import [--repeat N]` (the CSV import, repeated).
    if args.only == ["report"]:
        sys.exit(_only_report(args))
    if args.only == ["import"]:
        sys.exit(_only_import(args.size, args.repeat))
    build_info = build(args.size)
    targets = {}
    if {"single", "export", "pages"} & set(parts) or args.soak:
        # the pages' person, issue, directory and sessions (not needed for the other parts)
        targets = load.build_extras(build_info["region_id"], args.size, sessions=args.users)
        build_info["extras"] = {k: v for k, v in targets.items() if k != "sessions"}
    connection.close()  # the server processes and commands open their own
    region_id = build_info["region_id"]
    result = {
        "size": args.size,
        "when": datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": git_commit(),
        "loadavg_before": loadavg(),
        "machine": machine(),
        "build": build_info,
        "parts": parts,
    }
    if "report" in parts:
        result["report"] = _measured(measure_report, region_id)
    if "search" in parts:
        result["search"] = _measured(measure_search, region_id)
    if "single" in parts:
        result["single"] = _measured(load.measure_single, targets)
        connection.close()
    if "export" in parts:
        result["hsds_export"] = _measured(load.measure_hsds_export, targets["region"])
    if "import" in parts:
        result["import"] = _measured(load.measure_import, args.size)
    if "pages" in parts:
        result["pages"] = {}
        for server in servers:
            result["pages"][server] = _measured(
                load.measure_pages, targets, server=server,
                seconds=10 if args.smoke else args.seconds, users=args.users,
            )  # fmt: skip
    if "needs" in parts:
        result["needs"] = _measured(measure_needs, args.size)
    if args.soak:
        result["soak"] = _measured(
            load.measure_pages, targets, server=servers[0],
            seconds=int(args.soak * 60), users=args.users,
        )  # fmt: skip
    result["loadavg_after"] = loadavg()
    out_dir = Path(os.environ["TSUNAGU_VAR_DIR"]) if args.smoke else RESULTS
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{connection.vendor}-{args.size}.json"
    out.write_text(json.dumps(_merged(out, result), ensure_ascii=False, indent=2))
    if not args.smoke:
        write_markdown()
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    print()
    problems = load.problems(result)
    for problem in problems:
        print(f"benchmark problem: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)


def _only_import(size: str, repeat: int) -> int:
    """`benchmarks/run SIZE --only import`: the import measured alone, repeated (issue 25)."""
    from django.db import connection

    from benchmarks import import_files

    build_info = build(size)
    result = {
        "size": size,
        "when": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "build": build_info,
        "import": import_files.measure(size, repeat),
    }
    out = RESULTS / "import" / f"{connection.vendor}-{size}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    json.dump(result["import"]["summary"], sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


# what each part writes into the result file
_PART_KEYS = {"export": "hsds_export"}


def _merged(path: Path, result: dict) -> dict:
    """A run of some parts (``--only``) keeps the other parts of an earlier run of the same
    database and size; each part carries its own time, commit and load average (``_measured``),
    so that every figure can be traced to the run that made it."""
    if set(result["parts"]) == set(PARTS) or not path.exists():
        return result
    earlier = json.loads(path.read_text())
    if earlier.get("build", {}).get("consultations") != result["build"]["consultations"]:
        return result
    keys = {_PART_KEYS.get(p, p) for p in PARTS} | {"soak"}
    kept = {k: v for k, v in earlier.items() if k in keys}
    for part in result["parts"]:
        kept.pop(_PART_KEYS.get(part, part), None)
    if "soak" in result:
        kept.pop("soak", None)
    parts = set(result["parts"]) | set(earlier.get("parts", PARTS))
    return {**result, **kept, "parts": [p for p in PARTS if p in parts]}


if __name__ == "__main__":
    main()
