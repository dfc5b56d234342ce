"""Writes of needs: one function per use case, audited inside (ids only, never the text)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.audit import acting_user, audit_record
from tsunagu.core.models import AuditAction, ListItem, ListKind, Municipality, Organization, Region
from tsunagu.needs.models import Need
from tsunagu.people.models import Person


def _check(
    region: Region,
    *,
    category: ListItem,
    person: Person | None,
    municipality: Municipality | None,
    consultation: Any,
    support_plan: Any = None,
) -> None:
    if category.region_id != region.pk or category.kind != ListKind.NEED_CATEGORY:
        raise ValidationError({"category": _("この圏域の課題分類ではありません。")})
    if person is not None and person.region_id != region.pk:
        raise ValidationError({"person": _("この圏域の利用者ではありません。")})
    if municipality is not None and municipality.region_id != region.pk:
        raise ValidationError({"municipality": _("この圏域の市町村ではありません。")})
    if consultation is not None:
        if consultation.region_id != region.pk:
            raise ValidationError({"consultation": _("この圏域の相談記録ではありません。")})
        if person is not None and consultation.person_id not in (None, person.pk):
            raise ValidationError({"consultation": _("別の方の相談記録です。")})
    if support_plan is not None and (
        support_plan.region_id != region.pk or (person and support_plan.person_id != person.pk)
    ):
        raise ValidationError({"support_plan": _("この方の個別支援計画ではありません。")})


@transaction.atomic
def need_record(
    *,
    actor: Any,
    region: Region,
    text: str,
    category: ListItem,
    person: Person | None = None,
    consultation: Any = None,
    support_plan: Any = None,
    municipality: Municipality | None = None,
    resource_gap: bool = False,
    noted_on: date | None = None,
    organization: Organization | None = None,
    audit: bool = True,
) -> Need:
    """Record a need, from a consultation or a support plan (or neither). The 市町村 defaults
    to the person's; the date to the consultation's."""
    from tsunagu.needs import analysis  # the tokenizer loads on first use

    if consultation is not None and person is None:
        person = consultation.person
    if support_plan is not None and person is None:
        person = support_plan.person
    _check(
        region,
        category=category,
        person=person,
        municipality=municipality,
        consultation=consultation,
        support_plan=support_plan,
    )
    if municipality is None and person is not None:
        municipality = person.municipality
    if noted_on is None:
        noted_on = (
            timezone.localtime(consultation.occurred_at, dates.TOKYO).date()
            if consultation is not None
            else dates.today_local()
        )
    text = text.strip()
    need = Need(
        region=region,
        person=person,
        consultation=consultation,
        support_plan=support_plan,
        text=text,
        category=category,
        municipality=municipality,
        resource_gap=resource_gap,
        noted_on=noted_on,
        analysis=analysis.analyze(text).to_json(),
        organization=organization
        if organization is not None
        else getattr(actor, "organization", None),
        recorded_by=acting_user(actor),
    )
    need.full_clean()
    need.save()
    if audit:
        audit_record(actor=actor, action=AuditAction.CREATE, target=need)
    return need


@transaction.atomic
def need_update(*, actor: Any, need: Need, **fields: Any) -> Need:
    from tsunagu.needs import analysis  # the tokenizer loads on first use

    allowed = {"text", "category", "municipality", "resource_gap", "noted_on"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"need_update does not change {sorted(unknown)}")
    _check(
        need.region,
        category=fields.get("category", need.category),
        person=need.person,
        municipality=fields.get("municipality", need.municipality),
        consultation=need.consultation,
    )
    for name, value in fields.items():
        setattr(need, name, value)
    if "text" in fields:
        need.text = need.text.strip()
        need.analysis = analysis.analyze(need.text).to_json()
    need.full_clean()
    need.save()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=need, summary=",".join(sorted(fields))
    )
    return need


@transaction.atomic
def need_mark_met(*, actor: Any, need: Need, note: str = "") -> Need:
    """The need is met now (e.g. by a resource developed for the issue it fed)."""
    need.met_at = timezone.now()
    need.met_note = note[:300]
    need.save(update_fields=["met_at", "met_note", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=need, summary="met")
    return need


@transaction.atomic
def need_reopen(*, actor: Any, need: Need) -> Need:
    need.met_at = None
    need.met_note = ""
    need.save(update_fields=["met_at", "met_note", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=need, summary="reopened")
    return need


@transaction.atomic
def need_pair_answer(*, actor: Any, region: Region, first: Need, second: Need, same: bool) -> Any:
    """Record the secretariat's answer: are ``first`` and ``second`` the same need? It holds
    for every later grouping of the region (must-link / cannot-link); a new answer about the
    same pair replaces the old one. Audited with the two ids only."""
    from tsunagu.needs.models import NeedPairAnswer

    if first.pk == second.pk:
        raise ValidationError(_("同じニーズどうしは比べられません。"))
    if first.region_id != region.pk or second.region_id != region.pk:
        raise ValidationError(_("この圏域のニーズではありません。"))
    a, b = sorted((first, second), key=lambda n: n.pk)
    answer, _created = NeedPairAnswer.objects.update_or_create(
        first=a,
        second=b,
        defaults={"region": region, "same": same, "answered_by": acting_user(actor)},
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=answer,
        region=region,
        summary=f"needs {a.pk},{b.pk} same={same}",
    )
    return answer


@transaction.atomic
def need_groups_merge(*, actor: Any, region: Region, first: list[Need], second: list[Need]) -> Any:
    """Two candidate groups are one need: their first needs are linked for good."""
    if not first or not second:
        raise ValidationError(_("まとめるグループが見つかりません。"))
    return need_pair_answer(
        actor=actor, region=region, first=min(first, key=lambda n: n.pk),
        second=min(second, key=lambda n: n.pk), same=True,
    )  # fmt: skip


@transaction.atomic
def need_move_out(*, actor: Any, region: Region, need: Need, group: list[Need]) -> None:
    """``need`` is not the need of ``group`` (split it off / move it): it is kept apart from
    every other need of the group; the next grouping places it elsewhere or alone."""
    for other in group:
        if other.pk != need.pk:
            need_pair_answer(actor=actor, region=region, first=need, second=other, same=False)


@transaction.atomic
def need_dismiss(*, actor: Any, region: Region, needs: list[Need]) -> int:
    """'Not a community issue': the needs are left out of every later grouping."""
    from tsunagu.needs.models import NeedDismissal

    count = 0
    for need in needs:
        if need.region_id != region.pk:
            raise ValidationError(_("この圏域のニーズではありません。"))
        dismissal, created = NeedDismissal.objects.get_or_create(
            need=need, defaults={"region": region, "dismissed_by": acting_user(actor)}
        )
        if created:
            count += 1
            audit_record(
                actor=actor, action=AuditAction.UPDATE, target=dismissal, region=region,
                summary=f"need {need.pk} not a community issue",
            )  # fmt: skip
    return count


@transaction.atomic
def need_group_split(
    *,
    actor: Any,
    region: Region,
    moved: list[Need],
    rest: list[Need],
    into: list[Need] | None = None,
) -> int:
    """The secretariat splits a candidate group: ``moved`` are one need together, not the need
    of ``rest``; with ``into`` (another candidate group) they are that group's need (a move).

    Kept as answers, so every later grouping follows them: a must-link chain through the moved
    needs (and through every need of ``into``: moving there confirms it), and a cannot-link from the moved core to each
    need left in ``rest`` (one per need suffices: must-linked needs are one). Returns the
    number of answers written."""
    moved_ids = {n.pk for n in moved}
    if not moved:
        raise ValidationError(_("分ける・移すニーズを選んでください。"))
    if moved_ids & {n.pk for n in rest}:
        raise ValidationError(_("同じニーズを両方に入れることはできません。"))
    if into is not None and (not into or moved_ids & {n.pk for n in into}):
        raise ValidationError(_("移す先の候補を選んでください。"))
    ordered = sorted(moved, key=lambda n: n.pk)
    if into is not None:
        # moving into a candidate confirms it as one need: otherwise its own needs could
        # fall apart at the next grouping and take the moved ones below k persons
        ordered = [*sorted(into, key=lambda n: n.pk), *ordered]
    written = 0
    for first, second in zip(ordered, ordered[1:], strict=False):
        need_pair_answer(actor=actor, region=region, first=first, second=second, same=True)
        written += 1
    anchor = sorted(moved, key=lambda n: n.pk)[0]
    for other in rest:
        need_pair_answer(actor=actor, region=region, first=anchor, second=other, same=False)
        written += 1
    return written
