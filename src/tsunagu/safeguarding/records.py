"""Steps the safeguarding sub-areas' services share: the person and staff a record may name,
and changing and saving a record with its audit entry (rights, emergency)."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tsunagu.core.audit import audit_record
from tsunagu.core.models import Region, User
from tsunagu.people.models import Person


def check_person(person: Person, region: Region) -> None:
    """A record is about a live person of the region (not one merged into another)."""
    if person.region_id != region.pk:
        raise ValidationError({"person": _("この圏域の利用者ではありません。")})
    if person.merged_into_id is not None:
        raise ValidationError(
            {"person": _("統合済みの記録には追加できません。統合先の記録に記録してください。")}
        )


def check_staff(staff: User | None, region: Region) -> None:
    if staff is not None and staff.region_id != region.pk:
        raise ValidationError({"staff": _("この圏域の職員ではありません。")})


def strip_text(name: str, value: Any) -> Any:
    """A text value without surrounding spaces; other values as they are."""
    return value.strip() if isinstance(value, str) else value


def fields_set(
    record: Any,
    fields: dict[str, Any],
    *,
    allowed: frozenset[str],
    service: str,
    clean: Callable[[str, Any], Any] = strip_text,
) -> list[str]:
    """Set ``fields`` on ``record`` (not saved), each value through ``clean(name, value)``;
    TypeError naming ``service`` for a field not in ``allowed``. Returns the names whose
    value changes, sorted (for the audit entry)."""
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{service}: unknown fields {sorted(unknown)}")
    values = {name: clean(name, value) for name, value in fields.items()}
    changed = sorted(name for name, value in values.items() if getattr(record, name) != value)
    for name, value in values.items():
        setattr(record, name, value)
    return changed


def record_save(
    *, actor: Any, record: Any, action: str, summary: str, validate_unique: bool = True
) -> None:
    """Validate and save ``record``, and write its audit entry (ids and codes only)."""
    record.full_clean(validate_unique=validate_unique)
    record.save()
    audit_record(actor=actor, action=action, target=record, summary=summary)
