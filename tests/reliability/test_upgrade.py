"""`tsunagu upgrade`: migrate, the cache table, static files and the checks, in counted steps,
safe to run twice; on a new installation it builds the database from nothing."""

import io
import os
import sqlite3
import subprocess
import sys

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_upgrade_runs_every_step_and_can_run_again(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.WHITENOISE_USE_FINDERS = False  # a setup that serves collected files
    for _run in range(2):
        out = io.StringIO()
        call_command("upgrade", stdout=out)
        text = out.getvalue()
        for step in ("[1/4]", "[2/4]", "[3/4]", "[4/4]"):
            assert step in text
        assert "No migrations to apply" in text
        assert "更新が完了しました" in text
    assert (tmp_path / "static" / "admin").is_dir() or any((tmp_path / "static").iterdir())


@pytest.mark.django_db
def test_upgrade_does_not_collect_when_the_package_serves_static_files(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.WHITENOISE_USE_FINDERS = True
    out = io.StringIO()
    call_command("upgrade", stdout=out)
    assert "collectstatic は不要" in out.getvalue()
    assert not (tmp_path / "static").exists()


def test_upgrade_builds_a_new_installation(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TSUNAGU_PRODUCTION")}
    env["TSUNAGU_VAR_DIR"] = str(tmp_path / "var")
    done = subprocess.run([sys.executable, "-m", "tsunagu", "upgrade"], env=env,  # noqa: S603
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "[4/4]" in done.stdout
    db = sqlite3.connect(tmp_path / "var" / "tsunagu.sqlite3")
    triggers = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert {"core_auditentry_no_update", "core_auditentry_no_delete"} <= triggers
    db.close()
