"""What ``foodbank`` registers in the person-link registry (tsunagu.people.links)."""

from django.utils.translation import gettext_lazy as _

from tsunagu.foodbank.models import (
    Appliance,
    ApplianceRequest,
    Distribution,
    Household,
    StockMovement,
)
from tsunagu.people.links import (
    Handling,
    register_linked_record,
    register_not_personal,
    register_person_link,
)


def register() -> None:
    # A household linked to the person (相談につなぐ): the link moves with the person.
    register_person_link(Household, label=_("フードバンクの世帯"))
    register_linked_record(Distribution, via="household__person")
    # The kind of appliance asked for is a category the yearly figures count.
    register_linked_record(
        ApplianceRequest, via="household__person", handling=Handling(keep=frozenset({"kind"}))
    )
    register_not_personal(
        Appliance,
        reason="the appliance handed over (the item), pointing at the household's request",
    )
    register_not_personal(
        StockMovement, reason="stock leaving for a delivery: quantities and lots only"
    )
