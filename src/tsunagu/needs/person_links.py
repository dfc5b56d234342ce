"""What ``needs`` registers in the person-link registry (tsunagu.people.links)."""

from tsunagu.needs.models import Need
from tsunagu.people.links import Handling, register_person_link


def register() -> None:
    register_person_link(Need, handling=Handling(contact_dates=("noted_on",)))
