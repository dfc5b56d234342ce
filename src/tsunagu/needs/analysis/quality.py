"""Measuring how well needs are grouped: the adjusted Rand index (ARI) against a truth column.

Why ARI: it compares two partitions without caring how groups are named, is 0 for a random
grouping and 1 for a perfect one, so "plain TF-IDF scores 0.05" and "we score 0.7" mean the same
on any data set. One-off needs (empty truth) and needs in no group (None) are each their own
singleton on both sides: calling two one-offs "one group" is an error, as is missing a group.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from math import comb


def adjusted_rand_index(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """ARI of two labelings of the same items (Hubert & Arabie 1985); 1.0 when identical."""
    if len(truth) != len(predicted):
        raise ValueError("truth and predicted differ in length")
    n = len(truth)
    if n < 2:
        return 1.0
    pairs = sum(comb(c, 2) for c in Counter(zip(truth, predicted, strict=True)).values())
    truth_pairs = sum(comb(c, 2) for c in Counter(truth).values())
    predicted_pairs = sum(comb(c, 2) for c in Counter(predicted).values())
    expected = truth_pairs * predicted_pairs / comb(n, 2)
    maximum = (truth_pairs + predicted_pairs) / 2
    if maximum == expected:
        return 1.0
    return (pairs - expected) / (maximum - expected)


def singletons(labels: Sequence[Hashable | None]) -> list[Hashable]:
    """Labels with every empty/None one made unique, as ARI needs one-offs to be."""
    return [
        ("one-off", i) if label is None or label == "" else ("group", label)
        for i, label in enumerate(labels)
    ]


def grouping_ari(truth: Sequence[str | None], predicted: Sequence[str | None]) -> float:
    """ARI of a grouping of needs against the truth, one-offs and ungrouped as singletons."""
    return adjusted_rand_index(singletons(truth), singletons(predicted))


def evaluate_rows(
    rows: Sequence[dict[str, str]], *, truth_column: str = "issue", min_persons: int = 3
) -> float:
    """ARI of cluster() on rows with id, person, municipality, text and ``truth_column``."""
    from tsunagu.needs.analysis.cluster import ClusterItem, cluster
    from tsunagu.needs.analysis.features import analyze

    items = [
        ClusterItem(
            id=row["id"],
            person=row.get("person") or None,
            municipality=row.get("municipality") or None,
            features=analyze(row["text"]),
        )
        for row in rows
    ]
    labels = cluster(items, min_persons=min_persons)
    return grouping_ari([row.get(truth_column) for row in rows], [labels[i.id] for i in items])
