"""Writes of consultations and referrals: one function per use case, audited inside."""

import secrets
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.consultations.models import Attachment, Consultation, Referral, ReferralStatus
from tsunagu.consultations.selectors import default_kind
from tsunagu.core import dates
from tsunagu.core.audit import audit_record
from tsunagu.core.filetypes import content_matches
from tsunagu.core.locking import lock_claim
from tsunagu.core.models import (
    AuditAction,
    ListItem,
    ListKind,
    Municipality,
    Organization,
    Region,
    User,
)
from tsunagu.people.models import Person


def _check_list(item: ListItem, region: Region, kind: str, field: str) -> None:
    if item.region_id != region.pk or item.kind != kind:
        raise ValidationError({field: _("この圏域の一覧にない項目です。")})


def _check_place(consultation: Consultation) -> None:
    """The 市町村 and the recording organization must be of the consultation's region."""
    region_id = consultation.region_id
    municipality = consultation.municipality
    if municipality is not None and municipality.region_id != region_id:
        raise ValidationError({"municipality": _("この圏域の市町村ではありません。")})
    organization = consultation.organization
    if organization is not None and organization.region_id != region_id:
        raise ValidationError({"organization": _("この圏域の機関ではありません。")})


@transaction.atomic
def consultation_record(
    *,
    actor: Any,
    region: Region,
    occurred_at: datetime,
    method: ListItem,
    caller_type: ListItem,
    topics: list[ListItem],
    person: Person | None = None,
    caller_name: str = "",
    duration_minutes: int | None = None,
    record: str = "",
    next_action: str = "",
    staff: User | None = None,
    organization: Organization | None = None,
    kind: ListItem | None = None,
    municipality: Municipality | None = None,
    import_key: str = "",
    audit: bool = True,
) -> Consultation:
    """Record one consultation. ``person`` None is an anonymous or unidentified caller.

    ``municipality`` defaults to the person's 市町村 (an anonymous one has none unless
    given), ``kind`` (相談の種類) to the organization's default (:func:`default_kind`)."""
    if kind is None:
        kind = default_kind(region=region, organization=organization)
    if kind is not None:
        _check_list(kind, region, ListKind.CONSULTATION_KIND, "kind")
    if municipality is None and person is not None:
        municipality = person.municipality
    _check_list(method, region, ListKind.CONTACT_METHOD, "method")
    _check_list(caller_type, region, ListKind.CALLER_TYPE, "caller_type")
    for topic in topics:
        _check_list(topic, region, ListKind.SUPPORT_TOPIC, "topics")
    if not topics:
        raise ValidationError({"topics": _("支援内容を1つ以上選んでください。")})
    if person is not None and person.region_id != region.pk:
        raise ValidationError({"person": _("この圏域の利用者ではありません。")})
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at, dates.TOKYO)
    consultation = Consultation(
        region=region,
        occurred_at=occurred_at,
        fiscal_year=dates.fiscal_year(timezone.localtime(occurred_at, dates.TOKYO).date()),
        method=method,
        caller_type=caller_type,
        caller_name=caller_name,
        person=person,
        duration_minutes=duration_minutes,
        record=record,
        next_action=next_action,
        staff=staff,
        organization=organization,
        kind=kind,
        municipality=municipality,
        import_key=import_key,
    )
    _check_place(consultation)
    consultation.full_clean(exclude=["topics"])
    consultation.save()
    consultation.topics.set(topics)
    if audit:
        audit_record(actor=actor, action=AuditAction.CREATE, target=consultation)
    return consultation


@transaction.atomic
def consultation_update(
    *,
    actor: Any,
    consultation: Consultation,
    topics: list[ListItem] | None = None,
    lock_version: int | None = None,
    **fields: Any,
) -> Consultation:
    region = consultation.region
    lock_claim(consultation, lock_version)  # EditConflict if saved since the form opened
    for name, value in fields.items():
        setattr(consultation, name, value)
    if "occurred_at" in fields:
        consultation.fiscal_year = dates.fiscal_year(
            timezone.localtime(consultation.occurred_at, dates.TOKYO).date()
        )
    _check_list(consultation.method, region, ListKind.CONTACT_METHOD, "method")
    _check_list(consultation.caller_type, region, ListKind.CALLER_TYPE, "caller_type")
    if consultation.kind is not None:
        _check_list(consultation.kind, region, ListKind.CONSULTATION_KIND, "kind")
    _check_place(consultation)
    consultation.full_clean(exclude=["topics"])
    consultation.save()
    if topics is not None:
        if not topics:
            raise ValidationError({"topics": _("支援内容を1つ以上選んでください。")})
        for topic in topics:
            _check_list(topic, region, ListKind.SUPPORT_TOPIC, "topics")
        consultation.topics.set(topics)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=consultation,
        summary="changed: " + ",".join(sorted([*fields, *(["topics"] if topics else [])])),
    )
    return consultation


@transaction.atomic
def referral_create(
    *,
    actor: Any,
    consultation: Consultation,
    to_organization: Organization | None = None,
    service: str = "",
    due_on: date | None = None,
    staff: User | None = None,
) -> Referral:
    if to_organization is None and not service.strip():
        raise ValidationError(_("つなぎ先の機関かサービスを入力してください。"))
    if to_organization is not None and to_organization.region_id != consultation.region_id:
        raise ValidationError({"to_organization": _("この圏域の機関ではありません。")})
    referral = Referral.objects.create(
        region=consultation.region,
        consultation=consultation,
        person=consultation.person,
        to_organization=to_organization,
        service=service.strip(),
        due_on=due_on,
        staff=staff,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=referral)
    return referral


_NEXT = {
    ReferralStatus.REQUESTED: {
        ReferralStatus.ACCEPTED,
        ReferralStatus.FAILED,
        ReferralStatus.COMPLETED,
    },
    ReferralStatus.ACCEPTED: {ReferralStatus.COMPLETED, ReferralStatus.FAILED},
}


@transaction.atomic
def referral_advance(
    *, actor: Any, referral: Referral, status: ReferralStatus | str, failure_reason: str = ""
) -> Referral:
    """依頼中 → 受理 → 対応完了 / 不成立 (with a reason). Closed referrals stay closed."""
    status = ReferralStatus(status)
    if status not in _NEXT.get(referral.status, set()):
        raise ValidationError(
            _("「%(old)s」から「%(new)s」には変更できません。")
            % {"old": referral.get_status_display(), "new": status.label}
        )
    if status == ReferralStatus.FAILED and not failure_reason.strip():
        raise ValidationError({"failure_reason": _("不成立の理由を入力してください。")})
    now = timezone.now()
    referral.status = status
    if status == ReferralStatus.ACCEPTED:
        referral.accepted_at = now
    else:
        referral.closed_at = now
        referral.failure_reason = failure_reason.strip()
    referral.save()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=referral, summary=f"status={status}"
    )
    return referral


MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ALLOWED_ATTACHMENT_TYPES = {
    ".pdf",
    ".jpg",
    ".jpeg",
    ".png",
    ".xlsx",
    ".docx",
    ".txt",
    ".csv",
}


@transaction.atomic
def attachment_add(*, actor: Any, consultation: Consultation, upload: Any) -> Attachment:
    """Keep an uploaded file with the record. The stored name is generated; the original
    name is kept only as a label (no path from the user reaches the file system)."""
    original = PurePath(str(upload.name).replace("\\", "/")).name[:200] or "file"
    suffix = PurePath(original).suffix.lower()
    if suffix not in ALLOWED_ATTACHMENT_TYPES:
        raise ValidationError(
            _("この種類のファイルは添付できません（PDF・画像・Excel・Word・テキストのみ）。")
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("ファイルが大きすぎます（10MBまで）。"))
    if upload.size == 0:
        raise ValidationError(_("空のファイルは添付できません。"))
    if not content_matches(upload, suffix):
        raise ValidationError(
            _(
                "ファイルの中身が「%(suffix)s」の形式ではありません。名前（拡張子）だけを変えた"
                "ファイルは添付できません。元のアプリで %(suffix)s として保存し直してください。"
            )
            % {"suffix": suffix}
        )
    attachment = Attachment(
        consultation=consultation, original_name=original, size=upload.size, uploaded_by=actor
    )
    attachment.file.save(f"{secrets.token_hex(16)}{suffix}", upload, save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=attachment,
        region=consultation.region,
        summary=f"consultation={consultation.pk}",
    )
    return attachment
