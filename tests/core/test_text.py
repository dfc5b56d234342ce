"""Tests for tsunagu.core.text: normalize, search_key, to_cp932, kana helpers."""

import pytest

from tsunagu.core.text import (
    CP932_SUBSTITUTES,
    GETA,
    VARIANT_KANJI,
    hiragana_to_katakana,
    katakana_to_hiragana,
    normalize,
    search_key,
    to_cp932,
)

# ---- kana helpers --------------------------------------------------------------


def test_katakana_to_hiragana():
    assert katakana_to_hiragana("ヤマダ タロウ") == "やまだ たろう"
    assert katakana_to_hiragana("ヴァイオリン") == "ゔぁいおりん"
    assert katakana_to_hiragana("ァィゥェォッャュョヮヵヶ") == "ぁぃぅぇぉっゃゅょゎゕゖ"
    assert katakana_to_hiragana("ヽヾ") == "ゝゞ"
    assert katakana_to_hiragana("ABC 山田 ー・") == "ABC 山田 ー・"


def test_hiragana_to_katakana():
    assert hiragana_to_katakana("やまだ たろう") == "ヤマダ タロウ"
    assert hiragana_to_katakana("ゔ") == "ヴ"
    assert hiragana_to_katakana("ゝゞ") == "ヽヾ"
    assert hiragana_to_katakana("漢字abc") == "漢字abc"


def test_kana_round_trip():
    hira = "".join(chr(c) for c in range(0x3041, 0x3097))
    assert katakana_to_hiragana(hiragana_to_katakana(hira)) == hira


# ---- normalize -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"),
        ("ｶﾞｷﾞｸﾞｹﾞｺﾞ ﾊﾟﾋﾟ", "ガギグゲゴ パピ"),
        ("ＡＢＣ１２３", "ABC123"),
        ("  山田\u3000\u3000太郎  ", "山田 太郎"),
        ("山田\t\n太郎", "山田 太郎"),
        ("\u3000", ""),
        ("山\u200b田\ufeff", "山田"),
        ("㈱つなぐ", "(株)つなぐ"),
        ("", ""),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_normalize_is_idempotent():
    for text in ["ﾔﾏﾀﾞ　ﾀﾛｳ", " Ａ　Ｂ ", "髙橋"]:
        assert normalize(normalize(text)) == normalize(text)


# ---- search_key -----------------------------------------------------------------


def test_search_key_half_width_katakana_matches_hiragana():
    assert search_key("ﾔﾏﾀﾞ ﾀﾛｳ") == search_key("やまだ たろう") == "やまだたろう"
    assert search_key("ヤマダ　タロウ") == "やまだたろう"


def test_search_key_removes_all_whitespace():
    assert search_key(" 山田\u3000 太郎\t") == "山田太郎"


def test_search_key_lowercases_and_folds_width():
    assert search_key("ＴＳＵＮＡＧＵ Center") == "tsunagucenter"
    assert search_key("Straße") == search_key("STRASSE")


@pytest.mark.parametrize(
    ("variant", "usual"),
    [
        ("髙橋", "高橋"),
        ("山﨑", "山崎"),
        ("渡邊", "渡辺"),
        ("渡邉", "渡辺"),
        ("齋藤", "斎藤"),
        ("齊藤", "斉藤"),
        ("濵田", "浜田"),
        ("濱田", "浜田"),
        ("德永", "徳永"),
        ("櫻井", "桜井"),
        ("小嶋", "小島"),
        ("中嶌", "中島"),
        ("國分", "国分"),
        ("澤田", "沢田"),
        ("廣瀨", "広瀬"),
        ("龍也", "竜也"),
        ("眞弓", "真弓"),
        ("惠子", "恵子"),
        ("冨田", "富田"),
        ("𠮷田", "吉田"),
    ],
)
def test_search_key_folds_variant_kanji(variant, usual):
    assert search_key(variant) == search_key(usual)


def test_search_key_keeps_distinct_kanji_apart():
    assert search_key("斉藤") != search_key("斎藤")


def test_variant_table_is_sane():
    assert len(VARIANT_KANJI) >= 30
    for variant, usual in VARIANT_KANJI.items():
        assert len(variant) == 1 and len(usual) == 1
        assert usual not in VARIANT_KANJI  # folding is one step, not a chain
        assert search_key(variant) == search_key(usual)


def test_search_key_ignores_variation_selectors():
    assert search_key("葛\U000e0100飾") == search_key("葛飾")


@pytest.mark.parametrize(
    "text",
    ["サーバー", "サ－バ－", "サ-バ-", "ｻｰﾊﾞｰ", "さ—ば―", "サ−バ−"],
)
def test_search_key_folds_long_vowel_marks(text):
    assert search_key(text) == "さーばー"


def test_search_key_dashes_outside_kana_are_hyphens():
    assert search_key("03−1234－5678") == "03-1234-5678"
    assert search_key("A—B") == "a-b"


def test_search_key_small_ke():
    assert search_key("霞ヶ関") == search_key("霞ケ関") == search_key("霞け関")


def test_search_key_substring_matching():
    assert search_key("ﾀﾛｳ") in search_key("山田　太郎（やまだ たろう）")


# ---- to_cp932 ----------------------------------------------------------------------


def test_to_cp932_leaves_plain_text_alone():
    text = "山田太郎 ①～③ ㈱ ｱｲｳ ABC 髙橋 﨑"
    assert to_cp932(text) == (text, [])


def test_to_cp932_substitutes_and_reports():
    converted, changes = to_cp932("𠮷田さん")
    assert converted == "吉田さん"
    assert changes == ["'𠮷' を '吉' に置き換えました"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ⓐ", "○A"),
        ("Ⓑ", "(B)"),
        ("㉑", "(21)"),
        ("—", "―"),
        ("¥100", "￥100"),
        ("©2024", "(C)2024"),
        ("™", "TM"),
        ("café", "cafe"),
        ("𡈽屋", "土屋"),
        ("頰", "頬"),
        ("𠮟る", "叱る"),
        ("森鷗外", "森鴎外"),
        ("♡", GETA),
        ("𩸽", GETA),
        ("😀", GETA),
    ],
)
def test_to_cp932_rules(text, expected):
    converted, changes = to_cp932(text)
    assert converted == expected
    assert len(changes) == 1
    assert changes[0].endswith("に置き換えました")


def test_to_cp932_one_way_characters_become_their_round_trip_form_silently():
    assert to_cp932("〜−‖¢£¬") == ("～－∥￠￡￢", [])


def test_to_cp932_composes_combining_marks_silently():
    assert to_cp932("か\u3099ハ\u309a") == ("がパ", [])


def test_to_cp932_drops_invisible_and_combining_marks_with_a_note():
    converted, changes = to_cp932("葛\U000e0100飾")
    assert converted == "葛飾"
    assert changes == ["'葛\U000e0100' を '葛' に置き換えました"]
    converted, changes = to_cp932("\u0301x\u200d")
    assert converted == "x"
    assert changes == ["U+0301 を削除しました", "U+200D を削除しました"]


def test_to_cp932_emoji_sequence_is_one_geta_per_symbol():
    converted, changes = to_cp932("❤️")
    assert converted == GETA
    assert changes == ["'❤' を '〓' に置き換えました"]


def test_to_cp932_refuses_private_use_characters():
    converted, changes = to_cp932("\ue000")
    assert converted == GETA
    assert changes == ["U+E000 を '〓' に置き換えました"]


def test_to_cp932_counts_repeats():
    converted, changes = to_cp932("𠮷田𠮷子")
    assert converted == "吉田吉子"
    assert changes == ["'𠮷' を '吉' に置き換えました（2箇所）"]


def test_to_cp932_substitutes_are_writable():
    for old, new in CP932_SUBSTITUTES.items():
        new.encode("cp932")
        assert to_cp932(old)[0] == new


def test_to_cp932_round_trip_over_everything():
    text = "".join(chr(c) for c in range(0x20, 0x3000)) + "𠮷𩸽😀👨‍👩‍👧\U000e0100\ud800"
    text += "".join(chr(c) for c in range(0x3000, 0x10000, 7))
    converted, changes = to_cp932(text)
    assert converted.encode("cp932").decode("cp932") == converted
    assert changes
    assert all("ました" in c for c in changes)
