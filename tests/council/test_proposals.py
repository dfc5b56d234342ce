"""提言書: created from issues, listed, shown, and downloaded as PDF and DOCX — de-identified:
the issue, its viewpoints, suppressed counts, its history and resources, never a name or the
text of a need."""

import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader
from tests.council.fixtures import MOBILITY_NEEDS

from tsunagu.core.models import AuditAction, AuditEntry, ListItem, ListKind
from tsunagu.council.models import IssueStatus, Proposal, ResourceKind
from tsunagu.council.services import issue_advance, issue_update, proposal_create, resource_register

NAMES = ["佐々木", "井上", "林 花子", "花子", "ハナコ"]
NEED_TEXTS = [text for _c, _k, _f, text in MOBILITY_NEEDS]
SUPPRESSION_NOTE = "＊は2人以下のため秘匿"
WITHHELD_DISABILITIES = (
    "「障害種別別 実人数（重複カウントあり）」は、どの欄も3人未満で個人の特定につながるおそれが"
    "あるため、示しません。"
)


def _flat(text: str) -> str:
    """Text without the line breaks and spaces that PDF layout and extraction add or drop."""
    return "".join(text.split())


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def documented_issue(issue, secretariat, meeting, mobility_persons, region):
    """The issue with viewpoints, a step taken at the meeting, and a resource. Two of its
    three persons have an intellectual disability, one a mental one: every cell of that
    breakdown is below the threshold."""
    types = {
        item.code: item
        for item in ListItem.objects.filter(region=region, kind=ListKind.DISABILITY_TYPE)
    }
    for person, code in zip(mobility_persons, ["intellectual", "intellectual", "mental"], strict=True):
        person.disabilities.create(disability_type=types[code], is_primary=True)
    issue_update(
        actor=secretariat,
        issue=issue,
        viewpoint_diversity="通院・通所・買い物と、困りごとは生活全体に及ぶ。",
        viewpoint_foresight="免許返納が進み、移動に困る人は増える。",
    )
    issue_advance(
        actor=secretariat,
        issue=issue,
        to_status=IssueStatus.ORGANIZED,
        reason="部会へ",
        meeting=meeting,
    )
    resource_register(
        actor=secretariat,
        issue=issue,
        kind=ResourceKind.NEW,
        name="福祉有償運送 さんぶ号",
        organization_name="NPO法人 さんぶの足",
        starts_on=date(2026, 10, 1),
    )
    return issue


# --- create, list, page ---------------------------------------------------------------


def test_the_secretariat_creates_a_proposal_from_issues(client, secretariat, issue, login):
    login(client, secretariat)
    assert issue.title in client.get("/council/proposals/new/").content.decode()

    response = client.post(
        "/council/proposals/new/",
        {
            "title": "移動手段に関する提言",
            "addressee": "山武市長 様",
            "proposed_on": "令和8年9月1日",
            "preface": "次のとおり提言します。",
            "issues": [issue.pk],
            "is_published": "on",
        },
    )

    proposal = Proposal.objects.get(title="移動手段に関する提言")
    assert response.status_code == 302
    assert response["Location"] == f"/council/proposals/{proposal.pk}/"
    assert list(proposal.issues.all()) == [issue]
    assert proposal.proposed_on == date(2026, 9, 1)
    assert proposal.is_published
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, target_id=str(proposal.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "令和8年9月1日" in page
    assert issue.title in page
    assert SUPPRESSION_NOTE in page
    for name in NAMES:
        assert name not in page


def test_a_proposal_needs_an_issue(client, secretariat, issue, login):
    login(client, secretariat)

    response = client.post(
        "/council/proposals/new/", {"title": "課題なし", "proposed_on": "2026/9/1"}
    )

    assert response.status_code == 200
    assert not Proposal.objects.filter(title="課題なし").exists()


def test_issues_of_another_region_cannot_be_proposed(
    client, secretariat, issue, other_issue, login
):
    login(client, secretariat)

    response = client.post(
        "/council/proposals/new/",
        {"title": "越境", "proposed_on": "2026/9/1", "issues": [other_issue.pk]},
    )

    assert response.status_code == 200
    assert not Proposal.objects.filter(title="越境").exists()


def test_municipal_staff_read_proposals_but_do_not_write_them(
    client, municipal_staff, proposal, issue, login
):
    login(client, municipal_staff)

    assert proposal.title in client.get("/council/proposals/").content.decode()
    page = client.get(f"/council/proposals/{proposal.pk}/").content.decode()
    assert issue.title in page
    assert f"/council/issues/{issue.pk}/" not in page  # the issue page is the council's
    assert client.get("/council/proposals/new/").status_code == 403
    response = client.post(
        "/council/proposals/new/",
        {"title": "市から", "proposed_on": "2026/9/1", "issues": [issue.pk]},
    )
    assert response.status_code == 403
    assert not Proposal.objects.filter(title="市から").exists()


@pytest.mark.parametrize("persona", ["provider_staff", "member"])
def test_proposals_are_refused_to_the_network(client, persona, proposal, login, request):
    login(client, request.getfixturevalue(persona))

    assert client.get("/council/proposals/").status_code == 403
    assert client.get(f"/council/proposals/{proposal.pk}/proposal.pdf").status_code == 403


def test_another_region_does_not_see_our_proposals(client, outsider, proposal, login):
    login(client, outsider)

    assert proposal.title not in client.get("/council/proposals/").content.decode()
    assert client.get(f"/council/proposals/{proposal.pk}/").status_code == 404
    assert client.get(f"/council/proposals/{proposal.pk}/proposal.docx").status_code == 404


def test_proposal_list_query_count_does_not_grow(
    client, secretariat, region, issue, working_group, login, django_assert_max_num_queries
):
    for i in range(12):
        proposal_create(
            actor=secretariat,
            region=region,
            title=f"提言 {i}",
            issues=[issue],
            proposed_on=date(2026, 4, 1 + i),
        )
    login(client, secretariat)

    with django_assert_max_num_queries(8):
        response = client.get("/council/proposals/")

    assert response.content.decode().count(issue.title) == 12


# --- the documents --------------------------------------------------------------------


def test_the_pdf_holds_the_issue_and_its_evidence_and_no_names(
    client, center_staff, proposal, documented_issue, meeting, login
):
    login(client, center_staff)

    response = client.get(f"/council/proposals/{proposal.pk}/proposal.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = _pdf_text(response.content)
    assert documented_issue.title in text
    assert "移動" in text and "令和8年9月1日" in text
    assert "対象者（実人数）" in text
    # Every 障害種別 cell would be ＊: the table is left out and named once, with the reason
    # (issue 21), instead of a grid of ＊.
    assert _flat(WITHHELD_DISABILITIES) in _flat(text)
    assert _flat(text).count("障害種別別実人数") == 1
    assert SUPPRESSION_NOTE in text
    assert "免許返納が進み" in text  # a viewpoint
    assert "事務局会議で整理" in text and meeting.title in text  # the history, with the meeting
    assert "福祉有償運送 さんぶ号" in text  # the resource
    for name in NAMES:
        assert name not in text
    for need_text in NEED_TEXTS:
        assert need_text[:10] not in text
    reader = PdfReader(io.BytesIO(response.content))
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert fonts and all("/FontFile2" in f["/FontDescriptor"] for f in fonts)  # embedded
    assert AuditEntry.objects.filter(
        user=center_staff, action=AuditAction.EXPORT, target_id=str(proposal.pk)
    ).exists()


def test_the_docx_holds_the_issue_and_its_evidence_and_no_names(
    client, municipal_staff, proposal, documented_issue, meeting, login
):
    login(client, municipal_staff)

    response = client.get(f"/council/proposals/{proposal.pk}/proposal.docx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _docx_text(response.content)
    assert documented_issue.title in text
    assert proposal.addressee in text
    assert "対象者（実人数）" in text
    assert WITHHELD_DISABILITIES in text
    assert text.count("障害種別別 実人数") == 1
    assert SUPPRESSION_NOTE in text
    assert meeting.title in text
    assert "福祉有償運送 さんぶ号" in text
    for name in NAMES:
        assert name not in text
    for need_text in NEED_TEXTS:
        assert need_text[:10] not in text
    # Japanese text gets an East Asian font in Word.
    normal = Document(io.BytesIO(response.content)).styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia"))
    assert AuditEntry.objects.filter(
        user=municipal_staff, action=AuditAction.EXPORT, target_id=str(proposal.pk)
    ).exists()


def test_the_documents_show_only_the_issues_a_caller_prefetched(
    proposal, issue, region, secretariat
):
    """The public pages prefetch published issues only; the documents follow that set."""
    from tsunagu.council.documents import proposal_docx
    from tsunagu.council.selectors import public_proposal_list

    proposal.is_published = True
    proposal.save(update_fields=["is_published"])
    public = public_proposal_list(region).get(pk=proposal.pk)

    text = _docx_text(proposal_docx(public))

    assert issue.title not in text  # the issue itself is not published
    assert proposal.title in text


def test_a_breakdown_all_withheld_is_left_out_and_named_once():
    """Issue 21: a 5-person issue whose every 障害種別 cell is ＊ says nothing in that table:
    the documents leave it out and name it in one sentence instead of a grid of ＊."""
    from tsunagu.core.suppression import SUPPRESSED
    from tsunagu.council.documents import _evidence_tables
    from tsunagu.needs.evidence import Evidence

    evidence = Evidence(
        persons=5, needs=6, met=0, municipalities_count=2,
        by_municipality={"東金市": 3, "山武市": SUPPRESSED},
        by_disability={"知的障害": SUPPRESSED, "精神障害": SUPPRESSED, "身体障害": SUPPRESSED},
        by_period={"令和8年度 第2四半期": 6},
    )  # fmt: skip
    withheld: list[str] = []
    captions = [t.caption for t in _evidence_tables(evidence, withheld)]
    assert captions == ["根拠となる数", "市町村別 実人数", "時期別 ニーズ件数"]
    assert withheld == ["障害種別別 実人数（重複カウントあり）"]
