"""Abuse cases in the municipality's hands (障害者虐待防止法: the 市町村 is responsible).
東金市's officer (the municipal_staff persona) receives and advances the cases of 東金市 and
never sees one of 山武市; the stepper ticks only the stages that happened."""

import pytest
from django.utils import timezone
from tests.conftest import PASSWORD
from tests.safeguarding.fixtures_abuse import receive

from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.safeguarding.abuse.selectors import abuse_flow, abuse_report_steps
from tsunagu.safeguarding.abuse.services import abuse_report_advance
from tsunagu.safeguarding.models import AbuseReport, AbuseStatus


@pytest.fixture
def sammu_report(region, center_staff):
    return receive(region, center_staff, municipality=region.municipalities.get(code="12237"))


def test_officer_lists_only_own_municipality(
    client, login, municipal_staff, togane_abuse_report, sammu_report
):
    login(client, municipal_staff)
    response = client.get("/safeguarding/abuse/?state=all")
    assert response.status_code == 200
    shown = {r.pk for r in response.context["page"]}
    assert shown == {togane_abuse_report.pk}
    assert client.get(f"/safeguarding/abuse/{sammu_report.pk}/").status_code == 404
    assert client.get(f"/safeguarding/abuse/{sammu_report.pk}/reporter/").status_code == 404
    response = client.post(
        f"/safeguarding/abuse/{sammu_report.pk}/advance/",
        {"to_status": "core_meeting", "note": "x"},
    )
    assert response.status_code == 404
    sammu_report.refresh_from_db()
    assert sammu_report.status == AbuseStatus.RECEIVED


def test_officer_advances_own_case_with_finding_and_relationship(
    client, login, municipal_staff, togane_abuse_report
):
    login(client, municipal_staff)
    page = client.get(f"/safeguarding/abuse/{togane_abuse_report.pk}/").content.decode()
    assert "立入調査（法第11条）" in page
    assert "利用者と結び付ける" not in page  # the center's part
    response = client.post(
        f"/safeguarding/abuse/{togane_abuse_report.pk}/advance/",
        {
            "to_status": "core_meeting",
            "note": "コアメンバー会議：虐待と判断し、一時保護の方針。",
            "finding": "confirmed",
            "abuser_relationship": "son",
        },
    )
    assert response.status_code == 302
    report = AbuseReport.objects.get(pk=togane_abuse_report.pk)
    assert report.status == AbuseStatus.CORE_MEETING
    assert report.finding == "confirmed" and report.abuser_relationship == "son"
    assert report.steps.last().actor == municipal_staff
    entry = AuditEntry.objects.filter(user=municipal_staff, action=AuditAction.UPDATE).get()
    assert "finding=confirmed" in entry.summary and "relationship=son" in entry.summary


def test_officer_receives_only_for_own_municipality(client, login, municipal_staff, region):
    login(client, municipal_staff)
    sammu = region.municipalities.get(code="12237")
    data = {
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone",
        "reporter_kind": "family",
        "abuser_category": "caregiver",
        "abuser_relationship": "mother",
        "types": ["type_neglect"],
        "urgency": "medium",
        "observed": "食事が与えられていないようだ。",
        "municipality": sammu.pk,
    }
    response = client.post("/safeguarding/abuse/new/", data)
    assert response.status_code == 200 and not AbuseReport.objects.exists()
    data["municipality"] = municipal_staff.municipality_id
    response = client.post("/safeguarding/abuse/new/", data)
    assert response.status_code == 302
    report = AbuseReport.objects.get()
    assert report.municipality_id == municipal_staff.municipality_id
    assert report.abuser_relationship == "mother" and report.received_by == municipal_staff


def test_officer_needs_the_second_factor(client, municipal_staff):
    response = client.post(
        "/accounts/login/", {"username": municipal_staff.username, "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/otp/setup/"
    assert client.get("/safeguarding/abuse/")["Location"] == "/accounts/otp/"


def test_the_stepper_ticks_only_the_stages_that_happened(togane_abuse_report, center_staff):
    report = abuse_report_advance(
        actor=center_staff,
        report=togane_abuse_report,
        to_status=AbuseStatus.FACT_CHECK,
        note="訪問して安全を確認。",
        safety_confirmed=True,
    )
    report = abuse_report_advance(
        actor=center_staff, report=report, to_status=AbuseStatus.RESPONSE, note="一時保護。"
    )
    flow = {step.status: step for step in abuse_flow(report, abuse_report_steps(report))}
    reached = [status for status, step in flow.items() if step.reached]
    assert reached == ["received", "fact_check", "response"]
    assert not flow["core_meeting"].reached and not flow["entry_inspection"].reached
    assert flow["response"].current
