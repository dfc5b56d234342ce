"""The dashboard as each role's work list (issue 21 item 2): the numbers of the day's work,
each a link to its list, with a query count that does not grow with the data."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.consultations.fixtures import item
from tests.plans.fixtures import make_plan

from tsunagu.consultations.services import consultation_record, referral_create
from tsunagu.core.models import ListKind
from tsunagu.core.notifications import notification_send
from tsunagu.network.services import post_create
from tsunagu.people.services import person_create

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2024, 9, 2, 9, 0, tzinfo=TOKYO)  # plans from 2024-04-01, quarterly: overdue


def _rows(page: str) -> dict[str, tuple[int, str]]:
    """data-key -> (number shown, the link's href)."""
    found = re.findall(
        r'data-key="([\w.]+)">\s*<a href="([^"]+)"><span class="worklist__count">(\d+) 件', page
    )
    return {key: (int(n), href.replace("&amp;", "&")) for key, href, n in found}


def _call(region, staff, org, person, when):
    return consultation_record(
        actor="test", region=region, occurred_at=when, person=person, staff=staff,
        organization=org, method=item(region, ListKind.CONTACT_METHOD, "phone"),
        caller_type=item(region, ListKind.CALLER_TYPE, "self"),
        topics=[item(region, ListKind.SUPPORT_TOPIC, "health")],
    )  # fmt: skip


def _person(region, org, staff, n):
    return person_create(
        actor="test", region=region, family_name="山田", given_name=f"{n}郎",
        family_name_kana="ヤマダ", given_name_kana=f"イチロウ{n}", organizations=[org],
        staff=[staff], is_fictional=True,
    )  # fmt: skip


def _make_work(region, center_org, center_staff, n):
    """n of everything: overdue plans, overdue referrals, quiet persons."""
    for i in range(n):
        person = _person(region, center_org, center_staff, i)
        make_plan(person, center_staff, center_org)
        call = _call(region, center_staff, center_org, person, NOW - timedelta(days=60))
        referral_create(actor="test", consultation=call, service="就労移行支援",
                        due_on=date(2024, 8, 1), staff=center_staff)  # fmt: skip


def test_center_staff_see_the_days_work_and_each_number_opens_its_list(
    client, region, center_org, center_staff, login, time_machine
):
    time_machine.move_to(NOW - timedelta(days=120), tick=False)  # registered long ago
    _make_work(region, center_org, center_staff, 2)
    time_machine.move_to(NOW, tick=False)
    notification_send(users=[center_staff], subject="確認してください", body="")
    login(client, center_staff)
    page = client.get("/dashboard/").content.decode()
    rows = _rows(page)
    assert rows["plans.monitoring_overseen_overdue"] == (2, "/plans/overdue/")
    assert rows["plans.monitoring_mine_overdue"] == (2, "/plans/due/")
    assert rows["consultations.referrals_overdue"] == (2, "/consultations/referrals/?state=overdue")
    assert rows["consultations.quiet_persons"] == (2, "/consultations/quiet/")
    assert rows["core.notifications"] == (1, "/notifications/")
    assert "圏域の機関・団体" not in page and "12237" not in page  # no more codes and counts
    # each list shows what its number counted
    referrals = client.get(rows["consultations.referrals_overdue"][1]).content.decode()
    assert referrals.count("status--overdue") == 2
    quiet = client.get("/consultations/quiet/").content.decode()
    assert quiet.count("さんの相談を記録") == 2 and "令和6年7月4日" in quiet


def test_a_recent_call_takes_the_person_off_the_quiet_list(
    client, region, center_org, center_staff, login, time_machine
):
    time_machine.move_to(NOW - timedelta(days=120), tick=False)
    person = _person(region, center_org, center_staff, 1)
    time_machine.move_to(NOW, tick=False)
    login(client, center_staff)
    assert _rows(client.get("/dashboard/").content.decode())["consultations.quiet_persons"][0] == 1
    _call(region, center_staff, center_org, person, NOW - timedelta(days=2))
    assert _rows(client.get("/dashboard/").content.decode())["consultations.quiet_persons"][0] == 0


def test_each_role_sees_its_own_list(client, login, personas, region, center_org, center_staff):
    post_create(actor=center_staff, title="断水のお知らせ", body="給水所は市役所です。",
                is_urgent=True)  # fmt: skip
    seen = {}
    for role in ("secretariat", "member", "provider_staff", "municipal_staff"):
        client.logout()
        login(client, personas[role])
        seen[role] = _rows(client.get("/dashboard/").content.decode())
    assert "needs.candidates" in seen["secretariat"] and "council.meetings" in seen["secretariat"]
    assert "consultations.referrals_overdue" not in seen["secretariat"]
    assert seen["member"]["network.urgent_posts"] == (1, "/network/?urgent=1")
    assert "network.events" in seen["member"] and "plans.monitoring_mine_week" not in seen["member"]
    assert "plans.monitoring_mine_week" in seen["provider_staff"]
    assert "safeguarding.abuse_overdue" not in seen["provider_staff"]
    urgent = client.get("/network/?urgent=1").content.decode()  # as municipal staff
    assert "断水のお知らせ" in urgent


def test_the_dashboard_does_not_grow_with_the_data(
    client, region, center_org, center_staff, login, time_machine
):
    time_machine.move_to(NOW - timedelta(days=120), tick=False)
    _make_work(region, center_org, center_staff, 1)
    time_machine.move_to(NOW, tick=False)
    login(client, center_staff)
    client.get("/dashboard/")  # warm per-process caches

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/dashboard/").status_code == 200
        return len(queries)

    few = count()
    time_machine.move_to(NOW - timedelta(days=120), tick=False)
    _make_work(region, center_org, center_staff, 6)
    time_machine.move_to(NOW, tick=False)
    login(client, center_staff)
    client.get("/dashboard/")
    assert count() == few
    assert few <= 26  # the session, the user, the banner, and one count per row
