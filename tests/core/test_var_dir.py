"""`tsunagu demo --otp` run from another directory (issue 21, also seen): without
TSUNAGU_VAR_DIR the settings find the checkout's var/ instead of creating ./var."""

import os
import subprocess
import sys
from pathlib import Path

import tsunagu

CHECKOUT = Path(tsunagu.__file__).resolve().parent.parent.parent


def _var_dir(cwd: Path) -> Path:
    env = {k: v for k, v in os.environ.items() if k != "TSUNAGU_VAR_DIR"}
    env["PYTHONPATH"] = str(CHECKOUT / "src")
    out = subprocess.run(
        [sys.executable, "-c", "from tsunagu import settings; print(settings.VAR_DIR)"],
        cwd=cwd, env=env, capture_output=True, text=True, check=True, timeout=60,
    )
    return Path(out.stdout.strip())


def test_from_another_directory_the_checkouts_var_is_used(tmp_path):
    assert _var_dir(tmp_path) == (CHECKOUT / "var").resolve()
    assert not (tmp_path / "var").exists()  # nothing created where the command was run


def test_an_existing_var_where_the_command_runs_is_kept(tmp_path):
    (tmp_path / "var").mkdir()
    assert _var_dir(tmp_path) == (tmp_path / "var").resolve()
