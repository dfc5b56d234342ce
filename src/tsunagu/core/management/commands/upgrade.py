"""`tsunagu upgrade`: everything an installation needs after a new version of tsunagu is
installed, in counted steps. Safe to run again (every step is idempotent); see docs/backup.md
("Upgrades") for the order: back up, install, `tsunagu upgrade`, restart."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _


def _cache_tables() -> list[str]:
    return [
        str(cache["LOCATION"])
        for cache in settings.CACHES.values()
        if cache.get("BACKEND", "").endswith("db.DatabaseCache")
    ]


def static_files_collected() -> bool:
    """Whether this configuration serves static files from STATIC_ROOT (then `collectstatic`
    must run on every upgrade) rather than straight from the installed package."""
    return bool(settings.STATIC_ROOT) and not getattr(settings, "WHITENOISE_USE_FINDERS", False)


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _(
            "更新の後に必要な作業をまとめて行います: データベースの更新（migrate）、"
            "キャッシュ表、静的ファイル、設定の点検。何度実行しても安全です。"
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip-checks-deploy", action="store_true",
            help=_("本番モードでも check --deploy を行いません（検証環境用）"),
        )  # fmt: skip

    def handle(self, *args, **options) -> None:
        quiet = max(options["verbosity"] - 1, 0)
        steps = [
            (_("データベースを更新しています（migrate）"), self._migrate),
            (_("キャッシュ表を用意しています（createcachetable）"), self._cache),
            (_("静的ファイルを用意しています"), self._static),
            (_("設定を点検しています（check）"), self._check),
        ]
        for number, (title, run) in enumerate(steps, start=1):
            self.stdout.write(f"[{number}/{len(steps)}] {title}")
            run(quiet, options)
        self.stdout.write(
            self.style.SUCCESS(_("更新が完了しました。tsunagu を起動し直してください。"))
        )

    def _migrate(self, quiet: int, options: dict) -> None:
        call_command("migrate", interactive=False, verbosity=max(quiet, 1), stdout=self.stdout)

    def _cache(self, quiet: int, options: dict) -> None:
        tables = _cache_tables()
        if not tables:
            self.stdout.write(_("    データベースのキャッシュは使っていません（不要）"))
            return
        call_command("createcachetable", verbosity=quiet, stdout=self.stdout)
        self.stdout.write(_("    キャッシュ表: %(tables)s") % {"tables": ", ".join(tables)})

    def _static(self, quiet: int, options: dict) -> None:
        if not static_files_collected():
            self.stdout.write(
                _("    静的ファイルはパッケージから直接配信します（collectstatic は不要）")
            )
            return
        call_command("collectstatic", interactive=False, verbosity=quiet, stdout=self.stdout)
        self.stdout.write(
            _("    静的ファイルを集めました: %(root)s") % {"root": settings.STATIC_ROOT}
        )

    def _check(self, quiet: int, options: dict) -> None:
        deploy = settings.PRODUCTION and not options["skip_checks_deploy"]
        call_command("check", deploy=deploy, fail_level="ERROR", stdout=self.stdout)
