from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "tsunagu.community"
    label = "community"
    verbose_name = _("地域支援")

    def ready(self) -> None:
        from tsunagu.community import person_links
        from tsunagu.community.figures import (
            community_figures,
            community_figures_many,
            community_published,
            community_tables,
        )
        from tsunagu.community.selectors import observation_beside_rows, observation_fingerprint
        from tsunagu.needs.beside import register_beside
        from tsunagu.reports.sections import register_report_section

        person_links.register()
        # 地域の声 grouped with persons' needs by the same analysis, shown beside the persons
        # of a candidate issue, never counted as persons
        register_beside(
            "observations", rows=observation_beside_rows, fingerprint=observation_fingerprint
        )
        # the 地域支援 section of the annual report
        register_report_section(
            "community",
            figures=community_figures,
            tables=community_tables,
            published=community_published,
            figures_many=community_figures_many,
        )
