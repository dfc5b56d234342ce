"""地域支援: recording activities, support to providers, 個別支援会議 and 地域の声 through the pages."""

from datetime import date

from tests.community.fixtures import list_item, make_activity, make_observation

from tsunagu.community.models import (
    CaseMeeting,
    CommunityActivity,
    Observation,
    ObservationSource,
    ProviderSupport,
)
from tsunagu.core.models import AuditAction, AuditEntry, ListKind


def _activity_post(region, staff, **overrides):
    data = {
        "held_on": "2022-07-09",
        "title": "自治会の役員会で協力店を紹介",
        "minutes": "60",
        "staff": [staff.pk],
        "municipalities": [region.municipalities.get(code="12213").pk],
        "method": list_item(region, ListKind.COMMUNITY_METHOD, "network").pk,
        "functions": [list_item(region, ListKind.COMMUNITY_FUNCTION, "support_network").pk],
        "participants": "12",
        "what_happened": "ホッとステーションの仕組みを説明し、協力店を募った。",
        "outcome": "商店2店が登録を検討する。",
        "partners-TOTAL_FORMS": "3",
        "partners-INITIAL_FORMS": "0",
        "partners-0-kind": "neighborhood",
        "partners-0-name": "南上宿自治会",
        "partners-1-kind": "business",
        "partners-1-name": "",
        "partners-2-kind": "school",
        "partners-2-name": "",
    }
    data.update(overrides)
    return data


def test_center_staff_record_an_activity_with_partners_and_an_issue(
    client, login, region, center_staff, provider_org, issue
):
    login(client, center_staff)
    response = client.post(
        "/community/new/",
        _activity_post(
            region, center_staff, community_issue=issue.pk, partner_organizations=[provider_org.pk]
        ),
    )
    activity = CommunityActivity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/community/{activity.pk}/"
    assert activity.fiscal_year == 2022
    assert activity.community_issue == issue
    assert [p.name for p in activity.partners.all()] == ["南上宿自治会"]
    assert list(activity.partner_organizations.all()) == [provider_org]
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, target_type="community.communityactivity"
    ).exists()
    page = client.get(f"/community/{activity.pk}/").content.decode()
    assert "南上宿自治会" in page and issue.title in page


def test_a_name_in_the_text_warns_and_needs_a_confirmation(client, login, region, center_staff):
    login(client, center_staff)
    data = _activity_post(
        region,
        center_staff,
        what_happened="山田太郎さん（090-1234-5678）の家に自治会長と訪問した。",
    )
    response = client.post("/community/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "個人を特定できる情報が書かれているようです" in page
    assert "氏名" in page and "電話番号" in page
    assert not CommunityActivity.objects.exists()
    data["confirm_no_personal_data"] = "on"
    assert client.post("/community/new/", data).status_code == 302
    assert CommunityActivity.objects.count() == 1


def test_edit_keeps_the_partners_given(client, login, region, center_staff, community_activity):
    login(client, center_staff)
    form = client.get(f"/community/{community_activity.pk}/edit/").content.decode()
    assert "県立成東高校" in form
    response = client.post(
        f"/community/{community_activity.pk}/edit/",
        _activity_post(region, center_staff, title="講話（直し）"),
    )
    assert response.status_code == 302
    community_activity.refresh_from_db()
    assert community_activity.title == "講話（直し）"
    assert [p.name for p in community_activity.partners.all()] == ["南上宿自治会"]


def test_a_list_from_another_region_is_refused(client, login, region, center_staff, other_region):
    login(client, center_staff)
    data = _activity_post(
        region, center_staff, municipalities=[other_region.municipalities.get().pk]
    )
    assert client.post("/community/new/", data).status_code == 200
    assert not CommunityActivity.objects.exists()


def test_filters_and_the_year_view(client, login, region, center_staff):
    make_activity(region, center_staff)
    make_activity(
        region,
        center_staff,
        held_on=date(2023, 2, 1),
        method="network",
        functions=("support_network", "needs_sharing"),
        title="交流会",
    )
    make_activity(region, center_staff, held_on=date(2023, 4, 1), title="次の年度")
    login(client, center_staff)
    network = list_item(region, ListKind.COMMUNITY_METHOD, "network")
    page = client.get("/community/", {"fy": 2022, "method": network.pk}).content.decode()
    assert "交流会" in page and "高校での講話" not in page and "次の年度" not in page
    response = client.get("/community/year/", {"fy": 2022})
    figures = response.context["figures"]
    assert figures["total"] == 2
    by_method = {item.code: n for item, n in figures["by_method"]}
    assert by_method == {
        "network": 1,
        "resource_development": 0,
        "welfare_education": 1,
        "human_resources": 0,
        "organizing": 0,
    }
    by_function = {item.code: n for item, n in figures["by_function"]}
    assert by_function["needs_sharing"] == 2 and by_function["support_network"] == 1
    assert [(m["year"], m["month"]) for m in figures["timeline"]] == [(2022, 10), (2023, 2)]
    assert "交流会" in response.content.decode()


def test_query_counts_do_not_grow_with_rows(
    client, login, region, center_staff, django_assert_max_num_queries
):
    for day in range(1, 26):
        make_activity(region, center_staff, held_on=date(2022, 5, day))
        make_observation(region, noted_on=date(2022, 5, day))
    login(client, center_staff)
    for path in ("/community/?fy=2022", "/community/year/?fy=2022", "/community/voices/?fy=2022"):
        with django_assert_max_num_queries(20):
            assert client.get(path).status_code == 200


def test_query_counts_of_the_personal_lists_do_not_grow(
    client,
    login,
    region,
    center_staff,
    center_org,
    provider_org,
    person,
    django_assert_max_num_queries,
):
    from tsunagu.community import services

    for day in range(1, 26):
        services.provider_support_record(
            actor="test",
            region=region,
            organization=provider_org,
            kind="advice",
            held_on=date(2022, 6, day),
            minutes=30,
            staff=[center_staff],
            notes="助言",
        )
        services.case_meeting_record(
            actor="test",
            region=region,
            person=person,
            held_on=date(2022, 6, day),
            decisions="次回も集まる。",
            attendees=[(center_org, "基幹")],
        )
    login(client, center_staff)
    for path in ("/community/providers/?fy=2022", "/community/meetings/?fy=2022"):
        with django_assert_max_num_queries(20):
            assert client.get(path).status_code == 200


def test_a_member_records_an_observation_but_not_a_learning_card(client, login, region, member):
    login(client, member)
    category = list_item(region, ListKind.NEED_CATEGORY, "mobility")
    data = {
        "noted_on": "2022-10-01",
        "source": ObservationSource.LEARNING_CARD,
        "category": category.pk,
        "text": "駅まで遠くて通えないという声があった。",
    }
    assert client.post("/community/voices/new/", data).status_code == 200
    assert not Observation.objects.exists()
    data["source"] = ObservationSource.HOT_STATION
    assert client.post("/community/voices/new/", data).status_code == 302
    observation = Observation.objects.get()
    assert observation.organization == member.organization
    assert observation.recorded_by == member
    # a member cannot open the list of everyone's observations
    assert client.get("/community/voices/").status_code == 403


def test_an_observation_with_a_phone_number_warns(client, login, region, member):
    login(client, member)
    category = list_item(region, ListKind.NEED_CATEGORY, "mobility")
    data = {
        "noted_on": "2022-10-01",
        "source": ObservationSource.RESIDENT,
        "category": category.pk,
        "text": "連絡は090-1234-5678まで",
    }
    response = client.post("/community/voices/new/", data)
    assert "電話番号" in response.content.decode()
    assert not Observation.objects.exists()


def test_provider_support_with_a_person_needs_a_consent(
    client, login, region, center_staff, provider_org, person
):
    login(client, center_staff)
    data = {
        "organization": provider_org.pk,
        "kind": "visit",
        "held_on": "2022-11-01",
        "minutes": "60",
        "staff": [center_staff.pk],
        "notes": "支援の方法を一緒に考えた。",
        "person_id": person.pk,
    }
    response = client.post("/community/providers/new/", data)
    assert response.status_code == 200
    assert "同意" in response.content.decode()
    assert not ProviderSupport.objects.exists()
    from tsunagu.people.detail_services import consent_record

    consent_record(
        actor="test",
        person=person,
        scope="info_sharing",
        given_on=date(2022, 4, 1),
        organizations=[provider_org],
    )
    assert client.post("/community/providers/new/", data).status_code == 302
    support = ProviderSupport.objects.get()
    assert support.person == person and support.fiscal_year == 2022
    page = client.get("/community/providers/", {"fy": 2022})
    assert page.context["counts"]["by_organization_kind"] == [("相談支援事業所", 1)]


def test_a_case_meeting_with_a_new_need_links_it_back(
    client, login, region, center_staff, center_org, provider_org, person
):
    login(client, center_staff)
    category = list_item(region, ListKind.NEED_CATEGORY, "emergency")
    data = {
        "held_on": "2022-12-05",
        "decisions": "短期入所の体験利用を進める。",
        "need-text": "緊急時に泊まれる場所がない",
        "need-category": category.pk,
        "attendees-TOTAL_FORMS": "2",
        "attendees-INITIAL_FORMS": "0",
        "attendees-0-organization": provider_org.pk,
        "attendees-0-role": "計画相談",
        "attendees-1-organization": "",
        "attendees-1-role": "",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-0-who": "計画相談",
        "actions-0-what": "空きを問い合わせる",
        "actions-0-due_on": "2022-12-20",
    }
    response = client.post(f"/community/meetings/new/{person.pk}/", data)
    meeting = CaseMeeting.objects.get()
    assert response.status_code == 302
    need = meeting.needs.get()
    assert need.person == person and need.category == category
    assert meeting.attendees.get().organization == provider_org
    assert meeting.actions.get().due_on == date(2022, 12, 20)
    before = AuditEntry.objects.filter(
        action=AuditAction.VIEW, target_type="community.casemeeting"
    ).count()
    page = client.get(f"/community/meetings/{meeting.pk}/").content.decode()
    assert "緊急時に泊まれる場所がない" in page
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.VIEW, target_type="community.casemeeting"
        ).count()
        == before + 1
    )
    # the person page shows the meeting
    assert (
        f"/community/meetings/{meeting.pk}/" in client.get(f"/people/{person.pk}/").content.decode()
    )


def test_provider_staff_of_another_organization_do_not_see_the_meeting(
    client, login, region, case_meeting, other_provider_org
):
    from tsunagu.accounts.services import user_create
    from tsunagu.core.roles import Role

    other = user_create(
        actor="test",
        region=region,
        username="other-provider",
        password="another-strong-pw-7",
        role=Role.PROVIDER_STAFF,
        organization=other_provider_org,
    )
    login(client, other)
    assert client.get(f"/community/meetings/{case_meeting.pk}/").status_code == 404
    assert (
        case_meeting.person.full_name
        not in client.get("/community/meetings/?fy=2022").content.decode()
    )
