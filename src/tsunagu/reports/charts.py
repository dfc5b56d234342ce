"""Charts of the annual report as SVG, drawn on the server with matplotlib (Agg, no pyplot).

Glyphs are written as paths (``svg.fonttype = "path"``): the browser needs no font, and the
page needs no script or inline style (the CSP forbids both). Suppressed cells ("＊") are not
drawn: their bar is left out and marked ＊.
"""

from __future__ import annotations

import io
from typing import Any

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
    setup_matplotlib()
    with render_lock:
        return _draw(name, figures, fiscal_year_label)
