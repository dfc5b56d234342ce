"""Rotation of dated backups (`tsunagu backup --dir --keep-daily --keep-monthly`), with
made-up file names: the rule reads the date in the name, so no test waits for a day."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from tsunagu.core.backup.rotation import rotation_plan

# One backup a day at 02:00 from 2026-09-25 to 2026-12-06, plus a second one on 12-06.
NAMES = [
    f"tsunagu-2026{month:02d}{day:02d}-020000.backup"
    for month, days in (
        (9, range(25, 31)),
        (10, range(1, 32)),
        (11, range(1, 31)),
        (12, range(1, 7)),
    )  # fmt: skip
    for day in days
] + ["tsunagu-20261206-140000.backup"]


def _plan(names, daily, monthly):
    plan = rotation_plan([Path(n) for n in names], keep_daily=daily, keep_monthly=monthly)
    return [p.name for p in plan.keep], [p.name for p in plan.delete]


def test_keeps_the_newest_of_each_recent_day_and_month():
    keep, delete = _plan(NAMES, daily=3, monthly=3)
    assert keep == [
        "tsunagu-20261206-140000.backup",  # 12-06 (newest of the day; also December's)
        "tsunagu-20261205-020000.backup",
        "tsunagu-20261204-020000.backup",
        "tsunagu-20261130-020000.backup",  # November's last
        "tsunagu-20261031-020000.backup",  # October's last
    ]
    assert "tsunagu-20261206-020000.backup" in delete  # the older one of the same day
    assert len(keep) + len(delete) == len(NAMES)


def test_months_reach_back_as_far_as_asked():
    keep, _delete = _plan(NAMES, daily=1, monthly=12)
    assert keep == [
        "tsunagu-20261206-140000.backup",
        "tsunagu-20261130-020000.backup",
        "tsunagu-20261031-020000.backup",
        "tsunagu-20260930-020000.backup",
    ]


def test_days_count_days_with_a_backup_not_calendar_days():
    names = ["tsunagu-20261201-020000.backup", "tsunagu-20261110-020000.backup",
             "tsunagu-20261001-020000.backup"]  # fmt: skip
    keep, delete = _plan(names, daily=2, monthly=0)
    assert keep == names[:2] and delete == names[2:]


def test_the_newest_always_stays_and_other_files_are_never_touched():
    names = ["tsunagu-20261201-020000.backup", "tsunagu-20261130-020000.backup",
             "notes.txt", "tsunagu-2026-12-01.backup", ".tsunagu-x.backup.123.partial",
             "tsunagu-20261399-020000.backup"]  # fmt: skip
    keep, delete = _plan(names, daily=0, monthly=0)
    assert keep == ["tsunagu-20261201-020000.backup"]
    assert delete == ["tsunagu-20261130-020000.backup"]


@pytest.mark.django_db(transaction=True)
def test_the_command_writes_a_dated_backup_and_rotates_the_folder(tmp_path, region):
    folder = tmp_path / "backups"
    folder.mkdir()
    old = [
        name.replace("2026", "2001", 1) for name in NAMES
    ]  # long before today, whatever today is
    for name in old:
        (folder / name).write_bytes(b"old")
    (folder / "README.txt").write_text("keep me")
    out = io.StringIO()
    call_command("backup", "--dir", str(folder), "--keep-daily", "2", "--keep-monthly", "2",
                 "--key-file", str(tmp_path / "backup_key"), stdout=out)  # fmt: skip
    text = out.getvalue()
    assert "[1/2]" in text and "[2/2]" in text
    left = sorted(p.name for p in folder.iterdir())
    new = [n for n in left if n.startswith("tsunagu-") and n not in old]
    assert len(new) == 1  # today's, named by the clock
    # Two days: today's and 2001-12-06's newest; two months: today's and December 2001's.
    assert left == sorted([*new, "README.txt", "tsunagu-20011206-140000.backup"])
    assert "削除: tsunagu-20011205-020000.backup" in text
    assert "削除: tsunagu-20011130-020000.backup" in text
