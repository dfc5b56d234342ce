"""Quality and cost of grouping needs (tsunagu.needs.analysis).

    .venv/bin/python benchmarks/needs_quality.py [--sizes 20000 300000] [--seed 1] [--json]

Prints the adjusted Rand index (ARI) of cluster() on shared/data/needs_sample.csv and on the
evaluation sets tests/needs/data/needs_paraphrased.csv and needs_paraphrased_2.csv (truth
column ``issue``; one-offs and ungrouped needs are singletons), then, for each size, the wall
and CPU time and peak memory (RSS) of analyzing and grouping that many synthetic needs, with
the load average before and after (the figures mean little on a busy machine without it).
Each size runs in a fresh process so its peak memory is its own. Synthetic needs
(synthetic(), deterministic by ``--seed``) are recurring needs stated in varied words and
registers, one-offs with words of their own (some sharing one word with a recurring need) and
random-kana noise, with the truth known: the run also prints the ARI and the share of
one-offs left alone at that size. Persons are random (about three needs each), 3% anonymous.
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


SUBJECTS = ["本人", "母", "父", "息子", "娘", "夫", "妻", "祖母", "祖父", "兄", "姉", "弟", "妹",
            "家族", "高齢の母", "一人暮らしの父", "30代の息子", "中学生の娘", "80代の夫婦",
            "近所の人"]  # fmt: skip
# What a recurring need is about, each as words that say the same thing in different
# registers (kanji, kana, abbreviation, everyday word): a need's statements draw from these, so
# two statements of one need often share no word.
THINGS = [
    ("路線バス", "バス", "ばす", "コミュニティバス", "巡回バス"),
    ("病院", "びょういん", "診療所", "クリニック", "かかりつけ医"),
    ("グループホーム", "GH", "ぐるーぷほーむ", "共同生活援助"),
    ("特別支援学校", "支援学校", "しえんがっこう", "養護学校"),
    ("作業所", "さぎょうしょ", "就労継続支援B型", "事業所"),
    ("ヘルパー", "へるぱー", "訪問介護", "居宅介護"),
    ("ごみ出し", "ゴミ出し", "ごみだし", "ごみの分別", "集積所"),
    ("避難所", "ひなんじょ", "避難場所", "福祉避難所"),
    ("役所の手続き", "やくしょのてつづき", "窓口の手続き", "申請の書類"),
    ("放課後等デイサービス", "放デイ", "ほうかごでい", "放課後の預け先"),
    ("短期入所", "ショートステイ", "しょーとすてい", "レスパイト"),
    ("年金", "ねんきん", "障害年金", "年金の手続き"),
    ("買い物", "かいもの", "スーパー", "食料品の買い出し"),
    ("通訳", "つうやく", "手話通訳", "やさしい日本語"),
    ("金銭管理", "お金の管理", "おかねのかんり", "通帳の管理", "日常生活自立支援事業"),
    ("成年後見", "後見人", "こうけんにん", "保佐人"),
    ("見守り", "みまもり", "安否確認", "声かけ"),
    ("居場所", "いばしょ", "通える場所", "たまり場"),
    ("訪問看護", "ほうもんかんご", "訪看", "看護師の訪問"),
    ("就職", "しゅうしょく", "一般就労", "仕事探し"),
]
PROBLEMS = [
    ("がなくて困っている", "がない", "がなくなった", "がなくてこまってる"),
    ("に空きがない", "が満員", "はどこもいっぱい", "の空き待ち"),
    ("が遠くて行けない", "まで遠い", "がとおい", "に通えない"),
    ("の費用が払えない", "のお金が出せない", "が高くて払えない", "の負担が重い"),
    ("がわからない", "のことがよくわからない", "がわからん", "の仕組みが理解できない"),
    ("が足りない", "が少ない", "がたりない", "の数が足りていない"),
    ("を断られた", "に断られた", "をことわられた", "を受け入れてもらえない"),
    ("を一人でできない", "がひとりでできない", "を自分でできない", "に手助けがいる"),
]
CONTEXTS = ["夜が心配", "家族も高齢", "仕事を休んでいる", "本人が不安がっている",
            "ほかに頼れる人がいない", "車の運転ができない", "冬は特に大変", "前から続いている"]  # fmt: skip
LEAD_INS = ["", "", "", "本人の話では、", "家族によると、", "訪問時に", "電話で", "最近、",
            "以前から", "母の話「", "「"]  # fmt: skip
# One-offs: what one person alone asks about. Most share no word with the recurring needs;
# some share one (a real one-off often mentions a bus or a hospital in passing).
ONE_OFF_THINGS = ["柿の木", "将棋仲間", "盲導犬", "屋根の修理", "補聴器の電池", "遺品整理",
                  "結婚式", "誕生日会", "外国の免許", "制服", "写真", "洗濯物", "ペットの世話",
                  "庭の草", "井戸", "雨どい", "合唱団", "釣り", "町内会費", "墓参り", "着付け",
                  "自転車の鍵", "家電の修理", "パソコン教室", "古い手紙", "雪かき", "仏壇",
                  "カラオケ", "畑の水やり", "猫の餌"]  # fmt: skip
ONE_OFF_PROBLEMS = ["をどうしたらいいか迷っている", "のことで一度話を聞いてほしい",
                    "がうまくいかず落ち込んでいる", "を頼める人を探している",
                    "の段取りがつかない", "について助言がほしい", "で親戚ともめている",
                    "が気になって眠れない", "を始めたいが踏み出せない", "を片付けたい",
                    "の約束を忘れてしまった", "をやめるか悩んでいる"]  # fmt: skip
KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわん"
KATAKANA = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
)
ONE_OFF_SHARE = 0.3
RECURRING_EVERY = 400  # one recurring need per this many needs


def synthetic(n: int, seed: int = 1) -> list[tuple[str, str | None, str, str, str]]:
    """(id, person, municipality, text, truth) for ``n`` distinct needs, the same for the same
    ``seed``. Truth is the recurring need's key, or "" for a one-off or noise.

    - 60% recurring needs: n / RECURRING_EVERY needs (at most 160), each a thing and a problem
      (THINGS × PROBLEMS: needs sharing a thing are different needs) and a context, stated
      in varied words: every statement draws its own synonym of the thing and of the
      problem, a subject, a lead-in or a quote; 40% add the need's context, 15% have a typo
      (two letters swapped);
    - 35% one-offs: an invented word (half of them with a thing of ONE_OFF_THINGS) and a
      problem of their own (ONE_OFF_PROBLEMS), 30% also mentioning a word of a recurring need;
    - 5% noise: random kana.
    Persons are random (about three needs each), 3% anonymous; every text ends in a number so
    all are distinct and really tokenized."""
    rng = random.Random(seed)  # noqa: S311 — reproducible synthetic data
    combos = [(t, p) for t in range(len(THINGS)) for p in range(len(PROBLEMS))]
    needs = [
        (t, p, rng.randrange(len(CONTEXTS)))
        for t, p in rng.sample(combos, min(len(combos), max(1, n // RECURRING_EVERY)))
    ]
    persons = max(1, n // 3)
    out = []
    for i in range(n):
        roll = rng.random()
        truth = ""
        if roll < 0.05:
            text = "".join(rng.choice(KANA) for _ in range(rng.randint(5, 40)))
        elif roll < 0.40:
            # an invented name of a thing (a word no other need uses), often with a word
            # of the one-off list: at 300,000 needs no word list is long enough to stay unique
            word = "".join(rng.choice(KATAKANA) for _ in range(rng.randint(3, 5)))
            if rng.random() < 0.5:
                word = f"{rng.choice(ONE_OFF_THINGS)}の{word}"
            text = f"{rng.choice(SUBJECTS)}は{word}{rng.choice(ONE_OFF_PROBLEMS)}。"
            if rng.random() < ONE_OFF_SHARE:
                text += f"{rng.choice(rng.choice(THINGS))}の話も出た。"
        else:
            key = rng.randrange(len(needs))
            thing, problem, context = needs[key]
            truth = f"R{key}"
            lead = rng.choice(LEAD_INS)
            text = f"{lead}{rng.choice(SUBJECTS)}は{rng.choice(THINGS[thing])}"
            text += rng.choice(PROBLEMS[problem])
            if rng.random() < 0.4:
                text += f"、{CONTEXTS[context]}"
            text += "」" if lead.endswith("「") else "。"
            if rng.random() < 0.15:
                k = rng.randrange(len(text) - 1)
                text = text[:k] + text[k + 1] + text[k] + text[k + 2 :]  # a typo
        text += f"（{rng.randint(1, 999)}）"
        person = None if rng.random() < 0.03 else f"P{rng.randrange(persons)}"
        out.append((f"N{i}", person, rng.choice(MUNICIPALITIES), text, truth))
    return out


def _loadavg() -> str:
    """The 1, 5 and 15-minute load averages: the machine may be busy with other work."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())


def measure(n: int, seed: int = 1) -> dict[str, object]:
    """Analyze and group ``n`` synthetic needs in this process: seconds (wall and CPU), peak
    RSS (MB), the load average before and after, and how well the known truth was found."""
    from tsunagu.needs.analysis import ClusterItem, cluster, grouping_ari
    from tsunagu.needs.analysis.features import analyze_many

    needs = synthetic(n, seed)
    load_before = _loadavg()
    cpu_started = time.process_time()
    started = time.perf_counter()
    features = analyze_many([text for _id, _p, _m, text, _t in needs], workers=2)
    analyzed = time.perf_counter()
    cpu_analyzed = time.process_time()
    items = [
        ClusterItem(id=i, person=p, municipality=m, features=f)
        for (i, p, m, _text, _truth), f in zip(needs, features, strict=True)
    ]
    labels = cluster(items)
    done = time.perf_counter()
    cpu_done = time.process_time()
    workers_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    truth = [t for *_rest, t in needs]
    predicted = [labels[i] for i, *_rest in needs]
    alone = [p is None for t, p in zip(truth, predicted, strict=True) if not t]
    return {
        "needs": n,
        "seed": seed,
        "loadavg_before": load_before,
        "loadavg_after": _loadavg(),
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
        "recurring_needs": len({t for t in truth if t}),
        "ari": round(grouping_ari(truth, predicted), 3),
        "one_offs_alone": round(sum(alone) / max(1, len(alone)), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[20_000])
    parser.add_argument("--seed", type=int, default=1, help="synthetic data seed (default 1)")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child: measure one size
    args = parser.parse_args()
    _setup()
    if args.one:
        print(json.dumps(measure(args.one, args.seed)))
        return
    result: dict[str, object] = {"ari": quality(), "scale": []}
    for n in args.sizes:
        child = subprocess.run(  # noqa: S603 — this very script, fixed arguments
            [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)],
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
            f" {row['grouped']:,} needs grouped; {row['recurring_needs']} recurring needs in"
            f" the data, ARI {row['ari']}, one-offs alone {row['one_offs_alone']:.0%};"
            f" load average {row['loadavg_before']} -> {row['loadavg_after']}"
        )


if __name__ == "__main__":
    main()
