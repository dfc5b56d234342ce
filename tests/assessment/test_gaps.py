"""The gap table with known inputs: distinct persons, suppression (primary and secondary),
resources through the term → category table, the documented score and ranking, the map."""

import json

import pytest
from tests.assessment.fixtures import boundary_geojson
from tests.assessment.helpers import add_needs, add_service, category

from tsunagu.assessment import maps, services
from tsunagu.assessment.gaps import TERM_CATEGORIES, gap_table
from tsunagu.core.lists import DEFAULT_LISTS
from tsunagu.core.models import ListKind
from tsunagu.directory.taxonomy import TERM_BY_CODE
from tsunagu.reports.suppression import SUPPRESSED

pytestmark = pytest.mark.django_db


def cell(table, region, code, category_code):
    m = region.municipalities.get(code=code)
    return table.cells[(m.pk, category(region, category_code).pk)]


def test_term_table_names_real_terms_and_categories():
    categories = {code for code, _l, _a in DEFAULT_LISTS[ListKind.NEED_CATEGORY]}
    assert set(TERM_CATEGORIES) <= set(TERM_BY_CODE)
    assert {c for cs in TERM_CATEGORIES.values() for c in cs} <= categories


def test_persons_are_distinct_and_small_counts_suppressed(region, center_staff):
    # 東金市: 3 persons with 2 mobility needs each → 3 persons, shown.
    add_needs(region, center_staff, code="12213", category_code="mobility", persons=3,
              needs_each=2)
    # 東金市 housing: 1 person → ＊; the row's only ＊ → the smallest other count (mobility 3)
    # is hidden too.
    add_needs(region, center_staff, code="12213", category_code="housing", persons=1)
    # 山武市 mobility 4 and daytime 5: shown; 芝山町 mobility 2 → ＊, its column's only other
    # ＊ is 東金市 mobility, hidden already.
    add_needs(region, center_staff, code="12237", category_code="mobility", persons=4)
    add_needs(region, center_staff, code="12237", category_code="daytime", persons=5)
    add_needs(region, center_staff, code="12409", category_code="mobility", persons=2)
    table = gap_table(region)
    assert cell(table, region, "12213", "housing").persons == SUPPRESSED
    assert cell(table, region, "12213", "mobility").persons == SUPPRESSED  # secondary
    assert cell(table, region, "12409", "mobility").persons == SUPPRESSED
    # 芝山町's row had a lone ＊ with nothing else to hide; the 山武市 row has none.
    assert cell(table, region, "12237", "mobility").persons == 4
    assert cell(table, region, "12237", "daytime").persons == 5
    # Every row and column has zero or at least two ＊.
    for m in table.municipalities:
        hidden = [c for c in table.row(m) if c.persons == SUPPRESSED]
        assert len(hidden) != 1 or not [c for c in table.row(m) if isinstance(c.persons, int)
                                         and c.persons > 0], m.name
    for cat in table.categories:
        cells = [c for c in table.cells.values() if c.category == cat]
        hidden = [c for c in cells if c.persons == SUPPRESSED]
        shown = [c for c in cells if isinstance(c.persons, int) and c.persons > 0]
        assert len(hidden) != 1 or not shown, cat.label


def test_score_and_ranking(region, center_staff, assessment_survey, hearing):
    add_needs(region, center_staff, code="12237", category_code="mobility", persons=4)
    add_needs(region, center_staff, code="12237", category_code="daytime", persons=6)
    add_service(region, code="12237", term="svc-ibasho", name="居場所A")
    add_service(region, code="12237", term="dw-day-care", name="日中一時B")
    add_service(region, code="12237", term="svc-kodomo-shokudo", name="食堂C")  # not daytime
    services.hearing_save(actor="test", region=region, hearing=hearing,
                          categories=[category(region, "mobility")],
                          kind=hearing.kind, title=hearing.title, held_on=hearing.held_on,
                          municipality=region.municipalities.get(code="12237"),
                          notes=hearing.notes)
    table = gap_table(region)
    mobility = cell(table, region, "12237", "mobility")
    daytime = cell(table, region, "12237", "daytime")
    # mobility: (4 persons + 1 hearing) / (0 + 1) = 5.0; daytime: 6 / (2 + 1) = 2.0
    assert (mobility.need_count, mobility.resources, mobility.score) == (5, 0, 5.0)
    assert (daytime.need_count, daytime.resources, daytime.score) == (6, 2, 2.0)
    assert cell(table, region, "12237", "participation").resources == 2  # 居場所 + 食堂
    ranked = table.ranked()
    assert [(c.municipality.code, c.category.code) for c in ranked] == [
        ("12237", "mobility"), ("12237", "daytime")]
    assert mobility.need_rate is None  # no population imported: no rate


def test_gap_page_lists_and_the_map(client, login, municipal_staff, region, center_staff,
                                    boundary, django_assert_max_num_queries):
    add_needs(region, center_staff, code="12237", category_code="mobility", persons=3)
    login(client, municipal_staff)
    with django_assert_max_num_queries(30):
        page = client.get("/assessment/gaps/").content.decode()
    assert "山武市" in page and "移動・交通" in page
    assert "試験12237" not in page  # no names of persons, no need text
    assert "移動の手段がない" not in page
    svg = client.get("/assessment/gaps/map.svg").content.decode()
    assert svg.startswith("<svg") and "山武市 3.0" in svg and "試験用の架空の境界" in svg


def test_geojson_is_checked(region):
    codes = set(region.municipalities.values_list("code", flat=True))
    assert maps.parse_geojson(b"not json", codes)[1] == ["GeoJSON（JSON）として読めません。"]
    assert "FeatureCollection" in maps.parse_geojson(b'{"type": "Feature"}', codes)[1][0]
    bad = boundary_geojson({"12213": (140.3, 35.5)})
    bad["features"][0]["geometry"]["coordinates"] = [[[1, 2]]]
    assert "座標が正しくありません" in maps.parse_geojson(json.dumps(bad).encode(), codes)[1][0]
    other = boundary_geojson({"13101": (139.7, 35.7)})
    assert "N03_007" in maps.parse_geojson(json.dumps(other).encode(), codes)[1][0]
    shapes, errors = maps.parse_geojson(json.dumps(boundary_geojson()).encode(), codes)
    assert not errors and set(shapes) == codes


def test_boundary_upload_and_gap_note(client, login, secretariat, region):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, secretariat)
    response = client.post("/assessment/boundaries/", {
        "file": SimpleUploadedFile("n03.geojson", json.dumps(boundary_geojson()).encode()),
        "source_name": "国土数値情報（試験用の架空の形）"})
    assert response.status_code == 302
    response = client.post("/assessment/gaps/12213/mobility/", {
        "highlighted": "on", "viewpoint_diversity": "高齢者にも障害者にも",
        "viewpoint_foresight": "免許返納が増える"})
    assert response.status_code == 302
    page = client.get("/assessment/m/12213/").content.decode()
    assert "免許返納が増える" in page
    assert client.get("/assessment/gaps/12213/nothing/").status_code == 404


def test_highlighted_gap_uses_the_issues_viewpoints(client, login, secretariat, region,
                                                    center_staff):
    import io

    from openpyxl import load_workbook

    from tsunagu.council.services import issue_raise, issue_update

    mobility = category(region, "mobility")
    issue = issue_raise(actor="test", region=region, title="移動手段が足りない", category=mobility)
    issue_update(actor="test", issue=issue, viewpoint_sociality="公共交通の縮小は個人では解決できない",
                 viewpoint_foresight="免許返納が増える")
    add_needs(region, center_staff, code="12409", category_code="mobility", persons=3)
    login(client, secretariat)
    client.post("/assessment/gaps/12409/mobility/", {
        "highlighted": "on", "issue": issue.pk, "viewpoint_foresight": "送迎の担い手が減る"})
    book = load_workbook(io.BytesIO(client.get("/assessment/m/12409/sheet.xlsx").content))
    rows = {r[1]: r[2] for r in book["重点課題"].iter_rows(values_only=True) if r[0] == "移動・交通"}
    assert rows["問題の社会性"] == "公共交通の縮小は個人では解決できない"  # from the issue
    assert rows["将来予測"] == "送迎の担い手が減る"  # the council's own text wins
    assert rows["問題の多様性"] is None or rows["問題の多様性"] == ""


def test_pages_with_odd_addresses(client, login, municipal_staff):
    login(client, municipal_staff)
    assert client.get("/assessment/charts/region/nothing.svg").status_code == 404
    assert client.get("/assessment/charts/region/pyramid.gif").status_code == 404
    assert client.get("/assessment/m/99999/").status_code == 404
    assert client.get("/assessment/gaps/map.svg").status_code == 404  # no boundaries yet
    for chart in ("totals", "pyramid", "aging", "projection"):
        response = client.get(f"/assessment/charts/region/{chart}.png")
        assert response.status_code == 200 and response.content[:4] == b"\x89PNG"


def test_overview_pages_keep_a_fixed_number_of_queries(
    client, login, secretariat, region, center_staff, django_assert_max_num_queries
):
    from tests.assessment.helpers import data_file

    from tsunagu.assessment.population_import import parse_population
    from tsunagu.assessment.services import population_import

    codes = set(region.municipalities.values_list("code", flat=True))
    for name in ("census_2020_estat.csv", "census_2020_wide.csv", "registry_2024.csv",
                 "projection_2023.xlsx"):
        parsed = parse_population(data_file(name), name, municipality_codes=codes)
        population_import(actor="test", region=region, parsed=parsed, kind=parsed.kind,
                          source_name=parsed.source_name or "住民基本台帳",
                          source_date=parsed.source_date)
    for code in ("12213", "12237", "12409"):
        add_needs(region, center_staff, code=code, category_code="mobility", persons=3)
        add_service(region, code=code, term="dw-mobility-support", name=f"移動{code}")
    login(client, secretariat)
    for url in ("/assessment/", "/assessment/m/12213/", "/assessment/population/",
                "/assessment/gaps/", "/assessment/surveys/", "/assessment/hearings/"):
        with django_assert_max_num_queries(30):
            assert client.get(url).status_code == 200, url


def test_resources_counted_for_every_municipality_and_category(client, login, municipal_staff,
                                                               region):
    add_service(region, code="12410", term="dw-group-home", name="グループホームA")
    login(client, municipal_staff)
    page = client.get("/assessment/gaps/").content.decode()
    assert 'id="resource-table"' in page
    table = gap_table(region)
    assert cell(table, region, "12410", "housing").resources == 1
    assert cell(table, region, "12410", "future").resources == 1
    # The municipality's own table lists every category, even without a need.
    page = client.get("/assessment/m/12410/").content.decode()
    assert "住まい" in page and "ニーズの記録はまだありません" in page


def test_map_for_one_category(client, login, municipal_staff, region, center_staff, boundary):
    add_needs(region, center_staff, code="12237", category_code="mobility", persons=3)
    add_needs(region, center_staff, code="12237", category_code="housing", persons=4)
    login(client, municipal_staff)
    page = client.get("/assessment/gaps/?category=housing").content.decode()
    assert "map.svg?category=housing" in page and "山武市 4.0" in page
    svg = client.get("/assessment/gaps/map.svg?category=mobility").content.decode()
    assert "山武市 3.0" in svg and "（移動・交通）" in svg
    assert client.get("/assessment/gaps/?category=<script>").status_code == 200
