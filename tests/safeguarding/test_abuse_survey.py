"""One municipality's figures in the national survey's breakdown (虐待者の種別 × 判断結果 and
× 虐待の種別): a known data set counted, another municipality's case left out, and for the
municipality's officer (outside the center) small counts suppressed so that no ＊ can be
worked out from the totals shown."""

from datetime import datetime

import pytest
from tests.safeguarding.fixtures_abuse import receive
from tests.suppression_check import assert_protected

from tsunagu.core.dates import TOKYO
from tsunagu.core.suppression import SUPPRESSED
from tsunagu.safeguarding.abuse.services import abuse_report_advance
from tsunagu.safeguarding.abuse.survey import abuse_survey_figures
from tsunagu.safeguarding.models import AbuseStatus

# (虐待者の種別, 判断結果, 種別): what the year holds in 東金市
CASES = [
    ("caregiver", "confirmed", ["type_physical", "type_psychological"]),
    ("caregiver", "confirmed", ["type_physical"]),
    ("caregiver", "confirmed", ["type_physical"]),
    ("caregiver", "not_confirmed", ["type_neglect"]),
    ("caregiver", "", ["type_neglect"]),
    ("facility", "confirmed", ["type_psychological"]),
    ("employer", "undetermined", ["type_economic"]),
]


def _at(month, day):
    return datetime(2026, month, day, 10, 0, tzinfo=TOKYO)


@pytest.fixture
def survey_year(region, center_staff):
    togane = region.municipalities.get(code="12213")
    for i, (category, finding, types) in enumerate(CASES):
        report = receive(region, center_staff, received_at=_at(5, i + 1), municipality=togane,
                         types=types, abuser_category=category)
        if finding:
            abuse_report_advance(actor=center_staff, report=report,
                                 to_status=AbuseStatus.CORE_MEETING, note="判断",
                                 at=_at(6, i + 1), finding=finding)
    receive(region, center_staff, received_at=_at(5, 20),
            municipality=region.municipalities.get(code="12237"),
            types=["type_physical"], abuser_category="caregiver")  # 山武市: not 東金市's


def _expected():
    finding = {}
    types = {}
    for category, found, kinds in CASES:
        key = (category, found or "blank")
        finding[key] = finding.get(key, 0) + 1
        if found == "confirmed":
            for kind in kinds:
                types[(category, kind)] = types.get((category, kind), 0) + 1
    return finding, types


def test_the_survey_breakdown_of_a_known_year(region, survey_year):
    togane = region.municipalities.get(code="12213")
    survey = abuse_survey_figures(region_id=region.pk, municipality_id=togane.pk,
                                  fiscal_year=2026, suppress=False)
    finding, types = _expected()
    for (category, found), count in finding.items():
        assert survey["values"][("f", category, found)] == count
    for (category, kind), count in types.items():
        assert survey["values"][("t", category, kind)] == count
    assert survey["values"][("f", "total", "total")] == len(CASES)  # 山武市's case not counted
    assert survey["values"][("t", "employer", "type_economic")] == 0  # not judged abuse
    assert not survey["hidden"]


def test_suppressed_for_the_officer_leaves_nothing_to_work_out(region, survey_year):
    togane = region.municipalities.get(code="12213")
    full = abuse_survey_figures(region_id=region.pk, municipality_id=togane.pk,
                                fiscal_year=2026, suppress=False)
    published = abuse_survey_figures(region_id=region.pk, municipality_id=togane.pk,
                                     fiscal_year=2026, suppress=True)
    shown = {
        key: (SUPPRESSED if key in published["hidden"] else value)
        for key, value in published["values"].items()
    }
    assert published["hidden"]  # the data set has counts of 1 and 2
    assert_protected(full["values"], shown, full["sums"])


def test_the_officer_sees_own_municipality_suppressed(
    client, login, municipal_staff, survey_year
):
    login(client, municipal_staff)
    response = client.get("/safeguarding/abuse/figures/?year=2026")
    assert response.status_code == 200
    body = response.content.decode()
    assert "東金市 令和8年度（国の調査の区分）" in body
    assert "山武市" not in body
    assert 'name="municipality"' not in body
    assert SUPPRESSED in body
    assert response.context["figures"] is None  # the region's table stays with the center
    assert client.get("/safeguarding/abuse/figures/?year=abc").status_code == 400


def test_the_center_sees_a_municipality_unsuppressed(client, login, center_staff, survey_year):
    login(client, center_staff)
    response = client.get("/safeguarding/abuse/figures/?year=2026&municipality=12213")
    survey = response.context["survey"]
    assert survey["suppressed"] is False and survey["municipality"].code == "12213"
    assert survey["finding_rows"][-1]["total"] == len(CASES)
