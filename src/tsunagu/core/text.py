"""Normalizing Japanese text: display form, search keys, and CP932 output.

This is the ONE place for these rules; everything else should call it.
"""

from __future__ import annotations

import re
import unicodedata

_KATA = "".join(chr(c) for c in range(0x30A1, 0x30F7)) + "ヽヾ"  # ァ..ヶ, iteration marks
_HIRA = "".join(chr(c) for c in range(0x3041, 0x3097)) + "ゝゞ"  # ぁ..ゖ
_TO_HIRA = str.maketrans(_KATA, _HIRA)
_TO_KATA = str.maketrans(_HIRA, _KATA)

# Zero-width characters that copy-and-paste brings in and nobody means.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))
_WS = re.compile(r"\s+")
_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")

# 異体字 common in personal and place names, folded to the usual (常用) form
# for search only. 斉 and 斎 are different kanji and stay apart.
VARIANT_KANJI: dict[str, str] = {
    "髙": "高", "﨑": "崎", "嵜": "崎", "碕": "崎",
    "邊": "辺", "邉": "辺", "齋": "斎", "齊": "斉",
    "濵": "浜", "濱": "浜", "德": "徳", "櫻": "桜",
    "嶋": "島", "嶌": "島", "國": "国", "澤": "沢",
    "瀨": "瀬", "廣": "広", "龍": "竜", "眞": "真",
    "惠": "恵", "冨": "富", "篭": "籠", "槇": "槙",
    "桒": "桑", "舘": "館", "渕": "淵", "峯": "峰",
    "凜": "凛", "晉": "晋", "壽": "寿", "彌": "弥",
    "禮": "礼", "黑": "黒", "關": "関", "萬": "万",
    "實": "実", "榮": "栄", "圓": "円", "槗": "橋",
    "𠮷": "吉", "𡈽": "土",
}  # fmt: skip
_FOLD_KANJI = str.maketrans(VARIANT_KANJI)

# Dash-like characters: after a kana (or ー) they count as the long-vowel mark
# ー, elsewhere as a plain hyphen "-".
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70")


def katakana_to_hiragana(text: str) -> str:
    """ァ–ヶ and ヽヾ to hiragana (ヴ -> ゔ); everything else unchanged."""
    return text.translate(_TO_HIRA)


def hiragana_to_katakana(text: str) -> str:
    """ぁ–ゖ and ゝゞ to katakana (ゔ -> ヴ); everything else unchanged."""
    return text.translate(_TO_KATA)


def normalize(text: str) -> str:
    """NFKC (width folding, half-width kana to full), trim, one space between words.

    Zero-width spaces and BOMs are dropped; any run of whitespace, including
    the ideographic space U+3000, becomes one ASCII space.
    """
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
    return _WS.sub(" ", text).strip()


def search_key(text: str) -> str:
    """A key for matching what people type against stored text.

    normalize, drop all whitespace and variation selectors, fold the
    VARIANT_KANJI table, katakana to hiragana (ヵヶ count as か/け), casefold,
    and dash-like marks to ー after kana and to "-" elsewhere.
    """
    key = _VARIATION_SELECTORS.sub("", "".join(normalize(text).split()))
    key = katakana_to_hiragana(key.translate(_FOLD_KANJI)).casefold()
    out: list[str] = []
    for c in key.replace("ゕ", "か").replace("ゖ", "け"):
        if c in _DASHES:
            c = "ー" if out and "\u3041" <= out[-1] <= "\u30ff" else "-"
        out.append(c)
    return "".join(out)


# ---- CP932 -----------------------------------------------------------------

GETA = "〓"

# Hand-picked substitutes for characters CP932 lacks (JIS X 0213 kanji,
# symbols). Ⓐ is written ○A as Chiba's 療育手帳 grades are in CP932 files (DOMAIN.md);
# other circled letters/numbers outside CP932 become "(B)", "(21)".
CP932_SUBSTITUTES: dict[str, str] = {
    "𠮷": "吉", "𡈽": "土", "塡": "填", "剝": "剥", "頰": "頬",
    "𠮟": "叱", "鷗": "鴎", "摑": "掴", "蔣": "蒋", "噓": "嘘",
    "姸": "妍", "屛": "屏", "幷": "并", "瘦": "痩", "繫": "繋",
    "俱": "倶", "槗": "橋", "—": "―", "–": "-", "¥": "￥",
    "‾": "￣", "©": "(C)", "®": "(R)", "•": "・", "Ⓐ": "○A",
}  # fmt: skip


def _cp932_form(ch: str) -> str | None:
    """``ch`` as it reads back from CP932, or None if it cannot be written.

    Private-use characters are refused: CP932 would store them as 外字 that
    other systems show as garbage.
    """
    if unicodedata.category(ch) == "Co":
        return None
    try:
        return ch.encode("cp932").decode("cp932")
    except UnicodeError:
        return None


def _writable(text: str) -> bool:
    return all(_cp932_form(c) == c for c in text)


def _shown(ch: str) -> str:
    if len(ch) == 1 and (not ch.isprintable() or unicodedata.category(ch) in ("Mn", "Me")):
        return f"U+{ord(ch):04X}"
    return f"'{ch}'"


def _substitute(ch: str) -> str:
    if ch in CP932_SUBSTITUTES:
        return CP932_SUBSTITUTES[ch]
    nfkc = unicodedata.normalize("NFKC", ch)
    if unicodedata.name(ch, "").startswith(("CIRCLED", "NEGATIVE CIRCLED")) and nfkc != ch:
        nfkc = f"({nfkc})"
    if nfkc != ch and nfkc and _writable(nfkc):
        return nfkc
    bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if bare and bare != ch and _writable(bare):
        return bare
    return GETA


def to_cp932(text: str) -> tuple[str, list[str]]:
    """Make ``text`` encodable in CP932; return it with Japanese notes of changes.

    Characters that CP932 maps one way only (〜 − ‖ ¢ £ ¬) silently become the
    form it reads back (～ － ∥ ￠ ￡ ￢). Others use CP932_SUBSTITUTES, then
    NFKC, then the letter without accents; a combining mark is composed with
    the character before it (silently) or dropped; format characters such as
    ZWJ are dropped; anything else becomes 〓. Each distinct change is noted
    once, with a count when it happened more than once.
    """
    out: list[str] = []
    counts: dict[tuple[str, str], int] = {}
    replaced = False  # whether out[-1] is a substitute (its marks go with it)
    for ch in text:
        form = _cp932_form(ch)
        if form is not None:
            out.append(form)
            replaced = False
            continue
        category = unicodedata.category(ch)
        if category == "Mn" and replaced:
            continue
        if category == "Mn" and out:
            composed = unicodedata.normalize("NFC", out[-1] + ch)
            if len(composed) == 1 and _writable(composed):
                out[-1] = composed  # same text, precomposed: not a change
                continue
            key = (out[-1] + ch, out[-1])
        elif category in ("Mn", "Me", "Cf"):
            key = (ch, "")
        else:
            key = (ch, _substitute(ch))
            out.append(key[1])
            replaced = True
        counts[key] = counts.get(key, 0) + 1
    notes: list[str] = []
    for (old, new), n in counts.items():
        if new:
            note = f"{_shown(old)} を '{new}' に置き換えました"
        else:
            note = f"{_shown(old)} を削除しました"
        notes.append(note + (f"（{n}箇所）" if n > 1 else ""))
    return "".join(out), notes
