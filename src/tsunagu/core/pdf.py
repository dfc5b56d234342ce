"""The Japanese font of charts and PDFs: IPAexGothic, shipped as a TrueType file in the
PyPI package matplotlib-fontja (IPA Font License). The file is located without importing
that package, whose import would reconfigure matplotlib for the whole process.

Every PDF of every app (reportlab) calls :func:`register_pdf_font` and writes in FONT_NAME."""

from __future__ import annotations

import importlib.util
import threading
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


_pdf_lock = threading.Lock()


def register_pdf_font() -> None:
    """The TrueType font, embedded (subset) in every PDF: not a CID font the reader lacks."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _pdf_lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path())))
