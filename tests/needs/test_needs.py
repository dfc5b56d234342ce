"""Needs: recording (with suggestions), the worker's list, candidate groups for the council."""

import re
from datetime import date

import pytest
from tests.council.fixtures import MOBILITY_NEEDS, need_category

from tsunagu.core.models import AuditEntry
from tsunagu.council.models import CommunityIssue
from tsunagu.needs.models import Need
from tsunagu.needs.services import need_record

pytestmark = pytest.mark.django_db

NAMES = ["佐々木", "井上", "林", "花子"]


def _texts():
    return [text for *_rest, text in MOBILITY_NEEDS]


def _outside_question(body: str) -> str:
    """The page without its "same need?" question, the one place a (redacted) statement may
    be shown to the secretariat."""
    return re.sub(
        r'<section[^>]*aria-labelledby="question-title".*?</section>', "", body, flags=re.S
    )


def test_worker_records_a_need_from_a_consultation(client, login, center_staff, consultation):
    login(client, center_staff)
    category = need_category(consultation.region, "employment")
    response = client.post(
        f"/needs/new/?consultation={consultation.pk}",
        {
            "text": "職場実習を受け入れてくれる会社が見つからない。",
            "category": category.pk,
            "resource_gap": "on",
        },
    )
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.person == consultation.person
    assert need.consultation == consultation
    assert need.municipality == consultation.person.municipality  # defaulted from the person
    assert need.noted_on == date(2022, 6, 1)  # the consultation's day
    assert need.resource_gap is True
    assert need.recorded_by == center_staff
    assert need.analysis, "the text is analysed once, when it is saved"
    entry = AuditEntry.objects.filter(target_type="needs.need", target_id=str(need.pk)).get()
    assert "職場" not in entry.summary
    # Back on the consultation, the need is there (issue 21 item 6).
    assert response["Location"] == f"/consultations/{consultation.pk}/"
    page = client.get(response["Location"]).content.decode()
    section = page.split('id="consultation-needs"')[1].split("</section>")[0]
    assert "職場実習を受け入れてくれる会社が見つからない。" in section
    assert "令和4年6月1日" in section and "社会資源の不足" in section


def test_need_form_refuses_empty_text_and_keeps_input(client, login, center_staff, person):
    login(client, center_staff)
    response = client.post(f"/needs/new/?person={person.pk}", {"text": "", "category": ""})
    assert response.status_code == 200
    assert "field--error" in response.content.decode()
    assert not Need.objects.exists()


def test_suggestions_name_the_category_and_count_similar_needs(
    client, login, center_staff, mobility_needs, person
):
    login(client, center_staff)
    response = client.get(
        "/needs/suggest/",
        {"text": "バスが少なくて病院に通えない。送迎もない。", "person": person.pk},
    )
    data = response.json()
    assert data["categories"][0]["code"] == "mobility"
    assert data["similar_persons"] == 3
    assert data["similar_municipalities"] == 3
    assert data["similar"] == "同様のニーズ: 3人・3市町村"
    assert data["nearest"] == "近い地域課題の候補があります（3人）"  # the link made at entry
    body = response.content.decode()
    assert not any(name in body for name in NAMES)
    assert not any(text in body for text in _texts())


def test_similar_counts_below_the_threshold_are_not_given(
    client, login, center_staff, mobility_needs
):
    Need.objects.filter(pk=mobility_needs[0].pk).delete()
    login(client, center_staff)
    data = client.get("/needs/suggest/", {"text": "通院のバスが少ない"}).json()
    assert data["similar_persons"] is None
    assert data["similar"] == "同様のニーズ: 3人未満"


def test_provider_sees_needs_of_assigned_persons_only(
    client, login, provider_staff, need, region, center_staff, unassigned_person
):
    hidden = need_record(
        actor=center_staff,
        region=region,
        person=unassigned_person,
        text="日中に通える場所がない。",
        category=need_category(region, "daytime"),
    )
    login(client, provider_staff)
    body = client.get("/needs/").content.decode()
    assert need.text in body
    assert hidden.text not in body
    assert client.post(f"/needs/{hidden.pk}/met/").status_code == 404


def test_marking_a_need_met(client, login, center_staff, need):
    login(client, center_staff)
    response = client.post(f"/needs/{need.pk}/met/", {"note": "新しいグループホームに入居"})
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.met_at is not None
    assert need.met_note == "新しいグループホームに入居"


def test_candidate_appears_with_the_third_person(
    client, login, secretariat, center_staff, region, mobility_persons
):
    category = need_category(region, "mobility")
    login(client, secretariat)
    for i, person in enumerate(mobility_persons):
        body = client.get("/needs/candidates/").content.decode()
        assert "地域課題として提起" not in body, f"no candidate with {i} persons"
        need_record(
            actor=center_staff, region=region, person=person, text=_texts()[i], category=category
        )
    body = client.get("/needs/candidates/").content.decode()
    assert "地域課題として提起" in body
    assert "3人・3市町村" in body
    assert not any(name in body for name in NAMES)
    assert not any(text in _outside_question(body) for text in _texts())


def test_raising_an_issue_from_a_candidate(client, login, secretariat, mobility_needs, region):
    login(client, secretariat)
    body = client.get("/needs/candidates/").content.decode()
    token = re.search(r'name="group" value="([^"]+)"', body).group(1)
    response = client.post(
        "/council/issues/raise/",
        {
            "group": token,
            "title": "移動手段が足りない",
            "category": need_category(region, "mobility").pk,
        },
    )
    assert response.status_code == 302
    issue = CommunityIssue.objects.get()
    assert issue.need_links.count() == 3
    assert issue.transitions.get().to_status == "raised"
    # The group now feeds an issue: it is no longer a candidate.
    assert "地域課題として提起" not in client.get("/needs/candidates/").content.decode()


def test_a_forged_group_token_raises_nothing(client, login, secretariat, mobility_needs, region):
    login(client, secretariat)
    response = client.post(
        "/council/issues/raise/",
        {"group": "forged", "title": "x", "category": need_category(region, "mobility").pk},
    )
    assert response.status_code == 302
    assert not CommunityIssue.objects.exists()


def test_a_token_from_another_region_raises_nothing(
    client, login, secretariat, outsider, mobility_needs, region
):
    login(client, secretariat)
    body = client.get("/needs/candidates/").content.decode()
    token = re.search(r'name="group" value="([^"]+)"', body).group(1)
    login(client, outsider)
    client.post("/council/issues/raise/", {"group": token, "title": "x", "category": "1"})
    assert not CommunityIssue.objects.exists()


@pytest.mark.parametrize("role", ["secretariat", "municipal_staff"])
def test_council_and_municipality_never_see_a_name(
    client, login, request, role, issue, mobility_needs
):
    """Every page these roles can open, after needs and an issue exist: no name, no need text."""
    user = request.getfixturevalue(role)
    login(client, user)
    pages = ["/dashboard/", "/council/issues/", f"/council/issues/{issue.pk}/"]
    if role == "secretariat":
        pages += ["/needs/candidates/", f"/council/issues/{issue.pk}/edit/"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        body = response.content.decode()
        assert not any(name in body for name in NAMES), page
        assert not any(text in _outside_question(body) for text in _texts()), page
    for page in ["/needs/", "/needs/suggest/?text=バス"]:
        assert client.get(page).status_code == 403


def test_a_need_from_a_support_plan(client, login, center_staff, region, support_plan):
    login(client, center_staff)
    category = need_category(region, "housing")
    response = client.post(
        f"/needs/new/?plan={support_plan.pk}",
        {"text": "一人暮らしの練習ができる場がほしい。", "category": category.pk},
    )
    assert response.status_code == 302
    assert response.url == f"/plans/{support_plan.pk}/"
    need = Need.objects.get()
    assert (need.support_plan, need.person) == (support_plan, support_plan.person)


def test_a_plan_of_an_unassigned_person_is_not_found_for_the_provider(
    client, login, provider_staff, unassigned_person, center_staff, center_org
):
    from tests.plans.fixtures import make_plan

    plan = make_plan(unassigned_person, center_staff, center_org)
    login(client, provider_staff)
    assert client.get(f"/needs/new/?plan={plan.pk}").status_code == 404


def test_a_group_is_not_anothers_because_one_need_feeds_an_issue(
    client, login, secretariat, center_staff, region, issue, mobility_needs
):
    """Three daytime needs, one of them also linked to the mobility issue: still a candidate."""
    from tsunagu.council.services import issue_link_needs
    from tsunagu.people.services import person_create

    texts = [
        "日中に通える場所がなく、家で過ごしている。",
        "昼間に行ける居場所がほしい。",
        "作業所以外に立ち寄れる場所がない。",
    ]
    daytime = []
    for i, text in enumerate(texts):
        someone = person_create(
            actor="test",
            region=region,
            family_name="日中",
            family_name_kana="ニッチュウ",
            given_name=f"{i}",
            given_name_kana=f"イ{i}",
            is_fictional=True,
        )
        daytime.append(
            need_record(
                actor=center_staff,
                region=region,
                person=someone,
                text=text,
                category=need_category(region, "daytime"),
            )
        )
    issue_link_needs(actor=secretariat, issue=issue, needs=daytime[:1])
    login(client, secretariat)
    body = client.get("/needs/candidates/").content.decode()
    assert "地域課題として提起" in body
    assert "日中活動・居場所：3人" in body


def test_at_entry_the_nearest_community_issue_is_named(client, login, center_staff, issue, person):
    """When the typed need is like the needs an issue was raised from, the issue is named (its
    title; counts only, no need text)."""
    login(client, center_staff)
    data = client.get(
        "/needs/suggest/", {"text": "路線バスが少なく、出かける手段がない。", "person": person.pk}
    ).json()
    assert data["nearest"].startswith(f"近い地域課題:「{issue.title}」")
    data = client.get("/needs/suggest/", {"text": "歯医者の予約が取れない。"}).json()
    assert data["nearest"] == ""
