"""Public council pages (no login): published issues with suppressed counts, their public
timeline, and published proposals with their documents. Never a name, never a need's text."""

from datetime import date

import pytest

from tsunagu.council.models import IssueStatus, ResourceKind
from tsunagu.council.services import (
    issue_advance,
    issue_raise,
    issue_update,
    proposal_create,
    resource_register,
)
from tsunagu.needs.services import need_record

from .fixtures import MOBILITY_NEEDS, need_category

NAMES = ["佐々木", "井上", "林", "花子", "ササキ", "イノウエ", "ハヤシ", "ハナコ"]
NEED_TEXTS = [text for *_rest, text in MOBILITY_NEEDS]


def _no_personal_data(page: str) -> None:
    for word in NAMES + NEED_TEXTS:
        assert word not in page, word


@pytest.fixture
def published_issue(issue, secretariat, meeting, region):
    """The `issue` fixture (3 persons in 3 市町村), with its viewpoints written, moved on at
    a meeting, given a resource, and published."""
    issue_update(
        actor=secretariat,
        issue=issue,
        is_published=True,
        viewpoint_diversity="通院、通所、買い物と、困りごとの場面がさまざまである。",
        viewpoint_sociality="公共交通の減便という地域の変化が背景にある。",
        viewpoint_commonality="3つの市町で同じ声が上がっている。",
        viewpoint_foresight="免許返納と介護者の高齢化で、今後さらに増える見込み。",
    )
    issue_advance(
        actor=secretariat,
        issue=issue,
        to_status=IssueStatus.ORGANIZED,
        reason="複数の市町で同じ課題が出ていることを確認した。",
        meeting=meeting,
    )
    resource_register(
        actor=secretariat,
        issue=issue,
        kind=ResourceKind.NEW,
        name="乗合送迎サービス",
        organization_name="山武市社会福祉協議会",
        municipalities=[region.municipalities.get(code="12237")],
        starts_on=date(2026, 10, 1),
    )
    return issue


@pytest.fixture
def published_proposal(region, secretariat, published_issue):
    return proposal_create(
        actor=secretariat,
        region=region,
        title="移動手段の確保についての提言",
        issues=[published_issue],
        proposed_on=date(2026, 9, 30),
        addressee="山武郡市6市町 障害福祉担当課長 様",
        is_published=True,
    )


# --- the list ---------------------------------------------------------------------------


def test_anonymous_sees_published_issues_with_counts_but_no_names(client, published_issue):
    response = client.get("/public/sanbu/council/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "通院・通所の移動手段が足りない" in page
    assert "移動・交通" in page
    assert "事務局会議で整理" in page and "（2/8段階）" in page
    row = response.context["rows"][0]
    assert (row["persons"], row["municipalities"]) == (3, 3)
    _no_personal_data(page)


def test_unpublished_issues_are_not_listed(client, issue):
    page = client.get("/public/sanbu/council/").content.decode()
    assert issue.title not in page
    assert "公開している地域課題はまだありません" in page


def test_an_issue_of_few_persons_shows_no_numbers(
    client, region, secretariat, center_staff, mobility_persons
):
    needs = [
        need_record(
            actor=center_staff,
            region=region,
            person=mobility_persons[0],
            text="夜間に相談できる窓口がない。",
            category=need_category(region, "other"),
        )
    ]
    issue = issue_raise(
        actor=secretariat,
        region=region,
        title="夜間の相談窓口",
        category=need_category(region, "other"),
        needs=needs,
    )
    issue_update(actor=secretariat, issue=issue, is_published=True)

    list_page = client.get("/public/sanbu/council/")
    detail = client.get(f"/public/sanbu/council/issues/{issue.pk}/")

    row = list_page.context["rows"][0]
    assert (row["persons"], row["municipalities"]) == ("＊", None)
    assert "非公表" in list_page.content.decode()
    assert "人数と内訳は公表していません" in detail.content.decode()
    assert detail.context["foresight"] is None
    _no_personal_data(detail.content.decode())


def test_list_query_count_does_not_grow(
    client, region, secretariat, mobility_needs, django_assert_max_num_queries
):
    for n in range(6):
        issue = issue_raise(
            actor=secretariat,
            region=region,
            title=f"課題{n}",
            category=need_category(region, "mobility"),
            needs=mobility_needs,
        )
        issue_update(actor=secretariat, issue=issue, is_published=True)
    with django_assert_max_num_queries(2):  # the region, the issues with their counts
        response = client.get("/public/sanbu/council/")
    assert len(response.context["rows"]) == 6


# --- an issue ---------------------------------------------------------------------------


def test_issue_page_shows_viewpoints_evidence_and_timeline(client, published_issue, meeting):
    response = client.get(f"/public/sanbu/council/issues/{published_issue.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "問題の多様性",
        "問題の社会性",
        "問題の共通性",
        "将来予測",
        "公共交通の減便という地域の変化が背景にある。",
        "免許返納と介護者の高齢化で、今後さらに増える見込み。",
    ):
        assert text in page
    evidence = response.context["evidence"]
    assert evidence.persons == 3
    # one person in each of three 市町村: no suppression protects the cells, so none is shown
    assert evidence.by_municipality == {}
    assert "人数が少ないため、内訳は秘匿しています。" in page
    # the timeline: steps with their 和暦 date, meeting title and reason; the resource
    assert "第1回 事務局会議" in page
    assert "複数の市町で同じ課題が出ていることを確認した。" in page
    assert "令和" in page
    assert "乗合送迎サービス" in page and "令和8年10月1日" in page
    _no_personal_data(page)


def test_issue_page_shows_no_recorder_nor_meeting_details(client, published_issue, secretariat):
    page = client.get(f"/public/sanbu/council/issues/{published_issue.pk}/").content.decode()

    assert secretariat.username not in page
    assert "山武健康福祉センター" not in page  # the meeting's venue
    assert "事務局 山田" not in page  # an attendee


def test_issue_page_foresight_counts(client, published_issue, mobility_persons):
    from tsunagu.core import dates
    from tsunagu.people.services import caregiver_add

    for person in mobility_persons:
        caregiver_add(
            actor="test",
            person=person,
            relation="母",
            birth_year=dates.today_local().year - 80,
            is_key=True,
        )

    response = client.get(f"/public/sanbu/council/issues/{published_issue.pk}/")

    assert response.context["foresight"].caregivers_now == 3
    assert "数で見る将来予測" in response.content.decode()


def test_unpublished_issue_is_404(client, issue):
    assert client.get(f"/public/sanbu/council/issues/{issue.pk}/").status_code == 404


@pytest.fixture
def their_issue(other_region, outsider):
    """A published issue of the other region."""
    issue = issue_raise(
        actor=outsider,
        region=other_region,
        title="よその圏域の課題",
        category=need_category(other_region, "housing"),
    )
    return issue_update(actor=outsider, issue=issue, is_published=True)


def test_issue_of_another_region_is_404(client, published_issue, their_issue):
    other_issue = their_issue

    # our issue under their code, and theirs under ours
    assert client.get(f"/public/other/council/issues/{published_issue.pk}/").status_code == 404
    assert client.get(f"/public/sanbu/council/issues/{other_issue.pk}/").status_code == 404
    assert client.get(f"/public/other/council/issues/{other_issue.pk}/").status_code == 200


def test_unknown_region_code_is_404(client, region):
    assert client.get("/public/nowhere/council/").status_code == 404
    assert client.get("/public/nowhere/council/proposals/").status_code == 404


def test_issue_page_query_count(client, published_issue, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert client.get(f"/public/sanbu/council/issues/{published_issue.pk}/").status_code == 200


def test_logged_in_staff_see_the_same_public_page(client, login, municipal_staff, published_issue):
    login(client, municipal_staff)
    response = client.get(f"/public/sanbu/council/issues/{published_issue.pk}/")
    assert response.status_code == 200
    _no_personal_data(response.content.decode())


def test_public_pages_accept_reads_only(client, published_issue):
    assert client.post("/public/sanbu/council/").status_code in (403, 405)


# --- proposals --------------------------------------------------------------------------


def test_published_proposals_are_listed_with_their_downloads(
    client, region, secretariat, published_proposal, issue
):
    unpublished = proposal_create(
        actor=secretariat,
        region=region,
        title="まだ公開しない提言",
        issues=[issue],
        proposed_on=date(2026, 10, 1),
    )

    response = client.get("/public/sanbu/council/proposals/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "移動手段の確保についての提言" in page and "令和8年9月30日" in page
    assert unpublished.title not in page
    assert f"/public/sanbu/council/proposals/{published_proposal.pk}.pdf" in page
    assert f"/public/sanbu/council/proposals/{published_proposal.pk}.docx" in page
    _no_personal_data(page)


def test_proposal_lists_only_its_published_issues(client, region, secretariat, published_issue):
    hidden = issue_raise(
        actor=secretariat,
        region=region,
        title="まだ公開しない課題",
        category=need_category(region, "housing"),
    )
    proposal_create(
        actor=secretariat,
        region=region,
        title="二つの課題の提言",
        issues=[published_issue, hidden],
        proposed_on=date(2026, 10, 1),
        is_published=True,
    )

    page = client.get("/public/sanbu/council/proposals/").content.decode()

    assert published_issue.title in page
    assert hidden.title not in page


def test_proposal_documents_download(client, published_proposal):
    base = f"/public/sanbu/council/proposals/{published_proposal.pk}"

    pdf = client.get(f"{base}.pdf")
    docx = client.get(f"{base}.docx")

    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert "wordprocessingml" in docx["Content-Type"]


def test_unpublished_proposal_documents_are_404(client, region, secretariat, issue):
    proposal = proposal_create(
        actor=secretariat,
        region=region,
        title="まだ公開しない提言",
        issues=[issue],
        proposed_on=date(2026, 10, 1),
    )
    base = f"/public/sanbu/council/proposals/{proposal.pk}"
    assert client.get(f"{base}.pdf").status_code == 404
    assert client.get(f"{base}.docx").status_code == 404
    assert client.get(f"/public/other/council/proposals/{proposal.pk}.pdf").status_code == 404


def test_proposal_list_query_count(
    client, region, secretariat, published_issue, django_assert_max_num_queries
):
    for n in range(5):
        proposal_create(
            actor=secretariat,
            region=region,
            title=f"提言{n}",
            issues=[published_issue],
            proposed_on=date(2026, 9, n + 1),
            is_published=True,
        )
    with django_assert_max_num_queries(3):  # region, proposals, their published issues
        assert client.get("/public/sanbu/council/proposals/").status_code == 200
