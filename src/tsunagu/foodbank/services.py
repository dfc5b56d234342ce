"""Writes of the material-support programs: one function per use case, audited inside.

Stock rule: a lot's ``quantity`` changes only here, after ``select_for_update`` on the lot, and
every change writes a ``StockMovement`` in the same transaction. Asking for more than is on
hand raises ``ValidationError`` with a clear message; the database check on ``Lot.quantity``
is the last guard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.audit import acting_user, audit_record
from tsunagu.core.models import AuditAction, Municipality, Region
from tsunagu.foodbank.models import (
    CafeteriaSession,
    Distribution,
    DistributionKind,
    Donation,
    DonorKind,
    ExpiryKind,
    Household,
    Lot,
    MovementKind,
    PantryEvent,
    StockMovement,
    Unit,
    VenueType,
    WasteReason,
)
from tsunagu.foodbank.selectors import fefo_order, recent_receipt, repeat_days

MAX_QUANTITY = 100_000


def _check_quantity(quantity: Any, field: str = "quantity") -> int:
    if not isinstance(quantity, int) or quantity <= 0:
        raise ValidationError({field: _("数量は1以上の整数で入力してください。")})
    if quantity > MAX_QUANTITY:
        raise ValidationError({field: _("数量が大きすぎます（%(max)s まで）。") % {"max": MAX_QUANTITY}})
    return quantity


def _move(
    *,
    actor: Any,
    lot: Lot,
    kind: str,
    delta: int,
    on: date,
    reason: str = "",
    note: str = "",
    distribution: Distribution | None = None,
    session: CafeteriaSession | None = None,
    pantry_event: PantryEvent | None = None,
) -> StockMovement:
    """Change a locked lot by ``delta`` and write the movement. The caller holds the lock."""
    before = lot.quantity
    after = before + delta
    if after < 0:
        raise ValidationError(
            _("「%(name)s」の在庫が足りません（在庫 %(have)s、必要 %(need)s）。")
            % {"name": lot.name, "have": before, "need": -delta}
        )
    lot.quantity = after
    lot.save(update_fields=["quantity"])
    return StockMovement.objects.create(
        region_id=lot.region_id,
        lot=lot,
        kind=kind,
        quantity=delta,
        weight_kg=lot.weight_of(abs(delta)),
        quantity_before=before,
        quantity_after=after,
        reason=reason,
        note=note[:200],
        occurred_on=on,
        fiscal_year=dates.fiscal_year(on),
        distribution=distribution,
        session=session,
        pantry_event=pantry_event,
        created_by=acting_user(actor),
    )


# ---- donations ---------------------------------------------------------------------------


@dataclass
class LotInput:
    name: str
    category: str
    unit: str
    quantity: int
    expiry_kind: str = ExpiryKind.NONE
    expiry_date: date | None = None
    unit_weight_kg: Decimal | None = None
    storage_place: str = ""


@transaction.atomic
def donation_record(
    *,
    actor: Any,
    region: Region,
    received_on: date,
    donor_kind: str,
    donor_name: str = "",
    note: str = "",
    items: list[LotInput],
) -> Donation:
    """Record a donation and receive its items into stock (one lot and one movement each)."""
    donor_name = donor_name.strip()
    if donor_kind == DonorKind.ANONYMOUS:
        donor_name = ""
    elif not donor_name:
        raise ValidationError({"donor_name": _("寄付者名を入力してください（匿名なら区分を「匿名」に）。")})
    if not items:
        raise ValidationError(_("品目を1つ以上入力してください。"))
    donation = Donation(
        region=region,
        received_on=received_on,
        donor_kind=donor_kind,
        donor_name=donor_name,
        note=note.strip(),
        created_by=acting_user(actor),
    )
    donation.full_clean()
    donation.save()
    for item in items:
        quantity = _check_quantity(item.quantity)
        if item.expiry_kind != ExpiryKind.NONE and item.expiry_date is None:
            raise ValidationError({"expiry_date": _("期限の日付を入力してください。")})
        if item.unit_weight_kg is not None and item.unit_weight_kg < 0:
            raise ValidationError({"unit_weight_kg": _("重さは0以上で入力してください。")})
        lot = Lot(
            region=region,
            donation=donation,
            name=item.name.strip(),
            category=item.category,
            unit=item.unit,
            quantity_received=quantity,
            quantity=0,
            unit_weight_kg=None if item.unit == Unit.KG else item.unit_weight_kg,
            expiry_kind=item.expiry_kind,
            expiry_date=item.expiry_date if item.expiry_kind != ExpiryKind.NONE else None,
            storage_place=item.storage_place.strip(),
        )
        lot.full_clean()
        lot.save()
        _move(actor=actor, lot=lot, kind=MovementKind.RECEIVE, delta=quantity, on=received_on)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=donation,
        summary=f"lots={len(items)} donor_kind={donor_kind}",
    )
    return donation


# ---- stock -------------------------------------------------------------------------------


def _locked_lot(region: Region, lot_id: int) -> Lot:
    try:
        return Lot.objects.select_for_update().get(region=region, pk=lot_id)
    except Lot.DoesNotExist:
        raise ValidationError(_("在庫が見つかりません。")) from None


@transaction.atomic
def stock_pick(
    *,
    actor: Any,
    region: Region,
    name: str,
    quantity: int,
    kind: str,
    on: date,
    distribution: Distribution | None = None,
    session: CafeteriaSession | None = None,
    pantry_event: PantryEvent | None = None,
) -> list[StockMovement]:
    """Take ``quantity`` of item ``name`` out of stock, first expired first out (FEFO)."""
    quantity = _check_quantity(quantity)
    if kind not in (MovementKind.GIVE_OUT, MovementKind.CAFETERIA):
        raise ValueError(kind)
    lots = list(
        Lot.objects.select_for_update()
        .filter(region=region, name=name, quantity__gt=0)
        .order_by(*fefo_order())
    )
    available = sum(lot.quantity for lot in lots)
    if available < quantity:
        raise ValidationError(
            _("「%(name)s」の在庫が足りません（在庫 %(have)s、必要 %(need)s）。")
            % {"name": name, "have": available, "need": quantity}
        )
    movements = []
    remaining = quantity
    for lot in lots:
        if remaining == 0:
            break
        take = min(lot.quantity, remaining)
        movements.append(
            _move(
                actor=actor, lot=lot, kind=kind, delta=-take, on=on,
                distribution=distribution, session=session, pantry_event=pantry_event,
            )
        )
        remaining -= take
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target_type="foodbank.lot",
        target_id=movements[0].lot_id,
        region=region,
        summary=f"pick kind={kind} quantity={quantity} lots={len(movements)}",
    )
    return movements


@transaction.atomic
def stock_waste(
    *, actor: Any, region: Region, lot_id: int, quantity: int, reason: str, on: date, note: str = ""
) -> StockMovement:
    quantity = _check_quantity(quantity)
    if reason not in WasteReason.values:
        raise ValidationError({"reason": _("廃棄の理由を選んでください。")})
    lot = _locked_lot(region, lot_id)
    movement = _move(
        actor=actor, lot=lot, kind=MovementKind.WASTE, delta=-quantity, on=on, reason=reason,
        note=note,
    )
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=lot,
        summary=f"waste quantity={quantity} reason={reason}",
    )
    return movement


@transaction.atomic
def stock_count(
    *, actor: Any, region: Region, lot_id: int, counted: int, on: date, note: str = ""
) -> StockMovement | None:
    """棚卸: set a lot to the counted quantity; the difference is kept as an adjustment."""
    if not isinstance(counted, int) or counted < 0 or counted > MAX_QUANTITY:
        raise ValidationError({"counted": _("数えた数は0以上の整数で入力してください。")})
    lot = _locked_lot(region, lot_id)
    delta = counted - lot.quantity
    if delta == 0:
        return None
    movement = _move(
        actor=actor, lot=lot, kind=MovementKind.ADJUST, delta=delta, on=on, note=note
    )
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=lot,
        summary=f"count before={movement.quantity_before} after={movement.quantity_after}",
    )
    return movement


# ---- households and distributions --------------------------------------------------------


@transaction.atomic
def household_register(
    *,
    actor: Any,
    region: Region,
    size: int,
    children: int = 0,
    municipality: Municipality | None = None,
    referred_by: str = "",
    name: str = "",
    phone: str = "",
    address: str = "",
    consent_consultation: bool = False,
    number: int | None = None,
) -> Household:
    if size < 1 or size > 30:
        raise ValidationError({"size": _("世帯人数は1〜30で入力してください。")})
    if children < 0 or children > size:
        raise ValidationError({"children": _("子どもの数は世帯人数以下で入力してください。")})
    if municipality is not None and municipality.region_id != region.pk:
        raise ValidationError({"municipality": _("この圏域の市町村ではありません。")})
    if number is None:
        last = Household.objects.filter(region=region).aggregate(n=Max("number"))["n"] or 0
        number = last + 1
    elif Household.objects.filter(region=region, number=number).exists():
        raise ValidationError({"number": _("この受付番号はすでに使われています。")})
    household = Household.objects.create(
        region=region, number=number, size=size, children=children, municipality=municipality,
        referred_by=referred_by.strip(), name=name.strip(), phone=phone.strip(),
        address=address.strip(), consent_consultation=consent_consultation,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=household,
                 summary=f"number={number}")
    return household


@transaction.atomic
def household_update(*, actor: Any, household: Household, **fields: Any) -> Household:
    """Change a household's details (size, children, municipality, referral, and — for
    PERSONAL_ALL users, which the view checks — name, phone, address, consent)."""
    allowed = {"size", "children", "municipality", "referred_by", "name", "phone", "address",
               "consent_consultation"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(sorted(unknown))
    for name, value in fields.items():
        setattr(household, name, value.strip() if isinstance(value, str) else value)
    if household.size < 1 or household.size > 30:
        raise ValidationError({"size": _("世帯人数は1〜30で入力してください。")})
    if household.children < 0 or household.children > household.size:
        raise ValidationError({"children": _("子どもの数は世帯人数以下で入力してください。")})
    if household.municipality is not None and household.municipality.region_id != household.region_id:
        raise ValidationError({"municipality": _("この圏域の市町村ではありません。")})
    household.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=household,
                 summary="changed: " + ",".join(sorted(fields)))
    return household


class RepeatWarning(ValidationError):
    """The household received within the repeat period; ask the worker to acknowledge."""


def _repeat_check(household: Household, on: date, acknowledged: bool) -> bool:
    previous = recent_receipt(household, on)
    if previous is not None and not acknowledged:
        raise RepeatWarning(
            _("受付番号 %(number)s の世帯は %(date)s に受け取っています（%(days)s日以内）。"
              "確認のうえ記録してください。")
            % {"number": household.number, "date": dates.wareki(previous.given_on),
               "days": repeat_days()}
        )
    return previous is not None


@transaction.atomic
def delivery_record(
    *,
    actor: Any,
    region: Region,
    household: Household,
    given_on: date,
    items: list[tuple[str, int]],
    acknowledge_repeat: bool = False,
) -> Distribution:
    """物資支援: one delivery to one household, with the items picked FEFO from stock."""
    if household.region_id != region.pk:
        raise ValidationError(_("この圏域の世帯ではありません。"))
    Household.objects.select_for_update().filter(pk=household.pk).first()
    repeat = _repeat_check(household, given_on, acknowledge_repeat)
    distribution = Distribution.objects.create(
        region=region, kind=DistributionKind.DELIVERY, given_on=given_on,
        fiscal_year=dates.fiscal_year(given_on), household=household,
        head_count=household.size, repeat_acknowledged=repeat, created_by=acting_user(actor),
    )
    for name, quantity in items:
        stock_pick(actor=actor, region=region, name=name, quantity=quantity,
                   kind=MovementKind.GIVE_OUT, on=given_on, distribution=distribution)
    audit_record(actor=actor, action=AuditAction.CREATE, target=distribution,
                 summary=f"household={household.number} items={len(items)} repeat={repeat}")
    return distribution


@transaction.atomic
def pantry_event_create(
    *, actor: Any, region: Region, held_on: date, title: str,
    municipality: Municipality | None = None,
) -> PantryEvent:
    if municipality is not None and municipality.region_id != region.pk:
        raise ValidationError({"municipality": _("この圏域の市町村ではありません。")})
    event = PantryEvent.objects.create(
        region=region, held_on=held_on, title=title.strip(), municipality=municipality
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=event)
    return event


@transaction.atomic
def pantry_check_in(
    *,
    actor: Any,
    event: PantryEvent,
    household: Household | None = None,
    anonymous_count: int = 0,
    acknowledge_repeat: bool = False,
) -> Distribution:
    """Check in a numbered household (its size counts as people) or ``anonymous_count``
    people without a number."""
    region = event.region
    if household is not None:
        if household.region_id != region.pk:
            raise ValidationError(_("この圏域の世帯ではありません。"))
        Household.objects.select_for_update().filter(pk=household.pk).first()
        if Distribution.objects.filter(pantry_event=event, household=household).exists():
            raise ValidationError(
                _("受付番号 %(number)s の世帯はこの回で受付済みです。") % {"number": household.number}
            )
        repeat = _repeat_check(household, event.held_on, acknowledge_repeat)
        head_count = household.size
    else:
        if not isinstance(anonymous_count, int) or not 1 <= anonymous_count <= 1000:
            raise ValidationError(_("人数は1〜1000で入力してください。"))
        repeat = False
        head_count = anonymous_count
    distribution = Distribution.objects.create(
        region=region, kind=DistributionKind.PANTRY, given_on=event.held_on,
        fiscal_year=dates.fiscal_year(event.held_on), household=household,
        pantry_event=event, head_count=head_count, repeat_acknowledged=repeat,
        created_by=acting_user(actor),
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, target=distribution,
        summary=f"pantry={event.pk} household={household.number if household else '-'} "
        f"people={head_count}",
    )
    return distribution


@transaction.atomic
def distribution_open_consultation(
    *, actor: Any, distribution: Distribution, person: Any, method: Any, caller_type: Any,
    topics: list, record: str = "",
) -> Any:
    """With the household's consent, link it to a person and open a consultation through
    consultations.services (PERSONAL_ALL users only; the view checks)."""
    from tsunagu.consultations.services import consultation_record

    household = distribution.household
    if household is None or not household.consent_consultation:
        raise ValidationError(_("世帯の同意がないため、相談記録を作れません。"))
    if person.region_id != distribution.region_id:
        raise ValidationError(_("この圏域の利用者ではありません。"))
    household.person = person
    household.save(update_fields=["person"])
    consultation = consultation_record(
        actor=actor, region=distribution.region, occurred_at=dates.now_local(), method=method,
        caller_type=caller_type, topics=topics, person=person, record=record,
        staff=acting_user(actor), organization=getattr(acting_user(actor), "organization", None),
    )
    distribution.consultation = consultation
    distribution.save(update_fields=["consultation"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=distribution,
                 summary=f"consultation={consultation.pk} household={household.number}")
    return consultation


# ---- cafeteria ---------------------------------------------------------------------------


@transaction.atomic
def cafeteria_session_record(
    *,
    actor: Any,
    region: Region,
    held_on: date,
    venue_type: str,
    venue_name: str = "",
    municipality: Municipality | None = None,
    children: int = 0,
    adults: int = 0,
    volunteers: int = 0,
    food: list[tuple[str, int]] | None = None,
    event: Any = None,
) -> CafeteriaSession:
    if venue_type not in VenueType.values:
        raise ValidationError({"venue_type": _("開催の形を選んでください。")})
    for value in (children, adults, volunteers):
        if value < 0 or value > MAX_QUANTITY:
            raise ValidationError(_("人数は0以上で入力してください。"))
    if municipality is not None and municipality.region_id != region.pk:
        raise ValidationError({"municipality": _("この圏域の市町村ではありません。")})
    session = CafeteriaSession(
        region=region, held_on=held_on, fiscal_year=dates.fiscal_year(held_on),
        venue_type=venue_type, venue_name=venue_name.strip(), municipality=municipality,
        children=children, adults=adults, volunteers=volunteers,
    )
    if event is not None:
        if event.region_id != region.pk:
            raise ValidationError(_("この圏域の行事ではありません。"))
        session.event = event
    session.save()
    for name, quantity in food or []:
        stock_pick(actor=actor, region=region, name=name, quantity=quantity,
                   kind=MovementKind.CAFETERIA, on=held_on, session=session)
    audit_record(actor=actor, action=AuditAction.CREATE, target=session,
                 summary=f"venue_type={venue_type} people={children + adults}")
    return session
