from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "tsunagu.plans"
    label = "plans"
    verbose_name = _("個別支援計画・モニタリング")

    def ready(self) -> None:
        from tsunagu.plans import person_links, worklist

        person_links.register()
        worklist.register()
