"""Writes of 受給者証, サービス等利用計画 and モニタリング報告書: one function per use case,
audited in the same transaction (summaries hold ids and codes only).

certificate_create; usage_plan_create (計画案), usage_plan_update (an 案 only),
usage_plan_decide (支給決定 on the 案), usage_plan_finalize (本計画: a new row after the 案),
usage_plan_revise (見直し: a new 案 after the 本計画); usage_monitoring_record (the report, and
the next date by the decided monitoring 期間)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction, Organization, User
from tsunagu.people.models import Person
from tsunagu.people.selectors import person_check_live
from tsunagu.plans.models import MonitoringInterval
from tsunagu.plans.schedule import next_due
from tsunagu.plans.usage.models import (
    Achievement,
    BenefitCertificate,
    PlanStage,
    SupportCategory,
    UsageMonitoring,
    UsageMonitoringItem,
    UsagePlan,
    UsagePlanItem,
    Weekday,
    WeeklyActivity,
)

PLAN_FIELDS = (
    "for_child", "written_on", "wishes", "policy", "long_goal", "short_goal", "life_overview",
    "daily_activities", "non_weekly_services",
)  # fmt: skip
ITEM_FIELDS = (
    "issue", "goal", "achieve_by", "services", "role", "evaluate_at", "notes",
)  # fmt: skip


@dataclass(frozen=True)
class ItemInput:
    """A row by 優先順位 as a form gives it (the order of the list is the 優先順位)."""

    issue: str
    goal: str
    achieve_by: str = ""
    services: str = ""
    role: str = ""
    evaluate_at: str = ""
    notes: str = ""


@dataclass(frozen=True)
class WeeklyInput:
    weekday: int
    starts_at: time
    ends_at: time
    activity: str


@dataclass(frozen=True)
class MonitoringItemInput:
    plan_item: UsagePlanItem
    achievement: str
    service_status: str = ""
    satisfaction: str = ""
    next_steps: str = ""
    change_kind: bool = False
    change_amount: bool = False
    change_weekly: bool = False
    notes: str = ""


def _check_staff(person: Person, staff: User, organization: Organization | None) -> None:
    if staff.region_id != person.region_id:
        raise ValidationError({"staff": _("この圏域の職員ではありません。")})
    if organization is not None and organization.region_id != person.region_id:
        raise ValidationError(_("この圏域の機関ではありません。"))


def _clean_items(items: Sequence[ItemInput]) -> list[ItemInput]:
    cleaned = [i for i in items if i.issue.strip() or i.goal.strip()]
    if not cleaned:
        raise ValidationError(
            {"items": _("解決すべき課題と支援目標を、優先順位の1行以上入力してください。")}
        )
    for n, item in enumerate(cleaned, start=1):
        if not item.issue.strip() or not item.goal.strip():
            raise ValidationError(
                {
                    "items": _("優先順位 %(n)d：解決すべき課題と支援目標の両方を入力してください。")
                    % {"n": n}
                }
            )
    return cleaned


def _clean_weekly(weekly: Sequence[WeeklyInput]) -> list[WeeklyInput]:
    cleaned = [w for w in weekly if w.activity.strip()]
    for w in cleaned:
        if w.weekday not in Weekday.values:
            raise ValidationError({"weekly": _("曜日を選んでください。")})
        if w.ends_at <= w.starts_at:
            raise ValidationError(
                {
                    "weekly": _("「%(activity)s」：終了は開始より後の時刻にしてください。")
                    % {"activity": w.activity}
                }
            )
    return cleaned


def _write_contents(
    plan: UsagePlan, items: Sequence[ItemInput], weekly: Sequence[WeeklyInput]
) -> None:
    plan.items.all().delete()
    plan.weekly.all().delete()
    UsagePlanItem.objects.bulk_create(
        UsagePlanItem(plan=plan, priority=n, **{f: getattr(i, f).strip() for f in ITEM_FIELDS})
        for n, i in enumerate(items, start=1)
    )
    WeeklyActivity.objects.bulk_create(
        WeeklyActivity(
            plan=plan,
            weekday=w.weekday,
            starts_at=w.starts_at,
            ends_at=w.ends_at,
            activity=w.activity.strip(),
        )
        for w in weekly
    )


def _check_plan_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    for name in ("wishes", "policy", "long_goal", "short_goal"):
        if not str(fields.get(name, "")).strip():
            raise ValidationError({name: _("入力してください。")})
    return fields


# ---- 受給者証 --------------------------------------------------------------------------


@transaction.atomic
def certificate_create(
    *,
    actor: Any,
    person: Person,
    number: str,
    decided_from: date,
    decided_until: date,
    support_category: str,
    services: str,
    copay_limit: int,
    monitoring_interval: int,
) -> BenefitCertificate:
    person_check_live(person)
    number = number.strip()
    if not (number.isdigit() and len(number) == 10):
        raise ValidationError({"number": _("受給者証番号は10桁の数字です。")})
    if decided_until < decided_from:
        raise ValidationError(
            {"decided_until": _("支給決定期間の終了は開始より後にしてください。")}
        )
    if support_category not in SupportCategory.values:
        raise ValidationError({"support_category": _("障害支援区分を選んでください。")})
    if int(monitoring_interval) not in MonitoringInterval.values:
        raise ValidationError({"monitoring_interval": _("モニタリング期間を選んでください。")})
    if copay_limit < 0:
        raise ValidationError({"copay_limit": _("0円以上にしてください。")})
    if not services.strip():
        raise ValidationError({"services": _("サービス種類と支給量を入力してください。")})
    certificate = BenefitCertificate.objects.create(
        region_id=person.region_id,
        person=person,
        number=number,
        decided_from=decided_from,
        decided_until=decided_until,
        support_category=support_category,
        services=services.strip(),
        copay_limit=copay_limit,
        monitoring_interval=int(monitoring_interval),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=certificate,
        summary=f"person={person.pk} interval={certificate.monitoring_interval}",
    )
    return certificate


# ---- サービス等利用計画 ----------------------------------------------------------------


@transaction.atomic
def usage_plan_create(
    *,
    actor: Any,
    person: Person,
    staff: User,
    organization: Organization | None,
    items: Sequence[ItemInput],
    weekly: Sequence[WeeklyInput] = (),
    **fields: Any,
) -> UsagePlan:
    """A new 計画案 (version 1) for a person who has no current plan."""
    person_check_live(person)
    _check_staff(person, staff, organization)
    fields = _check_plan_fields(fields)
    items, weekly = _clean_items(items), _clean_weekly(weekly)
    if UsagePlan.objects.filter(person=person, superseded=False).exists():
        raise ValidationError(
            _("この利用者には現在の計画があります。その計画から見直してください。")
        )
    plan = UsagePlan.objects.create(
        region_id=person.region_id,
        person=person,
        staff=staff,
        organization=organization,
        stage=PlanStage.DRAFT,
        **fields,
    )
    _write_contents(plan, items, weekly)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=plan,
        summary=f"person={person.pk} stage=draft version=1",
    )
    return plan


@transaction.atomic
def usage_plan_update(
    *,
    actor: Any,
    plan: UsagePlan,
    items: Sequence[ItemInput],
    weekly: Sequence[WeeklyInput] = (),
    **fields: Any,
) -> UsagePlan:
    """Change a 計画案 that is not yet decided; a 本計画 changes only by a 見直し."""
    plan = UsagePlan.objects.select_for_update().get(pk=plan.pk)
    if plan.superseded or plan.stage != PlanStage.DRAFT:
        raise ValidationError(_("変更できるのは支給決定前の計画案だけです。"))
    fields = _check_plan_fields(fields)
    items, weekly = _clean_items(items), _clean_weekly(weekly)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    _write_contents(plan, items, weekly)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=plan, summary=f"version={plan.version}"
    )
    return plan


@transaction.atomic
def usage_plan_decide(
    *, actor: Any, plan: UsagePlan, decided_on: date, certificate: BenefitCertificate
) -> UsagePlan:
    """支給決定: the municipality decided on the 案; the 受給者証 issued is recorded with it."""
    plan = UsagePlan.objects.select_for_update().get(pk=plan.pk)
    if plan.superseded or plan.stage != PlanStage.DRAFT:
        raise ValidationError(_("支給決定を記録できるのは計画案だけです。"))
    if certificate.person_id != plan.person_id:
        raise ValidationError({"certificate": _("この利用者の受給者証ではありません。")})
    if decided_on < plan.written_on:
        raise ValidationError({"decided_on": _("支給決定日は計画案の作成日より後にしてください。")})
    plan.stage = PlanStage.DECIDED
    plan.decided_on = decided_on
    plan.certificate = certificate
    plan.save(update_fields=["stage", "decided_on", "certificate", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=plan,
        summary=f"stage=decided certificate={certificate.pk}",
    )
    return plan


def _copy(
    plan: UsagePlan,
    *,
    stage: str,
    staff: User,
    written_on: date,
    items: Sequence[ItemInput],
    weekly: Sequence[WeeklyInput],
    fields: dict[str, Any],
) -> UsagePlan:
    """A new row after ``plan`` (which becomes a 旧版)."""
    plan.superseded = True
    plan.save(update_fields=["superseded", "updated_at"])
    new = UsagePlan.objects.create(
        region_id=plan.region_id,
        person_id=plan.person_id,
        organization_id=plan.organization_id,
        staff=staff,
        previous=plan,
        version=plan.version + 1,
        stage=stage,
        certificate=plan.certificate if stage == PlanStage.FINAL else None,
        decided_on=plan.decided_on if stage == PlanStage.FINAL else None,
        monitoring_interval=plan.monitoring_interval,
        **{**fields, "written_on": written_on},
    )
    _write_contents(new, items, weekly)
    return new


def _inputs_of(plan: UsagePlan) -> tuple[list[ItemInput], list[WeeklyInput]]:
    items = [ItemInput(**{f: getattr(i, f) for f in ITEM_FIELDS}) for i in plan.items.all()]
    weekly = [WeeklyInput(w.weekday, w.starts_at, w.ends_at, w.activity) for w in plan.weekly.all()]
    return items, weekly


@transaction.atomic
def usage_plan_finalize(
    *,
    actor: Any,
    plan: UsagePlan,
    written_on: date,
    consented_on: date,
    starts_on: date,
    items: Sequence[ItemInput] | None = None,
    weekly: Sequence[WeeklyInput] | None = None,
    **fields: Any,
) -> UsagePlan:
    """本計画: a new row after the decided 案, with the 同意日; its monitoring follows the 期間
    decided on the 受給者証 (毎月 / 3か月 / 6か月) from ``starts_on``. Contents not given are
    those of the 案."""
    plan = UsagePlan.objects.select_for_update().get(pk=plan.pk)
    if plan.superseded or plan.stage != PlanStage.DECIDED or plan.certificate_id is None:
        raise ValidationError(_("本計画にできるのは、支給決定を記録した計画案だけです。"))
    if consented_on < written_on:
        raise ValidationError({"consented_on": _("同意日は計画作成日より後にしてください。")})
    old_items, old_weekly = _inputs_of(plan)
    items = _clean_items(items if items is not None else old_items)
    weekly = _clean_weekly(weekly if weekly is not None else old_weekly)
    base = {f: getattr(plan, f) for f in PLAN_FIELDS if f != "written_on"}
    base.update(fields)
    base = _check_plan_fields({**base, "written_on": written_on})
    base.pop("written_on")
    new = _copy(
        plan,
        stage=PlanStage.FINAL,
        staff=plan.staff,
        written_on=written_on,
        items=items,
        weekly=weekly,
        fields=base,
    )
    interval = plan.certificate.monitoring_interval
    new.consented_on = consented_on
    new.starts_on = starts_on
    new.monitoring_interval = interval
    new.next_monitoring_on = next_due(starts_on, interval)
    new.save(
        update_fields=[
            "consented_on",
            "starts_on",
            "monitoring_interval",
            "next_monitoring_on",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=new,
        summary=f"stage=final version={new.version} previous={plan.pk} interval={interval}",
    )
    return new


@transaction.atomic
def usage_plan_revise(*, actor: Any, plan: UsagePlan, staff: User, written_on: date) -> UsagePlan:
    """見直し: a new 計画案 from the current 本計画 (kept as a 旧版), to be changed, decided
    and agreed again."""
    plan = UsagePlan.objects.select_for_update().get(pk=plan.pk)
    if plan.superseded or plan.stage != PlanStage.FINAL:
        raise ValidationError(_("見直せるのは現在の本計画だけです。"))
    items, weekly = _inputs_of(plan)
    fields = {f: getattr(plan, f) for f in PLAN_FIELDS if f != "written_on"}
    new = _copy(
        plan,
        stage=PlanStage.DRAFT,
        staff=staff,
        written_on=written_on,
        items=items,
        weekly=weekly,
        fields=fields,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=new,
        summary=f"stage=draft version={new.version} previous={plan.pk}",
    )
    return new


# ---- モニタリング報告書 ---------------------------------------------------------------


@transaction.atomic
def usage_monitoring_record(
    *,
    actor: Any,
    plan: UsagePlan,
    staff: User,
    monitored_on: date,
    overall: str,
    items: Sequence[MonitoringItemInput],
    consented_on: date | None = None,
) -> UsageMonitoring:
    """The report on the current 本計画: every row of the plan is evaluated; the next date
    follows the plan's monitoring 期間 from ``monitored_on``."""
    plan = UsagePlan.objects.select_for_update().get(pk=plan.pk)
    if plan.superseded or plan.stage != PlanStage.FINAL:
        raise ValidationError(_("モニタリングできるのは現在の本計画だけです。"))
    if plan.starts_on and monitored_on < plan.starts_on:
        raise ValidationError({"monitored_on": _("実施日は計画開始より後にしてください。")})
    if not overall.strip():
        raise ValidationError({"overall": _("全体の状況を入力してください。")})
    expected = set(plan.items.values_list("pk", flat=True))
    given = [i.plan_item.pk for i in items]
    if set(given) != expected or len(given) != len(expected):
        raise ValidationError(_("計画のすべての目標を評価してください。"))
    for item in items:
        if item.achievement not in Achievement.values:
            raise ValidationError(
                _("優先順位 %(n)d：達成度を選んでください。") % {"n": item.plan_item.priority}
            )
    record = UsageMonitoring.objects.create(
        region_id=plan.region_id,
        person_id=plan.person_id,
        plan=plan,
        staff=staff,
        organization=plan.organization,
        monitored_on=monitored_on,
        due_on=plan.next_monitoring_on,
        overall=overall.strip(),
        consented_on=consented_on,
        next_due_on=next_due(monitored_on, plan.monitoring_interval),
    )
    UsageMonitoringItem.objects.bulk_create(
        UsageMonitoringItem(
            monitoring=record,
            plan_item=i.plan_item,
            achievement=i.achievement,
            service_status=i.service_status.strip(),
            satisfaction=i.satisfaction.strip(),
            next_steps=i.next_steps.strip(),
            change_kind=i.change_kind,
            change_amount=i.change_amount,
            change_weekly=i.change_weekly,
            notes=i.notes.strip(),
        )
        for i in items
    )
    plan.next_monitoring_on = record.next_due_on
    plan.save(update_fields=["next_monitoring_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=record,
        summary=f"plan={plan.pk} items={len(items)}",
    )
    return record
