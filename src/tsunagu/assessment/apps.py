from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "tsunagu.assessment"
    label = "assessment"
    verbose_name = _("地域診断")

    def ready(self) -> None:
        from tsunagu.assessment.maps import outlines
        from tsunagu.directory.outlines import register_outline_provider

        register_outline_provider(outlines)
