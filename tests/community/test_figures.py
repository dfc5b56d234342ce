"""community_figures: the 地域支援 section of the annual report, by region and municipality."""

from datetime import date

from tests.community.fixtures import make_activity, make_observation

from tsunagu.community.figures import KEYS, community_figures
from tsunagu.community.models import ObservationSource


def test_figures_of_a_year_and_its_boundaries(
    region, center_staff, provider_support, case_meeting, django_assert_max_num_queries
):
    make_activity(region, center_staff, held_on=date(2022, 4, 1))
    make_activity(region, center_staff, held_on=date(2023, 3, 31), method="network")
    make_activity(region, center_staff, held_on=date(2023, 4, 1))  # next 年度
    make_observation(region, noted_on=date(2022, 6, 1))
    make_observation(region, noted_on=date(2022, 6, 2), source=ObservationSource.HOT_STATION)
    with django_assert_max_num_queries(8):
        figures = community_figures(region=region, fiscal_year=2022)
    assert set(figures) == set(KEYS)
    assert figures["community_activities_by_method"]["福祉教育"] == 1
    assert figures["community_activities_by_method"]["地域ネットワーク作り"] == 1
    assert sum(figures["community_activities_by_method"].values()) == 2
    assert figures["community_activities_by_municipality"]["東金市"] == 2
    assert figures["provider_support_total"] == 1
    assert figures["provider_support_by_organization_kind"] == {"相談支援事業所": 1}
    assert figures["case_meetings_total"] == 1
    assert figures["observations_by_source"]["学習カード"] == 1
    assert figures["observations_by_source"]["ホッとステーション"] == 1
    assert (
        community_figures(region=region, fiscal_year=2023)["community_activities_by_method"][
            "福祉教育"
        ]
        == 1
    )


def test_figures_of_one_municipality(region, center_staff, case_meeting):
    make_activity(region, center_staff)  # in 東金市 (the first code)
    sanmu = region.municipalities.get(code="12237")  # the person of case_meeting lives there
    figures = community_figures(region=region, fiscal_year=2022, municipality=sanmu)
    assert sum(figures["community_activities_by_method"].values()) == 0
    assert list(figures["community_activities_by_municipality"]) == ["山武市"]
    assert figures["case_meetings_total"] == 1
