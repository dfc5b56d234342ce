"""`tsunagu privacy retention [--dry-run] [--region CODE]`

Anonymizes every person whose last contact is more than settings.RETENTION_YEARS
(TSUNAGU_RETENTION_YEARS, default 5) years ago; --dry-run lists them and changes nothing.
Persons with an open abuse case or guardianship procedure are listed as postponed. Output:
person ids, dates and counts only. Run it once a month (cron or a systemd timer)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from tsunagu.core.management.base import AuditedCommand, add_region_argument, region_from_option
from tsunagu.core.models import Region
from tsunagu.privacy.retention import retention_candidates, retention_run


class Command(AuditedCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _("個人データの保存期間の処理。例: tsunagu privacy retention --dry-run")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser(
            "retention",
            help=_("最後の関わりから保存期間を過ぎた利用者の個人データを匿名化します"),
        )
        run.add_argument(
            "--dry-run",
            action="store_true",
            help=_("対象を表示するだけで、何も変更しません"),
        )
        add_region_argument(run)

    def handle(self, *args, **options) -> None:
        if options.get("region"):
            regions = [region_from_option(options["region"])]
        else:
            regions = list(Region.objects.order_by("code"))
        actor = f"command:{self.command_name()}"
        for region in regions:
            if options["dry_run"]:
                self._dry_run(region)
            else:
                self._run(region, actor)

    def _dry_run(self, region: Region) -> None:
        candidates = retention_candidates(region)
        for c in candidates:
            self.stdout.write(
                _("%(region)s 利用者 #%(id)s 最後の関わり %(day)s%(note)s")
                % {
                    "region": region.code,
                    "id": c.person.pk,
                    "day": c.last_contact.isoformat(),
                    "note": _("（保留）") if c.postponed else "",
                }
            )
        due = sum(1 for c in candidates if not c.postponed)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(region)s: 保存期間（%(years)d年）を過ぎた %(n)d 人、保留 %(p)d 人"
                    "（--dry-run のため何も変更していません）"
                )
                % {
                    "region": region.code,
                    "years": settings.RETENTION_YEARS,
                    "n": due,
                    "p": len(candidates) - due,
                }
            )
        )

    def _run(self, region: Region, actor: str) -> None:
        results, postponed = retention_run(actor=actor, region=region)
        for result in results:
            self.stdout.write(_("利用者 #%(id)s を匿名化しました") % {"id": result.person_id})
        for c in postponed:
            self.stdout.write(_("利用者 #%(id)s は保留しました") % {"id": c.person.pk})
        self.stdout.write(
            self.style.SUCCESS(
                _("%(region)s: %(n)d 人を匿名化、保留 %(p)d 人")
                % {"region": region.code, "n": len(results), "p": len(postponed)}
            )
        )
