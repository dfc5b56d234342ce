"""Stripping what identifies a person from a need's text before it is quoted outside the center.

Councils and municipalities see counts and anonymized cases, never names (DOMAIN.md). A worker
writing 「山田太郎さん（東金市南上宿1-2-3、090-…）は…」 into a need must not have that reach a
council paper, so every quotation goes through redact(). What is replaced:

- person names: what Sudachi tags 人名 (山田太郎, 林, キム), and the word before an honorific
  (さん, 様, くん, ちゃん, 氏…) when it is a proper noun, unknown to the dictionary, a Latin
  initial or a 〇〇/××-style placeholder. Common nouns before さん stay (ヘルパーさん, 大家さん,
  息子さん: they identify nobody);
- addresses: a place name that goes beyond a bare prefecture or municipality (東金市南上宿),
  any place name followed by a lot number (山武市成東123番地), lot numbers in 丁目/番地/号 form,
  and postal codes (〒283-0802);
- phone numbers (10–11 digits starting with 0, or +81), e-mail addresses;
- exact birth dates (生年月日 1980/4/1, 昭和55年4月1日生まれ).

Ages (45歳, 40代) and municipality names stay: the council needs them to read the need (65歳の
介護保険移行, 町内にバス停がない), and alone they identify nobody in a 圏域.

Redaction is best effort, as any automatic one: the text is normalized (NFKC; each line trimmed,
line breaks kept) and staff still read what they quote. It is idempotent.
"""

from __future__ import annotations

import re

from tsunagu.core.text import normalize
from tsunagu.needs.analysis.thesaurus import HONORIFICS
from tsunagu.needs.analysis.tokenize import Token, tokenize

NAME = "［氏名］"
ADDRESS = "［住所］"
PHONE = "［電話番号］"
EMAIL = "［メール］"
BIRTH_DATE = "［生年月日］"

_HONORIFIC = "|".join(sorted(HONORIFICS, key=len, reverse=True))
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
# Candidates; a phone number is then required to have 10 or 11 digits (0…) or 11–12 (+81…).
_PHONE = re.compile(r"(?<![\d\-])(?:\+81[\s\-]?\(?|\(?0)[\d()\-\s]{7,16}\d(?![\d\-])")
_POSTAL = re.compile(r"〒\s?\d{3}-?\d{4}(?!\d)|(?<![\d\-])\d{3}-\d{4}(?![\d\-])")
_ERA = r"(?:明治|大正|昭和|平成|令和|[MTSHR])\s?(?:\d{1,2}|元)"
_DATE = rf"(?:{_ERA}|\d{{4}})\s?[年./\-]\s?\d{{1,2}}\s?[月./\-]\s?\d{{1,2}}\s?日?"
_BIRTH = re.compile(
    rf"(?:(?<=生年月日)|(?<=生年月日:)|(?<=生年月日: )){_DATE}"
    rf"|{_DATE}(?=\s?(?:生まれ|うまれ|生(?![活涯徒])|誕生))"
)
_PLACEHOLDER_NAME = re.compile(rf"(?:[〇○◯●◎×✕△▲□■◇＊*]{{1,4}}|[A-Z]{{1,2}})(?={_HONORIFIC})")
# Lot numbers: 2丁目3番5号, 123番地の4, 1-2-3 (three parts: two could be a range like 2-3回).
_LOT = re.compile(
    r"\d+\s?(?:丁目|番地|番|号)(?:\s?の?\s?\d+\s?(?:丁目|番地|番|号)?)*"
    r"|(?<![\d\-])[1-9]\d{0,3}-\d{1,4}-\d{1,4}(?![\d\-])"
)
# A place name that is only a prefecture and/or a municipality identifies nobody.
_BARE_PLACE = re.compile(
    r"^(?:東京都|北海道|(?:京都|大阪)府|.{2,3}県)?(?:.{1,4}郡)?(?:.{1,5}?[市区町村])?(?:.{1,4}区)?$"
)
_LOT_AFTER_PLACE = re.compile(
    r"\s?\d+(?:\s?[-の]\s?\d+)*(?:\s?(?:丁目|番地|番|号)(?:\s?の?\s?\d+)*)*"
)


def redact(text: str) -> str:
    """``text`` with names, addresses, phone numbers, mail addresses and birth dates replaced by
    ［氏名］［住所］［電話番号］［メール］［生年月日］."""
    if not text:
        return ""
    return "\n".join(_redact_line(_normalize(line)) for line in text.splitlines())


_PLACEHOLDERS = (NAME, ADDRESS, PHONE, EMAIL, BIRTH_DATE)


def _normalize(line: str) -> str:
    """normalize() folds ［］ to []: fold placeholders back, so redacting twice changes nothing."""
    line = normalize(line)
    if "[" in line:
        for placeholder in _PLACEHOLDERS:
            line = line.replace(normalize(placeholder), placeholder)
    return line


def _redact_line(line: str) -> str:
    if not line:
        return ""
    spans: list[tuple[int, int, str]] = []
    for match in _EMAIL.finditer(line):
        spans.append((match.start(), match.end(), EMAIL))
    for match in _BIRTH.finditer(line):
        spans.append((match.start(), match.end(), BIRTH_DATE))
    for match in _PHONE.finditer(line):
        digits = sum(c.isdigit() for c in match.group())
        if (10 <= digits <= 11) or (match.group().startswith("+81") and digits <= 12):
            spans.append((match.start(), match.end(), PHONE))
    for match in _POSTAL.finditer(line):
        spans.append((match.start(), match.end(), ADDRESS))
    for match in _PLACEHOLDER_NAME.finditer(line):
        spans.append((match.start(), match.end(), NAME))
    spans += _kana_name_spans(line)
    tokens = tokenize(line, mode="C")
    spans += _name_spans(line, tokens)
    spans += _address_spans(line, tokens, [(b, e) for b, e, _p in spans])
    return _apply(line, spans)


# Words before an honorific that name a relation or role, not a person (お兄ちゃん, 赤ちゃん).
_KIN = frozenset(
    "赤 兄 姉 母 父 祖父 祖母 爺 婆 息子 娘 孫 弟 妹 甥 姪 叔父 叔母 伯父 伯母 皆 奥 子 "
    "おかあ おとう おにい おねえ おじい おばあ じい ばあ にい ねえ かあ とう あか みな".split()
)
_HIRAGANA = re.compile(r"^[ぁ-ゖー]{2,}$")
_AFFECTIONATE = frozenset({"くん", "君", "ちゃん"})


def _is_name_before_honorific(token: Token, honorific: str) -> bool:
    """Whether the word before an honorific names a person.

    Proper nouns and words the dictionary does not know do. Given names are often common nouns
    to the dictionary (さくら, ひなた; 太郎 before くん): hiragana words do, and any noun before
    くん/ちゃん does, unless it is a relation (お兄ちゃん, 赤ちゃん). Other common nouns before
    さん/様 are roles (ヘルパーさん, 大家さん, 息子さん) and identify nobody."""
    if token.pos[1] == "固有名詞" or (token.oov and token.pos[0] == "名詞"):
        return True
    if token.pos[0] != "名詞" or token.pos[1] in ("数詞", "代名詞") or token.surface in _KIN:
        return False
    return bool(_HIRAGANA.match(token.surface)) or honorific in _AFFECTIONATE


_NAME_TAIL = re.compile(rf"[ぁ-ゖ]{{1,2}}(?=(?:{_HONORIFIC}))")


_AFFECTIONATE_SUFFIX = re.compile(r"くん|ちゃん")
_PARTICLES = "とやのがはにをもへ"


def _is_kana(char: str) -> bool:
    return "ぁ" <= char <= "ゖ" or char == "ー"


def _kana_name_spans(line: str) -> list[tuple[int, int, str]]:
    """Given names in hiragana before くん/ちゃん, which the dictionary often cuts as verbs or
    particles (ゆう/と/くん). The kana run back to the previous honorific or non-kana character
    is taken, less a leading particle (母とゆうとくん -> ゆうと); relations (おばあちゃん) stay."""
    spans = []
    for match in _AFFECTIONATE_SUFFIX.finditer(line):
        end = begin = match.start()
        after_honorific = False
        while begin > 0 and _is_kana(line[begin - 1]) and end - begin < 6:
            if any(line.endswith(h, 0, begin) for h in HONORIFICS):
                after_honorific = True
                break
            begin -= 1
        run = line[begin:end]
        if run and run[0] in _PARTICLES and (len(run) >= 4 or after_honorific and len(run) >= 3):
            begin, run = begin + 1, run[1:]
        if len(run) < 2 or run in _KIN or run.removeprefix("お") in _KIN:
            continue
        spans.append((begin, end, NAME))
    return spans


def _name_spans(line: str, tokens: list[Token]) -> list[tuple[int, int, str]]:
    spans = []
    i = 0
    while i < len(tokens):
        if tokens[i].is_person_name:
            j = i
            while j + 1 < len(tokens) and tokens[j + 1].is_person_name:
                j += 1
            end = tokens[j].end
            # 「ゆうとくん」 is cut ゆう/と/くん: the kana up to the honorific are the name too
            tail = _NAME_TAIL.match(line, end)
            spans.append((tokens[i].begin, tail.end() if tail else end, NAME))
            i = j + 1
            continue
        if (
            i + 1 < len(tokens)
            and tokens[i + 1].surface in HONORIFICS
            and _is_name_before_honorific(tokens[i], tokens[i + 1].surface)
        ):
            spans.append((tokens[i].begin, tokens[i].end, NAME))
        i += 1
    return spans


def _address_spans(
    line: str, tokens: list[Token], taken: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Place names beyond a municipality, place names with a lot number, lot numbers. ``taken``:
    spans already found to be something else (a phone number is no lot number)."""
    spans = []
    for token in tokens:
        if not token.is_place_name:
            continue
        lot = _LOT_AFTER_PLACE.match(line, token.end)
        has_lot = lot is not None and any(c.isdigit() for c in lot.group())
        if has_lot:
            spans.append((token.begin, lot.end(), ADDRESS))  # type: ignore[union-attr]
        elif not _BARE_PLACE.match(token.surface):
            spans.append((token.begin, token.end, ADDRESS))
    starts = {t.begin: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    for match in _LOT.finditer(line):
        if any(b < match.end() and match.start() < e for b, e in taken):
            continue
        begin = match.start()
        # reach back over the place words written before the lot number (南上宿1-2-3)
        i = ends.get(begin)
        while i is not None and i >= 0 and _place_word(tokens[i]):
            begin = tokens[i].begin
            i -= 1
        if begin in starts or begin == match.start():
            spans.append((begin, match.end(), ADDRESS))
    return spans


def _place_word(token: Token) -> bool:
    """A word that can be part of an address before its lot number: a place name or a noun
    written in kanji/katakana (町域 such as 南上宿 are often not in the dictionary)."""
    if token.is_place_name:
        return True
    if token.pos[0] != "名詞" or token.pos[1] == "数詞":
        return False
    return all("\u4e00" <= c <= "\u9fff" or "\u30a0" <= c <= "\u30ff" for c in token.surface)


def _apply(line: str, spans: list[tuple[int, int, str]]) -> str:
    """Replace non-overlapping spans, the earliest (then longest) first."""
    out: list[str] = []
    position = 0
    for begin, end, placeholder in sorted(spans, key=lambda s: (s[0], -s[1])):
        if begin < position:
            if end > position and out and out[-1] == placeholder:
                position = end  # an overlapping span of the same kind extends the last one
            continue
        out.append(line[position:begin])
        out.append(placeholder)
        position = end
    out.append(line[position:])
    return "".join(out)
