"""Production mode serves every page, through the real servers: `tsunagu serve` (waitress)
and gunicorn started as deploy/tsunagu-web.service starts it, in another process, with
TSUNAGU_PRODUCTION=1 and nothing collected beforehand (issue 17: every page was a 500 because
static files had never been collected).

Every page of the access matrix (tests/test_access_matrix.py) is fetched once for each
answer it has (a role that is shown it, one sent to log in, one refused …) and must give that
answer. The requests come as the reverse proxy's would (X-Forwarded-Proto: https from the
trusted proxy address), which is also what production needs from `tsunagu serve` behind
nginx: before, waitress dropped that header and every page redirected to itself forever."""

from urllib.parse import quote

import pytest
import tests.test_access_matrix as matrix
from django.test import Client as DjangoClient
from tests.access import ROLES
from tests.production.serving import (
    BIN,
    Client,
    Process,
    ServedDatabase,
    free_port,
    production_env,
    unit_command,
    with_option,
)

from tsunagu.core.models import JobRun

pytestmark = pytest.mark.django_db(transaction=True)


def _waitress(port: int) -> list[str]:
    return [str(BIN / "tsunagu"), "serve", "--listen", f"127.0.0.1:{port}", "--no-jobs"]


def _gunicorn(port: int) -> list[str]:
    command = with_option(unit_command("tsunagu-web.service"), "--bind", f"127.0.0.1:{port}")
    return with_option(command, "--workers", "2")


SERVERS = {"waitress": _waitress, "gunicorn": _gunicorn}
PERSON_NAME = "髙橋"
BUILT_FIRST = {"disaster:summary"}
# With every fixture in one database these answer differently than alone, rightly: disaster
# mode is on (the dashboard and the activation form send to the running one), and the
# "unpublished" issue's id is also a published one's. For them: no server error.
COMBINED_STATE_CHANGES = {
    "portal:dashboard",
    "disaster:activate",
    "council_public:issue_detail(unpublished)",
}


def _session_cookies(personas, login) -> dict[str, dict]:
    cookies = {"anonymous": {}}
    for role in ROLES[1:]:
        client = login(DjangoClient(), personas[role])
        cookies[role] = {"sessionid": client.cookies["sessionid"].value}
    return cookies


@pytest.mark.parametrize("server", sorted(SERVERS))
def test_production_serves_every_page_of_the_access_matrix(
    server, request, personas, person, login, tmp_path
):
    fixtures = matrix._Fixtures(request)
    # all in one database: an ended disaster mode must come before the running one
    order = sorted(matrix.MATRIX, key=lambda name: (name not in BUILT_FIRST, name))
    paths = {name: matrix.MATRIX[name][0](fixtures) for name in order}
    cookies = _session_cookies(personas, login)
    served = ServedDatabase(tmp_path)
    env = production_env(tmp_path, served.publish())
    port = free_port()
    process = Process(server, SERVERS[server](port), env, tmp_path)
    wrong = []
    try:
        process.wait_listening(port)
        for name in sorted(matrix.MATRIX):
            expected = matrix.MATRIX[name][1]
            role_per_answer: dict[int, str] = {}
            for role in ROLES:
                role_per_answer.setdefault(expected[role], role)
            for status, role in role_per_answer.items():
                client = Client(
                    "127.0.0.1", port, extra_headers={"X-Forwarded-Proto": "https"},
                    cookies=dict(cookies[role]),
                )
                response = client.get(paths[name])
                if name in COMBINED_STATE_CHANGES and response.status < 500:
                    continue
                if response.status != status:
                    wrong.append(f"{role} GET {paths[name]}: {response.status}, expected {status}")
        # the static files the pages link to are served, from the package
        client = Client("127.0.0.1", port, extra_headers={"X-Forwarded-Proto": "https"})
        page = client.get("/accounts/login/")
        assert page.status == 200
        stylesheets = [href for href in _links(page.text) if href.startswith("/static/")]
        assert stylesheets
        for href in stylesheets:
            assert client.get(href).status == 200, href
        # a search for a person by name: the name must reach no log
        searcher = Client(
            "127.0.0.1", port, extra_headers={"X-Forwarded-Proto": "https"},
            cookies=dict(cookies["center_staff"]),
        )
        found = searcher.get(f"/people/?q={quote(PERSON_NAME)}")
        assert found.status == 200 and PERSON_NAME in found.text
        # a refusal is logged as a line, without a traceback
        assert searcher.get("/audit/").status == 403
    finally:
        process.stop()
    assert wrong == [], "\n".join(wrong)
    logs = (tmp_path / "tsunagu.log").read_text() + process.output()
    assert '"GET /people/" 200' in logs  # the access log, without its query string
    assert "Forbidden" in logs
    for secret in (PERSON_NAME, quote(PERSON_NAME), quote(PERSON_NAME).lower(), person.given_name):
        assert secret not in logs
    assert "Traceback" not in logs
    if server == "waitress":  # started with --no-jobs: no job ran
        served.sync_back()
        assert not JobRun.objects.exists()


def _links(html: str) -> list[str]:
    import re

    return re.findall(r'(?:href|src)="([^"]+)"', html)


def test_without_the_trusted_proxy_the_forwarded_scheme_is_not_believed(tmp_path, db):
    """From an address that is not the proxy, X-Forwarded-Proto is dropped: HTTPS redirect."""
    served = ServedDatabase(tmp_path)
    env = production_env(tmp_path, served.publish(), TSUNAGU_TRUSTED_PROXIES="127.0.0.9")
    port = free_port()
    process = Process("waitress", _waitress(port), env, tmp_path)
    try:
        process.wait_listening(port)
        client = Client("127.0.0.1", port, extra_headers={"X-Forwarded-Proto": "https"})
        response = client.get("/accounts/login/")
    finally:
        process.stop()
    assert response.status == 301
    assert response.header("Location") == f"https://127.0.0.1:{port}/accounts/login/"
