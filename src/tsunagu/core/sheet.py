"""One A4 sheet for the FAX (フェイスシート, 情報提供書, 相談受付票, 虐待通報受付票, the reports to
the 都道府県 and 労働局): the center's letterhead, a title, labelled rows, a signature block.

Black on white only — no tint, no colour, rules of 0.6pt — so that a black-and-white printer
and a FAX machine reproduce every line; IPAexGothic embedded (:func:`register_pdf_font`).
Every app's sheet is built here, so they all look alike."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.pdf import FONT_NAME, register_pdf_font

PDF_TYPE = "application/pdf"


@dataclass(frozen=True)
class Letterhead:
    name: str
    lines: tuple[str, ...] = ()


def letterhead_for(user: Any) -> Letterhead:
    """The sender as the sheet names it: the organization the user acts for (its address and
    telephone), else the region."""
    organization = getattr(user, "organization", None)
    if organization is not None:
        lines = []
        if organization.address:
            lines.append(organization.address)
        if organization.phone:
            lines.append(_("電話 %(phone)s") % {"phone": organization.phone})
        return Letterhead(name=organization.name, lines=tuple(lines))
    municipality = getattr(user, "municipality", None)
    if municipality is not None:
        return Letterhead(name=municipality.name)
    return Letterhead(name=user.region.name if user.region_id else "")


@dataclass
class Sheet:
    title: str
    letterhead: Letterhead
    # (heading, [(label, value)]) sections; a value may span lines
    sections: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    addressee: str = ""
    preamble: str = ""
    note: str = ""
    signature: bool = False


def sheet_pdf(sheet: Sheet) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    register_pdf_font()
    black = colors.black
    head = ParagraphStyle("head", fontName=FONT_NAME, fontSize=12, leading=16, alignment=2)
    head_small = ParagraphStyle("head_small", fontName=FONT_NAME, fontSize=9, leading=12,
                                alignment=2)
    title = ParagraphStyle("title", fontName=FONT_NAME, fontSize=17, leading=24, alignment=1)
    body = ParagraphStyle("body", fontName=FONT_NAME, fontSize=10.5, leading=15)
    cell = ParagraphStyle("cell", fontName=FONT_NAME, fontSize=10, leading=14)
    label = ParagraphStyle("label", fontName=FONT_NAME, fontSize=9.5, leading=13)

    def para(text: str, style) -> Any:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    story: list = [
        para(_("作成日 %(date)s") % {"date": dates.wareki(dates.today_local())}, head_small),
        para(sheet.letterhead.name, head),
        *(para(line, head_small) for line in sheet.letterhead.lines),
        Spacer(1, 5 * mm),
    ]
    if sheet.addressee:
        story += [para(sheet.addressee, body), Spacer(1, 3 * mm)]
    story += [para(sheet.title, title), Spacer(1, 4 * mm)]
    if sheet.preamble:
        story += [para(sheet.preamble, body), Spacer(1, 3 * mm)]
    for heading, rows in sheet.sections:
        data = [[para(heading, label), ""]] if heading else []
        data += [[para(k, label), para(v or "—", cell)] for k, v in rows]
        table = Table(data, colWidths=[45 * mm, 135 * mm])
        style = [
            ("GRID", (0, 0), (-1, -1), 0.6, black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if heading:
            style += [("SPAN", (0, 0), (-1, 0)), ("LINEBELOW", (0, 0), (-1, 0), 1.4, black)]
        table.setStyle(TableStyle(style))
        story += [table, Spacer(1, 4 * mm)]
    if sheet.note:
        story += [para(sheet.note, body), Spacer(1, 4 * mm)]
    if sheet.signature:
        sign = Table(
            [[para(_("記入者"), label), "", para(_("確認者"), label), ""]],
            colWidths=[20 * mm, 60 * mm, 20 * mm, 60 * mm],
            rowHeights=[12 * mm],
        )
        sign.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, black),
                                  ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        story.append(sign)
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=sheet.title, leftMargin=15 * mm, rightMargin=15 * mm,
        topMargin=14 * mm, bottomMargin=14 * mm,
    ).build(story)
    return buffer.getvalue()
