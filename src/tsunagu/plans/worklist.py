"""What the plans app puts on the dashboard's work list (tsunagu.core.worklist)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from tsunagu.core.roles import Capability
from tsunagu.core.worklist import SECTION_TODAY, WorkItem, work_item_register
from tsunagu.plans import selectors

PERSONAL = (Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)
WEEK_DAYS = 7


def _mine_overdue(user, today) -> int:
    return selectors.monitoring_due(user=user).filter(next_monitoring_on__lt=today).count()


def _mine_this_week(user, today) -> int:
    return (
        selectors.monitoring_due(user=user)
        .filter(next_monitoring_on__gte=today,
                next_monitoring_on__lte=today + timedelta(days=WEEK_DAYS))
        .count()
    )  # fmt: skip


def _overseen_overdue(user, today) -> int:
    return selectors.monitoring_overdue(user=user, today=today).count()


def register() -> None:
    work_item_register(WorkItem(
        key="plans.monitoring_overseen_overdue", section=SECTION_TODAY, order=10,
        label=_("期限を過ぎたモニタリング（担当範囲のすべて）"), capabilities=PERSONAL,
        count=_overseen_overdue, url_name="plans:overdue", urgent=True,
    ))  # fmt: skip
    work_item_register(WorkItem(
        key="plans.monitoring_mine_overdue", section=SECTION_TODAY, order=11,
        label=_("わたしのモニタリング：期限切れ"), capabilities=PERSONAL,
        count=_mine_overdue, url_name="plans:due", urgent=True,
    ))  # fmt: skip
    work_item_register(WorkItem(
        key="plans.monitoring_mine_week", section=SECTION_TODAY, order=12,
        label=_("わたしのモニタリング：7日以内が期限"), capabilities=PERSONAL,
        count=_mine_this_week, url_name="plans:due",
    ))  # fmt: skip
