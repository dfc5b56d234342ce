"""Run tsunagu's real servers in production mode, in other processes, on loopback: the
database the test has filled, the environment an /etc/tsunagu/env would give, the commands of
deploy/*.service, nginx with deploy/nginx-tsunagu.conf, and a small HTTP(S) client."""

import http.client
import os
import re
import shlex
import shutil
import socket
import sqlite3
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class ServedDatabase:
    """The test database, reachable by another process. PostgreSQL: the test database itself
    (the test must commit: ``transactional_db``). SQLite: the test's in-memory database is
    copied to a file (``publish``) and copied back after the servers stop (``sync_back``), so
    the test reads with the ORM what the servers wrote."""

    def __init__(self, directory: Path) -> None:
        from django.db import connection

        self.connection = connection
        self.path = directory / "served.sqlite3"

    @property
    def is_sqlite(self) -> bool:
        return self.connection.vendor == "sqlite"

    def publish(self) -> str:
        if not self.is_sqlite:
            s = self.connection.settings_dict
            return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
        self.connection.ensure_connection()
        target = sqlite3.connect(self.path)
        self.connection.connection.backup(target)
        target.close()
        return f"sqlite:///{self.path}"

    def sync_back(self) -> None:
        if self.is_sqlite:
            source = sqlite3.connect(self.path)
            source.backup(self.connection.connection)
            source.close()


def production_env(directory: Path, database_url: str, **extra: str) -> dict[str, str]:
    """What /etc/tsunagu/env gives the services (deploy/env.example), for a loopback test."""
    from django.conf import settings

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TSUNAGU_", "DJANGO_", "GUNICORN_"))
        and key not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"}
    }
    env.update(
        PYTHONPATH=str(ROOT / "src"),
        TSUNAGU_PRODUCTION="1",
        # the test's own keys: sessions made by the test and encrypted fields stay readable
        SECRET_KEY=settings.SECRET_KEY,
        TSUNAGU_FIELD_KEY=settings.FIELD_ENCRYPTION_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        TSUNAGU_VAR_DIR=str(directory / "var"),
        # the files the test's fixtures stored (attachments, photos)
        TSUNAGU_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        TSUNAGU_BEHIND_PROXY="1",
        TSUNAGU_TRUSTED_PROXIES="127.0.0.1",
        TSUNAGU_LOG_FILE=str(directory / "tsunagu.log"),
        # nothing of the test's in-process mail settings: the job runner's SMTP is set by the test
        TSUNAGU_EMAIL_HOST="127.0.0.1",
        TSUNAGU_EMAIL_PORT="9",
    )
    env.update(extra)
    return env


def unit_command(unit: str) -> list[str]:
    """The ExecStart of a deploy/ systemd unit, with the virtualenv's path made this one's."""
    text = (DEPLOY / unit).read_text()
    line = re.search(r"^ExecStart=(.+)$", text, re.M).group(1)
    return [
        str(BIN / Path(word).name) if word.startswith("/opt/tsunagu/venv/bin/") else word
        for word in shlex.split(line)
    ]


def with_option(command: list[str], option: str, value: str) -> list[str]:
    index = command.index(option)
    return [*command[: index + 1], value, *command[index + 2 :]]


class Process:
    """A server started in its own process group, its output kept in a file."""

    def __init__(self, name: str, command: list[str], env: dict, directory: Path) -> None:
        self.name = name
        self.log = directory / f"{name}.out"
        self._file = self.log.open("wb")
        self.popen = subprocess.Popen(  # noqa: S603 — our own commands
            command, env=env, stdout=self._file, stderr=subprocess.STDOUT,
            cwd=directory, start_new_session=True,
        )

    def output(self) -> str:
        if not self._file.closed:
            self._file.flush()
        return self.log.read_text(errors="replace")

    def wait_listening(self, port: int, host: str = "127.0.0.1", patience: float = 90) -> None:
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.output()}")
            try:
                with socket.create_connection((host, port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not listen on {port}:\n{self.output()}")

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self._file.close()


def wait_for(condition, patience: float = 60, step: float = 0.2):
    """Poll until ``condition()`` is truthy and return it (a readiness wait, not a timing test)."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


@dataclass
class Response:
    status: int
    headers: dict
    text: str

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


@dataclass
class Client:
    """HTTP or HTTPS to one address, from a chosen source address, keeping cookies."""

    host: str
    port: int
    source: str = "127.0.0.1"
    tls_ca: Path | None = None
    extra_headers: dict = field(default_factory=dict)
    cookies: dict = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"{'https' if self.tls_ca else 'http'}://{self.host}:{self.port}"

    def request(self, method: str, path: str, data: dict | list | None = None) -> Response:
        path = quote(path, safe="/?&=%:+,;@!$'()*~#")  # Japanese in a query, as a browser sends it
        if self.tls_ca:
            context = ssl.create_default_context(cafile=str(self.tls_ca))
            conn = http.client.HTTPSConnection(
                self.host, self.port, context=context, source_address=(self.source, 0), timeout=60
            )
        else:
            conn = http.client.HTTPConnection(
                self.host, self.port, source_address=(self.source, 0), timeout=60
            )
        headers = {"Host": f"{self.host}:{self.port}", **self.extra_headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            text = raw.read().decode("utf-8", "replace")
            response_headers = {}
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    cookie_name, _, rest = value.partition("=")
                    self.cookies[cookie_name.strip()] = rest.split(";", 1)[0]
                response_headers[name.lower()] = value
            return Response(raw.status, response_headers, text)
        finally:
            conn.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_form(self, path: str, data: dict) -> Response:
        """GET the page for its CSRF token, then POST the form as a browser would."""
        page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, f"no CSRF token on {path} ({page.status})"
        return self.request("POST", path, {"csrfmiddlewaretoken": token.group(1), **data})


def self_signed_certificate(directory: Path, address: str = "127.0.0.1") -> tuple[Path, Path]:
    """A certificate for ``address`` (and localhost) made with the cryptography package."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tsunagu test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(address))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


NGINX = Path("/usr/sbin/nginx")


def nginx_config(directory: Path, *, port: int, upstream_port: int, cert: Path, key: Path) -> Path:
    """deploy/nginx-tsunagu.conf inside a main configuration of our own: every path (pid,
    logs, temporary files) in ``directory``, listening on loopback high ports only."""
    site = (DEPLOY / "nginx-tsunagu.conf").read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{free_port()};",
        "listen 443 ssl;": f"listen 127.0.0.1:{port} ssl;",
        "/etc/tsunagu/tls/fullchain.pem": str(cert),
        "/etc/tsunagu/tls/privkey.pem": str(key),
        "/var/log/nginx/tsunagu.access.log": str(directory / "nginx-access.log"),
        "http://127.0.0.1:8000": f"http://127.0.0.1:{upstream_port}",
        "server_name tsunagu.example.lg.jp;": "server_name 127.0.0.1 localhost;",
    }
    for old, new in replacements.items():
        assert old in site, f"deploy/nginx-tsunagu.conf no longer has {old!r}"
        site = site.replace(old, new)
    (directory / "site.conf").write_text(site)
    temp = {
        name: directory / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    }
    for path in temp.values():
        path.mkdir(exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""
    main = f"""
{user}
worker_processes 1;
pid {directory / "nginx.pid"};
error_log {directory / "nginx-error.log"} warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {directory / "site.conf"};
}}
"""
    path = directory / "nginx.conf"
    path.write_text(main)
    return path


REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
MEMCACHED = shutil.which("memcached") or "/usr/bin/memcached"


def start_cache_server(kind: str, directory: Path) -> tuple[Process, str]:
    """A real Redis or memcached (Debian's redis-server / memcached packages) on a free
    loopback port, nothing written to disk; the process and the TSUNAGU_CACHE_URL naming it."""
    port = free_port()
    if kind == "redis":
        command = [
            REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(directory), "--daemonize", "no",
        ]
        url = f"redis://127.0.0.1:{port}/0"
    elif kind == "memcached":
        command = [MEMCACHED, "-l", "127.0.0.1", "-p", str(port), "-U", "0", "-m", "16"]
        if os.geteuid() == 0:  # memcached refuses to run as root without a user to switch to
            command += ["-u", "nobody"]
        url = f"memcached://127.0.0.1:{port}"
    else:
        raise ValueError(kind)
    process = Process(kind, command, dict(os.environ), directory)
    try:
        process.wait_listening(port, patience=30)
    except RuntimeError:
        process.stop()
        raise
    return process, url
