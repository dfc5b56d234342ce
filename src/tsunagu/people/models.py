"""People on record (利用者). Personal data: 要配慮個人情報.

Reach these only through tsunagu.people.selectors, which scope by role and region and
write the audit entry for every view."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core.models import Municipality, Organization, Region


class Person(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="persons", verbose_name=_("圏域")
    )
    family_name = models.CharField(_("姓"), max_length=50)
    given_name = models.CharField(_("名"), max_length=50, blank=True)
    family_name_kana = models.CharField(_("セイ"), max_length=100)
    given_name_kana = models.CharField(_("メイ"), max_length=100, blank=True)
    birth_date = models.DateField(_("生年月日"), null=True, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("市町村")
    )
    assigned_organizations = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="assigned_persons",
        verbose_name=_("担当機関"),
    )
    is_fictional = models.BooleanField(
        _("架空（デモ）"),
        default=False,
        help_text=_("デモ用に作られた架空の人物です。実在の人物とは関係ありません。"),
    )
    # Normalized name and reading for search (tsunagu.core.text.search_key).
    search_key = models.CharField(max_length=400, editable=False, db_index=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")
        ordering = ["family_name_kana", "given_name_kana", "pk"]
        indexes = [models.Index(fields=["region", "family_name_kana"], name="person_region_kana")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana} {self.given_name_kana}".strip()
