"""`tsunagu jobs`: the job runner — mail, abuse-report escalations and the daily digest —
for a server where the pages are served by gunicorn (deploy/tsunagu-jobs.service).
`--once` runs what is due now and exits (for cron or a test)."""

import signal

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _("メール送信・虐待通報のエスカレーション・日次ダイジェストを実行し続けます"
                 "（--once で一回だけ）。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help=_("期限の来た処理を一回だけ実行します。"))
        parser.add_argument("--tick", type=float, default=1.0, help=_("確認の間隔（秒）"))

    def handle(self, *args, **options) -> None:
        from tsunagu.core.jobs import JobRunner

        runner = JobRunner(tick=options["tick"])
        if options["once"]:
            for name in runner.run_due():
                self.stdout.write(name)
            return
        # systemd stops the unit with SIGTERM: finish the job at hand, release it, then exit
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_args: runner.stop())
        self.stdout.write(_("tsunagu jobs: 開始しました（%(holder)s）") % {"holder": runner.holder})
        self.stdout.flush()
        runner.run_forever()
