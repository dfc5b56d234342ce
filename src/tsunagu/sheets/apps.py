from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheetsConfig(AppConfig):
    """帳票: the A4 sheets that still go by FAX (フェイスシート, 情報提供書, 相談受付票). Sits
    above people and consultations; reaches the person page through its section registry."""

    name = "tsunagu.sheets"
    label = "sheets"
    verbose_name = _("帳票（FAX用）")

    def ready(self) -> None:
        from tsunagu.people.links import register_person_section
        from tsunagu.sheets.selectors import person_sheet_links

        register_person_section("sheets/person_section.html", person_sheet_links)
