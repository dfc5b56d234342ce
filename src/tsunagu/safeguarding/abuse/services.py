"""Writes of abuse reports (虐待通報, 障害者虐待防止法): one function per use case, audited inside.

- Intake (:func:`abuse_report_receive`) decides the routing from the time of receipt
  (:func:`routing_for`) and the safety-confirmation deadline (settings.ABUSE_SAFETY_HOURS),
  and encrypts the reporter's identity (§8) before it reaches the database.
- The workflow (:func:`abuse_report_advance`) only moves forward along ABUSE_FLOW; every step
  is an AbuseReportStep with its time and who recorded it.
- :func:`abuse_escalate_overdue` is run by ``tsunagu safeguarding escalate`` (cron): it claims
  each overdue report with a conditional UPDATE, so two runs never mail twice.

Audit summaries and mails carry ids and codes only: never the reporter, the person or the text.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.access import user_can
from tsunagu.core.audit import acting_user, audit_record
from tsunagu.core.crypto import encrypt_text
from tsunagu.core.models import AuditAction, Municipality, Region, User
from tsunagu.core.notifications import notification_send
from tsunagu.core.roles import Capability
from tsunagu.people.models import Person
from tsunagu.safeguarding.models import (
    ABUSE_FLOW,
    AbuseFinding,
    AbuseOutcome,
    AbuserCategory,
    AbuseReport,
    AbuseReportStep,
    AbuseRouting,
    AbuserRelationship,
    AbuseStatus,
    IntakeChannel,
    OnDuty,
    ReporterKind,
    Routing,
    RoutingDestination,
    Urgency,
)

log = logging.getLogger(__name__)

# The five types of abuse (§2), as boolean fields of AbuseReport; several may apply.
TYPE_FIELDS: tuple[str, ...] = (
    "type_physical",
    "type_sexual",
    "type_psychological",
    "type_neglect",
    "type_economic",
)

# A time of receipt this far in the future is a typing mistake, not a clock difference.
FUTURE_TOLERANCE = timedelta(minutes=10)


def type_choices() -> list[tuple[str, str]]:
    """(field name, label) of the five types, labels from the model's verbose names."""
    return [(name, str(AbuseReport._meta.get_field(name).verbose_name)) for name in TYPE_FIELDS]


# ---- office hours and routing ------------------------------------------------------------


def office_hours() -> tuple[time, time]:
    """settings.OFFICE_HOURS ("08:30-17:15") as (opening, closing) local times."""
    text = str(settings.OFFICE_HOURS)
    try:
        start_text, end_text = (part.strip() for part in text.split("-"))
        start = datetime.strptime(start_text, "%H:%M").time()  # noqa: DTZ007 (a time of day)
        end = datetime.strptime(end_text, "%H:%M").time()  # noqa: DTZ007
    except ValueError:
        raise ImproperlyConfigured(
            f"TSUNAGU_OFFICE_HOURS must look like 08:30-17:15, got {text!r}"
        ) from None
    if start >= end:
        raise ImproperlyConfigured(f"TSUNAGU_OFFICE_HOURS must open before it closes: {text!r}")
    return start, end


def _local(moment: datetime) -> datetime:
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dates.TOKYO)
    return timezone.localtime(moment, dates.TOKYO)


def routing_for(received_at: datetime) -> Routing:
    """Who takes a report received at ``received_at``.

    The municipality's 虐待防止センター on business days (not Saturday, Sunday, a national
    holiday or 12/29–1/3) from opening up to, not including, closing: with the default
    08:30-17:15, 08:30:00 is the municipality's and 17:15:00 already the center's.
    At every other time the center takes the report and hands it over later."""
    local = _local(received_at)
    start, end = office_hours()
    if dates.is_business_day(local.date()) and start <= local.time() < end:
        return Routing.MUNICIPALITY
    return Routing.CENTER


def safety_due_for(received_at: datetime) -> datetime:
    """The deadline for confirming safety: settings.ABUSE_SAFETY_HOURS after receipt."""
    return _local(received_at) + timedelta(hours=int(settings.ABUSE_SAFETY_HOURS))


# ---- the reporter's identity (§8) --------------------------------------------------------


def reporter_identity_token(name: str, contact: str) -> str:
    """Name and contact as one JSON string, encrypted; empty when both are empty."""
    name, contact = name.strip(), contact.strip()
    if not name and not contact:
        return ""
    return encrypt_text(json.dumps({"name": name, "contact": contact}, ensure_ascii=False))


# ---- helpers -----------------------------------------------------------------------------


def _check_moment(moment: datetime, field: str, *, not_before: datetime | None = None) -> datetime:
    moment = _local(moment)
    if moment > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError({field: _("未来の日時は記録できません。")})
    if not_before is not None and moment < not_before:
        raise ValidationError({field: _("受付日時より前の日時は記録できません。")})
    return moment


def _check_region(obj: Any, region_id: int, field: str, message: str) -> None:
    if obj is not None and obj.region_id != region_id:
        raise ValidationError({field: message})


# ---- intake ------------------------------------------------------------------------------


@transaction.atomic
def abuse_report_receive(
    *,
    actor: Any,
    region: Region,
    received_at: datetime,
    channel: IntakeChannel | str,
    reporter_kind: ReporterKind | str,
    abuser_category: AbuserCategory | str,
    types: Iterable[str],
    urgency: Urgency | str,
    observed: str,
    reporter_name: str = "",
    reporter_contact: str = "",
    person: Person | None = None,
    person_description: str = "",
    municipality: Municipality | None = None,
    abuser_relationship: AbuserRelationship | str = "",
) -> AbuseReport:
    """Record a report as it comes in, at any hour. ``person`` may be linked later."""
    received_at = _check_moment(received_at, "received_at")
    types = list(dict.fromkeys(types))
    unknown = [t for t in types if t not in TYPE_FIELDS]
    if unknown or not types:
        raise ValidationError({"types": _("虐待の種別を1つ以上選んでください。")})
    _check_region(person, region.pk, "person", _("この圏域の利用者ではありません。"))
    _check_region(municipality, region.pk, "municipality", _("この圏域の市町村ではありません。"))
    if municipality is None and person is not None:
        municipality = person.municipality
    routing = routing_for(received_at)
    report = AbuseReport(
        region=region,
        received_at=received_at,
        received_by=acting_user(actor),
        channel=channel,
        reporter_kind=reporter_kind,
        reporter_identity=reporter_identity_token(reporter_name, reporter_contact),
        person=person,
        person_description=person_description.strip(),
        municipality=municipality,
        abuser_category=abuser_category,
        abuser_relationship=abuser_relationship,
        urgency=urgency,
        observed=observed.strip(),
        routing=routing,
        status=AbuseStatus.RECEIVED,
        safety_due_at=safety_due_for(received_at),
        fiscal_year=dates.fiscal_year(received_at.date()),
        **{name: name in types for name in TYPE_FIELDS},
    )
    report.full_clean()
    report.save()
    AbuseReportStep.objects.create(
        report=report,
        from_status="",
        to_status=AbuseStatus.RECEIVED,
        note=str(Routing(routing).label),
        at=received_at,
        actor=acting_user(actor),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=report,
        summary=(
            f"routing={routing} urgency={report.urgency} abuser={report.abuser_category} "
            f"types={','.join(t.removeprefix('type_') for t in types)}"
            f" person={person.pk if person else '-'}"
        ),
    )
    return report


# ---- workflow ----------------------------------------------------------------------------


def next_statuses(report: AbuseReport) -> list[str]:
    """Where the report may go: its own stage (a progress note) and every later one.
    A closed report is finished."""
    if report.status == AbuseStatus.CLOSED:
        return []
    return list(ABUSE_FLOW[ABUSE_FLOW.index(report.status) :])


# 立入調査 (§11) may itself be how safety is confirmed; the stages after it need it done.
_AFTER_SAFETY = ABUSE_FLOW.index(AbuseStatus.ENTRY_INSPECTION)


@transaction.atomic
def abuse_report_advance(
    *,
    actor: Any,
    report: AbuseReport,
    to_status: AbuseStatus | str,
    note: str,
    at: datetime | None = None,
    safety_confirmed: bool = False,
    finding: AbuseFinding | str = "",
    outcome: AbuseOutcome | str = "",
    abuser_relationship: AbuserRelationship | str = "",
) -> AbuseReport:
    """Record one step: forward along ABUSE_FLOW, or a note in the same stage.

    Past 事実確認・安全確認 only once safety is confirmed (now or before); 終結 only with a
    判断 and a 対応の結果. ``safety_confirmed`` records the time ``at`` as 安全確認日時."""
    report = AbuseReport.objects.select_for_update().get(pk=report.pk)
    to_status = AbuseStatus(to_status)
    if to_status not in next_statuses(report):
        raise ValidationError(
            _("「%(old)s」から「%(new)s」には進められません。")
            % {"old": report.get_status_display(), "new": to_status.label}
        )
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("経過・判断を入力してください。")})
    at = _check_moment(at or timezone.now(), "at", not_before=_local(report.received_at))
    if finding:
        report.finding = AbuseFinding(finding)
    if outcome:
        report.outcome = AbuseOutcome(outcome)
    if abuser_relationship:
        report.abuser_relationship = AbuserRelationship(abuser_relationship)
    if safety_confirmed and report.safety_confirmed_at is None:
        report.safety_confirmed_at = at
    if ABUSE_FLOW.index(to_status) > _AFTER_SAFETY and report.safety_confirmed_at is None:
        raise ValidationError(
            {"safety_confirmed": _("安全確認を記録してから次の段階に進めてください。")}
        )
    if to_status == AbuseStatus.CLOSED:
        if not report.finding or not report.outcome:
            raise ValidationError(_("終結するには「判断」と「対応の結果」を入力してください。"))
        report.closed_at = at
    from_status = report.status
    report.status = to_status
    report.save()
    AbuseReportStep.objects.create(
        report=report,
        from_status=from_status,
        to_status=to_status,
        note=note,
        at=at,
        actor=acting_user(actor),
    )
    summary = f"status={from_status}>{to_status}"
    if safety_confirmed:
        summary += " safety_confirmed"
    if finding:
        summary += f" finding={report.finding}"
    if outcome:
        summary += f" outcome={report.outcome}"
    if abuser_relationship:
        summary += f" relationship={report.abuser_relationship}"
    audit_record(actor=actor, action=AuditAction.UPDATE, target=report, summary=summary)
    return report


@transaction.atomic
def abuse_report_handover(
    *, actor: Any, report: AbuseReport, handed_over_at: datetime, handed_over_to: str
) -> AbuseReport:
    """Record when a report taken at night or on a holiday was handed to the municipality
    (and to whom there). Recording it again corrects it; each time is audited."""
    handed_over_to = handed_over_to.strip()
    if not handed_over_to:
        raise ValidationError({"handed_over_to": _("引継ぎ先を入力してください。")})
    report = AbuseReport.objects.select_for_update().get(pk=report.pk)
    report.handed_over_at = _check_moment(
        handed_over_at, "handed_over_at", not_before=_local(report.received_at)
    )
    report.handed_over_to = handed_over_to[:200]
    report.save(update_fields=["handed_over_at", "handed_over_to", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=report, summary="handover")
    return report


@transaction.atomic
def abuse_report_link_person(*, actor: Any, report: AbuseReport, person: Person) -> AbuseReport:
    """Link the person once identified; the municipality follows the person's if unset."""
    _check_region(person, report.region_id, "person", _("この圏域の利用者ではありません。"))
    report = AbuseReport.objects.select_for_update().get(pk=report.pk)
    report.person = person
    if report.municipality_id is None:
        report.municipality_id = person.municipality_id
    report.save(update_fields=["person", "municipality", "updated_at"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=report, summary=f"person={person.pk}"
    )
    return report


# ---- beyond the municipality: 都道府県 (§17, §24) and 労働局 (§26) ------------------------

# Where a case by each kind of abuser is reported; a case by a 養護者 stays with the 市町村.
ROUTING_DESTINATIONS: dict[str, tuple[str, ...]] = {
    AbuserCategory.FACILITY: (RoutingDestination.PREFECTURE,),
    AbuserCategory.EMPLOYER: (RoutingDestination.PREFECTURE, RoutingDestination.LABOUR_BUREAU),
}


def routing_destinations(report: AbuseReport) -> tuple[str, ...]:
    return ROUTING_DESTINATIONS.get(report.abuser_category, ())


@transaction.atomic
def abuse_report_route(
    *,
    actor: Any,
    report: AbuseReport,
    destination: RoutingDestination | str,
    sent_on: date,
    addressee: str = "",
    note: str = "",
) -> AbuseRouting:
    """Record that the case was reported to the 都道府県 or the 労働局 (the form is printed from
    the record). Only where the law sends it: 施設従事者等 → 都道府県; 使用者 → 都道府県 and
    労働局."""
    if destination not in routing_destinations(report):
        raise ValidationError(
            {"destination": _("この虐待者の種別の事例はこの報告先に報告しません。")}
        )
    if sent_on < _local(report.received_at).date() or sent_on > dates.today_local():
        raise ValidationError({"sent_on": _("受付日から今日までの日付を入力してください。")})
    routing = AbuseRouting.objects.create(
        report=report,
        destination=destination,
        sent_on=sent_on,
        addressee=addressee.strip()[:200],
        note=note.strip(),
        sent_by=actor if isinstance(actor, User) else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=report,
        summary=f"routing={routing.pk} destination={routing.destination}",
    )
    return routing


# ---- on duty -----------------------------------------------------------------------------


def may_be_on_duty(user: User, region: Region) -> bool:
    return user.is_active and user.region_id == region.pk and user_can(user, Capability.SAFEGUARDING)


@transaction.atomic
def on_duty_assign(*, actor: Any, region: Region, day: date, user: User) -> OnDuty:
    if not may_be_on_duty(user, region):
        raise ValidationError({"user": _("虐待通報を担当できる職員を選んでください。")})
    duty, created = OnDuty.objects.get_or_create(region=region, day=day, user=user)
    if created:
        audit_record(
            actor=actor, action=AuditAction.CREATE, target=duty, summary=f"day={day.isoformat()}"
        )
    return duty


@transaction.atomic
def on_duty_remove(*, actor: Any, duty: OnDuty) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=duty,
        summary=f"day={duty.day.isoformat()} user={duty.user_id}",
    )
    duty.delete()


# ---- escalation --------------------------------------------------------------------------


@dataclass(frozen=True)
class Escalation:
    report_id: int
    region_id: int
    recipients: tuple[int, ...]  # user ids


def _claim(report_id: int, now: datetime) -> bool:
    """Mark one report as escalated unless someone else did first (a conditional UPDATE:
    of two concurrent runs exactly one gets 1 back)."""
    return (
        AbuseReport.objects.filter(
            pk=report_id, escalated_at__isnull=True, safety_confirmed_at__isnull=True
        )
        .exclude(status=AbuseStatus.CLOSED)
        .update(escalated_at=now, updated_at=now)
        == 1
    )


def _mail_text(report: AbuseReport) -> tuple[str, str]:
    due = _local(report.safety_due_at)
    subject = _("【つなぐ】虐待通報の安全確認が期限を過ぎています（受付番号 %(id)s）") % {
        "id": report.pk
    }
    body = _(
        "受付番号 %(id)s の虐待通報は、安全確認の期限（%(due)s）を過ぎても安全確認が"
        "記録されていません（緊急性: %(urgency)s）。至急、状況を確認してください。"
        "内容はつなぐの画面で確認してください。"
    ) % {
        "id": report.pk,
        "due": f"{dates.wareki(due)} {due:%H:%M}",
        "urgency": report.get_urgency_display(),
    }
    return subject, body


def abuse_escalate_overdue(
    *,
    actor: Any = "command:safeguarding",
    now: datetime | None = None,
    region: Region | None = None,
    dry_run: bool = False,
) -> list[Escalation]:
    """Escalate every open report past its safety deadline without a confirmation that has
    not been escalated yet: mark ``escalated_at`` and tell today's on-duty staff (or, if
    nobody is on duty, every active SAFEGUARDING user of the region).

    Each report is claimed and notified in its own transaction, so a failure leaves the
    others done; a claimed report is never mailed again. ``dry_run`` writes nothing."""
    from tsunagu.safeguarding.abuse.selectors import abuse_escalation_candidates, duty_recipients

    now = now or timezone.now()
    done: list[Escalation] = []
    for report in abuse_escalation_candidates(now=now, region=region):
        day = _local(now).date()
        recipients = duty_recipients(region_id=report.region_id, day=day)
        escalation = Escalation(report.pk, report.region_id, tuple(u.pk for u in recipients))
        if dry_run:
            done.append(escalation)
            continue
        with transaction.atomic():
            if not _claim(report.pk, now):
                continue
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                target=report,
                summary=f"escalated recipients={len(recipients)}",
            )
            subject, body = _mail_text(report)
            notification_send(
                users=recipients,
                subject=subject,
                body=body,
                url=reverse("safeguarding:abuse_detail", args=[report.pk]),
            )
        log.info(_("虐待通報 %(report)s の安全確認が期限に近いため、%(count)d 人に知らせました"),
                 {"report": report.pk, "count": len(recipients)})
        done.append(escalation)
    return done
