"""Shared pieces for tsunagu's management commands."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tsunagu.core.middleware import RequestMeta, reset_request_meta, set_request_meta
from tsunagu.core.models import Region


def add_region_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--region",
        metavar="CODE",
        help=_("圏域コード。データベースに圏域が1つだけなら省略できます。"),
    )


def region_from_option(code: str | None) -> Region:
    """The region named by --region, or the only region when it is left out."""
    if code:
        try:
            return Region.objects.get(code=code)
        except Region.DoesNotExist:
            raise CommandError(_("圏域 '%(code)s' はありません。") % {"code": code}) from None
    regions = list(Region.objects.all()[:2])
    if len(regions) == 1:
        return regions[0]
    if not regions:
        raise CommandError(_("圏域がまだありません。`tsunagu region create` で作成してください。"))
    raise CommandError(_("圏域が複数あります。--region CODE で指定してください。"))


class AuditedCommand(BaseCommand):
    """A command whose audit entries carry its own name as the path."""

    def execute(self, *args, **options):
        token = set_request_meta(
            RequestMeta(ip_address=None, path=f"command:{self.command_name()}")
        )
        try:
            return super().execute(*args, **options)
        finally:
            reset_request_meta(token)

    def command_name(self) -> str:
        return self.__class__.__module__.rsplit(".", 1)[-1]
