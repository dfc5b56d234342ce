"""Cutting Japanese text into words with SudachiPy (sudachidict_core).

Why Sudachi: its normalized form folds the spellings workers actually use (送り/送る,
ひきこもり/引きこもり/引き籠もり, 一人暮らし/ひとり暮らし) so that a thesaurus term and a
need written differently still meet, and its part of speech tags 人名/地名, which redaction and
"never show a proper noun" rely on.

The dictionary is loaded lazily, once per process (functools.cache; ~0.1 s, memory-mapped), and
never at import time: importing tsunagu.needs.analysis stays cheap for the web process and for
commands that never analyze text. Tokenizers are per thread (see _tokenizer).
"""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import Any, NamedTuple

from tsunagu.core.text import normalize

# Sudachi POS (first two levels) that carry meaning for a need; the rest are particles,
# auxiliaries, symbols and the like.
_CONTENT_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞"})
_NON_CONTENT_SUB = frozenset({"数詞", "代名詞", "非自立可能", "固有名詞"})
# POS whose token never starts a thesaurus term (particles, auxiliaries, punctuation).
_NEVER_STARTS = frozenset({"助詞", "助動詞", "補助記号", "空白", "記号"})


class Token(NamedTuple):
    """One word: as written, normalized (送っ -> 送る), and Sudachi's part of speech.

    A NamedTuple: an analysis makes ~40 of these, and a tuple is the cheapest object to make."""

    surface: str
    lemma: str
    pos: tuple[str, ...]
    begin: int
    end: int
    oov: bool = False  # not in the dictionary (unusual names often are not)
    reading: str = ""  # katakana reading: 病院 and びょういん read the same

    @property
    def is_person_name(self) -> bool:
        return self.pos[1] == "固有名詞" and self.pos[2] == "人名"

    @property
    def is_place_name(self) -> bool:
        return self.pos[1] == "固有名詞" and self.pos[2] == "地名"

    @property
    def is_content(self) -> bool:
        return self.pos[0] in _CONTENT_POS and self.pos[1] not in _NON_CONTENT_SUB

    @property
    def starts_term(self) -> bool:
        return self.pos[0] not in _NEVER_STARTS


_loading = threading.Lock()


@cache
def _dictionary() -> Any:
    with _loading:  # two first requests at once load it once
        return _load_dictionary()


@cache
def _load_dictionary() -> Any:
    from sudachipy import Dictionary

    return Dictionary(dict="core")


# A Sudachi Tokenizer refuses concurrent use ("already in use"), and the web server (waitress)
# serves requests on several threads: each thread gets its own tokenizers over the one shared
# dictionary (creating one is cheap; loading the dictionary is not).
_local = threading.local()


def _tokenizer(mode: str) -> Any:
    tokenizers = getattr(_local, "tokenizers", None)
    if tokenizers is None:
        tokenizers = _local.tokenizers = {}
    tokenizer = tokenizers.get(mode)
    if tokenizer is None:
        from sudachipy import SplitMode

        split = {"A": SplitMode.A, "B": SplitMode.B, "C": SplitMode.C}[mode]
        tokenizer = tokenizers[mode] = _dictionary().tokenizer(mode=split)
    return tokenizer


@cache
def _pos(pos_id: int) -> tuple[str, ...]:
    """POS tuples are few (~1,500); sharing them keeps 300,000 analyses small."""
    return tuple(_dictionary().pos_of(pos_id))


# Sudachi refuses input over 49,149 bytes; longer text is cut at sentence ends into pieces of
# at most this many characters (3 bytes each in UTF-8, with room to spare).
_CHUNK = 8_000
_SENTENCE_END = re.compile(r"[。！？!?\n]")


def _chunks(text: str) -> list[tuple[int, str]]:
    """(offset, piece) pieces of ``text`` short enough for Sudachi, cut after a sentence end."""
    pieces = []
    start = 0
    while len(text) - start > _CHUNK:
        window = text[start : start + _CHUNK]
        ends = [m.end() for m in _SENTENCE_END.finditer(window)]
        cut = ends[-1] if ends and ends[-1] > _CHUNK // 2 else _CHUNK
        pieces.append((start, window[:cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def tokenize(text: str, mode: str = "C") -> list[Token]:
    """Words of ``text`` (normalized first: NFKC, one space). ``mode`` is Sudachi's split mode:
    "A" short units (for matching thesaurus terms inside compounds), "C" named entities whole
    (千葉県東金市南上宿 is one 地名, which redaction wants). Offsets refer to normalized_text."""
    text = normalize(text)
    if not text:
        return []
    tokenizer = _tokenizer(mode)
    return [
        Token(
            m.surface(),
            m.normalized_form(),
            _pos(m.part_of_speech_id()),
            offset + m.begin(),
            offset + m.end(),
            m.is_oov(),
            m.reading_form(),
        )
        for offset, piece in _chunks(text)
        for m in tokenizer.tokenize(piece)
    ]


def normalized_text(text: str) -> str:
    """The text offsets of tokenize() refer to."""
    return normalize(text)
