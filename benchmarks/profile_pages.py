"""Profile the key pages one at a time against a kept region (issue 25).

    TSUNAGU_VAR_DIR=/some/dir python -m benchmarks.profile_pages build M
    TSUNAGU_VAR_DIR=/some/dir python -m benchmarks.profile_pages profile [PAGE...] [--sql] [--cprofile N]

`build` makes the harness's region and the pages' extras once and keeps them (in the SQLite
file under TSUNAGU_VAR_DIR, or the DATABASE_URL database), with the targets in
TSUNAGU_VAR_DIR/bench-targets.json; `profile` serves each key page through Django's test
client as benchmarks.load.measure_single does and prints its time, its statements (with
their time, and with --sql each statement) and with --cprofile the N costliest functions.
"""

import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

from benchmarks import harness, load


def _targets_file() -> Path:
    return Path(os.environ["TSUNAGU_VAR_DIR"]) / "bench-targets.json"


def build(size: str) -> None:
    info = harness.build(size)
    targets = load.build_extras(info["region_id"], size, sessions=2)
    _targets_file().write_text(json.dumps(targets, ensure_ascii=False))
    print(json.dumps({**info, **{k: v for k, v in targets.items() if k != "sessions"}}))


def profile(names: list[str], *, sql: bool, top: int, repeat: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import tsunagu.wsgi  # noqa: F401

    targets = json.loads(_targets_file().read_text())
    staff = Client(HTTP_HOST="127.0.0.1")
    staff.cookies["sessionid"] = targets["sessions"][0]
    public = Client(HTTP_HOST="127.0.0.1")
    for name, path, markers, signed_in in load.key_pages(targets):
        if names and not any(n in name for n in names):
            continue
        client = staff if signed_in else public
        client.get(path)
        times, cpu = [], []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                t, c = time.perf_counter(), time.process_time()
                response = client.get(path)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
        assert response.status_code == 200 and all(m in response.content.decode() for m in markers)
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(f"\n== {name}: p50 {statistics.median(times):.1f} ms (CPU of this process "
              f"{statistics.median(cpu):.1f} ms), {len(queries)} statements "
              f"({sql_ms:.1f} ms in SQL), {len(response.content)} bytes; loadavg {harness.loadavg()}")
        if sql:
            for q in queries.captured_queries:
                print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:400]}")
        if top:
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(path)
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stdout).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(top)


def main() -> None:
    harness.setup_django()
    args = sys.argv[1:]
    if args[:1] == ["build"]:
        build(args[1] if len(args) > 1 else "M")
        return
    top = 0
    if "--cprofile" in args:
        i = args.index("--cprofile")
        top = int(args[i + 1])
        del args[i:i + 2]
    sql = "--sql" in args
    names = [a for a in args[1:] if not a.startswith("--")]
    profile(names, sql=sql, top=top, repeat=10)


if __name__ == "__main__":
    main()
