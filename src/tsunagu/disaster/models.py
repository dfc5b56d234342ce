"""発災時 (disaster mode): a region's activation, the disaster list of persons who consented
(災害時名簿), their safety checks (安否確認) per activation, and the status reports of the
network's organizations.

Registrations and safety checks are personal data: reach them only through
tsunagu.disaster.selectors (scoped, audited). Writes go through tsunagu.disaster.services."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core.models import Organization, Region, User
from tsunagu.people.models import Person


class DisasterActivation(models.Model):
    """災害モード of one region, from ``started_at`` until ``ended_at`` (None while active).
    At most one is active per region."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    title = models.CharField(_("災害名・事象"), max_length=200)
    note = models.TextField(_("備考"), blank=True)
    started_at = models.DateTimeField(_("開始日時"))
    started_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("開始した人"),
    )
    ended_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    ended_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("終了した人"),
    )

    class Meta:
        verbose_name = _("災害モード")
        verbose_name_plural = _("災害モード")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region"], condition=models.Q(ended_at__isnull=True),
                name="disaster_one_active_per_region",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class DisasterListRegistration(models.Model):
    """A person on the disaster list (災害時名簿), with their consent and the factors of the
    safety-check priority (tsunagu.disaster.priority). The 障害支援区分 and the 市町村 come
    from the person."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="disaster_registration",
        verbose_name=_("利用者"),
    )
    consent_on = models.DateField(_("同意日"))
    consent_recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("同意を記録した人"),
    )
    living_alone = models.BooleanField(_("ひとり暮らし"), default=False)
    medical_care = models.BooleanField(_("医療的ケアが必要"), default=False)
    power_dependent = models.BooleanField(
        _("電源を要する医療機器を使用"), default=False,
        help_text=_("人工呼吸器、在宅酸素、吸引器、電動ベッドなど。"),
    )
    family_nearby = models.BooleanField(_("近くに家族がいる"), default=False)
    notes = models.TextField(_("配慮事項・連絡の注意"), blank=True)
    priority = models.PositiveSmallIntegerField(_("優先度（点）"), default=0, editable=False)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("災害時名簿への登録")
        verbose_name_plural = _("災害時名簿への登録")
        ordering = ["-priority", "pk"]

    def __str__(self) -> str:
        return f"registration {self.pk}"


class SafetyStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("未確認")
    SAFE = "safe", _("無事")
    NEEDS_SUPPORT = "needs_support", _("要支援")
    UNREACHABLE = "unreachable", _("連絡不可")


# A contact is made when the person (or someone with them) was reached.
CONTACT_STATUSES = (SafetyStatus.SAFE, SafetyStatus.NEEDS_SUPPORT)


class SafetyCheck(models.Model):
    """安否確認 of one person in one activation. ``version`` grows with every change: an
    update made from an older version is refused (two workers never silently overwrite each
    other). The priority is copied from the registration when the check is created."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    activation = models.ForeignKey(
        DisasterActivation, on_delete=models.PROTECT, related_name="checks",
        verbose_name=_("災害モード"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("利用者")
    )
    priority = models.PositiveSmallIntegerField(_("優先度（点）"), default=0)
    reasons = models.CharField(_("優先の理由"), max_length=200, blank=True)
    assigned_to = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("担当職員"),
    )
    status = models.CharField(
        _("状況"), max_length=20, choices=SafetyStatus.choices, default=SafetyStatus.UNCONFIRMED
    )
    note = models.TextField(_("メモ"), blank=True)
    checked_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    checked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("確認した人"),
    )
    first_contact_at = models.DateTimeField(_("最初に連絡が取れた日時"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("安否確認")
        verbose_name_plural = _("安否確認")
        ordering = ["-priority", "person__municipality__code", "person__family_name_kana", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "activation", "person"], name="safetycheck_unique"
            ),
        ]
        indexes = [models.Index(fields=["activation", "status"], name="safetycheck_status")]

    def __str__(self) -> str:
        return f"check {self.pk}"

    def reason_codes(self) -> list[str]:
        return [code for code in self.reasons.split(",") if code]


class SafetyCheckChange(models.Model):
    """One change of a safety check: the history kept beside it."""

    safety_check = models.ForeignKey(
        SafetyCheck, on_delete=models.CASCADE, related_name="changes", verbose_name=_("安否確認")
    )
    at = models.DateTimeField(_("日時"))
    by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("記録した人"),
    )
    status = models.CharField(_("状況"), max_length=20, choices=SafetyStatus.choices)
    note = models.TextField(_("メモ"), blank=True)
    assigned_to = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("担当職員"),
    )

    class Meta:
        verbose_name = _("安否確認の履歴")
        verbose_name_plural = _("安否確認の履歴")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.safety_check_id} {self.status}"


class Damage(models.TextChoices):
    NONE = "none", _("被害なし")
    MINOR = "minor", _("軽微な被害")
    SEVERE = "severe", _("大きな被害")
    UNKNOWN = "unknown", _("確認中")


class OpenStatus(models.TextChoices):
    OPEN = "open", _("通常どおり開所")
    PARTIAL = "partial", _("一部開所")
    CLOSED = "closed", _("閉所")


class Acceptance(models.TextChoices):
    YES = "yes", _("受け入れ可")
    LIMITED = "limited", _("条件付きで可")
    NO = "no", _("受け入れ不可")


class ReachBy(models.TextChoices):
    PHONE = "phone", _("電話")
    FAX = "fax", _("FAX")
    MAIL = "mail", _("メール")
    CHAT = "chat", _("チャット（LINE WORKS等）")
    VISIT = "visit", _("訪問・来所")


class ReportChannel(models.TextChoices):
    WEB = "web", _("本システム")
    PHONE = "phone", _("電話")
    FAX = "fax", _("FAX")


class OrganizationStatusReport(models.Model):
    """The latest status of one organization in one activation (被害, 開所状況, 受け入れ可否,
    必要物資, 連絡手段). Filed by the organization itself, or entered by staff from a phone
    call or a FAX. A new report of the same organization replaces the previous one."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    activation = models.ForeignKey(
        DisasterActivation, on_delete=models.PROTECT, related_name="reports",
        verbose_name=_("災害モード"),
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("機関・団体")
    )
    damage = models.CharField(_("被害"), max_length=20, choices=Damage.choices)
    open_status = models.CharField(_("開所状況"), max_length=20, choices=OpenStatus.choices)
    acceptance = models.CharField(_("受け入れ可否"), max_length=20, choices=Acceptance.choices)
    supplies_needed = models.TextField(_("必要な物資"), blank=True)
    reachable_by = models.CharField(_("連絡がつく手段"), max_length=100, blank=True)
    note = models.TextField(_("その他"), blank=True)
    channel = models.CharField(
        _("受付方法"), max_length=10, choices=ReportChannel.choices, default=ReportChannel.WEB
    )
    entered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("入力した人"),
    )
    reported_at = models.DateTimeField(_("報告日時"))

    class Meta:
        verbose_name = _("機関の状況報告")
        verbose_name_plural = _("機関の状況報告")
        ordering = ["organization__kind", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "activation", "organization"], name="orgstatusreport_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.open_status}"

    def reach_codes(self) -> list[str]:
        return [code for code in self.reachable_by.split(",") if code]

    def reach_labels(self) -> list[str]:
        labels = dict(ReachBy.choices)
        return [str(labels.get(code, code)) for code in self.reach_codes()]
