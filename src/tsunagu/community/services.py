"""Writes of 地域支援: one function per use case, audited inside (summary: ids and codes only)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.community.models import (
    ActivityPartner,
    CaseMeeting,
    CaseMeetingAction,
    CaseMeetingAttendee,
    CommunityActivity,
    Observation,
    ProviderSupport,
)
from tsunagu.core.audit import acting_user, audit_record
from tsunagu.core.dates import fiscal_year
from tsunagu.core.models import AuditAction, ListItem, ListKind, Organization, Region

# (kind, name) of a partner outside the organization list
Partner = tuple[str, str]
# (organization or None, role text)
Attendee = tuple[Organization | None, str]
# (who, what, due date or None)
ActionItem = tuple[str, str, date | None]


def _check_region(region: Region, **objects: Any) -> None:
    for name, obj in objects.items():
        items = obj if isinstance(obj, (list, tuple, set)) else [obj]
        for item in items:
            if item is not None and getattr(item, "region_id", region.pk) != region.pk:
                raise ValidationError({name: _("別の圏域のものは選べません。")})


def _check_list(item: ListItem | None, kind: str, field: str) -> None:
    if item is not None and item.kind != kind:
        raise ValidationError({field: _("一覧の項目ではありません。")})


def _activity_fill(
    activity: CommunityActivity,
    *,
    region: Region,
    fields: dict[str, Any],
    staff: Sequence[Any],
    municipalities: Sequence[Any],
    functions: Sequence[ListItem],
    partner_organizations: Sequence[Any],
    partners: Iterable[Partner],
) -> None:
    _check_region(
        region,
        staff=list(staff),
        municipalities=list(municipalities),
        functions=list(functions),
        partner_organizations=list(partner_organizations),
        method=fields.get("method"),
        community_issue=fields.get("community_issue"),
        resource=fields.get("resource"),
        event=fields.get("event"),
        hot_station=fields.get("hot_station"),
    )
    _check_list(fields.get("method"), ListKind.COMMUNITY_METHOD, "method")
    for item in functions:
        _check_list(item, ListKind.COMMUNITY_FUNCTION, "functions")
    station = fields.get("hot_station")
    if station is not None and not station.is_hot_station:
        raise ValidationError({"hot_station": _("ホッとステーションではありません。")})
    if not staff:
        raise ValidationError({"staff": _("担当職員を選んでください。")})
    if not municipalities:
        raise ValidationError({"municipalities": _("市町村を選んでください。")})
    for key, value in fields.items():
        setattr(activity, key, value)
    activity.region = region
    activity.fiscal_year = fiscal_year(activity.held_on)
    activity.full_clean(exclude=["region"])
    activity.save()
    activity.staff.set(staff)
    activity.municipalities.set(municipalities)
    activity.functions.set(functions)
    activity.partner_organizations.set(partner_organizations)
    activity.partners.all().delete()
    ActivityPartner.objects.bulk_create(
        ActivityPartner(activity=activity, kind=kind, name=name.strip())
        for kind, name in partners
        if name.strip()
    )


@transaction.atomic
def community_activity_record(
    *,
    actor: Any,
    region: Region,
    staff: Sequence[Any],
    municipalities: Sequence[Any],
    functions: Sequence[ListItem] = (),
    partner_organizations: Sequence[Organization] = (),
    partners: Iterable[Partner] = (),
    is_demo: bool = False,
    **fields: Any,
) -> CommunityActivity:
    """Record a 地域支援 activity. ``fields``: held_on, title, minutes, method, participants,
    what_happened, outcome, community_issue, resource, event, hot_station."""
    activity = CommunityActivity(recorded_by=acting_user(actor), is_demo=is_demo)
    _activity_fill(
        activity,
        region=region,
        fields=fields,
        staff=staff,
        municipalities=municipalities,
        functions=functions,
        partner_organizations=partner_organizations,
        partners=partners,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=activity,
        region=region,
        summary=f"method={activity.method.code} fy={activity.fiscal_year}",
    )
    return activity


@transaction.atomic
def community_activity_update(
    *,
    actor: Any,
    activity: CommunityActivity,
    staff: Sequence[Any],
    municipalities: Sequence[Any],
    functions: Sequence[ListItem] = (),
    partner_organizations: Sequence[Organization] = (),
    partners: Iterable[Partner] = (),
    **fields: Any,
) -> CommunityActivity:
    _activity_fill(
        activity,
        region=activity.region,
        fields=fields,
        staff=staff,
        municipalities=municipalities,
        functions=functions,
        partner_organizations=partner_organizations,
        partners=partners,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=activity,
        region=activity.region,
        summary=f"method={activity.method.code} fy={activity.fiscal_year}",
    )
    return activity


@transaction.atomic
def provider_support_record(
    *,
    actor: Any,
    region: Region,
    organization: Organization,
    kind: str,
    held_on: date,
    minutes: int,
    staff: Sequence[Any],
    notes: str,
    municipality: Any = None,
    person: Any = None,
    is_demo: bool = False,
) -> ProviderSupport:
    """Record support to a provider (事業所支援). A person is linked only when a valid consent
    to share with that organization covers it."""
    _check_region(
        region,
        organization=organization,
        staff=list(staff),
        municipality=municipality,
        person=person,
    )
    if not staff:
        raise ValidationError({"staff": _("担当職員を選んでください。")})
    if person is not None and not person_shared_with(
        person=person, organization=organization, day=held_on
    ):
        raise ValidationError(
            {
                "person": _(
                    "この事業所への情報提供に本人の有効な同意がないため、利用者を結び付けられません。"
                )
            }
        )
    support = ProviderSupport(
        region=region,
        organization=organization,
        kind=kind,
        held_on=held_on,
        fiscal_year=fiscal_year(held_on),
        minutes=minutes,
        notes=notes,
        municipality=municipality or organization.municipality,
        person=person,
        recorded_by=acting_user(actor),
        is_demo=is_demo,
    )
    support.full_clean(exclude=["region"])
    support.save()
    support.staff.set(staff)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=support,
        region=region,
        summary=f"kind={kind} organization={organization.pk}"
        + (f" person={person.pk}" if person is not None else ""),
    )
    return support


def person_shared_with(*, person: Any, organization: Organization, day: date) -> bool:
    """Whether ``person`` has a valid 関係機関への情報提供 consent naming ``organization``."""
    from tsunagu.people.models import ConsentScope

    consents = person.consents.filter(scope=ConsentScope.INFO_SHARING, organizations=organization)
    return any(c.is_valid_on(day) for c in consents)


@transaction.atomic
def case_meeting_record(
    *,
    actor: Any,
    region: Region,
    person: Any,
    held_on: date,
    decisions: str,
    attendees: Iterable[Attendee] = (),
    actions: Iterable[ActionItem] = (),
    needs: Sequence[Any] = (),
    new_needs: Iterable[tuple[str, ListItem]] = (),
    organization: Organization | None = None,
    is_demo: bool = False,
) -> CaseMeeting:
    """Record a 個別支援会議 about ``person``. ``needs``: needs of this person already recorded
    that were raised there; ``new_needs``: (text, category) recorded now as the person's needs
    (tsunagu.needs.services.need_record), linked to the meeting."""
    from tsunagu.needs.services import need_record

    attendees = [(o, r.strip()) for o, r in attendees if o is not None or r.strip()]
    _check_region(
        region, person=person, organization=organization, attendees=[o for o, _r in attendees]
    )
    for need in needs:
        if need.person_id != person.pk:
            raise ValidationError({"needs": _("この利用者のニーズではありません。")})
    meeting = CaseMeeting(
        region=region,
        person=person,
        held_on=held_on,
        fiscal_year=fiscal_year(held_on),
        decisions=decisions,
        organization=organization,
        recorded_by=acting_user(actor),
        is_demo=is_demo,
    )
    meeting.full_clean(exclude=["region"])
    meeting.save()
    CaseMeetingAttendee.objects.bulk_create(
        CaseMeetingAttendee(meeting=meeting, organization=o, role=r) for o, r in attendees
    )
    CaseMeetingAction.objects.bulk_create(
        CaseMeetingAction(meeting=meeting, who=who.strip(), what=what.strip(), due_on=due)
        for who, what, due in actions
        if who.strip() and what.strip()
    )
    raised = list(needs) + [
        need_record(
            actor=actor,
            region=region,
            text=text,
            category=category,
            person=person,
            municipality=person.municipality,
            noted_on=held_on,
            organization=organization,
        )
        for text, category in new_needs
        if text.strip()
    ]
    meeting.needs.set(raised)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=meeting,
        region=region,
        summary=f"person={person.pk} needs={len(raised)}",
    )
    return meeting


@transaction.atomic
def case_meeting_need_add(*, actor: Any, meeting: CaseMeeting, need: Any) -> None:
    """Link a need raised at ``meeting`` (recorded through the needs app) back to it."""
    if need.person_id != meeting.person_id:
        raise ValidationError({"needs": _("この利用者のニーズではありません。")})
    meeting.needs.add(need)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=meeting,
        region=meeting.region,
        summary=f"need={need.pk} added",
    )


@transaction.atomic
def observation_record(
    *,
    actor: Any,
    region: Region,
    noted_on: date,
    source: str,
    category: ListItem,
    text: str,
    municipality: Any = None,
    organization: Organization | None = None,
    rating: int | None = None,
    activity: CommunityActivity | None = None,
    is_demo: bool = False,
) -> Observation:
    """Record a 地域の声 (no person), analysed as the needs are so that it is grouped with
    persons' needs by the same analysis (tsunagu.needs.beside)."""
    from tsunagu.needs import analysis as needs_analysis
    _check_region(
        region,
        category=category,
        municipality=municipality,
        organization=organization,
        activity=activity,
    )
    _check_list(category, ListKind.NEED_CATEGORY, "category")
    observation = Observation(
        region=region,
        noted_on=noted_on,
        fiscal_year=fiscal_year(noted_on),
        source=source,
        category=category,
        text=text,
        analysis=needs_analysis.analyze(text).to_json(),
        municipality=municipality,
        organization=organization,
        rating=rating,
        activity=activity,
        recorded_by=acting_user(actor),
        is_demo=is_demo,
    )
    observation.full_clean(exclude=["region"])
    observation.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=observation,
        region=region,
        summary=f"source={source} category={category.code}",
    )
    return observation
