"""How well needs are grouped, on every evaluation set: the figures of docs/benchmarks.md.

    .venv/bin/python benchmarks/needs_eval.py [--out benchmarks/results/needs_eval.json]

For each set (truth column ``issue``, empty = one-off): ARI of the unsupervised grouping
(`tsunagu needs cluster`), the share of one-offs left alone, ARI after the secretariat's
answers with a budget of one question per need (`--answers SET --budget N`), the number of
questions asked, and `needs similar` top-1 precision (the nearest other need is the same need,
over recurring-need statements). The same numbers come from the commands:

    tsunagu needs cluster --csv SET --out OUT --truth-column issue [--answers SET]
    tsunagu needs similar --csv SET --out OUT --top 5

Sets: the public sample (shared/data), the tuning set, the two paraphrased sets of issue 4
(written while the thesaurus was tuned: flattering), and the sealed sets (benchmarks/data;
never scored while tuning). Tune with ``--sets "public sample" "tuning set" paraphrased
"paraphrased 2"``; score the sealed sets once, with no ``--sets``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "public sample": ROOT / "tests" / "needs" / "data" / "needs_sample.csv",
    "tuning set": ROOT / "tests" / "needs" / "data" / "eval_tune.csv",
    "paraphrased": ROOT / "tests" / "needs" / "data" / "needs_paraphrased.csv",
    "paraphrased 2": ROOT / "tests" / "needs" / "data" / "needs_paraphrased_2.csv",
    "sealed A": ROOT / "benchmarks" / "data" / "needs_sealed_a.csv",
    "sealed B": ROOT / "benchmarks" / "data" / "needs_sealed_b.csv",
}


def evaluate(path: Path) -> dict[str, float]:
    import numpy as np

    from tsunagu.needs.analysis import ClusterItem, cluster, grouping_ari
    from tsunagu.needs.analysis.features import analyze_many
    from tsunagu.needs.analysis.feedback import Grouper, simulate
    from tsunagu.needs.analysis.vectors import Vectorizer
    from tsunagu.needs.management.commands.needs import read_needs

    rows = read_needs(path, "issue")
    features = analyze_many([row["text"] for row in rows])
    items = [
        ClusterItem(row["id"], row["person"] or None, row["municipality"] or None, f)
        for row, f in zip(rows, features, strict=True)
    ]
    truth = [row["issue"] for row in rows]
    labels = cluster(items)
    predicted = [labels[item.id] for item in items]
    one_offs = [p for t, p in zip(truth, predicted, strict=True) if not t]
    answered, asked = simulate(Grouper(items), {r["id"]: r["issue"] for r in rows}, len(rows))
    after = [answered[item.id] for item in items]
    persons: dict[str, set[str]] = {}
    for row, label in zip(rows, after, strict=True):
        if label:
            persons.setdefault(label, set()).add(row["person"])
    x = Vectorizer.fit(features).matrix(features)
    sims = x @ x.T
    np.fill_diagonal(sims, -1.0)
    recurring = [i for i, t in enumerate(truth) if t]
    top1 = sum(truth[int(sims[i].argmax())] == truth[i] for i in recurring) / len(recurring)
    return {
        "needs": len(rows),
        "ari": round(grouping_ari(truth, predicted), 3),
        "one_offs_alone": round(sum(1 for p in one_offs if not p) / max(1, len(one_offs)), 2),
        "ari_after_answers": round(grouping_ari(truth, after), 3),
        "questions": asked,
        "smallest_group_persons": min((len(p) for p in persons.values()), default=0),
        "similar_top1": round(top1, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "needs_eval.json"
    )
    parser.add_argument("--sets", nargs="*", default=list(SETS), help="names from SETS")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tsunagu.settings")
    import django

    django.setup()
    result = {name: evaluate(SETS[name]) for name in args.sets}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("| set | needs | ARI | one-offs alone | ARI after answers | questions | similar top-1 |")
    print("|---|---|---|---|---|---|---|")
    for name, r in result.items():
        print(
            f"| {name} | {r['needs']} | {r['ari']} | {r['one_offs_alone']:.0%} |"
            f" {r['ari_after_answers']} | {r['questions']} | {r['similar_top1']:.0%} |"
        )


if __name__ == "__main__":
    main()
