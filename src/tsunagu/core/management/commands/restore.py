"""`tsunagu restore PATH`: replace the database with a backup made by `tsunagu backup`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tsunagu.core.backup import BackupError, restore


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _("バックアップからデータベースを復元します。現在の内容は置き換えられます。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help=_("tsunagu backup で作ったファイル"))
        parser.add_argument("--yes", action="store_true", help=_("確認せずに復元します。"))
        parser.add_argument(
            "--key-file", type=Path,
            help=_("暗号化の鍵ファイル（既定は TSUNAGU_BACKUP_KEY_FILE）"),
        )  # fmt: skip

    def handle(self, *args, **options) -> None:
        if not options["yes"]:
            if not options.get("interactive", True):
                raise CommandError(_("--yes を付けてください。"))
            answer = input(_("現在のデータベースを置き換えます。よろしいですか？ [yes/no] "))
            if answer.strip().lower() != "yes":
                raise CommandError(_("中止しました。"))
        try:
            restore(
                options["path"],
                key_file=options["key_file"],
                say=lambda message: self.stdout.write(f"    {message}"),
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(_("復元しました: %(path)s") % {"path": options["path"]})
        )
