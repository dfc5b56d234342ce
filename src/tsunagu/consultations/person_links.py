"""What ``consultations`` registers in the person-link registry (tsunagu.people.links):
consultations and referrals (on the person page's 経過 too) and attachments."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from tsunagu.consultations.models import Attachment, Consultation, Referral
from tsunagu.core.access import scope_person_records
from tsunagu.core.models import ListItem
from tsunagu.people.links import (
    Handling,
    TimelineSource,
    register_linked_record,
    register_person_link,
)


def consultation_timeline_rows(*, user: Any, person: Any) -> QuerySet:
    return (
        scope_person_records(Consultation.objects.filter(person=person), user)
        .select_related("method", "caller_type", "staff")
        .prefetch_related(Prefetch("topics", queryset=ListItem.objects.order_by("sort_order")))
        .order_by("-occurred_at", "-pk")
    )


def referral_timeline_rows(*, user: Any, person: Any) -> QuerySet:
    return (
        scope_person_records(
            Referral.objects.filter(person=person), user, organization_field="staff__organization"
        )
        .select_related("to_organization", "staff")
        .order_by("-requested_at", "-pk")
    )


def register() -> None:
    register_person_link(
        Consultation,
        handling=Handling(contact_dates=("occurred_at",)),
        timeline=TimelineSource(
            kind="consultation",
            rows=consultation_timeline_rows,
            at="occurred_at",
            template="consultations/_timeline_consultation.html",
        ),
    )
    register_person_link(
        Referral,
        handling=Handling(contact_dates=("requested_at", "closed_at")),
        timeline=TimelineSource(
            kind="referral",
            rows=referral_timeline_rows,
            at="requested_at",
            template="consultations/_timeline_referral.html",
        ),
    )
    # The file is the personal data; the row only names it.
    register_linked_record(
        Attachment, via="consultation__person", handling=Handling(delete_rows=True)
    )
