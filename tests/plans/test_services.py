"""Support plans and monitoring through their services: versions, schedule, reviews."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from tests.plans.fixtures import GOALS, SERVICES, make_monitoring, make_plan

from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.plans import services
from tsunagu.plans.models import (
    GoalResult,
    GoalTerm,
    MonitoringInterval,
    PlanStatus,
    SupportPlan,
)
from tsunagu.plans.schedule import add_months
from tsunagu.plans.services import GoalInput, ReviewInput, ServiceInput


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 4, 1), 3, date(2024, 7, 1)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),
    ],
)
def test_add_months_keeps_the_day_or_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


def test_a_plan_is_due_for_monitoring_after_its_interval(support_plan):
    assert support_plan.version == 1
    assert support_plan.status == PlanStatus.ACTIVE
    assert support_plan.next_monitoring_on == date(2024, 7, 1)
    assert [g.text for g in support_plan.goals.all()] == [g.text for g in GOALS]
    assert [s.provider for s in support_plan.services.all()] == [s.provider for s in SERVICES]
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, target_id=str(support_plan.pk), target_type="plans.supportplan"
    )
    assert entry.summary == f"person={support_plan.person_id} version=1 goals=2"


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        (MonitoringInterval.MONTHLY, date(2024, 5, 1)),
        (MonitoringInterval.HALF_YEARLY, date(2024, 10, 1)),
    ],
)
def test_the_interval_sets_the_first_due_date(person, center_staff, center_org, interval, expected):
    plan = make_plan(person, center_staff, center_org, monitoring_interval=interval)
    assert plan.next_monitoring_on == expected


def test_a_plan_needs_a_goal_and_a_who_for_each_support(person, center_staff, center_org):
    with pytest.raises(ValidationError, match="目標を1つ以上"):
        make_plan(person, center_staff, center_org, goals=[GoalInput(GoalTerm.LONG, "  ")])
    with pytest.raises(ValidationError, match="誰が"):
        make_plan(
            person, center_staff, center_org, services=[ServiceInput("formal", "訪問看護", "")]
        )
    assert not SupportPlan.objects.exists()


def test_one_active_plan_per_person_and_organization(
    support_plan, center_staff, center_org, provider_staff, provider_org
):
    with pytest.raises(ValidationError, match="実施中の計画があります"):
        make_plan(support_plan.person, center_staff, center_org)
    # Another organization (the provider) keeps its own plan for the same person.
    assert make_plan(support_plan.person, provider_staff, provider_org).is_active


def test_revising_makes_a_new_version_and_keeps_the_old(support_plan, monitoring, center_staff):
    old_goals = list(support_plan.goals.values_list("pk", "text"))

    new = services.plan_revise(
        actor=center_staff,
        plan=support_plan,
        staff=center_staff,
        starts_on=date(2024, 10, 1),
        wished_life="グループホームに移って、友だちと暮らしたい",
        goals=[GoalInput(GoalTerm.LONG, "グループホームで暮らす", pk=old_goals[0][0])],
        services=SERVICES[:1],
        monitoring_interval=MonitoringInterval.MONTHLY,
    )

    support_plan.refresh_from_db()
    assert support_plan.status == PlanStatus.SUPERSEDED
    assert support_plan.ended_on == date(2024, 10, 1)
    assert list(support_plan.goals.values_list("pk", "text")) == old_goals  # unchanged
    assert support_plan.monitoring_records.get() == monitoring
    assert (new.version, new.previous, new.status) == (2, support_plan, PlanStatus.ACTIVE)
    assert [g.text for g in new.goals.all()] == ["グループホームで暮らす"]
    assert new.goals.get().pk not in dict(old_goals)  # a new row, not the old goal moved
    assert new.next_monitoring_on == date(2024, 11, 1)
    assert new.person == support_plan.person and new.organization == support_plan.organization
    actions = set(AuditEntry.objects.filter(user=center_staff).values_list("action", "target_id"))
    assert {
        (AuditAction.UPDATE, str(support_plan.pk)),
        (AuditAction.CREATE, str(new.pk)),
    } <= actions


def test_an_old_version_cannot_be_changed_or_monitored(support_plan, center_staff, center_org):
    services.plan_revise(
        actor=center_staff,
        plan=support_plan,
        staff=center_staff,
        starts_on=date(2024, 10, 1),
        wished_life="同じ",
        goals=GOALS,
    )
    support_plan.refresh_from_db()
    with pytest.raises(ValidationError, match="見直し済み"):
        services.plan_update(actor=center_staff, plan=support_plan, wished_life="書き換え")
    with pytest.raises(ValidationError, match="見直し済み"):
        make_monitoring(support_plan, center_staff, center_org, monitored_on=date(2024, 10, 2))
    with pytest.raises(ValidationError, match="見直し済み"):
        services.plan_revise(
            actor=center_staff,
            plan=support_plan,
            staff=center_staff,
            starts_on=date(2024, 11, 1),
            wished_life="再び",
            goals=GOALS,
        )


def test_update_changes_rows_in_place_but_keeps_reviewed_goals(
    support_plan, monitoring, center_staff
):
    goals = list(support_plan.goals.all())
    services.plan_update(
        actor=center_staff,
        plan=support_plan,
        goals=[
            GoalInput(GoalTerm.LONG, "地域で一人暮らしを続ける（修正）", pk=goals[0].pk),
            GoalInput(GoalTerm.SHORT, goals[1].text, pk=goals[1].pk),
            GoalInput(GoalTerm.SHORT, "新しい短期目標"),
        ],
        services=[],
        policy="本人の意思を尊重する",
    )
    support_plan.refresh_from_db()
    assert support_plan.goals.count() == 3
    assert support_plan.goals.first().pk == goals[0].pk
    assert support_plan.services.count() == 0
    assert support_plan.policy == "本人の意思を尊重する"
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, user=center_staff).first()
    assert entry.summary == "changed: goals,policy,services"

    with pytest.raises(ValidationError, match="評価した目標は削除できません"):
        services.plan_update(
            actor=center_staff,
            plan=support_plan,
            goals=[GoalInput(GoalTerm.LONG, "だけ", pk=goals[0].pk)],
        )
    assert support_plan.goals.count() == 3


def test_a_goal_pk_of_another_plan_is_a_new_goal(support_plan, provider_plan, provider_staff):
    foreign = support_plan.goals.first()
    services.plan_update(
        actor=provider_staff,
        plan=provider_plan,
        goals=[GoalInput(GoalTerm.LONG, "乗っ取り", pk=foreign.pk)],
    )
    foreign.refresh_from_db()
    assert foreign.plan == support_plan and foreign.text != "乗っ取り"
    assert provider_plan.goals.get().text == "乗っ取り"


def test_monitoring_reviews_every_goal_and_sets_the_next_date(
    support_plan, center_staff, center_org
):
    goals = list(support_plan.goals.all())
    record = make_monitoring(
        support_plan,
        center_staff,
        center_org,
        monitored_on=date(2024, 7, 5),
        results=[GoalResult.PARTLY, GoalResult.CHANGE_NEEDED],
    )
    support_plan.refresh_from_db()
    assert record.due_on == date(2024, 7, 1) and record.was_late
    assert record.next_due_on == date(2024, 10, 5) == support_plan.next_monitoring_on
    assert record.change_needed
    assert {r.goal_id: r.result for r in record.reviews.all()} == {
        goals[0].pk: GoalResult.PARTLY,
        goals[1].pk: GoalResult.CHANGE_NEEDED,
    }
    summary = AuditEntry.objects.get(
        action=AuditAction.CREATE, target_type="plans.monitoringrecord"
    ).summary
    assert summary == f"plan={support_plan.pk} results=change_needed,partly next=2024-10-05"


def test_monitoring_takes_an_explicit_next_date(support_plan, center_staff, center_org):
    record = make_monitoring(support_plan, center_staff, center_org, next_due_on=date(2024, 8, 1))
    support_plan.refresh_from_db()
    assert record.next_due_on == support_plan.next_monitoring_on == date(2024, 8, 1)
    assert not record.change_needed


def test_monitoring_refuses_missing_goals_and_bad_dates(support_plan, center_staff, center_org):
    goal = support_plan.goals.first()
    with pytest.raises(ValidationError, match="すべての目標"):
        services.monitoring_record(
            actor=center_staff,
            plan=support_plan,
            monitored_on=date(2024, 7, 1),
            reviews=[ReviewInput(goal, GoalResult.ACHIEVED)],
        )
    with pytest.raises(ValidationError, match="計画開始日より後"):
        make_monitoring(support_plan, center_staff, center_org, monitored_on=date(2024, 3, 1))
    with pytest.raises(ValidationError, match="実施日より後"):
        make_monitoring(support_plan, center_staff, center_org, next_due_on=date(2024, 7, 1))
    with pytest.raises(ValidationError, match="未来の日付"):
        make_monitoring(support_plan, center_staff, center_org, monitored_on=date(2999, 1, 1))
    support_plan.refresh_from_db()
    assert support_plan.next_monitoring_on == date(2024, 7, 1)
    assert not support_plan.monitoring_records.exists()


def test_ending_a_plan_takes_it_off_the_schedule(support_plan, center_staff):
    services.plan_end(
        actor=center_staff, plan=support_plan, ended_on=date(2024, 12, 1), reason="転居"
    )
    support_plan.refresh_from_db()
    assert support_plan.status == PlanStatus.ENDED and support_plan.end_reason == "転居"
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, summary="status=ended").exists()


def test_records_stay_in_their_region(person, outsider, center_staff, center_org):
    with pytest.raises(ValidationError, match="この圏域の職員ではありません"):
        make_plan(person, outsider, center_org)
