"""Charts of the community assessment, drawn on the server with matplotlib (the font and
options of tsunagu.core.charts): the population pyramid, the aging-rate trend and the
projected decline. Every chart carries its source and date at the bottom, and has a text
alternative (``alt_text``) with every figure it draws. SVG for pages, PNG for the PDF."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from tsunagu.assessment.population import AreaPopulation
from tsunagu.core import charts as core_charts

CHARTS = ("pyramid", "aging", "projection")
REGION_CHARTS = ("totals", *CHARTS)  # the region also shows its municipalities side by side
MEN = "#0b5f5a"
WOMEN = "#b5523b"
INK = core_charts.INK
GRID = core_charts.GRID


def chart_title(name: str, area: str) -> str:
    titles = {
        "pyramid": _("%(area)s 人口ピラミッド"),
        "aging": _("%(area)s 高齢化率の推移"),
        "projection": _("%(area)s 将来推計人口"),
        "totals": _("%(area)s 市町村別の総人口"),
    }
    return titles[name] % {"area": area}


def chart_data(name: str, area: AreaPopulation) -> dict[str, Any] | None:
    if name == "totals":
        if not area.parts:
            return None
        return {
            "totals": {n: t for n, (t, _d, _y) in area.parts.items()},
            "years": {n: y for n, (_t, _d, y) in area.parts.items()},
            "datasets": list(dict.fromkeys(d for _t, d, _y in area.parts.values())),
        }
    if name == "pyramid":
        return area.pyramid()
    if name == "aging":
        trend = area.aging_trend()
        return trend if trend["actual"] or trend["projected"] else None
    return area.projection()


def sources(name: str, data: dict[str, Any] | None) -> list[str]:
    """The citations of a chart: 出典 and date of each dataset drawn."""
    if not data:
        return []
    datasets = data.get("datasets") or [data["dataset"]]
    out = []
    for d in datasets:
        text = _("出典: %(citation)s") % {"citation": d.citation}
        if d.is_fictional:
            text += _("（架空の値）")
        out.append(text)
    return out


def alt_text(name: str, area: AreaPopulation, data: dict[str, Any] | None = None) -> str:
    data = data if data is not None else chart_data(name, area)
    title = chart_title(name, area.label)
    if not data:
        return _("%(title)s：データがありません。") % {"title": title}
    if name == "pyramid":
        parts = [
            _("%(age)s歳 男%(men)s人 女%(women)s人")
            % {"age": label, "men": f"{m:,}", "women": f"{w:,}"}
            for label, m, w in zip(data["labels"], data["men"], data["women"], strict=True)
        ]
        head = _("%(title)s（%(year)d年）") % {"title": title, "year": data["year"]}
    elif name == "totals":
        parts = [_("%(name)s %(total)s人（%(year)d年）")
                 % {"name": n, "total": f"{t:,}", "year": data["years"][n]}
                 for n, t in data["totals"].items()]
        head = title
    elif name == "aging":
        parts = [_("%(year)d年 %(rate)s%%") % {"year": y, "rate": r}
                 for y, r in data["actual"].items()]
        parts += [_("%(year)d年（推計） %(rate)s%%") % {"year": y, "rate": r}
                  for y, r in data["projected"].items()]
        head = title
    else:
        parts = [_("%(year)d年 %(total)s人（%(index)s%%）")
                 % {"year": y, "total": f"{t:,}", "index": data["index"][y]}
                 for y, t in data["totals"].items()]
        head = title
    return head + "：" + "、".join(parts) + "。" + " ".join(sources(name, data))


def _figure(height: float = 4.2):
    from matplotlib.figure import Figure

    return Figure(figsize=(6.4, height), dpi=100, layout="constrained")


def _draw(name: str, area: AreaPopulation, data: dict[str, Any] | None) -> Any:
    fig = _figure(4.8 if name == "pyramid" else 3.6)
    ax = fig.add_subplot()
    title = chart_title(name, area.label)
    if not data:
        ax.axis("off")
        ax.text(0.5, 0.5, _("データがありません"), ha="center", va="center", color=INK)
    elif name == "pyramid":
        title = _("%(title)s（%(year)d年）") % {"title": title, "year": data["year"]}
        positions = range(len(data["labels"]))
        ax.barh(positions, [-m for m in data["men"]], color=MEN, height=0.8, label=_("男"))
        ax.barh(positions, data["women"], color=WOMEN, height=0.8, label=_("女"))
        ax.set_yticks(list(positions), data["labels"], fontsize=8)
        top = max([*data["men"], *data["women"], 1])
        ax.set_xlim(-top * 1.1, top * 1.1)
        ticks = ax.get_xticks()
        ax.set_xticks(ticks, [f"{abs(int(t)):,}" for t in ticks], fontsize=8)
        ax.set_xlim(-top * 1.1, top * 1.1)
        ax.xaxis.grid(True, color=GRID, linewidth=0.8)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False)
        ax.set_xlabel(_("（人）"), color=INK)
    elif name == "totals":
        names, totals = list(data["totals"]), list(data["totals"].values())
        bars = ax.barh(range(len(names)), totals, color=MEN, height=0.6)
        ax.set_yticks(list(range(len(names))), names)
        ax.invert_yaxis()
        for bar, total in zip(bars, totals, strict=True):
            ax.annotate(f"{total:,}", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        xytext=(3, 0), textcoords="offset points", va="center", fontsize=9,
                        color=INK)
        ax.set_xlim(0, max(totals) * 1.2)
        ax.xaxis.grid(True, color=GRID, linewidth=0.8)
        ax.set_xlabel(_("（人）"), color=INK)
    elif name == "aging":
        if data["actual"]:
            years, rates = list(data["actual"]), list(data["actual"].values())
            ax.plot(years, rates, marker="o", color=MEN, label=_("実績"))
            for y, r in zip(years, rates, strict=True):
                ax.annotate(f"{r}%", (y, r), xytext=(0, 5), textcoords="offset points",
                            ha="center", fontsize=9, color=INK)
        if data["projected"]:
            years, rates = list(data["projected"]), list(data["projected"].values())
            ax.plot(years, rates, marker="s", linestyle="--", color=WOMEN, label=_("推計"))
            for y, r in zip(years, rates, strict=True):
                ax.annotate(f"{r}%", (y, r), xytext=(0, -13), textcoords="offset points",
                            ha="center", fontsize=9, color=INK)
        ax.set_ylim(0, max([*data["actual"].values(), *data["projected"].values(), 10]) * 1.2)
        ax.yaxis.grid(True, color=GRID, linewidth=0.8)
        ax.set_ylabel(_("（%）"), color=INK)
        ax.legend(loc="lower right", frameon=False)
    else:
        years, totals = list(data["totals"]), list(data["totals"].values())
        ax.bar([str(y) for y in years], totals, color=MEN, width=0.6)
        for i, (y, t) in enumerate(zip(years, totals, strict=True)):
            ax.annotate(f"{t:,}\n({data['index'][y]}%)", (i, t), xytext=(0, 2),
                        textcoords="offset points", ha="center", va="bottom", fontsize=8, color=INK)
        ax.set_ylim(0, max(totals) * 1.25)
        ax.yaxis.grid(True, color=GRID, linewidth=0.8)
        ax.set_ylabel(_("（人）"), color=INK)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.suptitle(title, x=0.01, y=0.995, ha="left", va="top", fontsize=12, color=INK)
    cited = sources(name, data)
    if cited:
        fig.text(0.01, 0.005, "\n".join(cited), fontsize=7, color=INK, ha="left", va="bottom",
                 wrap=True)
        fig.get_layout_engine().set(rect=(0, 0.04 * len(cited) + 0.02, 1, 0.93))
    return fig


def render(name: str, area: AreaPopulation, *, fmt: str = "svg") -> bytes:
    """The chart ``name`` (one of REGION_CHARTS) of ``area`` as SVG or PNG bytes."""
    core_charts.setup_matplotlib()  # the font and options of every server-drawn chart
    data = chart_data(name, area)
    with core_charts.render_lock:
        fig = _draw(name, area, data)
        buffer = io.BytesIO()
        if fmt == "png":
            fig.savefig(buffer, format="png", dpi=150)
        else:
            fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
