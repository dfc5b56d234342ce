"""`tsunagu needs cluster`: called the way an operator calls it, on files it writes itself.

No database: the command reads and writes files only."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SAMPLE = Path(__file__).resolve().parent / "data" / "needs_sample.csv"
TUNE = Path(__file__).resolve().parent / "data" / "eval_tune.csv"

NEEDS = [
    ("1", "A", "東金市", "路線バスが廃止になり、通院できない。"),
    ("2", "B", "山武市", "バスがなくなって病院に通えない。"),
    ("3", "C", "芝山町", "通院のバスが廃止され、病院へ行けない。"),
    ("4", "", "九十九里町", "バス路線がなくなり通院に困っている。"),
    ("5", "D", "横芝光町", "成年後見人を頼める人がいない。"),
]


def _csv(path: Path, header, rows, encoding="utf-8-sig") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _run(*args) -> str:
    out = io.StringIO()
    call_command("needs", "cluster", *args, stdout=out)
    return out.getvalue()


def _read_out(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["id", "cluster"]
    return dict(rows[1:])


def test_cluster_writes_one_label_per_need(tmp_path):
    source = _csv(tmp_path / "in.csv", ["id", "person", "municipality", "text"], NEEDS)
    out = _run("--csv", str(source), "--out", str(tmp_path / "out.csv"))
    labels = _read_out(tmp_path / "out.csv")
    assert list(labels) == ["1", "2", "3", "4", "5"]
    assert {labels[i] for i in "1234"} == {"mobility-1"}  # 3 persons and an anonymous caller
    assert labels["5"] == ""  # one person: no recurring group
    assert "グループ 1 件" in out
    assert "4 / 5 件" in out
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8


def test_min_persons(tmp_path):
    source = _csv(tmp_path / "in.csv", ["id", "person", "municipality", "text"], NEEDS)
    _run("--csv", str(source), "--out", str(tmp_path / "out.csv"), "--min-persons", "4")
    assert set(_read_out(tmp_path / "out.csv").values()) == {""}


def test_cp932_extra_columns_and_any_order(tmp_path):
    rows = [(text, "x", muni, person, need_id) for need_id, person, muni, text in NEEDS]
    source = _csv(
        tmp_path / "in.csv",
        ["text", "memo", "municipality", "person", "ID"],
        rows,
        encoding="cp932",
    )
    _run("--csv", str(source), "--out", str(tmp_path / "out.csv"))
    assert _read_out(tmp_path / "out.csv")["1"] == "mobility-1"


def test_truth_column_prints_the_adjusted_rand_index(tmp_path):
    out = _run("--csv", str(SAMPLE), "--out", str(tmp_path / "out.csv"), "--truth-column", "issue")
    line = next(line for line in out.splitlines() if "ARI" in line)
    assert float(line.rsplit(":", 1)[1]) >= 0.75  # the floor on the public sample (0.780)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "ファイルが空です"),
        (b"\r\n \r\n", "ファイルが空です"),
        ("id,person,municipality\r\n1,A,東金市\r\n".encode(), "「text」"),
        (b"id,person,municipality,text\r\n", "データの行がありません"),
        (
            "id,person,municipality,text\r\n,A,東金市,バスがない\r\n".encode(),
            "行 2, 列「id」: 空欄",
        ),
        (
            "id,person,municipality,text\r\n1,A,東金市,バス\r\n1,B,山武市,駅\r\n".encode(),
            "行 3, 列「id」: 「1」は行 2 と重複",
        ),
        ("id,person,municipality,text\r\n1,A,東金市,\r\n".encode(), "行 2, 列「text」: 空欄"),
        (b"id,person,municipality,text\r\n1,A,\x82\xff,x\r\n", "文字コードを判別できません"),
        ('id,person,municipality,text\r\n1,A,東金市,"バス\r\n'.encode(), "CSV として読めません"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path, content, message):
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    with pytest.raises(CommandError) as error:
        _run("--csv", str(source), "--out", str(tmp_path / "out.csv"))
    assert message in str(error.value)
    assert "in.csv" in str(error.value) or "行" in str(error.value)
    assert not (tmp_path / "out.csv").exists()


def test_missing_truth_column_and_missing_file(tmp_path):
    source = _csv(tmp_path / "in.csv", ["id", "person", "municipality", "text"], NEEDS)
    with pytest.raises(CommandError, match="「issue」"):
        _run("--csv", str(source), "--out", str(tmp_path / "o.csv"), "--truth-column", "issue")
    with pytest.raises(CommandError, match="ファイルがありません"):
        _run("--csv", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.csv"))
    with pytest.raises(CommandError, match="--min-persons"):
        _run("--csv", str(source), "--out", str(tmp_path / "o.csv"), "--min-persons", "0")


def test_without_person_column_each_need_is_its_own_person(tmp_path):
    rows = [(need_id, text) for need_id, _p, _m, text in NEEDS]
    source = _csv(tmp_path / "in.csv", ["id", "text"], rows)
    _run("--csv", str(source), "--out", str(tmp_path / "out.csv"))
    labels = _read_out(tmp_path / "out.csv")
    assert {labels[i] for i in "1234"} == {"mobility-1"}
    assert labels["5"] == ""


def test_answers_stand_in_for_the_secretariat(tmp_path):
    out = _run(
        "--csv",
        str(SAMPLE),
        "--out",
        str(tmp_path / "out.csv"),
        "--truth-column",
        "issue",
        "--answers",
        str(SAMPLE),
    )
    asked = int(next(line for line in out.splitlines() if "問いの数" in line).rsplit(":", 1)[1])
    assert 0 < asked <= 34  # the budget defaults to the number of needs
    ari = float(next(line for line in out.splitlines() if "ARI" in line).rsplit(":", 1)[1])
    assert ari >= 0.9  # 0.952 after the answers, 0.780 without
    # no answers allowed: the grouping without questions
    out = _run(
        "--csv", str(SAMPLE), "--out", str(tmp_path / "o.csv"), "--answers", str(SAMPLE),
        "--budget", "0",
    )  # fmt: skip
    assert "問いの数: 0" in out


def test_answers_file_errors(tmp_path):
    with pytest.raises(CommandError, match="ファイルがありません"):
        _run("--csv", str(SAMPLE), "--out", str(tmp_path / "o.csv"), "--answers", "nope.csv")
    bad = _csv(tmp_path / "a.csv", ["id", "group"], [("S001", "x")])
    with pytest.raises(CommandError, match="「issue」"):
        _run("--csv", str(SAMPLE), "--out", str(tmp_path / "o.csv"), "--answers", str(bad))
    assert not (tmp_path / "o.csv").exists()


def test_similar_writes_the_nearest_needs(tmp_path):
    source = _csv(tmp_path / "in.csv", ["id", "person", "municipality", "text"], NEEDS)
    out = io.StringIO()
    call_command(
        "needs", "similar", "--csv", str(source), "--out", str(tmp_path / "s.csv"), "--top", "2",
        stdout=out,
    )  # fmt: skip
    with (tmp_path / "s.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["id", "rank", "other_id", "score"]
    first = [r for r in rows[1:] if r[0] == "1"]
    assert [r[1] for r in first] == ["1", "2"]
    assert first[0][2] in {"2", "3", "4"}  # another bus need, not the guardianship one
    assert float(first[0][3]) >= float(first[1][3])
    with pytest.raises(CommandError, match="--top"):
        call_command("needs", "similar", "--csv", str(source), "--out", "x.csv", "--top", "0")
