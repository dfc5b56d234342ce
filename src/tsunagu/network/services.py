"""Writes of the members' feed: posts (notices and events), comments, attachments, urgent
mail, the daily digest, feed tokens. Invitations are in ``invitation_services.py``,
registrations in ``registration_services.py``."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core.audit import acting_user, audit_record
from tsunagu.core.dates import TOKYO, fiscal_year, wareki
from tsunagu.core.filetypes import SIGNATURES, kind_of
from tsunagu.core.mail import mail_queue
from tsunagu.core.models import AuditAction, Municipality, Region, User
from tsunagu.network import tokens
from tsunagu.network.models import (
    Comment,
    DigestRun,
    Event,
    FeedToken,
    Post,
    PostAttachment,
    PostKind,
)
from tsunagu.network.selectors import network_recipients

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 5
# content type -> (suffix of the stored file, the bytes a file of that type starts with);
# the content is recognised by core.filetypes
ATTACHMENT_TYPES = {
    "image/png": (".png", SIGNATURES[".png"]),
    "image/jpeg": (".jpg", SIGNATURES[".jpg"]),
    "application/pdf": (".pdf", SIGNATURES[".pdf"]),
}


@dataclass
class EventFields:
    """What a post about an event adds (see ``Event`` for the meaning of each)."""

    kind: str
    starts_at: datetime
    ends_at: datetime
    venue_type: str = "other"
    place: str = ""
    municipality: Municipality | None = None
    has_venue: bool = True
    venue_capacity: int | None = None
    has_online: bool = False
    online_capacity: int | None = None
    online_url: str = ""
    is_public: bool = False
    accepts_registrations: bool = False
    participants: int | None = None
    source_note: str = ""
    lecturer: str = ""
    audience: str = ""
    fee: str = ""


def attachment_type(head: bytes) -> str | None:
    """The content type a file's first bytes prove, among the accepted ones."""
    proven = kind_of(head)
    for content_type, (suffix, _magics) in ATTACHMENT_TYPES.items():
        if suffix == proven:
            return content_type
    return None


def attachment_check(upload: Any) -> str:
    """The content type of an upload, or ValidationError with a message for the user."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("%(name)s は大きすぎます（5MBまで）。") % {"name": upload.name[:80]}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = attachment_type(head)
    if content_type is None:
        raise ValidationError(
            _("%(name)s は添付できません（PNG・JPEGの画像とPDFだけです）。")
            % {"name": upload.name[:80]}
        )
    return content_type


def _attachment_add(post: Post, upload: Any) -> PostAttachment:
    content_type = attachment_check(upload)
    attachment = PostAttachment(
        post=post,
        original_name=(upload.name or "file")[-200:],
        content_type=content_type,
        size=upload.size,
    )
    suffix = ATTACHMENT_TYPES[content_type][0]
    attachment.file.save(f"{secrets.token_hex(16)}{suffix}", upload, save=False)
    attachment.save()
    return attachment


def _event_build(
    *,
    region: Region,
    post: Post | None,
    organization: Any,
    title: str,
    description: str,
    fields: EventFields,
    actor: Any,
) -> Event:
    if fields.ends_at < fields.starts_at:
        raise ValidationError(_("終了は開始より後にしてください。"))
    event = Event(
        region=region,
        post=post,
        organization=organization,
        created_by=acting_user(actor),
        title=title,
        description=description,
        kind=fields.kind,
        venue_type=fields.venue_type,
        starts_at=fields.starts_at,
        ends_at=fields.ends_at,
        fiscal_year=fiscal_year(fields.starts_at),
        place=fields.place,
        municipality=fields.municipality,
        has_venue=fields.has_venue,
        venue_capacity=fields.venue_capacity,
        has_online=fields.has_online,
        online_capacity=fields.online_capacity,
        online_url=fields.online_url,
        is_public=fields.is_public,
        accepts_registrations=fields.accepts_registrations,
        participants=fields.participants,
        source_note=fields.source_note,
        lecturer=fields.lecturer,
        audience=fields.audience,
        fee=fields.fee,
    )
    event.full_clean(exclude=["post", "created_by"])
    event.save()
    return event


def _event_from(post: Post, fields: EventFields, actor: Any) -> Event:
    return _event_build(
        region=post.region,
        post=post,
        organization=post.organization,
        title=post.title,
        description=post.body,
        fields=fields,
        actor=actor,
    )


@transaction.atomic
def event_create(
    *,
    actor: Any,
    region: Region,
    title: str,
    fields: EventFields,
    organization: Any = None,
    description: str = "",
) -> Event:
    """An event without a feed post (recorded afterwards, imported, or from another
    program such as the food bank's cafeteria)."""
    event = _event_build(
        region=region,
        post=None,
        organization=organization,
        title=title,
        description=description,
        fields=fields,
        actor=actor,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=event, summary=f"kind={event.kind}")
    return event


@transaction.atomic
def post_create(
    *,
    actor: User,
    title: str,
    body: str = "",
    link: str = "",
    municipalities: list[Municipality] | tuple = (),
    is_urgent: bool = False,
    uploads: list[Any] | tuple = (),
    event: EventFields | None = None,
) -> Post:
    """A notice, or with ``event`` an event announcement, in the author's region's feed.
    Urgent posts are mailed to every member at once (queued)."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(_("添付は%(n)d件までです。") % {"n": MAX_ATTACHMENTS})
    post = Post.objects.create(
        region=actor.region,
        kind=PostKind.EVENT if event is not None else PostKind.NOTICE,
        author=actor,
        organization=actor.organization,
        title=title.strip(),
        body=body.strip(),
        link=link.strip(),
        is_urgent=is_urgent,
    )
    post.municipalities.set([m for m in municipalities if m.region_id == actor.region_id])
    for upload in uploads:
        _attachment_add(post, upload)
    if event is not None:
        _event_from(post, event, actor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=post,
        summary=f"kind={post.kind} urgent={is_urgent} attachments={len(uploads)}",
    )
    if is_urgent:
        _urgent_mail(post)
    return post


def post_url(post: Post) -> str:
    return settings.TSUNAGU_BASE_URL + reverse("network:post_detail", args=[post.pk])


def _urgent_mail(post: Post) -> None:
    body = "\n\n".join(
        [
            _("ネットワークに緊急の投稿がありました。"),
            post.title,
            post.body,
            _("投稿者: %(org)s") % {"org": _author_label(post)},
            post_url(post),
        ]
    )
    subject = _("【緊急】%(title)s") % {"title": post.title}
    for user in network_recipients(post.region):
        mail_queue(to=[user.email], subject=subject, body=body)
    post.urgent_mailed_at = timezone.now()
    post.save(update_fields=["urgent_mailed_at"])


def _author_label(post: Post) -> str:
    if post.organization_id:
        return post.organization.name
    return post.author.display_name or post.author.get_username()


@transaction.atomic
def post_mark_urgent(*, actor: User, post: Post) -> Post:
    """Mark a post urgent; mails it at once the first time."""
    post.is_urgent = True
    post.save(update_fields=["is_urgent", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=post, summary="urgent")
    if post.urgent_mailed_at is None:
        _urgent_mail(post)
    return post


@transaction.atomic
def comment_add(*, actor: User, post: Post, body: str) -> Comment:
    comment = Comment.objects.create(post=post, author=actor, body=body.strip())
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=comment,
        region=post.region,
        summary=f"post={post.pk}",
    )
    return comment


@transaction.atomic
def event_participants_set(*, actor: Any, event: Event, participants: int | None) -> Event:
    """The headcount of an event held without per-person registration."""
    event.participants = participants
    event.save(update_fields=["participants"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=event, summary=f"participants={participants}"
    )
    return event


@transaction.atomic
def feed_token_create(*, actor: User) -> str:
    """A new secret for the user's feeds; the old one stops working. Returns the token
    (shown once: only its hash is kept)."""
    token, token_hash = tokens.feed_token_new()
    FeedToken.objects.update_or_create(user=actor, defaults={"token_hash": token_hash})
    audit_record(actor=actor, action=AuditAction.SECURITY, target=actor, summary="feed token new")
    return token


@transaction.atomic
def feed_token_revoke(*, actor: User) -> None:
    FeedToken.objects.filter(user=actor).delete()
    audit_record(
        actor=actor, action=AuditAction.SECURITY, target=actor, summary="feed token revoked"
    )


def day_range(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=TOKYO)
    return start, start + timedelta(days=1)


@transaction.atomic
def digest_send(*, actor: Any, region: Region, day: date) -> int | None:
    """Queue one mail per member with the posts of ``day`` (Tokyo). Once per region and
    day: returns None when that day's digest was already queued, else the number of mails
    (0 when nothing was posted)."""
    try:
        with transaction.atomic():
            run = DigestRun.objects.create(region=region, day=day)
    except IntegrityError:
        return None
    start, end = day_range(day)
    posts = list(
        Post.objects.filter(region=region, created_at__gte=start, created_at__lt=end)
        .select_related("organization", "author", "event")
        .order_by("created_at", "pk")
    )
    count = 0
    if posts:
        lines = [
            _("%(day)sのネットワークの投稿（%(n)d件）") % {"day": wareki(day), "n": len(posts)}
        ]
        for post in posts:
            mark = _("【緊急】") if post.is_urgent else ""
            when = ""
            event = getattr(post, "event", None)
            if event is not None:
                when = _("（%(date)s）") % {"date": wareki(event.starts_at)}
            lines.append(f"■ {mark}{post.title}{when} — {_author_label(post)}\n  {post_url(post)}")
        body = "\n\n".join(lines)
        subject = _("ネットワークのまとめ %(day)s") % {"day": wareki(day)}
        for user in network_recipients(region):
            mail_queue(to=[user.email], subject=subject, body=body)
            count += 1
    run.mails = count
    run.save(update_fields=["mails"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=run,
        region=region,
        summary=f"digest {day.isoformat()} posts={len(posts)} mails={count}",
    )
    return count
