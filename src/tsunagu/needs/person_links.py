"""What ``needs`` registers in the person-link registry (tsunagu.people.links)."""

from tsunagu.needs.models import Need, NeedDismissal, NeedPairAnswer
from tsunagu.people.links import (
    Handling,
    register_linked_record,
    register_not_personal,
    register_person_link,
)


def register() -> None:
    register_person_link(Need, handling=Handling(contact_dates=("noted_on",)))
    # the secretariat's judgement on one need (not a community issue): follows its need
    register_linked_record(NeedDismissal, via="need__person")
    register_not_personal(
        NeedPairAnswer,
        reason="the secretariat's judgement whether two needs are the same: two need ids and"
        " yes/no, nothing about a person; deleted with either need",
    )
