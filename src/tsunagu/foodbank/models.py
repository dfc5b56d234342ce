"""Food bank, pantry, ちいき食堂 and 家電バンク (material support).

- ``Donation`` (寄付) brings ``Lot`` rows (one item, one expiry date, one storage place).
- A lot's ``quantity`` on hand only changes through ``StockMovement`` rows written by
  tsunagu.foodbank.services in the same transaction (``select_for_update``); a database check
  keeps it from going negative.
- ``Household`` (世帯): FOODBANK users see its number (受付番号), size, children and
  municipality; name, address, phone and the link to a person need Capability.PERSONAL_ALL.
- ``Distribution``: one 物資支援 delivery, or one check-in at a ``PantryEvent``
  (by household number, or anonymous with a head count).
- ``CafeteriaSession`` (ちいき食堂), ``Appliance`` and ``ApplianceRequest`` (家電バンク).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core.models import Municipality, Region, User
from tsunagu.network.models import VenueType  # one list of venue types for events and sessions


class DonorKind(models.TextChoices):
    PERSON = "person", _("個人")
    COMPANY = "company", _("企業")
    ORGANIZATION = "organization", _("団体")
    ANONYMOUS = "anonymous", _("匿名")


class Category(models.TextChoices):
    STAPLE = "staple", _("主食（米・麺・パン）")
    CANNED = "canned", _("缶詰・レトルト")
    SEASONING = "seasoning", _("調味料・油")
    DRINK = "drink", _("飲料")
    SNACK = "snack", _("菓子")
    FRESH = "fresh", _("生鮮・冷蔵")
    DAILY = "daily", _("日用品")
    OTHER = "other", _("その他")


class Unit(models.TextChoices):
    PIECE = "piece", _("個")
    BAG = "bag", _("袋")
    CAN = "can", _("缶")
    BOTTLE = "bottle", _("本")
    BOX = "box", _("箱")
    PACK = "pack", _("パック")
    KG = "kg", _("kg")


class ExpiryKind(models.TextChoices):
    USE_BY = "use_by", _("消費期限")
    BEST_BEFORE = "best_before", _("賞味期限")
    NONE = "none", _("期限なし")


class Donation(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("受領日"))
    donor_kind = models.CharField(_("寄付者の区分"), max_length=20, choices=DonorKind.choices)
    donor_name = models.CharField(
        _("寄付者名"), max_length=200, blank=True, help_text=_("匿名の場合は空欄にします。")
    )
    note = models.CharField(_("備考"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("寄付")
        verbose_name_plural = _("寄付")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.received_on}"

    @property
    def donor_label(self) -> str:
        if self.donor_kind == DonorKind.ANONYMOUS or not self.donor_name:
            return str(_("匿名"))
        return self.donor_name


class Lot(models.Model):
    """One item of a donation with one expiry date at one storage place."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    donation = models.ForeignKey(
        Donation, on_delete=models.PROTECT, null=True, blank=True, related_name="lots"
    )
    name = models.CharField(_("品名"), max_length=100)
    category = models.CharField(_("分類"), max_length=20, choices=Category.choices)
    unit = models.CharField(_("単位"), max_length=10, choices=Unit.choices)
    quantity_received = models.PositiveIntegerField(_("受領数"))
    quantity = models.IntegerField(_("在庫数"))
    unit_weight_kg = models.DecimalField(
        _("1単位の重さ（kg）"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    expiry_kind = models.CharField(_("期限の種類"), max_length=20, choices=ExpiryKind.choices)
    expiry_date = models.DateField(_("期限"), null=True, blank=True)
    storage_place = models.CharField(_("保管場所"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("在庫ロット")
        verbose_name_plural = _("在庫ロット")
        ordering = ["expiry_date", "pk"]
        indexes = [models.Index(fields=["region", "name", "expiry_date"], name="lot_fefo")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="foodbank_lot_quantity_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.quantity}{self.get_unit_display()})"

    def weight_of(self, quantity: int) -> Decimal:
        if self.unit == Unit.KG:
            return Decimal(quantity)
        return (self.unit_weight_kg or Decimal(0)) * quantity


class Household(models.Model):
    """世帯. FOODBANK users see ``number``, ``size``, ``children`` and ``municipality`` only."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("受付番号"))
    size = models.PositiveSmallIntegerField(_("世帯人数"))
    children = models.PositiveSmallIntegerField(_("うち子ども"), default=0)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("市町村"),
    )
    referred_by = models.CharField(_("紹介元"), max_length=100, blank=True)
    # personal: PERSONAL_ALL only, every view audited
    name = models.CharField(_("代表者氏名"), max_length=100, blank=True)
    phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    consent_consultation = models.BooleanField(_("相談につなぐことに同意"), default=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("世帯")
        verbose_name_plural = _("世帯")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="household_unique_number"),
            models.CheckConstraint(
                condition=models.Q(children__lte=models.F("size")), name="household_children_lte_size"
            ),
        ]

    def __str__(self) -> str:
        return f"No.{self.number}"


class PantryEvent(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("開催日"))
    title = models.CharField(_("名称・会場"), max_length=100)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("市町村"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("フードパントリー")
        verbose_name_plural = _("フードパントリー")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class DistributionKind(models.TextChoices):
    DELIVERY = "delivery", _("物資支援")
    PANTRY = "pantry", _("フードパントリー")


class Distribution(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("種類"), max_length=20, choices=DistributionKind.choices)
    given_on = models.DateField(_("実施日"))
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="distributions"
    )
    pantry_event = models.ForeignKey(
        PantryEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="check_ins"
    )
    head_count = models.PositiveIntegerField(_("人数"))
    repeat_acknowledged = models.BooleanField(_("重複の確認済み"), default=False)
    consultation = models.ForeignKey(
        "consultations.Consultation", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("配布")
        verbose_name_plural = _("配布")
        ordering = ["-given_on", "-pk"]
        indexes = [
            models.Index(fields=["region", "fiscal_year", "kind"], name="distribution_fy"),
            models.Index(fields=["household", "-given_on"], name="distribution_household"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.given_on}"


class CafeteriaSession(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("開催日"))
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    venue_type = models.CharField(_("開催の形"), max_length=20, choices=VenueType.choices)
    venue_name = models.CharField(_("会場"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("市町村"),
    )
    children = models.PositiveIntegerField(_("子ども"), default=0)
    adults = models.PositiveIntegerField(_("大人"), default=0)
    volunteers = models.PositiveIntegerField(_("ボランティア"), default=0)
    event = models.ForeignKey(
        "network.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("ネットワークの行事"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ちいき食堂")
        verbose_name_plural = _("ちいき食堂")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_venue_type_display()}"

    @property
    def participants(self) -> int:
        return self.children + self.adults


class MovementKind(models.TextChoices):
    RECEIVE = "receive", _("受入")
    GIVE_OUT = "give_out", _("配布")
    CAFETERIA = "cafeteria", _("食堂で使用")
    WASTE = "waste", _("廃棄")
    ADJUST = "adjust", _("棚卸の調整")


class WasteReason(models.TextChoices):
    EXPIRED = "expired", _("期限切れ")
    DAMAGED = "damaged", _("破損・汚れ")
    SPOILED = "spoiled", _("傷み・変質")
    RECALL = "recall", _("回収対象")
    OTHER = "other", _("その他")


class StockMovement(models.Model):
    """Every change of a lot's quantity. ``quantity`` is signed (receipts positive)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("種類"), max_length=20, choices=MovementKind.choices)
    quantity = models.IntegerField(_("数量"))
    weight_kg = models.DecimalField(_("重さ（kg）"), max_digits=10, decimal_places=3, default=0)
    quantity_before = models.IntegerField(_("変更前"))
    quantity_after = models.IntegerField(_("変更後"))
    reason = models.CharField(_("理由"), max_length=20, choices=WasteReason.choices, blank=True)
    note = models.CharField(_("メモ"), max_length=200, blank=True)
    occurred_on = models.DateField(_("日付"))
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    distribution = models.ForeignKey(
        Distribution, on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    session = models.ForeignKey(
        CafeteriaSession, on_delete=models.PROTECT, null=True, blank=True,
        related_name="movements",
    )
    pantry_event = models.ForeignKey(
        PantryEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("入出庫")
        verbose_name_plural = _("入出庫")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "fiscal_year", "kind"], name="movement_fy")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity}"


class ApplianceStatus(models.TextChoices):
    AVAILABLE = "available", _("受付済み（譲渡可）")
    MATCHED = "matched", _("マッチング済み")
    DELIVERED = "delivered", _("お届け済み")
    COLLECTED = "collected", _("回収済み")
    DISPOSED = "disposed", _("廃棄")


class Appliance(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("品目"), max_length=50)
    maker = models.CharField(_("メーカー"), max_length=50, blank=True)
    model_number = models.CharField(_("型番"), max_length=50, blank=True)
    year = models.PositiveSmallIntegerField(_("製造年"), null=True, blank=True)
    condition = models.CharField(_("状態"), max_length=200, blank=True)
    photo = models.FileField(_("写真"), upload_to="foodbank/appliances/", blank=True)
    safety_checked_by = models.CharField(_("安全点検をした人"), max_length=100, blank=True)
    safety_checked_on = models.DateField(_("安全点検日"), null=True, blank=True)
    status = models.CharField(
        _("状況"), max_length=20, choices=ApplianceStatus.choices, default=ApplianceStatus.AVAILABLE
    )
    request = models.OneToOneField(
        "ApplianceRequest", on_delete=models.PROTECT, null=True, blank=True,
        related_name="appliance",
    )
    delivery_on = models.DateField(_("お届け日"), null=True, blank=True)
    collection_on = models.DateField(_("回収日"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("家電")
        verbose_name_plural = _("家電")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class ApplianceRequest(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("希望の品目"), max_length=50)
    requested_on = models.DateField(_("依頼日"))
    closed = models.BooleanField(_("完了"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("家電の依頼")
        verbose_name_plural = _("家電の依頼")
        ordering = ["closed", "requested_on", "pk"]

    def __str__(self) -> str:
        return f"No.{self.household.number} {self.kind}"
