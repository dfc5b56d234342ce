"""`tsunagu report annual --year 2022 [--region CODE] [--json] [--suppressed]`

Prints the annual report (実績報告) of one 年度: with ``--json`` one JSON object with the keys
fiscal_year, persons_total, contacts_total, anonymous_contacts, persons_by_disability,
persons_by_municipality, contacts_by_method, contacts_by_topic, contacts_by_month; without it a
table in Japanese. ``--suppressed`` gives the figures readers outside the center get."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.audit import audit_record
from tsunagu.core.management.base import (
    AuditedCommand,
    add_region_argument,
    region_from_option,
)
from tsunagu.core.models import AuditAction
from tsunagu.reports import layout
from tsunagu.reports.sections import extra_figures
from tsunagu.reports.selectors import annual_report
from tsunagu.reports.suppression import suppress


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def render_text(figures: dict[str, Any], region_name: str) -> str:
    """The report as an aligned plain-text table."""
    lines = [f"{layout.report_title(figures['fiscal_year'])}（{region_name}）", ""]
    rows = [(label, value, unit) for label, value, unit in layout.summary(figures)]
    label_width = max(_width(label) for label, *_ in rows)
    lines.append(f"■ {layout.SUMMARY_TITLE}")
    for label, value, unit in rows:
        lines.append(f"  {_pad(label, label_width)}  {_number(value):>8} {unit}")
    for table in layout.tables(figures):
        lines += ["", f"■ {table['caption']}"]
        label_width = max((_width(label) for label, _v in table["rows"]), default=0)
        for label, value in table["rows"]:
            lines.append(f"  {_pad(label, label_width)}  {_number(value):>8} {table['unit']}")
    lines += ["", str(layout.ANONYMOUS_NOTE), str(layout.MULTI_COUNT_NOTE)]
    if layout.has_suppressed(figures):
        lines.append(str(layout.SUPPRESSION_NOTE))
    return "\n".join(lines)


class Command(AuditedCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _("実績報告を出力します。例: tsunagu report annual --year 2022 --json")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="report", required=True)
        annual = sub.add_parser("annual", help=_("年度の実績報告（実人数・延べ件数）"))
        annual.add_argument(
            "--year",
            type=int,
            help=_("年度（西暦の開始年。例: 2022 = 令和4年度）。省略すると今年度。"),
        )
        add_region_argument(annual)
        annual.add_argument("--json", action="store_true", help=_("JSONで1つのオブジェクトを出力"))
        annual.add_argument(
            "--suppressed",
            action="store_true",
            help=_("協議会・市町村向けの秘匿済みの数（1〜2を＊）を出力"),
        )

    def handle(self, *args, **options) -> None:
        year = options["year"]
        if year is None:
            year = dates.fiscal_year(dates.today_local())
        if not 1989 <= year <= 2100:
            raise CommandError(_("年度 %(year)s は指定できません（1989〜2100）。") % {"year": year})
        region = region_from_option(options["region"])
        report = annual_report(region=region, fiscal_year=year)
        figures = suppress(report) if options["suppressed"] else report.to_dict()
        figures.update(extra_figures(region=region, fiscal_year=year))  # reports/sections.py
        fmt = "json" if options["json"] else "text"
        audit_record(
            actor="command:report",
            action=AuditAction.EXPORT,
            target_type="reports.annual",
            summary=f"fy={year} format={fmt}" + (" suppressed" if options["suppressed"] else ""),
            region=region,
        )
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False))
        else:
            self.stdout.write(render_text(figures, region.name))
