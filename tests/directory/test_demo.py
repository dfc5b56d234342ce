"""The directory's demo entries (tsunagu.directory.demo): loaded, spread over the region,
marked as fictional where they are, and loaded only once."""

from datetime import date

import pytest

from tsunagu.core.services import organization_upsert
from tsunagu.directory.demo import FICTIONAL, demo_directory_load
from tsunagu.directory.hours import OpenState, open_state, service_schedules
from tsunagu.directory.models import Location, ResourceOrganization, Service
from tsunagu.portal.management.commands.demo import ORGANIZATIONS


@pytest.fixture
def demo_region(region):
    """The region with the demo's core organizations (as `tsunagu demo` makes them)."""
    for spec in ORGANIZATIONS:
        fields = {k: v for k, v in spec.items() if k not in ("name", "municipality")}
        organization_upsert(actor="test", region=region, name=spec["name"], **fields)
    return region


def test_the_demo_loads_the_seed_organizations_and_hot_stations(demo_region):
    created = demo_directory_load(region=demo_region)

    services = Service.objects.filter(region=demo_region)
    assert created == services.count() >= 17
    names = set(services.values_list("name", flat=True))
    assert "障がいのある人と家族の総合相談（さんサポ）" in names
    assert "ちいき食堂「ほのん」" in names
    hot = services.filter(is_hot_station=True)
    assert hot.count() >= 10
    towns = set(
        Location.objects.filter(services__in=hot).values_list("municipality__code", flat=True)
    )
    assert towns == {"12213", "12237", "12239", "12403", "12409", "12410"}
    for service in hot:
        assert FICTIONAL in service.description
        assert service.offerings
        location = service.locations.get()
        assert location.latitude and location.longitude
        address = service.document["service_at_locations"][0]["location"]["addresses"][0]
        assert address["postal_code"][3] == "-" and address["state_province"] == "千葉県"


def test_sansapo_opens_on_weekdays_except_holidays(demo_region):
    from tsunagu.core.dates import TOKYO

    demo_directory_load(region=demo_region)
    sansapo = Service.objects.get(name="障がいのある人と家族の総合相談（さんサポ）")
    schedules = service_schedules(sansapo.document)

    def at(day: date, hour: int, minute: int = 0):
        from datetime import datetime

        return open_state(
            schedules, datetime(day.year, day.month, day.day, hour, minute, tzinfo=TOKYO)
        )

    assert at(date(2025, 6, 2), 8, 30) == OpenState.OPEN  # Monday
    assert at(date(2025, 6, 2), 17, 15) == OpenState.CLOSED
    assert at(date(2025, 6, 7), 10) == OpenState.CLOSED  # Saturday
    assert at(date(2025, 5, 5), 10) == OpenState.CLOSED  # こどもの日
    assert at(date(2025, 12, 30), 10) == OpenState.CLOSED  # 年末年始
    assert sansapo.organization.member.name == "山武郡市障がい者基幹相談支援センター"


def test_the_cool_station_opens_only_in_summer(demo_region):
    demo_directory_load(region=demo_region)
    cool = [s for s in Service.objects.filter(is_hot_station=True) if "cool" in s.offerings]
    assert len(cool) == 1
    schedule = cool[0].document["schedules"][0]
    assert schedule["valid_from"].endswith("-07-01")
    assert schedule["valid_to"].endswith("-09-30")


def test_members_of_the_network_may_propose_for_their_entries(demo_region):
    demo_directory_load(region=demo_region)

    link = ResourceOrganization.objects.get(region=demo_region, name="特定非営利活動法人リンク")
    assert link.member.name == "特定非営利活動法人リンク"  # demo-member's organization
    assert link.services.count() == 2


def test_loading_again_changes_nothing(demo_region):
    first = demo_directory_load(region=demo_region)
    documents = dict(Service.objects.values_list("pk", "document"))

    again = demo_directory_load(region=demo_region)

    assert first > 0 and again == 0
    assert dict(Service.objects.values_list("pk", "document")) == documents
    assert ResourceOrganization.objects.filter(region=demo_region).count() == len(
        set(ResourceOrganization.objects.values_list("name", flat=True))
    )


def test_some_entries_need_review(demo_region):
    from tsunagu.directory.staff_selectors import review_cutoff

    demo_directory_load(region=demo_region)

    stale = Service.objects.filter(region=demo_region, assured_date__lt=review_cutoff())
    never = Service.objects.filter(region=demo_region, assured_date__isnull=True)
    assert stale.exists() and never.exists()
