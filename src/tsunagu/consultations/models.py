"""Consultations (相談記録) and referrals (つなぎ). Personal data.

Reach them through tsunagu.consultations.selectors (scoped, audited); write them through
tsunagu.consultations.services."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core import dates
from tsunagu.core.locking import lock_version_field
from tsunagu.core.models import ListItem, Municipality, Organization, Region, User
from tsunagu.people.models import Person


class Consultation(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("圏域")
    )
    occurred_at = models.DateTimeField(_("日時"))
    # 年度 of occurred_at (Asia/Tokyo), kept so that yearly counts use one indexed column.
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    # No index of their own on method, caller type, kind and 市町村 (issue 25): each is one of a
    # handful of values, never looked up alone, and SQLite's planner chose those indexes to
    # read the whole table in GROUP BY order for the annual report. consult_region_fy_cover
    # (below) carries them.
    method = models.ForeignKey(
        ListItem,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("相談方法"),
        db_index=False,
    )
    caller_type = models.ForeignKey(
        ListItem,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("相談者"),
        db_index=False,
    )
    caller_name = models.CharField(_("相談者の氏名・機関名"), max_length=200, blank=True)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("利用者"),
        help_text=_("匿名・未特定の相談は空欄にします。"),
    )
    topics = models.ManyToManyField(ListItem, related_name="+", verbose_name=_("支援内容"))
    kind = models.ForeignKey(
        ListItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("相談の種類"),
        db_index=False,
    )
    # The 市町村 the consultation is reported to: the person's when it was recorded, kept so
    # that a person who moves does not rewrite past years (issue 18). Anonymous: as recorded.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("市町村"),
        db_index=False,
    )
    duration_minutes = models.PositiveIntegerField(_("対応時間（分）"), null=True, blank=True)
    record = models.TextField(_("記録"), blank=True)
    next_action = models.TextField(_("次の対応"), blank=True)
    staff = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当者"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録した機関"),
    )
    import_key = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="A fingerprint of the imported row (re-import updates).",
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    lock_version = lock_version_field()  # tsunagu.core.locking

    class Meta:
        verbose_name = _("相談記録")
        verbose_name_plural = _("相談記録")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            # The annual report reads a 年度 from this index alone (issue 25): every column it
            # counts by is in it, and occurred_at third so that months and opening hours are
            # counted as ranges of the index; id last so that PostgreSQL answers
            # the topics' IN (SELECT id ...) from the index too.
            models.Index(
                fields=[
                    "region",
                    "fiscal_year",
                    "occurred_at",
                    "person",
                    "method",
                    "caller_type",
                    "kind",
                    "municipality",
                    "organization",
                    "id",
                ],
                name="consult_region_fy_cover",
            ),
            models.Index(fields=["person", "-occurred_at"], name="consult_person_at"),
            models.Index(fields=["region", "-occurred_at"], name="consult_region_at"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "import_key"],
                condition=~models.Q(import_key=""),
                name="consultation_unique_import_key",
            ),
        ]

    def __str__(self) -> str:
        moment = timezone.localtime(self.occurred_at, dates.TOKYO)
        return f"{dates.wareki(moment.date())} {moment:%H:%M} {self.method}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"attachments/{instance.consultation.region_id}/{instance.consultation_id}/{filename}"


class Attachment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("ファイル"), upload_to=attachment_path)
    original_name = models.CharField(_("ファイル名"), max_length=200)
    size = models.PositiveIntegerField(_("サイズ"))
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("添付ファイル")
        verbose_name_plural = _("添付ファイル")

    def __str__(self) -> str:
        return self.original_name


class ReferralStatus(models.TextChoices):
    REQUESTED = "requested", _("依頼中")
    ACCEPTED = "accepted", _("受理")
    COMPLETED = "completed", _("対応完了")
    FAILED = "failed", _("不成立")


OPEN_REFERRAL_STATUSES = (ReferralStatus.REQUESTED, ReferralStatus.ACCEPTED)


class Referral(models.Model):
    """つなぎ: a person referred to an organization or service, followed to the end."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("圏域")
    )
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("相談記録")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("利用者"),
    )
    to_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("つなぎ先"),
    )
    service = models.CharField(_("サービス・内容"), max_length=200, blank=True)
    status = models.CharField(
        _("状況"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.REQUESTED
    )
    due_on = models.DateField(_("確認期限"), null=True, blank=True)
    failure_reason = models.CharField(_("不成立の理由"), max_length=300, blank=True)
    staff = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当者"),
    )
    requested_at = models.DateTimeField(_("依頼日時"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("受理日時"), null=True, blank=True)
    closed_at = models.DateTimeField(_("終了日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("つなぎ")
        verbose_name_plural = _("つなぎ")
        ordering = ["due_on", "-requested_at"]
        indexes = [models.Index(fields=["region", "status", "due_on"], name="referral_open")]

    def __str__(self) -> str:
        return f"{self.to_organization or self.service} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES
