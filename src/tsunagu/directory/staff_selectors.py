"""Reads of the staff and member pages, scoped to the user's region (public data, so not
audited as views). A service of another region is a 404."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tsunagu.core.access import scope_region
from tsunagu.core.dates import today_local
from tsunagu.core.text import search_key
from tsunagu.directory import taxonomy
from tsunagu.directory.models import (
    ChangeRequestStatus,
    Location,
    ResourceOrganization,
    Service,
    ServiceChangeRequest,
    ServiceRevision,
    ServiceStatus,
    TaxonomyTerm,
)

REVIEW_DAYS = 365


def _with_places(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("organization").prefetch_related(
        Prefetch("locations", queryset=Location.objects.select_related("municipality"))
    )


def service_list(
    *,
    user: Any,
    query: str = "",
    municipality: Any = None,
    status: str = "",
    term: Any = None,
    hot_station: bool = False,
    organization: Any = None,
) -> QuerySet[Service]:
    """The region's services with what the list shows, filtered."""
    services = scope_region(Service.objects.all(), user)
    key = search_key(query) if query else ""
    if key:
        services = services.filter(
            Q(search_text__contains=key) | Q(organization__name__icontains=query.strip())
        )
    if municipality is not None:
        services = services.filter(
            pk__in=Location.objects.filter(municipality=municipality).values("services")
        )
    if status:
        services = services.filter(status=status)
    if term is not None:
        services = services.filter(pk__in=term.services.values("pk"))
    if hot_station:
        services = services.filter(is_hot_station=True)
    if organization is not None:
        services = services.filter(organization=organization)
    return _with_places(services).order_by("name_kana", "name", "pk")


def service_get(*, user: Any, pk: Any) -> Service:
    """One service of the user's region with its organization and places; 404 otherwise."""
    try:
        return (
            _with_places(scope_region(Service.objects.all(), user))
            .select_related("organization__member", "updated_by")
            .prefetch_related("terms")
            .get(pk=pk)
        )
    except (Service.DoesNotExist, ValueError):
        raise Http404 from None


def review_cutoff(today: date | None = None) -> date:
    return (today or today_local()) - timedelta(days=REVIEW_DAYS)


def review_list(*, user: Any, today: date | None = None) -> QuerySet[Service]:
    """Services not confirmed for 12 months (or never), oldest first; closed ones left out."""
    cutoff = review_cutoff(today)
    services = scope_region(Service.objects.all(), user).exclude(status=ServiceStatus.DEFUNCT)
    services = services.filter(Q(assured_date__isnull=True) | Q(assured_date__lt=cutoff))
    return _with_places(services).order_by("assured_date", "name_kana", "name", "pk")


def category_terms() -> QuerySet[TaxonomyTerm]:
    """Terms a service may be filed under: the kinds and services of tsunagu's taxonomy
    (not the ホッとステーション and accessibility terms, which the form asks separately)."""
    taxonomy_ids = [taxonomy.TAXONOMY_BY_CODE[code].id for code in taxonomy.CATEGORY_TAXONOMIES]
    return TaxonomyTerm.objects.filter(taxonomy_id__in=taxonomy_ids).order_by(
        "taxonomy__name", "parent__code", "code"
    )


def organization_entries(*, user: Any) -> QuerySet[ResourceOrganization]:
    """Directory organizations the user's own organization may propose changes for."""
    if not user.organization_id:
        return ResourceOrganization.objects.none()
    return scope_region(
        ResourceOrganization.objects.filter(member_id=user.organization_id), user
    ).prefetch_related(
        Prefetch("services", queryset=Service.objects.order_by("name_kana", "name", "pk"))
    )


def own_service_get(*, user: Any, pk: Any) -> Service:
    """A service the user's organization may propose changes for: 404 outside the region,
    PermissionDenied inside it when the entry is someone else's."""
    service = service_get(user=user, pk=pk)
    if not user.organization_id or service.organization.member_id != user.organization_id:
        raise PermissionDenied
    return service


def own_organization_get(*, user: Any, pk: Any) -> ResourceOrganization:
    try:
        organization = scope_region(ResourceOrganization.objects.all(), user).get(pk=pk)
    except (ResourceOrganization.DoesNotExist, ValueError):
        raise Http404 from None
    if not user.organization_id or organization.member_id != user.organization_id:
        raise PermissionDenied
    return organization


def change_request_list(*, user: Any, status: str = "") -> QuerySet[ServiceChangeRequest]:
    requests = ServiceChangeRequest.objects.filter(organization__region_id=user.region_id)
    if not user.region_id:
        requests = requests.none()
    if status:
        requests = requests.filter(status=status)
    return requests.select_related("service", "organization", "requested_by", "decided_by")


def own_change_requests(*, user: Any) -> QuerySet[ServiceChangeRequest]:
    if not user.organization_id:
        return ServiceChangeRequest.objects.none()
    return change_request_list(user=user).filter(organization__member_id=user.organization_id)


def change_request_get(*, user: Any, pk: int) -> ServiceChangeRequest:
    try:
        return change_request_list(user=user).get(pk=pk)
    except ServiceChangeRequest.DoesNotExist:
        raise Http404 from None


def pending_count(*, user: Any) -> int:
    return change_request_list(user=user, status=ChangeRequestStatus.PENDING).count()


# ------------------------------------------------------------------ history: what changed

# Keys that change on every save and say nothing to a reader.
IGNORED_KEYS = {"last_modified", "metadata", "id"}


def _label(key: str) -> str:
    """Top-level keys of an HSDS service document, as the history names them."""
    labels = {
        "name": _("名称"),
        "alternate_name": _("名称（ふりがな）"),
        "description": _("説明"),
        "status": _("状態"),
        "url": _("ホームページ"),
        "email": _("メールアドレス"),
        "assured_date": _("最終確認日"),
        "phones": _("電話番号"),
        "schedules": _("開所時間"),
        "service_at_locations": _("所在地・バリアフリー"),
        "attributes": _("分類・ホッとステーション"),
        "organization_id": _("運営団体"),
        "organization": _("運営団体"),
        "contacts": _("担当者"),
        "service_areas": _("対象地域"),
    }
    return labels.get(key, key)


def document_changes(before: dict, after: dict) -> list[str]:
    """Labels of the parts of a service document that differ, in a stable order."""
    keys = (set(before) | set(after)) - IGNORED_KEYS
    changed = {_label(k) for k in keys if _empty(before.get(k)) != _empty(after.get(k))}
    return sorted(changed)


def _empty(value: Any) -> Any:
    """None, "", [] and {} are the same absence."""
    return None if value in (None, "", [], {}) else value


@dataclass
class RevisionRow:
    revision: ServiceRevision
    changes: list[str] = field(default_factory=list)


def revision_rows(service: Service, *, limit: int = 50) -> list[RevisionRow]:
    """The history of ``service``, newest first: who changed it, when, and which parts.

    A revision keeps the document *before* its change; the document after it is the next
    newer revision's (or the current one). Two queries."""
    revisions = list(service.revisions.select_related("changed_by")[: limit + 1])
    rows = []
    for index, revision in enumerate(revisions[:limit]):
        after = revisions[index - 1].document if index else service.document
        rows.append(RevisionRow(revision, document_changes(revision.document or {}, after or {})))
    return rows
