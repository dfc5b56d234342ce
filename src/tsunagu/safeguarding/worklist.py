"""What the safeguarding app puts on the dashboard's work list (tsunagu.core.worklist)."""

from django.utils.translation import gettext_lazy as _

from tsunagu.core.roles import Capability
from tsunagu.core.worklist import SECTION_TODAY, WorkItem, work_item_register
from tsunagu.safeguarding.abuse.selectors import abuse_due_soon_count, abuse_overdue_count


def register() -> None:
    work_item_register(WorkItem(
        key="safeguarding.abuse_overdue", section=SECTION_TODAY, order=1,
        label=_("安全確認の期限を過ぎた虐待通報"), capabilities=(Capability.SAFEGUARDING,),
        count=lambda user, today: abuse_overdue_count(user=user),
        url_name="safeguarding:abuse_list", query="state=overdue", urgent=True,
    ))  # fmt: skip
    work_item_register(WorkItem(
        key="safeguarding.abuse_due_soon", section=SECTION_TODAY, order=2,
        label=_("安全確認の期限が24時間以内の虐待通報"), capabilities=(Capability.SAFEGUARDING,),
        count=lambda user, today: abuse_due_soon_count(user=user),
        url_name="safeguarding:abuse_list", query="state=due", urgent=True,
    ))  # fmt: skip
