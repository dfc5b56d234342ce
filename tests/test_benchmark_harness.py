"""The benchmark harness's bookkeeping (issue 25): a run of some parts keeps the others, every
part says where it comes from, and errors under load are found whichever server ran."""

import json

from benchmarks import harness, load


def _run(parts, **measured):
    return {
        "size": "S",
        "when": "2026-12-08T05:00:00+09:00",
        "commit": "abc",
        "machine": {"database": "sqlite 3", "cores": 2, "cpu": "x"},
        "build": {"persons": 2000, "consultations": 10_000},
        "parts": parts,
        **measured,
    }


def test_a_run_of_some_parts_keeps_the_others(tmp_path):
    path = tmp_path / "sqlite-S.json"
    earlier = _run(
        list(harness.PARTS),
        report={"ratio": 1.1},
        search={"p95_ms": 50.0, "commit": "old"},
        hsds_export={"seconds": 1},
    )
    path.write_text(json.dumps(earlier))
    now = _run(["search"], search={"p95_ms": 30.0, "commit": "new"})
    merged = harness._merged(path, now)
    assert merged["search"] == {"p95_ms": 30.0, "commit": "new"}
    assert merged["report"] == {"ratio": 1.1}
    assert merged["hsds_export"] == {"seconds": 1}
    assert merged["parts"] == list(harness.PARTS)


def test_a_run_of_another_size_keeps_nothing(tmp_path):
    path = tmp_path / "sqlite-S.json"
    earlier = _run(["report"], report={"ratio": 1.1})
    earlier["build"]["consultations"] = 99
    path.write_text(json.dumps(earlier))
    merged = harness._merged(path, _run(["search"], search={"p95_ms": 30.0}))
    assert "report" not in merged
    assert merged["parts"] == ["search"]


def test_every_part_records_when_commit_and_load():
    part = harness._measured(lambda: {"p95_ms": 1.0})
    assert part["p95_ms"] == 1.0
    assert part["commit"] == harness.git_commit() != ""
    assert len(part["loadavg_before"].split()) == 3
    assert len(part["loadavg_after"].split()) == 3
    assert part["when"].startswith("20")


def _pages(errors, failures=()):
    return {
        "pages": {"dashboard": {"requests": 10, "errors": errors}},
        "failures": list(failures),
        "rss_start_mb": 100.0,
        "rss_end_mb": 101.0,
    }


def test_errors_under_load_are_problems_for_each_server():
    result = {"pages": {"waitress": _pages(0), "gunicorn": _pages(2, ["dashboard: boom ×2"])}}
    assert load.problems(result) == [
        "pages gunicorn: dashboard: 2 errors ['dashboard: boom ×2']"
    ]
    result["soak"] = {**_pages(0), "rss_end_mb": 500.0}
    assert load.problems(result)[-1] == "soak: the server grew from 100.0 to 500.0 MB"


def test_servers_are_what_is_shipped():
    command, described = load.server_command("waitress", 8123)
    assert command[1:] == ["serve", "--listen", "127.0.0.1:8123"]
    assert command[0].endswith("/tsunagu")
    command, described = load.server_command("gunicorn", 8123)
    unit = load.WEB_UNIT.read_text()
    assert command[0].endswith("/gunicorn")
    assert "127.0.0.1:8123" in command
    # every argument of the systemd unit but the address
    assert " ".join(a for a in command[1:] if a != "127.0.0.1:8123") in unit.replace(
        "127.0.0.1:8000 ", ""
    )
    assert described.startswith("gunicorn as in deploy/tsunagu-web.service")
