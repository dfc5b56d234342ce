"""Writes of 発災時: switching disaster mode on and off, the disaster list, safety checks and
organizations' status reports. One function per use case, audited inside with ids and codes
only (never names or notes)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.audit import acting_user, audit_record
from tsunagu.core.models import AuditAction, Organization, Region, User
from tsunagu.core.notifications import notification_send
from tsunagu.disaster.models import (
    CONTACT_STATUSES,
    Acceptance,
    Damage,
    DisasterActivation,
    DisasterListRegistration,
    OpenStatus,
    OrganizationStatusReport,
    ReachBy,
    ReportChannel,
    SafetyCheck,
    SafetyCheckChange,
    SafetyStatus,
)
from tsunagu.disaster.priority import priority_of
from tsunagu.people.models import Person


class StaleCheckError(ValidationError):
    """The check changed since the form was opened: the later save is refused."""


def _check_region(obj: Any, region: Region, what: str) -> None:
    if obj is not None and obj.region_id != region.pk:
        raise ValidationError(_("%(what)sが別の圏域のものです。") % {"what": what})


# --- the disaster list ------------------------------------------------------------------------


def _priority(registration: DisasterListRegistration, person: Person):
    return priority_of(
        power_dependent=registration.power_dependent,
        medical_care=registration.medical_care,
        living_alone=registration.living_alone,
        family_nearby=registration.family_nearby,
        support_category=person.support_category,
    )


@transaction.atomic
def registration_save(
    *,
    actor: Any,
    region: Region,
    person: Person,
    consent_on: date,
    living_alone: bool = False,
    medical_care: bool = False,
    power_dependent: bool = False,
    family_nearby: bool = False,
    notes: str = "",
) -> DisasterListRegistration:
    """Put a person on the disaster list (they consented on ``consent_on``) or change their
    entry. While disaster mode is on, the person gets a safety check at once."""
    _check_region(person, region, _("利用者"))
    if person.merged_into_id is not None:
        raise ValidationError(_("統合済みの記録は登録できません。統合先の利用者で登録してください。"))
    if consent_on > dates.today_local():
        raise ValidationError({"consent_on": _("同意日に未来の日付は入れられません。")})
    registration = DisasterListRegistration.objects.filter(person=person).first()
    created = registration is None
    if created:
        registration = DisasterListRegistration(region=region, person=person)
    registration.consent_on = consent_on
    registration.consent_recorded_by = acting_user(actor) or registration.consent_recorded_by
    registration.living_alone = living_alone
    registration.medical_care = medical_care
    registration.power_dependent = power_dependent
    registration.family_nearby = family_nearby
    registration.notes = notes.strip()
    priority = _priority(registration, person)
    registration.priority = priority.score
    registration.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=registration,
        summary=f"person={person.pk} priority={priority.score} reasons={priority.reasons or '-'}",
    )
    active = DisasterActivation.objects.filter(region=region, ended_at__isnull=True).first()
    if active is not None:
        check, made = SafetyCheck.objects.get_or_create(
            activation=active,
            person=person,
            defaults={"region": region, "priority": priority.score, "reasons": priority.reasons},
        )
        if not made:
            SafetyCheck.objects.filter(pk=check.pk).update(
                priority=priority.score, reasons=priority.reasons
            )
    return registration


@transaction.atomic
def registration_remove(*, actor: Any, registration: DisasterListRegistration) -> None:
    """Take a person off the disaster list (consent withdrawn). Safety checks already made
    stay with their activation."""
    pk, person_id, region = registration.pk, registration.person_id, registration.region
    registration.delete()
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target_type="disaster.disasterlistregistration",
        target_id=pk,
        region=region,
        summary=f"person={person_id}",
    )


# --- disaster mode ------------------------------------------------------------------------------


def _recipients(region: Region):
    return User.objects.filter(region=region, is_active=True).exclude(role="")


@transaction.atomic
def activation_start(
    *,
    actor: Any,
    region: Region,
    title: str,
    note: str = "",
    started_at: datetime | None = None,
    notify: bool = True,
) -> DisasterActivation:
    """Switch the region into disaster mode: a safety check for every person on the
    disaster list, and a notice (in the app and by mail, no personal data) to every staff
    member and network member of the region."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("災害名・事象を入力してください。")})
    if DisasterActivation.objects.select_for_update().filter(
        region=region, ended_at__isnull=True
    ).exists():
        raise ValidationError(_("この圏域はすでに災害モードです。"))
    activation = DisasterActivation.objects.create(
        region=region,
        title=title[:200],
        note=note.strip(),
        started_at=started_at or timezone.now(),
        started_by=acting_user(actor),
    )
    registrations = DisasterListRegistration.objects.filter(
        region=region, person__merged_into__isnull=True
    ).select_related("person")
    checks = []
    for registration in registrations:
        priority = _priority(registration, registration.person)
        checks.append(
            SafetyCheck(
                region=region,
                activation=activation,
                person_id=registration.person_id,
                priority=priority.score,
                reasons=priority.reasons,
            )
        )
    SafetyCheck.objects.bulk_create(checks)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=activation,
        summary=f"disaster mode on checks={len(checks)}",
    )
    subject = _("【災害モード】%(title)s") % {"title": activation.title}
    body = _(
        "%(region)sで災害モードが開始されました（%(title)s）。\n"
        "つなぐの災害ダッシュボードで、安否確認と各機関の状況報告を進めてください。\n"
        "ネットワーク会員の方は、所属機関の状況（被害・開所状況・受け入れ可否・必要な物資）を報告してください。"
    ) % {"region": region.name, "title": activation.title}
    if notify:  # the demo records a past event without telling anyone
        notification_send(
            users=_recipients(region), subject=subject, body=body, url=reverse("disaster:home")
        )
    return activation


@transaction.atomic
def activation_end(
    *, actor: Any, activation: DisasterActivation, ended_at: datetime | None = None
) -> DisasterActivation:
    """Switch disaster mode off. The checks and reports stay for the summary."""
    activation = DisasterActivation.objects.select_for_update().get(pk=activation.pk)
    if activation.ended_at is not None:
        raise ValidationError(_("この災害モードはすでに終了しています。"))
    activation.ended_at = ended_at or timezone.now()
    activation.ended_by = acting_user(actor)
    activation.save(update_fields=["ended_at", "ended_by"])
    counts = dict.fromkeys(SafetyStatus.values, 0)
    for status in activation.checks.values_list("status", flat=True):
        counts[status] += 1
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=activation,
        summary="disaster mode off " + " ".join(f"{k}={v}" for k, v in counts.items()),
    )
    return activation


# --- safety checks --------------------------------------------------------------------------


def _staff_may_check(user: User, check: SafetyCheck) -> bool:
    from tsunagu.core.access import scope_personal

    return scope_personal(Person.objects.filter(pk=check.person_id), user).exists()


@transaction.atomic
def check_assign(*, actor: Any, check: SafetyCheck, assignee: User | None) -> SafetyCheck:
    """Give the check to a worker (or take it back). The worker must be allowed to see the
    person: center staff, or provider staff of an organization the person is assigned to."""
    if check.activation.ended_at is not None:
        raise ValidationError(_("終了した災害モードの安否確認は変更できません。"))
    if assignee is not None:
        _check_region(assignee, check.region, _("担当職員"))
        if not assignee.is_active or not _staff_may_check(assignee, check):
            raise ValidationError(_("この職員はこの利用者の安否確認を担当できません。"))
    check.assigned_to = assignee
    SafetyCheck.objects.filter(pk=check.pk).update(assigned_to=assignee)
    SafetyCheckChange.objects.create(
        safety_check=check, at=timezone.now(), by=acting_user(actor), status=check.status,
        assigned_to=assignee,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=check,
        summary=f"person={check.person_id} assigned_to={assignee.pk if assignee else '-'}",
    )
    return check


@dataclass(frozen=True)
class BulkAssignResult:
    """What a bulk assignment did: how many checks matched, how many went to the worker, and
    why the others did not (already someone else's, or a person the worker may not see)."""

    matched: int
    assigned: int
    already_theirs: int
    already_assigned: int
    not_visible: int


@transaction.atomic
def checks_assign_bulk(
    *,
    actor: Any,
    activation: DisasterActivation,
    assignee: User,
    municipality_id: int | None = None,
    reassign: bool = False,
) -> BulkAssignResult:
    """Give every check of the activation (of one 市町村, if given) that the worker may see
    to that worker: the unassigned ones, and with ``reassign`` those of other workers too.
    Returns the counts, so that the caller can say why a check was left as it was."""
    from tsunagu.core.access import scope_personal

    if activation.ended_at is not None:
        raise ValidationError(_("終了した災害モードの安否確認は変更できません。"))
    _check_region(assignee, activation.region, _("担当職員"))
    checks = SafetyCheck.objects.filter(activation=activation)
    if municipality_id:
        checks = checks.filter(person__municipality_id=municipality_id)
    matched = checks.count()
    visible = scope_personal(Person.objects.all(), assignee).values("pk")
    not_visible = checks.exclude(person__in=visible).count()
    already_theirs = checks.filter(assigned_to=assignee).count()
    candidates = checks.filter(person__in=visible).exclude(assigned_to=assignee)
    already_assigned = 0
    if not reassign:
        already_assigned = candidates.filter(assigned_to__isnull=False).count()
        candidates = candidates.filter(assigned_to__isnull=True)
    pks = list(candidates.values_list("pk", flat=True))
    result = BulkAssignResult(
        matched=matched, assigned=len(pks), already_theirs=already_theirs,
        already_assigned=already_assigned, not_visible=not_visible,
    )
    if not pks:
        return result
    now = timezone.now()
    SafetyCheck.objects.filter(pk__in=pks).update(assigned_to=assignee)
    SafetyCheckChange.objects.bulk_create(
        SafetyCheckChange(safety_check_id=pk, at=now, by=acting_user(actor), status=status,
                          assigned_to=assignee)
        for pk, status in SafetyCheck.objects.filter(pk__in=pks).values_list("pk", "status")
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=activation,
        summary=f"assigned {len(pks)} checks to user={assignee.pk} "
        f"municipality={municipality_id or '-'} reassign={int(reassign)} matched={matched}",
    )
    return result


@transaction.atomic
def check_update(
    *,
    actor: Any,
    check: SafetyCheck,
    version: int,
    status: str,
    note: str = "",
    checked_at: datetime | None = None,
) -> SafetyCheck:
    """Record the result of a check (状況, メモ, 確認日時 — now unless given). ``version`` is
    the one the worker saw: if someone else saved in between, this save is refused with
    StaleCheckError and nothing is lost."""
    if status not in SafetyStatus.values:
        raise ValidationError({"status": _("状況を選んでください。")})
    if check.activation.ended_at is not None:
        raise ValidationError(_("終了した災害モードの安否確認は変更できません。"))
    now = timezone.now()
    checked_at = checked_at or now
    if checked_at > now + timedelta(minutes=5):
        raise ValidationError({"checked_at": _("確認日時に未来の日時は入れられません。")})
    if checked_at < check.activation.started_at - timedelta(days=1):
        raise ValidationError({"checked_at": _("確認日時が災害モードの開始より前です。")})
    note = note.strip()
    first_contact = check.first_contact_at
    if status in CONTACT_STATUSES and (first_contact is None or checked_at < first_contact):
        first_contact = checked_at
    updated = SafetyCheck.objects.filter(pk=check.pk, version=version).update(
        status=status,
        note=note,
        checked_at=checked_at,
        checked_by=acting_user(actor),
        first_contact_at=first_contact,
        version=F("version") + 1,
    )
    if not updated:
        raise StaleCheckError(
            _(
                "この安否確認は、開いた後に他の職員が更新しました。最新の内容を確認してから、"
                "もう一度入力してください（入力した内容は下に残っています）。"
            )
        )
    check.refresh_from_db()
    SafetyCheckChange.objects.create(
        safety_check=check, at=checked_at, by=acting_user(actor), status=status, note=note,
        assigned_to=check.assigned_to,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=check,
        summary=f"person={check.person_id} status={status} version={check.version}",
    )
    return check


# --- organizations' status reports ----------------------------------------------------------


@transaction.atomic
def status_report_save(
    *,
    actor: Any,
    activation: DisasterActivation,
    organization: Organization,
    damage: str,
    open_status: str,
    acceptance: str,
    supplies_needed: str = "",
    reachable_by: list[str] | tuple[str, ...] = (),
    note: str = "",
    channel: str = ReportChannel.WEB,
    reported_at: datetime | None = None,
) -> OrganizationStatusReport:
    """File (or replace) an organization's status in an active disaster mode. ``channel``
    says whether the organization filed it itself or staff took it by phone or FAX."""
    if activation.ended_at is not None:
        raise ValidationError(_("災害モードは終了しています。"))
    _check_region(organization, activation.region, _("機関・団体"))
    errors = {}
    if damage not in Damage.values:
        errors["damage"] = _("被害の状況を選んでください。")
    if open_status not in OpenStatus.values:
        errors["open_status"] = _("開所状況を選んでください。")
    if acceptance not in Acceptance.values:
        errors["acceptance"] = _("受け入れ可否を選んでください。")
    if channel not in ReportChannel.values:
        errors["channel"] = _("受付方法を選んでください。")
    unknown = set(reachable_by) - set(ReachBy.values)
    if unknown:
        errors["reachable_by"] = _("連絡手段の選択が正しくありません。")
    if errors:
        raise ValidationError(errors)
    reach = ",".join(code for code in ReachBy.values if code in set(reachable_by))
    report, created = OrganizationStatusReport.objects.update_or_create(
        activation=activation,
        organization=organization,
        defaults={
            "region": activation.region,
            "damage": damage,
            "open_status": open_status,
            "acceptance": acceptance,
            "supplies_needed": supplies_needed.strip(),
            "reachable_by": reach,
            "note": note.strip(),
            "channel": channel,
            "entered_by": acting_user(actor),
            "reported_at": reported_at or timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=report,
        summary=f"activation={activation.pk} organization={organization.pk} "
        f"damage={damage} open={open_status} accept={acceptance} channel={channel}",
    )
    return report
