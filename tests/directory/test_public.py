"""The public directory pages (no login): search and its filters, distance order, "open now"
at fixed times, a service's page, the 居場所 map, the A4 list, 404s and query counts.

The directory is ``public_directory`` (tests/directory/fixtures_public.py); times are fixed with
time_machine: 2026-07-15 (Wed) 11:00, 2026-07-20 (Mon, 海の日), 2026-11-03 (Tue, 文化の日)."""

import json
import re
from datetime import datetime

import pytest
import time_machine
from tests.directory.fixtures_public import add_service, schedule

from tsunagu.core.dates import TOKYO
from tsunagu.directory.public_selectors import (
    address_text,
    phone,
    postal_code,
    public_service_list,
)
from tsunagu.directory.taxonomy import term_uuid

BASE = "/public/sanbu/directory/"
WEDNESDAY_11 = datetime(2026, 7, 15, 11, 0, tzinfo=TOKYO)


@pytest.fixture
def wednesday():
    with time_machine.travel(WEDNESDAY_11, tick=False):
        yield


def names(response) -> list[str]:
    """The services listed, in order (each card's heading)."""
    html = response.content.decode()
    return re.findall(r'<h3 class="place-card__name"[^>]*><a [^>]*>([^<]+)</a>', html)


# ---- search -------------------------------------------------------------------------------


def test_anyone_can_search_published_services_only(
    client,
    public_directory,
    public_unpublished,
    public_defunct,
    public_other_region_service,
    wednesday,
):
    response = client.get(BASE)

    assert response.status_code == 200
    # 五十音順 by reading, hiragana and katakana alike (カフェ ミチクサ is stored in katakana).
    assert names(response) == [
        "カフェ みちくさ",
        "九十九里 クールステーション",
        "こども食堂 にじいろ",
        "はたらく森",
        "ふれあいサロン ひだまり",
    ]
    html = response.content.decode()
    assert "準備中の居場所" not in html  # not published
    assert "閉じたサロン" not in html  # 廃止
    assert "よその居場所" not in html  # another region
    assert "見つかった場所：5件" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ミチクサ", ["カフェ みちくさ"]),  # katakana finds hiragana
        ("ひだまり", ["ふれあいサロン ひだまり"]),
        ("ﾋﾀﾞﾏﾘ", ["ふれあいサロン ひだまり"]),  # half-width katakana
        ("くーるすてーしょん", ["九十九里 クールステーション"]),  # hiragana finds katakana
        ("サロン　お茶", ["ふれあいサロン ひだまり"]),  # every word, full-width space
        ("サロン 食堂", []),
        ("子ども食堂", ["こども食堂 にじいろ"]),  # a category's name
        ("東金市", ["ふれあいサロン ひだまり"]),  # the municipality's name
    ],
)
def test_search_by_words_ignores_kana_kind_and_width(
    client, public_directory, query, expected, wednesday
):
    assert names(client.get(BASE, {"q": query})) == expected


def test_filter_by_municipality(client, public_directory, wednesday):
    assert names(client.get(BASE, {"municipality": "12237"})) == ["カフェ みちくさ"]
    assert names(client.get(BASE, {"municipality": "12410"})) == []  # 横芝光町: nothing there


def test_filter_by_category_includes_narrower_terms(client, public_directory, wednesday):
    kodomo = str(term_uuid("svc-kodomo-shokudo"))
    assert names(client.get(BASE, {"category": kodomo})) == ["こども食堂 にじいろ"]
    # はたらく森 is 就労継続支援B型, under 障害福祉サービス: the broader term is offered too.
    welfare = str(term_uuid("svc-disability-welfare"))
    response = client.get(BASE, {"category": welfare})
    assert names(response) == ["はたらく森"]
    assert (
        f'<option value="{welfare}" selected>障害福祉サービス</option>' in response.content.decode()
    )


def test_categories_offered_are_those_in_use_grouped_by_taxonomy(
    client, public_directory, wednesday
):
    html = client.get(BASE).content.decode()
    assert '<optgroup label="サービス・活動の種類">' in html
    assert ">子ども食堂</option>" in html
    assert ">フードバンク</option>" not in html  # no service uses it
    assert ">車いすで利用できる</option>" not in html  # access terms have their own filter


def test_filter_by_offering(client, public_directory, wednesday):
    assert names(client.get(BASE, {"offering": "consultation"})) == ["カフェ みちくさ"]
    assert names(client.get(BASE, {"offering": "cool"})) == ["九十九里 クールステーション"]


def test_filter_by_access_needs_one_place_with_all_of_them(client, public_directory, wednesday):
    assert names(client.get(BASE, {"access": "wheelchair"})) == ["ふれあいサロン ひだまり"]
    assert names(client.get(BASE, {"access": ["wheelchair", "parking"]})) == [
        "ふれあいサロン ひだまり"
    ]
    assert names(client.get(BASE, {"access": "transit"})) == ["カフェ みちくさ"]
    assert names(client.get(BASE, {"access": "wheelchair", "municipality": "12237"})) == []


def test_a_bad_filter_is_reported_and_the_others_still_apply(client, public_directory, wednesday):
    response = client.get(
        BASE, {"municipality": "99999", "q": "ひだまり", "lat": "999", "lng": "1"}
    )
    assert response.status_code == 200
    assert names(response) == ["ふれあいサロン ひだまり"]
    html = response.content.decode()
    assert "field--error" in html
    assert "近い順に並べています" not in html


def test_results_come_in_pages(client, public_directory, monkeypatch, wednesday):
    from tsunagu.directory import public_views

    monkeypatch.setattr(public_views, "PER_PAGE", 2)
    first = client.get(BASE, {"offering": "ibasho"})
    assert names(first) == ["カフェ みちくさ", "九十九里 クールステーション"]
    assert 'href="?offering=ibasho&amp;page=2"' in first.content.decode()
    assert names(client.get(BASE, {"offering": "ibasho", "page": "2"})) == [
        "ふれあいサロン ひだまり"
    ]


# ---- open now -------------------------------------------------------------------------------


def test_open_now_on_a_wednesday_morning(client, public_directory):
    with time_machine.travel(WEDNESDAY_11, tick=False):
        response = client.get(BASE, {"open": "on"})
    assert names(response) == [
        "カフェ みちくさ",
        "九十九里 クールステーション",
        "ふれあいサロン ひだまり",
    ]
    assert response.content.decode().count("今開いています") == 3


def test_open_now_on_a_national_holiday(client, public_directory):
    # 海の日 (Monday): the salon closes for holidays, the cafe is closed on Mondays anyway,
    # the cool station is open every day of its season.
    with time_machine.travel(datetime(2026, 7, 20, 11, 0, tzinfo=TOKYO), tick=False):
        assert names(client.get(BASE, {"open": "on"})) == ["九十九里 クールステーション"]
    # 文化の日 (Tuesday): only the cafe says it opens on holidays; the season is over.
    with time_machine.travel(datetime(2026, 11, 3, 12, 0, tzinfo=TOKYO), tick=False):
        assert names(client.get(BASE, {"open": "on"})) == ["カフェ みちくさ"]


def test_open_now_in_the_evening_and_at_the_new_year(client, public_directory):
    with time_machine.travel(datetime(2026, 7, 15, 17, 30, tzinfo=TOKYO), tick=False):
        assert names(client.get(BASE, {"open": "on"})) == ["カフェ みちくさ"]
    with time_machine.travel(datetime(2026, 12, 29, 12, 0, tzinfo=TOKYO), tick=False):
        assert names(client.get(BASE, {"open": "on"})) == []


def test_a_temporarily_closed_service_is_shown_closed(client, public_directory, wednesday):
    html = client.get(f"{BASE}{public_directory['mori'].pk}/").content.decode()
    assert "今は閉まっています（一時休止）" in html
    assert names(client.get(BASE, {"open": "on", "q": "はたらく"})) == []


# ---- distance -------------------------------------------------------------------------------


def test_near_a_municipality_office_sorts_by_distance(client, public_directory, wednesday):
    response = client.get(BASE, {"near": "12213"})  # 東金市役所
    assert names(response) == [
        "ふれあいサロン ひだまり",
        "こども食堂 にじいろ",
        "カフェ みちくさ",
        "九十九里 クールステーション",
        "はたらく森",
    ]
    html = response.content.decode()
    assert "東金市役所から近い順に並べています" in html
    assert "約0.3km（東金市役所から）" in html


def test_near_the_visitors_position(client, public_directory, wednesday):
    # Next to 芝山町役場 (the page rounds a position to 3 decimals before sending it).
    response = client.get(BASE, {"lat": "35.693", "lng": "140.415"})
    assert names(response)[:2] == ["はたらく森", "カフェ みちくさ"]
    html = response.content.decode()
    assert "現在地から近い順に並べています" in html
    assert "現在地を使わずに探す" in html
    assert 'name="lat" value="35.693"' in html  # kept in the form for the next search


def test_position_wins_over_office_and_combines_with_open_now(client, public_directory, wednesday):
    response = client.get(BASE, {"lat": "35.53", "lng": "140.43", "near": "12213", "open": "on"})
    assert names(response) == [
        "九十九里 クールステーション",
        "ふれあいサロン ひだまり",
        "カフェ みちくさ",
    ]


def test_places_without_coordinates_come_last(client, region, public_directory, wednesday):
    add_service(region, name="位置のない相談室", kana="あいうえお", city="東金市")
    assert names(client.get(BASE, {"near": "12213"}))[-1] == "位置のない相談室"


# ---- a service's page -----------------------------------------------------------------------


def test_a_services_page(client, public_service, wednesday):
    response = client.get(f"{BASE}{public_service.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "ふれあいサロン ひだまり" in html
    assert "今開いています" in html
    assert "月〜金 10:00–16:00（祝日・年末年始は休み）" in html
    assert '<a href="tel:0475501234">0475-50-1234</a>' in html
    assert "〒283-8511<br>千葉県東金市東岩崎1-10" in html  # 〒, then 都道府県 → 番地
    assert "JR東金駅から歩いて10分" in html
    assert "車いすで利用できます" in html and "駐車場があります" in html
    assert "ホッとステーション" in html
    assert f'href="{BASE}map/"' in html  # a 居場所 with a position is on the map


def test_a_services_page_when_closed(client, public_service):
    with time_machine.travel(datetime(2026, 7, 18, 11, 0, tzinfo=TOKYO), tick=False):  # Saturday
        html = client.get(f"{BASE}{public_service.pk}/").content.decode()
    assert "今は閉まっています" in html


@pytest.mark.parametrize(
    "path",
    [
        "/public/nowhere/directory/",
        "/public/nowhere/directory/map/",
        "/public/nowhere/directory/print/",
        "/public/sanbu/directory/00000000-0000-0000-0000-000000000000/",
        "/public/sanbu/directory/not-a-uuid/",
    ],
)
def test_unknown_things_are_404(client, public_directory, path):
    assert client.get(path).status_code == 404


def test_unpublished_defunct_and_other_regions_services_are_404(
    client, public_unpublished, public_defunct, public_other_region_service
):
    for service in (public_unpublished, public_defunct, public_other_region_service):
        assert client.get(f"{BASE}{service.pk}/").status_code == 404
    # ... and the other region's own page does show its service.
    response = client.get(f"/public/other/directory/{public_other_region_service.pk}/")
    assert response.status_code == 200


def test_only_get_and_head(client, public_directory):
    assert client.post(BASE).status_code == 405
    assert client.head(BASE).status_code == 200


# ---- the 居場所 map --------------------------------------------------------------------------


def _points(response) -> list[dict]:
    match = re.search(
        r'<script id="map-places" type="application/json">(.*?)</script>', response.content.decode()
    )
    return json.loads(match[1])


def _config(response) -> dict:
    match = re.search(
        r'<script id="map-config" type="application/json">(.*?)</script>', response.content.decode()
    )
    return json.loads(match[1])


def test_the_map_shows_ibasho_and_hot_stations_only(
    client, public_directory, public_unpublished, wednesday
):
    response = client.get(f"{BASE}map/")

    assert response.status_code == 200
    points = _points(response)
    assert sorted(p["name"] for p in points) == [
        "ふれあいサロン ひだまり",
        "カフェ みちくさ",
        "九十九里 クールステーション",
    ]
    salon = next(p for p in points if p["name"] == "ふれあいサロン ひだまり")
    assert salon["lat"] == 35.562 and salon["lng"] == 140.365
    assert salon["open"] == "open"
    assert salon["title"] == "ふれあいサロン ひだまり（今開いています）"
    assert salon["url"] == f"{BASE}{public_directory['hidamari'].pk}/"
    # The same places as a list, for no JavaScript, no tiles and screen readers.
    assert names(response) == [
        "カフェ みちくさ",
        "九十九里 クールステーション",
        "ふれあいサロン ひだまり",
    ]


def test_the_map_without_tiles_is_a_plain_background(client, public_directory, settings, wednesday):
    settings.MAP_TILE_URL = ""
    response = client.get(f"{BASE}map/")
    assert _config(response)["tileUrl"] == ""
    assert "背景の地図は表示していません" in response.content.decode()


def test_the_map_with_tiles(client, public_directory, settings, wednesday):
    settings.MAP_TILE_URL = "https://tiles.example.jp/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "地理院タイル"
    response = client.get(f"{BASE}map/")
    config = _config(response)
    assert config["tileUrl"] == "https://tiles.example.jp/{z}/{x}/{y}.png"
    assert config["attribution"] == "地理院タイル"
    assert "背景の地図は表示していません" not in response.content.decode()


def test_the_map_near_the_visitor_open_now(client, public_directory):
    with time_machine.travel(datetime(2026, 7, 15, 17, 30, tzinfo=TOKYO), tick=False):
        response = client.get(f"{BASE}map/", {"lat": "35.60", "lng": "140.41", "open": "on"})
    assert names(response) == ["カフェ みちくさ"]
    assert _config(response)["origin"] == {"lat": 35.6, "lng": 140.41, "title": "現在地"}


def test_public_pages_need_no_inline_script_or_style(client, public_directory, wednesday):
    for path in ("", "map/", "print/", f"{public_directory['hidamari'].pk}/"):
        response = client.get(f"{BASE}{path}")
        html = response.content.decode()
        assert " style=" not in html and "<style" not in html
        for tag in re.findall(r"<script[^>]*>", html):
            assert 'type="application/json"' in tag or " src=" in tag, tag
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_map_loads_the_vendored_leaflet(client, public_directory, wednesday):
    html = client.get(f"{BASE}map/").content.decode()
    assert "/static/directory/vendor/leaflet/leaflet.js" in html
    assert "/static/directory/vendor/leaflet/leaflet.css" in html
    assert "unpkg" not in html and "cdn" not in html.lower()


# ---- the A4 list ----------------------------------------------------------------------------


def test_the_print_list_is_grouped_by_municipality(client, public_directory, wednesday):
    response = client.get(f"{BASE}print/")

    assert response.status_code == 200
    html = response.content.decode()
    headings = re.findall(r'<h2 id="group-\d+">([^<]+)</h2>', html)
    assert headings == ["東金市", "山武市", "大網白里市", "九十九里町", "芝山町"]  # code order
    assert "/static/directory/print.css" in html
    assert "令和8年7月15日現在・5件" in html
    assert "毎月第2・第4土曜 11:00–14:00（祝日・年末年始は休み）" in html


def test_the_print_list_takes_the_search_filters(client, public_directory, wednesday):
    html = client.get(f"{BASE}print/", {"offering": "ibasho"}).content.decode()
    assert re.findall(r'<h2 id="group-\d+">([^<]+)</h2>', html) == [
        "東金市",
        "山武市",
        "九十九里町",
    ]
    assert "検索の条件で絞り込んだ一覧" in html


# ---- query counts ---------------------------------------------------------------------------


@pytest.fixture
def many_services(region, public_directory):
    for i in range(25):
        add_service(
            region,
            name=f"居場所{i:02d}",
            kana=f"いばしょ{i:02d}",
            city=["東金市", "山武市", "九十九里町"][i % 3],
            latitude=35.55 + i / 1000,
            longitude=140.36 + i / 1000,
            schedules=[schedule("MO,TU,WE,TH,FR", "10:00", "16:00")],
            terms=("svc-ibasho",),
            offerings=("ibasho",),
            hot_station=True,
            phone="0475-00-0000",
        )


@pytest.mark.parametrize(
    "path",
    [
        "",
        "?q=いばしょ&open=on&near=12213",
        "?category=" + str(term_uuid("svc-ibasho")) + "&municipality=12213",
        "map/?lat=35.56&lng=140.36&open=on",
        "print/",
    ],
)
def test_query_counts_do_not_grow_with_services(
    client, many_services, django_assert_max_num_queries, path, wednesday
):
    """Region, services, their places; the form's municipalities and categories. A plain
    search reads the matches' names first and the full services for one page only (one
    query more, and the same for 10 or 5,000 services). The region's data version is read
    once (issue 25): the first request computes the categories and the matches, the next
    one finds them kept (two statements fewer)."""
    with django_assert_max_num_queries(7):
        response = client.get(f"{BASE}{path}")
    assert response.status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(f"{BASE}{path}").content == response.content


def test_detail_query_count(client, public_service, django_assert_max_num_queries, wednesday):
    """Region, the service, its places, its terms."""
    with django_assert_max_num_queries(4):
        assert client.get(f"{BASE}{public_service.pk}/").status_code == 200


# ---- formatting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2838511", "283-8511"),
        ("283-8511", "283-8511"),
        ("２８３－８５１１", "283-8511"),
        ("〒283-8511", "283-8511"),
        ("", ""),
    ],
)
def test_postal_codes(value, expected):
    assert postal_code(value) == expected


def test_addresses_in_the_japanese_order():
    address = {
        "state_province": "千葉県",
        "city": "山武郡九十九里町",
        "address_1": "片貝４０９９",
        "address_2": "２階",
        "postal_code": "283-0104",
    }
    assert address_text(address) == "千葉県山武郡九十九里町片貝4099 2階"
    assert address_text({"city": "東金市", "address_1": "東岩崎1-1"}) == "東金市東岩崎1-1"


@pytest.mark.parametrize(
    ("number", "tel"),
    [
        ("0475-50-1234", "0475501234"),
        ("０４７５（５０）１２３４", "0475501234"),
        ('"+81 475-50-1234"', "+81475501234"),
    ],
)
def test_phone_links(number, tel):
    assert phone({"number": number}).tel == tel
    assert phone({"number": ""}) is None


def test_a_plain_search_pages_the_same_list_as_the_full_build(
    client, region, many_services, wednesday
):
    """The page-only build shows what building every entry would, in the same order."""
    for i in range(20):  # past one page of 30, with readings in hiragana and katakana
        kana = f"サロン{i:02d}" if i % 2 else f"さろん{i:02d}"
        add_service(region, name=f"サロン{i:02d}", kana=kana, city="東金市")
    full = [e.service.pk for e in public_service_list(region, {}, at=WEDNESDAY_11)]
    first = client.get(BASE)
    pages = first.context["page"].paginator.num_pages
    assert pages >= 2 and first.context["total"] == len(full)
    shown = []
    for number in range(1, pages + 1):
        response = client.get(f"{BASE}?page={number}")
        shown += [e.service.pk for e in response.context["page"]]
        assert all(e.places is not None and e.state for e in response.context["page"])
    assert shown == full
