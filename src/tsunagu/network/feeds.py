"""Atom and iCalendar feeds.

Public: the public events of a region (``/public/<region>/events/events.ics`` and
``feed.atom``). Members: all events and posts of the region, behind a per-user secret in the
URL (``FeedToken``; calendar apps cannot log in) — ``/network/feeds/<token>/events.ics`` and
``posts.atom``. No feed ever carries an online link or a registrant."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from tsunagu.core.access import user_can
from tsunagu.core.models import Region, User
from tsunagu.core.roles import Capability
from tsunagu.network import tokens
from tsunagu.network.models import Event, FeedToken, Post

FEED_DAYS_BACK = 180


def events_ics(events: Iterable[Event], *, name: str, url_of) -> bytes:
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", "-//tsunagu//network events//JA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    host = settings.TSUNAGU_BASE_URL.split("//", 1)[-1].split("/", 1)[0] or "tsunagu"
    for event in events:
        item = CalendarEvent()
        item.add("uid", f"network-event-{event.pk}@{host}")
        item.add("dtstamp", event.created_at)
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
        item.add("summary", event.title)
        if event.place:
            item.add("location", event.place)
        if event.description:
            item.add("description", event.description)
        item.add("categories", [event.get_kind_display()])
        item.add("url", url_of(event))
        calendar.add_component(item)
    return calendar.to_ical()


def _ics_response(content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


def _atom_response(feed: feedgenerator.Atom1Feed) -> HttpResponse:
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


def _recent_events(region: Region):
    since = timezone.now() - timedelta(days=FEED_DAYS_BACK)
    return Event.objects.filter(region=region, ends_at__gte=since).order_by("starts_at", "pk")


# --- public ---------------------------------------------------------------------------------


def _public_events(region_code: str) -> tuple[Region, list[Event]]:
    region = get_object_or_404(Region, code=region_code)
    return region, list(_recent_events(region).filter(is_public=True)[:500])


def _public_url(event: Event) -> str:
    return settings.TSUNAGU_BASE_URL + reverse(
        "network_public:event_detail", args=[event.region.code, event.pk]
    )


@require_safe
def public_events_ics(request: HttpRequest, region_code: str) -> HttpResponse:
    region, events = _public_events(region_code)
    for event in events:
        event.region = region
    name = _("%(region)s の行事") % {"region": region.name}
    return _ics_response(events_ics(events, name=name, url_of=_public_url))


@require_safe
def public_events_atom(request: HttpRequest, region_code: str) -> HttpResponse:
    region, events = _public_events(region_code)
    link = settings.TSUNAGU_BASE_URL + reverse("network_public:event_list", args=[region.code])
    feed = feedgenerator.Atom1Feed(
        title=_("%(region)s の行事") % {"region": region.name},
        link=link,
        description="",
        language="ja",
        feed_url=link + "feed.atom",
    )
    for event in events:
        event.region = region
        feed.add_item(
            title=event.title,
            link=_public_url(event),
            description=event.description,
            pubdate=event.created_at,
            unique_id=_public_url(event),
            categories=[event.get_kind_display()],
        )
    return _atom_response(feed)


# --- members ---------------------------------------------------------------------------------


def _token_user(token: str) -> User:
    if not token or len(token) > 100:
        raise Http404
    row = (
        FeedToken.objects.filter(token_hash=tokens.feed_token_hash(token))
        .select_related("user__region")
        .first()
    )
    if row is None or not user_can(row.user, Capability.NETWORK):
        raise Http404
    return row.user


def _member_url(name: str, pk: int) -> str:
    return settings.TSUNAGU_BASE_URL + reverse(name, args=[pk])


@require_safe
def member_events_ics(request: HttpRequest, token: str) -> HttpResponse:
    user = _token_user(token)
    events = list(_recent_events(user.region)[:1000])
    name = _("%(region)s ネットワークの行事") % {"region": user.region.name}
    return _ics_response(
        events_ics(events, name=name, url_of=lambda e: _member_url("network:event_detail", e.pk))
    )


@require_safe
def member_posts_atom(request: HttpRequest, token: str) -> HttpResponse:
    user = _token_user(token)
    posts = (
        Post.objects.filter(region=user.region)
        .select_related("organization", "author")
        .order_by("-created_at", "-pk")[:100]
    )
    link = settings.TSUNAGU_BASE_URL + reverse("network:home")
    feed = feedgenerator.Atom1Feed(
        title=_("%(region)s ネットワーク") % {"region": user.region.name},
        link=link,
        description="",
        language="ja",
    )
    for post in posts:
        title = (_("【緊急】%(title)s") % {"title": post.title}) if post.is_urgent else post.title
        feed.add_item(
            title=title,
            link=_member_url("network:post_detail", post.pk),
            description=post.body,
            pubdate=post.created_at,
            updateddate=post.updated_at,
            unique_id=_member_url("network:post_detail", post.pk),
            author_name=post.organization.name
            if post.organization_id
            else post.author.display_name,
        )
    return _atom_response(feed)
