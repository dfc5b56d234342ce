"""Reads for the privacy pages, scoped by region (another region's person or request: 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from tsunagu.core.access import scope_personal, scope_region
from tsunagu.people.models import Person
from tsunagu.privacy.models import (
    Anonymization,
    DataRequest,
)


def person_for_request(*, user: Any, pk: int) -> Person:
    """A person of the user's region (PERSONAL_ALL reaches them all); 404 otherwise. Not
    audited as a view: what is done with it (request, export, anonymization) is."""
    try:
        return scope_personal(Person.objects.select_related("region", "merged_into"), user).get(
            pk=pk
        )
    except Person.DoesNotExist:
        raise Http404 from None


def data_request_list(*, user: Any) -> QuerySet[DataRequest]:
    return scope_region(DataRequest.objects.all(), user).select_related("person", "handled_by")


def data_request_get(*, user: Any, pk: int) -> DataRequest:
    try:
        request = data_request_list(user=user).select_related("region").get(pk=pk)
    except DataRequest.DoesNotExist:
        raise Http404 from None
    # The person too must be within the user's reach.
    person_for_request(user=user, pk=request.person_id)
    return request


OPEN_GUARDIANSHIP = ("considering", "preparing", "filed")  # GuardianshipStatus values


def open_case_person_ids(person_ids: Any) -> tuple[set[int], set[int]]:
    """Of ``person_ids`` (ids or a queryset of ids): those with an abuse report not closed,
    and those with a guardianship procedure under way. Two queries."""
    from tsunagu.safeguarding.models import AbuseReport, AbuseStatus, GuardianshipCase

    abuse = set(
        AbuseReport.objects.filter(person_id__in=person_ids)
        .exclude(status=AbuseStatus.CLOSED)
        .values_list("person_id", flat=True)
    )
    guardianship = set(
        GuardianshipCase.objects.filter(
            person_id__in=person_ids, status__in=OPEN_GUARDIANSHIP
        ).values_list("person_id", flat=True)
    )
    return abuse, guardianship


def is_anonymized(person: Person) -> bool:
    return Anonymization.objects.filter(person=person).exists()
