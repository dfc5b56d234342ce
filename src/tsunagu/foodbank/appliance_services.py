"""Writes of the appliance bank (家電バンク): donated appliances with a photo and a safety
check, households' requests, matching, delivery and collection. Audited inside."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.core.audit import audit_record
from tsunagu.core.filetypes import kind_of
from tsunagu.core.models import AuditAction, Region
from tsunagu.foodbank.models import Appliance, ApplianceRequest, ApplianceStatus, Household

# ---- appliance bank ----------------------------------------------------------------------

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_SUFFIXES = (".png", ".jpg")


def _photo_suffix(upload: Any) -> str:
    """The stored suffix from what the content proves (core.filetypes), never the name."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError({"photo": _("写真が大きすぎます（5MBまで）。")})
    suffix = kind_of(upload)
    if suffix in PHOTO_SUFFIXES:
        return suffix
    raise ValidationError({"photo": _("写真はPNGかJPEGの画像にしてください。")})


@transaction.atomic
def appliance_register(
    *,
    actor: Any,
    region: Region,
    kind: str,
    maker: str = "",
    model_number: str = "",
    year: int | None = None,
    condition: str = "",
    safety_checked_by: str = "",
    safety_checked_on: date | None = None,
    photo: Any = None,
) -> Appliance:
    appliance = Appliance(
        region=region, kind=kind.strip(), maker=maker.strip(), model_number=model_number.strip(),
        year=year, condition=condition.strip(), safety_checked_by=safety_checked_by.strip(),
        safety_checked_on=safety_checked_on,
    )
    if photo is not None:
        suffix = _photo_suffix(photo)
        appliance.photo.save(f"{region.pk}/{secrets.token_hex(16)}{suffix}", photo, save=False)
    appliance.full_clean()
    appliance.save()
    audit_record(actor=actor, action=AuditAction.CREATE, target=appliance,
                 summary=f"kind={appliance.kind}")
    return appliance


@transaction.atomic
def appliance_request_create(
    *, actor: Any, region: Region, household: Household, kind: str, requested_on: date
) -> ApplianceRequest:
    if household.region_id != region.pk:
        raise ValidationError(_("この圏域の世帯ではありません。"))
    request = ApplianceRequest.objects.create(
        region=region, household=household, kind=kind.strip(), requested_on=requested_on
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=request,
                 summary=f"household={household.number}")
    return request


_APPLIANCE_NEXT = {
    ApplianceStatus.AVAILABLE: {ApplianceStatus.MATCHED, ApplianceStatus.DISPOSED},
    ApplianceStatus.MATCHED: {
        ApplianceStatus.DELIVERED, ApplianceStatus.AVAILABLE, ApplianceStatus.DISPOSED,
    },
    ApplianceStatus.DELIVERED: {ApplianceStatus.COLLECTED},
    ApplianceStatus.COLLECTED: {ApplianceStatus.AVAILABLE, ApplianceStatus.DISPOSED},
}


def appliance_next_statuses(appliance: Appliance) -> set[str]:
    return {str(s) for s in _APPLIANCE_NEXT.get(appliance.status, set())}


@transaction.atomic
def appliance_advance(
    *,
    actor: Any,
    appliance: Appliance,
    status: str,
    request: ApplianceRequest | None = None,
    on: date | None = None,
) -> Appliance:
    """受付 → マッチング (with a household's request) → お届け → 回収 / 廃棄."""
    appliance = Appliance.objects.select_for_update().get(pk=appliance.pk)
    status = ApplianceStatus(status)
    if status not in _APPLIANCE_NEXT.get(appliance.status, set()):
        raise ValidationError(
            _("「%(old)s」から「%(new)s」には変更できません。")
            % {"old": appliance.get_status_display(), "new": status.label}
        )
    if status == ApplianceStatus.MATCHED:
        if request is None or request.region_id != appliance.region_id or request.closed:
            raise ValidationError({"request": _("マッチングする依頼を選んでください。")})
        if Appliance.objects.filter(request=request).exclude(pk=appliance.pk).exists():
            raise ValidationError({"request": _("この依頼にはすでに家電が割り当てられています。")})
        appliance.request = request
    elif status == ApplianceStatus.DELIVERED:
        if on is None:
            raise ValidationError({"on": _("お届け日を入力してください。")})
        if appliance.safety_checked_on is None:
            raise ValidationError(_("安全点検を記録してからお届けしてください。"))
        appliance.delivery_on = on
        ApplianceRequest.objects.filter(pk=appliance.request_id).update(closed=True)
    elif status == ApplianceStatus.COLLECTED:
        if on is None:
            raise ValidationError({"on": _("回収日を入力してください。")})
        appliance.collection_on = on
    elif status == ApplianceStatus.AVAILABLE:
        appliance.request = None
        appliance.delivery_on = None
    appliance.status = status
    appliance.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=appliance,
                 summary=f"status={status}")
    return appliance
