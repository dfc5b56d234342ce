"""What ``privacy`` registers in the person-link registry (tsunagu.people.links)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tsunagu.people.links import Handling, PersonLink, register_person_link
from tsunagu.privacy.models import Anonymization, DataRequest


def _refuse_anonymized(*, actor: Any, keep: Any, merge: Any, link: PersonLink) -> int:
    """An anonymized record is a shell kept for the counts: it is merged with nothing."""
    if Anonymization.objects.filter(person__in=[keep, merge]).exists():
        raise ValidationError(_("匿名化済みの記録は統合できません。"))
    return 0


def register() -> None:
    # A request follows the person it is about (the merged record's requests too).
    register_person_link(DataRequest)
    register_person_link(
        Anonymization,
        move=_refuse_anonymized,
        # The record of the anonymization itself: who ran it stays.
        handling=Handling(keep=frozenset({"by_username"})),
    )
