"""What ``council`` registers in the person-link registry (tsunagu.people.links)."""

from tsunagu.council.models import IssueNeed
from tsunagu.people.links import register_not_personal


def register() -> None:
    register_not_personal(
        IssueNeed, reason="a link between a community issue and a need; the need is anonymized"
    )
