"""Needs as vectors, for similarity: what grouping and "similar needs" compare.

One need's vector joins four blocks, each scaled to unit length and weighted (WEIGHTS):

- ``topic``: the thesaurus topics the need mentions (the meaning, when the words differ);
- ``category``: the 課題分類 those topics point to (partial credit within a category);
- ``word``: its content words, weighted by rarity (TF-IDF over the needs being compared);
- ``reading``: character trigrams of its katakana reading, by rarity, so kana-only text,
  typos and other spellings of the same words still meet.

The similarity of two needs is the dot product of their vectors: the weighted mean of the four
cosine similarities (0..1). The topic and category blocks reach unit length only from a mass of
one full thesaurus term (MASS_FLOOR): weak evidence of a topic counts less. The thesaurus is
one feature among four, not the grouping: two
needs in one topic can differ in words, and needs in no topic can still be alike.

Vectors are dense numpy rows over the features seen at least twice (a feature of one need
alone adds nothing to any dot product, only to that need's length, which is kept).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from tsunagu.needs.analysis.features import Features, category_masses

# Chosen on tests/needs/data/eval_tune.csv and the public sample only (see docs/benchmarks.md).
WEIGHTS = {"topic": 0.3, "category": 0.1, "word": 0.4, "reading": 0.3}
_NGRAM = 3
# The thesaurus blocks are scaled to unit length only when the need says enough about them:
# below a mass of one full term, the vector keeps its (shorter) length. Without this floor a
# need whose only match is one weak term (「わからない」 0.2 in 年金・制度手続) was as strongly
# "about" that topic as a need naming it three times, and two such needs were 0.3 alike from
# that alone. Chosen on the tuning set and the public sets only (docs/needs-grouping.md).
MASS_FLOOR = {"topic": 1.0, "category": 1.0}


def trigrams(reading: str) -> list[str]:
    out = []
    for part in reading.split():
        if len(part) < _NGRAM:
            if len(part) >= 2:
                out.append(part)
            continue
        out.extend(part[i : i + _NGRAM] for i in range(len(part) - _NGRAM + 1))
    return out


def raw_blocks(f: Features) -> dict[str, dict[str, float]]:
    """The need's features per block, before rarity weighting."""
    return {
        "topic": dict(f.concepts),
        "category": category_masses(f),
        "word": dict.fromkeys(f.lemmas, 1.0),
        "reading": {g: float(c) for g, c in Counter(trigrams(f.reading)).items()},
    }


@dataclass
class Vectorizer:
    """Rarity weights learnt from a set of needs, and the columns of the dense vectors."""

    idf: dict[tuple[str, str], float]
    columns: dict[tuple[str, str], int]
    weights: dict[str, float]
    default_idf: float

    @classmethod
    def fit(
        cls, features: Sequence[Features], weights: dict[str, float] | None = None
    ) -> Vectorizer:
        df: Counter[tuple[str, str]] = Counter()
        for f in features:
            for block, values in raw_blocks(f).items():
                df.update((block, key) for key in values)
        n = max(1, len(features))
        idf = {key: math.log((1 + n) / (1 + count)) + 1.0 for key, count in df.items()}
        columns = {key: i for i, key in enumerate(k for k, c in df.items() if c >= 2)}
        return cls(idf, columns, dict(weights or WEIGHTS), math.log(1 + n) + 1.0)

    def restricted(self, features: Sequence[Features]) -> Vectorizer:
        """The same rarity weights, with columns only for what ``features`` share (seen in at
        least two of them): a sample's vectors stay small however large the whole is, and the
        dot product with anything built from the sample is unchanged."""
        df: Counter[tuple[str, str]] = Counter()
        for f in features:
            for block, values in raw_blocks(f).items():
                df.update((block, key) for key in values)
        columns = {key: i for i, key in enumerate(k for k, c in df.items() if c >= 2)}
        return Vectorizer(self.idf, columns, self.weights, self.default_idf)

    def sparse(self, f: Features) -> dict[int, float]:
        """Column -> value of the need's unit-length vector (features in no column dropped
        after the length is taken)."""
        out: dict[int, float] = {}
        total = sum(self.weights.values()) or 1.0
        for block, values in raw_blocks(f).items():
            if not values:
                continue
            rare = block in ("word", "reading")
            scaled = {
                key: value * (self.idf.get((block, key), self.default_idf) if rare else 1.0)
                for key, value in values.items()
            }
            norm = math.sqrt(sum(v * v for v in scaled.values()))
            if norm <= 0.0:
                continue
            norm = max(norm, MASS_FLOOR.get(block, 0.0))
            factor = math.sqrt(self.weights[block] / total) / norm
            for key, value in scaled.items():
                column = self.columns.get((block, key))
                if column is not None:
                    out[column] = value * factor
        return out

    def matrix(self, features: Iterable[Features]) -> np.ndarray:
        rows = [self.sparse(f) for f in features]
        out = np.zeros((len(rows), len(self.columns)), dtype=np.float32)
        for i, row in enumerate(rows):
            if row:
                out[i, list(row)] = list(row.values())
        return out


BLOCKS = tuple(WEIGHTS)


def block_vectorizers(features: Sequence[Features]) -> dict[str, Vectorizer]:
    """One vectorizer per block, sharing the rarity weights and columns of the whole: the dot
    product of two needs' vectors from ``block_vectorizers(...)[b]`` is their cosine in block
    ``b`` alone. The similarity under any weights is the weighted mean of these four cosines,
    which is what learning weights from the secretariat's answers needs (feedback.py)."""
    base = Vectorizer.fit(features)
    return {
        block: Vectorizer(
            base.idf, base.columns, {k: float(k == block) for k in BLOCKS}, base.default_idf
        )
        for block in BLOCKS
    }


def similarity_matrix(features: Sequence[Features]) -> np.ndarray:
    """n × n similarities (0..1) of the needs among themselves."""
    x = Vectorizer.fit(features).matrix(features)
    return np.clip(x @ x.T, 0.0, 1.0)
