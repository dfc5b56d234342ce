"""地域の声 beside persons' needs: a separate count on candidate issues and on an issue's evidence;
never counted as persons (the ≥ 3 persons threshold is the needs' alone)."""

from tests.community.fixtures import make_observation
from tests.council.fixtures import MOBILITY_NEEDS, need_category

from tsunagu.community.models import ObservationSource
from tsunagu.needs.services import need_record


def test_observations_are_shown_apart_and_never_make_a_candidate(
    client, login, region, secretariat, center_staff, center_org, provider_org, mobility_persons
):
    category = need_category(region, "mobility")
    for _ in range(5):
        make_observation(region, organization=center_org)
    make_observation(region, organization=provider_org, source=ObservationSource.HOT_STATION)
    make_observation(region, category="housing", organization=provider_org)
    login(client, secretariat)
    for person, (_c, _k, _f, text) in zip(mobility_persons[:2], MOBILITY_NEEDS, strict=False):
        need_record(actor=center_staff, region=region, person=person, text=text, category=category)
    body = client.get("/needs/candidates/").content.decode()
    assert "地域課題として提起" not in body  # 2 persons + 6 observations: still no candidate
    person, (_c, _k, _f, text) = mobility_persons[2], MOBILITY_NEEDS[2]
    need_record(actor=center_staff, region=region, person=person, text=text, category=category)
    body = client.get("/needs/candidates/").content.decode()
    assert "3人・3市町村 ＋ 地域の声 6件（2機関）" in body


def test_an_issue_shows_its_observations_beside_the_evidence(
    client, login, region, secretariat, issue, center_org
):
    make_observation(region, organization=center_org)
    make_observation(region, organization=center_org, text="駅が遠い")
    login(client, secretariat)
    body = client.get(f"/council/issues/{issue.pk}/").content.decode()
    assert "地域の声（同じ課題分類）：2件（1機関）" in body
