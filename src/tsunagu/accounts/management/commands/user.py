"""`tsunagu user create USERNAME --role admin [--region CODE]`: the first administrator of a
new installation (later accounts are made on the アカウント管理 page)."""

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from tsunagu.accounts.services import user_create
from tsunagu.core.management.base import AuditedCommand, add_region_argument, region_from_option
from tsunagu.core.roles import Role


class Command(AuditedCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _(
            "アカウントを作成します。パスワードは標準入力（--password-stdin）か対話で入力します。"
        )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help=_("アカウントを作成します。"))
        create.add_argument("username")
        create.add_argument("--role", required=True, choices=[r.value for r in Role])
        create.add_argument("--display-name", default="")
        create.add_argument("--email", default="")
        create.add_argument("--password-stdin", action="store_true")
        add_region_argument(create)

    def handle(self, *args, **options) -> None:
        region = region_from_option(options["region"])
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass(_("パスワード: "))
            if password != getpass.getpass(_("パスワード（確認）: ")):
                raise CommandError(_("パスワードが一致しません。"))
        try:
            user = user_create(
                actor="command:user",
                region=region,
                username=options["username"],
                password=password,
                role=options["role"],
                display_name=options["display_name"],
                email=options["email"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("%(username)s（%(role)s）を作成しました。")
                % {"username": user.username, "role": user.get_role_display()}
            )
        )
