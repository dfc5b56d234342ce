"""The nightly backup as deploy/tsunagu-backup.service runs it: its ExecStart (the backup
folder made the test's), with the settings an /etc/tsunagu/env gives, on the test's database
(PostgreSQL in CI: pg_dump, and --verify restores into a scratch database). The web and job
units are run by tests/production/test_stack.py and test_production_pages.py."""

import re
import subprocess

import pytest
from tests.production.serving import (
    DEPLOY,
    ServedDatabase,
    production_env,
    unit_command,
    with_option,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_backup_unit_makes_an_encrypted_verified_backup(person, tmp_path):
    served = ServedDatabase(tmp_path)
    env = production_env(tmp_path, served.publish())
    backups = tmp_path / "backups"
    command = with_option(unit_command("tsunagu-backup.service"), "--dir", str(backups))
    assert command[1:3] == ["backup", "--dir"] and "--verify" in command
    result = subprocess.run(  # noqa: S603 — our own command
        command, env=env, capture_output=True, text=True, timeout=600, check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    [backup] = backups.iterdir()
    assert re.fullmatch(r"tsunagu-\d{8}-\d{6}\.backup", backup.name)
    assert person.family_name.encode() not in backup.read_bytes()  # encrypted
    key = tmp_path / "var" / "backup_key"
    assert key.is_file() and key.parent != backups  # the key stays apart from the backups


def test_the_timer_starts_the_backup_every_night():
    timer = (DEPLOY / "tsunagu-backup.timer").read_text()
    assert re.search(r"^OnCalendar=\*-\*-\* \d\d:\d\d$", timer, re.M)
    assert re.search(r"^Persistent=true$", timer, re.M)
    # the timer starts the service of its own name, which is a one-shot run
    service = (DEPLOY / "tsunagu-backup.service").read_text()
    assert re.search(r"^Type=oneshot$", service, re.M)
    assert re.search(r"^EnvironmentFile=/etc/tsunagu/env$", service, re.M)
