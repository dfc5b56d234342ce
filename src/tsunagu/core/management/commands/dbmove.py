"""`tsunagu dbmove --to postgres://...`: move the embedded SQLite database to PostgreSQL, then
compare the row count and checksum of every table (docs/backup.md)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from tsunagu.core.backup.move import MoveError, database_move

STEPS = 4


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _(
            "いまのデータベース（SQLite）の全データを空の PostgreSQL データベースへ移し、"
            "全テーブルの件数とチェックサムを比べます。"
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--to", required=True, metavar="URL",
            help=_("移行先（postgres://ユーザー@ホスト:5432/データベース名）。"
                   "パスワードは PGPASSWORD か ~/.pgpass でも渡せます"),
        )  # fmt: skip

    def handle(self, *args, **options) -> None:
        if connection.vendor != "sqlite":
            raise CommandError(
                _("移行元が SQLite ではありません（DATABASE_URL を外して実行してください）。")
            )
        counter = iter(range(1, STEPS + 1))

        def step(message: str) -> None:
            self.stdout.write(f"[{next(counter)}/{STEPS}] {message}")

        def say(message: str) -> None:
            self.stdout.write(f"    {message}")

        try:
            result = database_move(url=options["to"], step=step, say=say)
        except MoveError as error:
            raise CommandError(str(error)) from None
        rows = sum(count for count, _digest in result.tables.values())
        say(
            _("一致しました: %(tables)d テーブル、%(rows)s 行（件数とチェックサム）")
            % {"tables": len(result.tables), "rows": f"{rows:,}"}
        )
        say(
            _("監査ログの追記専用トリガー: %(names)s") % {"names": ", ".join(result.audit_triggers)}
        )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "移行しました。DATABASE_URL に移行先を設定して tsunagu を起動し直してください。"
                    "SQLite のファイルは、新しい環境で動作を確かめるまで消さないでください。"
                )
            )
        )
