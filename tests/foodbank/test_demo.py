"""The demo reproduces the seed's 令和4年度 figures and is idempotent."""

from tsunagu.foodbank.demo import demo_foodbank_load
from tsunagu.foodbank.figures import foodbank_figures
from tsunagu.foodbank.models import CafeteriaSession, Lot, VenueType


def _totals(region):
    figures = foodbank_figures(region_id=region.pk, fiscal_year=2022)
    return {(s["title"], r["label"]): r["total"] for s in figures["sections"] for r in s["rows"]}


def test_demo_reproduces_the_seed_figures_and_runs_twice(region):
    assert demo_foodbank_load(region=region) is True
    assert demo_foodbank_load(region=region) is False
    totals = _totals(region)
    assert totals[("物資支援", "物資支援の回数")] == 64
    assert totals[("物資支援", "支援世帯数（物資支援・パントリーの受付番号）")] == 68
    assert totals[("フードパントリー", "開催回数")] == 6
    assert totals[("フードパントリー", "提供人数")] == 1050
    assert totals[("ちいき食堂", "開催回数")] == 16
    assert totals[("ちいき食堂", "参加者（子ども＋大人）")] == 1644
    sessions = CafeteriaSession.objects.filter(region=region, fiscal_year=2022)
    assert {v: sessions.filter(venue_type=v).count() for v in VenueType} == {
        VenueType.COMMUNITY_EVENT: 8, VenueType.SCHOOL: 4, VenueType.FESTA: 1,
        VenueType.CORPORATE: 3, VenueType.OTHER: 0,
    }
    assert Lot.objects.filter(quantity__lt=0).count() == 0


def test_demo_without_records_creates_no_households(region):
    demo_foodbank_load(region=region, with_records=False)
    from tsunagu.foodbank.models import Household

    assert not Household.objects.exists()
    assert CafeteriaSession.objects.count() == 16
    assert demo_foodbank_load(region=region) is True
    assert _totals(region)[("フードパントリー", "提供人数")] == 1050
