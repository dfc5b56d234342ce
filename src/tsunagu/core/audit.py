"""Writing to the append-only audit log.

Service functions call :func:`audit_record` inside their transaction. The request's
address and path come from :mod:`tsunagu.core.middleware`; a management command is
recorded with its own name as the path."""

from typing import Any

from django.db import models

from tsunagu.core.middleware import current_request_meta
from tsunagu.core.models import AuditAction, AuditEntry


def acting_user(actor: Any) -> Any:
    """The user behind ``actor`` for a created_by-style column; None when a command acts
    ("command:demo") or nobody is logged in."""
    return actor if getattr(actor, "is_authenticated", False) else None


def audit_record(
    *,
    actor: Any,
    action: AuditAction | str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str | int = "",
    summary: str = "",
    region: Any = None,
) -> AuditEntry:
    """Append one entry. ``summary`` must not contain personal data: ids and labels only."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or target.pk
        region = region or getattr(target, "region", None)
    user = acting_user(actor)
    if region is None and user is not None:
        region = user.region
    meta = current_request_meta()
    return AuditEntry.objects.create(
        region=region,
        user=user,
        username=(actor.get_username() if user is not None else str(actor or ""))[:150],
        action=action,
        target_type=target_type[:60],
        target_id=str(target_id)[:64],
        summary=summary[:300],
        ip_address=meta.ip_address,
        path=meta.path[:300],
    )
