"""Council meeting pages: the list, scheduling, the meeting (agenda, minutes workflow,
decisions, action items, advancing agenda issues) and the minutes editor.

Who sees what: the council (Capability.DEIDENTIFIED) every meeting of the region; readers
of aggregates only (市町村職員) meetings whose minutes are published, and — so that they can
confirm them — meetings they attended whose minutes are out for review. Changes need
Capability.COUNCIL. Writes go through tsunagu.council.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.core import dates
from tsunagu.core.access import capability_required, scope_region, user_can
from tsunagu.core.params import id_param
from tsunagu.core.roles import Capability
from tsunagu.council import selectors, services
from tsunagu.council.meeting_forms import (
    ActionItemForm,
    AdvanceForm,
    AgendaForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
    ReviewForm,
)
from tsunagu.council.models import (
    ActionItem,
    AgendaItem,
    Body,
    CommunityIssue,
    IssueStatus,
    Meeting,
)

READ = (Capability.DEIDENTIFIED, Capability.AGGREGATES)
PAGE_SIZE = 30
Status = Meeting.MinutesStatus


def sees_all_meetings(user) -> bool:
    return user_can(user, Capability.DEIDENTIFIED)


def open_issues(user) -> QuerySet:
    """Community issues of the user's region that are not closed (agenda candidates)."""
    return (
        scope_region(CommunityIssue.objects.all(), user)
        .exclude(status=IssueStatus.CLOSED)
        .order_by("-created_at", "-pk")
    )


def visible_meetings(user, meetings: QuerySet) -> QuerySet:
    if sees_all_meetings(user):
        return meetings
    reviewing = Q(minutes_status=Status.REVIEW, attendees__user=user)
    return meetings.filter(Q(minutes_status=Status.PUBLISHED) | reviewing).distinct()


def _is_attendee(meeting: Meeting, user) -> bool:
    return any(m.user_id == user.pk for m in meeting.attendees.all())


def meeting_for(request: HttpRequest, pk: int) -> Meeting:
    """The meeting if the user may read it; 404 otherwise (never 403: it may not exist)."""
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    if sees_all_meetings(request.user) or meeting.minutes_status == Status.PUBLISHED:
        return meeting
    if meeting.minutes_status == Status.REVIEW and _is_attendee(meeting, request.user):
        return meeting
    raise Http404


def _managed_meeting(request: HttpRequest, pk: int) -> Meeting:
    return selectors.meeting_get(user=request.user, pk=pk)


# --- list and scheduling ------------------------------------------------------------


@capability_required(*READ)
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = visible_meetings(request.user, selectors.meeting_list(user=request.user)).annotate(
        agenda_count=Count("agenda", distinct=True)
    )
    now = timezone.now()
    upcoming = list(meetings.filter(starts_at__gte=now).order_by("starts_at", "pk")[:100])
    past_meetings = meetings.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    past = Paginator(past_meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "council/meeting_list.html",
        {
            "upcoming": upcoming,
            "page": past,
            "can_manage": user_can(request.user, Capability.COUNCIL),
        },
    )


@capability_required(Capability.COUNCIL)
def meeting_new(request: HttpRequest) -> HttpResponse:
    region = request.user.region
    initial = {}
    body_pk = id_param(request.GET.get("body"))
    if body_pk is not None:
        initial["body"] = Body.objects.filter(region=region, pk=body_pk).first()
    form = MeetingForm(
        request.POST or None, region=region, issues=open_issues(request.user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        issues = list(data["issues"])  # in the order of the list offered
        try:
            meeting = services.meeting_schedule(
                actor=request.user,
                body=data["body"],
                title=data["title"],
                starts_at=form.starts_at(),
                venue=data["venue"],
                online_url=data["online_url"],
                issues=issues,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("会議を登録しました。"))
            return redirect("council:meeting", pk=meeting.pk)
    return render(request, "council/meeting_form.html", {"form": form})


# --- the meeting page ---------------------------------------------------------------


def _agenda_issue_qs(meeting: Meeting) -> QuerySet:
    """The issues on a meeting's agenda: what its decisions and action items may concern."""
    return CommunityIssue.objects.filter(agenda_items__meeting=meeting).distinct()


def _detail_context(request: HttpRequest, meeting: Meeting, **forms) -> dict:
    user = request.user
    can_manage = user_can(user, Capability.COUNCIL)
    agenda = list(
        AgendaItem.objects.filter(meeting=meeting).select_related("issue").order_by("order", "pk")
    )
    attendees = list(meeting.attendees.all())
    reviews = list(meeting.reviews.all())
    reviewed = {r.member_id for r in reviews}
    is_attendee = _is_attendee(meeting, user)
    context = {
        "meeting": meeting,
        "agenda": agenda,
        "attendees": attendees,
        "reviews": reviews,
        "waiting": [m for m in attendees if m.user_id and m.pk not in reviewed],
        "decisions": list(meeting.decisions.all()),
        "action_items": list(meeting.action_items.all()),
        "transitions": list(meeting.transitions.select_related("issue").order_by("at", "pk")),
        "can_manage": can_manage,
        "show_minutes": sees_all_meetings(user)
        or meeting.minutes_status == Status.PUBLISHED
        or (meeting.minutes_status == Status.REVIEW and is_attendee),
        "can_review": meeting.minutes_status == Status.REVIEW and is_attendee,
        "has_reviewed": any(r.member.user_id == user.pk for r in reviews),
        "may_publish_draft": not any(m.user_id for m in attendees),
        "today": dates.today_local(),
    }
    if context["can_review"]:
        context["review_form"] = forms.get("review_form") or ReviewForm()
    if can_manage:
        issues = _agenda_issue_qs(meeting)
        on_agenda = {a.issue_id for a in agenda}
        context["decision_form"] = forms.get("decision_form") or DecisionForm(issues=issues)
        context["action_form"] = forms.get("action_form") or ActionItemForm(issues=issues)
        context["agenda_form"] = forms.get("agenda_form") or AgendaForm(
            issues=open_issues(user).exclude(pk__in=on_agenda)
        )
        advance = forms.get("advance_form")
        advance_forms = []
        seen = set()
        for item in agenda:
            issue = item.issue
            if issue is None or issue.pk in seen:
                continue
            seen.add(issue.pk)
            if advance is not None and advance.issue.pk == issue.pk:
                advance_forms.append(advance)
                continue
            next_statuses = services.issue_next_statuses(issue)
            if next_statuses:
                advance_forms.append(AdvanceForm(issue=issue, next_statuses=next_statuses))
        context["advance_forms"] = advance_forms
    return context


@capability_required(*READ)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    return render(request, "council/meeting_detail.html", _detail_context(request, meeting))


def _invalid(request: HttpRequest, meeting: Meeting, **forms) -> HttpResponse:
    return render(
        request,
        "council/meeting_detail.html",
        _detail_context(request, meeting, **forms),
        status=400,
    )


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@capability_required(Capability.COUNCIL)
@require_POST
def meeting_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = AgendaForm(request.POST, issues=open_issues(request.user))
    if not form.is_valid():
        return _invalid(request, meeting, agenda_form=form)
    try:
        services.agenda_add(
            actor=request.user,
            meeting=meeting,
            issue=form.cleaned_data["issue"],
            title=form.cleaned_data["title"].strip(),
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("議題を追加しました。"))
    return redirect("council:meeting", pk=meeting.pk)


@capability_required(Capability.COUNCIL)
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    if meeting.minutes_status == Status.PUBLISHED:
        messages.error(request, _("確定した議事録は変更できません。"))
        return redirect("council:meeting", pk=meeting.pk)
    members = meeting.body.members.select_related("organization")
    initial = {
        "attendees": list(meeting.attendees.all()),
        "other_attendees": meeting.other_attendees,
        "minutes": meeting.minutes,
    }
    form = MinutesForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.minutes_save(
                actor=request.user,
                meeting=meeting,
                minutes=data["minutes"],
                attendees=list(data["attendees"]),
                other_attendees=data["other_attendees"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("議事録を保存しました。"))
            return redirect("council:meeting", pk=meeting.pk)
    return render(request, "council/meeting_minutes.html", {"meeting": meeting, "form": form})


@capability_required(Capability.COUNCIL)
@require_POST
def meeting_request_review(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    try:
        services.minutes_request_review(actor=request.user, meeting=meeting)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("議事録を出席者の確認に回しました。"))
    return redirect("council:meeting", pk=meeting.pk)


@capability_required(*READ)
@require_POST
def meeting_review(request: HttpRequest, pk: int) -> HttpResponse:
    """An attendee with an account confirms the minutes out for review."""
    meeting = meeting_for(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _invalid(request, meeting, review_form=form)
    try:
        services.minutes_review(
            actor=request.user, meeting=meeting, comment=form.cleaned_data["comment"].strip()
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("議事録を確認しました。"))
    return redirect("council:meeting", pk=meeting.pk)


@capability_required(Capability.COUNCIL)
@require_POST
def meeting_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    if meeting.minutes_status == Status.DRAFT and any(m.user_id for m in meeting.attendees.all()):
        messages.error(request, _("アカウントのある出席者がいます。先に確認に回してください。"))
        return redirect("council:meeting", pk=meeting.pk)
    try:
        services.minutes_publish(actor=request.user, meeting=meeting)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("議事録を確定・公開しました。"))
    return redirect("council:meeting", pk=meeting.pk)


@capability_required(Capability.COUNCIL)
@require_POST
def meeting_decision(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = DecisionForm(request.POST, issues=_agenda_issue_qs(meeting))
    if not form.is_valid():
        return _invalid(request, meeting, decision_form=form)
    try:
        services.decision_add(
            actor=request.user,
            meeting=meeting,
            text=form.cleaned_data["text"].strip(),
            issue=form.cleaned_data["issue"],
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("決定事項を記録しました。"))
    return redirect("council:meeting", pk=meeting.pk)


@capability_required(Capability.COUNCIL)
@require_POST
def meeting_action(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = ActionItemForm(request.POST, issues=_agenda_issue_qs(meeting))
    if not form.is_valid():
        return _invalid(request, meeting, action_form=form)
    data = form.cleaned_data
    try:
        services.action_item_add(
            actor=request.user,
            meeting=meeting,
            description=data["description"].strip(),
            owner=data["owner"].strip(),
            due_on=data["due_on"],
            issue=data["issue"],
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("宿題事項を登録しました。"))
    return redirect("council:meeting", pk=meeting.pk)


@capability_required(Capability.COUNCIL)
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    items = scope_region(
        ActionItem.objects.select_related("meeting"), request.user, field="meeting__region"
    )
    item = get_object_or_404(items, pk=pk)
    services.action_item_done(actor=request.user, item=item)
    messages.success(request, _("宿題事項を完了にしました。"))
    return redirect("council:meeting", pk=item.meeting_id)


@capability_required(Capability.COUNCIL)
@require_POST
def meeting_advance(request: HttpRequest, pk: int, issue_pk: int) -> HttpResponse:
    """Move an agenda issue to its next step at this meeting."""
    meeting = _managed_meeting(request, pk)
    if not AgendaItem.objects.filter(meeting=meeting, issue_id=issue_pk).exists():
        raise Http404
    issue = selectors.issue_get(user=request.user, pk=issue_pk)
    form = AdvanceForm(request.POST, issue=issue, next_statuses=services.issue_next_statuses(issue))
    if not form.is_valid():
        return _invalid(request, meeting, advance_form=form)
    try:
        services.issue_advance(
            actor=request.user,
            issue=issue,
            to_status=form.cleaned_data["to_status"],
            reason=form.cleaned_data["reason"],
            meeting=meeting,
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request,
            _("「%(issue)s」を「%(status)s」へ進めました。")
            % {"issue": issue.title, "status": IssueStatus(form.cleaned_data["to_status"]).label},
        )
    return redirect("council:meeting", pk=meeting.pk)
