"""The public 居場所 map and search in a real browser: a resident on a phone finds an open
居場所 near them, and the map works with a tile server, without one, and without JavaScript —
all under the app's CSP (no console CSP errors) and with no serious axe violation.

Times are fixed with time_machine (the live server runs in this process): 2026-07-15 is a
Wednesday. The directory is ``public_directory`` (tests/directory/fixtures_public.py)."""

from datetime import datetime

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe

from tsunagu.core.dates import TOKYO

# live_server runs in another thread: the data must be committed to be seen there.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = "/public/sanbu/directory/"
PHONE = {"width": 390, "height": 844}
# A resident in 東金, a few hundred metres from ふれあいサロン ひだまり.
NEAR_TOGANE = {"latitude": 35.5655, "longitude": 140.3702}
# The tile "server" is the app's own static file (the CSP allows 'self').
TEST_TILES = "/static/directory/test-tile.png?z={z}&x={x}&y={y}"


@pytest.fixture
def csp_errors(page):
    """Console messages about the Content Security Policy, collected while the test runs."""
    found = []

    def on_console(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            found.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    return found


def _at(*args):
    """Travel to a Tokyo time, the clock running (the browser and the server both wait)."""
    return time_machine.travel(datetime(*args, tzinfo=TOKYO), tick=True)


def _axe_blocking(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} {v['nodes'][0].get('target') if v['nodes'] else ''}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _popup_shown(page) -> None:
    """Wait for the popup to finish fading in (and the map's pan to make room for it)."""
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
        " && !document.querySelector('.leaflet-pan-anim, .leaflet-zoom-anim')"
    )


def _wait_for_map(page) -> None:
    page.locator("#map[data-ready='true']").wait_for()


def test_a_resident_on_a_phone_finds_an_open_ibasho_near_them(
    page, context, live_server, public_directory, settings, csp_errors, keep_screenshot
):
    settings.MAP_TILE_URL = ""
    page.set_viewport_size(PHONE)
    context.grant_permissions(["geolocation"], origin=live_server.url)
    context.set_geolocation(NEAR_TOGANE)

    # Wednesday 17:30: the salon next door has closed; the cafe in 山武市 is open until 18:00.
    with _at(2026, 7, 15, 17, 30):
        page.goto(f"{BASE}map/")
        _wait_for_map(page)
        page.get_by_label("今開いている場所だけ").check()
        locate = page.get_by_role("button", name="現在地から近い順に探す")
        assert locate.is_visible()  # shown by the script, since the browser can locate
        locate.click()
        page.wait_for_url("**/map/?*lat=*")
        _wait_for_map(page)

        # The position was rounded to about 100 m before it left the phone.
        assert "lat=35.566" in page.url and "lng=140.37" in page.url
        assert "現在地から近い順に並べています" in page.locator("main").inner_text()
        cards = page.locator(".map-list .place-card")
        assert cards.count() == 1
        card = cards.first
        assert card.locator("h3").inner_text() == "カフェ みちくさ"
        assert card.locator(".place-state").inner_text() == "今開いています"
        assert "（現在地から）" in card.inner_text()
        assert card.locator("a[href^='tel:']").get_attribute("href") == "tel:0475800000"
        # On the map: the cafe and where the resident is.
        assert page.locator(".leaflet-marker-icon.map-pin--open").count() == 1
        assert page.locator(".leaflet-marker-icon.map-pin--origin").count() == 1
        page.evaluate("async () => { await document.fonts.ready; }")
        keep_screenshot("directory_map_phone_open_near_me")

        # Tap the marker, then the place's name in its popup.
        page.locator(".leaflet-marker-icon.map-pin--open").click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        _popup_shown(page)
        assert "今開いています" in popup.inner_text()
        popup.get_by_role("link", name="カフェ みちくさ").click()
        page.wait_for_url(f"**{BASE}{public_directory['michikusa'].pk}/")
        main = page.locator("main")
        assert main.locator("h1").inner_text() == "カフェ みちくさ"
        assert "今開いています" in main.inner_text()
        assert "火〜土 11:00–18:00（年末年始は休み）" in main.inner_text()
        assert main.locator("a[href='tel:0475800000']").is_visible()
        # Nothing wider than the phone's screen.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        keep_screenshot("directory_detail_phone")

    assert csp_errors == []


def test_search_on_a_phone_with_the_position(
    page, context, live_server, public_directory, csp_errors
):
    page.set_viewport_size(PHONE)
    context.grant_permissions(["geolocation"], origin=live_server.url)
    context.set_geolocation(NEAR_TOGANE)
    with _at(2026, 7, 15, 11, 0):
        page.goto(BASE)
        page.get_by_role("button", name="現在地から近い順に探す").click()
        page.wait_for_url("**/directory/?*lat=*")
        first = page.locator(".place-card").first
        assert first.locator("h3").inner_text() == "ふれあいサロン ひだまり"
        assert first.locator(".place-state").inner_text() == "今開いています"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        assert _axe_blocking(page) == []
    assert csp_errors == []


def test_when_the_position_is_refused_the_page_says_so(page, context, public_directory):
    context.clear_permissions()  # the browser denies geolocation
    page.goto(BASE)
    page.get_by_role("button", name="現在地から近い順に探す").click()
    status = page.locator("[data-geolocate-status]")
    status.filter(has_text="現在地が分かりませんでした").wait_for()
    assert "lat=" not in page.url


def test_the_map_without_a_tile_server(
    page, public_directory, settings, csp_errors, keep_screenshot
):
    settings.MAP_TILE_URL = ""
    with _at(2026, 7, 15, 11, 0):
        page.goto(f"{BASE}map/")
        _wait_for_map(page)

        map_box = page.locator("#map")
        assert map_box.is_visible()
        assert "map--plain" in map_box.get_attribute("class")
        box = map_box.bounding_box()
        assert box["height"] > 200 and box["width"] > 200  # never a blank (or empty) box
        assert page.locator(".leaflet-marker-icon.map-pin").count() == 3
        for marker in page.locator(".leaflet-marker-icon.map-pin").all():
            assert marker.is_visible()
        assert page.locator(".leaflet-control-scale-line").is_visible()
        assert page.locator("img.leaflet-tile").count() == 0
        assert page.locator("[data-map-note]").is_visible()
        assert page.locator(".map-list .place-card").count() == 3
        # A marker is reachable and named for keyboard and screen-reader users.
        marker = page.get_by_role("button", name="ふれあいサロン ひだまり（今開いています）")
        marker.focus()
        page.keyboard.press("Enter")
        page.locator(".leaflet-popup-content").wait_for()
        _popup_shown(page)
        page.evaluate("async () => { await document.fonts.ready; }")
        keep_screenshot("directory_map_without_tiles")
        assert _axe_blocking(page) == []
    assert csp_errors == []


def test_the_map_with_a_tile_server(page, public_directory, settings, csp_errors, keep_screenshot):
    settings.MAP_TILE_URL = TEST_TILES
    settings.MAP_TILE_ATTRIBUTION = "テスト用タイル"
    with _at(2026, 7, 15, 11, 0):
        page.goto(f"{BASE}map/")
        _wait_for_map(page)
        page.locator("img.leaflet-tile.leaflet-tile-loaded").first.wait_for()

        tiles = page.locator("img.leaflet-tile.leaflet-tile-loaded")
        assert tiles.count() > 0
        assert tiles.first.evaluate("img => img.naturalWidth") == 256
        assert "test-tile.png?z=" in tiles.first.get_attribute("src")
        assert "map--plain" not in page.locator("#map").get_attribute("class")
        assert "テスト用タイル" in page.locator(".leaflet-control-attribution").inner_text()
        assert page.locator("[data-map-note]").count() == 0
        assert page.locator(".leaflet-marker-icon.map-pin").count() == 3
        page.evaluate("async () => { await document.fonts.ready; }")
        keep_screenshot("directory_map_with_tiles")
        assert _axe_blocking(page) == []
    assert csp_errors == []


def test_without_javascript_the_list_alone(browser, live_server, public_directory):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=PHONE
    )
    try:
        page = context.new_page()
        page.goto(f"{BASE}map/")
        assert not page.locator("#map").is_visible()
        assert page.locator(".map-list .place-card").count() == 3
        assert not page.get_by_role("button", name="現在地から近い順に探す").is_visible()
        # Searching still works, by office.
        page.get_by_label("近い順に並べる").select_option(label="東金市役所")
        page.get_by_role("button", name="表示する").click()
        page.wait_for_url("**near=12213*")
        assert page.locator(".place-card h3").first.inner_text() == "ふれあいサロン ひだまり"
    finally:
        context.close()


def test_the_print_list_on_a4(page, public_directory, keep_screenshot):
    with _at(2026, 7, 15, 11, 0):
        page.goto(f"{BASE}print/")
        assert page.get_by_role("button", name="印刷する").is_visible()
        page.emulate_media(media="print")
        assert not page.locator(".site-header").is_visible()
        assert not page.locator(".print-tools").is_visible()
        assert page.locator(".print-group h2").all_inner_texts() == [
            "東金市",
            "山武市",
            "大網白里市",
            "九十九里町",
            "芝山町",
        ]
        page.evaluate("async () => { await document.fonts.ready; }")
        keep_screenshot("directory_print_a4")
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")


def test_imported_boundaries_are_drawn_under_the_markers(
    page, public_directory, region, settings, csp_errors, keep_screenshot
):
    """Boundaries imported for the 地域診断 (here the TopoJSON of
    tests/assessment/data/official/n03_topology.json: 東金市 and 山武市) make the map readable
    with no tile server: outlines with their names, under the markers, nothing to focus."""
    from pathlib import Path

    from tsunagu.assessment.maps import parse_geojson
    from tsunagu.assessment.services import boundary_import

    topology = Path(__file__).parents[1] / "assessment" / "data" / "official" / "n03_topology.json"
    shapes, errors = parse_geojson(topology.read_bytes(), {"12213", "12237"})
    assert errors == []
    boundary_import(actor="test", region=region, shapes=shapes, source_name="国土数値情報（試験）")
    settings.MAP_TILE_URL = ""
    with _at(2026, 7, 15, 11, 0):
        page.goto(f"{BASE}map/")
        _wait_for_map(page)
        outlines = page.locator("path.map-outline")
        assert outlines.count() == 2
        labels = page.locator(".map-outline-label")
        assert sorted(labels.all_inner_texts()) == ["山武市", "東金市"]
        assert "市町村の境界" in page.locator("[data-map-legend]").inner_text()
        # Under the markers: the outlines' pane is below the marker pane, and a marker still
        # takes the click.
        below = page.evaluate(
            "() => Number(getComputedStyle(document.querySelector('.leaflet-overlay-pane')).zIndex)"
            " < Number(getComputedStyle(document.querySelector('.leaflet-marker-pane')).zIndex)"
            " && Number(getComputedStyle(document.querySelector('.leaflet-outline-labels-pane')).zIndex)"
            " < Number(getComputedStyle(document.querySelector('.leaflet-marker-pane')).zIndex)"
        )
        assert below
        page.get_by_role("button", name="ふれあいサロン ひだまり（今開いています）").click()
        page.locator(".leaflet-popup-content").wait_for()
        _popup_shown(page)
        page.evaluate("async () => { await document.fonts.ready; }")
        keep_screenshot("directory_map_with_boundaries")
        assert _axe_blocking(page) == []
    assert csp_errors == []
