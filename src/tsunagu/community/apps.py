from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "tsunagu.community"
    label = "community"
    verbose_name = _("地域支援")

    def ready(self) -> None:
        from tsunagu.community import person_links
        from tsunagu.community.figures import community_figures, community_tables
        from tsunagu.community.selectors import observations_by_category
        from tsunagu.needs.beside import register_beside_counts
        from tsunagu.reports.sections import register_report_section

        person_links.register()
        # 地域の声 beside the persons of a candidate issue (same 課題分類), never as persons
        register_beside_counts("observations", observations_by_category)
        # the 地域支援 section of the annual report
        register_report_section("community", figures=community_figures, tables=community_tables)
