"""What the council app puts on the dashboard's work list (tsunagu.core.worklist)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core.roles import Capability
from tsunagu.core.worklist import SECTION_REGION, WorkItem, work_item_register

MEETING_DAYS = 30


def _meetings(user, today) -> int:
    from tsunagu.council.selectors import meeting_list

    now = timezone.now()
    return meeting_list(user=user).filter(
        starts_at__gte=now, starts_at__lte=now + timedelta(days=MEETING_DAYS)
    ).count()


def register() -> None:
    work_item_register(WorkItem(
        key="council.meetings", section=SECTION_REGION, order=61,
        label=_("30日以内の会議"),
        capabilities=(Capability.COUNCIL,), count=_meetings, url_name="council:meeting_list",
    ))  # fmt: skip
