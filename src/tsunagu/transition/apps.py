from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransitionConfig(AppConfig):
    name = "tsunagu.transition"
    label = "transition"
    verbose_name = _("地域移行・地域定着")

    def ready(self) -> None:
        from tsunagu.reports.sections import register_report_section
        from tsunagu.transition import person_links
        from tsunagu.transition.figures import (
            PERSON_KEYS,
            transition_figures,
            transition_published,
            transition_tables,
        )

        person_links.register()
        # the 地域移行・地域定着 section of the annual report (移行者数, 定着支援 件数)
        register_report_section(
            "transition",
            figures=transition_figures,
            tables=transition_tables,
            published=transition_published,
            person_keys=PERSON_KEYS,
        )
