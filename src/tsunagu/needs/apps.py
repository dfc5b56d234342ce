from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "tsunagu.needs"
    label = "needs"
    verbose_name = _("個別ニーズ")

    def ready(self) -> None:
        from tsunagu.needs import consultation_sections, person_links, worklist

        person_links.register()
        worklist.register()
        consultation_sections.register()
