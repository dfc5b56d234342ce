"""Reads of the network: the feed, events, registrants (personal data), figures."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from tsunagu.core.access import scope_region, user_can
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction, Region, User
from tsunagu.core.roles import Capability
from tsunagu.network.models import (
    Event,
    Invitation,
    Post,
    PostAttachment,
    Registration,
    RegistrationStatus,
)


def post_list(*, user: Any, municipality_id: int | None = None) -> QuerySet[Post]:
    posts = scope_region(Post.objects.all(), user)
    if municipality_id:
        posts = posts.filter(municipalities=municipality_id)
    return (
        posts.select_related("author", "organization", "event")
        .prefetch_related("municipalities", "attachments")
        .annotate(comment_count=Count("comments"))
        .order_by("-created_at", "-pk")
    )


def post_get(*, user: Any, pk: int) -> Post:
    post = (
        scope_region(Post.objects.all(), user)
        .select_related("author", "organization", "event")
        .prefetch_related("municipalities", "attachments", "comments__author")
        .filter(pk=pk)
        .first()
    )
    if post is None:
        raise Http404
    return post


def attachment_get(*, user: Any, pk: int) -> PostAttachment:
    attachment = (
        PostAttachment.objects.filter(pk=pk, post__region=user.region_id)
        .select_related("post")
        .first()
        if user.region_id
        else None
    )
    if attachment is None:
        raise Http404
    return attachment


def event_get(*, user: Any, pk: int) -> Event:
    event = (
        scope_region(Event.objects.all(), user)
        .select_related("region", "organization", "post", "municipality")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    return event


def event_list(*, user: Any, upcoming: bool = True) -> QuerySet[Event]:
    events = scope_region(Event.objects.all(), user).select_related("organization")
    now = timezone.now()
    if upcoming:
        return events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    return events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")


def can_mark_urgent(*, user: Any, post: Any) -> bool:
    """Making a post urgent mails every member: its author, or center staff and
    administrators (PERSONAL_ALL) of the region."""
    if not user_can(user, Capability.NETWORK) or user.region_id != post.region_id:
        return False
    return post.author_id == user.pk or user_can(user, Capability.PERSONAL_ALL)


def can_see_registrants(*, user: Any, event: Event) -> bool:
    """Residents' names and contacts: the organizing organization's staff (or the member
    who created the event), and center staff and administrators (PERSONAL_ALL) of the
    region. The same people manage the event (edit, attendance, feedback mails)."""
    if not user_can(user, Capability.NETWORK) or user.region_id != event.region_id:
        return False
    if user_can(user, Capability.PERSONAL_ALL):
        return True
    if event.created_by_id and event.created_by_id == user.pk:
        return True
    return bool(event.organization_id) and user.organization_id == event.organization_id


def registrations_get(*, user: Any, event: Event, purpose: str = "list") -> QuerySet:
    """The registrants of ``event``; 404 for anyone else; every read audited."""
    if not can_see_registrants(user=user, event=event):
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target=event,
        summary=f"registrations {purpose}",
    )
    return event.registrations.order_by("created_at", "pk")


def registration_counts(event: Event) -> dict[str, dict[str, int]]:
    """People per mode and status (no names): {mode: {status: people}}."""
    counts: dict[str, dict[str, int]] = {}
    rows = (
        event.registrations.values("mode", "status").annotate(people=Sum("party_size")).order_by()
    )
    for row in rows:
        counts.setdefault(row["mode"], {})[row["status"]] = row["people"] or 0
    return counts


def public_event_list(region: Region) -> QuerySet[Event]:
    return (
        Event.objects.filter(region=region, is_public=True, ends_at__gte=timezone.now())
        .select_related("organization", "municipality")
        .order_by("starts_at", "pk")
    )


def public_event_get(region: Region, pk: int) -> Event:
    event = (
        Event.objects.filter(region=region, is_public=True, pk=pk)
        .select_related("region", "organization", "municipality")
        .first()
    )
    if event is None:
        raise Http404
    return event


def registration_for_token(pk: int | None, region: Region) -> Registration:
    registration = (
        Registration.objects.filter(pk=pk, event__region=region)
        .select_related("event__region")
        .first()
        if pk
        else None
    )
    if registration is None:
        raise Http404
    return registration


def feedback_summary(event: Event) -> dict[str, Any]:
    from django.db.models import Avg

    feedback = event.feedback.order_by("created_at", "pk")
    averages = feedback.aggregate(
        n=Count("pk"), satisfaction=Avg("satisfaction"), usefulness=Avg("usefulness")
    )
    distribution = {
        name: {value: feedback.filter(**{name: value}).count() for value in range(5, 0, -1)}
        for name in ("satisfaction", "usefulness")
    }
    return {
        "count": averages["n"],
        "satisfaction": averages["satisfaction"],
        "usefulness": averages["usefulness"],
        "distribution": distribution,
        "comments": [f.comment for f in feedback if f.comment],
    }


def attended_people_filter() -> Q:
    return Q(registrations__attended=True, registrations__status=RegistrationStatus.CONFIRMED)


def seats_taken(event: Event, mode: str) -> int:
    return (
        event.registrations.filter(mode=mode, status=RegistrationStatus.CONFIRMED).aggregate(
            n=Sum("party_size")
        )["n"]
        or 0
    )


def seats_free(event: Event, mode: str) -> int | None:
    """Free seats of ``mode``; None when the mode has no limit."""
    capacity = event.capacity(mode)
    if capacity is None:
        return None
    return max(capacity - seats_taken(event, mode), 0)


def registration_open(event: Event) -> bool:
    return event.accepts_registrations and event.starts_at > timezone.now()


def invitation_usable(invitation: Invitation) -> bool:
    return (
        invitation.revoked_at is None
        and invitation.accepted_at is None
        and invitation.expires_at > timezone.now()
    )


def network_recipients(region: Region) -> list[User]:
    """Active users of ``region`` who may read the feed and have an e-mail address."""
    users = User.objects.filter(region=region, is_active=True).exclude(email="")
    return [user for user in users.order_by("pk") if user_can(user, Capability.NETWORK)]
