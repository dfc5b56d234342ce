"""Two workers in two browsers edit the same person; the second save shows
「他の職員が先に保存しました」 with both versions, and nothing of the first is lost."""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in_page(browser, live_server, login, user):
    context = browser.new_context(base_url=live_server.url, locale="ja-JP",
                                  timezone_id="Asia/Tokyo")
    context.set_default_timeout(10_000)
    client = login(Client(), user)
    context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])  # fmt: skip
    return context, context.new_page()


def test_second_worker_sees_both_versions_and_can_merge(
    browser, live_server, login, admin, center_staff, person
):
    first_context, first = _signed_in_page(browser, live_server, login, admin)
    second_context, second = _signed_in_page(browser, live_server, login, center_staff)
    try:
        url = f"/people/{person.pk}/edit/"
        first.goto(url)
        second.goto(url)  # both forms open before either saves

        first.get_by_label("連絡先の備考").fill("午前中は不在")
        first.get_by_role("button", name="保存").click()
        first.wait_for_url(f"**/people/{person.pk}/")

        second.get_by_label("連絡先の備考").fill("携帯に連絡")
        second.get_by_role("button", name="保存").click()
        alert = second.get_by_role("alert").filter(has_text="他の職員が先に保存しました")
        alert.wait_for()
        row = alert.get_by_role("row").filter(has_text="連絡先の備考")
        assert "午前中は不在" in row.inner_text()  # theirs, saved now
        assert "携帯に連絡" in row.inner_text()  # yours, not saved yet
        person.refresh_from_db()
        assert person.contact_note == "午前中は不在"

        # Merge in the form that kept the second worker's input, and save again.
        second.get_by_label("連絡先の備考").fill("午前中は不在。携帯に連絡")
        second.get_by_role("button", name="保存").click()
        second.wait_for_url(f"**/people/{person.pk}/")
        person.refresh_from_db()
        assert person.contact_note == "午前中は不在。携帯に連絡"
    finally:
        first_context.close()
        second_context.close()
