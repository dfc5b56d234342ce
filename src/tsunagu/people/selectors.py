"""Reads of personal records, scoped by role and region (tsunagu.core.access)."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from tsunagu.core.access import scope_personal
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction
from tsunagu.core.text import search_key
from tsunagu.people.models import Person


def person_list(*, user: Any, query: str = "") -> QuerySet[Person]:
    persons = scope_personal(Person.objects.all(), user).select_related("municipality")
    key = search_key(query) if query else ""
    if key:
        persons = persons.filter(search_key__contains=key)
    return persons


def person_get(*, user: Any, pk: int) -> Person:
    """One person the user may see; 404 otherwise. Every call is a 閲覧 in the audit log."""
    try:
        person = (
            scope_personal(Person.objects.all(), user)
            .select_related("municipality", "region")
            .get(pk=pk)
        )
    except Person.DoesNotExist:
        raise Http404 from None
    audit_record(actor=user, action=AuditAction.VIEW, target=person)
    return person
