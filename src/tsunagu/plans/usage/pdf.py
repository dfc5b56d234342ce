"""The サービス等利用計画 (障害児支援利用計画) and the モニタリング報告書 as A4 landscape PDFs in the
layout of the 厚生労働省 参考様式: the heading table (氏名, 障害支援区分, 受給者証番号, 利用者負担
上限額, 事業者, 担当者, 作成日, モニタリング期間, 利用者同意署名欄 with the 同意日), the rows by
優先順位, and for the plan the 週間計画表 on its own page.

reportlab with the project's embedded font (tsunagu.core.pdf.register_pdf_font, the one
place that registers it). The caller audits the download (AuditAction.EXPORT)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.pdf import FONT_NAME, register_pdf_font
from tsunagu.plans.usage.models import PlanStage, UsageMonitoring, UsagePlan, Weekday

PDF_TYPE = "application/pdf"


def plan_filename(plan: UsagePlan) -> str:
    return f"riyou-keikaku-{plan.pk}-v{plan.version}-{plan.stage}.pdf"


def monitoring_filename(record: UsageMonitoring) -> str:
    return f"monitoring-{record.pk}-{record.monitored_on:%Y%m%d}.pdf"


def _t(value: str | None) -> str:
    return escape(value or "").replace("\n", "<br/>")


def _date(value) -> str:
    return dates.wareki(value) if value else ""


class _Kit:
    """Styles and a table builder shared by both forms."""

    def __init__(self) -> None:
        from reportlab.lib import colors
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm

        register_pdf_font()
        self.mm = mm
        self.page = landscape(A4)
        self.width = self.page[0] - 20 * mm
        self.title = ParagraphStyle("t", fontName=FONT_NAME, fontSize=14, leading=18)
        self.body = ParagraphStyle("b", fontName=FONT_NAME, fontSize=8.5, leading=11)
        self.small = ParagraphStyle("s", fontName=FONT_NAME, fontSize=7, leading=9)
        self.line = colors.black  # black and white printers: no tints needed to read it
        self.wash = colors.HexColor("#eeeeee")

    def p(self, text: str, style=None):
        from reportlab.platypus import Paragraph

        return Paragraph(text, style or self.body)

    def table(self, rows, widths, *, heads=(), label_cols=(), heights=None):
        from reportlab.platypus import Table, TableStyle

        data = [[self.p(c) if isinstance(c, str) else c for c in row] for row in rows]
        table = Table(data, colWidths=widths, rowHeights=heights, repeatRows=len(heads))
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
            ("GRID", (0, 0), (-1, -1), 0.6, self.line),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        for r in heads:
            commands.append(("BACKGROUND", (0, r), (-1, r), self.wash))
        for c in label_cols:
            commands.append(("BACKGROUND", (c, 0), (c, -1), self.wash))
        table.setStyle(TableStyle(commands))
        return table

    def build(self, story, *, title: str, author: str) -> bytes:
        from reportlab.platypus import SimpleDocTemplate

        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=self.page,
            leftMargin=10 * self.mm,
            rightMargin=10 * self.mm,
            topMargin=10 * self.mm,
            bottomMargin=10 * self.mm,
            title=title,
            author=author,
            creator="tsunagu",
            initialFontName=FONT_NAME,
        )
        doc.build(story)
        return buffer.getvalue()


def _heading(kit: _Kit, plan: UsagePlan, *, made_label: str, made_on, consented_on, staff):
    """The heading table of both forms (参考様式の上段)."""
    person = plan.person
    certificate = plan.certificate
    w = kit.width / 6
    consent = _("同意日 %(date)s") % {
        "date": _date(consented_on) if consented_on else _("令和　　年　　月　　日")
    }
    rows = [
        [
            _("利用者氏名（児童氏名）"),
            _t(f"{person.full_name}（{person.full_name_kana}）"),
            _("障害支援区分"),
            _t(certificate.get_support_category_display() if certificate else ""),
            _("相談支援事業者名"),
            _t(plan.organization.name if plan.organization else ""),
        ],
        [
            _("障害福祉サービス受給者証番号"),
            _t(certificate.number if certificate else ""),
            _("利用者負担上限額"),
            _t(_("%(yen)s円") % {"yen": f"{certificate.copay_limit:,}"} if certificate else ""),
            _("計画作成担当者"),
            _t(str(staff)),
        ],
        [
            _t(made_label),
            _t(_date(made_on)),
            _("モニタリング期間（開始年月）"),
            _t(
                f"{plan.get_monitoring_interval_display()}"
                f"（{_date(plan.starts_on) if plan.starts_on else '—'}）"
            ),
            _("利用者同意署名欄"),
            kit.p(escape(consent) + "<br/><br/>" + escape(_("署名")) + "　" + "＿" * 12),
        ],
    ]
    return kit.table(
        rows, [w * 1.1, w * 1.1, w * 0.9, w * 0.9, w * 0.8, w * 1.2], label_cols=(0, 2, 4)
    )


def plan_pdf(plan: UsagePlan) -> bytes:
    """``plan`` from selectors.usage_plan_get (rows, week and 受給者証 loaded)."""
    from reportlab.platypus import PageBreak, Spacer

    kit = _Kit()
    mm = kit.mm
    title = _("%(form)s") % {"form": plan.stage_title}
    story: list = [
        kit.p(escape(title), kit.title),
        kit.p(
            escape(
                _("第%(version)d版　%(stage)s")
                % {"version": plan.version, "stage": plan.get_stage_display()}
            )
            + (escape("　" + _("（旧版）")) if plan.superseded else ""),
            kit.small,
        ),
        Spacer(1, 2 * mm),
        _heading(
            kit,
            plan,
            made_label=_("計画案作成日") if plan.stage != PlanStage.FINAL else _("計画作成日"),
            made_on=plan.written_on,
            consented_on=plan.consented_on,
            staff=plan.staff,
        ),
        Spacer(1, 2 * mm),
    ]
    label = 55 * mm
    story.append(
        kit.table(
            [
                [_("利用者及びその家族の生活に対する意向（希望する生活）"), _t(plan.wishes)],
                [_("総合的な援助の方針"), _t(plan.policy)],
                [_("長期目標"), _t(plan.long_goal)],
                [_("短期目標"), _t(plan.short_goal)],
            ],
            [label, kit.width - label],
            label_cols=(0,),
        )
    )
    story.append(Spacer(1, 2 * mm))
    head = [
        _("優先順位"),
        _("解決すべき課題（本人のニーズ）"),
        _("支援目標"),
        _("達成時期"),
        _("福祉サービス等<br/>種類・内容・量（頻度・時間）"),
        _("課題解決のための本人の役割"),
        _("評価時期"),
        _("その他留意事項"),
    ]
    rows = [head] + [
        [
            str(i.priority),
            _t(i.issue),
            _t(i.goal),
            _t(i.achieve_by),
            _t(i.services),
            _t(i.role),
            _t(i.evaluate_at),
            _t(i.notes),
        ]
        for i in plan.items.all()
    ]
    unit = kit.width / 100
    story.append(
        kit.table(
            rows,
            [u * unit for u in (6, 17, 15, 8, 18, 14, 8, 14)],
            heads=(0,),
        )
    )

    # the 週間計画表 (参考様式 2枚目)
    story += [PageBreak(), kit.p(escape(_("週間計画表")), kit.title), Spacer(1, 2 * mm)]
    story.append(
        kit.table(
            [
                [
                    _("利用者氏名（児童氏名）"),
                    _t(plan.person.full_name),
                    _("計画開始年月"),
                    _t(_date(plan.starts_on)),
                ]
            ],  # fmt: skip
            [45 * mm, 90 * mm, 35 * mm, kit.width - 170 * mm],
            label_cols=(0, 2),
        )
    )
    story.append(Spacer(1, 2 * mm))
    boxes = list(plan.weekly.all())
    days = [str(label) for _value, label in Weekday.choices]
    grid = [[_("時刻"), *days, _("主な日常生活上の活動")]]
    for hour in range(6, 24, 2):
        row = [f"{hour}:00"]
        for day in Weekday.values:
            here = [b for b in boxes if b.weekday == day and hour <= b.starts_at.hour < hour + 2]
            row.append(
                "<br/>".join(
                    _t(f"{b.starts_at:%H:%M}-{b.ends_at:%H:%M} {b.activity}") for b in here
                )
            )
        row.append(_t(plan.daily_activities) if hour == 6 else "")
        grid.append(row)
    day_w = (kit.width - 15 * mm - 50 * mm) / 7
    table = kit.table(
        grid, [15 * mm] + [day_w] * 7 + [50 * mm], heads=(0,), heights=[None] + [11 * mm] * 9
    )
    from reportlab.platypus import TableStyle

    table.setStyle(TableStyle([("SPAN", (8, 1), (8, -1))]))
    story.append(table)
    story.append(Spacer(1, 2 * mm))
    story.append(
        kit.table(
            [
                [_("週単位以外のサービス"), _t(plan.non_weekly_services)],
                [_("サービス提供によって実現する生活の全体像"), _t(plan.life_overview)],
            ],
            [label, kit.width - label],
            label_cols=(0,),
        )
    )
    return kit.build(story, title=title, author=plan.organization.name if plan.organization else "")


def monitoring_pdf(record: UsageMonitoring) -> bytes:
    """``record`` from selectors.usage_monitoring_get (items and the plan loaded)."""
    from reportlab.platypus import Spacer

    kit = _Kit()
    mm = kit.mm
    plan = record.plan
    title = _("モニタリング報告書（%(form)s）") % {"form": plan.form_title}
    story: list = [
        kit.p(escape(title), kit.title),
        Spacer(1, 2 * mm),
        _heading(
            kit,
            plan,
            made_label=_("モニタリング実施日"),
            made_on=record.monitored_on,
            consented_on=record.consented_on,
            staff=record.staff,
        ),
        Spacer(1, 2 * mm),
    ]
    label = 45 * mm
    story.append(
        kit.table(
            [
                [_("総合的な援助の方針"), _t(plan.policy)],
                [_("全体の状況"), _t(record.overall)],
            ],
            [label, kit.width - label],
            label_cols=(0,),
        )
    )
    story.append(Spacer(1, 2 * mm))
    yes, no = _("有"), _("無")
    head = [
        _("優先順位"),
        _("支援目標"),
        _("達成時期"),
        _("サービス提供状況（事業者からの聞き取り）"),
        _("本人の感想・満足度"),
        _("支援目標の達成度（ニーズの充足度）"),
        _("今後の課題・解決方法"),
        _("計画変更の必要性"),
        _("その他留意事項"),
    ]
    rows = [head]
    for item in record.items.all():
        goal = item.plan_item
        change = "<br/>".join(
            escape(f"{label_}：{yes if flag else no}")
            for label_, flag in (
                (_("サービス種類の変更"), item.change_kind),
                (_("サービス量の変更"), item.change_amount),
                (_("週間計画の変更"), item.change_weekly),
            )
        )
        rows.append(
            [
                str(goal.priority),
                _t(goal.goal),
                _t(goal.achieve_by),
                _t(item.service_status),
                _t(item.satisfaction),
                _t(item.get_achievement_display()),
                _t(item.next_steps),
                change,
                _t(item.notes),
            ]
        )
    unit = kit.width / 100
    story.append(kit.table(rows, [u * unit for u in (6, 14, 7, 15, 13, 9, 14, 12, 10)], heads=(0,)))
    story.append(Spacer(1, 2 * mm))
    story.append(
        kit.p(escape(_("次回モニタリング予定日：%(date)s") % {"date": _date(record.next_due_on)}))
    )
    return kit.build(
        story, title=title, author=record.organization.name if record.organization else ""
    )
