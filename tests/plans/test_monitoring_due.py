"""Monitoring deadlines, with the clock set by time_machine: the worker's due list, the
overdue page per scope, and the per-worker table for 管理者.

The support_plan fixture starts on 2024-04-01 with monitoring every 3 months: the first
monitoring is due on 2024-07-01 (Asia/Tokyo)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from tests.plans.fixtures import make_monitoring, make_plan

from tsunagu.people.services import person_create

TOKYO = ZoneInfo("Asia/Tokyo")
UTC = ZoneInfo("UTC")
OVERDUE = 'status--overdue">期限切れ'  # the flag on a row


def _due_page(client):
    return client.get("/plans/due/").content.decode()


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        (datetime(2024, 6, 30, 12, 0, tzinfo=TOKYO), False),
        (datetime(2024, 7, 1, 23, 59, tzinfo=TOKYO), False),  # due today is not overdue
        # 2024-07-01 16:00 UTC is already 7/2 01:00 in Tokyo: overdue.
        (datetime(2024, 7, 1, 16, 0, tzinfo=UTC), True),
        (datetime(2024, 9, 1, 9, 0, tzinfo=TOKYO), True),
    ],
)
def test_overdue_is_decided_by_the_date_in_tokyo(
    client, center_staff, login, support_plan, time_machine, now, overdue
):
    time_machine.move_to(now, tick=False)
    login(client, center_staff)
    page = _due_page(client)
    assert "令和6年7月1日" in page
    assert (OVERDUE in page) is overdue
    plan_page = client.get(f"/plans/{support_plan.pk}/").content.decode()
    assert ("モニタリングの予定日（令和6年7月1日）を過ぎています" in plan_page) is overdue


def test_monitoring_moves_the_next_date_and_clears_the_overdue_flag(
    client, center_staff, center_org, login, support_plan, time_machine
):
    time_machine.move_to(datetime(2024, 7, 10, 10, 0, tzinfo=TOKYO), tick=False)
    login(client, center_staff)
    assert OVERDUE in _due_page(client)

    make_monitoring(support_plan, center_staff, center_org, monitored_on=date(2024, 7, 10))

    page = _due_page(client)
    assert OVERDUE not in page and "令和6年10月10日" in page
    time_machine.move_to(datetime(2024, 10, 11, 0, 1, tzinfo=TOKYO), tick=False)
    login(client, center_staff)  # the idle session ended meanwhile
    assert OVERDUE in _due_page(client)


def test_the_due_list_is_the_workers_own_sorted_by_date(
    client,
    center_staff,
    admin,
    center_org,
    provider_staff,
    provider_org,
    login,
    person,
    region,
    time_machine,
):
    time_machine.move_to(datetime(2024, 8, 1, 9, 0, tzinfo=TOKYO), tick=False)
    later = person_create(
        actor="test",
        region=region,
        family_name="後藤",
        family_name_kana="ゴトウ",
        organizations=[center_org],
    )
    make_plan(later, center_staff, center_org, starts_on=date(2024, 6, 1))  # due 9/1
    make_plan(person, center_staff, center_org, starts_on=date(2024, 4, 1))  # due 7/1
    others = person_create(
        actor="test",
        region=region,
        family_name="他人",
        family_name_kana="タニン",
        organizations=[center_org],
    )
    make_plan(others, admin, center_org)  # the admin's, not carol's

    login(client, center_staff)
    page = _due_page(client)
    assert page.index("髙橋") < page.index("後藤")
    assert "他人" not in page
    assert page.count(OVERDUE) == 1
    everyone = client.get("/plans/due/?all=1").content.decode()
    assert "他人" in everyone


def test_the_overdue_page_per_scope(
    client,
    login,
    admin,
    center_staff,
    provider_staff,
    outsider,
    center_org,
    provider_org,
    person,
    unassigned_person,
    time_machine,
):
    make_plan(person, center_staff, center_org)  # due 2024-07-01
    make_plan(unassigned_person, center_staff, center_org, starts_on=date(2024, 5, 1))
    make_plan(person, provider_staff, provider_org, starts_on=date(2024, 6, 1))  # due 9/1
    time_machine.move_to(datetime(2024, 9, 2, 9, 0, tzinfo=TOKYO), tick=False)

    login(client, center_staff)
    page = client.get("/plans/overdue/").content.decode()
    assert "期限切れ 3 件" in page and "山﨑" in page
    assert "担当者ごとの状況" not in page  # the per-worker table is the admin's

    client.logout()
    login(client, provider_staff)
    page = client.get("/plans/overdue/").content.decode()
    assert "期限切れ 1 件" in page  # their organization's plan only
    assert "山﨑" not in page and "carol-center" not in page

    client.logout()
    login(client, outsider)
    page = client.get("/plans/overdue/").content.decode()
    assert "期限切れ 0 件" in page and "髙橋" not in page


def test_the_admin_sees_a_summary_per_worker(
    client,
    login,
    admin,
    center_staff,
    provider_staff,
    center_org,
    provider_org,
    person,
    unassigned_person,
    region,
    time_machine,
    django_assert_max_num_queries,
):
    make_plan(person, center_staff, center_org)  # due 7/1
    make_plan(unassigned_person, center_staff, center_org, starts_on=date(2024, 5, 1))  # 8/1
    make_plan(person, provider_staff, provider_org, starts_on=date(2024, 7, 1))  # due 10/1
    time_machine.move_to(datetime(2024, 9, 5, 9, 0, tzinfo=TOKYO), tick=False)

    login(client, admin)
    with django_assert_max_num_queries(13):  # audit entry, disaster banner, サービス等利用計画 due
        response = client.get("/plans/overdue/")
    rows = response.context["by_staff"]
    assert [
        (r["name"], r["active"], r["overdue"], r["soon"], r["oldest_overdue"]) for r in rows
    ] == [
        ("carol-center", 2, 2, 0, date(2024, 7, 1)),
        ("paul-provider", 1, 0, 1, None),
    ]
    page = response.content.decode()
    assert "担当者ごとの状況" in page and "令和6年7月1日" in page


def test_the_due_list_has_a_fixed_number_of_queries(
    client,
    center_staff,
    center_org,
    region,
    login,
    time_machine,
    django_assert_max_num_queries,
):
    time_machine.move_to(datetime(2024, 8, 1, 9, 0, tzinfo=TOKYO), tick=False)
    for i in range(15):
        p = person_create(
            actor="test",
            region=region,
            family_name=f"試験{i}",
            family_name_kana="シケン",
            organizations=[center_org],
        )
        make_plan(p, center_staff, center_org, starts_on=date(2024, 1 + i % 6, 1))
    login(client, center_staff)
    with django_assert_max_num_queries(12):  # audit entry, disaster banner, サービス等利用計画 due
        page = _due_page(client)
    assert page.count("/monitoring/new/") == 15


def test_the_provider_is_offered_to_record_only_its_own_plans(
    client, provider_staff, login, support_plan, provider_plan
):
    """「見られるすべての計画」: the center's plan is listed for a provider who may see it, but
    記録する (a 403 for them) is offered only on their own organization's plan (issue 21)."""
    login(client, provider_staff)
    page = client.get("/plans/due/?all=1").content.decode()
    assert f"/plans/{support_plan.pk}/" in page  # seen
    assert f"/plans/{provider_plan.pk}/monitoring/new/" in page
    assert f"/plans/{support_plan.pk}/monitoring/new/" not in page
    assert "他機関の計画" in page
    assert client.get(f"/plans/{support_plan.pk}/monitoring/new/").status_code == 403
