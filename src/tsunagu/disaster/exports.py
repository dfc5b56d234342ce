"""The safety-check list on paper and in Excel, for when power or network fail: an A4
landscape PDF (reportlab, IPAexGothic embedded) and a CP932 CSV. The caller audits the
download (AuditAction.EXPORT)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.csvutil import neutralize
from tsunagu.core.pdf import FONT_NAME, register_pdf_font
from tsunagu.core.text import to_cp932
from tsunagu.disaster.models import DisasterActivation, SafetyCheck
from tsunagu.disaster.priority import level_label, reason_labels


def _moment(value) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value, dates.TOKYO)
    return f"{dates.wareki(local.date())} {local:%H:%M}"


def header() -> list[str]:
    return [
        _("順位"), _("優先度"), _("優先の理由"), _("市町村"), _("氏名"), _("フリガナ"),
        _("住所"), _("電話番号"), _("障害支援区分"), _("担当職員"), _("状況"), _("メモ"),
        _("確認日時"), _("利用者ID"), _("配慮事項"), _("家族・連絡先"),
    ]


def care_notes(person) -> str:
    """The registration's flags (人工呼吸器… is 電源を要する医療機器) and its free notes."""
    registration = getattr(person, "disaster_registration", None)
    if registration is None:
        return ""
    flags = [
        str(field.verbose_name)
        for field in type(registration)._meta.get_fields()
        if field.name in ("power_dependent", "medical_care", "living_alone")
        and getattr(registration, field.name)
    ]
    return "\n".join(part for part in (_("・").join(flags), registration.notes.strip()) if part)


def family_contacts(person) -> str:
    """The contact note and each family member or caregiver, one a line."""
    lines = [person.contact_note.strip()] if person.contact_note.strip() else []
    for caregiver in person.caregivers.all():
        text = f"{caregiver.relation} {caregiver.name}".strip()
        if not caregiver.lives_together:
            text += _("（別居）")
        if caregiver.note:
            text += f" {caregiver.note}"
        lines.append(text)
    return "\n".join(lines)


def rows(checks: Iterable[SafetyCheck]) -> list[list[str]]:
    out = []
    for number, check in enumerate(checks, start=1):
        person = check.person
        out.append([
            str(number),
            f"{level_label(check.priority)}（{check.priority}）",
            _("・").join(reason_labels(check.reasons)),
            str(person.municipality or ""),
            person.full_name,
            person.full_name_kana,
            person.address,
            person.phone,
            person.get_support_category_display() if person.support_category else "",
            str(check.assigned_to or ""),
            check.get_status_display(),
            check.note,
            _moment(check.checked_at),
            str(person.pk),
            care_notes(person),
            family_contacts(person),
        ])  # fmt: skip
    return out


def csv_cp932(checks: Iterable[SafetyCheck]) -> tuple[bytes, list[str]]:
    """CP932 (what Excel in Japan opens by default), CRLF, formulas neutralized; characters
    CP932 lacks are substituted (tsunagu.core.text.to_cp932) and the changes returned."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    notes: list[str] = []
    for row in [header(), *rows(checks)]:
        cells = []
        for cell in row:
            text, changed = to_cp932(neutralize(cell))
            cells.append(text)
            notes.extend(changed)
        writer.writerow(cells)
    return buffer.getvalue().encode("cp932"), notes


def pdf(checks: Iterable[SafetyCheck], *, activation: DisasterActivation, scope: str) -> bytes:
    """A4 landscape: the title, when it was printed, then the list with empty columns to
    write the result by hand (状況 / 確認日時・メモ)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    register_pdf_font()
    title_style = ParagraphStyle("title", fontName=FONT_NAME, fontSize=14, leading=20)
    body = ParagraphStyle("body", fontName=FONT_NAME, fontSize=8.5, leading=11)
    small = ParagraphStyle("small", fontName=FONT_NAME, fontSize=7.5, leading=10)

    def p(text: str, style=body) -> Paragraph:
        return Paragraph(escape(text or "").replace("\n", "<br/>"), style)

    head = [_("順位"), _("優先度・理由"), _("市町村"), _("氏名（フリガナ）"), _("住所・電話"),
            _("配慮事項・家族の連絡先"), _("区分"), _("担当"), _("状況"), _("確認日時・メモ")]
    data = [[p(h, small) for h in head]]
    for row in rows(checks):
        (number, level, reasons, municipality, name, kana, address, phone, category,
         staff, status, note, checked_at, _pk, care, family) = row
        data.append([
            p(number), p(f"{level}\n{reasons}", small), p(municipality, small),
            p(f"{name}\n{kana}"), p(f"{phone}\n{address}".strip(), small),
            p(f"{care}\n{family}".strip(), small), p(category, small), p(staff, small),
            p(status), p(f"{checked_at}\n{note}".strip(), small),
        ])  # fmt: skip
    # 状況 is wide enough for its longest label on one line (「連絡不可」 never 連絡不／可);
    # the columns fill A4 landscape's 273 mm between the margins.
    widths = [9, 28, 16, 32, 50, 50, 11, 20, 24, 33]
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8a9593")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f6f5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))  # fmt: skip
    printed = _moment(timezone.now())
    subtitle = _("%(title)s／開始 %(start)s／印刷 %(printed)s／%(scope)s") % {
        "title": activation.title,
        "start": _moment(activation.started_at),
        "printed": printed,
        "scope": scope,
    }
    story = [
        Paragraph(escape(_("安否確認リスト")), title_style),
        p(subtitle),
        p(_("個人情報です。使い終わったら回収し、シュレッダーで処分してください。"), small),
        Spacer(1, 3 * mm),
        table,
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
        topMargin=12 * mm, bottomMargin=12 * mm, title=str(_("安否確認リスト")),
    )
    doc.build(story)
    return buffer.getvalue()
