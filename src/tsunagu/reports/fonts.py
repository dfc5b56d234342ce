"""The Japanese font of charts and PDFs: IPAexGothic, shipped as a TrueType file in the
PyPI package matplotlib-fontja (IPA Font License). The file is located without importing
that package, whose import would reconfigure matplotlib for the whole process."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

FONT_NAME = "IPAexGothic"


@cache
def font_path() -> Path:
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib-fontja がインストールされていません（IPAexゴシック）。")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "ipaexg.ttf"
    if not path.is_file():
        raise RuntimeError(f"日本語フォントが見つかりません: {path}")
    return path
