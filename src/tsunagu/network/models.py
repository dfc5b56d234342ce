"""The agency network (ホッとdeネットワーク) and its events (研修会・交流会・ちいき食堂 …).

- ``Invitation``: an administrator invites an organization's staff member by e-mail; the
  account created from it stays inactive until an administrator approves it.
- ``Post`` (お知らせ・行事), ``Comment``, ``PostAttachment``: the members' feed, visible to the
  region's users with Capability.NETWORK only.
- ``Event`` and ``Registration``: events with venue and/or online seats, public registration
  (no account), waitlist, cancellation, attendance; ``Feedback`` after the event.
- ``FeedToken``: a per-user secret for calendar apps that cannot log in; ``DigestRun``: one
  daily digest per region and day.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core.models import Municipality, Organization, Region, User


class Invitation(models.Model):
    """An invitation to join the network as a staff account of ``organization``.

    The link carries a signed token (``tsunagu.network.tokens``) naming this row; it works
    until ``expires_at`` and only while the invitation is neither used nor revoked."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="network_invitations"
    )
    email = models.EmailField(_("メールアドレス"))
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有効期限"))
    accepted_at = models.DateTimeField(_("登録日時"), null=True, blank=True)
    user = models.OneToOneField(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="network_invitation"
    )
    approved_at = models.DateTimeField(_("承認日時"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("取消日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("招待")
        verbose_name_plural = _("招待")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation {self.pk}"


class PostKind(models.TextChoices):
    NOTICE = "notice", _("お知らせ")
    EVENT = "event", _("行事")


class Post(models.Model):
    """A notice or an event announcement in the members' feed."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("種類"), max_length=10, choices=PostKind.choices)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="network_posts")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("件名"), max_length=200)
    body = models.TextField(_("本文"), blank=True)
    link = models.URLField(_("リンク"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("市町村")
    )
    is_urgent = models.BooleanField(_("緊急"), default=False)
    urgent_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("投稿日時"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("投稿")
        verbose_name_plural = _("投稿")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "-created_at"], name="network_post_feed")]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("コメント"))
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("コメント")
        verbose_name_plural = _("コメント")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"comment {self.pk}"


def attachment_path(instance: PostAttachment, filename: str) -> str:
    # ``filename`` is a random name chosen by the service, never the uploaded one
    return f"network/{instance.post.region_id}/{instance.post_id}/{filename}"


class PostAttachment(models.Model):
    """An image (PNG/JPEG) or PDF of a post, checked by content; served only through an
    access-checked view."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("ファイル"), upload_to=attachment_path)
    original_name = models.CharField(_("ファイル名"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(_("サイズ"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("添付ファイル")
        verbose_name_plural = _("添付ファイル")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class EventKind(models.TextChoices):
    TRAINING = "training", _("研修会")
    EXCHANGE = "exchange", _("交流会")
    CAFETERIA = "cafeteria", _("子ども食堂")
    PANTRY = "pantry", _("フードパントリー")
    WELFARE_EDUCATION = "welfare_education", _("福祉教育")
    CASE_CONFERENCE = "case_conference", _("合同事例検討会")
    OTHER = "other", _("その他")


class VenueType(models.TextChoices):
    COMMUNITY_EVENT = "community_event", _("地域行事")
    SCHOOL = "school", _("高校・大学")
    FESTA = "festa", _("フェスタ")
    CORPORATE = "corporate", _("法人主催")
    OTHER = "other", _("その他")


class AttendanceMode(models.TextChoices):
    VENUE = "venue", _("会場")
    ONLINE = "online", _("オンライン")


class Event(models.Model):
    """An event of the network (研修会, 交流会, 子ども食堂, フードパントリー, 福祉教育, その他).

    Seats: ``has_venue``/``has_online`` say which modes are offered; ``venue_capacity`` and
    ``online_capacity`` are seats per mode (blank: no limit). ``online_url`` is sent only in
    mails to people registered online, and never shown on a public page.

    Participants (参加者数) — the one rule every figure uses (``participant_total``):
    when the event has registrations (any Registration row, cancelled ones included, i.e.
    people registered through the form), the participants are the people marked attended
    (sum of their ``party_size``); otherwise, for events held without per-person
    registration (a 子ども食堂 at a festival), the headcount ``participants`` entered by the
    organizer (blank counts as 0).

    ``fiscal_year`` (年度) is computed from ``starts_at`` in Tokyo by the services
    (``tsunagu.core.dates.fiscal_year``)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    post = models.OneToOneField(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="event"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="network_events",
        verbose_name=_("主催"),
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    title = models.CharField(_("行事名"), max_length=200)
    kind = models.CharField(_("種類"), max_length=20, choices=EventKind.choices)
    venue_type = models.CharField(
        _("開催形態"), max_length=20, choices=VenueType.choices, default=VenueType.OTHER
    )
    description = models.TextField(_("内容"), blank=True)
    starts_at = models.DateTimeField(_("開始"))
    ends_at = models.DateTimeField(_("終了"))
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    place = models.CharField(_("会場"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("市町村"),
    )
    has_venue = models.BooleanField(_("会場で参加できる"), default=True)
    venue_capacity = models.PositiveIntegerField(_("会場の定員"), null=True, blank=True)
    has_online = models.BooleanField(_("オンラインで参加できる"), default=False)
    online_capacity = models.PositiveIntegerField(_("オンラインの定員"), null=True, blank=True)
    online_url = models.URLField(_("オンライン参加のURL"), blank=True)
    is_public = models.BooleanField(_("公開ページに載せる"), default=False)
    accepts_registrations = models.BooleanField(_("申込みを受け付ける"), default=False)
    participants = models.PositiveIntegerField(
        _("参加者数（申込みなしの行事）"), null=True, blank=True
    )
    source_note = models.CharField(_("出典"), max_length=300, blank=True)
    # 研修会 and 合同事例検討会 (issue 19): who speaks, for whom, at what cost
    lecturer = models.CharField(_("講師"), max_length=300, blank=True)
    audience = models.CharField(_("対象"), max_length=300, blank=True)
    fee = models.CharField(_("参加費"), max_length=100, blank=True,
                           help_text=_("例：無料、500円（資料代）"))
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("行事")
        verbose_name_plural = _("行事")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["region", "fiscal_year"], name="network_event_region_fy"),
            models.Index(fields=["region", "starts_at"], name="network_event_region_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def capacity(self, mode: str) -> int | None:
        return self.venue_capacity if mode == AttendanceMode.VENUE else self.online_capacity

    def offers(self, mode: str) -> bool:
        return self.has_venue if mode == AttendanceMode.VENUE else self.has_online


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("参加確定")
    WAITLISTED = "waitlisted", _("キャンセル待ち")
    CANCELLED = "cancelled", _("取消")


class Registration(models.Model):
    """A resident's registration (no account). Personal data: shown only to the organizing
    organization's staff and to center staff/administrators, every view audited."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    mode = models.CharField(_("参加方法"), max_length=10, choices=AttendanceMode.choices)
    name = models.CharField(_("お名前"), max_length=100)
    # Either is enough: many residents give a phone number rather than an e-mail address.
    email = models.EmailField(_("メールアドレス"), blank=True)
    phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    party_size = models.PositiveSmallIntegerField(_("人数"), default=1)
    consented_at = models.DateTimeField(_("同意日時"))
    status = models.CharField(
        _("状態"), max_length=12, choices=RegistrationStatus.choices, db_index=True
    )
    created_at = models.DateTimeField(_("申込日時"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("繰り上げ日時"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消日時"), null=True, blank=True)
    attended = models.BooleanField(_("出席"), default=False)
    checked_in_at = models.DateTimeField(_("受付日時"), null=True, blank=True)
    feedback_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("参加申込み")
        verbose_name_plural = _("参加申込み")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["event", "mode", "status"], name="network_reg_seats")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="") | ~models.Q(phone=""),
                name="network_registration_email_or_phone",
            ),
        ]

    def __str__(self) -> str:
        return f"registration {self.pk}"


class Feedback(models.Model):
    """After the event: ratings 1–5 and free text, from the tokenized form mailed to a
    registrant (``registration``) or entered by the organizer from paper cards (none)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    registration = models.OneToOneField(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    satisfaction = models.PositiveSmallIntegerField(_("満足度"))
    usefulness = models.PositiveSmallIntegerField(_("役に立ったか"))
    comment = models.TextField(_("感想"), blank=True)
    created_at = models.DateTimeField(_("回答日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("ふりかえり")
        verbose_name_plural = _("ふりかえり")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__gte=1, satisfaction__lte=5)
                & models.Q(usefulness__gte=1, usefulness__lte=5),
                name="network_feedback_rating_1_5",
            )
        ]

    def __str__(self) -> str:
        return f"feedback {self.pk}"


class FeedToken(models.Model):
    """A user's secret for the members' Atom and iCalendar feeds (calendar apps cannot log
    in). Only its SHA-256 is stored; creating a new one revokes the old."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="network_feed_token")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("フィードの鍵")
        verbose_name_plural = _("フィードの鍵")

    def __str__(self) -> str:
        return f"feed token of {self.user_id}"


class DigestRun(models.Model):
    """One daily digest per region and day (the digest command is idempotent by it)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    mails = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "day"], name="network_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"digest {self.region_id} {self.day}"
