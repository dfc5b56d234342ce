from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "tsunagu.network"
    label = "network"
    verbose_name = _("ネットワーク・行事・災害時")

    def ready(self) -> None:
        from tsunagu.network import worklist

        worklist.register()
