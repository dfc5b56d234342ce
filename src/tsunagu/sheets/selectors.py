"""What the sheets may name: the organizations a person's consent covers today."""

from __future__ import annotations

from typing import Any

from tsunagu.core import dates
from tsunagu.core.models import Organization
from tsunagu.people.models import Consent, ConsentScope, Person


def consented_organizations(*, person: Person) -> list[Organization]:
    """Organizations named by a consent to 関係機関への情報提供 that is valid today (given,
    not expired, not withdrawn: Consent.is_valid_on), by name."""
    today = dates.today_local()
    found: dict[int, Organization] = {}
    consents = Consent.objects.filter(
        person=person, scope=ConsentScope.INFO_SHARING
    ).prefetch_related("organizations")
    for consent in consents:
        if consent.is_valid_on(today):
            for organization in consent.organizations.all():
                if organization.region_id == person.region_id:
                    found[organization.pk] = organization
    return sorted(found.values(), key=lambda o: o.name)


def person_sheet_links(*, user: Any, person: Person) -> dict | None:
    """The person page's section: links only, no query."""
    if person.merged_into_id is not None:
        return None
    return {"person": person}
