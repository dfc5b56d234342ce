"""Files in the layout of WAM NET 障害福祉サービス等情報公表システム open data (CP932, the 29
columns of ``wam_kyodoseikatsu_excerpt_cp932.csv``, whose header line is copied byte for byte).

    .venv/bin/python tests/directory/data/make_wam.py            # wam_sanbu_layout_cp932.csv
    .venv/bin/python tests/directory/data/make_wam.py 10000 OUT  # a national file of N rows

The 山武 rows are fictional (names, numbers, addresses); the flaws are those of the real
national files (a URL with a space, かな with ``?`` where CP932 lacked a character)."""

import sys
from pathlib import Path

HERE = Path(__file__).parent
OFFICIAL = HERE / "wam_kyodoseikatsu_excerpt_cp932.csv"


def header() -> bytes:
    first = OFFICIAL.read_bytes().split(b"\n", 1)[0]
    return first + b"\n"  # the published file ends its lines with LF


def row(code, no, office, name, kana, city, street, *, url="", phone="0475-00-0000",
        fax="", lat="35.56", lon="140.36", weekday="9:00～17:00", saturday="", closed="",
        capacity="5", corporate="1234567890123", org="社会福祉法人　試験会", org_kana="しけんかい"):
    cells = [code, f"A{no:010d}", "千葉県", org, org_kana, corporate, "千葉県東金市", "東岩崎1-1",
             "0475-00-0001", "0475-00-0002", "", "共同生活援助", name, kana, office, city, street,
             phone, fax, url, lat, lon, weekday, saturday, "", "", closed, "", capacity]
    quoted = [f'"{c}"' if i not in (20, 21, 26, 27, 28) or c == "" else c
              for i, c in enumerate(cells)]
    return (",".join(quoted) + "\n").encode("cp932")


def sanbu() -> bytes:
    return header() + b"".join([
        row("12000", 1, "1210000001", "グループホーム　ひかり", "ぐるーぷほーむひかり",
            "千葉県東金市", "東岩崎１－１", url="https://hikari.example.jp/", fax="0475-00-0003",
            saturday="10:00～15:00", closed="日曜・祝日"),
        row("12000", 2, "1210000002", "グループホーム　しばやま", "ぐるーぷほーむしばやま",
            "千葉県山武郡芝山町", "小池１", url="http://www ohnofukushikai.or.jp"),
        row("12000", 3, "1210000003", "グループホーム　さんぶ", "ぐるーぷほーむ?さんぶ",
            "千葉県山武市", "殿台１", lat="", lon=""),
        row("12100", 4, "1210000004", "グループホーム　ちば", "ぐるーぷほーむちば",
            "千葉県千葉市中央区", "千葉港１"),
        row("01100", 5, "0120000005", "グループホーム　さっぽろ", "ぐるーぷほーむさっぽろ",
            "北海道札幌市中央区", "北1条西2丁目"),
    ])


def national(n: int) -> bytes:
    """``n`` rows spread over the prefectures' capitals (a few in 東金市)."""
    lines = [header()]
    for i in range(n):
        if i % 500 == 0:
            city = "千葉県東金市"
        else:
            city = ["北海道札幌市中央区", "宮城県仙台市青葉区", "東京都新宿区", "愛知県名古屋市中区",
                    "大阪府大阪市北区", "福岡県福岡市博多区", "千葉県千葉市中央区"][i % 7]
        lines.append(row("00000", i, f"{9000000000 + i}", f"グループホーム　第{i}",
                         "ぐるーぷほーむ", city, f"{i}番地", url=f"https://gh{i}.example.jp/"))
    return b"".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 3:
        Path(sys.argv[2]).write_bytes(national(int(sys.argv[1])))
    else:
        (HERE / "wam_sanbu_layout_cp932.csv").write_bytes(sanbu())
