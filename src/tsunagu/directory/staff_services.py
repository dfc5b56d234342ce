"""Writes of the staff and member pages: confirming an entry, proposing a change (a member
organization, for its own entries) and deciding on it (center staff). Editing itself is
tsunagu.directory.hsds ``service_create`` / ``service_save``, which keep the history."""

import copy
import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core.audit import acting_user, audit_record
from tsunagu.core.dates import today_local
from tsunagu.core.models import AuditAction, Organization
from tsunagu.directory.hsds.services import organization_import, service_create, service_save
from tsunagu.directory.models import (
    ChangeRequestStatus,
    ResourceOrganization,
    Service,
    ServiceChangeRequest,
)


def taxonomy_ensure() -> None:
    """Our fixed taxonomy in the database, for the forms to offer (idempotent; one query when
    it is there already). Region setup should call taxonomy.taxonomy_seed() itself."""
    from tsunagu.directory.models import TaxonomyTerm
    from tsunagu.directory.taxonomy import TERM_BY_ID, taxonomy_seed

    if TaxonomyTerm.objects.filter(pk__in=TERM_BY_ID).count() < len(TERM_BY_ID):
        with transaction.atomic():
            taxonomy_seed()


@transaction.atomic
def service_assure(*, actor: Any, service: Service, day: date | None = None) -> Service:
    """確認済みにする: the entry was checked with its organization today (or ``day``)."""
    day = day or today_local()
    document = copy.deepcopy(service.document or {})
    document["assured_date"] = day.isoformat()
    if getattr(actor, "email", ""):
        document["assurer_email"] = actor.email
    return service_save(
        actor=actor, service=service, document=document, note=_("内容を確認済みにしました")
    )


@transaction.atomic
def service_publish_set(*, actor: Any, service: Service, is_published: bool) -> Service:
    """Show the entry on the public pages and in the API, or not (not part of HSDS, so not
    in the document: the column alone, with an audit entry)."""
    if service.is_published != is_published:
        service.is_published = is_published
        service.save(update_fields=["is_published", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=service,
            summary=f"is_published={is_published}",
        )
    return service


@transaction.atomic
def organization_for_entry(
    *, actor: Any, region: Any, organization: ResourceOrganization | None, name: str, kana: str
) -> ResourceOrganization:
    """The chosen directory organization, or the one named ``name`` (created if new)."""
    if organization is not None:
        if organization.region_id != region.pk:
            raise ValidationError(_("この圏域の運営団体ではありません。"))
        return organization
    name = name.strip()
    existing = ResourceOrganization.objects.filter(region=region, name=name).first()
    if existing is not None:
        return existing
    document = {"id": str(uuid.uuid4()), "name": name, "description": ""}
    if kana.strip():
        document["alternate_name"] = kana.strip()
    return organization_import(actor=actor, region=region, document=document)


@transaction.atomic
def organization_member_set(
    *, actor: Any, organization: ResourceOrganization, member: Organization | None
) -> ResourceOrganization:
    """Which network member organization may propose changes to ``organization``'s entries."""
    if member is not None and member.region_id != organization.region_id:
        raise ValidationError(_("この圏域の機関ではありません。"))
    if organization.member_id != (member.pk if member else None):
        organization.member = member
        organization.save(update_fields=["member", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=organization,
            region=organization.region,
            summary=f"member={member.pk if member else ''}",
        )
    return organization


@transaction.atomic
def change_request_create(
    *,
    actor: Any,
    organization: ResourceOrganization,
    document: dict,
    service: Service | None = None,
    note: str = "",
) -> ServiceChangeRequest:
    """A member organization proposes ``document`` for one of its entries (or a new one)."""
    if service is not None and service.organization_id != organization.pk:
        raise ValidationError(_("この運営団体の掲載ではありません。"))
    request = ServiceChangeRequest.objects.create(
        service=service,
        organization=organization,
        proposed=document,
        note=note.strip(),
        requested_by=acting_user(actor),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=request,
        region=organization.region,
        summary=f"service={service.pk if service else 'new'}",
    )
    return request


def _pending(request: ServiceChangeRequest) -> None:
    if request.status != ChangeRequestStatus.PENDING:
        raise ValidationError(_("この申請はすでに判断済みです。"))


@transaction.atomic
def change_request_approve(
    *, actor: Any, request: ServiceChangeRequest, decision_note: str = ""
) -> Service:
    """Apply the proposed document (keeping the previous one as a revision) and close the
    request as 承認."""
    request = ServiceChangeRequest.objects.select_for_update().get(pk=request.pk)
    _pending(request)
    note = _("更新の申請 #%(id)d を承認") % {"id": request.pk}
    document = copy.deepcopy(request.proposed)
    if request.service_id:
        service = service_save(
            actor=actor, service=request.service, document=document, note=note
        )
    else:
        service = service_create(
            actor=actor,
            region=request.organization.region,
            organization=request.organization,
            document=document,
        )
        request.service = service
    _decide(request, actor, ChangeRequestStatus.APPROVED, decision_note)
    return service


@transaction.atomic
def change_request_reject(
    *, actor: Any, request: ServiceChangeRequest, decision_note: str
) -> ServiceChangeRequest:
    """差し戻し, with the reason the member organization will read."""
    request = ServiceChangeRequest.objects.select_for_update().get(pk=request.pk)
    _pending(request)
    if not decision_note.strip():
        raise ValidationError({"decision_note": _("差し戻す理由を入力してください。")})
    _decide(request, actor, ChangeRequestStatus.REJECTED, decision_note)
    return request


def _decide(request: ServiceChangeRequest, actor: Any, status: str, note: str) -> None:
    request.status = status
    request.decided_by = acting_user(actor)
    request.decided_at = timezone.now()
    request.decision_note = note.strip()
    request.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=request,
        region=request.organization.region,
        summary=f"status={status}",
    )
