"""`tsunagu network digest [--date YYYY-MM-DD] [--region CODE]`

Queues the daily digest: one mail per member (every active user of the region who may read
the network and has an e-mail address) with the posts of the day before (Tokyo), or of
``--date``. Once per region and day: a second run for the same day queues nothing. Run it
once each morning, e.g. cron ``0 7 * * * /opt/tsunagu/.venv/bin/tsunagu network digest``."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from tsunagu.core.dates import parse_date, today_local
from tsunagu.core.management.base import AuditedCommand, region_from_option
from tsunagu.core.models import Region
from tsunagu.network.services import digest_send


class Command(AuditedCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _("ネットワークの定期処理。例: tsunagu network digest")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        digest = sub.add_parser(
            "digest", help=_("前日の投稿のまとめを会員にメールします（1日1回）")
        )
        digest.add_argument("--date", help=_("まとめる日（省略すると前日）"))
        digest.add_argument(
            "--region", metavar="CODE", help=_("圏域コード。省略するとすべての圏域を処理します。")
        )

    def handle(self, *args, **options) -> None:
        if options.get("date"):
            try:
                day = parse_date(options["date"])
            except ValueError as error:
                raise CommandError(str(error)) from None
        else:
            day = today_local() - timedelta(days=1)
        regions = (
            [region_from_option(options["region"])]
            if options.get("region")
            else list(Region.objects.order_by("code"))
        )
        for region in regions:
            count = digest_send(actor=f"command:{self.command_name()}", region=region, day=day)
            if count is None:
                message = _("%(region)s %(day)s: 送信済みです") % {
                    "region": region.code,
                    "day": day.isoformat(),
                }
            else:
                message = _("%(region)s %(day)s: %(n)d 通を送ります") % {
                    "region": region.code,
                    "day": day.isoformat(),
                    "n": count,
                }
            self.stdout.write(message)
