"""Writes of community issues and the council: one function per use case, audited inside.

Summaries in the audit log hold ids and labels only, never the text of a need."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.audit import acting_user, audit_record
from tsunagu.core.locking import lock_claim
from tsunagu.core.models import AuditAction, ListItem, ListKind, Municipality, Region
from tsunagu.core.notifications import notification_send
from tsunagu.council.models import (
    ISSUE_FLOW,
    ActionItem,
    AgendaItem,
    Body,
    BodyMember,
    CommunityIssue,
    Decision,
    IssueNeed,
    IssueResource,
    IssueStatus,
    IssueTransition,
    Meeting,
    MinutesReview,
    Proposal,
)
from tsunagu.council.selectors import issue_workers
from tsunagu.needs.models import Need

STEP_OFF = (IssueStatus.ON_HOLD, IssueStatus.RETURNED)


def _check_region(obj: Any, region: Region, field: str) -> None:
    if obj is not None and obj.region_id != region.pk:
        raise ValidationError({field: _("この圏域のものではありません。")})


def _check_category(category: ListItem, region: Region) -> None:
    if category.region_id != region.pk or category.kind != ListKind.NEED_CATEGORY:
        raise ValidationError({"category": _("この圏域の課題分類ではありません。")})


# --- community issues ---------------------------------------------------------------


@transaction.atomic
def issue_raise(
    *,
    actor: Any,
    region: Region,
    title: str,
    category: ListItem,
    description: str = "",
    needs: Sequence[Need] = (),
    working_group: Body | None = None,
    priority: str = "medium",
    reason: str = "",
) -> CommunityIssue:
    """提起: a new community issue, optionally evidenced by ``needs`` (e.g. a candidate group)."""
    _check_category(category, region)
    _check_region(working_group, region, "working_group")
    issue = CommunityIssue(
        region=region,
        title=title,
        description=description,
        category=category,
        working_group=working_group,
        priority=priority,
        created_by=acting_user(actor),
    )
    issue.full_clean()
    issue.save()
    IssueTransition.objects.create(
        issue=issue,
        from_status="",
        to_status=IssueStatus.RAISED,
        reason=reason or _("提起"),
        actor=acting_user(actor),
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=issue)
    if needs:
        issue_link_needs(actor=actor, issue=issue, needs=needs)
    return issue


@transaction.atomic
def issue_update(
    *, actor: Any, issue: CommunityIssue, lock_version: int | None = None, **fields: Any
) -> CommunityIssue:
    """Edit title, description, the four viewpoints, priority, 部会, publication."""
    lock_claim(issue, lock_version)  # EditConflict if saved since the form opened
    allowed = {
        "title",
        "description",
        "category",
        "priority",
        "working_group",
        "is_published",
        "viewpoint_diversity",
        "viewpoint_sociality",
        "viewpoint_commonality",
        "viewpoint_foresight",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"issue_update does not change {sorted(unknown)}")
    if "category" in fields:
        _check_category(fields["category"], issue.region)
    _check_region(fields.get("working_group"), issue.region, "working_group")
    for name, value in fields.items():
        setattr(issue, name, value)
    issue.full_clean()
    issue.save()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=issue, summary=",".join(sorted(fields))
    )
    return issue


@transaction.atomic
def issue_link_needs(*, actor: Any, issue: CommunityIssue, needs: Iterable[Need]) -> int:
    """Add needs to an issue's evidence. Needs of another region are refused."""
    needs = list(needs)
    for need in needs:
        if need.region_id != issue.region_id:
            raise ValidationError(_("別の圏域のニーズは根拠にできません。"))
    linked = set(IssueNeed.objects.filter(issue=issue).values_list("need_id", flat=True))
    new = [IssueNeed(issue=issue, need=n, linked_by=acting_user(actor)) for n in needs if n.pk not in linked]
    IssueNeed.objects.bulk_create(new)
    if new:
        audit_record(
            actor=actor, action=AuditAction.UPDATE, target=issue, summary=f"needs+{len(new)}"
        )
    return len(new)


def issue_next_statuses(issue: CommunityIssue) -> list[str]:
    """Where an issue may go from where it is.

    On the main line: the next step, 保留, and (after 提起) 差し戻し. From 保留 or 差し戻し:
    back onto any step of the main line up to the furthest one it had reached."""
    if issue.status == IssueStatus.CLOSED:
        return []
    if issue.status in STEP_OFF:
        reached = set(issue.transitions.values_list("to_status", flat=True))
        furthest = max((ISSUE_FLOW.index(s) for s in reached if s in ISSUE_FLOW), default=0)
        return list(ISSUE_FLOW[: furthest + 1])
    index = ISSUE_FLOW.index(issue.status)
    options = [ISSUE_FLOW[index + 1], IssueStatus.ON_HOLD]
    if index > 0:
        options.append(IssueStatus.RETURNED)
    return options


@transaction.atomic
def issue_advance(
    *,
    actor: Any,
    issue: CommunityIssue,
    to_status: str,
    reason: str,
    meeting: Meeting | None = None,
) -> IssueTransition:
    """Move an issue to ``to_status``, recording who, when, why and at which meeting."""
    issue = CommunityIssue.objects.select_for_update().get(pk=issue.pk)
    if to_status not in issue_next_statuses(issue):
        raise ValidationError(
            {
                "to_status": _("「%(from)s」から「%(to)s」へは進められません。")
                % {
                    "from": IssueStatus(issue.status).label,
                    "to": IssueStatus(to_status).label
                    if to_status in IssueStatus.values
                    else to_status,
                }
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": _("理由・経過を書いてください。")})
    _check_region(meeting, issue.region, "meeting")
    _check_held(meeting, _("まだ開かれていない会議（%(at)s）の決定として課題を進めることはできません。"))
    transition = IssueTransition.objects.create(
        issue=issue,
        from_status=issue.status,
        to_status=to_status,
        reason=reason.strip(),
        meeting=meeting,
        actor=acting_user(actor),
    )
    issue.status = to_status
    issue.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=issue,
        summary=f"status:{transition.from_status}->{to_status}",
    )
    return transition


@transaction.atomic
def resource_register(
    *,
    actor: Any,
    issue: CommunityIssue,
    kind: str,
    name: str,
    description: str = "",
    organization_name: str = "",
    municipalities: Sequence[Municipality] = (),
    starts_on: date | None = None,
) -> IssueResource:
    """Register a new or improved resource against ``issue`` and close the loop: tell the
    workers of every person whose need fed the issue (the worker who recorded the need and
    the person's assigned staff). The message names the issue and resource only."""
    for municipality in municipalities:
        _check_region(municipality, issue.region, "municipalities")
    resource = IssueResource(
        issue=issue,
        kind=kind,
        name=name,
        description=description,
        organization_name=organization_name,
        starts_on=starts_on,
        registered_by=acting_user(actor),
    )
    resource.full_clean()
    resource.save()
    resource.municipalities.set(municipalities)
    audit_record(actor=actor, action=AuditAction.CREATE, target=resource, region=issue.region)
    workers = issue_workers(issue)
    notification_send(
        users=workers,
        subject=_("地域課題「%(issue)s」に社会資源ができました") % {"issue": issue.title},
        body=_(
            "あなたが記録した、または担当する方のニーズが根拠になった地域課題「%(issue)s」に対して、"
            "社会資源「%(resource)s」（%(kind)s）が登録されました。ご本人に役立つか確かめ、"
            "ニーズが満たされたら記録してください。"
        )
        % {"issue": issue.title, "resource": name, "kind": resource.get_kind_display()},
        url=reverse("needs:list") + f"?issue={issue.pk}",
    )
    return resource


# --- council bodies and meetings ------------------------------------------------------


@transaction.atomic
def body_save(*, actor: Any, region: Region, body: Body | None = None, **fields: Any) -> Body:
    body = body or Body(region=region)
    for name, value in fields.items():
        setattr(body, name, value)
    body.full_clean()
    created = body.pk is None
    body.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE if created else AuditAction.UPDATE, target=body
    )
    return body


@transaction.atomic
def member_add(*, actor: Any, body: Body, name: str, **fields: Any) -> BodyMember:
    member = BodyMember(body=body, name=name, **fields)
    _check_region(member.organization, body.region, "organization")
    if member.user is not None and member.user.region_id != body.region_id:
        raise ValidationError({"user": _("この圏域のアカウントではありません。")})
    member.full_clean()
    member.save()
    audit_record(actor=actor, action=AuditAction.CREATE, target=member, region=body.region)
    return member


@transaction.atomic
def meeting_schedule(
    *,
    actor: Any,
    body: Body,
    title: str,
    starts_at: datetime,
    venue: str = "",
    online_url: str = "",
    issues: Sequence[CommunityIssue] = (),
) -> Meeting:
    """A meeting of ``body``, its agenda built from ``issues`` in the order given."""
    meeting = Meeting(
        region=body.region,
        body=body,
        title=title,
        starts_at=starts_at,
        venue=venue,
        online_url=online_url,
        created_by=acting_user(actor),
    )
    meeting.full_clean()
    meeting.save()
    for order, issue in enumerate(issues, start=1):
        agenda_add(actor=actor, meeting=meeting, issue=issue, order=order, audit=False)
    audit_record(actor=actor, action=AuditAction.CREATE, target=meeting)
    return meeting


@transaction.atomic
def agenda_add(
    *,
    actor: Any,
    meeting: Meeting,
    issue: CommunityIssue | None = None,
    title: str = "",
    note: str = "",
    order: int | None = None,
    audit: bool = True,
) -> AgendaItem:
    _check_region(issue, meeting.region, "issue")
    if order is None:
        order = meeting.agenda.count() + 1
    item = AgendaItem(
        meeting=meeting,
        issue=issue,
        title=title or (issue.title if issue else ""),
        note=note,
        order=order,
    )
    item.full_clean()
    item.save()
    if audit:
        audit_record(actor=actor, action=AuditAction.UPDATE, target=meeting, summary="agenda+1")
    return item


@transaction.atomic
def minutes_save(
    *,
    actor: Any,
    meeting: Meeting,
    minutes: str,
    attendees: Sequence[BodyMember] | None = None,
    other_attendees: str | None = None,
) -> Meeting:
    """Write the draft minutes. Published minutes are final."""
    if meeting.minutes_status == Meeting.MinutesStatus.PUBLISHED:
        raise ValidationError(_("確定した議事録は変更できません。"))
    meeting.minutes = minutes
    if other_attendees is not None:
        meeting.other_attendees = other_attendees
    meeting.save(update_fields=["minutes", "other_attendees"])
    if attendees is not None:
        if any(m.body.region_id != meeting.region_id for m in attendees):
            raise ValidationError(_("この圏域の委員ではありません。"))
        meeting.attendees.set(attendees)
    audit_record(actor=actor, action=AuditAction.UPDATE, target=meeting, summary="minutes")
    return meeting


def _check_held(meeting: Meeting | None, message: str) -> None:
    """What a meeting decided or recorded exists only once it has begun (issue 21: minutes
    were published and an issue advanced at a meeting dated in the future)."""
    if meeting is not None and meeting.starts_at > timezone.now():
        when = meeting.starts_at.astimezone(dates.TOKYO)
        raise ValidationError(message % {"at": f"{dates.wareki(when.date())} {when:%H:%M}"})


@transaction.atomic
def minutes_request_review(*, actor: Any, meeting: Meeting) -> Meeting:
    """Send the draft to the attendees for review (下書き → 出席者確認中)."""
    _check_held(meeting, _("会議（%(at)s）の前に議事録を確認に回すことはできません。"))
    if meeting.minutes_status != Meeting.MinutesStatus.DRAFT:
        raise ValidationError(_("下書きの議事録だけを確認に回せます。"))
    if not meeting.minutes.strip():
        raise ValidationError(_("議事録が空です。"))
    meeting.minutes_status = Meeting.MinutesStatus.REVIEW
    meeting.save(update_fields=["minutes_status"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=meeting, summary="minutes:review")
    reviewers = [m.user for m in meeting.attendees.select_related("user") if m.user_id]
    notification_send(
        users=reviewers,
        subject=_("議事録の確認のお願い: %(title)s") % {"title": meeting.title},
        body=_("出席された会議の議事録案ができました。内容を確認してください。"),
        url=reverse("council:meeting", args=[meeting.pk]),
    )
    return meeting


@transaction.atomic
def minutes_review(*, actor: Any, meeting: Meeting, comment: str = "") -> MinutesReview:
    """An attendee confirms the draft (with an optional comment)."""
    if meeting.minutes_status != Meeting.MinutesStatus.REVIEW:
        raise ValidationError(_("確認中の議事録ではありません。"))
    member = meeting.attendees.filter(user=actor).first()
    if member is None:
        raise ValidationError(_("この会議の出席者として登録されていません。"))
    review, _created = MinutesReview.objects.update_or_create(
        meeting=meeting, member=member, defaults={"comment": comment}
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, target=meeting, summary="minutes:reviewed")
    return review


@transaction.atomic
def minutes_publish(*, actor: Any, meeting: Meeting) -> Meeting:
    """確定・公開. From review (or straight from draft when no attendee has an account)."""
    _check_held(meeting, _("会議（%(at)s）の前に議事録を確定することはできません。"))
    if meeting.minutes_status == Meeting.MinutesStatus.PUBLISHED:
        raise ValidationError(_("すでに確定しています。"))
    if not meeting.minutes.strip():
        raise ValidationError(_("議事録が空です。"))
    if (
        meeting.minutes_status == Meeting.MinutesStatus.DRAFT
        and meeting.attendees.filter(user__isnull=False).exists()
    ):
        raise ValidationError(_("アカウントのある出席者がいるため、先に確認に回してください。"))
    meeting.minutes_status = Meeting.MinutesStatus.PUBLISHED
    meeting.minutes_published_at = timezone.now()
    meeting.save(update_fields=["minutes_status", "minutes_published_at"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=meeting, summary="minutes:published"
    )
    return meeting


@transaction.atomic
def decision_add(
    *, actor: Any, meeting: Meeting, text: str, issue: CommunityIssue | None = None
) -> Decision:
    _check_region(issue, meeting.region, "issue")
    decision = Decision(meeting=meeting, issue=issue, text=text)
    decision.full_clean()
    decision.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=meeting, summary="decision+1")
    return decision


@transaction.atomic
def action_item_add(
    *,
    actor: Any,
    meeting: Meeting,
    description: str,
    owner: str,
    due_on: date | None = None,
    issue: CommunityIssue | None = None,
) -> ActionItem:
    _check_region(issue, meeting.region, "issue")
    item = ActionItem(
        meeting=meeting, issue=issue, description=description, owner=owner, due_on=due_on
    )
    item.full_clean()
    item.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=meeting, summary="action+1")
    return item


@transaction.atomic
def action_item_done(*, actor: Any, item: ActionItem) -> ActionItem:
    item.done_at = item.done_at or timezone.now()
    item.save(update_fields=["done_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=item.meeting,
        summary=f"action:{item.pk}:done",
    )
    return item


@transaction.atomic
def proposal_create(
    *,
    actor: Any,
    region: Region,
    title: str,
    issues: Sequence[CommunityIssue],
    proposed_on: date,
    addressee: str = "",
    preface: str = "",
    is_published: bool = False,
) -> Proposal:
    """提言書 from selected issues. The document itself is built on download
    (tsunagu.council.documents) so it always shows the issues' current evidence."""
    if not issues:
        raise ValidationError({"issues": _("地域課題を1つ以上選んでください。")})
    for issue in issues:
        _check_region(issue, region, "issues")
    proposal = Proposal(
        region=region,
        title=title,
        addressee=addressee,
        preface=preface,
        proposed_on=proposed_on,
        is_published=is_published,
        created_by=acting_user(actor),
    )
    proposal.full_clean()
    proposal.save()
    proposal.issues.set(issues)
    audit_record(actor=actor, action=AuditAction.CREATE, target=proposal)
    return proposal
