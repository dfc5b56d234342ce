"""`tsunagu safeguarding escalate [--dry-run] [--region CODE]`

Run every few minutes (cron or a systemd timer): finds open abuse reports past their safety
deadline (settings.ABUSE_SAFETY_HOURS after receipt) without a safety confirmation and not yet
escalated, marks them escalated and tells today's on-duty staff (お知らせ + mail; nobody on duty:
every active SAFEGUARDING user of the region). A report is claimed by a conditional UPDATE, so
overlapping runs never mail twice. Output: report ids and counts only."""

from __future__ import annotations

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from tsunagu.core.management.base import AuditedCommand, region_from_option
from tsunagu.safeguarding.abuse.services import abuse_escalate_overdue


class Command(AuditedCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _("虐待通報の定期処理。例: tsunagu safeguarding escalate --dry-run")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        escalate = sub.add_parser(
            "escalate",
            help=_("安全確認の期限を過ぎた虐待通報を当番に知らせます（cron で数分ごとに実行）"),
        )
        escalate.add_argument(
            "--dry-run",
            action="store_true",
            help=_("知らせる対象を表示するだけで、記録もメール送信もしません"),
        )
        escalate.add_argument(
            "--region", metavar="CODE", help=_("圏域コード。省略するとすべての圏域を処理します。")
        )

    def handle(self, *args, **options) -> None:
        region = region_from_option(options["region"]) if options.get("region") else None
        dry_run = options["dry_run"]
        escalations = abuse_escalate_overdue(
            actor=f"command:{self.command_name()}", region=region, dry_run=dry_run
        )
        for escalation in escalations:
            self.stdout.write(
                _("受付番号 %(id)s: %(n)d 人に通知%(dry)s")
                % {
                    "id": escalation.report_id,
                    "n": len(escalation.recipients),
                    "dry": _("（予定・--dry-run）") if dry_run else "",
                }
            )
        message = (
            _("期限超過の通報 %(n)d 件（--dry-run のため何も記録していません）")
            if dry_run
            else _("期限超過の通報 %(n)d 件を当番に知らせました")
        ) % {"n": len(escalations)}
        self.stdout.write(self.style.SUCCESS(message))
