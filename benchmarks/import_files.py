"""Files for the import benchmark (benchmarks/run measures them; also usable by hand):
a persons CSV and a 100k-row CP932 consultations CSV, as an old system exports them.

    python benchmarks/import_files.py /tmp/tsunagu-bench 100000
    export TSUNAGU_VAR_DIR=/tmp/tsunagu-bench DATABASE_URL=sqlite:////tmp/tsunagu-bench/db.sqlite3
    .venv/bin/tsunagu migrate -v0
    .venv/bin/tsunagu region create sanbu 山武圏域 --municipalities 12213:東金市,12237:山武市
    /usr/bin/time -v .venv/bin/tsunagu import persons /tmp/tsunagu-bench/persons.csv
    /usr/bin/time -v .venv/bin/tsunagu import consultations /tmp/tsunagu-bench/consultations.csv

`benchmarks/run SIZE --only import [--repeat N]` builds the region of that size, then imports
the files N times (each time into a new region of its own, persons then consultations, each
command in a fresh process) and writes benchmarks/results/import/<database>-<size>.json:
wall time, rows/s, the command's CPU time (user + sys, less sensitive to a busy host than the
wall time) and its peak memory, with the host's load average and the commit of each run.
"""

import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

METHODS = ["来所", "電話", "TEL", "訪問", "メール", "ＦＡＸ", "同行", "個別支援会議"]
CALLERS = ["本人", "家族", "関係機関", "行政", "その他"]
TOPICS = ["福祉サービス", "障害理解", "健康・医療", "不安解消", "家族関係・人間関係", "就労",
          "家計・経済に関する支援", "生活技術", "権利擁護", "その他"]  # fmt: skip
DISABILITIES = ["身体", "知的", "精神", "発達", "高次脳機能障害", "難病"]
RECORD = "ﾃﾞﾝﾜで相談。通所先の利用について家族と話し合い、次回は来所の予定。"


def main(folder: str, rows: int) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(42)  # noqa: S311 - test data
    persons = max(1, rows // 20)
    with (out / "persons.csv").open("w", encoding="cp932", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(["利用者ID", "氏名", "フリガナ", "生年月日", "市町村", "障害種別"])
        for i in range(persons):
            born = date(1950, 1, 1) + timedelta(days=rng.randrange(25000))
            writer.writerow([f"P{i:06d}", f"山田 {i}郎", "ﾔﾏﾀﾞ ﾀﾛｳ", f"{born:%Y/%-m/%-d}",
                             rng.choice(["東金市", "12237"]),
                             "；".join(rng.sample(DISABILITIES, rng.randint(1, 2)))])  # fmt: skip
    start = date(2019, 5, 1)
    with (out / "consultations.csv").open("w", encoding="cp932", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(
            ["利用者ID", "相談日", "相談方法", "相談者", "支援内容", "対応時間(分)", "記録"]
        )
        for i in range(rows):
            day = start + timedelta(days=rng.randrange(1400))
            person = "" if rng.random() < 0.1 else f"P{rng.randrange(persons):06d}"
            when = f"{day:%Y/%-m/%-d}" if i % 2 else f"R{day.year - 2018}.{day.month}.{day.day}"
            writer.writerow([person, when, rng.choice(METHODS), rng.choice(CALLERS),
                             "、".join(rng.sample(TOPICS, rng.randint(1, 3))),
                             str(rng.randrange(5, 120)), f"{RECORD}（{i}）"])  # fmt: skip
    print(out / "persons.csv", persons, "rows;", out / "consultations.csv", rows, "rows")


# --- measuring (benchmarks/run SIZE --only import) -----------------------------------------

ROOT = Path(__file__).resolve().parent.parent
ROWS_AT = {"S": 10_000, "M": 100_000, "L": 100_000}  # as benchmarks/load.py IMPORT_ROWS_AT


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


def _commit() -> str:
    git = shutil.which("git") or "git"
    try:
        head = subprocess.run(  # noqa: S603 - git, fixed arguments
            [git, "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
            check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(  # noqa: S603
            [git, "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+changes" if dirty else "")


def _run(args: list[str]) -> dict:
    """One tsunagu command in its own process: wall and CPU seconds, peak RSS in MB."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)  # noqa: S603
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(args)} failed: {err.read().decode()[-2000:]}")
    return {
        "seconds": round(wall, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
    }


def measure(size: str, repeat: int = 3) -> dict:
    """Import the persons and the consultations files ``repeat`` times, each time into a new
    region (so every run writes all its rows); Django must be set up."""
    from tsunagu.consultations.models import Consultation
    from tsunagu.core.services import region_create

    rows = ROWS_AT[size]
    folder = Path(os.environ["TSUNAGU_VAR_DIR"]) / "import"
    main(str(folder), rows)
    files = {"persons": folder / "persons.csv", "consultations": folder / "consultations.csv"}
    counts = {"persons": max(1, rows // 20), "consultations": rows}
    tsunagu = str(Path(sys.executable).with_name("tsunagu"))
    runs = []
    for n in range(repeat):
        code = f"imp{int(time.time())}{n}"
        region_create(
            actor="bench", code=code, name=f"取込圏域{n}",
            municipalities=[("12213", "東金市"), ("12237", "山武市")],
        )  # fmt: skip
        run = {"when": datetime.now().astimezone().isoformat(timespec="seconds"),
               "commit": _commit(), "consultations_in_database": Consultation.objects.count()}  # fmt: skip
        for kind in ("persons", "consultations"):
            before = _loadavg()
            part = _run([tsunagu, "import", kind, str(files[kind]), "--region", code])
            part |= {"rows": counts[kind], "rows_per_s": round(counts[kind] / part["seconds"]),
                     "loadavg_before": before, "loadavg_after": _loadavg()}  # fmt: skip
            run[kind] = part
        made = Consultation.objects.filter(region__code=code).count()
        if made != rows:
            raise SystemExit(f"run {n}: {made} consultations written, {rows} expected")
        runs.append(run)
        print(json.dumps(run, ensure_ascii=False), file=sys.stderr)
    summary = {}
    for kind in ("persons", "consultations"):
        rates = [r[kind]["rows_per_s"] for r in runs]
        summary[kind] = {
            "rows": counts[kind],
            "rows_per_s_median": round(statistics.median(rates)),
            "rows_per_s_min": min(rates),
            "rows_per_s_max": max(rates),
            "peak_rss_mb_max": max(r[kind]["peak_rss_mb"] for r in runs),
        }
    return {
        "file_bytes": {k: path.stat().st_size for k, path in files.items()},
        "encoding": "cp932",
        "summary": summary,
        "runs": runs,
    }


if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else str(Path(tempfile.gettempdir(), "tsunagu-bench"))
    main(folder, int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
