"""`tsunagu mail send [--loop]`: deliver the outbox (queued mail) now, or keep doing so."""

import time

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from tsunagu.core.mail import outbox_deliver
from tsunagu.core.models import OutboxMail, OutboxStatus


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _("送信待ちのメールを送ります（tsunagu mail send、--loop で送り続けます）。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["send", "status"])
        parser.add_argument("--loop", action="store_true", help=_("数秒ごとに送り続けます。"))
        parser.add_argument("--interval", type=float, default=5.0)

    def handle(self, *args, **options) -> None:
        if options["action"] == "status":
            for value, label in OutboxStatus.choices:
                count = OutboxMail.objects.filter(status=value).count()
                self.stdout.write(f"{label}: {count}")
            return
        while True:
            sent = outbox_deliver()
            if sent or not options["loop"]:
                self.stdout.write(_("%(count)d 通送信しました。") % {"count": sent})
            if not options["loop"]:
                return
            time.sleep(options["interval"])
