"""What the network app puts on the dashboard's work list (tsunagu.core.worklist)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core.access import scope_region
from tsunagu.core.roles import Capability
from tsunagu.core.worklist import SECTION_FOLLOW, SECTION_REGION, WorkItem, work_item_register
from tsunagu.network import selectors
from tsunagu.network.models import Post

URGENT_DAYS = 14
EVENT_DAYS = 30


def _urgent(user, today) -> int:
    since = timezone.now() - timedelta(days=URGENT_DAYS)
    return scope_region(Post.objects.filter(is_urgent=True, created_at__gte=since), user).count()


def _events(user, today) -> int:
    until = timezone.now() + timedelta(days=EVENT_DAYS)
    return selectors.event_list(user=user).filter(starts_at__lte=until).count()


def register() -> None:
    work_item_register(WorkItem(
        key="network.urgent_posts", section=SECTION_FOLLOW, order=51,
        label=_("緊急のお知らせ（14日以内）"),
        capabilities=(Capability.NETWORK,), count=_urgent, url_name="network:home",
        query="urgent=1", urgent=True,
    ))  # fmt: skip
    work_item_register(WorkItem(
        key="network.events", section=SECTION_REGION, order=70,
        label=_("30日以内の行事"),
        capabilities=(Capability.NETWORK,), count=_events, url_name="network:event_list",
    ))  # fmt: skip
