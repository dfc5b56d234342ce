from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisasterConfig(AppConfig):
    name = "tsunagu.disaster"
    label = "disaster"
    verbose_name = _("発災時（災害モード・安否確認）")

    def ready(self) -> None:
        from tsunagu.disaster import person_links

        person_links.register()
