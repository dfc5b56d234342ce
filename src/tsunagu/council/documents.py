"""提言書 as files: PDF (reportlab, IPAexGothic embedded) and DOCX (python-docx).

Both are written from one de-identified outline (:func:`proposal_outline`), so they always
agree: for each issue its title, category, description, the four viewpoints, the evidence
counts of :func:`tsunagu.council.selectors.issue_evidence` (already suppressed: ＊ as it
comes), its status history (date, step, meeting) and the resources developed. Never names,
need texts or the free-text reasons of transitions.

The issues are ``proposal.issues.all()``: a caller that prefetched a narrower set (the public
pages prefetch published issues only) gets exactly that set. Callers audit the download.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.suppression import SUPPRESSED
from tsunagu.council.models import IssueStatus, Proposal
from tsunagu.council.selectors import issue_evidence
from tsunagu.needs.evidence import Evidence, min_persons

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The East Asian font Word uses for Japanese text (Windows and Microsoft Office for Mac).
DOCX_FONT = "Yu Gothic"


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class IssueSection:
    heading: str
    facts: list[tuple[str, str]]
    texts: list[tuple[str, str]]  # (label, text) in order; empty texts left out
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Outline:
    title: str
    addressee: str
    date: str
    sender: str
    preface: str
    sections: list[IssueSection]
    notes: list[str]


def filename(proposal: Proposal, extension: str) -> str:
    return f"teigen-{proposal.pk}-{proposal.proposed_on:%Y%m%d}.{extension}"


def _cell(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def _evidence_tables(evidence: Evidence, withheld: list[str] | None = None) -> list[Table]:
    """The evidence as tables. A breakdown whose every cell is suppressed says nothing: it is
    left out and its caption added to ``withheld``, for one sentence instead of a grid of ＊
    (issue 21)."""
    # Not evidence.municipalities_count: beside the number of persons it can give away the
    # suppressed cells of the 市町村 breakdown (3 persons in 3 市町村 = one in each).
    tables = [
        Table(
            _("根拠となる数"),
            [_("項目"), _("数")],
            [
                [_("対象者（実人数）"), _cell(evidence.persons)],
                [_("ニーズ（件数）"), _cell(evidence.needs)],
                [_("うち充足済み（件数）"), _cell(evidence.met)],
                [_("社会資源の不足あり（件数）"), _cell(evidence.resource_gap)],
            ],
        )
    ]
    persons = _("人数")
    breakdowns = [
        (_("市町村別 実人数"), _("市町村"), persons, evidence.by_municipality),
        (
            _("障害種別別 実人数（重複カウントあり）"),
            _("障害種別"),
            persons,
            evidence.by_disability,
        ),
        (_("時期別 ニーズ件数"), _("時期"), _("件数"), evidence.by_period),
    ]
    for caption, label, unit, values in breakdowns:
        if values and all(v == SUPPRESSED for v in values.values()):
            if withheld is not None:
                withheld.append(str(caption))
            continue
        if values:
            tables.append(
                Table(caption, [label, unit], [[str(k), _cell(v)] for k, v in values.items()])
            )
    return tables


def _history(issue) -> Table:
    rows = []
    for t in issue.transitions.select_related("meeting").order_by("at", "pk"):
        meeting = ""
        if t.meeting is not None:
            meeting = _("%(title)s（%(date)s）") % {
                "title": t.meeting.title,
                "date": dates.wareki(t.meeting.starts_at),
            }
        rows.append([dates.wareki(t.at), str(IssueStatus(t.to_status).label), meeting or "—"])
    return Table(_("これまでの経過"), [_("日付"), _("段階"), _("会議")], rows)


def _resources(issue) -> Table | None:
    resources = list(issue.resources.prefetch_related("municipalities").order_by("pk"))
    if not resources:
        return None
    rows = []
    for r in resources:
        where = "、".join(m.name for m in r.municipalities.all())
        detail = [text for text in (r.organization_name, where, r.description) if text]
        rows.append(
            [
                r.name,
                str(r.get_kind_display()),
                dates.wareki(r.starts_on) if r.starts_on else "—",
                " / ".join(detail) or "—",
            ]
        )
    return Table(
        _("改善・開発された社会資源"),
        [_("名称"), _("種類"), _("開始日"), _("運営・対象市町村・内容")],
        rows,
    )


def _issue_section(number: int, issue) -> IssueSection:
    evidence = issue_evidence(issue)
    withheld: list[str] = []
    tables = _evidence_tables(evidence, withheld)
    tables.append(_history(issue))
    resources = _resources(issue)
    if resources is not None:
        tables.append(resources)
    notes = []
    if not evidence.is_visible:
        notes.append(
            _("根拠となる人数が%(n)d人に満たないため、内訳は示しません。") % {"n": min_persons()}
        )
    elif withheld:
        notes.append(
            _("%(tables)sは、どの欄も%(n)d人未満で個人の特定につながるおそれがあるため、"
              "示しません。") % {"tables": "・".join(f"「{t}」" for t in withheld),
                                "n": min_persons()}
        )
    texts = [
        (_("課題の説明"), issue.description),
        (_("問題の多様性"), issue.viewpoint_diversity),
        (_("問題の社会性"), issue.viewpoint_sociality),
        (_("問題の共通性"), issue.viewpoint_commonality),
        (_("将来予測"), issue.viewpoint_foresight),
    ]
    return IssueSection(
        heading=_("%(n)d. %(title)s") % {"n": number, "title": issue.title},
        facts=[
            (_("課題分類"), issue.category.label),
            (_("現在の段階"), str(issue.get_status_display())),
        ],
        texts=[(label, text.strip()) for label, text in texts if text.strip()],
        tables=tables,
        notes=notes,
    )


def proposal_outline(proposal: Proposal) -> Outline:
    """What both files say, de-identified; issues in the order they were raised."""
    issues = sorted(proposal.issues.all(), key=lambda i: (i.created_at, i.pk))
    return Outline(
        title=proposal.title,
        addressee=proposal.addressee,
        date=dates.wareki(proposal.proposed_on),
        sender=_("%(region)s 自立支援協議会") % {"region": proposal.region.name},
        preface=proposal.preface.strip(),
        sections=[_issue_section(n, issue) for n, issue in enumerate(issues, start=1)],
        notes=[
            _("＊は%(n)d人以下のため秘匿") % {"n": min_persons() - 1}
            + _("（他の数から逆算できないよう、それより大きい数を秘匿することもあります）。"),
            _("数はこの文書を作成した日のものです（作成日 %(date)s）。")
            % {"date": dates.wareki(dates.today_local())},
        ],
    )


# ---- PDF ----------------------------------------------------------------------------


def _para(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def proposal_pdf(proposal: Proposal) -> bytes:
    """A4 portrait; the Japanese font embedded (subset) so any reader shows it."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        TableStyle,
    )
    from reportlab.platypus import Table as PdfTable

    from tsunagu.core.pdf import FONT_NAME, register_pdf_font

    register_pdf_font()
    outline = proposal_outline(proposal)
    body = ParagraphStyle("body", fontName=FONT_NAME, fontSize=10, leading=16)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=12)
    right = ParagraphStyle("right", parent=body, alignment=2)
    title = ParagraphStyle(
        "title", fontName=FONT_NAME, fontSize=17, leading=24, alignment=1, spaceAfter=8
    )
    h2 = ParagraphStyle(
        "h2", fontName=FONT_NAME, fontSize=13, leading=18, spaceBefore=10, spaceAfter=4
    )
    h3 = ParagraphStyle(
        "h3", fontName=FONT_NAME, fontSize=10.5, leading=15, spaceBefore=6, spaceAfter=2
    )
    line = colors.HexColor("#c9d2d0")
    width = A4[0] - 40 * mm

    def table(t: Table) -> list:
        data = [t.header] + t.rows
        cells = [[Paragraph(_para(c), small) for c in row] for row in data]
        n = len(t.header)
        first = width * (0.45 if n == 2 else 0.3)
        rest = (width - first) / (n - 1)
        pdf_table = PdfTable(cells, colWidths=[first] + [rest] * (n - 1), hAlign="LEFT")
        pdf_table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f6f5")),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, line),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return [KeepTogether([Paragraph(_para(t.caption), h3), pdf_table])]

    story: list = [Paragraph(_para(outline.date), right)]
    if outline.addressee:
        story.append(Paragraph(_para(outline.addressee), body))
    story += [
        Paragraph(_para(outline.sender), right),
        Spacer(1, 6 * mm),
        Paragraph(_para(outline.title), title),
    ]
    if outline.preface:
        story.append(Paragraph(_para(outline.preface), body))
    for section in outline.sections:
        story.append(Paragraph(_para(section.heading), h2))
        for label, value in section.facts:
            story.append(
                Paragraph(_para(_("%(label)s：%(value)s") % {"label": label, "value": value}), body)
            )
        for label, text in section.texts:
            story += [Paragraph(_para(label), h3), Paragraph(_para(text), body)]
        for t in section.tables:
            if t.rows:
                story += table(t)
        story += [Paragraph(_para(note), small) for note in section.notes]
    story.append(Spacer(1, 6 * mm))
    story += [Paragraph(_para(note), small) for note in outline.notes]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=outline.title,
        author=outline.sender,
        subject=_("提言書"),
        creator="tsunagu",
        initialFontName=FONT_NAME,
    ).build(story)
    return buffer.getvalue()


# ---- DOCX ---------------------------------------------------------------------------


def _east_asian(style_or_run: Any) -> None:
    """Name the font for Japanese (w:eastAsia) as well as for Latin text."""
    from docx.oxml.ns import qn

    style_or_run.font.name = DOCX_FONT
    r_pr = style_or_run.element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(r_fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(attribute), DOCX_FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        r_fonts.attrib.pop(qn(theme), None)


def proposal_docx(proposal: Proposal) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    outline = proposal_outline(proposal)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Table Grid"):
        _east_asian(document.styles[name])
    document.styles["Normal"].font.size = Pt(10.5)
    properties = document.core_properties
    properties.title = outline.title
    properties.author = outline.sender
    properties.subject = _("提言書")

    document.add_paragraph(outline.date).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if outline.addressee:
        document.add_paragraph(outline.addressee)
    document.add_paragraph(outline.sender).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_heading(outline.title, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for paragraph in outline.preface.split("\n\n") if outline.preface else []:
        document.add_paragraph(paragraph)
    for issue in outline.sections:
        document.add_heading(issue.heading, level=1)
        for label, value in issue.facts:
            document.add_paragraph(_("%(label)s：%(value)s") % {"label": label, "value": value})
        for label, text in issue.texts:
            document.add_heading(label, level=3)
            document.add_paragraph(text)
        for t in issue.tables:
            if not t.rows:
                continue
            document.add_heading(t.caption, level=3)
            table = document.add_table(rows=1, cols=len(t.header))
            table.style = document.styles["Table Grid"]
            for cell, text in zip(table.rows[0].cells, t.header, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in t.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
        for note in issue.notes:
            document.add_paragraph(note)
    document.add_paragraph()
    for note in outline.notes:
        document.add_paragraph(note).runs[0].font.size = Pt(9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
