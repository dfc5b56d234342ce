"""Requests about a person's data (開示請求・削除請求) and the record that a person was
anonymized. Written only through tsunagu.privacy.services."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core.models import Region, User
from tsunagu.people.models import Person


class RequestKind(models.TextChoices):
    DISCLOSURE = "disclosure", _("開示")
    DELETION = "deletion", _("削除")


class Requester(models.TextChoices):
    """Who asked: the person, or someone entitled to ask for them."""

    SELF = "self", _("本人")
    LEGAL_REPRESENTATIVE = "legal", _("法定代理人（成年後見人・親権者など）")
    DELEGATE = "delegate", _("本人から委任された代理人")
    OTHER = "other", _("その他")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("受付")
    COMPLETED = "completed", _("対応済み")
    POSTPONED = "postponed", _("保留（法令上の記録の保存）")


class DataRequest(models.Model):
    """One 開示請求 or 削除請求: who asked, for whom, why, who handled it and when."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="data_requests", verbose_name=_("本人")
    )
    kind = models.CharField(_("請求の種類"), max_length=20, choices=RequestKind.choices)
    requested_on = models.DateField(_("請求日"))
    requester = models.CharField(_("請求者"), max_length=20, choices=Requester.choices)
    reason = models.TextField(
        _("請求の内容・理由"),
        help_text=_("本人確認の方法も記録します（例：窓口で運転免許証を確認）。"),
    )
    include_safeguarding = models.BooleanField(
        _("虐待通報の記録を含める"),
        default=False,
        help_text=_("通報者を特定できる情報は含めません（障害者虐待防止法第8条）。"),
    )
    status = models.CharField(
        _("状況"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    handled_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("対応者"),
    )
    created_at = models.DateTimeField(_("受付日時"), auto_now_add=True)
    completed_at = models.DateTimeField(_("完了日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("開示・削除の請求")
        verbose_name_plural = _("開示・削除の請求")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "-created_at"], name="datarequest_region_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class AnonymizationBasis(models.TextChoices):
    REQUEST = "request", _("削除請求")
    RETENTION = "retention", _("保存期間の経過")


class Anonymization(models.Model):
    """The fact that a person's record was anonymized (the shell that stays for the counts)."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="anonymization", verbose_name=_("利用者")
    )
    basis = models.CharField(_("理由"), max_length=20, choices=AnonymizationBasis.choices)
    data_request = models.ForeignKey(
        DataRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("請求"),
    )
    at = models.DateTimeField(_("日時"), auto_now_add=True)
    by_username = models.CharField(_("実行者"), max_length=150)

    class Meta:
        verbose_name = _("匿名化の記録")
        verbose_name_plural = _("匿名化の記録")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.basis}"
