"""The real UI in a real browser: two-factor login, keyboard use, the served Japanese web
font, and an axe-core accessibility scan of every page a role can open."""

import base64
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Error as PlaywrightError
from tests.access import ROLES
from tests.conftest import PASSWORD
from tests.test_access_matrix import MATRIX

# live_server runs in another thread: the data must be committed to be seen there.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASHBOARD = re.compile(r"/dashboard/$")


def totp_code(key: bytes, *, offset: int = 0) -> str:
    """The 6-digit code an authenticator app shows now (``offset`` steps away)."""
    totp = TOTP(key)
    totp.time += offset * totp.step
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    """A code that is none of those the device accepts (it tolerates one step of drift)."""
    valid = {totp_code(device.bin_key, offset=o) for o in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def password_login(page, user) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def submit_code(page, code: str) -> None:
    page.fill("#id_token", code)
    page.click("main button[type=submit]")


# --- two-factor login ----------------------------------------------------------------------


def test_login_with_second_factor_lands_on_dashboard(page, center_staff, keep_screenshot):
    device = TOTPDevice.objects.create(user=center_staff, name="app", confirmed=True)

    password_login(page, center_staff)
    page.wait_for_url(re.compile(r"/accounts/otp/$"))
    submit_code(page, totp_code(device.bin_key))

    page.wait_for_url(DASHBOARD)
    assert page.url.endswith("/dashboard/")
    assert page.locator("h1").inner_text() == "ダッシュボード"
    assert "センター相談員" in page.locator("header").inner_text()
    assert "センター相談員" in page.locator("main").inner_text()
    # Kept on every run: what the Japanese UI looks like.
    page.evaluate("async () => { await document.fonts.ready; }")
    keep_screenshot("dashboard")


def test_wrong_code_is_refused_in_japanese(page, center_staff):
    device = TOTPDevice.objects.create(user=center_staff, name="app", confirmed=True)

    password_login(page, center_staff)
    page.wait_for_url(re.compile(r"/accounts/otp/$"))
    submit_code(page, wrong_code(device))

    page.locator(".field__errors").wait_for()
    assert page.url.endswith("/accounts/otp/")
    assert "確認コードが正しくないか" in page.locator(".field__errors").inner_text()
    assert page.get_attribute("#id_token", "aria-invalid") == "true"


def test_first_login_registers_authenticator(page, provider_staff):
    assert not TOTPDevice.objects.filter(user=provider_staff).exists()

    password_login(page, provider_staff)
    page.wait_for_url(re.compile(r"/accounts/otp/setup/$"))
    qr = page.locator("main img")
    assert qr.get_attribute("alt")
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    key = page.locator("code.secret").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]+=*", key)

    submit_code(page, totp_code(base64.b32decode(key)))

    page.wait_for_url(DASHBOARD)
    assert page.locator("h1").inner_text() == "ダッシュボード"
    assert "二要素認証を設定しました。" in page.locator(".messages").inner_text()
    assert TOTPDevice.objects.get(user=provider_staff).confirmed


# --- keyboard ------------------------------------------------------------------------------


def _focused(page) -> dict:
    return page.evaluate(
        "() => ({id: document.activeElement.id, tag: document.activeElement.tagName,"
        " text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href')})"
    )


def _settle(page) -> None:
    """Let the browser run its rendering steps (where it applies ``autofocus``): without
    this the first key press races the autofocus and the result depends on timing."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _first_tab_stop(page, path: str) -> dict:
    page.goto(path)
    _settle(page)
    page.keyboard.press("Tab")
    return _focused(page)


def test_skip_link_is_the_first_tab_stop_and_moves_to_main(page):
    focused = _first_tab_stop(page, "/")
    assert (focused["text"], focused["href"]) == ("本文へ移動", "#main"), focused
    assert page.locator(".skip-link").is_visible()  # off-screen until focused
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"


def test_skip_link_is_the_first_tab_stop_on_login_page(page):
    focused = _first_tab_stop(page, "/accounts/login/")
    assert (focused["text"], focused["href"]) == ("本文へ移動", "#main"), focused


def test_login_by_keyboard_only(page, secretariat):
    page.goto("/accounts/login/")
    _settle(page)
    # Tab to the username field (wherever focus starts), type, Tab, type, Enter.
    for _ in range(12):
        if _focused(page)["id"] == "id_username":
            break
        page.keyboard.press("Tab")
    assert _focused(page)["id"] == "id_username"
    page.keyboard.type(secretariat.username)
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    page.wait_for_url(DASHBOARD)
    assert page.locator("h1").inner_text() == "ダッシュボード"
    assert "協議会事務局" in page.locator("main").inner_text()


# --- Japanese web font, served by the app itself -------------------------------------------


def test_japanese_renders_in_served_web_font(page, live_server, center_staff, sign_in):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in(center_staff)

    page.goto("/dashboard/")
    page.wait_for_load_state("networkidle")
    font = page.evaluate(
        """async () => {
            await document.fonts.ready;
            const covers = (face, ch) => {
                const cp = ch.codePointAt(0);
                return face.unicodeRange.split(",").some(range => {
                    const [lo, hi] = range.trim().replace(/^U\\+/i, "").split("-");
                    return cp >= parseInt(lo, 16) && cp <= parseInt(hi || lo, 16);
                });
            };
            const faces = [...document.fonts].filter(
                f => f.family.replace(/["']/g, "") === "BIZ UDPGothic");
            return {
                check: document.fonts.check('16px "BIZ UDPGothic"', "相談"),
                faces: faces.length,
                uncovered: [..."相談"].filter(
                    ch => !faces.some(f => f.status === "loaded" && covers(f, ch))),
                family: getComputedStyle(document.body).fontFamily,
            };
        }"""
    )
    assert "相談" in page.locator("main").inner_text()
    # check() alone is also true for a family with no faces at all, hence the rest.
    assert font["check"] is True, font
    assert font["faces"] > 0, font
    assert font["uncovered"] == [], f"no loaded BIZ UDPGothic face for {font['uncovered']}"
    assert font["family"].startswith('"BIZ UDPGothic"'), font
    assert any(url.endswith(".woff2") for url in requested), requested
    foreign = [url for url in requested
               if not (url.startswith(live_server.url) or url.startswith("data:"))]
    assert foreign == [], f"requests to other hosts: {foreign}"


# --- axe-core on every page ----------------------------------------------------------------

# Answers that are not HTML pages: nothing for axe to check. (Any other download or data
# answer is found out by its Content-Type and skipped.)
NOT_PAGES = {"core:health", "core:audit_export", "people:postal", "reports:annual_chart",
             "reports:annual_csv", "reports:annual_pdf", "reports:annual_xlsx"}


def _first_role_shown(expected: dict) -> str | None:
    return next((role for role in ROLES if expected[role] == 200), None)


def _is_variant(name: str) -> bool:
    """``people:detail(unassigned)``: the same page as ``people:detail`` for another object."""
    return "(" in name and name.split("(")[0] in MATRIX


# Every URL of tests/test_access_matrix.py's MATRIX (app rules included) that some role gets
# with 200, opened as the first such role: name -> (role, path builder, expected status).
MATRIX_PAGES = {
    name: (_first_role_shown(expected), build, 200)
    for name, (build, expected) in sorted(MATRIX.items())
    if name not in NOT_PAGES and not _is_variant(name) and _first_role_shown(expected)
}


def _otp_verify(page, fixtures):
    """The code prompt as a user with a device sees it: password given, code not yet.
    (MATRIX cannot show it: its ``login`` passes the second factor.)"""
    user = fixtures["center_staff"]
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    password_login(page, user)
    page.wait_for_url(re.compile(r"/accounts/otp/$"))
    return device


def _otp_verify_error(page, fixtures):
    device = _otp_verify(page, fixtures)
    submit_code(page, wrong_code(device))
    page.locator(".field__errors").wait_for()


def _login_error(page, fixtures):
    page.goto("/accounts/login/")
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong-password-1")
    page.click("main button[type=submit]")
    page.locator(".form-errors").wait_for()


# Pages and states MATRIX does not reach: the error pages, and forms showing their errors.
EXTRA_PAGES = {
    "404": ("admin", lambda o: "/no-such-page/", 404),
    "403": ("center_staff", lambda o: "/audit/", 403),
    "accounts:login(error)": _login_error,
    "accounts:otp_verify(password given)": _otp_verify,
    "accounts:otp_verify(wrong code)": _otp_verify_error,
}

AXE_PAGES = {**MATRIX_PAGES, **EXTRA_PAGES}
BLOCKING_IMPACTS = {"serious", "critical"}


class _Fixtures:
    """What MATRIX's path builders expect: any pytest fixture by name."""

    def __init__(self, request):
        self.request = request

    def __getitem__(self, name):
        return self.request.getfixturevalue(name)


def _describe(violation: dict) -> str:
    node = violation["nodes"][0] if violation["nodes"] else {}
    return (f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"— {len(violation['nodes'])} node(s), first {node.get('target')} "
            f"{(node.get('html') or '')[:160]}")


@pytest.mark.parametrize("page_id", list(AXE_PAGES))
def test_axe_finds_no_serious_violation(page_id, page, sign_in, request):
    fixtures = _Fixtures(request)
    spec = AXE_PAGES[page_id]
    if callable(spec):
        spec(page, fixtures)
    else:
        role, build, status = spec
        path = build(fixtures)
        if role != "anonymous":
            sign_in(fixtures[role])  # the persona fixtures are named after the roles
        try:
            response = page.goto(path)
        except PlaywrightError as error:  # CSV, PDF, Excel: sent as attachments
            if "Download is starting" not in error.message:
                raise
            pytest.skip(f"{path} is a download, not a page")
        assert response.status == status, f"{page_id} as {role}: HTTP {response.status}"
        content_type = response.headers.get("content-type", "")
        if not content_type.startswith("text/html"):
            pytest.skip(f"{path} answers {content_type}, not a page")
    page.evaluate("async () => { await document.fonts.ready; }")

    # axe is injected with page.evaluate, which the app's CSP (no inline scripts) allows.
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], f"{page_id} ({page.url}):\n" + "\n".join(map(_describe, blocking))
