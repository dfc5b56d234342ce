"""地域診断シート: one municipality on paper (PDF, A4) and in a workbook (XLSX), from the same
data (``sheet_data``): the profile, population with its charts, needs, resources, the gap
table and the four viewpoints of each highlighted gap. Every table and chart names its source."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from tsunagu.assessment import charts
from tsunagu.assessment.gaps import gap_table, min_persons
from tsunagu.assessment.models import Hearing, RegionProfile
from tsunagu.assessment.population import area_population
from tsunagu.core import dates
from tsunagu.core.csvutil import neutralize
from tsunagu.core.pdf import FONT_NAME

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(municipality: Any, extension: str) -> str:
    return f"chiiki-shindan-{municipality.code}.{extension}"


def gap_header() -> list[str]:
    return [_("順位"), _("課題分類"), _("相談のニーズ（人）"), _("調査（件）"),
            _("ヒアリング・座談会（件）"), _("ニーズ件数"), _("社会資源（件）"),
            _("ニーズ／千人"), _("資源／千人"), _("ギャップ指数")]


def gap_rows(cells: list[Any]) -> list[list[Any]]:
    return [
        [i, c.category.label, c.persons, c.survey, c.hearings, c.need_count, c.resources,
         "" if c.need_rate is None else c.need_rate,
         "" if c.resource_rate is None else c.resource_rate, c.score]
        for i, c in enumerate(cells, start=1)
    ]


def fictional_note() -> str:
    return _("この圏域にはデモ用の架空の記録（利用者のニーズ・調査の回答）が含まれています。ニーズの数は架空の値です。")


def notes(*, includes_fictional: bool = False) -> list[str]:
    first = [fictional_note()] if includes_fictional else []
    return first + [
        _("出典: ニーズと社会資源は、つなぐの記録（相談のニーズ・地域課題・ニーズ調査・ヒアリング、社会資源の一覧）を"
          "%(date)s に集計したものです。") % {"date": dates.wareki(dates.today_local())},
        _("ニーズ件数 = 相談のニーズ（人、＊は0として数える）＋ 調査で分類された回答 ＋ ヒアリング・座談会の記録。"),
        _("ギャップ指数 = ニーズ件数 ÷（社会資源の数 ＋ 1）。大きいほど、ニーズに比べて資源が少ない。"),
        _("＊は%(n)d人未満のため秘匿しています（他の数から割り出せないよう、ほかのセルも秘匿することがあります）。")
        % {"n": min_persons()},
        _("社会資源は、社会資源の一覧で実施中のサービスを、分類の対応表に従って数えたものです。"),
    ]


def sheet_data(region: Any, municipality: Any) -> dict[str, Any]:
    area = area_population(region, municipality)
    table = gap_table(region)
    profile = (
        RegionProfile.objects.filter(region=region, municipality=municipality).first()
        or RegionProfile.objects.filter(region=region, municipality__isnull=True).first()
    )
    latest = area.latest()
    population = None
    if latest is not None:
        series, year = latest
        men, women = series.by_sex(year)
        population = {
            "year": year,
            "total": series.total(year),
            "men": men,
            "women": women,
            "aging_rate": series.aging_rate(year),
            "dataset": series.dataset,
        }
    chart_items = []
    for name in charts.CHARTS:
        data = charts.chart_data(name, area)
        chart_items.append({
            "name": name,
            "title": charts.chart_title(name, area.label),
            "data": data,
            "alt": charts.alt_text(name, area, data),
            "sources": charts.sources(name, data),
        })
    cells = table.ranked(municipality, every_category=True)
    highlighted = [
        c for c in table.row(municipality) if c.note is not None and c.note.highlighted
    ]
    hearings = list(
        Hearing.objects.filter(region=region, municipality=municipality).prefetch_related("categories")
    )
    return {
        "region": region,
        "municipality": municipality,
        "area": area,
        "profile": profile,
        "population": population,
        "trend": area.aging_trend(),
        "projection": area.projection(),
        "charts": chart_items,
        "gaps": cells,
        "has_needs": any(c.need_count or c.persons_suppressed for c in cells),
        "notes": notes(includes_fictional=table.includes_fictional),
        "includes_fictional": table.includes_fictional,
        "population_sources": [
            d for d in table.population_sources()
        ],
        "highlighted": highlighted,
        "hearings": hearings,
        "made": dates.wareki(dates.today_local()),
    }


def _title(data: dict[str, Any]) -> str:
    return _("地域診断シート　%(municipality)s") % {"municipality": data["municipality"].name}


def _profile_rows(data: dict[str, Any]) -> list[tuple[str, str]]:
    profile = data["profile"]
    if profile is None:
        return []
    return [
        (_("歴史"), profile.history),
        (_("主な産業"), profile.industries),
        (_("風土・地域の特徴"), profile.character),
    ]


def _population_rows(data: dict[str, Any]) -> list[tuple[str, Any]]:
    p = data["population"]
    if p is None:
        return []
    return [
        (_("総人口（人）"), p["total"]),
        (_("男（人）"), p["men"] if p["men"] is not None else ""),
        (_("女（人）"), p["women"] if p["women"] is not None else ""),
        (_("高齢化率（%）"), p["aging_rate"] if p["aging_rate"] is not None else ""),
    ]


def _citation(dataset: Any) -> str:
    text = _("出典: %(citation)s") % {"citation": dataset.citation}
    if dataset.is_fictional:
        text += _("（架空の値）")
    return text


# ---- XLSX ------------------------------------------------------------------------------


def xlsx(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    book = Workbook()
    overview = book.active
    overview.title = _("概要")
    overview.append([_title(data)])
    overview["A1"].font = Font(bold=True, size=14)
    overview.append([_("%(region)s　作成日 %(made)s") % {"region": data["region"].name,
                                                       "made": data["made"]}])
    overview.append([])
    overview.append([_("地域の特性")])
    overview.cell(overview.max_row, 1).font = bold
    for label, text in _profile_rows(data):
        overview.append([label, neutralize(text)])
    overview.append([])
    p = data["population"]
    overview.append([_("人口（%(year)s年）") % {"year": p["year"]} if p else _("人口")])
    overview.cell(overview.max_row, 1).font = bold
    for label, value in _population_rows(data):
        overview.append([label, value])
    if p:
        overview.append([_citation(p["dataset"])])
    overview.column_dimensions["A"].width = 22
    overview.column_dimensions["B"].width = 80

    population = book.create_sheet(_("人口"))
    pyramid = next(c for c in data["charts"] if c["name"] == "pyramid")["data"]
    population.append([_("年齢別人口")])
    population.cell(population.max_row, 1).font = bold
    if pyramid:
        population.append([_("年齢"), _("男（人）"), _("女（人）")])
        for label, m, w in zip(pyramid["labels"], pyramid["men"], pyramid["women"], strict=True):
            population.append([label, m, w])
        population.append([_citation(pyramid["dataset"]) + _("（%(year)d年）") % {"year": pyramid["year"]}])
    population.append([])
    population.append([_("高齢化率の推移")])
    population.cell(population.max_row, 1).font = bold
    population.append([_("年"), _("高齢化率（%）"), _("区分")])
    for year, rate in data["trend"]["actual"].items():
        population.append([year, rate, _("実績")])
    for year, rate in data["trend"]["projected"].items():
        population.append([year, rate, _("推計")])
    for d in data["trend"]["datasets"]:
        population.append([_citation(d)])
    population.append([])
    population.append([_("将来推計人口")])
    population.cell(population.max_row, 1).font = bold
    projection = data["projection"]
    if projection:
        population.append([_("年"), _("総人口（人）"), _("指数（初年=100）")])
        for year, total in projection["totals"].items():
            population.append([year, total, projection["index"][year]])
        population.append([_citation(projection["dataset"])])

    gaps = book.create_sheet(_("ギャップ"))
    gaps.append(gap_header())
    for cell in gaps[1]:
        cell.font = bold
    for row in gap_rows(data["gaps"]):
        gaps.append([neutralize(v) if isinstance(v, str) else v for v in row])
    gaps.append([])
    for d in data["population_sources"]:
        gaps.append([_("千人あたりの人口: ") + _citation(d)])
    for note in data["notes"]:
        gaps.append([note])

    focus = book.create_sheet(_("重点課題"))
    focus.append([_("課題分類"), _("視点"), _("内容")])
    for cell in focus[1]:
        cell.font = bold
    for c in data["highlighted"]:
        for label, text in c.viewpoints():
            focus.append([neutralize(c.category.label), label, neutralize(text)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---- PDF -------------------------------------------------------------------------------


def pdf(data: dict[str, Any], *, region: Any) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        Image,
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    from tsunagu.core.pdf import register_pdf_font

    register_pdf_font()
    title_style = ParagraphStyle("title", fontName=FONT_NAME, fontSize=16, leading=22)
    h2 = ParagraphStyle("h2", fontName=FONT_NAME, fontSize=12, leading=17, spaceBefore=8,
                        spaceAfter=3)
    body = ParagraphStyle("body", fontName=FONT_NAME, fontSize=9, leading=13)
    small = ParagraphStyle("small", fontName=FONT_NAME, fontSize=7.5, leading=10)
    line = colors.HexColor("#c9d2d0")
    table_style = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("LEADING", (0, 0), (-1, -1), 10),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f6f5")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, line),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ])  # fmt: skip

    def para(text: str, style=body) -> Paragraph:
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    def fmt(value: Any) -> str:
        return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)

    story: list = [
        Paragraph(escape(_title(data)), title_style),
        para(_("%(region)s　作成日 %(made)s") % {"region": data["region"].name, "made": data["made"]}),
        Paragraph(escape(_("1. 地域の特性")), h2),
    ]
    profile = _profile_rows(data)
    if profile:
        t = Table([[para(label), para(text or "—")] for label, text in profile],
                  colWidths=[30 * mm, 150 * mm])
        t.setStyle(table_style)
        story.append(t)
    else:
        story.append(para(_("地域の概要はまだ書かれていません。")))
    p = data["population"]
    story.append(Paragraph(escape(_("2. 人口")), h2))
    if p:
        rows = [[_("項目"), _("%(year)d年") % {"year": p["year"]}]]
        rows += [[label, fmt(value)] for label, value in _population_rows(data)]
        t = Table(rows, colWidths=[40 * mm, 40 * mm], hAlign="LEFT")
        t.setStyle(table_style)
        story += [t, para(_citation(p["dataset"]), small)]
    else:
        story.append(para(_("人口のデータがありません。")))
    for chart in data["charts"]:
        if not chart["data"]:
            story.append(para(chart["alt"], small))
            continue
        png = charts.render(chart["name"], data["area"], fmt="png")
        image = Image(io.BytesIO(png), width=150 * mm, height=150 * mm * (4.8 if chart["name"] == "pyramid" else 3.6) / 6.4)
        story.append(KeepTogether([image, para(chart["alt"], small)]))
    projection = data["projection"]
    if projection:
        rows = [[_("年"), _("総人口（人）"), _("指数")]]
        rows += [[str(y), fmt(t), str(projection["index"][y])] for y, t in projection["totals"].items()]
        t = Table(rows, colWidths=[25 * mm, 35 * mm, 25 * mm], hAlign="LEFT")
        t.setStyle(table_style)
        story += [Paragraph(escape(_("将来推計人口")), h2), t, para(_citation(projection["dataset"]), small)]

    story.append(Paragraph(escape(_("3. ニーズと社会資源のギャップ")), h2))
    if data["gaps"]:
        header = gap_header()
        rows = [[para(h, small) for h in header]]
        rows += [[fmt(v) for v in r] for r in gap_rows(data["gaps"])]
        widths = [10, 34, 18, 14, 18, 16, 16, 16, 16, 16]
        t = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1)
        t.setStyle(table_style)
        t.setStyle(TableStyle([("ALIGN", (2, 1), (-1, -1), "RIGHT")]))
        story.append(t)
    if not data["has_needs"]:
        story.append(para(_("ニーズの記録はまだありません。")))
    for d in data["population_sources"]:
        story.append(para(_("千人あたりの人口: ") + _citation(d), small))
    story += [para(n, small) for n in data["notes"]]
    if data["hearings"]:
        story.append(Paragraph(escape(_("ヒアリング・住民座談会")), h2))
        for h in data["hearings"]:
            tags = "、".join(c.label for c in h.categories.all())
            story.append(para(f"{dates.wareki(h.held_on)} {h.get_kind_display()}「{h.title}」 {tags}"))
    story.append(Paragraph(escape(_("4. 重点課題と4つの視点")), h2))
    if data["highlighted"]:
        for c in data["highlighted"]:
            rows = [[para(label), para(text or "—")] for label, text in c.viewpoints()]
            t = Table(rows, colWidths=[30 * mm, 150 * mm])
            t.setStyle(table_style)
            story += [para(c.category.label), t, Spacer(1, 3 * mm)]
    else:
        story.append(para(_("重点課題はまだ選ばれていません。")))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=14 * mm,
        bottomMargin=14 * mm, title=_title(data), author=region.name, subject=_("地域診断シート"),
        creator="tsunagu", initialFontName=FONT_NAME,
    )
    doc.build(story)
    return buffer.getvalue()
