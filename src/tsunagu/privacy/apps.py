from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "tsunagu.privacy"
    label = "privacy"
    verbose_name = _("個人情報の開示・削除・保存期間")

    def ready(self) -> None:
        from tsunagu.privacy import person_links

        person_links.register()
