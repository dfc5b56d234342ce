"""Import of consultations: anonymous rows, 利用者ID links, re-import without duplicates."""

import io
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from tests.imports.conftest import CONSULTATION_HEADER, PERSON_HEADER

from tsunagu.consultations.importers import import_consultations
from tsunagu.consultations.models import Consultation
from tsunagu.core.dates import TOKYO
from tsunagu.core.models import AuditEntry
from tsunagu.core.tabular import read_table
from tsunagu.people.models import Person

H = CONSULTATION_HEADER


def run(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err)
    except CommandError as error:
        raise AssertionError(f"{error}\n{err.getvalue()}") from None
    return out.getvalue()


def run_failing(*args: str) -> list[str]:
    err = io.StringIO()
    with pytest.raises(CommandError, match="何も書き込んでいません"):
        call_command("import", *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue().splitlines()


def test_cp932_rows_linked_anonymous_and_several_topics(region, imported_persons, write_file):
    rows = [
        H,
        ["A001", "R4.4.1", "ＴＥＬ", "本人", "就労;健康・医療", "３０", "ｼｮｸﾊﾞで相談。\r\n=SUM(A1)"],
        [
            "",
            "令和4年4月2日 14:05",
            "来所",
            "家族",
            "福祉サービスの利用等に関する支援、不安解消",
            "",
            "",
        ],
        ["A002", "2023/3/31", "訪問", "関係機関", "その他", "60分", "<script>x</script>"],
    ]
    out = run("consultations", write_file(rows, encoding="cp932"))
    assert "作成 3件" in out
    first = Consultation.objects.get(person__external_id="A001")
    assert first.occurred_at == datetime(2022, 4, 1, 0, 0, tzinfo=TOKYO)  # no time: 00:00 JST
    assert first.fiscal_year == 2022
    assert (first.method.code, first.caller_type.code, first.duration_minutes) == (
        "phone",
        "self",
        30,
    )
    assert sorted(first.topics.values_list("code", flat=True)) == ["employment", "health"]
    assert first.record == "ショクバで相談。\n=SUM(A1)"  # stored as text, never evaluated
    anonymous = Consultation.objects.get(person=None)
    assert anonymous.occurred_at == datetime(2022, 4, 2, 14, 5, tzinfo=TOKYO)
    assert anonymous.topics.count() == 2
    last = Consultation.objects.get(person__external_id="A002")
    assert (last.fiscal_year, last.record) == (2022, "<script>x</script>")
    assert len({c.import_key for c in Consultation.objects.all()}) == 3


def test_reimport_creates_no_duplicates_and_identical_rows_count_each(region, write_file):
    call = ["", "2022/5/1", "電話", "本人", "不安解消", "10", ""]
    rows = [H, call, call, ["", "2022/5/2", "電話", "本人", "就労", "", "x"]]
    path = write_file(rows)
    run("consultations", path)
    assert Consultation.objects.count() == 3  # two identical anonymous calls are two calls
    out = run("consultations", path)
    assert "作成 0件・取り込み済み 3件" in out
    # the same rows written differently are the same consultations
    same = [H, ["", "R4.5.1", "TEL", "本人", "不安解消", "１０", ""],
            ["", "２０２２－０５－０１", "電話", "本人", "不安解消", "10分", ""],
            ["", "2022-05-02", "電話", "本人", "就労", "", "x"], call]  # fmt: skip
    out = run("consultations", write_file(same, "same.xlsx"))
    assert "作成 1件・取り込み済み 3件" in out  # a third identical call is new
    assert Consultation.objects.count() == 4


def test_unknown_person_bad_values_and_nothing_written(region, imported_persons, write_file):
    rows = [
        H,
        ["A001", "2022/4/1", "電話", "本人", "就労", "5", "ok"],
        ["Z999", "2022/4/31", "伝書鳩", "隣人", "就労;宇宙", "-5", ""],
        ["", "", "", "", "", "abc", ""],
        ["", "2999/1/1 25:00", "電話", "本人", "就労", "99999", ""],
    ]
    before = (Consultation.objects.count(), AuditEntry.objects.count())
    lines = run_failing("consultations", write_file(rows))
    assert "行 3, 列「利用者ID」: 利用者ID「Z999」の利用者がいません。" in lines
    assert "行 3, 列「相談日」: 存在しない日付です: 2022/4/31" in lines
    assert any(
        x.startswith("行 3, 列「相談方法」: 「伝書鳩」は相談方法の一覧にありません（来所、電話")
        for x in lines
    )
    assert any(
        x.startswith("行 3, 列「相談者」: 「隣人」は相談者の一覧にありません") for x in lines
    )
    assert any(
        x.startswith("行 3, 列「支援内容」: 「宇宙」は支援内容の一覧にありません") for x in lines
    )
    assert "行 3, 列「対応時間(分)」: 0以上の整数（分）で入力してください: -5" in lines
    for column in ("相談日", "相談方法", "相談者", "支援内容"):
        assert f"行 4, 列「{column}」: 入力されていません。" in lines
    assert "行 5, 列「相談日」: 時刻として読めません: 2999/1/1 25:00" in lines
    assert "行 5, 列「対応時間(分)」: 1日（1440分）を超えています。" in lines
    assert (Consultation.objects.count(), AuditEntry.objects.count()) == before


def test_future_date_is_an_error(region, write_file):
    lines = run_failing(
        "consultations", write_file([H, ["", "2999/1/1", "電話", "本人", "就労", "", ""]])
    )
    assert lines == ["行 2, 列「相談日」: 未来の日付です: 2999/1/1"]


def test_dry_run_writes_nothing(region, write_file):
    before = AuditEntry.objects.count()
    out = run(
        "consultations",
        write_file([H, ["", "2022/4/1", "電話", "本人", "就労", "", ""]]),
        "--dry-run",
    )
    assert "確認のみ" in out and "作成 1件" in out
    assert not Consultation.objects.exists()
    assert AuditEntry.objects.count() == before


def test_one_audit_entry_summarizes_the_import(region, write_file):
    rows = [H, *[["", f"2022/4/{d}", "電話", "本人", "就労", "", ""] for d in range(1, 8)]]
    before = AuditEntry.objects.count()
    run("consultations", write_file(rows))
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert [(e.target_type, e.summary) for e in entries] == [
        ("consultations.consultation", "import: 7 created, 0 updated, 0 already imported")
    ]


def test_persons_and_consultations_together(region, write_file):
    persons = write_file(
        [PERSON_HEADER, ["N1", "新井 一", "アライ ハジメ", "", "芝山町", "発達"]], "p.csv"
    )
    consultations = write_file([H, ["N1", "2022/6/1", "電話", "本人", "就労", "", ""]], "c.csv")
    lines = run_failing("consultations", consultations)  # N1 is not known yet
    assert lines == ["行 2, 列「利用者ID」: 利用者ID「N1」の利用者がいません。"]
    out = run("consultations", consultations, "--persons", persons, "--dry-run")
    assert "利用者" in out and not Person.objects.exists()
    out = run("consultations", consultations, "--persons", persons)
    assert Consultation.objects.get().person == Person.objects.get(external_id="N1")
    bad = write_file([PERSON_HEADER, ["N2", "", "", "", "", ""]], "bad.csv")
    lines = run_failing("consultations", consultations, "--persons", bad)
    assert "[利用者] 行 2, 列「氏名」: 入力されていません。" in lines
    assert Consultation.objects.count() == 1 and Person.objects.count() == 1


def test_failure_while_writing_rolls_back_everything(region, write_file, monkeypatch):
    from tsunagu.consultations import importers

    path = write_file([H, ["", "2022/4/1", "電話", "本人", "就労", "", ""]])
    original = importers.consultations_bulk_import

    def broken(**kwargs):
        original(**kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(importers, "consultations_bulk_import", broken)
    with pytest.raises(RuntimeError):
        run("consultations", path)
    assert not Consultation.objects.exists()


def test_merged_person_leads_to_the_survivor(region, imported_persons):
    old, survivor = Person.objects.get(external_id="A001"), Person.objects.get(external_id="A002")
    Person.objects.filter(pk=old.pk).update(merged_into=survivor)
    data = "\r\n".join([",".join(H), "A001,2022/4/1,電話,本人,就労,,"]).encode()
    table = read_table(data, "c.csv", tuple(H))
    result = import_consultations(region=region, table=table, actor="test")
    assert result.ok and Consultation.objects.get().person == survivor


def test_optional_kind_column_municipality_and_organization(
    client, login, center_staff, center_org, region, imported_persons, write_file
):
    """Issue 18: 「相談の種類」 may follow the columns (empty: 一般相談); each row gets its
    person's 市町村 and the importing user's organization; the old 症状 label still imports."""
    rows = [
        [*H, "相談の種類"],
        ["A001", "2022/5/1", "電話", "本人", "障害や症状の理解に関する支援", "", "", "計画相談"],
        ["A002", "2022/5/2", "電話", "家族", "障害理解", "", "", ""],
        ["", "2022/5/3", "電話", "行政", "その他", "", "", "地域定着支援"],
    ]
    login(client, center_staff)
    with open(write_file(rows, name="k.xlsx"), "rb") as upload:
        response = client.post("/consultations/import/", {"kind": "consultations", "file": upload})
    assert response.status_code in (200, 302)
    made = {c.caller_type.code: c for c in Consultation.objects.all()}
    assert len(made) == 3
    assert (made["self"].kind.code, made["self"].municipality.code) == ("plan", "12213")
    assert (made["family"].kind.code, made["family"].municipality.code) == ("general", "12237")
    assert (made["government"].kind.code, made["government"].municipality) == ("settlement", None)
    assert {c.organization for c in made.values()} == {center_org}
    assert {t.code for c in made.values() for t in c.topics.all()} >= {"understanding"}
    assert made["self"].topics.get().label == "障害や病状の理解に関する支援"


def test_an_unknown_kind_is_an_error_and_a_file_without_the_column_keeps_its_keys(
    region, imported_persons, write_file
):
    bad = [[*H, "相談の種類"], ["A001", "2022/5/1", "電話", "本人", "その他", "", "", "謎の相談"]]
    lines = run_failing("consultations", write_file(bad))
    assert any("相談の種類" in line and "謎の相談" in line for line in lines)
    plain = [H, ["A001", "2022/5/1", "電話", "本人", "その他", "", ""]]
    run("consultations", write_file(plain))
    same_with_default = [[*H, "相談の種類"], ["A001", "2022/5/1", "電話", "本人", "その他", "", "",
                                            "一般相談"]]  # fmt: skip
    assert "作成 0件" in run("consultations", write_file(same_with_default, name="b.csv"))
    assert Consultation.objects.get().organization is None  # a command has no organization
