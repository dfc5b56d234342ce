"""Quality and cost of grouping needs (tsunagu.needs.analysis).

    .venv/bin/python benchmarks/needs_quality.py [--sizes 20000 300000] [--json]

Prints the adjusted Rand index (ARI) of cluster() on shared/data/needs_sample.csv and on the
evaluation sets tests/needs/data/needs_paraphrased.csv and needs_paraphrased_2.csv (truth
column ``issue``; one-offs and ungrouped needs are singletons), then, for each size, the wall time and peak memory (RSS) of
analyzing and grouping that many synthetic needs. Each size runs in a fresh process so its
peak memory is its own. Synthetic needs (synthetic()) are recurring needs stated in varied
registers, one-offs and noise, so every text is distinct and is really tokenized; persons are
random (about three needs each), 3% anonymous.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELD_OUT = ROOT / "tests" / "needs" / "data" / "needs_paraphrased.csv"
SECOND_SET = ROOT / "tests" / "needs" / "data" / "needs_paraphrased_2.csv"
SAMPLE = ROOT / "tests" / "needs" / "data" / "needs_sample.csv"  # copy of ../shared/data/
MUNICIPALITIES = ["東金市", "山武市", "大網白里市", "九十九里町", "芝山町", "横芝光町"]


def _setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tsunagu.settings")
    import django

    django.setup()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def quality() -> dict[str, float]:
    from tsunagu.needs.analysis.quality import evaluate_rows

    out = {}
    for name, path in (("sample", SAMPLE), ("held_out", HELD_OUT), ("second_set", SECOND_SET)):
        if path.is_file():
            out[name] = round(evaluate_rows(_rows(path)), 3)
    return out


SUBJECTS = [
    "本人",
    "母",
    "父",
    "息子",
    "娘",
    "夫",
    "妻",
    "祖母",
    "祖父",
    "兄",
    "姉",
    "弟",
    "妹",
    "家族",
    "高齢の母",
    "一人暮らしの父",
    "30代の息子",
    "中学生の娘",
    "80代の夫婦",
    "近所の人",
]
THINGS = [
    "バス",
    "病院",
    "グループホーム",
    "学校",
    "作業所",
    "ヘルパー",
    "デイサービス",
    "通帳",
    "ごみ",
    "避難所",
    "役所の手続き",
    "スマホ",
    "保育園",
    "歯医者",
    "年金",
    "家賃",
    "仕事",
    "薬",
    "食事",
    "買い物",
    "通院",
    "送迎",
    "入院",
    "相談先",
    "短期入所",
    "放課後デイ",
    "訪問看護",
    "介護",
    "金銭管理",
    "通訳",
    "車いす",
    "免許",
    "タクシー",
    "施設",
    "住まい",
    "夜間の連絡",
    "居場所",
    "工賃",
    "就職",
    "エアコン",
    "停電",
    "見守り",
    "後見",
    "保証人",
    "学童",
    "診断",
]
PROBLEMS = [
    "がなくて困っている",
    "に空きがない",
    "が遠くて行けない",
    "を断られた",
    "が使えない",
    "の費用が払えない",
    "がわからない",
    "が足りない",
    "のことで相談したい",
    "が続けられない",
    "を一人でできない",
    "が見つからない",
    "の手段がない",
    "が心配",
    "が間に合わない",
]
LEAD_INS = ["", "", "本人の話では、", "家族によると、", "訪問時に", "電話で", "最近、", "以前から",
            "「", "母の話「"]  # fmt: skip
KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわん"


def synthetic(n: int, seed: int = 1) -> list[tuple[str, str | None, str, str]]:
    """(id, person, municipality, text) for ``n`` distinct needs: recurring needs (a subject,
    a thing and a problem drawn from lists, so thousands of distinct needs, each stated by
    several persons in varied registers), 30% one-offs (a thing and a problem of their own and
    an invented word), 5% noise (random kana)."""
    rng = random.Random(seed)  # noqa: S311 — reproducible synthetic data
    needs = [
        (rng.choice(THINGS), rng.choice(PROBLEMS), rng.choice(THINGS))
        for _ in range(max(1, n // 40))
    ]
    persons = max(1, n // 3)
    out = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.05:
            text = "".join(rng.choice(KANA) for _ in range(rng.randint(5, 40)))
        elif roll < 0.35:
            word = "".join(rng.choice(KANA) for _ in range(4))
            text = f"{rng.choice(SUBJECTS)}の{rng.choice(THINGS)}{rng.choice(PROBLEMS)}。{word}のこと。"
        else:
            thing, problem, other = needs[rng.randrange(len(needs))]
            text = f"{rng.choice(LEAD_INS)}{rng.choice(SUBJECTS)}は{thing}{problem}。"
            if rng.random() < 0.4:
                text += f"{other}のことも気になる。"
            if rng.random() < 0.2:
                text = text.replace(thing, thing[::-1], 1)  # a typo
        text += f"（{rng.randint(1, 999)}）"
        person = None if rng.random() < 0.03 else f"P{rng.randrange(persons)}"
        out.append((f"N{i}", person, rng.choice(MUNICIPALITIES), text))
    return out


def measure(n: int) -> dict[str, float]:
    """Analyze and group ``n`` synthetic needs in this process; seconds and peak RSS (MB)."""
    from tsunagu.needs.analysis import ClusterItem, cluster
    from tsunagu.needs.analysis.features import analyze_many

    needs = synthetic(n)
    cpu_started = time.process_time()
    started = time.perf_counter()
    features = analyze_many([text for _id, _p, _m, text in needs], workers=2)
    analyzed = time.perf_counter()
    cpu_analyzed = time.process_time()
    items = [
        ClusterItem(id=i, person=p, municipality=m, features=f)
        for (i, p, m, _t), f in zip(needs, features, strict=True)
    ]
    labels = cluster(items)
    done = time.perf_counter()
    cpu_done = time.process_time()
    workers_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "needs": n,
        "analyze_s": round(analyzed - started, 1),
        "cluster_s": round(done - analyzed, 1),
        "total_s": round(done - started, 1),
        # CPU seconds: wall time means little on a shared machine
        "analyze_cpu_s": round(
            cpu_analyzed - cpu_started + workers_cpu.ru_utime + workers_cpu.ru_stime, 1
        ),
        "cluster_cpu_s": round(cpu_done - cpu_analyzed, 1),
        "peak_rss_mb": round(own),
        "peak_rss_worker_mb": round(children),
        "groups": len({label for label in labels.values() if label}),
        "grouped": sum(1 for label in labels.values() if label),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[20_000])
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child: measure one size
    args = parser.parse_args()
    _setup()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    result: dict[str, object] = {"ari": quality(), "scale": []}
    for n in args.sizes:
        child = subprocess.run(  # noqa: S603 — this very script, fixed arguments
            [sys.executable, __file__, "--one", str(n)],
            capture_output=True,
            text=True,
            check=True,
        )
        result["scale"].append(json.loads(child.stdout.strip().splitlines()[-1]))  # type: ignore[union-attr]
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for name, ari in result["ari"].items():  # type: ignore[union-attr]
        print(f"ARI {name}: {ari}")
    for row in result["scale"]:  # type: ignore[union-attr]
        print(
            f"{row['needs']:>8,} needs: analyze {row['analyze_s']} s + cluster {row['cluster_s']} s"
            f" = {row['total_s']} s (CPU: analyze {row['analyze_cpu_s']} s on all processes,"
            f" cluster {row['cluster_cpu_s']} s); peak RSS {row['peak_rss_mb']} MB"
            f" (worker {row['peak_rss_worker_mb']} MB); {row['groups']} groups,"
            f" {row['grouped']:,} needs grouped"
        )


if __name__ == "__main__":
    main()
