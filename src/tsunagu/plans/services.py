"""Writes of assessments, support plans and monitoring: one function per use case, audited
inside the same transaction (summaries hold ids and codes, never names or free text).

assessment_create, assessment_update; plan_create, plan_update, plan_revise (a new version
that keeps the old one), plan_end; monitoring_record (reviews every goal and sets the next
due date)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.core.audit import audit_record
from tsunagu.core.dates import today_local
from tsunagu.core.locking import lock_claim
from tsunagu.core.models import AuditAction, Organization, User
from tsunagu.people.models import Person
from tsunagu.people.selectors import person_check_live
from tsunagu.plans import pdf
from tsunagu.plans.models import (
    Assessment,
    GoalResult,
    GoalReview,
    GoalTerm,
    MonitoringInterval,
    MonitoringRecord,
    PlanGoal,
    PlanService,
    PlanStatus,
    SupportKind,
    SupportPlan,
)
from tsunagu.plans.schedule import next_due

ASSESSMENT_FIELDS = (
    "assessed_on", "person_words", "needs", "strengths", "formal_supports", "family_support",
    "community_support", "places", "notes",
)  # fmt: skip
PLAN_FIELDS = (
    "staff", "assessment", "wished_life", "family_wishes", "policy", "starts_on",
    "monitoring_interval", "next_monitoring_on",
)  # fmt: skip


@dataclass(frozen=True)
class GoalInput:
    """A goal as a form gives it; ``pk`` names an existing goal of the plan being changed."""

    term: str
    text: str
    achieve_by: date | None = None
    pk: int | None = None


@dataclass(frozen=True)
class ServiceInput:
    kind: str
    content: str
    provider: str
    frequency: str = ""
    pk: int | None = None


@dataclass(frozen=True)
class ReviewInput:
    goal: PlanGoal
    result: str
    comment: str = ""


# ---- checks ---------------------------------------------------------------------------


def _check_same_region(
    person: Person, organization: Organization | None, staff: User | None
) -> None:
    if organization is not None and organization.region_id != person.region_id:
        raise ValidationError({"organization": _("この圏域の機関ではありません。")})
    if staff is not None and staff.region_id != person.region_id:
        raise ValidationError({"staff": _("この圏域の職員ではありません。")})


def _check_assessment(assessment: Assessment | None, person: Person) -> None:
    if assessment is not None and assessment.person_id != person.pk:
        raise ValidationError({"assessment": _("この利用者のアセスメントではありません。")})


def _check_active(plan: SupportPlan) -> None:
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError(
            _("「%(status)s」の計画は変更できません。") % {"status": plan.get_status_display()}
        )


def _check_schedule(starts_on: date, interval: int, next_on: date | None) -> None:
    if interval not in MonitoringInterval.values:
        raise ValidationError({"monitoring_interval": _("モニタリングの頻度を選んでください。")})
    if next_on is not None and next_on < starts_on:
        raise ValidationError(
            {"next_monitoring_on": _("次回モニタリング予定日は計画開始日より後にしてください。")}
        )


def _clean_goals(goals: Sequence[GoalInput]) -> list[GoalInput]:
    cleaned = [g for g in goals if g.text.strip()]
    if not cleaned:
        raise ValidationError({"goals": _("目標を1つ以上入力してください。")})
    for goal in cleaned:
        if goal.term not in GoalTerm.values:
            raise ValidationError({"goals": _("目標の種類（長期・短期）を選んでください。")})
    return cleaned


def _clean_services(services: Sequence[ServiceInput]) -> list[ServiceInput]:
    cleaned = [s for s in services if s.content.strip()]
    for service in cleaned:
        if service.kind not in SupportKind.values:
            raise ValidationError({"services": _("支援の区分を選んでください。")})
        if not service.provider.strip():
            raise ValidationError({"services": _("支援ごとに「誰が」を入力してください。")})
    return cleaned


def _sync(
    plan: SupportPlan, model: type, related: str, items: Sequence[Any], fields: Iterable[str]
) -> None:
    """Make ``plan``'s goals or services match ``items``, in their order. Items with a
    ``pk`` update that row; rows not named are deleted (goals reviewed by a monitoring are
    kept: a changed goal belongs in a new version of the plan)."""
    existing = {obj.pk: obj for obj in getattr(plan, related).all()}
    keep = set()
    for order, item in enumerate(items, start=1):
        obj = existing.get(item.pk) if item.pk is not None else None
        if obj is None:
            obj = model(plan=plan)
        for name in fields:
            value = getattr(item, name)
            setattr(obj, name, value.strip() if isinstance(value, str) else value)
        obj.sort_order = order
        obj.full_clean(exclude=["plan"])
        obj.save()
        keep.add(obj.pk)
    removed = [obj for pk, obj in existing.items() if pk not in keep]
    if model is PlanGoal and removed:
        if GoalReview.objects.filter(goal__in=removed).exists():
            raise ValidationError(
                {
                    "goals": _(
                        "モニタリングで評価した目標は削除できません。計画を見直して新しい版を作成してください。"
                    )
                }
            )
    for obj in removed:
        obj.delete()


GOAL_FIELDS = ("term", "text", "achieve_by")
SERVICE_FIELDS = ("kind", "content", "provider", "frequency")


# ---- assessments ----------------------------------------------------------------------


@transaction.atomic
def assessment_create(
    *,
    actor: Any,
    person: Person,
    assessed_on: date,
    organization: Organization | None = None,
    staff: User | None = None,
    **texts: str,
) -> Assessment:
    """Record an assessment of ``person``; ``texts`` are the text fields of Assessment."""
    unknown = set(texts) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown assessment fields: {sorted(unknown)}")
    person_check_live(person)
    _check_same_region(person, organization, staff)
    assessment = Assessment(
        region_id=person.region_id,
        person=person,
        organization=organization,
        staff=staff,
        assessed_on=assessed_on,
        **{name: value.strip() for name, value in texts.items()},
    )
    assessment.full_clean()
    assessment.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, target=assessment, summary=f"person={person.pk}"
    )
    return assessment


@transaction.atomic
def assessment_update(*, actor: Any, assessment: Assessment, **fields: Any) -> Assessment:
    unknown = set(fields) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown assessment fields: {sorted(unknown)}")
    changed = sorted(name for name, value in fields.items() if getattr(assessment, name) != value)
    for name, value in fields.items():
        setattr(assessment, name, value.strip() if isinstance(value, str) else value)
    assessment.full_clean()
    assessment.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=assessment,
        summary="changed: " + ",".join(changed),
    )
    return assessment


# ---- plans ----------------------------------------------------------------------------


def _plan_new(
    *,
    person: Person,
    organization: Organization | None,
    staff: User,
    starts_on: date,
    wished_life: str,
    goals: Sequence[GoalInput],
    services: Sequence[ServiceInput],
    assessment: Assessment | None,
    monitoring_interval: int,
    next_monitoring_on: date | None,
    family_wishes: str,
    policy: str,
    previous: SupportPlan | None,
) -> SupportPlan:
    person_check_live(person)
    _check_same_region(person, organization, staff)
    _check_assessment(assessment, person)
    monitoring_interval = int(monitoring_interval)
    _check_schedule(starts_on, monitoring_interval, next_monitoring_on)
    goals = _clean_goals(goals)
    services = _clean_services(services)
    active = SupportPlan.objects.filter(
        person=person, organization=organization, status=PlanStatus.ACTIVE
    )
    if active.exists():
        raise ValidationError(
            _("この利用者には実施中の計画があります。計画を見直して新しい版を作成してください。")
        )
    plan = SupportPlan(
        region_id=person.region_id,
        person=person,
        organization=organization,
        staff=staff,
        assessment=assessment,
        previous=previous,
        version=previous.version + 1 if previous else 1,
        status=PlanStatus.ACTIVE,
        wished_life=wished_life.strip(),
        family_wishes=family_wishes.strip(),
        policy=policy.strip(),
        starts_on=starts_on,
        monitoring_interval=monitoring_interval,
        next_monitoring_on=next_monitoring_on or next_due(starts_on, monitoring_interval),
    )
    plan.full_clean()
    plan.save()
    _sync(plan, PlanGoal, "goals", goals, GOAL_FIELDS)
    _sync(plan, PlanService, "services", services, SERVICE_FIELDS)
    return plan


@transaction.atomic
def plan_create(
    *,
    actor: Any,
    person: Person,
    staff: User,
    starts_on: date,
    wished_life: str,
    goals: Sequence[GoalInput],
    services: Sequence[ServiceInput] = (),
    organization: Organization | None = None,
    assessment: Assessment | None = None,
    monitoring_interval: int = MonitoringInterval.QUARTERLY,
    next_monitoring_on: date | None = None,
    family_wishes: str = "",
    policy: str = "",
) -> SupportPlan:
    """A first plan for ``person`` by ``organization`` (one active plan each). The first
    monitoring is due ``monitoring_interval`` months after ``starts_on`` unless given."""
    plan = _plan_new(
        person=person,
        organization=organization,
        staff=staff,
        starts_on=starts_on,
        wished_life=wished_life,
        goals=goals,
        services=services,
        assessment=assessment,
        monitoring_interval=monitoring_interval,
        next_monitoring_on=next_monitoring_on,
        family_wishes=family_wishes,
        policy=policy,
        previous=None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=plan,
        summary=f"person={person.pk} version={plan.version} goals={plan.goals.count()}",
    )
    return plan


@transaction.atomic
def plan_revise(
    *,
    actor: Any,
    plan: SupportPlan,
    staff: User,
    starts_on: date,
    wished_life: str,
    goals: Sequence[GoalInput],
    services: Sequence[ServiceInput] = (),
    assessment: Assessment | None = None,
    monitoring_interval: int = MonitoringInterval.QUARTERLY,
    next_monitoring_on: date | None = None,
    family_wishes: str = "",
    policy: str = "",
) -> SupportPlan:
    """見直し: a new version of an active ``plan``. The old version is kept unchanged, marked
    見直し済み; goals and services are new rows (``pk`` of the inputs is ignored)."""
    plan = SupportPlan.objects.select_for_update().get(pk=plan.pk)
    _check_active(plan)
    if starts_on < plan.starts_on:
        raise ValidationError(
            {"starts_on": _("新しい版の開始日は前の版の開始日より後にしてください。")}
        )
    plan.status = PlanStatus.SUPERSEDED
    plan.ended_on = starts_on
    plan.save(update_fields=["status", "ended_on", "updated_at"])
    new = _plan_new(
        person=plan.person,
        organization=plan.organization,
        staff=staff,
        starts_on=starts_on,
        wished_life=wished_life,
        goals=[GoalInput(g.term, g.text, g.achieve_by) for g in goals],
        services=[ServiceInput(s.kind, s.content, s.provider, s.frequency) for s in services],
        assessment=assessment,
        monitoring_interval=monitoring_interval,
        next_monitoring_on=next_monitoring_on,
        family_wishes=family_wishes,
        policy=policy,
        previous=plan,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=plan,
        summary=f"status={PlanStatus.SUPERSEDED} next_version={new.pk}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=new,
        summary=f"person={new.person_id} version={new.version} previous={plan.pk}",
    )
    return new


@transaction.atomic
def plan_update(
    *,
    actor: Any,
    plan: SupportPlan,
    goals: Sequence[GoalInput] | None = None,
    services: Sequence[ServiceInput] | None = None,
    lock_version: int | None = None,
    **fields: Any,
) -> SupportPlan:
    """Correct an active plan in place (a changed plan after monitoring is plan_revise)."""
    lock_claim(plan, lock_version)  # EditConflict if saved since the form opened
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    _check_active(plan)
    changed = [name for name, value in fields.items() if getattr(plan, name) != value]
    for name, value in fields.items():
        setattr(plan, name, value.strip() if isinstance(value, str) else value)
    _check_same_region(plan.person, plan.organization, plan.staff)
    _check_assessment(plan.assessment, plan.person)
    plan.monitoring_interval = int(plan.monitoring_interval)
    _check_schedule(plan.starts_on, plan.monitoring_interval, plan.next_monitoring_on)
    plan.full_clean()
    plan.save()
    if goals is not None:
        _sync(plan, PlanGoal, "goals", _clean_goals(goals), GOAL_FIELDS)
        changed.append("goals")
    if services is not None:
        _sync(plan, PlanService, "services", _clean_services(services), SERVICE_FIELDS)
        changed.append("services")
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=plan,
        summary="changed: " + ",".join(sorted(changed)),
    )
    return plan


@transaction.atomic
def plan_end(*, actor: Any, plan: SupportPlan, ended_on: date, reason: str = "") -> SupportPlan:
    """支援終了: the plan is no longer monitored; it stays on record."""
    _check_active(plan)
    if ended_on < plan.starts_on:
        raise ValidationError({"ended_on": _("終了日は計画開始日より後にしてください。")})
    plan.status = PlanStatus.ENDED
    plan.ended_on = ended_on
    plan.end_reason = reason.strip()
    plan.full_clean()
    plan.save()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=plan, summary=f"status={PlanStatus.ENDED}"
    )
    return plan


# ---- monitoring -----------------------------------------------------------------------


@transaction.atomic
def monitoring_record(
    *,
    actor: Any,
    plan: SupportPlan,
    monitored_on: date,
    reviews: Sequence[ReviewInput],
    summary: str = "",
    person_words: str = "",
    next_due_on: date | None = None,
    staff: User | None = None,
    organization: Organization | None = None,
) -> MonitoringRecord:
    """Review every goal of an active ``plan`` (達成・一部達成・未達成・変更が必要) and set the
    plan's next monitoring date: ``next_due_on``, or the plan's interval after this one."""
    plan = SupportPlan.objects.select_for_update().get(pk=plan.pk)
    _check_active(plan)
    _check_same_region(plan.person, organization, staff)
    if monitored_on > today_local():
        raise ValidationError({"monitored_on": _("未来の日付は記録できません。")})
    if monitored_on < plan.starts_on:
        raise ValidationError({"monitored_on": _("実施日は計画開始日より後にしてください。")})
    goals = {g.pk: g for g in plan.goals.all()}
    reviewed = [r.goal.pk for r in reviews]
    if sorted(reviewed) != sorted(goals):
        raise ValidationError(_("計画のすべての目標を1回ずつ評価してください。"))
    for review in reviews:
        if review.result not in GoalResult.values:
            raise ValidationError(_("目標の評価を選んでください。"))
    next_due_on = next_due_on or next_due(monitored_on, plan.monitoring_interval)
    if next_due_on <= monitored_on:
        raise ValidationError({"next_due_on": _("次回予定日は実施日より後にしてください。")})
    record = MonitoringRecord(
        region_id=plan.region_id,
        person_id=plan.person_id,
        plan=plan,
        organization=organization,
        staff=staff,
        monitored_on=monitored_on,
        due_on=plan.next_monitoring_on,
        person_words=person_words.strip(),
        summary=summary.strip(),
        next_due_on=next_due_on,
        change_needed=any(r.result == GoalResult.CHANGE_NEEDED for r in reviews),
    )
    record.full_clean()
    record.save()
    GoalReview.objects.bulk_create(
        GoalReview(
            monitoring=record,
            goal=goals[r.goal.pk],
            result=r.result,
            comment=r.comment.strip(),
        )
        for r in reviews
    )
    plan.next_monitoring_on = next_due_on
    plan.save(update_fields=["next_monitoring_on", "updated_at"])
    results = ",".join(sorted(r.result for r in reviews))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=record,
        summary=f"plan={plan.pk} results={results} next={next_due_on.isoformat()}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=plan,
        summary=f"monitoring={record.pk} next_monitoring_on={next_due_on.isoformat()}",
    )
    return record


def plan_pdf_export(*, actor: Any, plan: SupportPlan) -> bytes:
    """The printable PDF of ``plan`` (with its goals and services loaded), audited as an
    export of that version."""
    content = pdf.plan_pdf(plan)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target=plan,
        summary=f"format=pdf version={plan.version}",
    )
    return content
