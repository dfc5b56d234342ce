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
        reason="二つのニーズが同じかどうかの事務局の判断（ニーズの番号と可否だけ）。本人について"
        "何も記録せず、ニーズが消えれば一緒に消える。",
    )
