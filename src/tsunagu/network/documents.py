"""Files of the network: the check-in list as A4 PDF, the event figures as XLSX."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core.csvutil import xlsx_append
from tsunagu.core.dates import wareki
from tsunagu.core.pdf import FONT_NAME, register_pdf_font
from tsunagu.network.figures import figure_rows
from tsunagu.network.models import AttendanceMode, Event


def checkin_pdf(event: Event, rows: list) -> bytes:
    """A4 portrait: the event, then one line per confirmed registration with a box to tick."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    register_pdf_font()
    heading = ParagraphStyle("title", fontName=FONT_NAME, fontSize=15, leading=21)
    body = ParagraphStyle("body", fontName=FONT_NAME, fontSize=9.5, leading=13)
    start = timezone.localtime(event.starts_at)
    story: list[Any] = [
        Paragraph(_("受付名簿: %(title)s") % {"title": event.title}, heading),
        Paragraph(
            _("%(date)s %(time)s〜 %(place)s")
            % {"date": wareki(start), "time": start.strftime("%H:%M"), "place": event.place},
            body,
        ),
        Spacer(1, 4 * mm),
    ]
    data: list[list[Any]] = [["", _("お名前"), _("参加方法"), _("人数"), _("電話番号"), _("出席")]]
    for number, registration in enumerate(rows, start=1):
        data.append(
            [
                str(number),
                Paragraph(registration.name, body),
                AttendanceMode(registration.mode).label,
                str(registration.party_size),
                registration.phone,
                "☑" if registration.attended else "☐",
            ]
        )
    table = Table(
        data,
        colWidths=[10 * mm, 60 * mm, 25 * mm, 15 * mm, 35 * mm, 15 * mm],
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
                ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8a9593")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f6f5")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 4 * mm))
    story.append(
        Paragraph(
            _(
                "参加確定 %(n)d件・%(people)d名。個人情報です。受付が終わったら主催者が回収してください。"
            )
            % {"n": len(rows), "people": sum(r.party_size for r in rows)},
            body,
        )
    )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("受付名簿: %(title)s") % {"title": event.title},
    )
    document.build(story)
    return buffer.getvalue()


def figures_xlsx(figures: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(figures["year"])
    sheet.append([_("行事の実績 %(year)s") % {"year": figures["year_label"]}])
    for row in figure_rows(figures):
        xlsx_append(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
