"""The 地域支援 demo: a dated year of the lecture's community work, marked demo, idempotent."""

from tsunagu.community.demo import demo_community_load
from tsunagu.community.figures import community_figures
from tsunagu.community.models import (
    CaseConference,
    CaseMeeting,
    CommunityActivity,
    Observation,
    ProviderSupport,
)
from tsunagu.community.textcheck import personal_data_findings


def test_demo_loads_a_year_and_runs_twice(region, center_staff, center_org, provider_org, person):
    assert demo_community_load(region=region) is True
    assert demo_community_load(region=region) is False
    activities = CommunityActivity.objects.filter(region=region)
    assert activities.count() == 8 and not activities.filter(is_demo=False).exists()
    titles = " ".join(activities.values_list("title", flat=True))
    for words in (
        "公開研修会",
        "高校",
        "ホッとステーション",
        "交流会",
        "合同事例検討会",
        "合同新人研修会",
    ):
        assert words in titles
    assert activities.get(title__contains="合同事例検討会").partner_organizations.count() == 1
    talk = activities.get(title__contains="高校")
    assert talk.observations.filter(source="learning_card").count() == 4
    assert Observation.objects.filter(is_demo=True).count() == 8
    assert ProviderSupport.objects.filter(is_demo=True).count() == 4
    assert CaseMeeting.objects.filter(is_demo=True).count() == 1
    conference = CaseConference.objects.get(is_demo=True)
    assert conference.event.kind == "case_conference"
    assert personal_data_findings(conference.case_summary) == []
    assert sum(a.count for a in conference.attendance.all()) >= 5
    figures = community_figures(region=region, fiscal_year=2022)
    assert sum(figures["community_activities_by_method"].values()) == 7  # 合同新人研修会: 令和5年度
    assert figures["community_activities_by_method"]["人材発掘・養成"] == 3
    assert figures["observations_by_source"]["学習カード"] == 4


def test_demo_without_records_makes_no_meeting(region, center_staff, person):
    demo_community_load(region=region, with_records=False)
    assert not CaseMeeting.objects.exists()
    assert not CaseConference.objects.exists()
