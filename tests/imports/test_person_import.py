"""Import of persons: `tsunagu import persons PATH`, all or nothing, re-import updates."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from tests.imports.conftest import PERSON_HEADER

from tsunagu.core.models import AuditEntry
from tsunagu.people.models import Person


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err)
    except CommandError as error:
        raise CommandError(f"{error}\n{err.getvalue()}") from None
    return out.getvalue(), err.getvalue()


def run_failing(*args: str) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="何も書き込んでいません"):
        call_command("import", *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


@pytest.mark.parametrize(
    "typed",
    [
        "2022-04-01",
        "2022/4/1",
        "２０２２／４／１",
        "R4.4.1",
        "令和4年4月1日",
        " 2022 / 4 / 1 ",
        "r４．４．１",
    ],
)
def test_all_date_forms(region, write_file, typed):
    path = write_file([PERSON_HEADER, ["A1", "山田 太郎", "ヤマダ タロウ", typed, "", ""]])
    run("persons", path)
    assert Person.objects.get(external_id="A1").birth_date == date(2022, 4, 1)


def test_reiwa_gannen(region, write_file):
    path = write_file(
        [PERSON_HEADER, ["A1", "山田 太郎", "ヤマダ タロウ", "令和元年5月1日", "", ""]]
    )
    run("persons", path)
    assert Person.objects.get().birth_date == date(2019, 5, 1)


def test_cp932_file_with_half_width_kana_and_several_disabilities(region, write_file):
    rows = [
        PERSON_HEADER,
        ["Ａ００１", "髙橋　美咲", "ﾀｶﾊｼ ﾐｻｷ", "H11.11.3", "山武市", "精神；発達、知的"],
        ["A002", "佐藤 一郎", "さとう いちろう", "", "12213", "身体障害"],
        ["A003", "鈴木", "スズキ", "", "千葉県横芝光町", ""],
    ]
    out, _err = run("persons", write_file(rows, encoding="cp932"), "--region", "sanbu")
    assert "作成 3件" in out
    first = Person.objects.get(external_id="A001")  # full-width ID read as A001
    assert (first.family_name, first.given_name) == ("髙橋", "美咲")
    assert (first.family_name_kana, first.given_name_kana) == ("タカハシ", "ミサキ")
    assert first.birth_date == date(1999, 11, 3)
    assert first.municipality.name == "山武市"
    disabilities = first.disabilities.order_by("-is_primary", "disability_type__sort_order")
    assert [(d.disability_type.code, d.is_primary) for d in disabilities] == [
        ("mental", True), ("intellectual", False), ("developmental", False),
    ]  # fmt: skip
    second = Person.objects.get(external_id="A002")
    assert second.family_name_kana == "サトウ"  # hiragana reading stored in katakana
    assert second.municipality.code == "12213"
    assert Person.objects.get(external_id="A003").municipality.name == "横芝光町"


def test_reimport_updates_and_never_duplicates(region, imported_persons, write_file):
    rows = [
        PERSON_HEADER,
        ["A001", "山田 太郎", "ヤマダ タロウ", "1980/1/2", "大網白里市", "身体、精神"],
        ["A002", "佐藤 花子", "サトウ ハナコ", "", "山武市", "知的"],
        ["A003", "新規 さん", "シンキ サン", "", "", ""],
    ]
    out, _err = run("persons", write_file(rows))
    assert "作成 1件・更新 1件・変更なし 1件" in out
    assert Person.objects.count() == 3
    person = Person.objects.get(external_id="A001")
    assert person.municipality.name == "大網白里市"
    assert person.birth_date == date(1980, 1, 2)
    assert sorted(person.disabilities.values_list("disability_type__code", flat=True)) == [
        "mental", "physical",
    ]  # fmt: skip
    out, _err = run("persons", write_file(rows))
    assert "作成 0件・更新 0件・変更なし 3件" in out


def test_empty_optional_cells_keep_what_is_on_record(region, imported_persons, write_file):
    run("persons", write_file([PERSON_HEADER, ["A001", "山田 太郎", "ヤマダ タロウ", "", "", ""]]))
    person = Person.objects.get(external_id="A001")
    assert person.birth_date == date(1980, 1, 2)
    assert person.municipality.name == "東金市"
    assert person.disabilities.count() == 1


def test_errors_name_row_column_and_reason_and_nothing_is_written(region, write_file):
    rows = [
        PERSON_HEADER,
        ["A1", "山田 太郎", "ヤマダ タロウ", "2022/4/1", "東金市", "身体"],  # valid
        ["A2", "山田 次郎", "ヤマダ ジロウ", "2022/13/1", "千葉市", "身体;視覚"],
        ["", "", "", "", "", ""],  # blank: skipped
        ["A1", "", "", "R4.2.30", "", ""],
    ]
    before = (Person.objects.count(), AuditEntry.objects.count())
    err = run_failing("persons", write_file(rows))
    lines = err.splitlines()
    assert "行 3, 列「生年月日」: 存在しない日付です: 2022/13/1" in lines
    assert any(
        line.startswith("行 3, 列「市町村」: 「千葉市」はこの圏域の市町村ではありません")
        for line in lines
    )
    assert any(
        line.startswith("行 3, 列「障害種別」: 「視覚」は障害種別の一覧にありません")
        for line in lines
    )
    assert "行 5, 列「利用者ID」: 同じ利用者IDが 2 行目にもあります。" in lines
    assert "行 5, 列「氏名」: 入力されていません。" in lines
    assert "行 5, 列「フリガナ」: 入力されていません。" in lines
    assert "行 5, 列「生年月日」: 存在しない日付です: 令和4年2月30日" in lines
    assert len(lines) == 7
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


def test_dry_run_writes_nothing(region, write_file):
    path = write_file([PERSON_HEADER, ["A1", "山田 太郎", "ヤマダ タロウ", "", "", ""]])
    before = AuditEntry.objects.count()
    out, _err = run("persons", path, "--dry-run")
    assert "書き込んでいません" in out and "作成 1件" in out
    assert not Person.objects.exists()
    assert AuditEntry.objects.count() == before


def test_one_audit_entry_for_the_import(region, write_file):
    rows = [PERSON_HEADER, *[[f"A{i}", "山田 太郎", "ヤマダ タロウ", "", "", ""] for i in range(5)]]
    before = AuditEntry.objects.count()
    run("persons", write_file(rows))
    entries = AuditEntry.objects.order_by("id")[before:]
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.target_type, entry.summary, entry.path) == (
        "people.person", "import: 5 created, 0 updated, 0 unchanged", "command:import",
    )  # fmt: skip
    assert entry.region == region


def test_xlsx_and_bad_file_messages(region, write_file):
    path = write_file(
        [PERSON_HEADER, [1001, "山田 太郎", "ヤマダ タロウ", None, None, None]], "p.xlsx"
    )
    run("persons", path)
    assert Person.objects.filter(external_id="1001").exists()
    with pytest.raises(CommandError, match="見出し"):
        run("persons", write_file([["氏名"], ["x"]]))
    with pytest.raises(CommandError, match="ファイルがありません"):
        run("persons", "/nonexistent/file.csv")


def test_region_is_required_when_there_are_several(region, other_region, write_file):
    path = write_file([PERSON_HEADER, ["A1", "山田 太郎", "ヤマダ タロウ", "", "12100", ""]])
    with pytest.raises(CommandError, match="圏域が複数"):
        run("persons", path)
    run_failing("persons", path, "--region", "sanbu")  # 千葉市 is not in 山武
    run("persons", path, "--region", "other")
    assert Person.objects.get().region == other_region
