"""The registration form in a real browser: the postal-code lookup fills 市町村 and 住所
(postal.js, no inline script, no console error), and Enter in a field sends the form.

The browser fixtures of tests/browser/conftest.py are not visible from here, and a second
Playwright cannot start in the thread where theirs runs; so this test drives its own
Chromium in a thread of its own and checks the database afterwards, in the test's thread."""

import os
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tsunagu.people.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("TSUNAGU_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]


def _in_browser(base_url: str, session_cookie: str, steps) -> None:
    """Run ``steps(page)`` in a fresh Chromium signed in with ``session_cookie``."""
    failure: list[BaseException] = []

    def run() -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=ARGS
                )
                context = browser.new_context(base_url=base_url, locale="ja-JP")
                context.set_default_timeout(10_000)
                context.add_cookies(
                    [{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie,
                      "url": base_url}]
                )  # fmt: skip
                try:
                    steps(context.new_page())
                finally:
                    browser.close()
        except BaseException as error:  # re-raised in the test's thread
            failure.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def test_postal_code_fills_municipality_and_address(live_server, center_staff, region, login):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (see tests/browser/conftest.py)")
    cookie = login(Client(), center_staff).cookies[settings.SESSION_COOKIE_NAME].value
    tokyo = region.municipalities.get(code="12213")
    seen: dict = {}

    def steps(page) -> None:
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto("/people/new/")
        page.locator("#id_family_name").fill("佐藤")
        page.locator("#id_family_name_kana").fill("さとう")
        page.locator("#id_birth_date").fill("Ｒ４．４．１")
        page.locator("#id_postal_code").fill("２８３－００６６")
        page.wait_for_function(
            "id => document.getElementById('id_municipality').value === String(id)", arg=tokyo.pk
        )
        seen["address"] = page.locator("#id_address").input_value()
        seen["status"] = page.get_by_role("status").first.inner_text()
        page.locator("#id_address").press("End")
        page.keyboard.type("1-2")
        page.locator("#id_address").press("Enter")  # sends the form
        page.wait_for_url("**/people/*/")
        seen["page"] = page.content()
        seen["errors"] = errors

    _in_browser(live_server.url, cookie, steps)
    assert seen["address"] == "南上宿"
    assert "千葉県東金市南上宿" in seen["status"]
    person = Person.objects.get(family_name="佐藤")
    assert (person.family_name_kana, person.postal_code) == ("サトウ", "283-0066")
    assert (person.municipality, person.address) == (tokyo, "南上宿1-2")
    assert "令和4年4月1日" in seen["page"]
    assert seen["errors"] == []  # no CSP violation, no script error
