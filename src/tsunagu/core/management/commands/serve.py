"""`tsunagu serve`: serve the app with waitress (static files through WhiteNoise)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _("アプリを waitress で配信します（例: tsunagu serve --listen 127.0.0.1:8000）。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--listen", default="127.0.0.1:8000")
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-jobs",
            action="store_true",
            help=_("メール送信などの定期処理を実行しません（別に tsunagu jobs を動かすとき）。"),
        )

    def handle(self, *args, **options) -> None:
        from waitress import serve

        from tsunagu.core.jobs import JobRunner
        from tsunagu.wsgi import application

        # mail, abuse-report escalation and the daily digest run here, not in requests —
        # unless a separate `tsunagu jobs` does them (two runners would still be safe)
        worker = None if options["no_jobs"] else JobRunner().start()
        self.stdout.write(
            _("tsunagu: http://%(listen)s/  (Ctrl+C で終了)") % {"listen": options["listen"]}
        )
        try:
            serve(
                application,
                listen=options["listen"],
                threads=options["threads"],
                ident="tsunagu",
                # refused by waitress from the Content-Length, before buffering the body
                max_request_body_size=settings.TSUNAGU_MAX_REQUEST_BYTES,
                # X-Forwarded-* reach Django, which trusts them only from
                # TSUNAGU_TRUSTED_PROXIES (tsunagu.core.proxy)
                clear_untrusted_proxy_headers=False,
            )
        finally:
            if worker is not None:
                worker.stop()
