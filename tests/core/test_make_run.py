"""`make run` says what it is doing (issue 21, also seen): 71 s of silent pip install
looked like a hang."""

import shutil
import subprocess
from pathlib import Path

import pytest

import tsunagu

CHECKOUT = Path(tsunagu.__file__).resolve().parent.parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_announces_each_step():
    # -n: print what would run (echo lines included), -B: as on a fresh checkout
    out = subprocess.run(["make", "-n", "-B", "run"], cwd=CHECKOUT, capture_output=True,
                         text=True, check=True, timeout=60).stdout
    install = out.index("インストールしています")
    assert install < out.index("pip install")  # said before the long, quiet step
    for step in ("データベースを準備しています", "デモデータを読み込んでいます", "で起動します"):
        assert step in out
