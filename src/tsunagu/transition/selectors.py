"""Reads of 地域移行・地域定着, scoped in one place: the region's records for those who see every
person of it (center staff, 管理者); nobody else. Every ``_get`` writes an 閲覧 entry."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from tsunagu.core.access import scope_region, user_can
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction
from tsunagu.core.roles import Capability
from tsunagu.transition.models import InstitutionStay, SettlementSupport

CAPABILITY = Capability.PERSONAL_ALL


def _scope(queryset: QuerySet, user: Any) -> QuerySet:
    if not user_can(user, CAPABILITY):
        return queryset.none()
    return scope_region(queryset, user)


def stay_list(*, user: Any) -> QuerySet[InstitutionStay]:
    return _scope(InstitutionStay.objects.all(), user).select_related("person", "staff")


def stay_get(*, user: Any, pk: int, audit: bool = True) -> InstitutionStay:
    try:
        stay = stay_list(user=user).prefetch_related("steps").get(pk=pk)
    except InstitutionStay.DoesNotExist:
        raise Http404 from None
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, target=stay)
    return stay


def settlement_list(*, user: Any) -> QuerySet[SettlementSupport]:
    return _scope(SettlementSupport.objects.all(), user).select_related("person", "staff")


def settlement_get(*, user: Any, pk: int, audit: bool = True) -> SettlementSupport:
    try:
        support = (
            settlement_list(user=user).prefetch_related("contacts", "responses__staff").get(pk=pk)
        )
    except SettlementSupport.DoesNotExist:
        raise Http404 from None
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, target=support)
    return support
