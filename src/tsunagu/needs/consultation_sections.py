"""What ``needs`` adds to the consultation page (tsunagu.consultations.sections): the needs
recorded from that consultation (issue 21 item 6)."""

from typing import Any

from tsunagu.consultations.sections import register_consultation_section


def _needs(*, user: Any, consultation: Any) -> list:
    # The consultation was fetched through the user's scope; its needs are the same records.
    return list(consultation.needs.select_related("category").order_by("noted_on", "pk"))


def register() -> None:
    register_consultation_section("needs/_consultation_needs.html", _needs)
