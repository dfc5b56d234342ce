"""What the analysis makes of one need's text, and what can be computed from that alone.

A need's Features are stored with it (Need.analysis), so grouping 300,000 needs never tokenizes
them again. They hold words (lemmas, for "similar needs" and for naming a group) and thesaurus
topics with weights (concepts, for categories and grouping): the topics carry the meaning when
two workers word the same wall differently, the lemmas tell near-identical wordings apart.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tsunagu.needs.analysis import thesaurus
from tsunagu.needs.analysis.tokenize import Token, normalized_text, tokenize

# A topic's score in one need is the sum of its matched term weights, capped: a long text that
# repeats 「バス」 five times is not five times as much about transport.
_TOPIC_CAP = 2.0
# Below this total category mass a text says nothing the thesaurus recognizes.
MIN_MASS = 0.5
# similarity(): how much each layer counts. Topics carry the meaning; the category layer gives
# partial credit to needs about different topics of one category; lemmas separate wordings.
_W_TOPIC, _W_CATEGORY, _W_LEMMA = 1.0, 0.5, 0.35


@dataclass(frozen=True)
class Features:
    """The analysis of one text. JSON-serializable (to_json/from_json) for Need.analysis.

    ``version`` is thesaurus.VERSION at analysis time: stored features of another version must
    be recomputed (see is_current)."""

    lemmas: tuple[str, ...] = ()
    concepts: Mapping[str, float] = field(default_factory=dict)
    version: int = thesaurus.VERSION
    # The text as read aloud, in katakana, names and punctuation left out: compared by
    # character trigrams, so 「病院に行くバス」 and 「びょういんにいくばす」 are alike.
    reading: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "v": self.version,
            "lemmas": list(self.lemmas),
            "concepts": dict(self.concepts),
            "reading": self.reading,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Features:
        return cls(
            lemmas=tuple(sys.intern(str(w)) for w in data.get("lemmas", ())),
            concepts={
                sys.intern(str(k)): float(v) for k, v in dict(data.get("concepts", {})).items()
            },
            version=int(data.get("v", 0)),
            reading=str(data.get("reading", "")),
        )

    @property
    def is_current(self) -> bool:
        return self.version == thesaurus.VERSION

    @property
    def recognized(self) -> bool:
        """Whether the thesaurus found what the need is about."""
        return sum(category_masses(self).values()) >= MIN_MASS


def stored_features(data: Mapping[str, Any] | None, text: str) -> Features:
    """The stored analysis of a need (Need.analysis) if this thesaurus version made it, else a
    fresh analysis of ``text``: a thesaurus change must not leave old needs ungroupable."""
    if data:
        features = Features.from_json(data)
        if features.is_current:
            return features
    return analyze(text)


# ---- the thesaurus, compiled -----------------------------------------------------------------


@dataclass(frozen=True)
class _Topic:
    key: str
    keyword: str
    categories: tuple[tuple[str, float], ...]  # (code, weight), primary first


@cache
def topics() -> dict[str, _Topic]:
    """Topic key -> topic, in thesaurus order."""
    out: dict[str, _Topic] = {}
    for key, keyword, categories, _terms in thesaurus.TOPICS:
        parsed = []
        for part in categories.split():
            code, _sep, weight = part.partition(":")
            if code not in thesaurus.CATEGORY_CODES:
                raise ValueError(f"thesaurus topic {key}: unknown category {code}")
            parsed.append((code, float(weight or 1.0)))
        out[key] = _Topic(key, keyword, tuple(parsed))
    return out


@cache
def _topic_categories() -> dict[str, tuple[tuple[str, float], ...]]:
    return {key: topic.categories for key, topic in topics().items()}


@dataclass(frozen=True)
class _Matcher:
    """The thesaurus terms, indexed two ways.

    By normalized short-unit lemma sequence, so conjugations and spelling variants match
    (送っている ~ 送る); and by surface form, because Sudachi may cut or normalize a word
    differently in a sentence than alone (「空き」 alone is the verb 空く, in 「空きがない」 the noun
    明き). A surface match must start and end on word boundaries: 「たん」 must not match in
    「とたん」."""

    entries: tuple[tuple[tuple[str, float], ...], ...]  # term id -> ((topic, weight), ...)
    by_lemmas: dict[tuple[str, ...], int]
    lemma_starts: frozenset[str]
    longest: int
    by_first_char: dict[str, tuple[tuple[str, int], ...]]  # longest surface first


@cache
def _matcher() -> _Matcher:
    entries: list[dict[str, float]] = []
    by_lemmas: dict[tuple[str, ...], int] = {}
    by_surface: dict[str, int] = {}
    for key, _keyword, _categories, terms in thesaurus.TOPICS:
        for raw in terms.split():
            term, _sep, weight = raw.partition("*")
            surface = normalized_text(term)
            sequence = tuple(t.lemma for t in tokenize(surface, mode="A"))
            if not sequence:
                continue
            term_id = by_lemmas.get(sequence, by_surface.get(surface))
            if term_id is None:
                term_id = len(entries)
                entries.append({})
            by_lemmas.setdefault(sequence, term_id)
            by_surface.setdefault(surface, term_id)
            entries[term_id].setdefault(key, float(weight or 1.0))
    first: dict[str, list[tuple[str, int]]] = {}
    for surface, term_id in by_surface.items():
        first.setdefault(surface[0], []).append((surface, term_id))
    return _Matcher(
        entries=tuple(tuple(e.items()) for e in entries),
        by_lemmas=by_lemmas,
        lemma_starts=frozenset(seq[0] for seq in by_lemmas),
        longest=max(len(seq) for seq in by_lemmas),
        by_first_char={
            c: tuple(sorted(v, key=lambda item: -len(item[0]))) for c, v in first.items()
        },
    )


def match_topics(text: str, short: list[Token]) -> dict[str, float]:
    """Topic scores of normalized ``text`` cut into short-unit ``short`` tokens.

    Where terms overlap the leftmost, then longest wins (「仕事を休む」 over 「仕事」); each
    distinct term counts once (repetition is not emphasis), and a topic's score is capped."""
    matcher = _matcher()
    ends = {t.end for t in short}
    best: dict[int, tuple[int, int]] = {}  # start -> (end, term id)

    def offer(start: int, end: int, term_id: int) -> None:
        if start not in best or end > best[start][0]:
            best[start] = (end, term_id)

    lemmas = [t.lemma for t in short]
    n = len(short)
    for i, token in enumerate(short):
        if not token.starts_term:
            continue
        if lemmas[i] in matcher.lemma_starts:
            for length in range(min(matcher.longest, n - i), 0, -1):
                term_id = matcher.by_lemmas.get(tuple(lemmas[i : i + length]))
                if term_id is not None:
                    offer(token.begin, short[i + length - 1].end, term_id)
                    break
        for surface, term_id in matcher.by_first_char.get(text[token.begin], ()):
            end = token.begin + len(surface)
            if end in ends and text.startswith(surface, token.begin):
                offer(token.begin, end, term_id)
                break
    found: dict[str, dict[int, float]] = {}
    covered = -1
    for start in sorted(best):
        if start < covered:
            continue
        end, term_id = best[start]
        covered = end
        for key, weight in matcher.entries[term_id]:
            found.setdefault(key, {})[term_id] = weight
    return {key: round(min(_TOPIC_CAP, sum(terms.values())), 3) for key, terms in found.items()}


def content_lemmas(tokens: list[Token]) -> tuple[str, ...]:
    """Meaningful words in order, once each: no particles, numbers, stop words, nor any proper
    noun or word before an honorific (names must never reach keywords or stored analyses)."""
    out: dict[str, None] = {}
    for i, token in enumerate(tokens):
        if not token.is_content:
            continue
        if i + 1 < len(tokens) and tokens[i + 1].surface in thesaurus.HONORIFICS:
            continue
        lemma = token.lemma
        if lemma in thesaurus.STOP_LEMMAS or len(lemma) == 1 and lemma.isascii():
            continue
        if all("\u3041" <= c <= "\u309f" for c in lemma) and len(lemma) < 2:
            continue
        out[sys.intern(lemma)] = None
    return tuple(out)


def analyze(text: str) -> Features:
    """Tokenize ``text`` and look its words up in the thesaurus. ~0.2 ms per need."""
    if not text or not text.strip():
        return Features()
    normal = normalized_text(text)
    concepts = match_topics(normal, tokenize(normal, mode="A"))
    whole = tokenize(text, mode="C")
    lemmas = content_lemmas(whole)
    return Features(
        lemmas=lemmas,
        concepts={sys.intern(k): v for k, v in concepts.items()},
        reading=reading(whole),
    )


_HIRAGANA_TO_KATAKANA = {c: c + 0x60 for c in range(0x3041, 0x3097)}
_NO_READING = frozenset({"補助記号", "空白", "記号"})


def reading(tokens: list[Token]) -> str:
    """The katakana reading of ``tokens``; a name (or a word before an honorific) and
    punctuation become a space, so they never make two needs alike."""
    out = []
    for i, token in enumerate(tokens):
        if (
            token.pos[0] in _NO_READING
            or token.pos[1] == "固有名詞"
            or (i + 1 < len(tokens) and tokens[i + 1].surface in thesaurus.HONORIFICS)
            or token.pos[1] == "数詞"
        ):
            out.append(" ")
        else:
            out.append((token.reading or token.surface).translate(_HIRAGANA_TO_KATAKANA))
    return " ".join("".join(out).split())


# ---- what follows from Features ----------------------------------------------------------------


def category_masses(features: Features) -> dict[str, float]:
    """How much of the need is about each 課題分類 (unnormalized; empty when unrecognized)."""
    table = _topic_categories()
    masses: dict[str, float] = {}
    for key, score in features.concepts.items():
        for code, weight in table.get(key, ()):
            masses[code] = masses.get(code, 0.0) + score * weight
    return masses


def suggest_categories(text: str, limit: int = 3) -> list[tuple[str, float]]:
    """Likely 課題分類 codes for ``text`` with their share (0..1), best first.

    [] when the thesaurus recognizes nothing: better no suggestion than a wrong one. Categories
    with less than a tenth of the weight are left out."""
    masses = category_masses(analyze(text))
    total = sum(masses.values())
    if total < MIN_MASS:
        return []
    order = {code: i for i, code in enumerate(thesaurus.CATEGORY_CODES)}
    ranked = sorted(masses.items(), key=lambda item: (-item[1], order[item[0]]))
    return [(code, round(mass / total, 3)) for code, mass in ranked if mass / total >= 0.1][:limit]


def _vector(features: Features) -> dict[tuple[str, str], float]:
    vector: dict[tuple[str, str], float] = {}
    for key, score in features.concepts.items():
        vector[("t", key)] = _W_TOPIC * score
    for code, mass in category_masses(features).items():
        vector[("c", code)] = _W_CATEGORY * mass
    if features.lemmas:
        each = _W_LEMMA / math.sqrt(len(features.lemmas))
        for lemma in features.lemmas:
            vector[("l", lemma)] = each
    return vector


def similarity(a: Features, b: Features) -> float:
    """Cosine similarity (0..1) of two needs over topics, categories and words."""
    va, vb = _vector(a), _vector(b)
    if not va or not vb:
        return 0.0
    if len(vb) < len(va):
        va, vb = vb, va
    dot = sum(w * vb.get(k, 0.0) for k, w in va.items())
    if dot <= 0.0:
        return 0.0
    na = math.sqrt(sum(w * w for w in va.values()))
    nb = math.sqrt(sum(w * w for w in vb.values()))
    return max(0.0, min(1.0, dot / (na * nb)))


# ---- many at once ------------------------------------------------------------------------------

# Below this many texts a second process costs more than it saves.
_PARALLEL_FROM = 5_000
_BATCH = 2_000


def _analyze_batch(texts: list[str]) -> list[Features]:
    return [analyze(text) for text in texts]


def analyze_many(texts: list[str], *, workers: int | None = None) -> list[Features]:
    """analyze() for each text, in order, on up to ``workers`` processes (default: the CPU
    count, at most 4). Analysis is CPU-bound Python, so threads would not help; forked processes
    share the already loaded dictionary. Falls back to one process where fork is unavailable."""
    import multiprocessing
    import os

    if workers is None:
        workers = min(4, os.cpu_count() or 1)
    if workers <= 1 or len(texts) < _PARALLEL_FROM:
        return _analyze_batch(texts)
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        return _analyze_batch(texts)
    _matcher()  # load the dictionary and the thesaurus once, before forking
    batches = [texts[i : i + _BATCH] for i in range(0, len(texts), _BATCH)]
    with context.Pool(workers) as pool:
        return [f for batch in pool.imap(_analyze_batch, batches) for f in batch]
