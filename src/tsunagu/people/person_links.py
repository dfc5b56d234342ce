"""What ``people`` registers in the person-link registry (tsunagu.people.links): its own
records about a person, and how each is merged."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from tsunagu.people.links import Handling, PersonLink, move_rows, register_person_link
from tsunagu.people.models import (
    Caregiver,
    Certificate,
    Consent,
    DuplicateReview,
    Person,
    PersonDisability,
)


def _move_disabilities(*, actor: Any, keep: Person, merge: Person, link: PersonLink) -> int:
    """A union: the duplicate's types the kept person lacks move (never a second primary);
    the ones both have are dropped with the duplicate."""
    kept_types = {d.disability_type_id: d for d in keep.disabilities.all()}
    has_primary = any(d.is_primary for d in kept_types.values())
    moved = 0
    for item in merge.disabilities.all():
        if item.disability_type_id not in kept_types:
            item.person = keep
            item.is_primary = item.is_primary and not has_primary
            item.save()
            moved += 1
    merge.disabilities.all().delete()
    return moved


def _dropping_same(key: Any) -> Any:
    """A move that first drops the duplicate's records the kept person has already (the
    same certificate or caregiver entered twice), then moves the rest."""

    def move(*, actor: Any, keep: Person, merge: Person, link: PersonLink) -> int:
        manager = link.model._default_manager
        kept = {key(row) for row in manager.filter(person=keep)}
        for row in manager.filter(person=merge):
            if key(row) in kept:
                row.delete()
        return move_rows(actor=actor, keep=keep, merge=merge, link=link)

    return move


def _move_duplicate_reviews(*, actor: Any, keep: Person, merge: Person, link: PersonLink) -> int:
    """The pair of the two records being merged is settled by the merge itself (the audit log
    keeps both the registration and the merge); the duplicate's other pairs move to ``keep``,
    except one the kept person has already."""
    reviews = DuplicateReview.objects
    reviews.filter(person=merge, existing=keep).delete()
    reviews.filter(person=keep, existing=merge).delete()
    moved = 0
    for review in reviews.filter(person=merge):
        if reviews.filter(region=review.region_id, person=keep, existing=review.existing_id).exists():
            review.delete()
        else:
            moved += reviews.filter(pk=review.pk).update(person=keep)
    for review in reviews.filter(existing=merge):
        if reviews.filter(region=review.region_id, person=review.person_id, existing=keep).exists():
            review.delete()
        else:
            moved += reviews.filter(pk=review.pk).update(existing=keep)
    return moved


def register() -> None:
    # Records merged into a person point at it; a later merge re-points them. The person's
    # own handling: municipality, 障害支援区分 and the school-leaving year stay for the counts;
    # birth date and gender go (no report uses them); names are replaced by a marker.
    register_person_link(
        Person,
        label=_("統合済みの記録"),
        handling=Handling(clear=frozenset({"birth_date", "gender"})),
    )
    register_person_link(PersonDisability, move=_move_disabilities)
    register_person_link(
        Certificate,
        move=_dropping_same(lambda c: (c.kind, c.grade, c.body_parts, c.expires_on)),
        # 手帳: the kind (choices) and grade/parts (codes) are what the council counts.
        handling=Handling(keep=frozenset({"grade", "body_parts"})),
    )
    register_person_link(
        Caregiver,
        move=_dropping_same(lambda c: (c.relation, c.name, c.birth_year)),
        # 親亡き後 foresight counts key caregivers by birth year and relation, never by name.
        handling=Handling(keep=frozenset({"relation"})),
    )
    register_person_link(Consent, handling=Handling(contact_dates=("given_on", "withdrawn_on")))
    # A pair for center staff to review (重複の可能性): ids only, nothing about the person.
    register_person_link(
        DuplicateReview, move=_move_duplicate_reviews, handling=Handling(delete_rows=True)
    )
