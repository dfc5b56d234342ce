"""Registering a person whose possible duplicates the registrant may not see, and center
staff's review of such pairs (DuplicateReview). Each write audits itself.

The registrant is told nothing about records outside their scope, not even a count: provider
staff would learn that a neighbour is a client of the center. The pair goes to the review
list of center staff instead, who merge the records (people:merge) or close the item."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from tsunagu.core.audit import acting_user, audit_record
from tsunagu.core.models import AuditAction
from tsunagu.people.models import DuplicateReview, DuplicateReviewOutcome, Person
from tsunagu.people.services import person_create


@transaction.atomic
def person_register(*, actor: Any, unseen_duplicates: list[Person], **fields: Any) -> Person:
    """person_create(**fields), and a review item for each possible duplicate the registrant
    may not see; in one transaction."""
    person = person_create(actor=actor, **fields)
    duplicate_review_open(actor=actor, person=person, others=unseen_duplicates)
    return person


@transaction.atomic
def duplicate_review_open(
    *, actor: Any, person: Person, others: list[Person]
) -> list[DuplicateReview]:
    """Put each pair (``person``, one of ``others``) on center staff's review list, and audit
    the attempt: who registered whom while a record outside their scope matched."""
    user = acting_user(actor)
    reviews = []
    for existing in others:
        if existing.pk == person.pk or existing.region_id != person.region_id:
            continue
        review, created = DuplicateReview.objects.get_or_create(
            region=person.region,
            person=person,
            existing=existing,
            defaults={
                "registered_by": user,
                "organization": getattr(user, "organization", None),
            },
        )
        if created:
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                target=review,
                summary=(
                    f"possible duplicate outside the registrant's scope: "
                    f"person={person.pk} existing={existing.pk}"
                ),
            )
        reviews.append(review)
    return reviews


@transaction.atomic
def duplicate_review_close(
    *,
    actor: Any,
    review: DuplicateReview,
    outcome: DuplicateReviewOutcome = DuplicateReviewOutcome.DISTINCT,
) -> DuplicateReview:
    """Close a review item: center staff found the two records are different people (or
    settled the pair otherwise)."""
    review = DuplicateReview.objects.select_for_update().get(pk=review.pk)
    if review.closed_at is None:
        review.closed_at = timezone.now()
        review.closed_by = acting_user(actor)
        review.outcome = outcome
        review.save(update_fields=["closed_at", "closed_by", "outcome"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=review,
            summary=f"closed outcome={outcome} person={review.person_id} "
            f"existing={review.existing_id}",
        )
    return review
