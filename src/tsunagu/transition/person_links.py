"""What ``transition`` registers in the person-link registry (tsunagu.people.links)."""

from tsunagu.people.links import Handling, register_linked_record, register_person_link
from tsunagu.transition.models import (
    EmergencyResponse,
    InstitutionStay,
    SettlementContact,
    SettlementSupport,
    TransitionStep,
)


def register() -> None:
    register_person_link(
        InstitutionStay,
        handling=Handling(
            keep=frozenset({"kind", "admission_type"}), contact_dates=("since", "left_on")
        ),
    )
    register_person_link(
        SettlementSupport, handling=Handling(contact_dates=("starts_on", "ends_on"))
    )
    register_linked_record(TransitionStep, via="stay__person")
    register_linked_record(SettlementContact, via="support__person")
    register_linked_record(EmergencyResponse, via="support__person")
