"""The printed sheets of an abuse case (tsunagu.core.sheet): the 虐待通報受付票 and the
report of a case to the 都道府県 (§17 施設従事者等, §24 使用者) or the 労働局 (§26).

The reporter's identity is never printed: it stays encrypted behind its own audited button."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.sheet import Sheet, letterhead_for, sheet_pdf
from tsunagu.safeguarding.abuse.services import type_choices
from tsunagu.safeguarding.models import (
    AbuserCategory,
    AbuseReport,
    AbuseRouting,
    RoutingDestination,
)


def _moment(value) -> str:
    if value is None:
        return ""
    local = value.astimezone(dates.TOKYO)
    return f"{dates.wareki(local.date())} {local:%H:%M}"


def _case_rows(report: AbuseReport) -> list[tuple[str, str]]:
    person = report.person.full_name if report.person_id else _("未特定")
    return [
        (_("受付番号"), str(report.pk)),
        (_("受付日時"), _moment(report.received_at)),
        (_("通報の経路"), report.get_channel_display()),
        (_("通報者の種別"), report.get_reporter_kind_display()),
        (_("本人"), person),
        (_("本人の特定につながる情報"), report.person_description),
        (_("担当市町村"), report.municipality.name if report.municipality_id else ""),
        (_("虐待者の種別"), report.get_abuser_category_display()),
        (_("虐待者の続柄"), report.get_abuser_relationship_display()),
        (_("虐待の種別"), "、".join(label for name, label in type_choices()
                                   if getattr(report, name))),
        (_("緊急性"), report.get_urgency_display()),
    ]


def intake_sheet(report: AbuseReport, *, user: Any) -> bytes:
    """虐待通報受付票."""
    return sheet_pdf(Sheet(
        title=_("虐待通報受付票"),
        letterhead=letterhead_for(user),
        sections=[
            (_("受付"), _case_rows(report)),
            (_("通報の内容"), [(_("見聞きしたこと"), report.observed)]),
            (_("対応"), [
                (_("受付の区分"), report.get_routing_display()),
                (_("安全確認の期限"), _moment(report.safety_due_at)),
                (_("市町村への引継ぎ"),
                 f"{_moment(report.handed_over_at)} {report.handed_over_to}".strip()),
                (_("段階"), report.get_status_display()),
            ]),
        ],
        note=_("通報者の氏名・連絡先はこの票に記載しません（法第8条の守秘）。"),
        signature=True,
    ))


def _routing_title(routing: AbuseRouting) -> str:
    report = routing.report
    if routing.destination == RoutingDestination.LABOUR_BUREAU:
        return _("使用者による障害者虐待の報告書（障害者虐待防止法第26条）")
    if report.abuser_category == AbuserCategory.EMPLOYER:
        return _("使用者による障害者虐待の通知書（障害者虐待防止法第24条）")
    return _("障害者福祉施設従事者等による障害者虐待の報告書（障害者虐待防止法第17条）")


def routing_sheet(routing: AbuseRouting, *, user: Any) -> bytes:
    """The form of one report to the 都道府県 or the 労働局."""
    report = routing.report
    addressee = routing.addressee or routing.get_destination_display()
    return sheet_pdf(Sheet(
        title=_routing_title(routing),
        letterhead=letterhead_for(user),
        addressee=_("%(to)s 御中") % {"to": addressee},
        preamble=_("下記のとおり報告します。"),
        sections=[
            (_("事例"), _case_rows(report)),
            (_("通報の内容"), [(_("見聞きしたこと"), report.observed)]),
            (_("市町村の対応"), [
                (_("段階"), report.get_status_display()),
                (_("判断"), report.get_finding_display()),
                (_("対応の結果"), report.get_outcome_display()),
            ]),
            (_("報告"), [
                (_("報告先"), routing.get_destination_display()),
                (_("報告日"), dates.wareki(routing.sent_on)),
                (_("報告の内容・特記事項"), routing.note),
            ]),
        ],
        signature=True,
    ))


def filename(kind: str, pk: int) -> str:
    return f"abuse-{kind}-{pk}.pdf"
