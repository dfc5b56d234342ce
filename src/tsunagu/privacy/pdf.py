"""The disclosure (開示) as a readable A4 PDF: one section per kind of record, each record a
table of Japanese field labels and display values (和暦 dates, labels of choices). It renders
the structure of tsunagu.privacy.export.disclosure_data, the same one the JSON file holds."""

from __future__ import annotations

import io
from datetime import datetime
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.pdf import FONT_NAME, register_pdf_font

PDF_TYPE = "application/pdf"


def _text(value: str) -> str:
    return escape(value or "—").replace("\n", "<br/>")


def _generated(iso: str) -> str:
    moment = datetime.fromisoformat(iso)
    return f"{dates.wareki(moment.date())} {moment:%H:%M}"


def disclosure_pdf(data: dict, *, person_name: str, requested_on: str, region_name: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    register_pdf_font()
    heading = ParagraphStyle("title", fontName=FONT_NAME, fontSize=16, leading=22)
    section = ParagraphStyle(
        "section", fontName=FONT_NAME, fontSize=12, leading=16, spaceBefore=8, spaceAfter=3
    )
    body = ParagraphStyle("body", fontName=FONT_NAME, fontSize=9, leading=13)
    small = ParagraphStyle("small", fontName=FONT_NAME, fontSize=8.5, leading=12)
    line = colors.HexColor("#8a9593")
    wash = colors.HexColor("#f3f6f5")
    width = A4[0] - 30 * mm

    def table(rows: list[list[str]]) -> Table:
        cells = [[Paragraph(_text(a), body), Paragraph(_text(b), body)] for a, b in rows]
        t = Table(cells, colWidths=[45 * mm, width - 45 * mm], hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
                    ("GRID", (0, 0), (-1, -1), 0.5, line),
                    ("BACKGROUND", (0, 0), (0, -1), wash),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    title = _("保有個人データの開示")
    story: list = [
        Paragraph(escape(title), heading),
        Spacer(1, 2 * mm),
        table(
            [
                [_("本人"), person_name],
                [_("請求日"), requested_on],
                [_("作成日時"), _generated(data["generated_at"])],
                [_("圏域"), region_name],
            ]
        ),
        Spacer(1, 2 * mm),
        Paragraph(
            escape(
                _(
                    "この文書は、つなぐに記録されているあなたの個人データをすべて記載したものです。"
                    "同じ内容を機械で読める形式（JSON）でもお渡しできます。"
                )
            ),
            small,
        ),
    ]
    for part in data["sections"]:
        story.append(
            Paragraph(
                escape(
                    _("%(title)s（%(n)d件）") % {"title": part["title"], "n": len(part["records"])}
                ),
                section,
            )
        )
        for number, record in enumerate(part["records"], start=1):
            rows = [[_("番号"), f"{number}（ID {record['id']}）"]]
            rows += [[f["label"], f["display"]] for f in record["fields"]]
            story += [table(rows), Spacer(1, 2 * mm)]
    if data["omitted"]:
        story.append(Paragraph(escape(_("この開示に含めていない記録")), section))
        story.append(table([[o["title"], o["reason"]] for o in data["omitted"]]))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=title,
        subject=title,
        creator="tsunagu",
        initialFontName=FONT_NAME,
    )
    doc.build(story)
    return buffer.getvalue()
