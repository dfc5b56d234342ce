"""Fixtures for サービス等利用計画, モニタリング報告書 and 受給者証 (registered in tests/conftest.py,
shared with the access matrix). Dates fixed in the past."""

from datetime import date, time

import pytest

from tsunagu.plans.usage.models import Achievement
from tsunagu.plans.usage.services import (
    ItemInput,
    MonitoringItemInput,
    WeeklyInput,
    certificate_create,
    usage_monitoring_record,
    usage_plan_create,
    usage_plan_decide,
    usage_plan_finalize,
)

ITEMS = [
    ItemInput(
        issue="日中、家の外で過ごす場がほしい",
        goal="週3回、生活介護に通う",
        achieve_by="6か月後",
        services="生活介護 週3回 9:30-15:30",
        role="前の晩に持ち物をそろえる",
        evaluate_at="3か月後",
    ),
    ItemInput(
        issue="お金の使い方が不安",
        goal="1週間ごとに予算を決めて買い物をする",
        achieve_by="1年後",
        services="居宅介護（家事援助）週1回 1時間",
        role="レシートを取っておく",
        evaluate_at="3か月後",
        notes="姉が月に1回確認する",
    ),
]
WEEKLY = [
    WeeklyInput(0, time(9, 30), time(15, 30), "生活介護"),
    WeeklyInput(2, time(9, 30), time(15, 30), "生活介護"),
    WeeklyInput(4, time(9, 30), time(15, 30), "生活介護"),
    WeeklyInput(3, time(10, 0), time(11, 0), "家事援助"),
]
PLAN_FIELDS = {
    "written_on": date(2024, 3, 1),
    "wishes": "本人：今のアパートで猫と暮らしたい。姉：無理なく続けてほしい。",
    "policy": "本人のペースを大切に、日中の居場所と金銭管理を支える。",
    "long_goal": "地域で一人暮らしを続ける",
    "short_goal": "生活介護に通う習慣をつくる",
    "life_overview": "平日は生活介護、週末は姉と過ごす",
    "daily_activities": "朝7時起床、夜は猫の世話",
    "non_weekly_services": "月1回 通院（精神科）",
}


def make_certificate(person, **extra):
    fields = {
        "number": "1234567890",
        "decided_from": date(2024, 4, 1),
        "decided_until": date(2025, 3, 31),
        "support_category": "3",
        "services": "生活介護 22日/月\n居宅介護（家事援助） 5時間/月",
        "copay_limit": 9300,
        "monitoring_interval": 3,
        **extra,
    }
    return certificate_create(actor="test", person=person, **fields)


def make_usage_draft(person, staff, organization, **extra):
    return usage_plan_create(
        actor="test",
        person=person,
        staff=staff,
        organization=organization,
        items=ITEMS,
        weekly=WEEKLY,
        **{**PLAN_FIELDS, **extra},
    )


def make_usage_final(person, staff, organization, certificate):
    draft = make_usage_draft(person, staff, organization)
    usage_plan_decide(
        actor="test", plan=draft, decided_on=date(2024, 3, 20), certificate=certificate
    )
    return usage_plan_finalize(
        actor="test",
        plan=draft,
        written_on=date(2024, 3, 25),
        consented_on=date(2024, 3, 25),
        starts_on=date(2024, 4, 1),
    )


@pytest.fixture
def benefit_certificate(person):
    return make_certificate(person)


@pytest.fixture
def usage_draft(unassigned_person, center_staff, center_org):
    """A 計画案 (not yet decided) of another person than ``usage_plan``'s."""
    return make_usage_draft(unassigned_person, center_staff, center_org)


@pytest.fixture
def usage_plan(person, center_staff, center_org, benefit_certificate):
    """The 本計画 (version 2) of ``person``, after its 案 (version 1)."""
    return make_usage_final(person, center_staff, center_org, benefit_certificate)


@pytest.fixture
def usage_monitoring(usage_plan, center_staff):
    items = [
        MonitoringItemInput(
            plan_item=i,
            achievement=Achievement.PARTLY,
            service_status="休まず通っている",
            satisfaction="楽しい",
            next_steps="通所日を増やすか検討",
            change_amount=i.priority == 1,
        )
        for i in usage_plan.items.all()
    ]
    return usage_monitoring_record(
        actor="test",
        plan=usage_plan,
        staff=center_staff,
        monitored_on=date(2024, 7, 1),
        overall="生活のリズムが整ってきた",
        items=items,
        consented_on=date(2024, 7, 1),
    )
