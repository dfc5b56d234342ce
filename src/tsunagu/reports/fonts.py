"""The Japanese font of charts and PDFs: IPAexGothic, shipped as a TrueType file in the
PyPI package matplotlib-fontja (IPA Font License). The file is located without importing
that package, whose import would reconfigure matplotlib for the whole process."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

FONT_NAME = "IPAexGothic"


@cache
def font_path() -> Path:
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(_("matplotlib-fontja がインストールされていません（IPAexゴシック）。"))
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "ipaexg.ttf"
    if not path.is_file():
        raise RuntimeError(_("日本語フォントが見つかりません: %(path)s") % {"path": path})
    return path
