"""`tsunagu directory export|import` — the directory as Open Referral HSDS or as a sheet.

    tsunagu directory export --hsds OUT.ndjson [--region CODE]
    tsunagu directory import --hsds IN.ndjson [--region CODE] [--dry-run]
    tsunagu directory export --csv OUT.csv [--encoding utf-8|cp932] [--region CODE]
    tsunagu directory import --csv IN.csv [--region CODE] [--dry-run]
    tsunagu directory import --wam IN.csv [--region CODE] [--dry-run]
    tsunagu directory import --standard IN.csv [--region CODE] [--dry-run]

HSDS: one fully nested service per line, shaped as the HSDS API's ``/services/{id}`` (a file
holding one JSON object is read too); a service with no address in the region is written with
the region's municipalities as its service_areas, so the file imports back. CSV: one row per service-at-location (csv_exchange).
Imports are all or nothing: on any error every error is printed (行・列・理由, or the line, the
JSON path and the reason), nothing is written, and the command exits non-zero. WAM: the WAM NET
障害福祉サービス等情報公表 open data file as published (directory.imports.wam): the region's rows
only (the others counted), keyed by 事業所番号; flaws of WAM's data are warnings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from tsunagu.core.audit import audit_record
from tsunagu.core.management.base import AuditedCommand, add_region_argument, region_from_option
from tsunagu.core.models import AuditAction, Region
from tsunagu.core.tabular import MAX_FILE_BYTES, TabularError
from tsunagu.directory.csv_exchange.export import export_csv
from tsunagu.directory.csv_exchange.sheet_import import import_csv
from tsunagu.directory.hsds.exports import service_file_export
from tsunagu.directory.hsds.files import import_documents, read_documents
from tsunagu.directory.imports import standard, wam
from tsunagu.directory.imports.places import RegionPlaces
from tsunagu.directory.models import Service

ACTOR = "command:directory"


class Command(AuditedCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _("社会資源を HSDS（ndjson）または CSV で書き出し・取り込みします。")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help=_("書き出し"))
        kind = export.add_mutually_exclusive_group(required=True)
        kind.add_argument("--hsds", metavar="OUT.ndjson", help=_("HSDS（1行に1サービス）"))
        kind.add_argument("--csv", metavar="OUT.csv", help=_("Excel 用の CSV（実施場所ごとに1行）"))
        export.add_argument(
            "--encoding",
            choices=["utf-8", "cp932"],
            default="utf-8",
            help=_("CSV の文字コード（utf-8 は BOM 付き。既定: utf-8）"),
        )
        add_region_argument(export)
        load = sub.add_parser("import", help=_("取り込み"))
        kind = load.add_mutually_exclusive_group(required=True)
        kind.add_argument("--hsds", metavar="IN.ndjson", help=_("HSDS（1行に1サービス）"))
        kind.add_argument("--csv", metavar="IN.csv", help=_("CSV または XLSX"))
        kind.add_argument(
            "--wam", metavar="IN.csv",
            help=_("WAM NET 障害福祉サービス等情報公表システムのオープンデータ（公表されたままの CSV）"),
        )
        kind.add_argument(
            "--standard", metavar="IN.csv",
            help=_("自治体標準オープンデータセットの公共施設一覧・介護サービス事業所一覧（CSV）"),
        )
        add_region_argument(load)
        load.add_argument(
            "--dry-run", action="store_true", help=_("確認だけして、何も書き込みません。")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        region = region_from_option(options["region"])
        if options["action"] == "export":
            if options["hsds"]:
                self._export_hsds(region, options["hsds"])
            else:
                self._export_csv(region, options["csv"], options["encoding"])
        elif options["hsds"]:
            self._import_hsds(region, options["hsds"], options["dry_run"])
        elif options["wam"]:
            self._import_wam(region, options["wam"], options["dry_run"], wam.import_wam)
        elif options["standard"]:
            self._import_wam(region, options["standard"], options["dry_run"],
                             standard.import_standard)
        else:
            self._import_csv(region, options["csv"], options["dry_run"])

    # -- export

    def _write(self, path: str, data: bytes) -> None:
        try:
            Path(path).write_bytes(data)
        except OSError as error:
            raise CommandError(
                _("ファイルに書き込めません: %(path)s（%(error)s）")
                % {"path": path, "error": error.strerror}
            ) from None

    def _export_hsds(self, region: Region, path: str) -> None:
        services = Service.objects.filter(region=region).order_by("name_kana", "name", "pk")
        places = RegionPlaces(region)
        # keys sorted: the same file from SQLite and PostgreSQL (jsonb reorders an object's keys)
        lines = [
            json.dumps(service_file_export(service, places=places), ensure_ascii=False,
                       separators=(",", ":"), sort_keys=True)
            for service in services.iterator()
        ]
        self._write(path, "".join(line + "\n" for line in lines).encode("utf-8"))
        audit_record(
            actor=ACTOR,
            action=AuditAction.EXPORT,
            target_type="directory.service",
            region=region,
            summary=f"format=hsds services={len(lines)}",
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)d 件のサービスを書き出しました: %(path)s")
                % {"count": len(lines), "path": path}
            )
        )

    def _export_csv(self, region: Region, path: str, encoding: str) -> None:
        data, notes, rows = export_csv(region=region, encoding=encoding)
        self._write(path, data)
        audit_record(
            actor=ACTOR,
            action=AuditAction.EXPORT,
            target_type="directory.service",
            region=region,
            summary=f"format=csv encoding={encoding} rows={rows}",
        )
        for note in notes:
            self.stderr.write(_("CP932 にない文字: %(note)s") % {"note": note})
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)d 行を書き出しました: %(path)s") % {"count": rows, "path": path}
            )
        )

    # -- import

    def _read(self, path: str) -> bytes:
        file = Path(path)
        if not file.is_file():
            raise CommandError(_("ファイルがありません: %(path)s") % {"path": path})
        if file.stat().st_size > MAX_FILE_BYTES:  # refused before anything is read
            raise CommandError(
                _("%(name)s: ファイルが大きすぎます（上限 %(mb)d MB）。ファイルを分けてください。")
                % {"name": file.name, "mb": MAX_FILE_BYTES // (1024 * 1024)}
            )
        try:
            return file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("ファイルを読めません: %(path)s（%(error)s）")
                % {"path": path, "error": error.strerror}
            ) from None

    def _fail(self, errors: list, name: str) -> None:
        for error in errors:
            self.stderr.write(f"{name}: {error}")
        raise CommandError(
            _("エラーが %(count)d 件あります。何も書き込んでいません。") % {"count": len(errors)}
        )

    def _import_hsds(self, region: Region, path: str, dry_run: bool) -> None:
        data = self._read(path)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError(
                _("%(name)s: UTF-8 で読めません（HSDS の JSON は UTF-8 で書きます）。")
                % {"name": Path(path).name}
            ) from None
        documents, errors = read_documents(text)
        if errors:
            self._fail(errors, Path(path).name)
        result = import_documents(actor=ACTOR, region=region, documents=documents, dry_run=dry_run)
        if result.errors:
            self._fail(result.errors, Path(path).name)
        self.stdout.write(self.style.SUCCESS(result.summary()))

    def _import_csv(self, region: Region, path: str, dry_run: bool) -> None:
        data = self._read(path)
        try:
            result = import_csv(
                actor=ACTOR, region=region, data=data, filename=Path(path).name, dry_run=dry_run
            )
        except TabularError as error:
            raise CommandError(f"{Path(path).name}: {error}") from None
        if result.errors:
            self._fail(result.errors, Path(path).name)
        self.stdout.write(self.style.SUCCESS(result.summary()))

    def _import_wam(self, region: Region, path: str, dry_run: bool, load: Any) -> None:
        """WAM NET or a standard dataset: the region's rows, keyed by the file's own ids."""
        data = self._read(path)
        try:
            result = load(
                actor=ACTOR, region=region, data=data, filename=Path(path).name, dry_run=dry_run
            )
        except TabularError as error:
            raise CommandError(f"{Path(path).name}: {error}") from None
        if result.errors:
            self._fail(result.errors, Path(path).name)
        for warning in result.warnings:
            self.stderr.write(_("注意: %(name)s: %(warning)s")
                              % {"name": Path(path).name, "warning": warning})
        if result.outside:
            self.stdout.write(_("圏域外で読み飛ばした行: %(list)s") % {"list": result.outside_text()})
        self.stdout.write(self.style.SUCCESS(result.summary()))
