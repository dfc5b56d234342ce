"""Configuration from the environment: typed, loud on mistakes, safe in production."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from tsunagu.env import env_bool, env_int, env_list, env_str


def test_env_helpers_read_typed_values(monkeypatch):
    monkeypatch.setenv("T_BOOL", "yes")
    monkeypatch.setenv("T_INT", " 42 ")
    monkeypatch.setenv("T_LIST", "a.example, b.example,,")
    assert env_bool("T_BOOL", False) is True
    assert env_int("T_INT", 1) == 42
    assert env_list("T_LIST", []) == ["a.example", "b.example"]
    assert env_str("T_MISSING", "fallback") == "fallback"


@pytest.mark.parametrize(
    ("name", "value", "call"),
    [
        ("T_BOOL", "maybe", lambda: env_bool("T_BOOL", False)),
        ("T_INT", "thirty", lambda: env_int("T_INT", 1)),
        ("T_INT", "0", lambda: env_int("T_INT", 1, minimum=1)),
        ("T_REQ", "", lambda: env_str("T_REQ", required=True)),
    ],
)
def test_env_helpers_fail_loudly(monkeypatch, name, value, call):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        call()


def _tsunagu(*args, env_extra, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("TSUNAGU_", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
        )
    }
    env.update({"TSUNAGU_VAR_DIR": str(tmp_path), **env_extra})
    return subprocess.run(
        [sys.executable, "-m", "tsunagu", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION_ENV = {
    "TSUNAGU_PRODUCTION": "1",
    "SECRET_KEY": "k3y-" + "x9Qz!p7Lm#v2Rb$t" * 4,
    "ALLOWED_HOSTS": "tsunagu.example.lg.jp",
    "TSUNAGU_FIELD_KEY": "x3mR1Xq8wU6oT4lJ0aZb2c5d7e9f1g3h5j7k9m1n3p4=",
}


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = _tsunagu(
        "check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION_ENV, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_development_defaults_are_flagged_by_check_deploy(tmp_path):
    result = _tsunagu(
        "check", "--deploy", "--fail-level", "WARNING", env_extra={}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "tsunagu.W001" in result.stderr + result.stdout


def test_production_without_secret_key_refuses_to_start(tmp_path):
    env = dict(PRODUCTION_ENV)
    del env["SECRET_KEY"]
    result = _tsunagu("check", env_extra=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_bad_value_names_the_variable(tmp_path):
    result = _tsunagu(
        "check", env_extra={"TSUNAGU_SESSION_IDLE_MINUTES": "half an hour"}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "TSUNAGU_SESSION_IDLE_MINUTES" in result.stderr


def test_unsupported_database_is_refused_by_name(tmp_path):
    result = _tsunagu(
        "check", env_extra={"DATABASE_URL": "mysql://u:secret@localhost/db"}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "DATABASE_URL must start with sqlite:// or postgres://" in result.stderr
    assert "secret" not in result.stderr


def test_security_headers(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_health_endpoint(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_production_refuses_to_start_without_a_field_key(tmp_path):
    env = dict(PRODUCTION_ENV)
    del env["TSUNAGU_FIELD_KEY"]
    result = _tsunagu("check", env_extra=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "TSUNAGU_FIELD_KEY must be set" in result.stderr
