from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tsunagu.core"
    label = "core"
    verbose_name = _("基盤")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from tsunagu.core import (
            checks,  # noqa: F401  (registers system checks)
            worklist,
        )

        worklist.register()

        post_migrate.connect(_create_cache_table, sender=self)


def _create_cache_table(sender, using: str = "default", verbosity: int = 1, **kwargs) -> None:
    """The shared cache's table (settings.CACHES, database cache by default) is made by
    every `migrate` — by `make run`, `tsunagu upgrade` and each test database — so there is
    no `createcachetable` step to forget. Nothing is done for Redis or memcached."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
