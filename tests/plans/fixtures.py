"""Fixtures for support plans and monitoring (registered in tests/conftest.py, shared with
the access matrix). Dates are fixed in the past; tests of deadlines set the clock with
time_machine."""

from datetime import date

import pytest

from tsunagu.plans.models import GoalResult, GoalTerm, MonitoringInterval, SupportKind
from tsunagu.plans.services import (
    GoalInput,
    ReviewInput,
    ServiceInput,
    assessment_create,
    monitoring_record,
    plan_create,
)

GOALS = [
    GoalInput(GoalTerm.LONG, "地域で一人暮らしを続ける", date(2025, 3, 31)),
    GoalInput(GoalTerm.SHORT, "週3回、就労継続支援B型に通う", date(2024, 9, 30)),
]
SERVICES = [
    ServiceInput(SupportKind.FORMAL, "就労継続支援B型", "事業所ひまわり", "週3回"),
    ServiceInput(SupportKind.INFORMAL, "買い物の付き添い", "姉", "月2回"),
    ServiceInput(SupportKind.INFORMAL, "ちいき食堂「ほのん」で食事", "本人", "月1回"),
]


def make_assessment(person, staff, organization, **extra):
    fields = {
        "assessed_on": date(2024, 3, 15),
        "person_words": "自分の部屋で暮らしたい",
        "needs": "金銭管理が不安",
        "strengths": "料理が得意",
        "formal_supports": "相談支援",
        "family_support": "姉が週末に来る",
        "community_support": "隣の人があいさつしてくれる",
        "places": "ちいき食堂「ほのん」",
        **extra,
    }
    return assessment_create(
        actor="test", person=person, organization=organization, staff=staff, **fields
    )


def make_plan(person, staff, organization, **extra):
    fields = {
        "starts_on": date(2024, 4, 1),
        "wished_life": "今のアパートで、猫と暮らしたい",
        "goals": GOALS,
        "services": SERVICES,
        "monitoring_interval": MonitoringInterval.QUARTERLY,
        **extra,
    }
    return plan_create(
        actor="test", person=person, organization=organization, staff=staff, **fields
    )


def make_monitoring(
    plan, staff, organization, *, monitored_on=date(2024, 7, 1), results=None, **extra
):
    goals = list(plan.goals.all())
    results = results or [GoalResult.PARTLY] * len(goals)
    reviews = [ReviewInput(g, r, "") for g, r in zip(goals, results, strict=True)]
    return monitoring_record(
        actor="test",
        plan=plan,
        monitored_on=monitored_on,
        reviews=reviews,
        staff=staff,
        organization=organization,
        **extra,
    )


@pytest.fixture
def assessment(person, center_staff, center_org):
    return make_assessment(person, center_staff, center_org)


@pytest.fixture
def unassigned_assessment(unassigned_person, center_staff, center_org):
    return make_assessment(unassigned_person, center_staff, center_org)


@pytest.fixture
def support_plan(person, center_staff, center_org, assessment):
    """The center's plan for ``person`` (who is also assigned to the provider)."""
    return make_plan(person, center_staff, center_org, assessment=assessment)


@pytest.fixture
def provider_plan(person, provider_staff, provider_org):
    """The provider's own plan for ``person``."""
    return make_plan(person, provider_staff, provider_org)


@pytest.fixture
def unassigned_plan(unassigned_person, center_staff, center_org):
    return make_plan(unassigned_person, center_staff, center_org)


@pytest.fixture
def monitoring(support_plan, center_staff, center_org):
    return make_monitoring(support_plan, center_staff, center_org)


@pytest.fixture
def unassigned_monitoring(unassigned_plan, center_staff, center_org):
    return make_monitoring(unassigned_plan, center_staff, center_org)
