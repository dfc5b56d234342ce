"""The fast consultations import (issue 25: one statement per lookup, COPY on PostgreSQL,
ids taken first) writes exactly what the import before it wrote.

Each test imports the same file through the old code (tests/imports/legacy_consultation_import,
kept unchanged), reads the database, rolls that back, imports through the application's
code and compares: every column of every consultation, the 支援内容 rows in order, the audit
entries and the persons. Ids are compared relative to the first one written (PostgreSQL
does not give back sequence values on a rollback) and exactly on SQLite."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from tests.imports import legacy_consultation_import as legacy
from tests.imports.conftest import CONSULTATION_HEADER, PERSON_HEADER, csv_bytes

from tsunagu.consultations import importers
from tsunagu.consultations.models import Consultation
from tsunagu.core.models import AuditEntry
from tsunagu.core.tabular import read_table
from tsunagu.people import importers as person_importers
from tsunagu.people.models import Person

METHODS = ["来所", "電話", "TEL", "訪問", "メール", "ＦＡＸ", "同行", "個別支援会議"]
CALLERS = ["本人", "家族", "関係機関", "行政", "その他"]
TOPICS = ["福祉サービス", "障害理解", "健康・医療", "不安解消", "家族関係・人間関係", "就労",
          "家計・経済に関する支援", "生活技術", "権利擁護", "その他"]  # fmt: skip
KINDS = ["", "一般相談", "計画相談", "地域定着支援", "地域定着", "general"]
RECORDS = [
    "",
    "ﾃﾞﾝﾜで相談。通所先の利用について家族と話し合い、次回は来所の予定。",
    '本人が "困っている" と話す\\ 改行\r\nあり, カンマも',
    "  前後に空白  ",
    "ｶﾞｷﾞｸﾞ　全角空白とﾊﾟﾋﾟﾌﾟ",
    "髙橋と﨑\tタブ",
    "カﾞ（全角の後の半角濁点）",
]


class Rollback(Exception):
    pass


def _rows(rng: random.Random, count: int, *, with_kind: bool) -> list[list[str]]:
    start = date(2019, 5, 1)
    rows = [[*CONSULTATION_HEADER, *(["相談の種類"] if with_kind else [])]]
    for i in range(count):
        day = start + timedelta(days=rng.randrange(1400))
        when = rng.choice([f"{day:%Y/%-m/%-d}", f"R{day.year - 2018}.{day.month}.{day.day}",
                           f"{day:%Y-%m-%d} {rng.randrange(24)}:{rng.randrange(60):02d}",
                           f"{day:%Y年%-m月%-d日}"])  # fmt: skip
        person = rng.choice(["", "", "A001", "Ａ００２", " A003 ", f"A{rng.randrange(1, 40):03d}"])
        topics = rng.choice(["、", ";", "，", ","]).join(rng.sample(TOPICS, rng.randint(1, 3)))
        minutes = rng.choice(["", "30", "３０分", "0", str(rng.randrange(5, 120))])
        row = [person, when, rng.choice(METHODS), rng.choice(CALLERS), topics, minutes,
               f"{rng.choice(RECORDS)}{i % 7 or ''}"]  # fmt: skip
        if with_kind:
            row.append(rng.choice(KINDS))
        rows.append(row)
        if i % 50 == 0:
            rows.append(list(row))  # an identical row: a second consultation (#1 in its key)
            rows.append(list(row))
    return rows


def _persons(count: int = 40) -> list[list[str]]:
    rows = [PERSON_HEADER]
    for i in range(1, count + 1):
        rows.append([f"A{i:03d}", f"山田 {i}郎", "ヤマダ タロウ", "1980/1/2",
                     ["東金市", "山武市", ""][i % 3], "身体"])  # fmt: skip
    return rows


def _table(rows: list[list[str]]):
    data = csv_bytes(rows, "cp932")
    return read_table(data, "c.csv", importers.HEADERS, optional=importers.OPTIONAL_HEADERS)


def _snapshot(region, audit_after: int) -> dict:
    rows = list(Consultation.objects.filter(region=region).order_by("pk").values())
    base = rows[0]["id"] if rows else 0
    stamps = {(r["created_at"], r["updated_at"]) for r in rows}
    assert len(stamps) <= 1 and all(a == b for a, b in stamps)  # one "now" per import
    # persons written by the same import get other ids on PostgreSQL: compare their 利用者ID
    external = dict(Person.objects.filter(region=region).values_list("pk", "external_id"))
    for row in rows:
        row["id"] -= base
        row["created_at"] = row["updated_at"] = "now"
        row["person_id"] = external.get(row["person_id"], row["person_id"])
    through = Consultation.topics.through
    links = [
        (consultation - base, item)
        for consultation, item in through.objects.filter(consultation__region=region)
        .order_by("pk")
        .values_list("consultation_id", "listitem_id")
    ]
    persons = list(
        Person.objects.filter(region=region).order_by("pk").values(
            "external_id", "family_name", "given_name", "family_name_kana", "given_name_kana",
            "birth_date", "municipality_id", "merged_into_id", "search_key",
        )
    )  # fmt: skip
    audit = list(
        AuditEntry.objects.filter(pk__gt=audit_after)
        .order_by("pk")
        .values(
            "region_id", "user_id", "username", "action", "target_type", "target_id", "summary"
        )  # fmt: skip
    )
    return {"first_id": base, "consultations": rows, "topics": links, "persons": persons,
            "audit": audit, "stamps": stamps}  # fmt: skip


def _result(result) -> tuple:
    parts = [p for p in (result, result.related) if p is not None]
    return tuple((p.kind, p.rows, p.created, p.updated, p.unchanged,
                  [str(e) for e in p.errors]) for p in parts)  # fmt: skip


def _both(region, run_old, run_new) -> tuple[dict, dict]:
    """Run the old import, read the database, roll back; then the new one, and read again."""
    audit_after = AuditEntry.objects.order_by("pk").values_list("pk", flat=True).last() or 0
    old: dict = {}
    try:
        with transaction.atomic():
            started = timezone.now()
            old["result"] = _result(run_old())
            old.update(_snapshot(region, audit_after))
            raise Rollback
    except Rollback:
        pass
    assert AuditEntry.objects.filter(pk__gt=audit_after).count() == 0  # rolled back
    new = {"result": _result(run_new())}
    new.update(_snapshot(region, audit_after))
    for taken in (old, new):
        for created, _updated in taken.pop("stamps"):
            assert abs(created - started) < timedelta(minutes=10)  # the time of the import
    old_first, new_first = old.pop("first_id"), new.pop("first_id")
    if connection.vendor == "sqlite":
        assert old_first == new_first  # the ids reserved are those AUTOINCREMENT gives
    return old, new


@pytest.mark.parametrize("with_kind", [False, True])
def test_the_fast_import_writes_what_the_old_one_wrote(region, center_staff, with_kind):
    person_importers.import_persons(
        region=region, actor="test",
        table=read_table(csv_bytes(_persons(), "cp932"), "p.csv", person_importers.HEADERS),
    )  # fmt: skip
    Person.objects.filter(external_id="A004").update(
        merged_into=Person.objects.get(external_id="A005")
    )
    table = _table(_rows(random.Random(7), 400, with_kind=with_kind))
    assert not table.errors and len(table.rows) == 400 + 16

    def run(module):
        return lambda: module.import_consultations(region=region, table=table, actor=center_staff)

    old, new = _both(region, run(legacy), run(importers))
    assert new["result"][0][2] == 416  # every row created, identical rows too
    assert len(new["topics"]) > 416 and new["audit"]
    assert old == new
    # importing the same file again creates nothing, in both
    old, new = _both(region, run(legacy), run(importers))
    assert new["result"][0][2:5] == (0, 0, 416)
    assert old == new


def test_persons_and_consultations_together_write_what_they_wrote(region):
    persons = read_table(csv_bytes(_persons(12), "cp932"), "p.csv", person_importers.HEADERS)
    table = _table(_rows(random.Random(3), 120, with_kind=False))

    def run(module):
        return lambda: module.import_consultations(
            region=region, table=table, actor="command:import", persons=persons
        )

    old, new = _both(region, run(legacy), run(importers))
    # rows naming A013..A039 are unknown persons: the whole import is refused, in both
    assert old == new and new["result"][0][5] and not new["consultations"]
    known = [r for r in _rows(random.Random(3), 120, with_kind=False)
             if r[0].strip() in ("", "A001", "Ａ００２", "A003", "利用者ID")]  # fmt: skip
    table = _table(known)
    old, new = _both(region, run(legacy), run(importers))
    assert new["result"][1][2] == 12 and new["consultations"] and old == new


def test_the_same_errors_as_before(region):
    rows = [
        [*CONSULTATION_HEADER, "相談の種類"],
        ["Z999", "2022/4/31", "伝書鳩", "", "就労、謎", "-5", "", "謎の相談"],
        ["", "", "", "本人", "", "25時間", "", ""],
        ["", "2099/1/1", "電話", "本人", "就労", "1441", "", ""],
        ["", "2022/4/1 25:00", "電話", "誰か", "、", "30", "", "一般相談"],
        ["", "R4.4.1", "電話", "本人", "就労", "30", "", ""],
        ["Z999", "2022/4/31", "伝書鳩", "", "就労、謎", "-5", "", "謎の相談"],
    ]
    table = _table(rows)

    def run(module):
        return lambda: module.import_consultations(region=region, table=table, actor="test")

    old, new = _both(region, run(legacy), run(importers))
    errors = new["result"][0][5]
    assert len(errors) >= 15 and errors[0].startswith("行 2,")
    assert old == new


def test_a_failure_while_writing_leaves_nothing(region, monkeypatch):
    """The rows go in (COPY on PostgreSQL) inside the import's transaction: when the database
    refuses them half way — here the same rows imported meanwhile, which the check did not
    see — nothing of the import stays, and the user gets an error, not a server error."""
    rows = [CONSULTATION_HEADER, *(["", "2022/4/1", "電話", "本人", "就労", "", f"記録{i}"]
                                   for i in range(30))]  # fmt: skip
    first = importers.import_consultations(region=region, table=_table(rows), actor="test")
    assert first.ok and first.created == 30
    both = _table([*rows, ["", "2022/4/2", "電話", "本人", "就労", "", "新しい"]])
    audit_before = AuditEntry.objects.count()
    monkeypatch.setattr(importers, "_existing_keys", lambda region, keys: set())
    result = importers.import_consultations(region=region, table=both, actor="test")
    assert [str(e) for e in result.errors] == [
        "同じ相談記録が同時に取り込まれました。もう一度取り込んでください。"
    ]
    assert result.created == 0
    assert Consultation.objects.count() == 30
    assert not Consultation.objects.filter(record="新しい").exists()
    assert AuditEntry.objects.count() == audit_before
