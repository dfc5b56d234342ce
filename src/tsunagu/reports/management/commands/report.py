"""`tsunagu report annual --year 2022 [--region CODE] [--municipality CODE|all]
[--organization ID ...|--all-organizations] [--json] [--suppressed]`

Prints the annual report (実績報告) of one 年度: with ``--json`` one JSON object with the keys
of tsunagu.reports.selectors.JSON_KEYS (fiscal_year, persons_total, contacts_total,
anonymous_contacts, persons_by_disability, persons_by_municipality, contacts_by_method,
contacts_by_topic, contacts_by_month, persons_under_18, persons_new, contacts_outside_hours,
contacts_by_consultant, contacts_by_kind, contacts_by_method_national,
contacts_by_topic_national); without it a table in Japanese. ``--municipality 12213`` gives the
report of that 市町村, ``--municipality all`` every municipality (JSON: an object keyed by
municipality code, "region" for the total). The center's own records count by default
(the region's 基幹相談支援センター organizations and records naming none).
``--suppressed`` gives the figures readers outside the center get."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.audit import audit_record
from tsunagu.core.figures import SUPPRESSION_NOTE
from tsunagu.core.management.base import (
    AuditedCommand,
    add_region_argument,
    region_from_option,
)
from tsunagu.core.models import AuditAction
from tsunagu.reports import layout
from tsunagu.reports.figures import center_organizations
from tsunagu.reports.sections import extra_figures
from tsunagu.reports.selectors import annual_report, annual_reports
from tsunagu.reports.suppression import suppress


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def render_text(figures: dict[str, Any], region_name: str) -> str:
    """The report as an aligned plain-text table (``region_name``: whose report it is)."""
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
        lines.append(str(SUPPRESSION_NOTE))
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
        annual.add_argument(
            "--municipality",
            default="",
            help=_(
                "市町村コード（5桁。例: 12213 = 東金市）。all ですべての市町村。省略すると圏域全体。"
            ),
        )
        whose = annual.add_mutually_exclusive_group()
        whose.add_argument(
            "--organization",
            type=int,
            action="append",
            help=_(
                "集計する機関のID（複数指定可）。省略するとセンター（基幹相談支援センター）の記録。"
            ),
        )
        whose.add_argument(
            "--all-organizations", action="store_true", help=_("すべての機関の記録を集計")
        )
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
        organizations = self._organizations(region, options)
        code = (options["municipality"] or "").strip()
        names = dict(region.municipalities.values_list("code", "name"))
        if code and code != "all" and code not in names:
            raise CommandError(
                _("市町村コード %(code)s はこの圏域にありません（%(codes)s、all）。")
                % {"code": code, "codes": "、".join(sorted(names))}
            )

        def shown(report: Any, municipality: str | None = None) -> dict[str, Any]:
            figures = suppress(report) if options["suppressed"] else report.to_dict()
            # sections other apps add (reports/sections.py), for the region or the municipality
            figures.update(
                extra_figures(
                    region=region,
                    fiscal_year=year,
                    municipality=municipality,
                    exact=not options["suppressed"],
                )
            )
            return figures

        if code == "all":
            reports = annual_reports(region=region, fiscal_year=year, organizations=organizations)
            parts = [("region", region.name, shown(reports.region))] + [
                (m.code, f"{region.name} {m.name}", shown(m.report, m.code))
                for m in reports.municipalities
            ]
        else:
            report = annual_report(
                region=region,
                fiscal_year=year,
                municipality=code or None,
                organizations=organizations,
            )
            title = f"{region.name} {names[code]}" if code else region.name
            parts = [(code or "region", title, shown(report, code or None))]
        fmt = "json" if options["json"] else "text"
        audit_record(
            actor="command:report",
            action=AuditAction.EXPORT,
            target_type="reports.annual",
            summary=f"fy={year} format={fmt} municipality={code or 'region'}"
            f" org={'all' if organizations is None else ','.join(map(str, organizations))}"
            + (" suppressed" if options["suppressed"] else ""),
            region=region,
        )
        if options["json"]:
            data = (
                {key: figures for key, _title, figures in parts} if code == "all" else parts[0][2]
            )
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            self.stdout.write("\n\n".join(render_text(f, title) for _k, title, f in parts))

    def _organizations(self, region: Any, options: dict[str, Any]) -> tuple[int, ...] | None:
        if options["all_organizations"]:
            return None
        if not options["organization"]:
            return center_organizations(region.pk)
        ids = set(options["organization"])
        known = set(region.organizations.filter(pk__in=ids).values_list("pk", flat=True))
        if ids - known:
            raise CommandError(
                _("機関ID %(ids)s はこの圏域にありません。")
                % {"ids": ", ".join(map(str, sorted(ids - known)))}
            )
        return tuple(sorted(ids))
