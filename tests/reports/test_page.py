"""The report page and its charts, as each role sees them."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.reports.builders import at, consult, make_person, sample_year

from tsunagu.people.services import person_create

PAGE = "/reports/annual/?year=2022"
# session, user, OTP device, the 10 queries of the report, the years with data, the region,
# whether the region holds fictional (demo) persons, the session save (3 statements), and
# the choices: the municipalities, the user's organization, the region's organizations.
# + the sections: 地域支援 (community/figures.py: six), 地域移行・地域定着 (transition/figures.py: four)
PAGE_QUERIES = 23 + 6 + 4


def _small_year(region):
    """One person in 芝山町 with one consultation by FAX among larger counts."""
    sample_year(region, persons=30)
    lonely = make_person(region, 999, municipality="12409", disabilities=["smid"])
    consult(region, at(2022, 8, 8), person=lonely, method="fax")


def test_center_staff_see_every_figure_with_captions_and_notes(client, center_staff, login, region):
    _small_year(region)
    login(client, center_staff)

    html = client.get(PAGE).content.decode()

    assert "令和4年度 実績報告" in html
    assert '<option value="2022" selected>令和4年度（2022年度）</option>' in html
    for caption in [
        "障害種別別 実人数",
        "市町村別 実人数",
        "相談方法別 延べ件数",
        "支援内容別 延べ件数",
        "月別 延べ件数",
    ]:
        assert f"<caption>{caption}" in html
    assert html.count("重複カウントあり") >= 2
    assert "＊" not in html
    assert re.search(r"<th scope=\"row\">重症心身障害</th><td class=\"num\">1</td>", html)
    assert "令和5年3月" in html


def test_outside_readers_see_stars_on_the_page(client, secretariat, municipal_staff, login, region):
    """The secretariat sees the region suppressed; the municipal officer another municipality
    (芝山町, where the lonely person lives) suppressed, never the region total."""
    _small_year(region)
    for user, page in ((secretariat, PAGE), (municipal_staff, PAGE + "&municipality=12409")):
        client.logout()
        login(client, user)
        html = client.get(page).content.decode()
        assert re.search(r"<th scope=\"row\">重症心身障害</th><td class=\"num\">＊</td>", html)
        assert re.search(r"<th scope=\"row\">FAX</th><td class=\"num\">＊</td>", html)
        assert "秘匿" in html
        assert not re.search(r"<td class=\"num\">[12]</td>", html)
    assert client.get(PAGE + "&municipality=").status_code == 400
    assert client.get(PAGE + "&municipality=all").status_code == 400


def test_year_selector_lists_years_with_data_and_the_current_year(
    client, center_staff, login, region
):
    consult(region, at(2019, 6, 1))
    login(client, center_staff)

    html = client.get(PAGE).content.decode()

    assert "令和元年度（2019年度）" in html
    assert '<select id="id_year" name="year">' in html
    assert client.get("/reports/annual/?year=abc").status_code == 400
    assert client.get("/reports/annual/?year=1800").status_code == 400
    assert client.get("/reports/").status_code == 200


def test_charts_are_svg_images_with_alt_text_and_no_script(client, center_staff, login, region):
    _small_year(region)
    login(client, center_staff)
    html = client.get(PAGE).content.decode()

    images = re.findall(r'<img src="([^"]+)" alt="([^"]+)"', html)
    names = {re.search(r"chart/(\w+)\.svg", src).group(1) for src, _alt in images}
    assert {"month", "method"} <= names
    assert all("?year=2022" in src for src, _alt in images)
    assert any(alt.startswith("月別 延べ件数：令和4年4月") for _src, alt in images)
    assert "<script" not in html and " style=" not in html

    response = client.get("/reports/annual/chart/month.svg?year=2022")
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "<script" not in svg
    assert "<text" not in svg  # glyphs are paths: no font needed in the browser
    assert client.get("/reports/annual/chart/nothing.svg?year=2022").status_code == 404


def test_chart_for_outside_readers_draws_no_small_bar(client, secretariat, login, region):
    _small_year(region)
    login(client, secretariat)
    html = client.get(PAGE).content.decode()
    alt = re.search(r'alt="(相談方法別[^"]+)"', html).group(1)
    assert "FAX ＊" in alt
    assert client.get("/reports/annual/chart/method.svg?year=2022").status_code == 200


def _page_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(PAGE).status_code == 200
    return len(ctx.captured_queries)


def test_page_queries_are_few_and_do_not_grow_with_data(
    client, center_staff, secretariat, login, region, django_assert_max_num_queries
):
    # One request first after each login: the session's idle clock is renewed (a write of 3
    # statements) on the first request and then at most once a minute (issue 25).
    login(client, center_staff)
    client.get("/reports/")
    sample_year(region, persons=3)
    with django_assert_max_num_queries(PAGE_QUERIES):
        small = _page_queries(client)
    sample_year(region, persons=40, seed=2)
    sample_year(region, persons=20, fiscal_year=2021, seed=5)
    with django_assert_max_num_queries(PAGE_QUERIES):
        large = _page_queries(client)
    assert large == small

    client.logout()
    login(client, secretariat)
    client.get("/reports/")
    assert _page_queries(client) <= small


def test_other_regions_figures_never_show(client, outsider, login, region):
    _small_year(region)
    login(client, outsider)

    html = client.get(PAGE).content.decode()

    assert "東金市" not in html
    assert "千葉市" in html
    assert re.search(r"<span class=\"tile__value\">0<small>", html)


def test_fictional_data_is_labelled_as_such(client, center_staff, login, region):
    login(client, center_staff)
    page = client.get("/reports/annual/", {"year": 2022}).content.decode()
    assert "架空の利用者" not in page
    person_create(
        actor="test",
        region=region,
        family_name="架空",
        family_name_kana="カクウ",
        is_fictional=True,
    )
    page = client.get("/reports/annual/", {"year": 2022}).content.decode()
    assert "デモ用の架空の利用者と相談記録が含まれています" in page


def _chart_src(html, name):
    src = re.search(rf'<img src="([^"]*chart/{name}\.svg[^"]*)"', html).group(1)
    return src.replace("&amp;", "&")


def test_each_chart_is_drawn_once_per_data_version(client, center_staff, login, region):
    """Issue 25: the second request of a chart is served from the cache without drawing (the
    real counter of drawings in charts.render_svg), and a new consultation changes the
    chart's version and so its address."""
    from django.core.cache import cache

    from tsunagu.reports import charts

    cache.clear()
    _small_year(region)
    login(client, center_staff)
    src = _chart_src(client.get(PAGE).content.decode(), "month")
    assert re.search(r"[?&]v=[0-9a-f]{24}$", src)

    drawn = charts.renders
    first = client.get(src)
    second = client.get(src)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert charts.renders == drawn + 1

    consult(region, at(2022, 6, 2))
    changed = _chart_src(client.get(PAGE).content.decode(), "month")
    assert changed != src
    third = client.get(changed)
    assert charts.renders == drawn + 2
    assert third.content != first.content
    # the other charts' data did not change for 月別 only? 相談方法 did (one more 電話)
    assert _chart_src(client.get(PAGE).content.decode(), "month") == changed


def test_a_chart_version_never_opens_another_readers_chart(
    client, center_staff, secretariat, login, region
):
    """The cache is keyed by the reader's view: the council secretariat asking for the
    center's exact chart by its version gets its own suppressed chart."""
    from django.core.cache import cache

    cache.clear()
    _small_year(region)
    login(client, center_staff)
    src = _chart_src(client.get(PAGE).content.decode(), "method")
    exact = client.get(src).content
    client.logout()
    login(client, secretariat)
    own = _chart_src(client.get(PAGE).content.decode(), "method")
    assert own != src  # FAX is suppressed for the secretariat: another version
    assert client.get(src).content == client.get(own).content != exact
