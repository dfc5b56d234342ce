"""The one matplotlib set-up of every chart drawn on the server (the annual report's, the
地域診断's): Agg, no pyplot; the Japanese font of :mod:`tsunagu.core.pdf`; glyphs written as
paths (``svg.fonttype = "path"``) so the browser needs no font and the page no script or inline
style; the brand's colours; one lock, as matplotlib's text and font caches are not
thread-safe."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from django.conf import settings

from tsunagu.core.pdf import FONT_NAME, font_path

BAR = "#0b5f5a"  # --brand of tsunagu.css
INK = "#1b1f23"
GRID = "#c9d2d0"

_lock = threading.Lock()
render_lock = threading.Lock()  # matplotlib's text and font caches are not thread-safe
_ready = False


def setup_matplotlib() -> None:
    """Register the font and set the process-wide options once."""
    global _ready
    with _lock:
        if _ready:
            return
        # matplotlib keeps its font cache here rather than in the home directory, which a
        # service account may not be able to write.
        cache = Path(settings.VAR_DIR) / "matplotlib"
        cache.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("MPLCONFIGDIR", str(cache))
        import matplotlib

        matplotlib.use("Agg", force=True)
        from matplotlib import font_manager

        font_manager.fontManager.addfont(str(font_path()))
        matplotlib.rcParams.update(
            {
                "svg.fonttype": "path",
                "svg.hashsalt": "tsunagu",
                "font.family": [FONT_NAME],
                "font.size": 12,
                "axes.unicode_minus": False,
            }
        )
        _ready = True
