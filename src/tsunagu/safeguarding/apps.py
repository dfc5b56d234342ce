from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafeguardingConfig(AppConfig):
    name = "tsunagu.safeguarding"
    label = "safeguarding"
    verbose_name = _("権利擁護・虐待防止・緊急時対応")

    def ready(self) -> None:
        from django.core import checks as django_checks

        from tsunagu.safeguarding import checks, person_links, worklist

        django_checks.register(checks.check_office_hours)
        person_links.register()
        worklist.register()
