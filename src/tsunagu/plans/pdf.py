"""The printable plan: A4 portrait PDF (reportlab, IPAexGothic embedded as a TrueType subset),
with the lines the person signs (本人署名欄, 日付) and the 相談支援専門員's name.

The font is registered by tsunagu.reports.exports, the one place that does it. The caller
audits the download (AuditAction.EXPORT)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.pdf import FONT_NAME, register_pdf_font
from tsunagu.plans.models import PlanStatus, SupportPlan

PDF_TYPE = "application/pdf"


def filename(plan: SupportPlan) -> str:
    return f"keikaku-{plan.pk}-v{plan.version}-{plan.starts_on:%Y%m%d}.pdf"


def _text(value: str) -> str:
    """Free text as a Paragraph's markup: escaped, line breaks kept."""
    return escape(value or "—").replace("\n", "<br/>")


def title(plan: SupportPlan) -> str:
    return _("個別支援計画（第%(version)d版）") % {"version": plan.version}


def plan_pdf(plan: SupportPlan) -> bytes:
    """``plan`` with goals and services prefetched (selectors.plan_with_contents)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        Preformatted,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    register_pdf_font()
    heading = ParagraphStyle("title", fontName=FONT_NAME, fontSize=16, leading=22)
    section = ParagraphStyle(
        "section", fontName=FONT_NAME, fontSize=11, leading=15, spaceBefore=6, spaceAfter=2
    )
    body = ParagraphStyle("body", fontName=FONT_NAME, fontSize=9.5, leading=14)
    small = ParagraphStyle("small", fontName=FONT_NAME, fontSize=8.5, leading=12)
    line = colors.HexColor("#8a9593")
    wash = colors.HexColor("#f3f6f5")
    width = A4[0] - 30 * mm

    def grid(
        data: list[list], widths: list[float], *, header: bool = True, heights: list | None = None
    ) -> Table:
        rows = [[c if not isinstance(c, str) else Paragraph(c, body) for c in r] for r in data]
        table = Table(
            rows, colWidths=widths, rowHeights=heights, hAlign="LEFT", repeatRows=1 if header else 0
        )
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
            ("GRID", (0, 0), (-1, -1), 0.5, line),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), wash))
        else:
            commands.append(("BACKGROUND", (0, 0), (0, -1), wash))
        table.setStyle(TableStyle(commands))
        return table

    person = plan.person
    staff_name = str(plan.staff)
    organization = plan.organization.name if plan.organization else ""
    facts = [
        [_("利用者氏名"), _text(f"{person.full_name}（{person.full_name_kana}）")],
        [_("生年月日"), dates.wareki(person.birth_date) if person.birth_date else "—"],
        [_("計画開始日"), dates.wareki(plan.starts_on)],
        [_("作成機関"), _text(organization)],
        [_("相談支援専門員"), _text(staff_name)],
        [
            _("モニタリング"),
            _("%(interval)s（次回予定 %(next)s）")
            % {
                "interval": plan.get_monitoring_interval_display(),
                "next": dates.wareki(plan.next_monitoring_on),
            },
        ],
    ]
    story: list = [Paragraph(escape(title(plan)), heading)]
    if plan.status != PlanStatus.ACTIVE:
        story.append(
            Paragraph(
                escape(
                    _("この版は「%(status)s」です。最新の計画ではありません。")
                    % {"status": plan.get_status_display()}
                ),
                small,
            )
        )
    story += [
        Spacer(1, 3 * mm),
        grid(facts, [32 * mm, width - 32 * mm], header=False),
        Paragraph(escape(_("本人の望む暮らし")), section),
        Paragraph(_text(plan.wished_life), body),
    ]
    if plan.family_wishes:
        story += [
            Paragraph(escape(_("家族の意向")), section),
            Paragraph(_text(plan.family_wishes), body),
        ]
    if plan.policy:
        story += [
            Paragraph(escape(_("総合的な援助の方針")), section),
            Paragraph(_text(plan.policy), body),
        ]

    goals = [[_("種類"), _("目標"), _("達成時期")]]
    goals += [
        [
            escape(g.get_term_display()),
            _text(g.text),
            dates.wareki(g.achieve_by) if g.achieve_by else "—",
        ]
        for g in plan.goals.all()
    ]
    story += [
        Paragraph(escape(_("目標")), section),
        grid(goals, [22 * mm, width - 22 * mm - 34 * mm, 34 * mm]),
    ]
    services = [[_("区分"), _("支援の内容"), _("誰が（担当）"), _("頻度・時間")]]
    services += [
        [
            escape(_("フォーマル") if s.kind == "formal" else _("インフォーマル")),
            _text(s.content),
            _text(s.provider),
            _text(s.frequency),
        ]
        for s in plan.services.all()
    ]
    if len(services) > 1:
        story += [
            Paragraph(escape(_("支援の内容と担当（誰が何をするか）")), section),
            grid(services, [30 * mm, width - 30 * mm - 45 * mm - 30 * mm, 45 * mm, 30 * mm]),
        ]

    # Preformatted: a Paragraph would collapse the spaces left for writing the date in.
    blank_date = Preformatted(_("令和　　　年　　　月　　　日"), body)
    staff_line = f"{staff_name}（{organization}）" if organization else staff_name
    signature = grid(
        [
            [_("日付"), blank_date],
            [_("本人署名欄"), ""],
            [_("相談支援専門員"), _text(staff_line)],
        ],
        [36 * mm, width - 36 * mm],
        header=False,
        heights=[9 * mm, 18 * mm, 9 * mm],
    )
    signature.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story.append(
        KeepTogether(
            [
                Spacer(1, 6 * mm),
                Paragraph(escape(_("上記の計画について説明を受け、内容に同意しました。")), body),
                Spacer(1, 2 * mm),
                signature,
            ]
        )
    )

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=title(plan),
        author=organization,
        subject=_("個別支援計画"),
        creator="tsunagu",
        initialFontName=FONT_NAME,  # no unembedded Helvetica on any page
    )
    doc.build(story)
    return buffer.getvalue()
