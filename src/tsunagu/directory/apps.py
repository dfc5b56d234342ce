from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_taxonomy(sender, using="default", **kwargs) -> None:
    """tsunagu's own taxonomy (fixed UUIDs) exists in every database after migrate — as
    Django's contenttypes do — so /taxonomies and the forms never start empty."""
    from tsunagu.directory.taxonomy import taxonomy_seed

    taxonomy_seed()


class DirectoryConfig(AppConfig):
    name = "tsunagu.directory"
    label = "directory"
    verbose_name = _("社会資源・居場所")

    def ready(self) -> None:
        post_migrate.connect(_seed_taxonomy, sender=self, dispatch_uid="directory-taxonomy-seed")
