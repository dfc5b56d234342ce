from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "tsunagu.plans"
    label = "plans"
    verbose_name = _("計画とモニタリング")

    def ready(self) -> None:
        from tsunagu.plans import person_links, worklist

        person_links.register()
        worklist.register()
