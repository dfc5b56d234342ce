"""Access rules for the public council pages and the foresight page (merged into
access_rules.py). The public pages answer everyone alike — anonymous users and any region's
staff — with 200 for what is published and 404 for anything else."""

from datetime import date

from tests.access import row as _row

from tsunagu.core.models import ListItem, ListKind
from tsunagu.council.services import issue_raise, issue_update, proposal_create

EVERYONE = _row(200, 200, 200, 200, 200, 200, 200, 200)
NOBODY = _row(404, 404, 404, 404, 404, 404, 404, 404)
AGGREGATES = _row(302, 200, 200, 403, 200, 200, 403, 200)


def _published_issue(o):
    """The `issue` fixture (3 persons in 3 市町村), published."""
    return issue_update(actor=o["secretariat"], issue=o["issue"], is_published=True)


def _their_published_issue(o):
    """A published issue of the other region."""
    outsider = o["outsider"]
    issue = issue_raise(
        actor=outsider,
        region=outsider.region,
        title="よその圏域の課題",
        category=ListItem.objects.get(
            region=outsider.region, kind=ListKind.NEED_CATEGORY, code="housing"
        ),
    )
    return issue_update(actor=outsider, issue=issue, is_published=True)


def _published_proposal(o):
    issue = _published_issue(o)
    return proposal_create(
        actor=o["secretariat"],
        region=o["region"],
        title="移動手段の確保についての提言",
        issues=[issue],
        proposed_on=date(2026, 9, 30),
        is_published=True,
    )


def _base(o) -> str:
    return f"/public/{o['region'].code}/council/"


RULES = {
    "council_public:issue_list": (_base, EVERYONE),
    "council_public:issue_list(unknown region)": (lambda o: "/public/nowhere/council/", NOBODY),
    "council_public:issue_detail": (
        lambda o: f"{_base(o)}issues/{_published_issue(o).pk}/",
        EVERYONE,
    ),
    "council_public:issue_detail(unpublished)": (
        lambda o: f"{_base(o)}issues/{o['issue'].pk}/",
        NOBODY,
    ),
    "council_public:issue_detail(other region)": (
        lambda o: (
            f"{_base(o)}issues/"
            f"{issue_update(actor='test', issue=o['other_issue'], is_published=True).pk}/"
        ),
        NOBODY,
    ),
    "council_public:proposal_list": (lambda o: f"{_base(o)}proposals/", EVERYONE),
    "council_public:proposal_pdf": (
        lambda o: f"{_base(o)}proposals/{_published_proposal(o).pk}.pdf",
        EVERYONE,
    ),
    "council_public:proposal_docx": (
        lambda o: f"{_base(o)}proposals/{_published_proposal(o).pk}.docx",
        EVERYONE,
    ),
    "council:foresight": (lambda o: "/council/foresight/", AGGREGATES),
    "council:foresight_csv": (lambda o: "/council/foresight.csv", AGGREGATES),
}
