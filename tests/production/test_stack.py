"""The production stack on loopback, as docs/deploy.md builds it: nginx (Debian's, with
deploy/nginx-tsunagu.conf and a self-signed certificate) → gunicorn (deploy/tsunagu-web.service)
→ the database, and the one job runner (deploy/tsunagu-jobs.service) delivering mail to an SMTP
server on loopback. Through HTTPS: login with the second factor, a consultation recorded, a
password-reset mail delivered by the job runner; the audit log records the client's address,
not the proxy's, even when the client forges X-Forwarded-For.

The client connects from 127.0.0.3; nginx and gunicorn talk over 127.0.0.1 (the trusted proxy).
Run on PostgreSQL in CI (`make test-db`), on SQLite in `make test`."""

import re
import shutil

import pytest
from django.conf import settings as django_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import PASSWORD
from tests.consultations.fixtures import item
from tests.production.serving import (
    NGINX,
    Client,
    Process,
    ServedDatabase,
    free_port,
    nginx_config,
    production_env,
    self_signed_certificate,
    unit_command,
    wait_for,
    with_option,
)

from tsunagu.consultations.models import Consultation
from tsunagu.core.models import AuditAction, AuditEntry, JobRun, ListKind

pytestmark = [
    pytest.mark.stack,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not NGINX.exists() or shutil.which("openssl") is None,
        reason="nginx is not installed (apt-get install nginx; .ci/run does it)",
    ),
]

CLIENT_ADDRESS = "127.0.0.3"
FORGED = "203.0.113.77"


def _token(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, step=device.step, digits=device.digits).token():0{device.digits}d}"


@pytest.fixture
def stack(tmp_path, smtp_server):
    """Start nginx, gunicorn and the job runner on what the test has put in the database."""
    started = []

    def start(database_url: str) -> Client:
        cert, key = self_signed_certificate(tmp_path)
        https_port, web_port = free_port(), free_port()
        env = production_env(
            tmp_path,
            database_url,
            TSUNAGU_EMAIL_HOST="127.0.0.1",
            TSUNAGU_EMAIL_PORT=str(django_settings.EMAIL_PORT),  # the smtp_server's
            TSUNAGU_BASE_URL=f"https://127.0.0.1:{https_port}",
        )
        web = with_option(unit_command("tsunagu-web.service"), "--bind", f"127.0.0.1:{web_port}")
        web = with_option(web, "--workers", "2")
        processes = [
            Process("gunicorn", web, env, tmp_path),
            Process("jobs", [*unit_command("tsunagu-jobs.service"), "--tick", "0.2"], env, tmp_path),
        ]
        started.extend(processes)
        config = nginx_config(
            tmp_path, port=https_port, upstream_port=web_port, cert=cert, key=key
        )
        nginx = Process(
            "nginx",
            [str(NGINX), "-c", str(config), "-p", str(tmp_path), "-e",
             str(tmp_path / "nginx-error.log"), "-g", "daemon off;"],
            env,
            tmp_path,
        )
        started.append(nginx)
        processes[0].wait_listening(web_port)
        nginx.wait_listening(https_port)
        return Client(
            "127.0.0.1", https_port, source=CLIENT_ADDRESS, tls_ca=cert,
            extra_headers={"X-Forwarded-For": FORGED},
        )

    yield start
    for process in reversed(started):
        process.stop()


def test_the_stack_serves_over_https_with_its_job_runner(
    stack, smtp_server, center_staff, region, person, settings, tmp_path
):
    # the servers check passwords with the production hashers, not the tests' fast one
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    center_staff.set_password(PASSWORD)
    center_staff.save()
    device = TOTPDevice.objects.create(user=center_staff, name="app", confirmed=True)
    form = {
        "occurred_at": "2026-11-30T10:30",
        "method": item(region, ListKind.CONTACT_METHOD, "phone").pk,
        "caller_type": item(region, ListKind.CALLER_TYPE, "self").pk,
        "topics": [item(region, ListKind.SUPPORT_TOPIC, "health").pk],
        "duration_minutes": "15",
        "record": "通院の相談（スタック試験）",
        "next_action": "",
        "person_query": "たかはし",
    }
    served = ServedDatabase(tmp_path)
    client = stack(served.publish())

    # HTTPS, production headers
    login_page = client.get("/accounts/login/")
    assert login_page.status == 200
    assert "max-age=" in login_page.header("Strict-Transport-Security")
    # password, then the second factor
    response = client.post_form(
        "/accounts/login/", {"username": center_staff.username, "password": PASSWORD}
    )
    assert (response.status, response.header("Location")) == (302, "/accounts/otp/")
    response = client.post_form("/accounts/otp/", {"token": _token(device)})
    assert response.status == 302, response.text[:500]
    assert client.get("/people/").status == 200
    # a consultation recorded
    response = client.post_form("/consultations/new/", form)
    assert response.status == 302, response.text[:2000]
    assert re.fullmatch(r"/consultations/\d+/", response.header("Location"))
    # a mail, queued by the request and delivered by the job runner (not by the request)
    anonymous = Client(
        client.host, client.port, source=CLIENT_ADDRESS, tls_ca=client.tls_ca,
        extra_headers=client.extra_headers,
    )
    response = anonymous.post_form("/accounts/password/reset/", {"email": center_staff.email})
    assert response.status == 302
    delivered = wait_for(lambda: smtp_server.received)
    assert delivered, "the job runner delivered no mail"
    recipients, message = delivered[0]
    assert recipients == [center_staff.email]
    assert f"https://127.0.0.1:{client.port}/accounts/password/reset/" in message.get_content()
    health = wait_for(lambda: '"recent": true' in (h := client.get("/healthz")).text and h)
    assert health.status == 200 and '"pending": 0' in health.text

    served.sync_back()
    consultation = Consultation.objects.get(record="通院の相談（スタック試験）")
    assert consultation.person == person
    entries = AuditEntry.objects.filter(
        action__in=[AuditAction.LOGIN, AuditAction.CREATE], user=center_staff
    )
    assert {entry.action for entry in entries} == {AuditAction.LOGIN, AuditAction.CREATE}
    assert {entry.ip_address for entry in entries} == {CLIENT_ADDRESS}
    assert JobRun.objects.get(name="mail").last_finished_at is not None
    # no personal data in the logs of the stack
    logs = "".join(
        path.read_text(errors="replace")
        for path in tmp_path.glob("*.log")
    ) + "".join(path.read_text(errors="replace") for path in tmp_path.glob("*.out"))
    assert f'{CLIENT_ADDRESS} "POST /consultations/new/" 302' in logs
    assert person.family_name not in logs and "たかはし" not in logs
    assert "Traceback" not in logs
