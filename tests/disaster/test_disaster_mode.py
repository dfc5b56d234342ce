"""発災時: switching disaster mode on and off, the safety-check list, the printed list and
the CSV, organizations' reports, the summary, and who may see what."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tsunagu.core.models import AuditAction, AuditEntry, Notification
from tsunagu.core.services import region_create
from tsunagu.disaster.demo import demo_disaster_load
from tsunagu.disaster.models import (
    DisasterActivation,
    DisasterListRegistration,
    OrganizationStatusReport,
    SafetyCheck,
    SafetyCheckChange,
    SafetyStatus,
)
from tsunagu.disaster.priority import priority_of
from tsunagu.disaster.services import activation_start, check_update, registration_save
from tsunagu.people.services import person_create

pytestmark = pytest.mark.django_db


def _audits(action, target_type):
    return AuditEntry.objects.filter(action=action, target_type=target_type)


# --- priority ----------------------------------------------------------------------------------


def test_priority_adds_the_points_of_the_factors():
    device = priority_of(power_dependent=True, medical_care=False, living_alone=False,
                         family_nearby=True, support_category="")
    alone = priority_of(power_dependent=False, medical_care=False, living_alone=True,
                        family_nearby=False, support_category="6")
    nothing = priority_of(power_dependent=False, medical_care=False, living_alone=False,
                          family_nearby=True, support_category="3")
    assert device.score == 40 and device.codes == ("power",)
    assert alone.score == 40 and alone.codes == ("alone", "no_family", "category")
    assert nothing.score == 0 and nothing.codes == ()


# --- switching on -------------------------------------------------------------------------


def test_admin_switches_on_after_confirming_and_everyone_is_told_without_personal_data(
    client, admin, personas, disaster_registration, person, login, smtp_server
):
    login(client, admin)
    assert "災害モードを開始" in client.get("/disaster/activate/").content.decode()
    refused = client.post("/disaster/activate/", {"title": "テスト地震"})
    assert refused.status_code == 400
    assert not DisasterActivation.objects.exists()

    response = client.post("/disaster/activate/", {"title": "テスト地震（震度6弱）", "confirm": "on"})
    assert response.status_code == 302
    activation = DisasterActivation.objects.get()
    assert activation.started_by == admin
    check = SafetyCheck.objects.get(activation=activation)
    assert (check.person, check.status, check.priority) == (person, "unconfirmed", 70)
    assert _audits(AuditAction.CREATE, "disaster.disasteractivation").exists()

    # staff and members of the region are told, in the app and by mail; not the outsider
    assert Notification.objects.filter(user=personas["member"]).exists()
    assert not Notification.objects.filter(user=personas["outsider"]).exists()
    messages = smtp_server.messages
    recipients = {address for rcpt, _m in messages for address in rcpt}
    assert "max-member@example.invalid" in recipients
    assert "carol-center@example.invalid" in recipients
    assert "oscar-outsider@example.invalid" not in recipients
    _rcpt, message = messages[0]
    # the folded header unfolds with a leading space (as in tests/network)
    assert str(message["Subject"]).strip() == "【災害モード】テスト地震（震度6弱）"
    body = message.get_content()
    assert "災害モードが開始されました" in body
    assert person.family_name not in body and person.family_name not in message["Subject"]

    # the mode is on: a second switch is refused, every page shows the banner
    assert client.get("/disaster/activate/").status_code == 302
    login(client, personas["member"])
    assert client.get("/dashboard/")["Location"] == "/disaster/"
    page = client.get("/notifications/").content.decode()
    assert "災害モード：テスト地震（震度6弱）" in page
    assert 'href="/disaster/"' in page
    assert client.get("/dashboard/?normal=1").status_code == 200


def test_no_banner_without_disaster_mode(client, center_staff, login, disaster_past):
    login(client, center_staff)
    assert "disaster-banner" not in client.get("/dashboard/").content.decode()


# --- the safety-check list ---------------------------------------------------------------------


def test_checks_are_listed_by_priority_then_municipality(
    client, center_staff, region, login, center_org, django_assert_max_num_queries
):
    municipalities = list(region.municipalities.order_by("code"))
    persons = []
    for number in range(12):
        p = person_create(
            actor="test", region=region, family_name=f"安否{number}", given_name="太郎",
            family_name_kana=f"アンピ{number:02d}", given_name_kana="タロウ",
            municipality=municipalities[number % 6], organizations=[center_org],
            is_fictional=True,
        )
        registration_save(actor="test", region=region, person=p, consent_on=date(2025, 4, 1),
                          power_dependent=number == 7, living_alone=number % 2 == 0,
                          family_nearby=True)
        persons.append(p)
    activation_start(actor="test", region=region, title="テスト", notify=False)
    login(client, center_staff)
    with django_assert_max_num_queries(20):
        page = client.get("/disaster/checks/").content.decode()
    order = [page.index(f"安否{n} 太郎") for n in range(12)]
    assert order[7] == min(order)  # the power-dependent person first
    alone = sorted((order[n], municipalities[n % 6].code) for n in range(0, 12, 2) if n != 7)
    assert [code for _i, code in alone] == sorted(code for _i, code in alone)
    assert "電源を要する医療機器" in page and "ひとり暮らし" in page
    entry = _audits(AuditAction.VIEW, "disaster.safetycheck").get()
    assert "安否" not in entry.summary
    shown = {str(c.pk) for c in SafetyCheck.objects.filter(person__in=persons)}
    assert set(entry.summary.split("ids=")[1].split(",")) == shown


def test_a_worker_records_a_check_and_the_history_keeps_it(
    client, center_staff, disaster_check, login
):
    login(client, center_staff)
    page = client.get(f"/disaster/checks/{disaster_check.pk}/").content.decode()
    assert "髙橋 美咲" in page
    response = client.post(
        f"/disaster/checks/{disaster_check.pk}/",
        {"status": "needs_support", "note": "薬が残り2日分", "version": disaster_check.version},
    )
    assert response.status_code == 302
    disaster_check.refresh_from_db()
    assert disaster_check.status == SafetyStatus.NEEDS_SUPPORT
    assert disaster_check.checked_by == center_staff
    assert disaster_check.checked_at is not None
    assert disaster_check.first_contact_at == disaster_check.checked_at
    change = SafetyCheckChange.objects.get(safety_check=disaster_check)
    assert (change.status, change.note, change.by) == ("needs_support", "薬が残り2日分", center_staff)
    entry = _audits(AuditAction.UPDATE, "disaster.safetycheck").get()
    assert "薬" not in entry.summary and "status=needs_support" in entry.summary
    assert _audits(AuditAction.VIEW, "disaster.safetycheck").count() == 1


def test_a_stale_update_is_refused_and_nothing_is_lost(
    client, center_staff, admin, disaster_check, login
):
    seen = disaster_check.version
    check_update(actor=admin, check=disaster_check, version=seen, status="safe",
                 note="管理者が確認")
    login(client, center_staff)
    response = client.post(
        f"/disaster/checks/{disaster_check.pk}/",
        {"status": "unreachable", "note": "電話に出ない", "version": seen},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "他の職員が更新しました" in page
    assert "管理者が確認" in page  # the newer state is shown
    assert "電話に出ない" in page  # and what this worker typed is kept in the form
    disaster_check.refresh_from_db()
    assert (disaster_check.status, disaster_check.note) == ("safe", "管理者が確認")


def test_bad_input_gives_a_message_not_an_error(client, center_staff, disaster_check, login):
    login(client, center_staff)
    url = f"/disaster/checks/{disaster_check.pk}/"
    for data in (
        {"status": "lost", "version": 1},
        {"status": "safe", "version": "x"},
        {"status": "safe", "version": 1, "checked_at": "yesterday"},
        {"status": "safe", "version": 1, "checked_at": "2099-01-01T10:00"},
    ):
        response = client.post(url, data)
        assert response.status_code == 400, data
    assert "未来の日時" in response.content.decode()
    disaster_check.refresh_from_db()
    assert disaster_check.status == "unconfirmed"


def test_assigning_and_my_checks(
    client, center_staff, provider_staff, disaster_check, disaster_unassigned_check, login
):
    login(client, center_staff)
    response = client.post(f"/disaster/checks/{disaster_check.pk}/assign/",
                           {"assignee": provider_staff.pk})
    assert response.status_code == 302
    disaster_check.refresh_from_db()
    assert disaster_check.assigned_to == provider_staff
    # provider staff cannot take a person not assigned to their organization
    response = client.post(f"/disaster/checks/{disaster_unassigned_check.pk}/assign/",
                           {"assignee": provider_staff.pk})
    disaster_unassigned_check.refresh_from_db()
    assert disaster_unassigned_check.assigned_to is None

    login(client, provider_staff)
    page = client.get("/disaster/checks/mine/").content.decode()
    assert "髙橋 美咲" in page and "山﨑" not in page
    assert "山﨑" not in client.get("/disaster/checks/").content.decode()
    assert client.get(f"/disaster/checks/{disaster_unassigned_check.pk}/").status_code == 404


# --- on paper and in Excel -----------------------------------------------------------------


def test_the_list_prints_as_pdf_and_exports_as_cp932_csv(
    client, center_staff, region, center_org, disaster_active, login
):
    special = person_create(
        actor="test", region=region, family_name="𠮷田", given_name="一", family_name_kana="ヨシダ",
        given_name_kana="ハジメ", organizations=[center_org], phone="=1+2", is_fictional=True,
    )
    registration_save(actor="test", region=region, person=special, consent_on=date(2025, 4, 1))
    login(client, center_staff)

    response = client.get("/disaster/checks.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "安否確認リスト" in text and "美咲" in text

    response = client.get("/disaster/checks.csv")
    assert response["Content-Type"] == "text/csv; charset=cp932"
    rows = list(csv.reader(io.StringIO(response.content.decode("cp932"))))
    assert rows[0][:5] == ["順位", "優先度", "優先の理由", "市町村", "氏名"]
    names = [row[4] for row in rows[1:]]
    assert "髙橋 美咲" in names and "吉田 一" in names  # 𠮷 is written as 吉
    assert names[0] == "髙橋 美咲"  # highest priority first
    assert "'=1+2" in [row[7] for row in rows[1:]]  # a formula is neutralized
    exports = _audits(AuditAction.EXPORT, "disaster.safetycheck")
    assert sorted(e.summary.split()[0] for e in exports) == ["csv-cp932", "pdf"]
    assert all("ids=" in e.summary for e in exports)


# --- reports of organizations --------------------------------------------------------------


def test_a_member_files_the_status_of_their_organization(
    client, region, member_org, disaster_active, login
):
    from tsunagu.accounts.services import user_create
    from tsunagu.core.roles import Role

    shop = user_create(actor="test", region=region, username="shop-member", password="x-pw-12345678",
                       role=Role.MEMBER, organization=member_org)
    login(client, shop)
    assert client.get("/disaster/checks/").status_code == 403
    response = client.post("/disaster/report/", {"damage": "minor"})
    assert response.status_code == 400
    response = client.post("/disaster/report/", {
        "damage": "minor", "open_status": "partial", "acceptance": "limited",
        "reachable_by": ["phone", "visit"], "supplies_needed": "飲料水",
    })
    assert response.status_code == 302
    report = OrganizationStatusReport.objects.get(organization=member_org)
    assert (report.channel, report.entered_by, report.reach_codes()) == (
        "web", shop, ["phone", "visit"])
    page = client.get("/disaster/").content.decode()
    assert "ホッとステーション さんぶ商店" in page and "飲料水" in page
    assert "髙橋" not in page


def test_staff_enter_a_report_received_by_fax(client, secretariat, member_org, disaster_active,
                                              login):
    login(client, secretariat)
    response = client.post("/disaster/reports/enter/", {
        "organization": member_org.pk, "channel": "fax", "damage": "none", "open_status": "open",
        "acceptance": "yes",
    })
    assert response.status_code == 302
    report = OrganizationStatusReport.objects.get(organization=member_org)
    assert (report.channel, report.entered_by) == ("fax", secretariat)


# --- progress, switching off, the summary --------------------------------------------------


def test_progress_is_suppressed_outside_the_center(
    client, center_staff, municipal_staff, disaster_check, login
):
    check_update(actor="test", check=disaster_check, version=1, status="safe")
    login(client, center_staff)
    page = client.get("/disaster/").content.decode()
    assert 'data-status="safe">1<' in page
    login(client, municipal_staff)
    page = client.get("/disaster/").content.decode()
    assert 'data-status="safe">1<' not in page and "＊" in page


def test_switching_off_leaves_a_summary(client, admin, center_staff, member, disaster_check,
                                        disaster_report, login):
    activation = disaster_check.activation
    activation.started_at = timezone.now() - timedelta(hours=5)
    DisasterActivation.objects.filter(pk=activation.pk).update(started_at=activation.started_at)
    disaster_check.refresh_from_db()
    check_update(actor="test", check=disaster_check, version=1, status="safe",
                 checked_at=activation.started_at + timedelta(hours=3))
    login(client, admin)
    assert client.post("/disaster/deactivate/", {}).status_code == 400
    response = client.post("/disaster/deactivate/", {"confirm": "on"})
    assert response["Location"] == f"/disaster/activations/{activation.pk}/"
    activation.refresh_from_db()
    assert activation.ended_at is not None and activation.ended_by == admin
    # nothing changes afterwards
    response = client.post(f"/disaster/checks/{disaster_check.pk}/",
                           {"status": "unreachable", "version": 2})
    assert response.status_code == 400

    login(client, center_staff)
    assert client.get("/dashboard/").status_code == 200
    page = client.get(f"/disaster/activations/{activation.pk}/").content.decode()
    assert "3:00" in page  # time to the first contact
    assert "山武郡市障がい者基幹相談支援センター" in page

    login(client, member)
    page = client.get(f"/disaster/activations/{activation.pk}/").content.decode()
    assert "山武郡市障がい者基幹相談支援センター" in page
    assert "安否確認の結果" not in page and "3:00" not in page


# --- the disaster list ---------------------------------------------------------------------


def test_registration_from_the_person_page(client, center_staff, person, login):
    login(client, center_staff)
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert f'href="/disaster/registrations/person/{person.pk}/"' in page
    response = client.post(f"/disaster/registrations/person/{person.pk}/", {
        "consent_on": "R7.4.1", "medical_care": "on", "living_alone": "on",
    })
    assert response.status_code == 302
    registration = DisasterListRegistration.objects.get(person=person)
    assert registration.consent_recorded_by == center_staff
    assert registration.priority == 60  # 医療的ケア 30 + ひとり暮らし 20 + 近くに家族なし 10
    assert "災害時名簿" in client.get("/disaster/registrations/").content.decode()
    response = client.post(f"/disaster/registrations/person/{person.pk}/",
                           {"consent_on": "来年"})
    assert response.status_code == 400

    client.post(f"/disaster/registrations/person/{person.pk}/remove/", {"confirm": "1"})
    assert not DisasterListRegistration.objects.filter(person=person).exists()
    assert _audits(AuditAction.DELETE, "disaster.disasterlistregistration").exists()


def test_registering_during_disaster_mode_adds_a_check(region, person, disaster_active):
    assert not SafetyCheck.objects.filter(person=person).exclude(
        activation=disaster_active).exists()
    other = person_create(actor="test", region=region, family_name="新規", family_name_kana="シンキ",
                          is_fictional=True)
    registration_save(actor="test", region=region, person=other, consent_on=timezone.localdate())
    assert SafetyCheck.objects.filter(activation=disaster_active, person=other).exists()


# --- demo ---------------------------------------------------------------------------------


def test_the_demo_leaves_a_past_event_and_no_banner(region, center_staff, center_org):
    for number in range(70):
        person_create(
            actor="test", region=region, family_name=f"架空{number}", family_name_kana="カクウ",
            external_id=f"demo-{number:04d}", organizations=[center_org], is_fictional=True,
        )
    assert demo_disaster_load(region=region)
    assert not demo_disaster_load(region=region)  # idempotent
    assert DisasterListRegistration.objects.filter(region=region).count() == 15
    activation = DisasterActivation.objects.get(region=region)
    assert activation.ended_at is not None
    assert SafetyCheck.objects.filter(activation=activation, status="safe").count() >= 8
    assert not Notification.objects.exists()  # a past event: nobody is told


def test_the_demo_without_records_creates_nothing():
    region = region_create(actor="test", code="tiny", name="小さな圏域", municipalities=[("12999", "小町")])
    assert not demo_disaster_load(region=region, with_records=False)
    assert not DisasterActivation.objects.exists()


def test_lists_do_not_grow_in_queries(
    client, center_staff, region, center_org, login, django_assert_max_num_queries
):
    from tsunagu.core.models import OrganizationKind
    from tsunagu.core.services import organization_upsert
    from tsunagu.disaster.services import status_report_save

    for number in range(8):
        p = person_create(actor="test", region=region, family_name=f"名簿{number}",
                          family_name_kana="メイボ", organizations=[center_org],
                          municipality=region.municipalities.first(), is_fictional=True)
        registration_save(actor="test", region=region, person=p, consent_on=date(2025, 4, 1))
    activation = activation_start(actor="test", region=region, title="テスト", notify=False)
    for number in range(8):
        org = organization_upsert(actor="test", region=region, name=f"機関{number}",
                                  kind=OrganizationKind.NETWORK_MEMBER)
        status_report_save(actor="test", activation=activation, organization=org,
                           damage="none", open_status="open", acceptance="yes")
    login(client, center_staff)
    for path in ("/disaster/", "/disaster/registrations/", "/disaster/checks/mine/"):
        with django_assert_max_num_queries(20):
            assert client.get(path).status_code == 200


def test_unassigned_checks_are_given_to_a_worker_at_once(
    client, center_staff, provider_staff, person, disaster_check, disaster_unassigned_check, login
):
    login(client, center_staff)
    page = client.get("/disaster/checks/").content.decode()
    assert "まとめて担当に" in page
    # provider staff get only the persons assigned to their organization
    client.post("/disaster/checks/assign/", {"assignee": provider_staff.pk})
    disaster_check.refresh_from_db()
    disaster_unassigned_check.refresh_from_db()
    assert disaster_check.assigned_to == provider_staff
    assert disaster_unassigned_check.assigned_to is None
    municipality = person.municipality
    client.post("/disaster/checks/assign/",
                {"assignee": center_staff.pk, "municipality": municipality.pk})
    disaster_unassigned_check.refresh_from_db()
    assert disaster_unassigned_check.assigned_to is None  # lives elsewhere (no 市町村)
    client.post("/disaster/checks/assign/", {"assignee": center_staff.pk})
    disaster_unassigned_check.refresh_from_db()
    assert disaster_unassigned_check.assigned_to == center_staff
    response = client.post("/disaster/checks/assign/", {"assignee": "nobody"})
    assert response.status_code == 302
    assert SafetyCheckChange.objects.filter(assigned_to=center_staff).count() == 1


def test_odd_query_strings_are_ignored(client, center_staff, disaster_check, login):
    login(client, center_staff)
    for path in (
        "/disaster/checks/?municipality=99999999999999999999999&status=zzz&page=x",
        f"/disaster/checks/?activation={10**30}",
        "/disaster/checks.csv?status=safe&municipality=abc",
        "/disaster/activations/99999999/",
    ):
        assert client.get(path).status_code in (200, 404), path
