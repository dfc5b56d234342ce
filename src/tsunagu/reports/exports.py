"""The annual report as files: XLSX, CSV (UTF-8 with BOM, or CP932) and PDF (A4).

Every format is written from the same figures dict (full or suppressed) through the one
layout of :mod:`tsunagu.reports.layout`, so they always agree with the page and the JSON.

Each takes a list of :class:`Part` — one report (the region's, or one municipality's) or
several (every municipality, issue 18): the XLSX then has one sheet per part (the region
total first), the CSV a first column 市町村, the PDF one page per part.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.csvutil import csv_bytes, neutralize
from tsunagu.core.figures import SUPPRESSION_NOTE
from tsunagu.core.pdf import FONT_NAME, register_pdf_font
from tsunagu.core.text import to_cp932
from tsunagu.reports import layout
from tsunagu.reports.sections import extra_tables

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Part:
    """One report in a file: ``name`` is the region's or the municipality's name."""

    name: str
    figures: dict[str, Any]
    suppressed: bool = False


def filename(fiscal_year: int, extension: str, *, suffix: str = "") -> str:
    return f"jisseki-{fiscal_year}{suffix}.{extension}"


def _subtitle(region_name: str, part: Part) -> str:
    made = dates.wareki(dates.today_local())
    place = region_name if part.name == region_name else f"{region_name}　{part.name}"
    text = _("%(region)s　作成日 %(made)s") % {"region": place, "made": made}
    if part.suppressed:
        text += "　" + _("（協議会・市町村向け：小さい数は秘匿）")
    return text


def _notes(suppressed: bool, scope: str = "") -> list[str]:
    notes = [str(layout.ANONYMOUS_NOTE), str(layout.MULTI_COUNT_NOTE)]
    notes += [str(layout.NATIONAL_NOTE), str(layout.MUNICIPAL_NOTE)]
    if scope:
        notes.append(scope)
    if suppressed:
        notes.append(str(SUPPRESSION_NOTE))
    return notes


def _many(parts: list[Part]) -> bool:
    return len(parts) > 1


# ---- CSV ----------------------------------------------------------------------------


def _csv_rows(parts: list[Part]) -> tuple[list[str], list[tuple]]:
    header = [str(h) for h in layout.CSV_HEADER]
    if not _many(parts):
        return header, layout.flat_rows(parts[0].figures)
    rows = [(part.name, *row) for part in parts for row in layout.flat_rows(part.figures)]
    return [str(layout.MUNICIPALITY_HEADER), *header], rows


def csv_utf8(parts: list[Part]) -> bytes:
    """UTF-8 with BOM; the layout ``区分,項目,数,単位`` (see layout), 市町村 first for several."""
    header, rows = _csv_rows(parts)
    return csv_bytes(header, rows)


def csv_cp932(parts: list[Part]) -> tuple[bytes, list[str]]:
    """The same rows in CP932; labels CP932 cannot write are substituted (notes returned)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    notes: list[str] = []
    header, rows = _csv_rows(parts)
    for row in [tuple(header), *rows]:
        cells = []
        for cell in row:
            text, changed = to_cp932(neutralize(cell))
            notes += [n for n in changed if n not in notes]
            cells.append(text)
        writer.writerow(cells)
    return buffer.getvalue().encode("cp932"), notes


# ---- XLSX ---------------------------------------------------------------------------


def _sheet_title(name: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the book."""
    title = "".join(" " if c in "[]:*?/\\" else c for c in name)[:31] or "-"
    base, n = title, 2
    while title in taken:
        title = f"{base[:28]}({n})"
        n += 1
    taken.add(title)
    return title


def xlsx(parts: list[Part], *, region_name: str, scope: str = "") -> bytes:
    """One sheet per part (titled 実績報告 for a single report, else by the part's name):
    the title row (年度 in 和暦), then one section per breakdown."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for part in parts:
        title = _sheet_title(part.name if _many(parts) else _("実績報告"), taken)
        _xlsx_sheet(book.create_sheet(title), part, region_name=region_name, scope=scope)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_sheet(sheet: Any, part: Part, *, region_name: str, scope: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    figures, suppressed = part.figures, part.suppressed
    fiscal_year = figures["fiscal_year"]
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="F3F6F5")
    sheet.append([layout.report_title(fiscal_year)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_subtitle(region_name, part)])

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
    for note in _notes(suppressed, scope):
        sheet.append([note])
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 14


# ---- PDF ----------------------------------------------------------------------------

def pdf(parts: list[Part], *, region_name: str, scope: str = "") -> bytes:
    """A4 portrait, from a new page for each part: title, totals, then a table per breakdown
    (two columns of tables)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    register_pdf_font()
    fiscal_year = parts[0].figures["fiscal_year"]
    story: list = []
    for i, part in enumerate(parts):
        if i:
            story.append(PageBreak())
        story += _pdf_story(part, region_name=region_name, scope=scope)
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


def _pdf_story(part: Part, *, region_name: str, scope: str) -> list:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    figures, suppressed = part.figures, part.suppressed
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

    return [
        Paragraph(layout.report_title(fiscal_year), title_style),
        Paragraph(escape(_subtitle(region_name, part)), body),
        Spacer(1, 4 * mm),
        pair(
            table(str(layout.SUMMARY_TITLE), "", summary_rows, half)[:2],
            blocks["contacts_by_month"],
        ),
        pair(blocks["persons_by_disability"], blocks["persons_by_municipality"]),
        pair(blocks["contacts_by_method"], blocks["contacts_by_topic"]),
        pair(blocks["contacts_by_method_national"], blocks["contacts_by_topic_national"]),
        pair(blocks["contacts_by_consultant"], blocks["contacts_by_kind"]),
        # sections other apps add (reports/sections.py), one table after another
        *[piece for t in extra_tables(figures) for piece in blocks[t["key"]]],
        Spacer(1, 3 * mm),
        *[Paragraph(escape(note), body) for note in _notes(suppressed, scope)],
    ]
