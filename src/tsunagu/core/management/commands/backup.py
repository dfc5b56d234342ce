"""`tsunagu backup PATH` or `tsunagu backup --dir DIR --keep-daily N --keep-monthly M`: an
encrypted, consistent copy of the whole database (docs/backup.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core.backup import BackupError, backup, backup_verify
from tsunagu.core.backup.crypto import key_fingerprint, key_load
from tsunagu.core.backup.rotation import backup_name, rotate


def wal_archiving_on() -> bool:
    """On PostgreSQL, whether the server archives WAL (point-in-time recovery is possible);
    always true on SQLite, where there is no such thing to recommend."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SHOW archive_mode")
        return cursor.fetchone()[0] != "off"


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _(
            "データベース全体を暗号化してバックアップします（SQLite はオンラインバックアップ、"
            "PostgreSQL は pg_dump）。--dir を付けると日時入りの名前で保存し、古いものを整理します。"
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, nargs="?", help=_("書き出すファイル"))
        parser.add_argument(
            "--dir", type=Path, help=_("保存先フォルダー（tsunagu-日付-時刻.backup の名前で保存）")
        )
        parser.add_argument(
            "--keep-daily", type=int, metavar="N",
            help=_("--dir の中で、直近 N 日分（各日の最新）を残します"),
        )  # fmt: skip
        parser.add_argument(
            "--keep-monthly", type=int, metavar="M",
            help=_("--dir の中で、直近 M か月分（各月の最新）を残します"),
        )  # fmt: skip
        parser.add_argument(
            "--verify", action="store_true",
            help=_("一時データベースに復元し、全テーブルの件数とチェックサムを比べます"),
        )  # fmt: skip
        parser.add_argument(
            "--key-file", type=Path,
            help=_("暗号化の鍵ファイル（既定は TSUNAGU_BACKUP_KEY_FILE）。なければ作ります"),
        )  # fmt: skip

    def handle(self, *args, **options) -> None:
        path, folder = options["path"], options["dir"]
        daily, monthly = options["keep_daily"], options["keep_monthly"]
        if (path is None) == (folder is None):
            raise CommandError(_("書き出すファイルか --dir のどちらか一方を指定してください。"))
        if (daily is not None or monthly is not None) and folder is None:
            raise CommandError(_("--keep-daily と --keep-monthly は --dir と一緒に使います。"))
        if any(n is not None and n < 0 for n in (daily, monthly)):
            raise CommandError(_("残す数は 0 以上で指定してください。"))
        if folder is not None:
            path = folder / backup_name(timezone.localtime())
        rotating = folder is not None and (daily is not None or monthly is not None)
        steps = 1 + options["verify"] + rotating
        step = iter(range(1, steps + 1))

        def say(message: str) -> None:
            self.stdout.write(f"    {message}")

        self.stdout.write(f"[{next(step)}/{steps}] " + _("バックアップを作成しています"))
        try:
            result = backup(path, key_file=options["key_file"], verify=options["verify"], say=say)
            fingerprint = key_fingerprint(key_load(result.key_file.expanduser()))
            if result.key_created:
                self.stdout.write(
                    self.style.WARNING(
                        _(
                            "バックアップの鍵を新しく作りました: %(key)s（鍵ID %(id)s）。"
                            "この鍵がないとバックアップは復元できません。"
                            "バックアップとは別の安全な場所に写しを保管してください。"
                        )
                        % {"key": result.key_file, "id": fingerprint}
                    )
                )
            if options["verify"]:
                self.stdout.write(f"[{next(step)}/{steps}] " + _("バックアップを検証しています"))
                verified = backup_verify(result, say=say)
                self.stdout.write(
                    _("    一致しました: %(tables)d テーブル、%(rows)d 行")
                    % {
                        "tables": len(verified),
                        "rows": sum(count for count, _sum in verified.values()),
                    }
                )
        except BackupError as error:
            raise CommandError(str(error)) from None
        if rotating:
            self.stdout.write(f"[{next(step)}/{steps}] " + _("古いバックアップを整理しています"))
            plan = rotate(folder, keep_daily=daily or 0, keep_monthly=monthly or 0)
            for old in plan.delete:
                self.stdout.write(_("    削除: %(name)s") % {"name": old.name})
            self.stdout.write(_("    残したバックアップ: %(count)d 件") % {"count": len(plan.keep)})
        if not wal_archiving_on():
            self.stdout.write(
                _(
                    "ヒント: PostgreSQL の WAL アーカイブが無効です。この夜間バックアップでは最大"
                    "1日分の記録を失うことがあります。多くの人が書き込むサーバーでは、WAL "
                    "アーカイブとポイントインタイムリカバリを併用してください（docs/backup.md）。"
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("バックアップしました: %(path)s（暗号化、鍵ID %(id)s）")
                % {"path": result.path, "id": fingerprint}
            )
        )
