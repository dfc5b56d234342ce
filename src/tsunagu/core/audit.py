"""Writing to the append-only audit log.

Service functions call :func:`audit_record` inside their transaction. The request's
address and path come from :mod:`tsunagu.core.middleware`; a management command is
recorded with its own name as the path."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from tsunagu.core.dataversion import data_version_renew
from tsunagu.core.middleware import current_request_meta, mark_personal_data_shown
from tsunagu.core.models import AuditAction, AuditEntry

SUMMARY_LENGTH = 300  # AuditEntry.summary; a longer summary is kept whole in ``detail``


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
    """Append one entry. ``summary`` must not contain personal data: ids and labels only
    (the query a user typed into a list's search box is the one exception, see
    :func:`audit_list_view`). A summary longer than the column is cut there with "…" and
    kept whole in ``detail``."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or target.pk
        region = region or getattr(target, "region", None)
    user = acting_user(actor)
    if region is None and user is not None:
        region = user.region
    if action in (AuditAction.VIEW, AuditAction.EXPORT):
        mark_personal_data_shown()
    elif action in (AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE):
        # figures kept under the region's data version are computed again (issue 25)
        data_version_renew(region_id=getattr(region, "pk", region))
    meta = current_request_meta()
    return AuditEntry.objects.create(
        region=region,
        user=user,
        username=(actor.get_username() if user is not None else str(actor or ""))[:150],
        action=action,
        target_type=target_type[:60],
        target_id=str(target_id)[:64],
        summary=summary if len(summary) <= SUMMARY_LENGTH else summary[: SUMMARY_LENGTH - 1] + "…",
        detail=summary if len(summary) > SUMMARY_LENGTH else None,
        ip_address=meta.ip_address,
        path=meta.path[:300],
    )


def audit_list_view(
    request: Any,
    *,
    target_type: type[models.Model] | str,
    ids: Iterable[Any],
    query: Mapping[str, Any] | None = None,
    action: AuditAction | str = AuditAction.VIEW,
    label: str = "list",
) -> AuditEntry:
    """One entry for a page or an export that shows personal data of several records: what
    was asked (the request's GET parameters, or ``query``) and the ids of the records shown,
    e.g. ``list q=いのうえ page=2 ids=12,7,40``. Call it once per request, with the ids on
    the page (not the ids of every match)."""
    if not isinstance(target_type, str):
        target_type = target_type._meta.label_lower
    if query is None:
        query = request.GET
    asked = " ".join(
        f"{key}={value}"
        for key in sorted(query)
        for value in (query.getlist(key) if hasattr(query, "getlist") else [query[key]])
        if value not in ("", None)
    )
    shown = ",".join(str(pk) for pk in ids) or "-"
    summary = " ".join(part for part in (label, asked, f"ids={shown}") if part)
    return audit_record(
        actor=request.user, action=action, target_type=target_type, summary=summary
    )
