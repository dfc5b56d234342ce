"""Charts of the annual report as SVG, drawn on the server with matplotlib (Agg, no pyplot).

Glyphs are written as paths (``svg.fonttype = "path"``): the browser needs no font, and the
page needs no script or inline style (the CSP forbids both). Suppressed cells ("＊") are not
drawn: their bar is left out and marked ＊.

Each chart is drawn once per data version (issue 25): its version is a hash of what it draws
(the breakdown's labels and values as the reader sees them, the title, the language and the
drawing's own version), and the SVG is kept in the Django cache under the reader's view
(region, exact or suppressed, selection) and that version. The page puts the version in each
chart's address, so a chart request that finds its version in the cache neither counts nor
draws; a new consultation changes the figures, so the version and the address change.
"""

from __future__ import annotations

import hashlib
import io
import json
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tsunagu.core.charts import BAR, GRID, INK, render_lock, setup_matplotlib
from tsunagu.reports.layout import SECTIONS, month_label, short_month_label
from tsunagu.reports.suppression import SUPPRESSED

CHARTS: dict[str, str] = {
    # name -> the breakdown it draws
    "month": "contacts_by_month",
    "method": "contacts_by_method",
    "disability": "persons_by_disability",
    "municipality": "persons_by_municipality",
    "topic": "contacts_by_topic",
}

# The drawing's own version: change it when _draw changes, so cached charts are drawn anew.
STYLE = "1"
CACHE_SECONDS = 7 * 24 * 3600
# Charts drawn by this process (read by the tests: a chart served from the cache adds none).
renders = 0


def chart_title(name: str) -> str:
    key = CHARTS[name]
    section = next(s for s in SECTIONS if s.key == key)
    return section.caption


def alt_text(name: str, figures: dict[str, Any]) -> str:
    """A text equivalent for the chart: the caption and every figure."""
    key = CHARTS[name]
    parts = [
        f"{month_label(label) if key == 'contacts_by_month' else label} {value}"
        for label, value in figures[key].items()
    ]
    return f"{chart_title(name)}：" + "、".join(parts)


def _draw(name: str, figures: dict[str, Any], fiscal_year_label: str) -> bytes:
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    key = CHARTS[name]
    data = figures[key]
    labels = [short_month_label(k) if key == "contacts_by_month" else k for k in data]
    values = [0 if v == SUPPRESSED else v for v in data.values()]
    hidden = [v == SUPPRESSED for v in data.values()]
    vertical = key == "contacts_by_month"

    height = 3.4 if vertical else max(2.4, 0.4 * len(labels) + 1.1)
    fig = Figure(figsize=(6.4, height), dpi=100, layout="constrained")
    FigureCanvasSVG(fig)
    ax = fig.add_subplot()
    positions = range(len(labels))
    if vertical:
        bars = ax.bar(positions, values, color=BAR, width=0.65)
        ax.set_xticks(list(positions), labels)
        ax.yaxis.grid(True, color=GRID, linewidth=0.8)
    else:
        bars = ax.barh(positions, values, color=BAR, height=0.6)
        ax.set_yticks(list(positions), labels)
        ax.invert_yaxis()
        ax.xaxis.grid(True, color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    top = max(values, default=0)
    if vertical:
        ax.set_ylim(0, max(top * 1.15, 1))
    else:
        ax.set_xlim(0, max(top * 1.15, 1))
    for bar, value, is_hidden in zip(bars, data.values(), hidden, strict=True):
        text = SUPPRESSED if is_hidden else f"{value:,}"
        if vertical:
            x, y, ha, va = bar.get_x() + bar.get_width() / 2, bar.get_height(), "center", "bottom"
        else:
            x, y, ha, va = bar.get_width(), bar.get_y() + bar.get_height() / 2, "left", "center"
        ax.annotate(
            text,
            (x, y),
            xytext=(0, 2) if vertical else (3, 0),
            textcoords="offset points",
            ha=ha,
            va=va,
            color=INK,
            fontsize=10.5,
        )
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    title = chart_title(name)
    if fiscal_year_label:
        title = f"{fiscal_year_label} {title}"
    fig.suptitle(title, x=0.01, ha="left", fontsize=13, color=INK)
    unit = _("件") if key.startswith("contacts") else _("人")
    if vertical:
        ax.set_ylabel(f"（{unit}）", color=INK, rotation=0, labelpad=16, va="center")
    else:
        ax.set_xlabel(f"（{unit}）", color=INK)

    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def render_svg(name: str, figures: dict[str, Any], *, fiscal_year_label: str = "") -> bytes:
    """The chart ``name`` (a key of CHARTS) of ``figures`` as SVG bytes."""
    global renders
    setup_matplotlib()
    with render_lock:
        renders += 1
        return _draw(name, figures, fiscal_year_label)


def version(name: str, figures: dict[str, Any], *, fiscal_year_label: str = "") -> str:
    """The data version of chart ``name``: changes whenever what it draws would."""
    data = figures[CHARTS[name]]
    raw = json.dumps(
        [STYLE, name, get_language(), fiscal_year_label, [[k, str(v)] for k, v in data.items()]],
        ensure_ascii=False,
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def _key(view: str, name: str, data_version: str) -> str:
    view_hash = hashlib.sha256(view.encode()).hexdigest()[:24]
    return f"reports:chart:{view_hash}:{name}:{data_version}"


def cached(view: str, name: str, data_version: str) -> bytes | None:
    """The chart drawn for ``view`` (who sees which report, see the view) at that version."""
    return cache.get(_key(view, name, data_version))


def cached_svg(
    view: str, name: str, figures: dict[str, Any], *, fiscal_year_label: str = ""
) -> bytes:
    """The chart of ``figures``, drawn only when this version is not in the cache yet."""
    data_version = version(name, figures, fiscal_year_label=fiscal_year_label)
    key = _key(view, name, data_version)
    svg = cache.get(key)
    if svg is None:
        svg = render_svg(name, figures, fiscal_year_label=fiscal_year_label)
        cache.set(key, svg, CACHE_SECONDS)
    return svg
