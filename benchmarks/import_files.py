"""Files for the import benchmark (benchmarks/run measures them; also usable by hand):
a persons CSV and a 100k-row CP932 consultations CSV, as an old system exports them.

    python benchmarks/import_files.py /tmp/tsunagu-bench 100000
    export TSUNAGU_VAR_DIR=/tmp/tsunagu-bench DATABASE_URL=sqlite:////tmp/tsunagu-bench/db.sqlite3
    .venv/bin/tsunagu migrate -v0
    .venv/bin/tsunagu region create sanbu 山武圏域 --municipalities 12213:東金市,12237:山武市
    /usr/bin/time -v .venv/bin/tsunagu import persons /tmp/tsunagu-bench/persons.csv
    /usr/bin/time -v .venv/bin/tsunagu import consultations /tmp/tsunagu-bench/consultations.csv
"""

import csv
import random
import sys
import tempfile
from datetime import date, timedelta
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


if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else str(Path(tempfile.gettempdir(), "tsunagu-bench"))
    main(folder, int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
