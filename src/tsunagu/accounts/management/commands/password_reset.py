"""`tsunagu password_reset`: handle the waiting password reset requests now (queue the mails
with their one-time links in the outbox). `tsunagu serve` runs it every few seconds; a cron
installation runs it beside `tsunagu mail send`."""

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from tsunagu.accounts.password_reset import password_reset_send
from tsunagu.core.management.base import AuditedCommand


class Command(AuditedCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _("パスワード再設定の申込みを処理し、リンクのメールを送信待ちに入れます。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=200)

    def handle(self, *args, **options) -> None:
        queued = password_reset_send(limit=max(1, options["limit"]))
        if options["verbosity"] > 0:
            self.stdout.write(_("%(count)d 通を送信待ちに入れました。") % {"count": queued})
