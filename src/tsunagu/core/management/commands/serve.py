"""`tsunagu serve`: serve the app with waitress (static files through WhiteNoise)."""

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "アプリを waitress で配信します（例: tsunagu serve --listen 127.0.0.1:8000）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--listen", default="127.0.0.1:8000")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, **options) -> None:
        from waitress import serve

        from tsunagu.wsgi import application

        self.stdout.write(f"tsunagu: http://{options['listen']}/  (Ctrl+C で終了)")
        serve(application, listen=options["listen"], threads=options["threads"], ident="tsunagu")
