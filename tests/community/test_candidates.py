"""地域の声 beside persons' needs: grouped by the SAME analysis as the persons' needs (not by the
課題分類 typed, not by the words), counted apart on candidate issues and on an issue's evidence;
never counted as persons (the ≥ 3 persons threshold is the needs' alone)."""

from tests.community.fixtures import make_observation
from tests.council.fixtures import MOBILITY_NEEDS, need_category

from tsunagu.community.models import ObservationSource
from tsunagu.needs import analysis
from tsunagu.needs.selectors import candidate_groups
from tsunagu.needs.services import need_record

# The persons speak of buses and driving licences; these voices say the same wall otherwise.
SAME_WALL = [
    "免許を返したら、病院まで行く足がなくなったと民生委員さんから聞いた。",
    "車がないと買い物にも行けないという話が多い。",
]
OTHER_WALL = "放課後に子どもが安心して過ごせる場所がほしい。"


def _record_needs(region, center_staff, persons):
    category = need_category(region, "mobility")
    for person, (_c, _k, _f, text) in zip(persons, MOBILITY_NEEDS, strict=False):
        need_record(actor=center_staff, region=region, person=person, text=text, category=category)


def test_observations_never_make_a_candidate(
    client, login, region, secretariat, center_staff, center_org, mobility_persons
):
    for _ in range(6):
        make_observation(region, organization=center_org)
    _record_needs(region, center_staff, mobility_persons[:2])
    login(client, secretariat)
    body = client.get("/needs/candidates/").content.decode()
    assert "地域課題として提起" not in body  # 2 persons + 6 voices: still no candidate
    assert candidate_groups(region) == []


def test_a_voice_worded_differently_joins_the_persons_candidate(
    client, login, region, secretariat, center_staff, center_org, provider_org, mobility_persons
):
    # recorded under other 課題分類: the analysis, not the category typed, places them
    make_observation(region, category="housing", organization=center_org, text=SAME_WALL[0])
    make_observation(
        region,
        category="other",
        organization=provider_org,
        source=ObservationSource.HOT_STATION,
        text=SAME_WALL[1],
    )
    make_observation(region, category="mobility", organization=provider_org, text=OTHER_WALL)
    _record_needs(region, center_staff, mobility_persons)
    [group] = candidate_groups(region)
    assert group.person_count == 3
    assert group.beside_figures("observations") == {"count": 2, "organizations": 2}
    login(client, secretariat)
    body = client.get("/needs/candidates/").content.decode()
    assert "3人・3市町村 ＋ 地域の声 2件（2機関）" in body


def test_the_voices_do_not_change_the_persons_groups(region, center_staff, mobility_persons):
    _record_needs(region, center_staff, mobility_persons)
    items = [
        analysis.ClusterItem(id=i, person=i, municipality=None, features=analysis.analyze(t))
        for i, (_c, _k, _f, t) in enumerate(MOBILITY_NEEDS)
    ]
    alone = analysis.cluster(items, min_persons=3)
    joiners = [
        analysis.ClusterItem(id=f"v{i}", person=None, municipality=None,
                             features=analysis.analyze(t))
        for i, t in enumerate([*SAME_WALL, OTHER_WALL] * 5)
    ]
    together = analysis.join_groups(items, alone, joiners)
    # joiners are placed in the space fitted on the needs alone: the groups stay as they were
    assert analysis.cluster(items, min_persons=3) == alone
    assert together["v0"] == together["v1"] == alone[0] is not None
    assert together["v2"] is None
    # two persons and many voices: no group at all
    few = analysis.cluster(items[:2], min_persons=3)
    assert set(few.values()) == {None}
    assert set(analysis.join_groups(items[:2], few, joiners).values()) == {None}


def test_an_issue_shows_its_observations_beside_the_evidence(
    client, login, region, secretariat, issue, center_org
):
    make_observation(region, organization=center_org)
    make_observation(region, organization=center_org, text="駅が遠くて、どこにも出かけられない")
    make_observation(region, organization=center_org, text=OTHER_WALL)
    login(client, secretariat)
    body = client.get(f"/council/issues/{issue.pk}/").content.decode()
    assert "地域の声（同じ分析でまとまったもの）：2件（1機関）。人数には数えません。" in body
