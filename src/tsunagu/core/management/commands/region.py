"""`tsunagu region create CODE NAME --municipalities 12213:東金市,12237:山武市,...`
and `tsunagu region list`."""

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from tsunagu.core.management.base import AuditedCommand
from tsunagu.core.services import region_create


def parse_municipalities(text: str) -> list[tuple[str, str]]:
    pairs = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        code, sep, name = item.partition(":")
        if not sep or not code.strip().isdigit() or len(code.strip()) != 5 or not name.strip():
            raise CommandError(
                _(
                    "市町村の指定 '%(item)s' が読めません。「12213:東金市」のように"
                    "5桁の市町村コードと名前をコロンでつないでください。"
                )
                % {"item": item}
            )
        pairs.append((code.strip(), name.strip()))
    return pairs


class Command(AuditedCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _("圏域（テナント）を作成・一覧表示します。")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help=_("圏域を作成します。"))
        create.add_argument("code", help=_("圏域コード（半角英数字とハイフン）"))
        create.add_argument("name", help=_("圏域名"))
        create.add_argument(
            "--municipalities",
            required=True,
            help=_("市町村コード:名前 をカンマ区切りで（例: 12213:東金市,12237:山武市）"),
        )
        sub.add_parser("list", help=_("圏域の一覧を表示します。"))

    def handle(self, *args, **options) -> None:
        if options["action"] == "list":
            from tsunagu.core.models import Region

            for region in Region.objects.prefetch_related("municipalities"):
                names = "、".join(m.name for m in region.municipalities.all())
                self.stdout.write(f"{region.code}\t{region.name}\t{names}")
            return
        municipalities = parse_municipalities(options["municipalities"])
        try:
            region = region_create(
                actor="command:region",
                code=options["code"],
                name=options["name"],
                municipalities=municipalities,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("圏域 %(code)s（%(name)s）を作成しました: 市町村 %(count)d 件")
                % {"code": region.code, "name": region.name, "count": len(municipalities)}
            )
        )
