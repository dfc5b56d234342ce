"""地域支援 (community work, issue 19): what the center does for the community besides each
person's consultations, so that it leaves a trace and is counted.

- ``CommunityActivity`` (地域支援の記録): a talk at a school, recruiting a ホッとステーション, a
  meeting with a 自治会 … with the method and functions of コミュニティソーシャルワーク (master
  lists ``community_method`` / ``community_function``, core.lists). No personal data.
- ``ProviderSupport`` (事業所支援・支援者支援): advice, visits, 同行 and case consultations for a
  provider's staff; the subject is an organization. A person may be linked when a consent
  covers it (then the record is personal).
- ``CaseMeeting`` (個別支援会議): a meeting about one person, its attendees, decisions, action
  items and the needs raised there. Personal data.
- ``Observation`` (地域の声): a need noticed in the community with no person attached.

Write through tsunagu.community.services, read through tsunagu.community.selectors."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core.models import ListItem, Municipality, Organization, Region, User


class PartnerKind(models.TextChoices):
    NEIGHBORHOOD = "neighborhood", _("自治会")
    SCHOOL = "school", _("学校")
    BUSINESS = "business", _("企業")
    SELF_HELP = "self_help", _("当事者団体")
    OTHER = "other", _("その他")


class CommunityActivity(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    held_on = models.DateField(_("実施日"))
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    title = models.CharField(_("件名"), max_length=200)
    minutes = models.PositiveIntegerField(_("所要時間（分）"))
    staff = models.ManyToManyField(User, related_name="+", verbose_name=_("担当職員"))
    municipalities = models.ManyToManyField(
        Municipality, related_name="+", verbose_name=_("市町村")
    )
    method = models.ForeignKey(
        ListItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("方法")
    )
    functions = models.ManyToManyField(
        ListItem, blank=True, related_name="+", verbose_name=_("機能")
    )
    partner_organizations = models.ManyToManyField(
        Organization, blank=True, related_name="+", verbose_name=_("連携した機関")
    )
    participants = models.PositiveIntegerField(_("参加者数"), null=True, blank=True)
    what_happened = models.TextField(_("実施内容"))
    outcome = models.TextField(_("成果・その後"), blank=True)
    community_issue = models.ForeignKey(
        "council.CommunityIssue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("関連する地域課題"),
    )
    resource = models.ForeignKey(
        "directory.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("関連する社会資源"),
    )
    event = models.ForeignKey(
        "network.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("関連する行事"),
    )
    hot_station = models.ForeignKey(
        "directory.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ホッとステーション"),
    )
    is_demo = models.BooleanField(_("デモデータ"), default=False, editable=False)
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
        verbose_name = _("地域支援の記録")
        verbose_name_plural = _("地域支援の記録")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["region", "fiscal_year"], name="community_act_region_fy")]

    def __str__(self) -> str:
        return self.title


class ActivityPartner(models.Model):
    """A partner that is not in the organization list (自治会, 学校, 企業, 当事者団体)."""

    activity = models.ForeignKey(
        CommunityActivity, on_delete=models.CASCADE, related_name="partners"
    )
    kind = models.CharField(_("種別"), max_length=20, choices=PartnerKind.choices)
    name = models.CharField(_("名称"), max_length=200)

    class Meta:
        verbose_name = _("連携先")
        verbose_name_plural = _("連携先")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ProviderSupportKind(models.TextChoices):
    ADVICE = "advice", _("助言")
    VISIT = "visit", _("訪問")
    ACCOMPANY = "accompany", _("同行")
    CASE_CONSULTATION = "case_consultation", _("事例相談")


class ProviderSupport(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("支援した事業所")
    )
    kind = models.CharField(_("種類"), max_length=20, choices=ProviderSupportKind.choices)
    held_on = models.DateField(_("実施日"))
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    minutes = models.PositiveIntegerField(_("所要時間（分）"))
    staff = models.ManyToManyField(User, related_name="+", verbose_name=_("担当職員"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("市町村"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("関わる利用者"),
        help_text=_("本人の同意（関係機関への情報提供、この事業所あて）があるときだけ選べます。"),
    )
    notes = models.TextField(_("内容"))
    is_demo = models.BooleanField(_("デモデータ"), default=False, editable=False)
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録者"),
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("事業所支援")
        verbose_name_plural = _("事業所支援")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["region", "fiscal_year"], name="community_ps_region_fy")]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_kind_display()}"


class CaseMeeting(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("利用者")
    )
    held_on = models.DateField(_("開催日"))
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録した機関"),
    )
    decisions = models.TextField(_("決まったこと"))
    needs = models.ManyToManyField(
        "needs.Need", blank=True, related_name="+", verbose_name=_("出されたニーズ")
    )
    is_demo = models.BooleanField(_("デモデータ"), default=False, editable=False)
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録者"),
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("個別支援会議")
        verbose_name_plural = _("個別支援会議")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["region", "fiscal_year"], name="community_cm_region_fy")]

    def __str__(self) -> str:
        return str(_("個別支援会議"))


class CaseMeetingAttendee(models.Model):
    meeting = models.ForeignKey(CaseMeeting, on_delete=models.CASCADE, related_name="attendees")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("機関"),
    )
    role = models.CharField(_("役割"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("出席者")
        verbose_name_plural = _("出席者")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.role


class CaseMeetingAction(models.Model):
    meeting = models.ForeignKey(CaseMeeting, on_delete=models.CASCADE, related_name="actions")
    who = models.CharField(_("誰が"), max_length=200)
    what = models.CharField(_("何を"), max_length=300)
    due_on = models.DateField(_("いつまでに"), null=True, blank=True)

    class Meta:
        verbose_name = _("役割分担")
        verbose_name_plural = _("役割分担")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.what


class ObservationSource(models.TextChoices):
    NETWORK_MEMBER = "network_member", _("ネットワーク会員")
    HOT_STATION = "hot_station", _("ホッとステーション")
    RESIDENT = "resident", _("住民")
    ROUND_TABLE = "round_table", _("座談会")
    SCHOOL = "school", _("学校")
    LEARNING_CARD = "learning_card", _("学習カード")
    SURVEY = "survey", _("アンケート")
    OTHER = "other", _("その他")


class Observation(models.Model):
    """地域の声: a need noticed in the community, with no person. Never counted as a person."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    noted_on = models.DateField(_("把握日"))
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    source = models.CharField(_("出どころ"), max_length=20, choices=ObservationSource.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("市町村"),
    )
    category = models.ForeignKey(
        ListItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("課題分類")
    )
    text = models.TextField(_("地域の声"))
    # the needs analysis of the text (tsunagu.needs.analysis Features.to_json()), so that it
    # is grouped with persons' needs by the same analysis without re-reading it each time
    analysis = models.JSONField(default=dict, blank=True, editable=False)
    rating = models.PositiveSmallIntegerField(_("評価（1〜5）"), null=True, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録した機関"),
    )
    activity = models.ForeignKey(
        CommunityActivity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("地域支援の記録"),
    )
    is_demo = models.BooleanField(_("デモデータ"), default=False, editable=False)
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録者"),
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("地域の声")
        verbose_name_plural = _("地域の声")
        ordering = ["-noted_on", "-pk"]
        indexes = [
            models.Index(fields=["region", "fiscal_year"], name="community_obs_region_fy"),
            models.Index(fields=["region", "category"], name="community_obs_region_cat"),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class CaseConference(models.Model):
    """合同事例検討会: the case discussed at a network event of kind 合同事例検討会, recorded
    DE-IDENTIFIED. The person is linked (for the center only) because the case may be brought
    only with the person's consent 「協議会での匿名事例検討」 (people.ConsentScope.COUNCIL_ANONYMOUS)
    valid on the day; the summary is what the attending organizations may read, and must pass
    the personal-data text check (no name, address, phone, mail or birth date). Attendance is
    recorded by organization: which attended and how many from each."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("圏域")
    )
    event = models.OneToOneField(
        "network.Event",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("合同事例検討会"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("事例の利用者"),
        help_text=_("センターの職員だけが見ます。出席した機関には匿名化した事例だけを示します。"),
    )
    case_summary = models.TextField(
        _("事例の概要（匿名化）"),
        help_text=_("氏名・住所・電話番号・生年月日など、個人を特定できることは書かないでください。"),
    )
    discussion = models.TextField(_("検討の結果"), blank=True)
    is_demo = models.BooleanField(_("デモデータ"), default=False, editable=False)
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
        verbose_name = _("合同事例検討会の事例")
        verbose_name_plural = _("合同事例検討会の事例")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return str(self.event)


class CaseConferenceAttendance(models.Model):
    conference = models.ForeignKey(
        CaseConference, on_delete=models.CASCADE, related_name="attendance"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("出席した機関")
    )
    count = models.PositiveSmallIntegerField(_("出席人数"))

    class Meta:
        verbose_name = _("出席機関")
        verbose_name_plural = _("出席機関")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "organization"], name="community_conf_attendance_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(count__gte=1), name="community_conf_attendance_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.count}"
