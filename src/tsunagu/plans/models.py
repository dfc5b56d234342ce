"""Support plans (個別支援計画) and monitoring. Personal data.

An assessment (アセスメント) records what the person wants and has; a plan (計画) says what
life the person wishes for, the goals (長期・短期) and who does what (formal and informal
support); monitoring (モニタリング) reviews each goal on a schedule and sets the next date.
Plans have versions: revising a plan after monitoring makes a new plan whose ``previous``
is the old one, which is kept unchanged (見直し済み).

Reach these through tsunagu.plans.selectors (scoped, audited); write them through
tsunagu.plans.services."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core import dates
from tsunagu.core.locking import lock_version_field
from tsunagu.core.models import Organization, Region, User
from tsunagu.people.models import Person


class Assessment(models.Model):
    """アセスメント: needs, strengths, formal and informal supports, the person's own words."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("利用者")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録した機関"),
    )
    staff = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当者"),
    )
    assessed_on = models.DateField(_("実施日"))
    person_words = models.TextField(
        _("本人の言葉"), blank=True, help_text=_("ご本人が話したことを、そのままの言葉で。")
    )
    needs = models.TextField(_("ニーズ・困りごと"), blank=True)
    strengths = models.TextField(_("強み・できること・好きなこと"), blank=True)
    formal_supports = models.TextField(
        _("フォーマルな支援"), blank=True, help_text=_("利用中の福祉サービス、医療、関係機関など。")
    )
    family_support = models.TextField(_("家族の支え"), blank=True)
    community_support = models.TextField(
        _("近所・友人・地域の支え"), blank=True, help_text=_("近所の人、友人、民生委員、店など。")
    )
    places = models.TextField(
        _("居場所"), blank=True, help_text=_("安心して過ごせる場所・関係・役割。")
    )
    notes = models.TextField(_("その他・所見"), blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("アセスメント")
        verbose_name_plural = _("アセスメント")
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["person", "-assessed_on"], name="assessment_person_on")]

    def __str__(self) -> str:
        return dates.wareki(self.assessed_on)


class MonitoringInterval(models.IntegerChoices):
    """How often monitoring is due, in months."""

    MONTHLY = 1, _("毎月")
    QUARTERLY = 3, _("3か月ごと")
    HALF_YEARLY = 6, _("6か月ごと")


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("実施中")
    SUPERSEDED = "superseded", _("見直し済み")
    ENDED = "ended", _("終了")


class SupportPlan(models.Model):
    """個別支援計画, one version. Only an active plan is monitored and may be changed."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="support_plans", verbose_name=_("利用者")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作成した機関"),
    )
    staff = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("相談支援専門員"),
    )
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("もとにしたアセスメント"),
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("前の版"),
    )
    version = models.PositiveSmallIntegerField(_("版"), default=1)
    status = models.CharField(
        _("状況"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    wished_life = models.TextField(
        _("本人の望む暮らし"), help_text=_("ご本人が望む生活を、できるだけご本人の言葉で。")
    )
    family_wishes = models.TextField(_("家族の意向"), blank=True)
    policy = models.TextField(_("総合的な援助の方針"), blank=True)
    starts_on = models.DateField(_("計画開始日"))
    monitoring_interval = models.PositiveSmallIntegerField(
        _("モニタリングの頻度"),
        choices=MonitoringInterval.choices,
        default=MonitoringInterval.QUARTERLY,
    )
    next_monitoring_on = models.DateField(_("次回モニタリング予定日"))
    ended_on = models.DateField(_("終了日"), null=True, blank=True)
    end_reason = models.CharField(_("終了の理由"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    lock_version = lock_version_field()  # tsunagu.core.locking

    class Meta:
        verbose_name = _("個別支援計画")
        verbose_name_plural = _("個別支援計画")
        ordering = ["-starts_on", "-version", "-pk"]
        indexes = [
            models.Index(
                fields=["region", "status", "next_monitoring_on"], name="plan_monitoring_due"
            ),
            models.Index(fields=["staff", "status", "next_monitoring_on"], name="plan_staff_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organization"],
                condition=models.Q(status="active"),
                name="plan_one_active_per_person_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{dates.wareki(self.starts_on)} v{self.version}"

    @property
    def is_active(self) -> bool:
        return self.status == PlanStatus.ACTIVE


class GoalTerm(models.TextChoices):
    LONG = "long", _("長期目標")
    SHORT = "short", _("短期目標")


class PlanGoal(models.Model):
    plan = models.ForeignKey(
        SupportPlan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("計画")
    )
    term = models.CharField(_("種類"), max_length=10, choices=GoalTerm.choices)
    text = models.TextField(_("目標"))
    achieve_by = models.DateField(_("達成時期"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("並び順"), default=0)

    class Meta:
        verbose_name = _("目標")
        verbose_name_plural = _("目標")
        ordering = ["plan", "sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_term_display()} {self.sort_order}"


class SupportKind(models.TextChoices):
    FORMAL = "formal", _("フォーマル（制度・サービス）")
    INFORMAL = "informal", _("インフォーマル（家族・地域・居場所）")


class PlanService(models.Model):
    """Who does what: one support of the plan, formal or informal."""

    plan = models.ForeignKey(
        SupportPlan, on_delete=models.CASCADE, related_name="services", verbose_name=_("計画")
    )
    kind = models.CharField(_("区分"), max_length=10, choices=SupportKind.choices)
    content = models.CharField(_("支援の内容"), max_length=300)
    provider = models.CharField(
        _("誰が（担当）"), max_length=200, help_text=_("事業所名、家族、近所の人、本人など。")
    )
    frequency = models.CharField(_("頻度・時間"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("並び順"), default=0)

    class Meta:
        verbose_name = _("支援")
        verbose_name_plural = _("支援")
        ordering = ["plan", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.content


class MonitoringRecord(models.Model):
    """モニタリング: how the plan went, goal by goal, and when to look again."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="monitoring_records",
        verbose_name=_("利用者"),
    )
    plan = models.ForeignKey(
        SupportPlan,
        on_delete=models.PROTECT,
        related_name="monitoring_records",
        verbose_name=_("計画"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録した機関"),
    )
    staff = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当者"),
    )
    monitored_on = models.DateField(_("実施日"))
    due_on = models.DateField(_("予定日"), help_text=_("このモニタリングの予定日（記録時点）。"))
    person_words = models.TextField(_("本人の言葉"), blank=True)
    summary = models.TextField(_("全体の所見"), blank=True)
    next_due_on = models.DateField(_("次回モニタリング予定日"))
    change_needed = models.BooleanField(_("計画の変更が必要"), default=False, editable=False)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("モニタリング記録")
        verbose_name_plural = _("モニタリング記録")
        ordering = ["-monitored_on", "-pk"]
        indexes = [models.Index(fields=["plan", "-monitored_on"], name="monitoring_plan_on")]

    def __str__(self) -> str:
        return dates.wareki(self.monitored_on)

    @property
    def was_late(self) -> bool:
        return self.monitored_on > self.due_on


class GoalResult(models.TextChoices):
    ACHIEVED = "achieved", _("達成")
    PARTLY = "partly", _("一部達成")
    NOT_ACHIEVED = "not_achieved", _("未達成")
    CHANGE_NEEDED = "change_needed", _("変更が必要")


class GoalReview(models.Model):
    """One goal as one monitoring found it."""

    monitoring = models.ForeignKey(
        MonitoringRecord,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("モニタリング記録"),
    )
    goal = models.ForeignKey(
        PlanGoal, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("目標")
    )
    result = models.CharField(_("評価"), max_length=20, choices=GoalResult.choices)
    comment = models.TextField(_("コメント"), blank=True)

    class Meta:
        verbose_name = _("目標の評価")
        verbose_name_plural = _("目標の評価")
        ordering = ["monitoring", "goal__sort_order", "goal_id"]
        constraints = [
            models.UniqueConstraint(fields=["monitoring", "goal"], name="goalreview_unique"),
        ]

    def __str__(self) -> str:
        return self.get_result_display()


# サービス等利用計画, モニタリング報告書 and 受給者証 (a subpackage of this app).
from tsunagu.plans.usage.models import (  # noqa: E402, F401
    BenefitCertificate,
    UsageMonitoring,
    UsageMonitoringItem,
    UsagePlan,
    UsagePlanItem,
    WeeklyActivity,
)
