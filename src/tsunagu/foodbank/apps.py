from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoodbankConfig(AppConfig):
    name = "tsunagu.foodbank"
    label = "foodbank"
    verbose_name = _("フードバンク・物資支援")

    def ready(self) -> None:
        from tsunagu.foodbank import person_links

        person_links.register()
