from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "tsunagu.community"
    label = "community"
    verbose_name = _("地域支援")

    def ready(self) -> None:
        from tsunagu.community import person_links

        person_links.register()
