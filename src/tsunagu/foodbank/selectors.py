"""Reads of the material-support programs, scoped to the user's region.

Households: FOODBANK users get them by number only (``household_by_number``); the personal
page (name, contact) goes through ``household_personal_get``, which needs PERSONAL_ALL and
writes an audit entry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, QuerySet, Sum, Value, When
from django.http import Http404

from tsunagu.core.access import scope_region, user_can
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction
from tsunagu.core.roles import Capability
from tsunagu.foodbank.models import (
    Appliance,
    ApplianceRequest,
    CafeteriaSession,
    Distribution,
    Donation,
    ExpiryKind,
    Household,
    Lot,
    PantryEvent,
    StockMovement,
)

DEFAULT_SOON_DAYS = 14


def _get(queryset: QuerySet, user: Any, pk: Any):
    try:
        return scope_region(queryset, user).get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def donation_list(*, user: Any) -> QuerySet[Donation]:
    return scope_region(Donation.objects.all(), user).annotate(lot_count=Count("lots")).order_by(
        "-received_on", "-pk"
    )


def donation_get(*, user: Any, pk: Any) -> Donation:
    return _get(Donation.objects.prefetch_related("lots"), user, pk)


def lot_list(*, user: Any) -> QuerySet[Lot]:
    """Lots on hand, first to expire first."""
    return scope_region(Lot.objects.filter(quantity__gt=0), user).order_by(*fefo_order())


def lot_get(*, user: Any, pk: Any) -> Lot:
    return _get(Lot.objects.all(), user, pk)


def lots_expiring(*, user: Any, today: date, days: int = DEFAULT_SOON_DAYS) -> QuerySet[Lot]:
    """Lots whose date is today or within ``days`` (not yet past): use soon."""
    return lot_list(user=user).filter(
        expiry_date__gte=today, expiry_date__lte=today + timedelta(days=days)
    )


def lots_expired(*, user: Any, today: date) -> QuerySet[Lot]:
    return lot_list(user=user).filter(expiry_date__lt=today)


def stock_by_place(*, user: Any) -> list[dict]:
    """On-hand totals per storage place and item (one grouped query)."""
    return list(
        lot_list(user=user)
        .order_by()
        .values("storage_place", "name", "unit")
        .annotate(total=Sum("quantity"), lots=Count("pk"))
        .order_by("storage_place", "name")
    )


def item_names(*, user: Any) -> list[str]:
    return list(
        lot_list(user=user).order_by().values_list("name", flat=True).distinct().order_by("name")
    )


def movement_list(*, user: Any) -> QuerySet[StockMovement]:
    return scope_region(StockMovement.objects.select_related("lot", "created_by"), user)


def household_by_number(*, user: Any, number: Any) -> Household | None:
    try:
        number = int(number)
    except (TypeError, ValueError):
        return None
    return scope_region(Household.objects.select_related("municipality"), user).filter(
        number=number
    ).first()


def household_list(*, user: Any) -> QuerySet[Household]:
    return scope_region(Household.objects.select_related("municipality"), user)


def household_get(*, user: Any, pk: Any) -> Household:
    """Non-personal view of a household (number, size, municipality)."""
    return _get(Household.objects.select_related("municipality"), user, pk)


def household_personal_get(*, user: Any, pk: Any) -> Household:
    """The household with name and contact: PERSONAL_ALL only, every read audited."""
    if not user_can(user, Capability.PERSONAL_ALL):
        raise Http404
    household = _get(Household.objects.select_related("municipality", "person"), user, pk)
    audit_record(actor=user, action=AuditAction.VIEW, target=household,
                 summary=f"number={household.number}")
    return household


def distribution_get(*, user: Any, pk: Any) -> Distribution:
    return _get(Distribution.objects.select_related("household", "pantry_event"), user, pk)


def delivery_list(*, user: Any) -> QuerySet[Distribution]:
    return scope_region(
        Distribution.objects.filter(kind="delivery").select_related("household"), user
    )


def pantry_event_list(*, user: Any) -> QuerySet[PantryEvent]:
    return scope_region(PantryEvent.objects.select_related("municipality"), user).annotate(
        people=Sum("check_ins__head_count"), check_in_count=Count("check_ins")
    ).order_by("-held_on", "-pk")


def pantry_event_get(*, user: Any, pk: Any) -> PantryEvent:
    return _get(PantryEvent.objects.select_related("municipality"), user, pk)


def cafeteria_session_list(*, user: Any) -> QuerySet[CafeteriaSession]:
    return scope_region(CafeteriaSession.objects.select_related("municipality"), user)


def cafeteria_session_get(*, user: Any, pk: Any) -> CafeteriaSession:
    return _get(CafeteriaSession.objects.select_related("municipality", "event"), user, pk)


def appliance_list(*, user: Any) -> QuerySet[Appliance]:
    return scope_region(Appliance.objects.select_related("request__household"), user)


def appliance_get(*, user: Any, pk: Any) -> Appliance:
    return _get(Appliance.objects.select_related("request__household"), user, pk)


def appliance_request_open(*, user: Any) -> QuerySet[ApplianceRequest]:
    return scope_region(
        ApplianceRequest.objects.filter(closed=False).select_related("household"), user
    )


DEFAULT_REPEAT_DAYS = 30


def repeat_days() -> int:
    """A household receiving again within this many days is warned about
    (setting ``TSUNAGU_FOODBANK_REPEAT_DAYS``; default 30)."""
    return int(getattr(settings, "TSUNAGU_FOODBANK_REPEAT_DAYS", DEFAULT_REPEAT_DAYS))


def fefo_order() -> list:
    """First expired, first out: earliest date first; at one date 消費期限 before 賞味期限;
    lots without a date last."""
    return [
        F("expiry_date").asc(nulls_last=True),
        Case(
            When(expiry_kind=ExpiryKind.USE_BY, then=Value(0)),
            When(expiry_kind=ExpiryKind.BEST_BEFORE, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        "pk",
    ]


def recent_receipt(household: Household, on: date) -> Distribution | None:
    """The latest distribution to ``household`` within the repeat period before ``on``."""
    since = on - timedelta(days=repeat_days())
    return (
        Distribution.objects.filter(household=household, given_on__gte=since, given_on__lte=on)
        .order_by("-given_on", "-pk")
        .first()
    )
