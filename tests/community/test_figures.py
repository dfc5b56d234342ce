"""community_figures: the 地域支援 section of the annual report, by region and municipality, in
a fixed number of statements; its personal counts suppressed for readers outside the center."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.community.fixtures import make_activity, make_observation

from tsunagu.community.figures import KEYS, community_figures, community_published
from tsunagu.community.models import ObservationSource
from tsunagu.core.suppression import SUPPRESSED

# the two label lists, then one aggregate per table (activities, 事業所支援, 個別支援会議, 地域の声)
STATEMENTS = 6


def test_figures_of_a_year_and_its_boundaries(
    region, center_staff, provider_support, case_meeting, django_assert_num_queries
):
    make_activity(region, center_staff, held_on=date(2022, 4, 1))
    make_activity(region, center_staff, held_on=date(2023, 3, 31), method="network")
    make_activity(region, center_staff, held_on=date(2023, 4, 1))  # next 年度
    make_observation(region, noted_on=date(2022, 6, 1))
    make_observation(region, noted_on=date(2022, 6, 2), source=ObservationSource.HOT_STATION)
    with django_assert_num_queries(STATEMENTS):
        figures = community_figures(region=region, fiscal_year=2022)
    assert set(figures) == set(KEYS)
    assert figures["community_activities_by_method"]["福祉教育"] == 1
    assert figures["community_activities_by_method"]["地域ネットワーク作り"] == 1
    assert sum(figures["community_activities_by_method"].values()) == 2
    assert figures["community_activities_by_municipality"]["東金市"] == 2
    assert figures["provider_support_total"] == 1
    assert figures["provider_support_by_organization_kind"] == {"相談支援事業所": 1}
    assert figures["case_meetings_total"] == 1
    assert figures["case_meetings_by_municipality"]["山武市"] == 1
    assert sum(figures["case_meetings_by_municipality"].values()) == 1
    assert figures["observations_by_source"]["学習カード"] == 1
    assert figures["observations_by_source"]["ホッとステーション"] == 1
    later = community_figures(region=region, fiscal_year=2023)
    assert later["community_activities_by_method"]["福祉教育"] == 1
    assert later["case_meetings_total"] == 0


def test_an_activity_in_two_municipalities_counts_once_per_method(region, center_staff):
    togane, sanmu = region.municipalities.order_by("code")[:2]
    make_activity(region, center_staff, municipalities=[togane, sanmu])
    with CaptureQueriesContext(connection) as queries:
        figures = community_figures(region=region, fiscal_year=2022)
    assert figures["community_activities_by_method"]["福祉教育"] == 1
    assert figures["community_activities_by_municipality"][togane.name] == 1
    assert figures["community_activities_by_municipality"][sanmu.name] == 1
    assert len(queries) == STATEMENTS


def test_figures_of_one_municipality(region, center_staff, case_meeting):
    make_activity(region, center_staff)  # in 東金市 (the first code)
    sanmu = region.municipalities.get(code="12237")  # the person of case_meeting lives there
    for municipality in (sanmu, sanmu.pk, sanmu.code):
        figures = community_figures(region=region, fiscal_year=2022, municipality=municipality)
        assert sum(figures["community_activities_by_method"].values()) == 0
        assert list(figures["community_activities_by_municipality"]) == ["山武市"]
        assert figures["case_meetings_total"] == 1
        assert figures["case_meetings_by_municipality"] == {"山武市": 1}


def test_meetings_and_provider_support_are_suppressed_outside_activities_are_not(
    region, center_staff, provider_support, case_meeting
):
    for _ in range(5):
        make_activity(region, center_staff)
    make_activity(region, center_staff, method="network")  # one talk: not about a person
    figures = community_figures(region=region, fiscal_year=2022)
    published = community_published(figures)
    assert published["case_meetings_total"] == SUPPRESSED
    assert published["case_meetings_by_municipality"]["山武市"] == SUPPRESSED
    assert published["provider_support_total"] == SUPPRESSED
    assert published["provider_support_by_organization_kind"] == {"相談支援事業所": SUPPRESSED}
    assert published["community_activities_by_method"] == figures["community_activities_by_method"]
    assert published["community_activities_by_method"]["地域ネットワーク作り"] == 1
    assert published["observations_by_source"] == figures["observations_by_source"]
    # the exact figures are untouched
    assert figures["case_meetings_total"] == 1
