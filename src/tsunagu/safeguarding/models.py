"""Safeguarding (権利擁護): abuse reports (虐待通報), guardianship (成年後見制度利用支援),
日常生活自立支援事業 referrals, and emergency readiness (地域生活支援拠点). Personal data.

Abuse reports are a separate case type: only roles with Capability.SAFEGUARDING see them,
every read is audited, and the reporter's identity is encrypted at rest (§8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core.models import Municipality, Organization, Region, User
from tsunagu.people.models import Person

# --- abuse reports ---------------------------------------------------------------------


class IntakeChannel(models.TextChoices):
    PHONE = "phone", _("電話")
    VISIT = "visit", _("来所")
    EMAIL = "email", _("メール")
    FAX = "fax", _("FAX")
    AGENCY = "agency", _("関係機関から")
    OTHER = "other", _("その他")


class ReporterKind(models.TextChoices):
    SELF = "self", _("本人")
    FAMILY = "family", _("家族・親族")
    NEIGHBOR = "neighbor", _("近隣住民・知人")
    PROVIDER = "provider", _("事業所職員")
    MEDICAL = "medical", _("医療機関")
    SCHOOL = "school", _("学校・教育機関")
    GOVERNMENT = "government", _("行政機関")
    ANONYMOUS = "anonymous", _("匿名")
    OTHER = "other", _("その他")


class AbuserCategory(models.TextChoices):
    CAREGIVER = "caregiver", _("養護者")
    FACILITY = "facility", _("障害者福祉施設従事者等")
    EMPLOYER = "employer", _("使用者")


class AbuserRelationship(models.TextChoices):
    """The abuser's relationship (続柄) to the person, as the national survey counts it."""

    FATHER = "father", _("父")
    MOTHER = "mother", _("母")
    HUSBAND = "husband", _("夫")
    WIFE = "wife", _("妻")
    SON = "son", _("息子")
    DAUGHTER = "daughter", _("娘")
    SIBLING = "sibling", _("兄弟姉妹")
    GRANDPARENT = "grandparent", _("祖父母")
    OTHER_RELATIVE = "other_relative", _("その他の親族")
    HOUSEMATE = "housemate", _("同居人")
    STAFF = "staff", _("施設・事業所の職員")
    EMPLOYER = "employer", _("事業主・上司")
    OTHER = "other", _("その他")
    UNKNOWN = "unknown", _("不明")


class Urgency(models.TextChoices):
    HIGH = "high", _("高（生命・身体に危険）")
    MEDIUM = "medium", _("中")
    LOW = "low", _("低")


class AbuseStatus(models.TextChoices):
    RECEIVED = "received", _("受付・受理")
    CORE_MEETING = "core_meeting", _("コアメンバー会議")
    FACT_CHECK = "fact_check", _("事実確認・安全確認")
    ENTRY_INSPECTION = "entry_inspection", _("立入調査（法第11条）")
    CASE_MEETING = "case_meeting", _("個別ケース会議")
    RESPONSE = "response", _("対応（保護・措置・支援）")
    MONITORING = "monitoring", _("モニタリング")
    CLOSED = "closed", _("終結")


ABUSE_FLOW: tuple[str, ...] = tuple(AbuseStatus.values)


class Routing(models.TextChoices):
    MUNICIPALITY = "municipality", _("市町村の虐待防止センター（開庁時間内）")
    CENTER = "center", _("センターが受付（夜間・休日）")


class AbuseOutcome(models.TextChoices):
    SEPARATION = "separation", _("保護・分離")
    HOME_SUPPORT = "home_support", _("在宅での支援")
    MEASURE = "measure", _("やむを得ない事由による措置")
    GUARDIANSHIP = "guardianship", _("成年後見の申立て")
    NOT_ABUSE = "not_abuse", _("虐待非該当")
    OTHER = "other", _("その他")


class AbuseFinding(models.TextChoices):
    CONFIRMED = "confirmed", _("虐待と判断")
    NOT_CONFIRMED = "not_confirmed", _("虐待ではないと判断")
    UNDETERMINED = "undetermined", _("判断に至らず")


class AbuseReport(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="abuse_reports", verbose_name=_("圏域")
    )
    received_at = models.DateTimeField(_("受付日時"))
    received_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("受付者"),
    )
    channel = models.CharField(_("通報の経路"), max_length=20, choices=IntakeChannel.choices)
    reporter_kind = models.CharField(_("通報者の種別"), max_length=20, choices=ReporterKind.choices)
    # Name and contact of the reporter, encrypted (tsunagu.core.crypto); shown only to
    # SAFEGUARDING roles, and every showing is audited.
    reporter_identity = models.TextField(_("通報者（暗号化）"), blank=True, editable=False)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="abuse_reports",
        verbose_name=_("本人"),
        help_text=_("受付時に特定できない場合は空欄にし、後で結び付けます。"),
    )
    person_description = models.CharField(
        _("本人の特定につながる情報"),
        max_length=300,
        blank=True,
        help_text=_("利用者として登録されていない場合の氏名・住所など。"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当市町村"),
    )
    abuser_category = models.CharField(
        _("虐待者の種別"), max_length=20, choices=AbuserCategory.choices
    )
    abuser_relationship = models.CharField(
        _("虐待者の続柄"), max_length=20, choices=AbuserRelationship.choices, blank=True
    )
    type_physical = models.BooleanField(_("身体的虐待"), default=False)
    type_sexual = models.BooleanField(_("性的虐待"), default=False)
    type_psychological = models.BooleanField(_("心理的虐待"), default=False)
    type_neglect = models.BooleanField(_("放棄・放任"), default=False)
    type_economic = models.BooleanField(_("経済的虐待"), default=False)
    urgency = models.CharField(_("緊急性"), max_length=10, choices=Urgency.choices)
    observed = models.TextField(_("通報の内容（見聞きしたこと）"))
    routing = models.CharField(_("受付の区分"), max_length=20, choices=Routing.choices)
    handed_over_at = models.DateTimeField(_("市町村への引継ぎ日時"), null=True, blank=True)
    handed_over_to = models.CharField(_("引継ぎ先（担当者）"), max_length=200, blank=True)
    status = models.CharField(
        _("段階"), max_length=20, choices=AbuseStatus.choices, default=AbuseStatus.RECEIVED
    )
    safety_due_at = models.DateTimeField(_("安全確認の期限"))
    safety_confirmed_at = models.DateTimeField(_("安全確認日時"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("期限超過の通知日時"), null=True, blank=True)
    finding = models.CharField(_("判断"), max_length=20, choices=AbuseFinding.choices, blank=True)
    outcome = models.CharField(
        _("対応の結果"), max_length=20, choices=AbuseOutcome.choices, blank=True
    )
    closed_at = models.DateTimeField(_("終結日時"), null=True, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("虐待通報")
        verbose_name_plural = _("虐待通報")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["region", "status", "safety_due_at"], name="abuse_open_due"),
            models.Index(fields=["region", "fiscal_year"], name="abuse_region_fy"),
        ]

    def __str__(self) -> str:
        return f"{self.pk}"


class AbuseReportStep(models.Model):
    """One step of the workflow, with its time, who recorded it and what was decided."""

    report = models.ForeignKey(AbuseReport, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=20, choices=AbuseStatus.choices, blank=True)
    to_status = models.CharField(_("段階"), max_length=20, choices=AbuseStatus.choices)
    note = models.TextField(_("経過・判断"))
    at = models.DateTimeField(_("日時"))
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録者"),
    )

    class Meta:
        verbose_name = _("虐待対応の経過")
        verbose_name_plural = _("虐待対応の経過")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.to_status}"


class RoutingDestination(models.TextChoices):
    """Where a case goes beyond the municipality (障害者虐待防止法)."""

    PREFECTURE = "prefecture", _("都道府県")
    LABOUR_BUREAU = "labour_bureau", _("都道府県労働局")


class AbuseRouting(models.Model):
    """One report of a case to the 都道府県 or the 労働局: by 障害者福祉施設従事者等 the
    municipality reports to the 都道府県 (§17); by 使用者 it notifies the 都道府県 (§24),
    which reports to the 労働局 (§26) — recorded here with the date and who sent it."""

    report = models.ForeignKey(AbuseReport, on_delete=models.CASCADE, related_name="routings")
    destination = models.CharField(
        _("報告先"), max_length=20, choices=RoutingDestination.choices
    )
    addressee = models.CharField(_("宛先（部署）"), max_length=200, blank=True)
    sent_on = models.DateField(_("報告日"))
    note = models.TextField(_("報告の内容・特記事項"), blank=True)
    sent_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("報告者")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("都道府県・労働局への報告")
        verbose_name_plural = _("都道府県・労働局への報告")
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.destination}"


class OnDuty(models.Model):
    """Who is on duty for abuse reports on a given day (nights and holidays)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("日付"))
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="duties", verbose_name=_("当番")
    )

    class Meta:
        verbose_name = _("当番")
        verbose_name_plural = _("当番")
        ordering = ["day", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["region", "day", "user"], name="onduty_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.user}"


# --- guardianship and rights -------------------------------------------------------------


class Petitioner(models.TextChoices):
    SELF = "self", _("本人申立て")
    RELATIVE = "relative", _("親族申立て")
    MAYOR = "mayor", _("市町村長申立て")


class GuardianshipKind(models.TextChoices):
    GUARDIAN = "guardian", _("後見")
    CURATOR = "curator", _("保佐")
    ASSISTANT = "assistant", _("補助")
    VOLUNTARY = "voluntary", _("任意後見")


class GuardianType(models.TextChoices):
    RELATIVE = "relative", _("親族")
    PROFESSIONAL = "professional", _("専門職（弁護士・司法書士・社会福祉士など）")
    CORPORATE = "corporate", _("法人後見")
    CITIZEN = "citizen", _("市民後見人")


class GuardianshipStatus(models.TextChoices):
    CONSIDERING = "considering", _("利用を検討")
    PREPARING = "preparing", _("申立て準備中")
    FILED = "filed", _("申立て済み")
    DECIDED = "decided", _("審判確定・開始")
    WITHDRAWN = "withdrawn", _("取下げ・見送り")


class GuardianshipCase(models.Model):
    """成年後見制度利用支援: one person's way to (or away from) a guardian."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="guardianship_cases", verbose_name=_("本人")
    )
    need = models.TextField(_("必要としている理由"))
    petitioner = models.CharField(
        _("申立人"), max_length=20, choices=Petitioner.choices, blank=True
    )
    kind = models.CharField(_("類型"), max_length=20, choices=GuardianshipKind.choices, blank=True)
    guardian_type = models.CharField(
        _("後見人等の種類"), max_length=20, choices=GuardianType.choices, blank=True
    )
    status = models.CharField(
        _("状況"),
        max_length=20,
        choices=GuardianshipStatus.choices,
        default=GuardianshipStatus.CONSIDERING,
    )
    filed_on = models.DateField(_("申立日"), null=True, blank=True)
    decided_on = models.DateField(_("審判日"), null=True, blank=True)
    note = models.TextField(_("経過"), blank=True)
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("成年後見制度利用支援")
        verbose_name_plural = _("成年後見制度利用支援")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.status}"


class DailyLifeSupportStatus(models.TextChoices):
    REFERRED = "referred", _("社会福祉協議会へつないだ")
    CONTRACTED = "contracted", _("契約・利用開始")
    DECLINED = "declined", _("利用に至らず")


class DailyLifeSupportReferral(models.Model):
    """日常生活自立支援事業 (社会福祉協議会): a referral and how it ended."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="daily_life_referrals",
        verbose_name=_("本人"),
    )
    referred_on = models.DateField(_("つないだ日"))
    to_organization = models.CharField(_("つないだ先"), max_length=200, default=_("社会福祉協議会"))
    services = models.CharField(
        _("必要な支援"),
        max_length=300,
        blank=True,
        help_text=_("金銭管理、書類の預かり、福祉サービスの利用援助など"),
    )
    status = models.CharField(
        _("状況"),
        max_length=20,
        choices=DailyLifeSupportStatus.choices,
        default=DailyLifeSupportStatus.REFERRED,
    )
    note = models.TextField(_("経過"), blank=True)
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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("日常生活自立支援事業へのつなぎ")
        verbose_name_plural = _("日常生活自立支援事業へのつなぎ")
        ordering = ["-referred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.referred_on}"


# --- emergency readiness (地域生活支援拠点) ------------------------------------------------


class EmergencyRegistration(models.Model):
    """A person registered in advance for emergencies: who to call, what to do, where to go."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    person = models.OneToOneField(
        Person,
        on_delete=models.PROTECT,
        related_name="emergency_registration",
        verbose_name=_("本人"),
    )
    emergency_contacts = models.TextField(_("緊急連絡先"))
    support_policy = models.TextField(_("緊急時の支援方針"))
    candidate_places = models.TextField(_("受け入れ先の候補"), blank=True)
    medical_notes = models.TextField(_("医療・服薬・配慮事項"), blank=True)
    registered_on = models.DateField(_("登録日"))
    reviewed_on = models.DateField(_("見直し日"), null=True, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録した機関"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("緊急時対応の事前登録")
        verbose_name_plural = _("緊急時対応の事前登録")
        ordering = ["-registered_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person_id}"


class EmergencyEventKind(models.TextChoices):
    EMERGENCY = "emergency", _("緊急時の受け入れ")
    TRIAL = "trial", _("体験の機会（体験利用・体験入居）")


class EmergencyEvent(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="emergency_events", verbose_name=_("本人")
    )
    kind = models.CharField(_("種類"), max_length=20, choices=EmergencyEventKind.choices)
    started_at = models.DateTimeField(_("開始日時"))
    ended_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    reason = models.TextField(_("理由"))
    place = models.CharField(_("受け入れ先・場所"), max_length=200)
    note = models.TextField(_("経過"), blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録した機関"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("緊急時対応・体験利用の記録")
        verbose_name_plural = _("緊急時対応・体験利用の記録")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["region", "fiscal_year"], name="emergency_region_fy")]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.started_at:%Y-%m-%d}"
