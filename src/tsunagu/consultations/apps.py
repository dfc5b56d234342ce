from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "tsunagu.consultations"
    label = "consultations"
    verbose_name = _("相談記録")

    def ready(self) -> None:
        from tsunagu.consultations import person_links, worklist

        person_links.register()
        worklist.register()
