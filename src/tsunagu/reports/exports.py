"""The annual report as files: XLSX, CSV (UTF-8 with BOM, or CP932) and PDF (A4).

Every format is written from the same figures dict (full or suppressed) through the one
layout of :mod:`tsunagu.reports.layout`, so they always agree with the page and the JSON.
"""

from __future__ import annotations

import csv
import io
import threading
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.csvutil import csv_bytes, neutralize
from tsunagu.core.text import to_cp932
from tsunagu.reports import layout
from tsunagu.reports.fonts import FONT_NAME, font_path
from tsunagu.reports.sections import extra_tables

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(fiscal_year: int, extension: str, *, suffix: str = "") -> str:
    return f"jisseki-{fiscal_year}{suffix}.{extension}"


def _subtitle(region_name: str, suppressed: bool) -> str:
    made = dates.wareki(dates.today_local())
    text = _("%(region)s　作成日 %(made)s") % {"region": region_name, "made": made}
    if suppressed:
        text += "　" + _("（協議会・市町村向け：小さい数は秘匿）")
    return text


def _notes(suppressed: bool) -> list[str]:
    notes = [str(layout.ANONYMOUS_NOTE), str(layout.MULTI_COUNT_NOTE)]
    if suppressed:
        notes.append(str(layout.SUPPRESSION_NOTE))
    return notes


# ---- CSV ----------------------------------------------------------------------------


def csv_utf8(figures: dict[str, Any]) -> bytes:
    """UTF-8 with BOM; the layout ``区分,項目,数,単位`` (see layout)."""
    return csv_bytes([str(h) for h in layout.CSV_HEADER], layout.flat_rows(figures))


def csv_cp932(figures: dict[str, Any]) -> tuple[bytes, list[str]]:
    """The same rows in CP932; labels CP932 cannot write are substituted (notes returned)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    notes: list[str] = []
    for row in [tuple(str(h) for h in layout.CSV_HEADER), *layout.flat_rows(figures)]:
        cells = []
        for cell in row:
            text, changed = to_cp932(neutralize(cell))
            notes += [n for n in changed if n not in notes]
            cells.append(text)
        writer.writerow(cells)
    return buffer.getvalue().encode("cp932"), notes


# ---- XLSX ---------------------------------------------------------------------------


def xlsx(figures: dict[str, Any], *, region_name: str, suppressed: bool) -> bytes:
    """One sheet: the title row (年度 in 和暦), then one section per breakdown."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    fiscal_year = figures["fiscal_year"]
    book = Workbook()
    sheet = book.active
    sheet.title = _("実績報告")
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="F3F6F5")
    sheet.append([layout.report_title(fiscal_year)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_subtitle(region_name, suppressed)])

    def section(title: str, unit: str, rows: list[tuple[str, Any]]) -> None:
        sheet.append([])
        sheet.append([title])
        sheet.cell(sheet.max_row, 1).font = bold
        sheet.append([_("項目"), _("数（%(unit)s）") % {"unit": unit}])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
            cell.fill = head_fill
        for label, value in rows:
            sheet.append([neutralize(label), value])
            sheet.cell(sheet.max_row, 2).alignment = Alignment(horizontal="right")

    summary = layout.summary(figures)
    sheet.append([])
    sheet.append([str(layout.SUMMARY_TITLE)])
    sheet.cell(sheet.max_row, 1).font = bold
    for label, value, unit in summary:
        sheet.append([label, value, unit])
        sheet.cell(sheet.max_row, 2).alignment = Alignment(horizontal="right")
    for table in layout.tables(figures):
        section(table["caption"], str(table["unit"]), table["rows"])
    sheet.append([])
    for note in _notes(suppressed):
        sheet.append([note])
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 14
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---- PDF ----------------------------------------------------------------------------

_pdf_lock = threading.Lock()


def register_pdf_font() -> None:
    """The TrueType font, embedded (subset) in every PDF: not a CID font the reader lacks."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _pdf_lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path())))


def pdf(figures: dict[str, Any], *, region_name: str, suppressed: bool) -> bytes:
    """A4 portrait: title, totals, then a table per breakdown (two columns of tables)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    register_pdf_font()
    fiscal_year = figures["fiscal_year"]
    title_style = ParagraphStyle("title", fontName=FONT_NAME, fontSize=16, leading=22)
    body = ParagraphStyle("body", fontName=FONT_NAME, fontSize=9, leading=13)
    caption = ParagraphStyle(
        "caption", fontName=FONT_NAME, fontSize=10.5, leading=15, spaceBefore=4, spaceAfter=2
    )
    line = colors.HexColor("#c9d2d0")
    style = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 11),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f6f5")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, line),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ])  # fmt: skip

    def table(title: str, unit: str, rows: list[tuple[str, Any]], width: float) -> list:
        head = _("数（%(unit)s）") % {"unit": unit} if unit else _("数")
        data = [[_("項目"), head]]
        data += [
            [label, f"{value:,}" if isinstance(value, int) else value] for label, value in rows
        ]
        t = Table(data, colWidths=[width - 22 * mm, 22 * mm], hAlign="LEFT")
        t.setStyle(style)
        return [Paragraph(title, caption), t]

    half = (A4[0] - 30 * mm - 6 * mm) / 2
    blocks = {
        t["key"]: table(t["caption"], str(t["unit"]), t["rows"], half)
        for t in layout.tables(figures)
    }
    summary = [(label, value) for label, value, _unit in layout.summary(figures)]
    units = [unit for _label, _value, unit in layout.summary(figures)]
    summary_rows = [
        (f"{label}（{unit}）", value) for (label, value), unit in zip(summary, units, strict=True)
    ]

    def pair(left: list, right: list) -> Table:
        t = Table([[left, right]], colWidths=[half + 6 * mm, half], hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return t

    story = [
        Paragraph(layout.report_title(fiscal_year), title_style),
        Paragraph(escape(_subtitle(region_name, suppressed)), body),
        Spacer(1, 4 * mm),
        pair(
            table(str(layout.SUMMARY_TITLE), "", summary_rows, half)[:2],
            blocks["contacts_by_month"],
        ),
        pair(blocks["persons_by_disability"], blocks["persons_by_municipality"]),
        pair(blocks["contacts_by_method"], blocks["contacts_by_topic"]),
        # sections other apps add (reports/sections.py), one table after another
        *[part for t in extra_tables(figures) for part in blocks[t["key"]]],
        Spacer(1, 3 * mm),
        *[Paragraph(note, body) for note in _notes(suppressed)],
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=layout.report_title(fiscal_year),
        author=region_name,
        subject=_("実績報告"),
        creator="tsunagu",
        # Every page starts in this font: with the default (Helvetica) the PDF would name a
        # font it does not embed.
        initialFontName=FONT_NAME,
    )
    doc.build(story)
    return buffer.getvalue()
