"""Cases beyond the municipality: by 障害者福祉施設従事者等 reported to the 都道府県 (§17), by
使用者 to the 都道府県 (§24) and the 労働局 (§26); each report recorded, audited, printed as
its form (opened here with pypdf); the 虐待通報受付票 printed without the reporter."""

import io

import pytest
from pypdf import PdfReader
from tests.safeguarding.fixtures_abuse import REPORTER_NAME, receive

from tsunagu.core import dates
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.safeguarding.models import AbuseRouting


def _text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "".join(page.extract_text() for page in reader.pages)


def _togane(region, actor, category):
    return receive(region, actor, municipality=region.municipalities.get(code="12213"),
                   abuser_category=category, types=["type_psychological"])


def _post(client, report, destination):
    return client.post(f"/safeguarding/abuse/{report.pk}/route/", {
        "destination": destination,
        "sent_on": dates.today_local().isoformat(),
        "addressee": "",
        "note": "事業所への指導を依頼",
    })


def test_officer_reports_a_facility_case_to_the_prefecture_only(
    client, login, municipal_staff, region, center_staff
):
    report = _togane(region, center_staff, "facility")
    login(client, municipal_staff)
    page = client.get(f"/safeguarding/abuse/{report.pk}/").content.decode()
    assert "法第17条" in page
    assert _post(client, report, "labour_bureau").status_code == 400
    assert not AbuseRouting.objects.exists()
    assert _post(client, report, "prefecture").status_code == 302
    routing = AbuseRouting.objects.get()
    assert (routing.report, routing.destination, routing.sent_by) == (
        report, "prefecture", municipal_staff)
    assert AuditEntry.objects.filter(
        user=municipal_staff, action=AuditAction.CREATE,
        summary=f"routing={routing.pk} destination=prefecture").exists()
    text = _text(client.get(f"/safeguarding/abuse/{report.pk}/routing/{routing.pk}.pdf"))
    assert "第17条" in text and "都道府県 御中" in text and "東金市" in text
    assert REPORTER_NAME not in text
    assert AuditEntry.objects.filter(
        user=municipal_staff, action=AuditAction.EXPORT,
        summary=f"sheet=routing-{routing.pk} format=pdf").exists()


def test_an_employer_case_goes_to_the_prefecture_and_the_labour_bureau(
    client, login, center_staff, region
):
    report = _togane(region, center_staff, "employer")
    login(client, center_staff)
    assert _post(client, report, "prefecture").status_code == 302
    assert _post(client, report, "labour_bureau").status_code == 302
    routings = {r.destination: r for r in AbuseRouting.objects.filter(report=report)}
    assert set(routings) == {"prefecture", "labour_bureau"}
    text = _text(client.get(
        f"/safeguarding/abuse/{report.pk}/routing/{routings['labour_bureau'].pk}.pdf"))
    assert "第26条" in text and "都道府県労働局 御中" in text
    text = _text(client.get(
        f"/safeguarding/abuse/{report.pk}/routing/{routings['prefecture'].pk}.pdf"))
    assert "第24条" in text


def test_a_caregiver_case_stays_with_the_municipality(client, login, center_staff, region):
    report = _togane(region, center_staff, "caregiver")
    login(client, center_staff)
    assert "都道府県・労働局への報告" not in client.get(
        f"/safeguarding/abuse/{report.pk}/").content.decode()
    assert _post(client, report, "prefecture").status_code == 404
    assert not AbuseRouting.objects.exists()


@pytest.mark.parametrize("sent_on", ["2000-01-01", "2999-01-01", "いつか"])
def test_a_report_date_outside_the_case_is_refused(
    client, login, center_staff, region, sent_on
):
    report = _togane(region, center_staff, "facility")
    login(client, center_staff)
    response = client.post(f"/safeguarding/abuse/{report.pk}/route/",
                           {"destination": "prefecture", "sent_on": sent_on})
    assert response.status_code == 400 and not AbuseRouting.objects.exists()


def test_the_intake_sheet_prints_the_case_without_the_reporter(
    client, login, center_staff, togane_abuse_report
):
    login(client, center_staff)
    text = _text(client.get(f"/safeguarding/abuse/{togane_abuse_report.pk}/intake.pdf"))
    assert "虐待通報受付票" in text
    assert togane_abuse_report.observed in text and "東金市" in text
    assert REPORTER_NAME not in text
    assert center_staff.organization.name in text  # the letterhead
    assert AuditEntry.objects.filter(
        user=center_staff, action=AuditAction.EXPORT, target_id=str(togane_abuse_report.pk),
        summary="sheet=intake format=pdf").exists()


def test_another_municipalitys_sheets_are_not_found(client, login, municipal_staff, region,
                                                    center_staff):
    sammu = receive(region, center_staff, municipality=region.municipalities.get(code="12237"),
                    abuser_category="facility")
    login(client, municipal_staff)
    assert client.get(f"/safeguarding/abuse/{sammu.pk}/intake.pdf").status_code == 404
    assert _post(client, sammu, "prefecture").status_code == 404
