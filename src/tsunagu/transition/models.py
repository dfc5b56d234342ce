"""地域移行支援 and 地域定着支援. Personal data.

- InstitutionStay (入院・入所): where a person is (a hospital or a facility), since when and
  under which form (医療保護入院 etc.); ``left_on`` is the 退院・退所 date once recorded.
- TransitionStep: a step of 地域移行支援 with its date (面接, 体験外出, 体験宿泊, 住まい探し,
  退院・退所).
- SettlementSupport (地域定着支援): the person living in the community with a 24-hour contact
  registry (SettlementContact) and each 緊急時の対応 (EmergencyResponse).

Reach these through tsunagu.transition.selectors; write them through .services."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core.models import Organization, Region, User
from tsunagu.people.models import Person


class StayKind(models.TextChoices):
    HOSPITAL = "hospital", _("入院中（精神科病院など）")
    FACILITY = "facility", _("入所中（障害者支援施設など）")


class AdmissionType(models.TextChoices):
    VOLUNTARY = "voluntary", _("任意入院")
    MEDICAL_PROTECTION = "medical_protection", _("医療保護入院")
    INVOLUNTARY = "involuntary", _("措置入院")
    EMERGENCY = "emergency", _("応急入院")
    FACILITY = "facility", _("施設入所支援")
    CHILD_FACILITY = "child_facility", _("障害児入所施設")
    CORRECTIONAL = "correctional", _("矯正施設・更生保護施設")
    OTHER = "other", _("その他")


class InstitutionStay(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="institution_stays", verbose_name=_("利用者")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("支援する機関"),
    )
    staff = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当者"),
    )
    kind = models.CharField(_("入院・入所"), max_length=10, choices=StayKind.choices)
    place = models.CharField(_("病院・施設名"), max_length=200)
    since = models.DateField(_("入院・入所日"))
    admission_type = models.CharField(
        _("入院形態など"), max_length=30, choices=AdmissionType.choices
    )
    left_on = models.DateField(_("退院・退所日"), null=True, blank=True)
    notes = models.TextField(_("備考"), blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("入院・入所")
        verbose_name_plural = _("入院・入所")
        ordering = ["-since", "-pk"]

    def __str__(self) -> str:
        return f"{self.since:%Y-%m-%d}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class StepKind(models.TextChoices):
    INTERVIEW = "interview", _("面接")
    OUTING = "outing", _("体験外出")
    STAY = "stay", _("体験宿泊")
    HOUSING = "housing", _("住まい探し")
    LEAVE = "leave", _("退院・退所")


class TransitionStep(models.Model):
    stay = models.ForeignKey(
        InstitutionStay,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("入院・入所"),
    )
    kind = models.CharField(_("支援の内容"), max_length=10, choices=StepKind.choices)
    on = models.DateField(_("実施日"))
    note = models.TextField(_("記録"), blank=True)
    staff = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当者"),
    )

    class Meta:
        verbose_name = _("地域移行支援の記録")
        verbose_name_plural = _("地域移行支援の記録")
        ordering = ["stay", "on", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class SettlementSupport(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="settlement_supports",
        verbose_name=_("利用者"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("支援する機関"),
    )
    staff = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当者"),
    )
    starts_on = models.DateField(_("支援開始日"))
    ends_on = models.DateField(_("支援終了日"), null=True, blank=True)
    notes = models.TextField(_("緊急時に備えて把握していること"), blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("地域定着支援")
        verbose_name_plural = _("地域定着支援")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.starts_on:%Y-%m-%d}"


class SettlementContact(models.Model):
    """One line of the 24-hour contact registry (常時の連絡体制)."""

    support = models.ForeignKey(
        SettlementSupport,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("地域定着支援"),
    )
    name = models.CharField(_("連絡先（人・機関）"), max_length=200)
    relation = models.CharField(_("続柄・役割"), max_length=100, blank=True)
    phone = models.CharField(_("電話番号"), max_length=30)
    hours = models.CharField(_("連絡できる時間"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("連絡する順"), default=1)

    class Meta:
        verbose_name = _("緊急連絡先")
        verbose_name_plural = _("緊急連絡先")
        ordering = ["support", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class ResponseMethod(models.TextChoices):
    PHONE = "phone", _("電話")
    VISIT = "visit", _("訪問")
    ACCOMPANY = "accompany", _("同行・付き添い")
    OTHER = "other", _("その他")


class EmergencyResponse(models.Model):
    """緊急時の対応: one call-out of the 地域定着支援."""

    support = models.ForeignKey(
        SettlementSupport,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("地域定着支援"),
    )
    occurred_at = models.DateTimeField(_("日時"))
    method = models.CharField(_("対応方法"), max_length=10, choices=ResponseMethod.choices)
    content = models.TextField(_("状況と対応"))
    outcome = models.TextField(_("結果・その後"), blank=True)
    staff = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("対応した職員"),
    )

    class Meta:
        verbose_name = _("緊急時の対応")
        verbose_name_plural = _("緊急時の対応")
        ordering = ["support", "-occurred_at", "-pk"]

    def __str__(self) -> str:
        return self.get_method_display()
