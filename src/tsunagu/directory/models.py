"""The social-resource directory (社会資源・ホッとステーション), modelled on Open Referral
HSDS 3.0. Public data: no personal records here.

Each HSDS object keeps its whole HSDS document (``document``, the object as the HSDS API
answers it, nested children included), so an import exported again gives back every field it
had. The typed columns beside it are what tsunagu searches, filters and maps on; they are
extracted from the document on every write (tsunagu.directory.hsds) and edits change both.
Identifiers are the HSDS UUIDs."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core.locking import lock_version_field
from tsunagu.core.models import Municipality, Region, User
from tsunagu.core.models import Organization as MemberOrganization


class Offering(models.TextChoices):
    """What a ホッとステーション offers (the mark's four offerings)."""

    IBASHO = "ibasho", _("居場所")
    CONSULTATION = "consultation", _("困り事相談")
    TRAINING = "training", _("就労訓練・ボランティア")
    COOL = "cool", _("クールステーション")


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("分類体系"), max_length=200)
    description = models.TextField(_("説明"), blank=True)
    document = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("分類体系")
        verbose_name_plural = _("分類体系")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(
        Taxonomy, on_delete=models.PROTECT, null=True, blank=True, related_name="terms"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("コード"), max_length=100, blank=True)
    name = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("説明"), blank=True)
    document = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("分類")
        verbose_name_plural = _("分類")
        ordering = ["taxonomy", "code", "name"]

    def __str__(self) -> str:
        return self.name


class ResourceOrganization(models.Model):
    """HSDS organization: who runs services (行政機関, NPO法人, 地縁組織, a shop ...)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="resource_organizations"
    )
    name = models.CharField(_("名称"), max_length=300)
    name_kana = models.CharField(_("名称（かな）"), max_length=300, blank=True)
    description = models.TextField(_("説明"), blank=True)
    # The tsunagu organization (network member) that may propose changes to this entry.
    member = models.ForeignKey(
        MemberOrganization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_entries",
        verbose_name=_("更新できる会員機関"),
    )
    document = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("運営団体")
        verbose_name_plural = _("運営団体")
        ordering = ["name_kana", "name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """HSDS location: a physical place (or a virtual one), with the Japanese address."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        ResourceOrganization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="locations",
    )
    name = models.CharField(_("名称"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("市町村"),
    )
    latitude = models.FloatField(_("緯度"), null=True, blank=True)
    longitude = models.FloatField(_("経度"), null=True, blank=True)
    wheelchair = models.BooleanField(_("車いすで利用できる"), default=False)
    parking = models.BooleanField(_("駐車場あり"), default=False)
    public_transport = models.BooleanField(_("公共交通で行ける"), default=False)
    document = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("所在地")
        verbose_name_plural = _("所在地")

    def __str__(self) -> str:
        return self.name or str(self.id)


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("実施中")
    INACTIVE = "inactive", _("休止")
    DEFUNCT = "defunct", _("廃止")
    TEMPORARILY_CLOSED = "temporarily closed", _("一時休止")


class Service(models.Model):
    """HSDS service: what a resident can get (居場所, 相談, 子ども食堂 ...)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="services")
    organization = models.ForeignKey(
        ResourceOrganization,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("運営団体"),
    )
    name = models.CharField(_("名称"), max_length=300)
    name_kana = models.CharField(_("名称（かな）"), max_length=300, blank=True)
    description = models.TextField(_("説明"), blank=True)
    status = models.CharField(
        _("状態"), max_length=30, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    # Normalized name, kana, description and terms (tsunagu.core.text.search_key).
    search_text = models.TextField(editable=False, blank=True)
    terms = models.ManyToManyField(
        TaxonomyTerm, blank=True, related_name="services", verbose_name=_("分類")
    )
    locations = models.ManyToManyField(
        Location, through="ServiceAtLocation", blank=True, related_name="services"
    )
    is_hot_station = models.BooleanField(_("ホッとステーション"), default=False)
    offerings = models.JSONField(
        _("提供内容"), default=list, blank=True, help_text=_("Offering の値の一覧")
    )
    assured_date = models.DateField(_("最終確認日"), null=True, blank=True)
    is_published = models.BooleanField(_("公開"), default=True)
    document = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    lock_version = lock_version_field()  # tsunagu.core.locking

    class Meta:
        verbose_name = _("サービス・社会資源")
        verbose_name_plural = _("サービス・社会資源")
        ordering = ["name_kana", "name"]
        indexes = [models.Index(fields=["region", "is_published", "status"], name="service_public")]

    def __str__(self) -> str:
        return self.name


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="at_services")
    document = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("サービスの実施場所")
        verbose_name_plural = _("サービスの実施場所")
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="sal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id}@{self.location_id}"


class ServiceRevision(models.Model):
    """The document of a service before a change: editing keeps history."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="revisions")
    document = models.JSONField()
    note = models.CharField(_("変更の内容"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("変更履歴")
        verbose_name_plural = _("変更履歴")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.service_id}:{self.changed_at:%Y-%m-%d}"


class ChangeRequestStatus(models.TextChoices):
    PENDING = "pending", _("承認待ち")
    APPROVED = "approved", _("承認")
    REJECTED = "rejected", _("差し戻し")


class ServiceChangeRequest(models.Model):
    """A member organization's proposed change to its own entry, for staff to approve."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="change_requests"
    )
    organization = models.ForeignKey(
        ResourceOrganization, on_delete=models.CASCADE, related_name="change_requests"
    )
    proposed = models.JSONField(_("変更案"))
    note = models.TextField(_("補足"), blank=True)
    status = models.CharField(
        _("状態"),
        max_length=10,
        choices=ChangeRequestStatus.choices,
        default=ChangeRequestStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("判断の理由"), blank=True)

    class Meta:
        verbose_name = _("更新の申請")
        verbose_name_plural = _("更新の申請")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organization_id}:{self.status}"
