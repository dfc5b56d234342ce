"""`tsunagu population import|export` — official population tables in, the region's figures out.

    tsunagu population import PATH [--region CODE] [--source TEXT] [--date YYYY-MM-DD] [--dry-run]
    tsunagu population export --csv OUT [--region CODE]

The import reads the same layouts as the 人口データ page (e-Stat 国勢調査 wide and long tables of
any year, 自治体標準オープンデータセット 年齢別人口, 住民基本台帳, 社人研 将来推計人口) with the same
code (assessment.population_load): all or nothing; on any error every error is printed (行・列・
理由), nothing is written, and the command exits non-zero. Municipalities of the file that are
not the region's are listed by name and code, never an error. ``--date`` is the 基準日 when the
file does not say it (or says only a year)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from tsunagu.assessment.population_export import population_csv
from tsunagu.assessment.population_import import layout_label, left_out_text
from tsunagu.assessment.population_load import population_load
from tsunagu.core import dates
from tsunagu.core.audit import audit_record
from tsunagu.core.management.base import AuditedCommand, add_region_argument, region_from_option
from tsunagu.core.models import AuditAction
from tsunagu.core.tabular import MAX_FILE_BYTES

ACTOR = "command:population"


class Command(AuditedCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _("人口データ（国勢調査・住民基本台帳・将来推計）を取り込み・書き出しします。")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help=_("取り込み"))
        load.add_argument("path", metavar="PATH", help=_("CSV または XLSX（公表されたままのファイル）"))
        add_region_argument(load)
        load.add_argument("--source", metavar="TEXT", default="",
                          help=_("出典（省略するとファイルの統計名・表題）"))
        load.add_argument("--date", metavar="YYYY-MM-DD", default="",
                          help=_("基準日（ファイルに書かれていないとき）"))
        load.add_argument("--dry-run", action="store_true",
                          help=_("確認だけして、何も書き込みません。"))
        export = sub.add_parser("export", help=_("書き出し"))
        export.add_argument("--csv", metavar="OUT.csv", required=True,
                            help=_("市町村コード,市町村,基準日,男女,年齢階級,人口 の CSV"))
        add_region_argument(export)

    def handle(self, *args: Any, **options: Any) -> None:
        region = region_from_option(options["region"])
        if options["action"] == "export":
            self._export(region, options["csv"])
        else:
            self._import(region, options)

    def _export(self, region, path: str) -> None:
        data, rows = population_csv(region)
        try:
            Path(path).write_bytes(data)
        except OSError as error:
            raise CommandError(_("ファイルに書き込めません: %(path)s（%(error)s）")
                               % {"path": path, "error": error.strerror}) from None
        audit_record(actor=ACTOR, action=AuditAction.EXPORT, target_type="assessment.population",
                     region=region, summary=f"format=csv rows={rows}")
        self.stdout.write(self.style.SUCCESS(
            _("%(count)d 行を書き出しました: %(path)s") % {"count": rows, "path": path}))

    def _import(self, region, options: dict[str, Any]) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(_("ファイルがありません: %(path)s") % {"path": path})
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(
                _("%(name)s: ファイルが大きすぎます（上限 %(mb)d MB）。ファイルを分けてください。")
                % {"name": path.name, "mb": MAX_FILE_BYTES // (1024 * 1024)})
        on_date = None
        if options["date"]:
            try:
                on_date = dates.parse_date(options["date"])
            except ValueError as error:
                raise CommandError(f"--date: {error}") from None

        def progress(done: int, total: int) -> None:
            self.stderr.write(_("読み込み中: %(done)d / %(total)d 行") % {"done": done, "total": total})

        def step(number: int, steps: int, what: str) -> None:
            self.stderr.write(_("手順 %(number)d/%(steps)d: %(what)s")
                              % {"number": number, "steps": steps, "what": what})

        parsed, dataset = population_load(
            path.read_bytes(), path.name, actor=ACTOR, region=region,
            source_name=options["source"], on_date=on_date, dry_run=options["dry_run"],
            progress=progress, step=step,
        )
        if parsed.errors:
            for error in parsed.errors:
                self.stderr.write(f"{path.name}: {error}")
            raise CommandError(_("エラーが %(count)d 件あります。何も書き込んでいません。")
                               % {"count": len(parsed.errors)})
        for note in parsed.notes:
            self.stdout.write(note)
        if parsed.left_out:
            self.stdout.write(_("除いた市区町村: %(list)s")
                              % {"list": left_out_text(parsed.left_out, limit=None)})
        summary = _("%(layout)s: %(m)d 市町村・基準日 %(dates)s・%(n)d 件の値") % {
            "layout": layout_label(parsed.layout), "m": len(parsed.municipalities()),
            "dates": "、".join(d.isoformat() for d in parsed.dates()), "n": len(parsed.figures),
        }
        if dataset is None:
            self.stdout.write(self.style.SUCCESS(_("確認のみ（書き込んでいません）: ") + summary))
        else:
            self.stdout.write(self.style.SUCCESS(_("取り込みました: ") + summary))
