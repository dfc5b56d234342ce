"""Staff and member pages of the directory: list and search, create and edit with history,
the review list, proposals by member organizations and their approval, referral."""

from datetime import timedelta

import pytest
from tests.directory.fixtures_staff import make_service

from tsunagu.consultations.models import Referral
from tsunagu.core.dates import today_local
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.directory.models import (
    ChangeRequestStatus,
    Location,
    Service,
    ServiceChangeRequest,
    ServiceRevision,
)
from tsunagu.directory.staff_services import organization_for_entry
from tsunagu.directory.taxonomy import term_uuid


def form_post(region, **overrides) -> dict:
    """A filled-in staff form, as the browser posts it."""
    data = {
        "name": "ふれあいカフェ",
        "name_kana": "ふれあいかふぇ",
        "description": "誰でも立ち寄れます。",
        "status": "active",
        "organization": "",
        "new_organization": "ふれあいカフェ運営会",
        "new_organization_kana": "ふれあいかふぇうんえいかい",
        "postal_code": "〒283-0802",
        "municipality": str(region.municipalities.get(code="12213").pk),
        "address_1": "東金1390",
        "address_2": "駅前ビル1階",
        "latitude": "35.5597",
        "longitude": "140.3661",
        "phone": "0475-00-1234",
        "phone_2": "",
        "fax": "",
        "email": "cafe@example.invalid",
        "url": "https://example.invalid/",
        "terms": [str(term_uuid("svc-ibasho"))],
        "is_hot_station": "on",
        "offerings": ["ibasho", "consultation"],
        "wheelchair": "on",
        "assured_date": "",
        "is_published": "on",
        "note": "",
        "hours-TOTAL_FORMS": "2",
        "hours-INITIAL_FORMS": "0",
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "14",
        "hours-0-days": ["MO", "TU", "WE", "TH", "FR"],
        "hours-0-opens_at": "08:30",
        "hours-0-closes_at": "17:15",
        "hours-0-valid_from": "",
        "hours-0-valid_to": "",
        "hours-0-schedule_id": "",
        "hours-1-days": [],
        "hours-1-opens_at": "",
        "hours-1-closes_at": "",
        "hours-1-schedule_id": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post_of(service) -> dict:
    """The edit form of ``service`` as the browser would post it back unchanged."""
    from tsunagu.directory.staff_documents import initial_from_document

    initial, rows = initial_from_document(service.document)
    location = service.locations.select_related("municipality").first()
    data = form_post(
        service.region,
        name=initial["name"],
        name_kana=initial["name_kana"],
        description=initial["description"],
        organization=str(service.organization_id),
        new_organization="",
        new_organization_kana="",
        postal_code=initial["postal_code"],
        municipality=str(location.municipality_id) if location else "",
        address_1=initial["address_1"],
        address_2=initial["address_2"],
        latitude=str(initial["latitude"] or ""),
        longitude=str(initial["longitude"] or ""),
        phone=initial["phone"],
        email=initial["email"],
        url=initial["url"],
        terms=initial["terms"],
        offerings=initial["offerings"],
        is_hot_station="on" if initial["is_hot_station"] else None,
        wheelchair="on" if initial["wheelchair"] else None,
        assured_date=initial["assured_date"].isoformat() if initial["assured_date"] else "",
        is_published="on" if service.is_published else None,
        **{"hours-TOTAL_FORMS": str(len(rows)), "hours-INITIAL_FORMS": str(len(rows))},
    )
    for key in [k for k in data if k.startswith("hours-") and k[6].isdigit()]:
        del data[key]
    for i, row in enumerate(rows):
        data[f"hours-{i}-days"] = row["days"]
        data[f"hours-{i}-opens_at"] = row["opens_at"].strftime("%H:%M")
        data[f"hours-{i}-closes_at"] = row["closes_at"].strftime("%H:%M")
        data[f"hours-{i}-schedule_id"] = row["schedule_id"]
        if row["valid_from"]:
            data[f"hours-{i}-valid_from"] = row["valid_from"].isoformat()
        if row["valid_to"]:
            data[f"hours-{i}-valid_to"] = row["valid_to"].isoformat()
    return data


# ---------------------------------------------------------------- create, edit, history


@pytest.mark.parametrize("persona", ["admin", "center_staff", "secretariat"])
def test_editors_create_a_service_from_the_japanese_form(client, personas, region, login, persona):
    login(client, personas[persona])

    response = client.post("/directory/services/new/", form_post(region))

    service = Service.objects.get(name="ふれあいカフェ")
    assert response.status_code == 302
    assert response["Location"] == f"/directory/services/{service.pk}/"
    assert service.region == region
    assert service.organization.name == "ふれあいカフェ運営会"
    assert service.name_kana == "ふれあいかふぇ"
    assert service.is_hot_station and service.offerings == ["ibasho", "consultation"]
    assert list(service.terms.values_list("pk", flat=True)) == [term_uuid("svc-ibasho")] or (
        term_uuid("svc-ibasho") in set(service.terms.values_list("pk", flat=True))
    )
    location = Location.objects.get(services=service)
    assert location.municipality.code == "12213"
    assert location.wheelchair and not location.parking
    assert (location.latitude, location.longitude) == (35.5597, 140.3661)
    address = service.document["service_at_locations"][0]["location"]["addresses"][0]
    assert address["postal_code"] == "283-0802"
    assert address["state_province"] == "千葉県"  # from the postal code, offline
    assert address["city"] == "東金市"
    schedule = service.document["schedules"][0]
    assert schedule["byday"] == "MO,TU,WE,TH,FR"
    assert (schedule["opens_at"], schedule["closes_at"]) == ("08:30+09:00", "17:15+09:00")
    assert service.document["phones"][0]["number"] == "0475-00-1234"

    page = client.get(f"/directory/services/{service.pk}/").content.decode()
    assert "月〜金 8:30–17:15" in page
    assert "ふれあいカフェ運営会" in page


def test_an_existing_organization_is_chosen_from_the_list(client, admin, region, login):
    organization = organization_for_entry(
        actor="test", region=region, organization=None, name="既存の団体", kana=""
    )
    login(client, admin)

    client.post(
        "/directory/services/new/",
        form_post(region, organization=str(organization.pk), new_organization=""),
    )

    assert Service.objects.get(name="ふれあいカフェ").organization == organization


def test_the_form_says_what_is_missing(client, admin, region, login):
    login(client, admin)

    response = client.post(
        "/directory/services/new/",
        form_post(
            region,
            name="",
            new_organization="",
            latitude="35.5",
            longitude="",
            **{"hours-0-closes_at": "08:00"},
        ),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"name", "new_organization", "longitude"}
    assert response.context["formset"].forms[0].errors["closes_at"]
    assert not Service.objects.exists()


def test_editing_keeps_history_who_when_and_what(client, center_staff, staff_service, login):
    login(client, center_staff)
    data = post_of(staff_service)
    data.update(description="説明を書き換えました。", note="電話で確認して説明を更新")
    data["hours-0-closes_at"] = "18:00"

    response = client.post(f"/directory/services/{staff_service.pk}/edit/", data)

    assert response.status_code == 302
    staff_service.refresh_from_db()
    assert staff_service.description == "説明を書き換えました。"
    revision = ServiceRevision.objects.get(service=staff_service)
    assert revision.changed_by == center_staff
    assert revision.note == "電話で確認して説明を更新"
    assert revision.document["description"] == "テスト用の居場所。"
    # Schedule ids are kept: the row edited the same schedule.
    assert staff_service.document["schedules"][0]["id"] == revision.document["schedules"][0]["id"]
    page = client.get(f"/directory/services/{staff_service.pk}/").content.decode()
    assert "変更履歴" in page and "carol-center" in page
    assert "説明、開所時間" in page  # what changed, by label
    assert "電話で確認して説明を更新" in page


def test_an_unchanged_edit_leaves_no_revision(client, admin, staff_service, login):
    login(client, admin)

    client.post(f"/directory/services/{staff_service.pk}/edit/", post_of(staff_service))

    assert not ServiceRevision.objects.filter(service=staff_service).exists()


def test_unpublishing_is_audited_and_hides_nothing_from_staff(client, admin, staff_service, login):
    login(client, admin)
    data = post_of(staff_service)
    del data["is_published"]

    client.post(f"/directory/services/{staff_service.pk}/edit/", data)

    staff_service.refresh_from_db()
    assert staff_service.is_published is False
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE, target_id=str(staff_service.pk), summary="is_published=False"
    ).exists()
    assert "非公開" in client.get("/directory/").content.decode()


def test_a_seasonal_row_becomes_a_schedule_with_a_period(client, admin, region, login):
    login(client, admin)
    year = today_local().year
    data = form_post(
        region,
        offerings=["cool"],
        **{
            "hours-0-days": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
            "hours-0-opens_at": "10:00",
            "hours-0-closes_at": "18:00",
            "hours-0-valid_from": f"{year}-07-01",
            "hours-0-valid_to": f"{year}-09-30",
            "hours-0-open_on_holidays": "on",
        },
    )

    client.post("/directory/services/new/", data)

    service = Service.objects.get(name="ふれあいカフェ")
    schedule = service.document["schedules"][0]
    assert (schedule["valid_from"], schedule["valid_to"]) == (f"{year}-07-01", f"{year}-09-30")
    page = client.get(f"/directory/services/{service.pk}/").content.decode()
    assert "7月〜9月のみ" in page
    assert "祝日・年末年始も開いています" in page


# ---------------------------------------------------------------- list, search, review


def test_list_search_and_filters(client, secretariat, region, staff_resource_org, login):
    make_service(region, staff_resource_org, name="東金のカフェ", name_kana="とうがねのかふぇ")
    make_service(
        region,
        staff_resource_org,
        name="芝山の直売所",
        name_kana="しばやまのちょくばいしょ",
        municipality=region.municipalities.get(code="12409"),
        postal_code="289-1619",
        address_1="芝山298",
        is_hot_station=False,
        offerings=[],
    )
    login(client, secretariat)

    everything = client.get("/directory/").content.decode()
    by_name = client.get("/directory/", {"q": "直売"}).content.decode()
    by_kana = client.get("/directory/", {"q": "とうがね"}).content.decode()
    shibayama = region.municipalities.get(code="12409")
    by_town = client.get("/directory/", {"municipality": shibayama.pk}).content.decode()
    hot = client.get("/directory/", {"hot": "1"}).content.decode()

    assert "東金のカフェ" in everything and "芝山の直売所" in everything
    assert "芝山の直売所" in by_name and "東金のカフェ" not in by_name
    assert "東金のカフェ" in by_kana and "芝山の直売所" not in by_kana
    assert "芝山の直売所" in by_town and "東金のカフェ" not in by_town
    assert "東金のカフェ" in hot and "芝山の直売所" not in hot


def test_the_list_query_count_does_not_grow_with_rows(
    client, admin, region, staff_resource_org, login, django_assert_max_num_queries
):
    for i in range(12):
        make_service(region, staff_resource_org, name=f"居場所{i:02d}")
    login(client, admin)

    with django_assert_max_num_queries(14):
        response = client.get("/directory/")

    assert response.status_code == 200
    assert response.content.decode().count('href="/directory/services/') >= 12


def test_review_list_shows_entries_unconfirmed_for_a_year(
    client, center_staff, region, staff_resource_org, login, django_assert_max_num_queries
):
    today = today_local()
    make_service(region, staff_resource_org, name="確認したばかり", assured_date=today)
    make_service(
        region, staff_resource_org, name="ちょうど1年", assured_date=today - timedelta(days=365)
    )
    make_service(
        region, staff_resource_org, name="1年以上前", assured_date=today - timedelta(days=366)
    )
    make_service(region, staff_resource_org, name="未確認の掲載", assured_date=None)
    for i in range(8):
        make_service(region, staff_resource_org, name=f"古い掲載{i}", assured_date=None)
    login(client, center_staff)

    with django_assert_max_num_queries(12):
        page = client.get("/directory/review/").content.decode()

    assert "1年以上前" in page and "未確認の掲載" in page and "古い掲載7" in page
    assert "確認したばかり" not in page and "ちょうど1年" not in page
    assert "確認済みにする" in page


def test_confirming_sets_todays_date_and_keeps_a_revision(
    client, center_staff, staff_service, login
):
    login(client, center_staff)

    response = client.post(
        f"/directory/services/{staff_service.pk}/assure/", {"next": "/directory/review/"}
    )

    assert response.status_code == 302 and response["Location"] == "/directory/review/"
    staff_service.refresh_from_db()
    assert staff_service.assured_date == today_local()
    assert staff_service.document["assurer_email"] == center_staff.email
    assert ServiceRevision.objects.get(service=staff_service).changed_by == center_staff
    assert staff_service not in client.get("/directory/review/").context["page"].object_list


def test_confirming_does_not_follow_a_foreign_next(client, admin, staff_service, login):
    login(client, admin)

    response = client.post(
        f"/directory/services/{staff_service.pk}/assure/", {"next": "https://evil.example/"}
    )

    assert response["Location"] == f"/directory/services/{staff_service.pk}/"


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("persona", ["provider_staff", "municipal_staff"])
def test_readers_may_not_edit(client, personas, region, staff_service, login, persona):
    login(client, personas[persona])

    assert client.get("/directory/").status_code == 200
    assert client.get(f"/directory/services/{staff_service.pk}/").status_code == 200
    assert client.post("/directory/services/new/", form_post(region)).status_code == 403
    edit = client.post(f"/directory/services/{staff_service.pk}/edit/", post_of(staff_service))
    assert edit.status_code == 403
    assert client.post(f"/directory/services/{staff_service.pk}/assure/").status_code == 403
    assert not Service.objects.filter(name="ふれあいカフェ").exists()
    staff_service.refresh_from_db()
    assert staff_service.assured_date is None


def test_another_regions_staff_get_404_on_our_entries(client, outsider, staff_service, login):
    login(client, outsider)

    assert client.get(f"/directory/services/{staff_service.pk}/").status_code == 404
    assert client.post(f"/directory/services/{staff_service.pk}/assure/").status_code == 404
    assert staff_service.name not in client.get("/directory/").content.decode()


def test_a_member_may_not_edit_directly(client, member, staff_member_org, staff_service, login):
    login(client, member)

    assert client.get("/directory/").status_code == 403
    edit = client.post(f"/directory/services/{staff_service.pk}/edit/", post_of(staff_service))
    assert edit.status_code == 403


# ---------------------------------------------------------------- proposals and approval


def test_member_proposes_and_staff_approves(
    client, member, center_staff, staff_member_org, staff_service, login
):
    login(client, member)
    mine = client.get("/directory/mine/").content.decode()
    assert staff_service.name in mine
    data = post_of(staff_service)
    for key in ("organization", "new_organization", "new_organization_kana", "is_published"):
        data.pop(key, None)
    data.update(description="月に一度、手芸の会を開きます。", note="活動が増えました")

    response = client.post(f"/directory/services/{staff_service.pk}/propose/", data)

    assert response.status_code == 302
    change = ServiceChangeRequest.objects.get()
    assert change.status == ChangeRequestStatus.PENDING
    assert change.requested_by == member
    assert change.proposed["description"] == "月に一度、手芸の会を開きます。"
    staff_service.refresh_from_db()
    assert staff_service.description == "テスト用の居場所。"  # nothing applied yet

    client.logout()
    login(client, center_staff)
    listed = client.get("/directory/requests/").content.decode()
    assert staff_service.name in listed
    detail = client.get(f"/directory/requests/{change.pk}/").content.decode()
    assert "説明" in detail and "月に一度、手芸の会を開きます。" in detail
    response = client.post(
        f"/directory/requests/{change.pk}/", {"action": "approve", "decision_note": ""}
    )

    assert response.status_code == 302
    change.refresh_from_db()
    staff_service.refresh_from_db()
    assert change.status == ChangeRequestStatus.APPROVED
    assert change.decided_by == center_staff and change.decided_at is not None
    assert staff_service.description == "月に一度、手芸の会を開きます。"
    revision = ServiceRevision.objects.get(service=staff_service)
    assert revision.changed_by == center_staff
    assert f"#{change.pk}" in revision.note
    # The member sees the outcome.
    client.logout()
    login(client, member)
    assert "承認" in client.get("/directory/mine/").content.decode()


def test_member_proposes_a_new_entry_for_its_organization(
    client, member, admin, staff_member_org, staff_resource_org, region, login
):
    login(client, member)
    data = form_post(region, name="新しいサロン")
    for key in ("organization", "new_organization", "new_organization_kana", "is_published"):
        data.pop(key)

    response = client.post(f"/directory/organizations/{staff_resource_org.pk}/propose/", data)

    assert response.status_code == 302
    change = ServiceChangeRequest.objects.get()
    assert change.service is None
    client.logout()
    login(client, admin)
    client.post(f"/directory/requests/{change.pk}/", {"action": "approve"})
    service = Service.objects.get(name="新しいサロン")
    assert service.organization == staff_resource_org
    change.refresh_from_db()
    assert change.service == service and change.status == ChangeRequestStatus.APPROVED


def test_rejection_needs_a_reason_and_changes_nothing(
    client, secretariat, staff_change_request, staff_service, login
):
    login(client, secretariat)
    url = f"/directory/requests/{staff_change_request.pk}/"

    without = client.post(url, {"action": "reject", "decision_note": ""})
    assert without.status_code == 400
    staff_change_request.refresh_from_db()
    assert staff_change_request.status == ChangeRequestStatus.PENDING

    client.post(url, {"action": "reject", "decision_note": "写真の掲載はできません"})

    staff_change_request.refresh_from_db()
    staff_service.refresh_from_db()
    assert staff_change_request.status == ChangeRequestStatus.REJECTED
    assert staff_change_request.decided_by == secretariat
    assert staff_change_request.decision_note == "写真の掲載はできません"
    assert staff_service.description == "テスト用の居場所。"
    assert not ServiceRevision.objects.filter(service=staff_service).exists()
    # Decided once: a second decision is refused.
    again = client.post(url, {"action": "approve"})
    assert again.status_code == 400
    staff_change_request.refresh_from_db()
    assert staff_change_request.status == ChangeRequestStatus.REJECTED


def test_members_propose_only_for_their_own_entries(
    client, member, staff_member_org, region, login
):
    stranger = organization_for_entry(
        actor="test", region=region, organization=None, name="よその団体", kana=""
    )
    other = make_service(region, stranger, name="よその掲載")
    login(client, member)

    assert client.get(f"/directory/services/{other.pk}/propose/").status_code == 403
    assert client.get(f"/directory/organizations/{stranger.pk}/propose/").status_code == 403
    assert "よその掲載" not in client.get("/directory/mine/").content.decode()


@pytest.mark.parametrize("persona", ["provider_staff", "municipal_staff", "member"])
def test_only_editors_decide(
    client, personas, staff_change_request, staff_member_org, login, persona
):
    login(client, personas[persona])
    url = f"/directory/requests/{staff_change_request.pk}/"

    response = client.post(url, {"action": "approve"})

    assert response.status_code == 403
    staff_change_request.refresh_from_db()
    assert staff_change_request.status == ChangeRequestStatus.PENDING


def test_the_requesting_member_may_read_its_request(client, member, staff_change_request, login):
    login(client, member)

    page = client.get(f"/directory/requests/{staff_change_request.pk}/")

    assert page.status_code == 200
    assert "承認する" not in page.content.decode()


def test_request_list_query_count(
    client, admin, staff_service, staff_resource_org, member, login, django_assert_max_num_queries
):
    from tsunagu.directory.staff_services import change_request_create

    for i in range(10):
        change_request_create(
            actor=member,
            organization=staff_resource_org,
            service=staff_service,
            document=dict(staff_service.document, description=f"案{i}"),
        )
    login(client, admin)

    with django_assert_max_num_queries(10):
        response = client.get("/directory/requests/")

    assert response.content.decode().count("/directory/requests/") >= 10


# ---------------------------------------------------------------- referral


@pytest.mark.parametrize("persona", ["center_staff", "provider_staff"])
def test_a_worker_refers_a_person_to_the_service(
    client, personas, person, consultation, staff_service, staff_member_org, login, persona
):
    user = personas[persona]
    login(client, user)
    detail = client.get(f"/directory/services/{staff_service.pk}/").content.decode()
    assert "この資源につなぐ" in detail
    url = f"/directory/services/{staff_service.pk}/refer/"

    found = client.get(url, {"q": "たかはし"}).content.decode()
    assert "髙橋 美咲" in found
    chosen = client.get(url, {"person": person.pk})
    assert chosen.status_code == 200
    form = chosen.context["form"]
    assert form.initial["consultation"] == consultation.pk
    assert form.initial["to_organization"] == staff_member_org.pk
    assert staff_service.name in form.initial["service"]
    response = client.post(
        url,
        {
            "person": person.pk,
            "consultation": consultation.pk,
            "to_organization": staff_member_org.pk,
            "service": form.initial["service"],
            "due_on": "",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/consultations/{consultation.pk}/"
    referral = Referral.objects.get()
    assert referral.person == person and referral.consultation == consultation
    assert referral.to_organization == staff_member_org
    assert referral.service.startswith(staff_service.name)
    assert referral.staff == user


def test_a_person_without_consultations_is_sent_to_record_one(
    client, center_staff, person, staff_service, login
):
    login(client, center_staff)

    page = client.get(f"/directory/services/{staff_service.pk}/refer/", {"person": person.pk})

    assert f"/consultations/new/?person={person.pk}" in page.content.decode()


def test_provider_staff_cannot_refer_someone_they_do_not_see(
    client, provider_staff, unassigned_person, staff_service, login
):
    login(client, provider_staff)
    url = f"/directory/services/{staff_service.pk}/refer/"

    assert "山﨑" not in client.get(url, {"q": "やまざき"}).content.decode()
    assert client.get(url, {"person": unassigned_person.pk}).status_code == 404


@pytest.mark.parametrize("persona", ["secretariat", "municipal_staff"])
def test_no_referral_without_personal_data(client, personas, staff_service, login, persona):
    login(client, personas[persona])

    assert client.get(f"/directory/services/{staff_service.pk}/refer/").status_code == 403
    detail = client.get(f"/directory/services/{staff_service.pk}/").content.decode()
    assert "この資源につなぐ" not in detail


# ---------------------------------------------------------------- postal lookup


def test_postal_lookup_for_everyone_who_writes_entries(client, secretariat, region, login):
    login(client, secretariat)

    answer = client.get("/directory/postal/2830802/").json()

    assert answer["city"] == "東金市"
    assert answer["municipality"]["id"] == region.municipalities.get(code="12213").pk
    assert client.get("/directory/postal/12/").status_code == 400


def test_approving_warns_when_the_entry_changed_since_the_proposal(
    client, admin, staff_change_request, staff_service, login
):
    from tsunagu.directory.staff_services import service_assure

    service_assure(actor=admin, service=staff_service)
    login(client, admin)

    page = client.get(f"/directory/requests/{staff_change_request.pk}/").content.decode()

    assert "この申請のあとに掲載内容が変更されています" in page


def test_an_entry_moves_to_another_organization(client, admin, staff_service, region, login):
    login(client, admin)
    data = post_of(staff_service)
    data.update(organization="", new_organization="引き継いだ団体")

    response = client.post(f"/directory/services/{staff_service.pk}/edit/", data)

    assert response.status_code == 302
    staff_service.refresh_from_db()
    assert staff_service.organization.name == "引き継いだ団体"
    assert staff_service.document["organization"]["name"] == "引き継いだ団体"
    revision = ServiceRevision.objects.get(service=staff_service)
    assert revision.document["organization"]["name"] == "ホッとカフェ運営会"
