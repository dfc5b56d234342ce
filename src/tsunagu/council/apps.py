from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "tsunagu.council"
    label = "council"
    verbose_name = _("自立支援協議会・地域課題")

    def ready(self) -> None:
        from tsunagu.council import need_links, person_links, worklist

        need_links.register()
        person_links.register()
        worklist.register()
