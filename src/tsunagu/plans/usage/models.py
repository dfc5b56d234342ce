"""サービス等利用計画 (children: 障害児支援利用計画), the モニタリング報告書 and the 受給者証, in the
厚生労働省 参考様式. Personal data; written by a 相談支援専門員 (center staff), never seen by
provider staff (their own record is the 個別支援計画, tsunagu.plans.models.SupportPlan).

The plan goes 計画案 → 支給決定 → 本計画. The 案 is one row; recording the 支給決定 marks it
(with the 受給者証 that was issued); the 本計画 is a new row whose ``previous`` is the 案, and a
見直し later is again a new 案 after the 本計画. Old rows are never changed once superseded.

Glossary: BenefitCertificate 受給者証, UsagePlan サービス等利用計画, UsagePlanItem 優先順位の行,
WeeklyActivity 週間計画表のひとこま, UsageMonitoring モニタリング報告書, UsageMonitoringItem 目標ごとの評価.
Reach these through tsunagu.plans.usage.selectors; write them through .services."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core.models import Organization, Region, User
from tsunagu.people.models import Person
from tsunagu.plans.models import MonitoringInterval


class SupportCategory(models.TextChoices):
    NONE = "none", _("非該当")
    C1 = "1", _("区分1")
    C2 = "2", _("区分2")
    C3 = "3", _("区分3")
    C4 = "4", _("区分4")
    C5 = "5", _("区分5")
    C6 = "6", _("区分6")
    CHILD = "child", _("障害児（区分なし）")


class BenefitCertificate(models.Model):
    """受給者証: what the municipality decided (支給決定) for the person, and for how long."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="benefit_certificates",
        verbose_name=_("利用者"),
    )
    number = models.CharField(_("受給者証番号"), max_length=10)
    decided_from = models.DateField(_("支給決定期間（開始）"))
    decided_until = models.DateField(_("支給決定期間（終了）"))
    support_category = models.CharField(
        _("障害支援区分"), max_length=10, choices=SupportCategory.choices
    )
    services = models.TextField(
        _("サービス種類と支給量"),
        help_text=_("1行に1つ。例：生活介護 22日/月"),
    )
    copay_limit = models.PositiveIntegerField(
        _("利用者負担上限月額（円）"), help_text=_("例：0、9300、37200")
    )
    monitoring_interval = models.PositiveSmallIntegerField(
        _("モニタリング期間"),
        choices=MonitoringInterval.choices,
        default=MonitoringInterval.QUARTERLY,
        help_text=_("支給決定で定められたモニタリングの期間。"),
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("受給者証")
        verbose_name_plural = _("受給者証")
        ordering = ["-decided_from", "-pk"]

    def __str__(self) -> str:
        return self.number

    @property
    def service_lines(self) -> list[str]:
        return [line.strip() for line in self.services.splitlines() if line.strip()]


class PlanStage(models.TextChoices):
    DRAFT = "draft", _("計画案")
    DECIDED = "decided", _("計画案（支給決定済み）")
    FINAL = "final", _("本計画")


class UsagePlan(models.Model):
    """サービス等利用計画, one row per version (案 or 本計画)."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="usage_plans", verbose_name=_("利用者")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("計画作成事業所"),
    )
    staff = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("相談支援専門員")
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
    stage = models.CharField(
        _("段階"), max_length=10, choices=PlanStage.choices, default=PlanStage.DRAFT
    )
    superseded = models.BooleanField(_("旧版"), default=False)
    for_child = models.BooleanField(
        _("障害児支援利用計画"), default=False, help_text=_("18歳未満の児童の計画")
    )
    certificate = models.ForeignKey(
        BenefitCertificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("受給者証"),
    )
    written_on = models.DateField(_("計画作成日"))
    decided_on = models.DateField(_("支給決定日"), null=True, blank=True)
    consented_on = models.DateField(_("同意日"), null=True, blank=True)
    starts_on = models.DateField(_("計画開始年月"), null=True, blank=True)
    wishes = models.TextField(_("利用者及びその家族の生活に対する意向（希望する生活）"))
    policy = models.TextField(_("総合的な援助の方針"))
    long_goal = models.TextField(_("長期目標"))
    short_goal = models.TextField(_("短期目標"))
    life_overview = models.TextField(_("サービス提供によって実現する生活の全体像"), blank=True)
    daily_activities = models.TextField(_("主な日常生活上の活動"), blank=True)
    non_weekly_services = models.TextField(_("週単位以外のサービス"), blank=True)
    monitoring_interval = models.PositiveSmallIntegerField(
        _("モニタリング期間"),
        choices=MonitoringInterval.choices,
        default=MonitoringInterval.QUARTERLY,
    )
    next_monitoring_on = models.DateField(_("次回モニタリング予定日"), null=True, blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("サービス等利用計画")
        verbose_name_plural = _("サービス等利用計画")
        ordering = ["-version", "-pk"]
        indexes = [
            models.Index(fields=["region", "stage", "next_monitoring_on"], name="usage_plan_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "person"],
                condition=models.Q(superseded=False),
                name="usage_plan_one_current_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.written_on:%Y-%m-%d} v{self.version}"

    @property
    def form_title(self) -> str:
        return str(_("障害児支援利用計画") if self.for_child else _("サービス等利用計画"))

    @property
    def stage_title(self) -> str:
        if self.stage == PlanStage.FINAL:
            return self.form_title
        return str(_("%(form)s案") % {"form": self.form_title})

    @property
    def is_current(self) -> bool:
        return not self.superseded


class UsagePlanItem(models.Model):
    """One row of the plan by 優先順位."""

    plan = models.ForeignKey(
        UsagePlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("計画")
    )
    priority = models.PositiveSmallIntegerField(_("優先順位"))
    issue = models.TextField(_("解決すべき課題（本人のニーズ）"))
    goal = models.TextField(_("支援目標"))
    achieve_by = models.CharField(_("達成時期"), max_length=50, blank=True)
    services = models.TextField(_("福祉サービス等（種類・内容・量（頻度・時間））"), blank=True)
    role = models.TextField(_("課題解決のための本人の役割"), blank=True)
    evaluate_at = models.CharField(_("評価時期"), max_length=50, blank=True)
    notes = models.TextField(_("その他留意事項"), blank=True)

    class Meta:
        verbose_name = _("計画の項目")
        verbose_name_plural = _("計画の項目")
        ordering = ["plan", "priority", "pk"]

    def __str__(self) -> str:
        return str(self.priority)


class Weekday(models.IntegerChoices):
    MON = 0, _("月")
    TUE = 1, _("火")
    WED = 2, _("水")
    THU = 3, _("木")
    FRI = 4, _("金")
    SAT = 5, _("土")
    SUN = 6, _("日・祝")


class WeeklyActivity(models.Model):
    """One box of the 週間計画表: a day, from and to, what happens."""

    plan = models.ForeignKey(
        UsagePlan, on_delete=models.CASCADE, related_name="weekly", verbose_name=_("計画")
    )
    weekday = models.PositiveSmallIntegerField(_("曜日"), choices=Weekday.choices)
    starts_at = models.TimeField(_("開始"))
    ends_at = models.TimeField(_("終了"))
    activity = models.CharField(_("内容"), max_length=100)

    class Meta:
        verbose_name = _("週間計画表の予定")
        verbose_name_plural = _("週間計画表の予定")
        ordering = ["plan", "weekday", "starts_at", "pk"]

    def __str__(self) -> str:
        return self.activity


class UsageMonitoring(models.Model):
    """モニタリング報告書 of a 本計画."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="usage_monitorings",
        verbose_name=_("利用者"),
    )
    plan = models.ForeignKey(
        UsagePlan, on_delete=models.PROTECT, related_name="monitorings", verbose_name=_("計画")
    )
    staff = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("相談支援専門員")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("計画作成事業所"),
    )
    monitored_on = models.DateField(_("モニタリング実施日"))
    due_on = models.DateField(_("予定日"), null=True, blank=True)
    overall = models.TextField(_("全体の状況"))
    consented_on = models.DateField(_("同意日"), null=True, blank=True)
    next_due_on = models.DateField(_("次回モニタリング予定日"))
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("モニタリング報告書")
        verbose_name_plural = _("モニタリング報告書")
        ordering = ["-monitored_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.monitored_on:%Y-%m-%d}"

    @property
    def change_needed(self) -> bool:
        return any(i.change_needed for i in self.items.all())


class Achievement(models.TextChoices):
    ACHIEVED = "achieved", _("達成")
    PARTLY = "partly", _("一部達成")
    NOT_YET = "not_yet", _("未達成")


class UsageMonitoringItem(models.Model):
    """One goal (a row of the plan by 優先順位) as the report found it."""

    monitoring = models.ForeignKey(
        UsageMonitoring, on_delete=models.CASCADE, related_name="items", verbose_name=_("報告書")
    )
    plan_item = models.ForeignKey(
        UsagePlanItem,
        on_delete=models.PROTECT,
        related_name="monitoring_items",
        verbose_name=_("計画の項目"),
    )
    service_status = models.TextField(_("サービス提供状況（事業者からの聞き取り）"), blank=True)
    satisfaction = models.TextField(_("本人の感想・満足度"), blank=True)
    achievement = models.CharField(
        _("支援目標の達成度（ニーズの充足度）"), max_length=10, choices=Achievement.choices
    )
    next_steps = models.TextField(_("今後の課題・解決方法"), blank=True)
    change_kind = models.BooleanField(_("計画変更の必要性：サービス種類の変更"), default=False)
    change_amount = models.BooleanField(_("計画変更の必要性：サービス量の変更"), default=False)
    change_weekly = models.BooleanField(_("計画変更の必要性：週間計画の変更"), default=False)
    notes = models.TextField(_("その他留意事項"), blank=True)

    class Meta:
        verbose_name = _("目標ごとの評価")
        verbose_name_plural = _("目標ごとの評価")
        ordering = ["monitoring", "plan_item__priority", "pk"]

    def __str__(self) -> str:
        return self.get_achievement_display()

    @property
    def change_needed(self) -> bool:
        return self.change_kind or self.change_amount or self.change_weekly
