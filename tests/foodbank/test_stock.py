"""Stock: FEFO picking, never negative, every change in history."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from tests.foodbank.fixtures import lot_input, make_donation, make_household

from tsunagu.core import dates
from tsunagu.core.models import AuditEntry
from tsunagu.foodbank import selectors, services
from tsunagu.foodbank.models import ExpiryKind, Lot, MovementKind, StockMovement


def _lots(region):
    make_donation(region, items=[
        lot_input(name="米", quantity=5, days=60, place="倉庫A", unit="bag", weight="5"),
        lot_input(name="米", quantity=5, days=10, kind=ExpiryKind.BEST_BEFORE, place="倉庫B",
                  unit="bag", weight="5"),
        lot_input(name="米", quantity=5, days=10, kind=ExpiryKind.USE_BY, place="倉庫C",
                  unit="bag", weight="5"),
        lot_input(name="米", quantity=5, kind=ExpiryKind.NONE, place="倉庫D", unit="bag",
                  weight="5"),
    ])
    return {lot.storage_place: lot for lot in Lot.objects.filter(region=region)}


def test_receiving_writes_a_movement_per_lot(region):
    donation = make_donation(region, items=[lot_input(quantity=7), lot_input(name="米")])
    assert donation.lots.count() == 2
    moves = StockMovement.objects.filter(kind=MovementKind.RECEIVE)
    assert sorted(m.quantity for m in moves) == [7, 10]
    assert all(m.quantity_before == 0 for m in moves)
    assert AuditEntry.objects.filter(target_type="foodbank.donation").count() == 1


def test_fefo_picks_earliest_date_use_by_first_undated_last(region):
    lots = _lots(region)
    moves = services.stock_pick(actor="test", region=region, name="米", quantity=12,
                                kind=MovementKind.GIVE_OUT, on=dates.today_local())
    assert [m.lot.storage_place for m in moves] == ["倉庫C", "倉庫B", "倉庫A"]
    assert [m.quantity for m in moves] == [-5, -5, -2]
    for place, left in {"倉庫C": 0, "倉庫B": 0, "倉庫A": 3, "倉庫D": 5}.items():
        lots[place].refresh_from_db()
        assert lots[place].quantity == left
    assert sum(m.weight_kg for m in moves) == 60


def test_over_picking_is_refused_and_nothing_changes(region):
    _lots(region)
    with pytest.raises(ValidationError, match="在庫が足りません"):
        services.stock_pick(actor="test", region=region, name="米", quantity=21,
                            kind=MovementKind.GIVE_OUT, on=dates.today_local())
    assert sum(Lot.objects.values_list("quantity", flat=True)) == 20
    assert not StockMovement.objects.exclude(kind=MovementKind.RECEIVE).exists()


@pytest.mark.parametrize("bad", [0, -3, 10**9, "3"])
def test_bad_quantities_are_refused(region, bad):
    _lots(region)
    with pytest.raises(ValidationError):
        services.stock_pick(actor="test", region=region, name="米", quantity=bad,
                            kind=MovementKind.GIVE_OUT, on=dates.today_local())


def test_the_database_refuses_a_negative_lot(region, foodbank_lot):
    with pytest.raises(IntegrityError), transaction.atomic():
        Lot.objects.filter(pk=foodbank_lot.pk).update(quantity=-1)


@pytest.mark.django_db(transaction=True)
def test_concurrent_picks_cannot_go_negative(region):
    """Two workers take 7 of 10 at once: one succeeds, the other is told there is not enough."""
    make_donation(region, items=[lot_input(name="米", quantity=10)])
    results = []
    barrier = threading.Barrier(2)

    def pick():
        try:
            barrier.wait()
            services.stock_pick(actor="test", region=region, name="米", quantity=7,
                                kind=MovementKind.GIVE_OUT, on=dates.today_local())
            results.append("ok")
        except ValidationError:
            results.append("refused")
        except Exception as error:  # SQLite: "database is locked" is also a refusal
            results.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=pick) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    lot = Lot.objects.get(region=region)
    assert lot.quantity == 3
    assert lot.movements.filter(kind=MovementKind.GIVE_OUT).count() == 1


def test_waste_and_count_are_kept_in_history(region, foodbank_lot):
    today = dates.today_local()
    services.stock_waste(actor="test", region=region, lot_id=foodbank_lot.pk, quantity=2,
                         reason="damaged", on=today)
    services.stock_count(actor="test", region=region, lot_id=foodbank_lot.pk, counted=5,
                         on=today, note="棚卸")
    assert services.stock_count(actor="test", region=region, lot_id=foodbank_lot.pk,
                                counted=5, on=today) is None
    history = list(foodbank_lot.movements.order_by("pk").values_list(
        "kind", "quantity", "quantity_before", "quantity_after"))
    assert history == [("receive", 10, 0, 10), ("waste", -2, 10, 8), ("adjust", -3, 8, 5)]
    with pytest.raises(ValidationError):
        services.stock_waste(actor="test", region=region, lot_id=foodbank_lot.pk, quantity=6,
                             reason="expired", on=today)
    with pytest.raises(ValidationError):
        services.stock_waste(actor="test", region=region, lot_id=foodbank_lot.pk, quantity=1,
                             reason="bogus", on=today)


def test_use_soon_and_expired_lists(region, member):
    today = dates.today_local()
    make_donation(region, items=[
        lot_input(name="パン", days=3), lot_input(name="缶詰", days=100),
        lot_input(name="牛乳", days=14), lot_input(name="ジュース", days=15),
    ])
    Lot.objects.filter(name="缶詰").update(expiry_date=today - timedelta(days=1))
    soon = [lot.name for lot in selectors.lots_expiring(user=member, today=today)]
    assert soon == ["パン", "牛乳"]
    assert [lot.name for lot in selectors.lots_expiring(user=member, today=today, days=15)] == [
        "パン", "牛乳", "ジュース"]
    assert [lot.name for lot in selectors.lots_expired(user=member, today=today)] == ["缶詰"]


def test_delivery_picks_and_warns_on_a_repeat_within_the_period(region, settings):
    settings.TSUNAGU_FOODBANK_REPEAT_DAYS = 30
    make_donation(region, items=[lot_input(name="米", quantity=10)])
    household = make_household(region, number=5)
    today = dates.today_local()
    services.delivery_record(actor="test", region=region, household=household,
                             given_on=today - timedelta(days=10), items=[("米", 2)])
    with pytest.raises(services.RepeatWarning, match="受け取っています"):
        services.delivery_record(actor="test", region=region, household=household,
                                 given_on=today, items=[("米", 2)])
    assert Lot.objects.get().quantity == 8
    second = services.delivery_record(actor="test", region=region, household=household,
                                      given_on=today, items=[("米", 2)],
                                      acknowledge_repeat=True)
    assert second.repeat_acknowledged
    assert Lot.objects.get().quantity == 6
    settings.TSUNAGU_FOODBANK_REPEAT_DAYS = 5
    third = services.delivery_record(actor="test", region=region, household=household,
                                     given_on=today + timedelta(days=6), items=[])
    assert not third.repeat_acknowledged
