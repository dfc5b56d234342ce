"""The columns of the directory sheet, and the words and patterns its cells are read with."""

from __future__ import annotations

import re

from tsunagu.directory import taxonomy as tx

HEADERS = (
    "サービスID", "実施場所ID", "名称", "名称(かな)", "運営団体", "説明", "分類コード",
    "提供内容", "郵便番号", "市町村", "町域・番地", "建物", "電話番号", "メール", "URL",
    "緯度", "経度", "車いす", "駐車場", "公共交通", "開所時間", "最終確認日",
)  # fmt: skip
(
    COL_SERVICE_ID, COL_SAL_ID, COL_NAME, COL_KANA, COL_ORGANIZATION, COL_DESCRIPTION,
    COL_CATEGORIES, COL_OFFERINGS, COL_POSTAL_CODE, COL_CITY, COL_ADDRESS_1, COL_ADDRESS_2,
    COL_PHONE, COL_EMAIL, COL_URL, COL_LATITUDE, COL_LONGITUDE, COL_WHEELCHAIR, COL_PARKING,
    COL_PUBLIC_TRANSPORT, COL_HOURS, COL_ASSURED_DATE,
) = HEADERS  # fmt: skip
SERVICE_COLUMNS = (
    COL_NAME, COL_KANA, COL_ORGANIZATION, COL_DESCRIPTION, COL_CATEGORIES, COL_OFFERINGS,
    COL_PHONE, COL_EMAIL, COL_URL, COL_HOURS, COL_ASSURED_DATE,
)  # fmt: skip
ADDRESS_COLUMNS = (COL_POSTAL_CODE, COL_CITY, COL_ADDRESS_1, COL_ADDRESS_2)
FLAG_COLUMNS = {
    COL_WHEELCHAIR: tx.ACCESS_WHEELCHAIR,
    COL_PARKING: tx.ACCESS_PARKING,
    COL_PUBLIC_TRANSPORT: tx.ACCESS_PUBLIC_TRANSPORT,
}
LOCATION_COLUMNS = (*ADDRESS_COLUMNS, COL_LATITUDE, COL_LONGITUDE, *FLAG_COLUMNS)

YES = "○"
TRUE_WORDS = frozenset({"○", "◯", "〇", "はい", "あり", "有", "可", "1", "true", "yes", "y"})
FALSE_WORDS = frozenset(
    {"", "×", "✕", "いいえ", "なし", "無", "不可", "0", "false", "no", "n", "-"}
)
PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
    "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
    "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
    "鹿児島県", "沖縄県",
)  # fmt: skip
POSTAL_NOISE = str.maketrans({"〒": "", "ー": "-", "−": "-", "‐": "-", " ": ""})
SEPARATOR = ";"
HOURS_SEPARATOR = " / "
POSTAL_PATTERN = re.compile(r"^(\d{3})-?(\d{4})$")
URL_PATTERN = re.compile(r"^https?://\S+$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


