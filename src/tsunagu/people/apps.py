from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "tsunagu.people"
    label = "people"
    verbose_name = _("利用者")

    def ready(self) -> None:
        from tsunagu.people import person_links

        person_links.register()

        from tsunagu.core.audit_words import audit_person_names_register
        from tsunagu.people.selectors import person_names_visible

        audit_person_names_register(person_names_visible)
