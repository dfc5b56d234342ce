"""The pantry check-in on two tablets: keyboard only, the repeat warning acknowledged, and
the count of one tablet following the other's check-ins."""

from datetime import timedelta

import pytest
from tests.foodbank.fixtures import make_household

from tsunagu.core import dates
from tsunagu.foodbank import services
from tsunagu.foodbank.models import Distribution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_tablets_keyboard_and_repeat_warning(context, page, sign_in, member, region):
    today = dates.today_local()
    event = services.pantry_event_create(actor="test", region=region, held_on=today,
                                         title="山武パントリー")
    household = make_household(region, number=12, size=2, children=0)
    services.delivery_record(actor="test", region=region, household=household,
                             given_on=today - timedelta(days=3), items=[])
    sign_in(member)
    path = f"/foodbank/pantry/{event.pk}/"
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(path)
    other = context.new_page()
    other.set_viewport_size({"width": 1024, "height": 768})
    other.goto(path)
    assert other.locator("#people-count").inner_text() == "0"

    # Keyboard only: the number field has the focus; type, Enter.
    page.keyboard.type("12")
    page.keyboard.press("Enter")
    page.get_by_text("受け取っています").wait_for()
    assert Distribution.objects.filter(pantry_event=event).count() == 0
    page.get_by_role("button", name="確認して受け付ける").focus()
    page.keyboard.press("Enter")
    page.get_by_text("受付番号 12 を受け付けました（2人）。").wait_for()

    # Tab from the number field reaches 受付 then 匿名 +1.
    page.get_by_label("受付番号").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "匿名 +1"
    page.keyboard.press("Enter")
    page.get_by_text("匿名で 1 人を受け付けました。").wait_for()
    assert page.locator("#people-count").inner_text() == "3"

    # The other tablet's count follows (it asks the server every few seconds).
    other.locator("#people-count", has_text="3").wait_for(timeout=15_000)
    assert other.locator("#household-count").inner_text() == "1"
    assert Distribution.objects.get(household=household, pantry_event=event).repeat_acknowledged
