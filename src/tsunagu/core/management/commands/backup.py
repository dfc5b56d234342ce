"""`tsunagu backup PATH`: a consistent copy of the whole database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tsunagu.core.backup import BackupError, backup


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _(
            "データベース全体をバックアップします（SQLite はオンラインバックアップ、PostgreSQL は pg_dump）。"
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help=_("書き出すファイル"))

    def handle(self, *args, **options) -> None:
        try:
            path = backup(options["path"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(_("バックアップしました: %(path)s") % {"path": path}))
