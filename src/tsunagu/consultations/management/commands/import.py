"""`tsunagu import persons PATH` and `tsunagu import consultations PATH [--persons PATH]`.

CSV (UTF-8 with or without BOM, or CP932) or XLSX. All or nothing: the whole file is checked
first; on any error every error is printed to stderr (``行 12, 列「生年月日」: ...``), nothing is
written, and the command exits non-zero. ``--dry-run`` only checks."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from tsunagu.consultations import importers as consultation_importers
from tsunagu.core.management.base import AuditedCommand, add_region_argument, region_from_option
from tsunagu.core.tabular import ImportResult, Table, TabularError, read_table
from tsunagu.people import importers as person_importers

ACTOR = "command:import"


class Command(AuditedCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _("旧システムの利用者・相談記録（CSV または XLSX）を取り込みます。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind",
            choices=["persons", "consultations"],
            help=_("persons（利用者）または consultations（相談記録）"),
        )
        parser.add_argument("path", help=_("CSV または XLSX ファイル"))
        add_region_argument(parser)
        parser.add_argument(
            "--dry-run", action="store_true", help=_("確認だけして、何も書き込みません。")
        )
        parser.add_argument(
            "--persons", metavar="PATH",
            help=_("consultations と同時に取り込む利用者ファイル（同じトランザクションで先に取り込みます）"),
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        region = region_from_option(options["region"])
        kind = options["kind"]
        if kind == "persons" and options["persons"]:
            raise CommandError(_("--persons は consultations と一緒にだけ使えます。"))
        if kind == "persons":
            table = self._read(options["path"], person_importers.HEADERS)
            result = person_importers.import_persons(
                region=region, table=table, actor=ACTOR, dry_run=options["dry_run"]
            )
        else:
            table = self._read(
                options["path"],
                consultation_importers.HEADERS,
                optional=consultation_importers.OPTIONAL_HEADERS,
            )
            persons = None
            if options["persons"]:
                persons = self._read(options["persons"], person_importers.HEADERS)
            result = consultation_importers.import_consultations(
                region=region, table=table, actor=ACTOR, dry_run=options["dry_run"], persons=persons
            )
        self._report(result)

    def _read(
        self, path: str, headers: tuple[str, ...], *, optional: tuple[str, ...] = ()
    ) -> Table:
        file = Path(path)
        if not file.is_file():
            raise CommandError(_("ファイルがありません: %(path)s") % {"path": path})
        try:
            with file.open("rb") as stream:
                return read_table(stream, file.name, headers, optional=optional)
        except TabularError as error:
            raise CommandError(f"{file.name}: {error}") from None
        except OSError as error:
            raise CommandError(
                _("ファイルを読めません: %(path)s（%(error)s）")
                % {"path": path, "error": error.strerror}
            ) from None

    def _report(self, result: ImportResult) -> None:
        parts = [p for p in (result.related, result) if p is not None]
        count = sum(len(p.errors) for p in parts)
        if count:
            for part in parts:
                for error in part.errors:
                    prefix = f"[{part.kind_label}] " if len(parts) > 1 else ""
                    self.stderr.write(prefix + str(error))
            raise CommandError(
                _("エラーが %(count)d 件あります。何も書き込んでいません。") % {"count": count}
            )
        for part in parts:
            self.stdout.write(self.style.SUCCESS(part.summary()))
