"""Backups kept in a folder under dated names, and which of them to keep.

Names: ``tsunagu-YYYYMMDD-HHMMSS.backup`` (local time, settings.TIME_ZONE). The rule, by the
date in the name, never by the file's modification time:

- ``keep_daily = N``: the newest backup of each of the N most recent days that have one;
- ``keep_monthly = M``: the newest backup of each of the M most recent months that have one;
- the newest backup always stays; a backup kept by either rule stays; every other backup with such a name is deleted. Other
  files in the folder (notes, a stray key, half-written ``.partial`` files) are never touched.

So with daily backups, ``--keep-daily 7 --keep-monthly 12`` keeps the last week day by day and
one backup (the month's last) for each of the last twelve months."""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

NAME = re.compile(r"^tsunagu-(\d{8})-(\d{6})\.backup$")


def backup_name(at: datetime.datetime) -> str:
    return f"tsunagu-{at:%Y%m%d-%H%M%S}.backup"


def _taken_at(name: str) -> datetime.datetime | None:
    match = NAME.match(name)
    if match is None:
        return None
    try:
        return datetime.datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")  # noqa: DTZ007 — local time of the name, compared only with itself
    except ValueError:
        return None


@dataclass
class Plan:
    keep: list[Path]
    delete: list[Path]


def rotation_plan(paths: list[Path], *, keep_daily: int, keep_monthly: int) -> Plan:
    """Which of ``paths`` to keep and which to delete (names not ours are left out of both)."""
    dated = sorted(
        ((at, path) for path in paths if (at := _taken_at(path.name)) is not None),
        reverse=True,  # newest first
    )
    keep: set[Path] = {dated[0][1]} if dated else set()  # the newest always stays
    for count, period in ((keep_daily, "%Y-%m-%d"), (keep_monthly, "%Y-%m")):
        seen: set[str] = set()
        for at, path in dated:
            if len(seen) >= count:
                break
            bucket = at.strftime(period)
            if bucket not in seen:  # the first met is the newest of its day / month
                seen.add(bucket)
                keep.add(path)
    return Plan(
        keep=[path for _at, path in dated if path in keep],
        delete=[path for _at, path in dated if path not in keep],
    )


def rotate(folder: Path, *, keep_daily: int, keep_monthly: int) -> Plan:
    """Apply the rule to ``folder``: delete the backups it does not keep."""
    plan = rotation_plan(
        [path for path in folder.iterdir() if path.is_file()],
        keep_daily=keep_daily,
        keep_monthly=keep_monthly,
    )
    for path in plan.delete:
        path.unlink(missing_ok=True)
    return plan
