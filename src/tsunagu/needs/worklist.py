"""What the needs app puts on the dashboard's work list (tsunagu.core.worklist)."""

from django.utils.translation import gettext_lazy as _

from tsunagu.core.roles import Capability
from tsunagu.core.worklist import SECTION_REGION, WorkItem, work_item_register


def _candidates(user, today) -> int:
    from tsunagu.needs.selectors import candidate_groups

    return len(candidate_groups(user.region))


def register() -> None:
    work_item_register(WorkItem(
        key="needs.candidates", section=SECTION_REGION, order=60,
        label=_("地域課題の候補"), capabilities=(Capability.DEIDENTIFIED,),
        count=_candidates, url_name="needs:candidates",
    ))  # fmt: skip
