"""What ``plans`` registers in the person-link registry (tsunagu.people.links)."""

from typing import Any

from tsunagu.people.links import (
    Handling,
    PersonLink,
    move_rows,
    register_linked_record,
    register_person_link,
)
from tsunagu.plans.models import (
    Assessment,
    GoalReview,
    MonitoringRecord,
    PlanGoal,
    PlanService,
    PlanStatus,
    SupportPlan,
)
from tsunagu.plans.usage.models import (
    BenefitCertificate,
    UsageMonitoring,
    UsageMonitoringItem,
    UsagePlan,
    UsagePlanItem,
    WeeklyActivity,
)


def _move_plans(*, actor: Any, keep: Any, merge: Any, link: PersonLink) -> int:
    """An active plan of the duplicate whose organization already has one for ``keep`` ends
    (superseded), so that one active plan per organization remains; then all move."""
    active_orgs = SupportPlan.objects.filter(person=keep, status=PlanStatus.ACTIVE).values(
        "organization_id"
    )
    SupportPlan.objects.filter(
        person=merge, status=PlanStatus.ACTIVE, organization_id__in=active_orgs
    ).update(status=PlanStatus.SUPERSEDED)
    return move_rows(actor=actor, keep=keep, merge=merge, link=link)


def _move_usage_plans(*, actor: Any, keep: Any, merge: Any, link: PersonLink) -> int:
    """One current サービス等利用計画 per person: when ``keep`` has one, the duplicate's current
    plan becomes a 旧版; then all move."""
    if UsagePlan.objects.filter(person=keep, superseded=False).exists():
        UsagePlan.objects.filter(person=merge, superseded=False).update(superseded=True)
    return move_rows(actor=actor, keep=keep, merge=merge, link=link)


def register() -> None:
    register_person_link(Assessment, handling=Handling(contact_dates=("assessed_on",)))
    register_person_link(
        SupportPlan, move=_move_plans, handling=Handling(contact_dates=("starts_on", "ended_on"))
    )
    register_person_link(MonitoringRecord, handling=Handling(contact_dates=("monitored_on",)))
    register_linked_record(PlanGoal, via="plan__person")
    register_linked_record(PlanService, via="plan__person")
    register_linked_record(GoalReview, via="monitoring__person")
    register_person_link(BenefitCertificate)
    register_person_link(
        UsagePlan,
        move=_move_usage_plans,
        handling=Handling(contact_dates=("written_on", "consented_on")),
    )
    register_person_link(UsageMonitoring, handling=Handling(contact_dates=("monitored_on",)))
    register_linked_record(UsagePlanItem, via="plan__person")
    register_linked_record(WeeklyActivity, via="plan__person")
    register_linked_record(UsageMonitoringItem, via="monitoring__person")
