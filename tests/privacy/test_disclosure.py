"""開示請求: the confirm step records who asked and why; the PDF is readable (Japanese labels,
和暦) and the JSON machine-readable; every download is audited."""

import io
import json

import pytest
from pypdf import PdfReader
from tests.safeguarding.fixtures_abuse import REPORTER_CONTACT, REPORTER_NAME

from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.privacy.export import FORMAT
from tsunagu.privacy.models import DataRequest, RequestKind, RequestStatus


def _form(**extra):
    return {
        "requested_on": "令和8年11月2日",
        "requester": "legal",
        "reason": "成年後見人からの請求。登記事項証明書で確認。",
        **extra,
    }


def _request(client, person, **extra):
    response = client.post(f"/privacy/persons/{person.pk}/disclosure/", _form(**extra))
    assert response.status_code == 302, response.content.decode()[:500]
    return DataRequest.objects.latest("pk"), response


def _section(data, model):
    return next(s for s in data["sections"] if s["model"] == model)


def _field(record, name):
    return next(f for f in record["fields"] if f["name"] == name)


def test_confirm_step_records_who_asked_and_why(client, center_staff, person, consultation, login):
    login(client, center_staff)
    page = client.get(f"/privacy/persons/{person.pk}/disclosure/").content.decode()
    assert "相談記録" in page and "請求者" in page
    request, response = _request(client, person)
    assert response["Location"] == f"/privacy/requests/{request.pk}/"
    assert request.kind == RequestKind.DISCLOSURE
    assert request.requester == "legal" and request.handled_by == center_staff
    assert request.requested_on.isoformat() == "2026-11-02"
    assert request.status == RequestStatus.RECEIVED
    entry = AuditEntry.objects.filter(action=AuditAction.CREATE, target_type="privacy.datarequest")
    assert entry.get().target_id == str(request.pk)
    detail = client.get(response["Location"]).content.decode()
    assert "disclosure.pdf" in detail and "disclosure.json" in detail


def test_pdf_is_readable(client, center_staff, person, consultation, need, login):
    login(client, center_staff)
    request, _ = _request(client, person)
    response = client.get(f"/privacy/requests/{request.pk}/disclosure.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "保有個人データの開示",
        "髙橋",  # the person's name, with its variant kanji
        "生年月日",  # Japanese field labels
        "平成11年11月3日",  # 和暦
        "相談記録",  # a section per kind of record
        "就労について相談",
        "令和4年6月1日",
        "電話",  # display value of a master-data choice
        "ニーズ",
        "グループホームの空きがなく",
    ):
        assert expected in text, expected
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT, target_id=str(person.pk)).get()
    assert entry.user == center_staff
    assert entry.summary == f"disclosure format=pdf request={request.pk}"
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED and request.completed_at is not None


def test_json_holds_every_record_with_field_names(
    client, admin, person, consultation, referral, need, support_plan, login
):
    login(client, admin)
    request, _ = _request(client, person)
    response = client.get(f"/privacy/requests/{request.pk}/disclosure.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["format"] == FORMAT and data["version"] == 1
    assert data["person_id"] == person.pk and data["region"] == "sanbu"
    assert data["request"] == {
        "id": request.pk,
        "kind": "disclosure",
        "requested_on": "2026-11-02",
        "requester": "legal",
        "requester_label": "法定代理人（成年後見人・親権者など）",
    }
    me = _section(data, "people.person")["records"][0]
    assert _field(me, "family_name") == {
        "name": "family_name",
        "label": "姓",
        "value": "髙橋",
        "display": "髙橋",
    }
    assert _field(me, "birth_date")["value"] == "1999-11-03"
    assert _field(me, "birth_date")["display"] == "平成11年11月3日"
    assert all(f["name"] != "search_key" for f in me["fields"])
    record = _section(data, "consultations.consultation")["records"][0]
    assert record["id"] == consultation.pk
    assert _field(record, "record")["value"] == "就労について相談"
    assert _field(record, "occurred_at")["value"].startswith("2022-06-01T")
    assert _field(record, "method")["display"] == "電話"
    assert len(_field(record, "topics")["value"]) == 2
    models = {s["model"] for s in data["sections"]}
    assert {
        "consultations.referral",
        "needs.need",
        "plans.supportplan",
        "plans.plangoal",
        "privacy.datarequest",
    } <= models
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, summary=f"disclosure format=json request={request.pk}"
    ).exists()


def test_abuse_reports_only_when_asked_and_never_the_reporter(
    client, center_staff, person, abuse_report, login
):
    login(client, center_staff)
    request, _ = _request(client, person)
    data = json.loads(client.get(f"/privacy/requests/{request.pk}/disclosure.json").content)
    assert "safeguarding.abusereport" not in {s["model"] for s in data["sections"]}
    assert data["omitted"][0]["model"] == "safeguarding.abusereport"

    request, _ = _request(client, person, include_safeguarding="on")
    body = client.get(f"/privacy/requests/{request.pk}/disclosure.json").content.decode()
    data = json.loads(body)
    report = _section(data, "safeguarding.abusereport")["records"][0]
    withheld = _field(report, "reporter_identity")
    assert withheld["withheld"] is True and withheld["value"] is None
    assert "第8条" in withheld["display"]
    assert REPORTER_NAME not in body and REPORTER_CONTACT not in body
    assert _field(report, "observed")["value"] == abuse_report.observed


@pytest.mark.parametrize("role", ["provider_staff", "secretariat", "municipal_staff", "member"])
def test_roles_without_personal_all_are_refused(client, person, login, request, role):
    login(client, request.getfixturevalue(role))
    assert client.post(f"/privacy/persons/{person.pk}/disclosure/", _form()).status_code == 403
    assert not DataRequest.objects.exists()


def test_other_regions_person_and_request_are_not_found(
    client, center_staff, other_person, other_disclosure_request, login
):
    login(client, center_staff)
    assert (
        client.post(f"/privacy/persons/{other_person.pk}/disclosure/", _form()).status_code == 404
    )
    pk = other_disclosure_request.pk
    assert client.get(f"/privacy/requests/{pk}/disclosure.pdf").status_code == 404
    assert client.get(f"/privacy/requests/{pk}/disclosure.json").status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_deletion_request_has_no_download(client, admin, person, login):
    login(client, admin)
    client.post(
        f"/privacy/persons/{person.pk}/deletion/",
        {**_form(), "requester": "self", "confirm": "on"},
    )
    request = DataRequest.objects.get(kind=RequestKind.DELETION)
    assert client.get(f"/privacy/requests/{request.pk}/disclosure.json").status_code == 404


def test_request_list_shows_the_regions_requests(
    client,
    admin,
    disclosure_request,
    other_disclosure_request,
    login,
    django_assert_max_num_queries,
):
    login(client, admin)
    with django_assert_max_num_queries(12):
        page = client.get("/privacy/requests/").content.decode()
    assert f"#{disclosure_request.pk}<" in page
    assert f"#{other_disclosure_request.pk}<" not in page


def test_encrypted_fields_are_decrypted_for_the_export(abuse_report):
    # The registry withholds the abuse reporter; any other encrypted field is shown decrypted.
    from tsunagu.privacy.export import _field_entry
    from tsunagu.privacy.registry import Handling

    field = abuse_report._meta.get_field("reporter_identity")
    assert REPORTER_NAME not in abuse_report.reporter_identity  # stored encrypted
    entry = _field_entry(abuse_report, field, Handling(encrypted=frozenset({"reporter_identity"})))
    assert REPORTER_NAME in entry["value"] and REPORTER_CONTACT in entry["display"]
