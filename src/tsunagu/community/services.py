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
    CaseConference,
    CaseConferenceAttendance,
    CaseMeeting,
    CaseMeetingAction,
    CaseMeetingAttendee,
    CommunityActivity,
    Observation,
    ProviderSupport,
)
from tsunagu.community.selectors import person_consents_to_case_conference, person_shared_with
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


# (organization, how many attended from it)
AttendanceRow = tuple[Organization, int]


def _conference_check(
    *, region: Region, event: Any, person: Any, case_summary: str, attendance: list
) -> None:
    from tsunagu.community.textcheck import personal_data_findings
    from tsunagu.network.models import EventKind

    _check_region(region, event=event, person=person, attendance=[o for o, _n in attendance])
    if event.kind != EventKind.CASE_CONFERENCE:
        raise ValidationError({"event": _("合同事例検討会の行事ではありません。")})
    day = dates_local(event.starts_at)
    if not person_consents_to_case_conference(person=person, day=day):
        raise ValidationError(
            {
                "person": _(
                    "本人の「協議会での匿名事例検討」の同意が開催日に有効でないため、"
                    "この事例は検討会に出せません。"
                )
            }
        )
    if not case_summary.strip():
        raise ValidationError({"case_summary": _("事例の概要を入力してください。")})
    findings = personal_data_findings(case_summary)
    if findings:
        raise ValidationError(
            {
                "case_summary": _(
                    "個人を特定できる情報（%(kinds)s）が書かれているようです。"
                    "匿名化してから保存してください。"
                )
                % {"kinds": "、".join(findings)}
            }
        )
    seen: set[int] = set()
    for organization, count in attendance:
        if organization.pk in seen:
            raise ValidationError({"attendance": _("同じ機関が二度あります。")})
        seen.add(organization.pk)
        if not isinstance(count, int) or count < 1:
            raise ValidationError({"attendance": _("出席人数は1人以上で入力してください。")})


def dates_local(moment: Any) -> date:
    from django.utils import timezone

    return timezone.localtime(moment).date()


def _conference_attendance_set(conference: CaseConference, attendance: list) -> None:
    conference.attendance.all().delete()
    CaseConferenceAttendance.objects.bulk_create(
        CaseConferenceAttendance(conference=conference, organization=o, count=n)
        for o, n in attendance
    )


@transaction.atomic
def case_conference_record(
    *,
    actor: Any,
    event: Any,
    person: Any,
    case_summary: str,
    discussion: str = "",
    attendance: Iterable[AttendanceRow] = (),
    is_demo: bool = False,
) -> CaseConference:
    """Record the case of a 合同事例検討会 (de-identified) and who attended, by organization.
    Refused without the person's 「協議会での匿名事例検討」 consent valid on the day, or when
    the summary seems to hold personal data."""
    attendance = list(attendance)
    region = event.region
    _conference_check(
        region=region,
        event=event,
        person=person,
        case_summary=case_summary,
        attendance=attendance,
    )
    if CaseConference.objects.filter(event=event).exists():
        raise ValidationError({"event": _("この検討会の事例はもう記録されています。")})
    conference = CaseConference(
        region=region,
        event=event,
        person=person,
        case_summary=case_summary.strip(),
        discussion=discussion.strip(),
        recorded_by=acting_user(actor),
        is_demo=is_demo,
    )
    conference.full_clean(exclude=["region", "event"])
    conference.save()
    _conference_attendance_set(conference, attendance)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=conference,
        region=region,
        summary=f"event={event.pk} person={person.pk} organizations={len(attendance)}",
    )
    return conference


@transaction.atomic
def case_conference_update(
    *,
    actor: Any,
    conference: CaseConference,
    case_summary: str,
    discussion: str = "",
    attendance: Iterable[AttendanceRow] = (),
) -> CaseConference:
    """Change the summary, the result and the attendance (the event and the person stay)."""
    attendance = list(attendance)
    _conference_check(
        region=conference.region,
        event=conference.event,
        person=conference.person,
        case_summary=case_summary,
        attendance=attendance,
    )
    conference.case_summary = case_summary.strip()
    conference.discussion = discussion.strip()
    conference.full_clean(exclude=["region", "event"])
    conference.save()
    _conference_attendance_set(conference, attendance)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=conference,
        region=conference.region,
        summary=f"event={conference.event_id} organizations={len(attendance)}",
    )
    return conference
