"""The personal-data check on community text reuses the needs redaction, as a warning."""

import pytest

from tsunagu.community.textcheck import personal_data_findings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("山田太郎さんから電話があった", ["氏名"]),
        ("連絡先は090-1234-5678です", ["電話番号"]),
        ("東金市南上宿1-2-3の家で", ["住所"]),
        ("高校で講話。生徒40人が学習カードを書いた。", []),
        ("東金市の自治会長さんと、ヘルパーさんの不足について話した。", []),
    ],
)
def test_findings(text, expected):
    assert personal_data_findings(text) == expected


def test_several_texts_and_kinds_are_reported_once():
    assert personal_data_findings("山田太郎さん", "佐藤花子さん 090-1234-5678") == [
        "氏名",
        "電話番号",
    ]


def test_a_placeholder_already_typed_is_no_finding():
    assert personal_data_findings("［氏名］さんの件") == []
