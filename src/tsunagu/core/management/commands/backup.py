"""`tsunagu backup PATH`: a consistent copy of the whole database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tsunagu.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "データベース全体をバックアップします（SQLite はオンラインバックアップ、PostgreSQL は pg_dump）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="書き出すファイル")

    def handle(self, *args, **options) -> None:
        try:
            path = backup(options["path"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"バックアップしました: {path}"))
