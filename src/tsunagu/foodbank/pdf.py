"""寄付受領書: an A4 PDF receipt of one donation (reportlab, IPAexGothic embedded)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.pdf import FONT_NAME, register_pdf_font
from tsunagu.foodbank.models import Donation

PDF_TYPE = "application/pdf"


def filename(donation: Donation) -> str:
    return f"juryosho-{donation.pk}-{donation.received_on:%Y%m%d}.pdf"


def receipt_pdf(donation: Donation, *, region_name: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    register_pdf_font()
    heading = ParagraphStyle("title", fontName=FONT_NAME, fontSize=18, leading=26, alignment=1)
    body = ParagraphStyle("body", fontName=FONT_NAME, fontSize=11, leading=17)
    small = ParagraphStyle("small", fontName=FONT_NAME, fontSize=9, leading=13)
    story = [
        Paragraph(escape(_("寄付受領書")), heading),
        Spacer(1, 8 * mm),
        Paragraph(escape(_("%(donor)s 様") % {"donor": donation.donor_label}), body),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("下記の物品を確かに受領いたしました。ご厚意に感謝申し上げます。")), body),
        Paragraph(
            escape(_("受領日：%(date)s　受領番号：%(number)s")
                   % {"date": dates.wareki(donation.received_on), "number": donation.pk}),
            body,
        ),
        Spacer(1, 6 * mm),
    ]
    rows = [[_("品名"), _("分類"), _("数量"), _("期限")]]
    for lot in donation.lots.all():
        expiry = (
            f"{lot.get_expiry_kind_display()} {dates.wareki(lot.expiry_date)}"
            if lot.expiry_date else lot.get_expiry_kind_display()
        )
        rows.append([
            Paragraph(escape(lot.name), small),
            Paragraph(escape(lot.get_category_display()), small),
            f"{lot.quantity_received} {lot.get_unit_display()}",
            Paragraph(escape(expiry), small),
        ])
    table = Table(rows, colWidths=[60 * mm, 40 * mm, 28 * mm, 50 * mm])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
        ("FONTSIZE", (0, 0), (-1, -1), 9.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8a9593")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f6f5")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    story += [
        table,
        Spacer(1, 10 * mm),
        Paragraph(escape(region_name), body),
        Paragraph(escape(_("フードバンク・物資支援")), body),
        Paragraph(escape(_("作成日 %(date)s") % {"date": dates.wareki(dates.today_local())}),
                  small),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=_("寄付受領書"), leftMargin=15 * mm,
                      rightMargin=15 * mm, topMargin=20 * mm, bottomMargin=20 * mm).build(story)
    return buffer.getvalue()
