"""Needs (個別ニーズ・生活課題): what a person lacks, in the worker's words. Personal data.

A need is written by a worker from a consultation (or, later, a support plan). Needs of
different persons that are about the same thing are grouped (tsunagu.needs.analysis) into
candidate community issues, which only ever leave the center as counts and de-identified
words. Reach needs through tsunagu.needs.selectors; write them through tsunagu.needs.services."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core.models import ListItem, Municipality, Organization, Region, User
from tsunagu.people.models import Person


class Need(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="needs", verbose_name=_("圏域")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("利用者"),
        help_text=_("匿名の相談から記録したニーズは空欄です（人数には数えません）。"),
    )
    consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("相談記録"),
    )
    support_plan = models.ForeignKey(
        "plans.SupportPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("個別支援計画"),
    )
    text = models.TextField(_("ニーズ・生活課題"))
    category = models.ForeignKey(
        ListItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("課題分類")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("市町村"),
    )
    resource_gap = models.BooleanField(
        _("社会資源の不足"),
        default=False,
        help_text=_("必要な社会資源が地域にない、または足りないために満たされていない。"),
    )
    noted_on = models.DateField(_("把握日"))
    # What the analysis made of the text (tokens and concepts), kept so grouping thousands of
    # needs does not tokenize them again. Recomputed whenever the text changes.
    analysis = models.JSONField(default=dict, blank=True, editable=False)
    met_at = models.DateTimeField(_("充足日時"), null=True, blank=True)
    met_note = models.CharField(_("充足の内容"), max_length=300, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録した機関"),
    )
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録者"),
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("ニーズ")
        verbose_name_plural = _("ニーズ")
        ordering = ["-noted_on", "-pk"]
        indexes = [
            models.Index(fields=["region", "category"], name="need_region_category"),
            models.Index(fields=["region", "-noted_on"], name="need_region_noted"),
            models.Index(fields=["person", "-noted_on"], name="need_person_noted"),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def is_met(self) -> bool:
        return self.met_at is not None


class NeedPairAnswer(models.Model):
    """The secretariat's answer to "are these two needs the same need?" (or a merge, a move).

    Kept for good: every later grouping of the region starts from it (same = must-link, not
    same = cannot-link), so an answer given today still holds after tomorrow's regrouping. The
    pair is stored in id order (first < second); a later answer about the same pair replaces
    the earlier one, and both are in the audit log."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    first = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="+")
    same = models.BooleanField(_("同じニーズ"))
    answered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("回答日時"), auto_now=True)

    class Meta:
        verbose_name = _("ニーズの組への回答")
        verbose_name_plural = _("ニーズの組への回答")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "first", "second"], name="need_pair_answer_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="need_pair_answer_ordered"
            ),
        ]
        indexes = [models.Index(fields=["region"], name="need_pair_answer_region")]

    def __str__(self) -> str:
        return f"{self.first_id}-{self.second_id}:{self.same}"


class NeedDismissal(models.Model):
    """A need the secretariat judged 'not a community issue': left out of every grouping."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    need = models.OneToOneField(Need, on_delete=models.CASCADE, related_name="dismissal")
    dismissed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(_("判断日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("地域課題ではないと判断したニーズ")
        verbose_name_plural = _("地域課題ではないと判断したニーズ")

    def __str__(self) -> str:
        return str(self.need_id)
