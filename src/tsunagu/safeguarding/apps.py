from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafeguardingConfig(AppConfig):
    name = "tsunagu.safeguarding"
    label = "safeguarding"
    verbose_name = _("権利擁護・虐待防止・緊急時対応")

    def ready(self) -> None:
        from tsunagu.safeguarding import person_links, worklist

        person_links.register()
        worklist.register()
