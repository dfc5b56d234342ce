"""What ``disaster`` registers in the person-link registry (tsunagu.people.links)."""

from tsunagu.disaster.models import DisasterListRegistration, SafetyCheck, SafetyCheckChange
from tsunagu.people.links import Handling, register_linked_record, register_person_link


def register() -> None:
    # One registration per person: the duplicate's moves only if the kept person has none.
    register_person_link(DisasterListRegistration)
    # One check per person and activation: a check of an activation the kept person has a
    # check in already stays on the merged record (with its history).
    register_person_link(
        SafetyCheck,
        unique_with=("region_id", "activation_id"),
        # 安否確認: the priority reasons are codes (counted after a disaster).
        handling=Handling(
            keep=frozenset({"reasons"}), contact_dates=("checked_at", "first_contact_at")
        ),
    )
    register_linked_record(SafetyCheckChange, via="safety_check__person")
