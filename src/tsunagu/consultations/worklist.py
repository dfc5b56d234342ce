"""What the consultations app puts on the dashboard's work list (tsunagu.core.worklist)."""

from django.utils.translation import gettext_lazy as _

from tsunagu.consultations import selectors
from tsunagu.core.roles import Capability
from tsunagu.core.worklist import SECTION_FOLLOW, SECTION_TODAY, WorkItem, work_item_register

PERSONAL = (Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)


def _referrals_overdue(user, today) -> int:
    mine = selectors.referral_open_list(user=user, mine_only=True)
    return selectors.referrals_overdue(mine, today).count()


def _quiet_persons(user, today) -> int:
    return selectors.quiet_persons(user=user, today=today).count()


def register() -> None:
    work_item_register(WorkItem(
        key="consultations.referrals_overdue", section=SECTION_TODAY, order=20,
        label=_("確認期限を過ぎたつなぎ"), capabilities=PERSONAL,
        count=_referrals_overdue, url_name="consultations:referral_list",
        query="state=overdue", urgent=True,
    ))  # fmt: skip
    work_item_register(WorkItem(
        key="consultations.quiet_persons", section=SECTION_FOLLOW, order=40,
        label=_("30日以上連絡のない担当利用者"),  # selectors.QUIET_DAYS
        capabilities=PERSONAL, count=_quiet_persons, url_name="consultations:quiet",
    ))  # fmt: skip
