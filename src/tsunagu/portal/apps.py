from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top app: what looks at every other app — the dashboard, the navigation
    (``templates/base.html``), the context every page gets (the disaster banner among it) and
    ``tsunagu demo``. No app imports it; it may import any app (tools/layers.py)."""

    name = "tsunagu.portal"
    label = "portal"
    verbose_name = _("ポータル")
