"""Browser fixtures: Debian's Chromium driven by Playwright's sync API against
pytest-django's ``live_server``.

Never ``playwright install``: the browser is the system Chromium (``TSUNAGU_CHROMIUM``,
default /usr/bin/chromium; ``make test`` installs it through tools/ensure-chromium.sh).

On a failing test the page is kept as a full-page screenshot under
``test-artifacts/screenshots/<test name>.png``.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

# Playwright's sync API keeps an asyncio event loop running in this thread, and Django
# refuses ORM calls from a thread with a running loop unless told this is intended.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import sync_playwright  # noqa: E402  (after the env var above)

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def screenshot_path(name: str) -> Path:
    """``test-artifacts/screenshots/<name>.png`` with a file-system-safe name."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name).strip('_')}.png"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (``item.rep_call`` ...) for the page fixture."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    executable = os.environ.get("TSUNAGU_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"Chromium not found at {executable}: run tools/ensure-chromium.sh, "
                    "set TSUNAGU_CHROMIUM, or deselect with -m 'not browser'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ja-JP",
                                  timezone_id="Asia/Tokyo",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context, request):
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        page.screenshot(path=screenshot_path(request.node.name), full_page=True)


@pytest.fixture
def keep_screenshot(page):
    """Save a full-page screenshot that is kept whatever the outcome."""

    def do_keep(name: str) -> Path:
        path = screenshot_path(name)
        page.screenshot(path=path, full_page=True)
        return path

    return do_keep


@pytest.fixture
def sign_in(context, live_server, login):
    """Put a logged-in session (second factor passed where the role needs one) into the
    browser as its session cookie — much faster than typing through the login form."""

    def do_sign_in(user):
        client = login(Client(), user)
        context.add_cookies([{
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url,
        }])
        return user

    return do_sign_in
