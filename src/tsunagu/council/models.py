"""The council (自立支援協議会) and community issues (地域課題). De-identified data only.

A community issue is evidenced by needs (tsunagu.needs) but never shows them: what leaves
the center is counts by 市町村, 障害種別 and period (tsunagu.council.selectors). Issues move
through ISSUE_FLOW at meetings; every move is an IssueTransition. Write through
tsunagu.council.services."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core.locking import lock_version_field
from tsunagu.core.models import ListItem, Municipality, Organization, Region, User


class BodyKind(models.TextChoices):
    CASE_MEETING = "case_meeting", _("個別支援会議")
    SECRETARIAT = "secretariat", _("事務局会議")
    WORKING_GROUP = "working_group", _("専門部会")
    PLENARY = "plenary", _("定例会・全体会")


class Body(models.Model):
    """A body of the council: 事務局会議, a 専門部会, the 全体会 ..."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="council_bodies", verbose_name=_("圏域")
    )
    kind = models.CharField(_("種類"), max_length=20, choices=BodyKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("説明"), blank=True)
    is_active = models.BooleanField(_("活動中"), default=True)

    class Meta:
        verbose_name = _("会議体")
        verbose_name_plural = _("会議体")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="body_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class BodyMember(models.Model):
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="members", verbose_name=_("会議体")
    )
    name = models.CharField(_("氏名"), max_length=100)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属"),
    )
    role = models.CharField(_("役割"), max_length=50, blank=True, help_text=_("部会長、委員など"))
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_memberships",
        verbose_name=_("アカウント"),
        help_text=_("議事録の確認をこのシステムで行う委員のアカウント。"),
    )

    class Meta:
        verbose_name = _("委員")
        verbose_name_plural = _("委員")
        ordering = ["body", "pk"]

    def __str__(self) -> str:
        return self.name


class IssueStatus(models.TextChoices):
    RAISED = "raised", _("提起")
    ORGANIZED = "organized", _("事務局会議で整理")
    WORKING_GROUP = "working_group", _("部会で検討")
    PLENARY = "plenary", _("全体会で共有")
    PROPOSED = "proposed", _("提言")
    PLANNED = "planned", _("市町村・障害福祉計画へ反映")
    DEVELOPING = "developing", _("社会資源の改善・開発")
    CLOSED = "closed", _("評価・終結")
    ON_HOLD = "on_hold", _("保留")
    RETURNED = "returned", _("差し戻し")


# The main line of an issue's life, in order. 保留 and 差し戻し step off it.
ISSUE_FLOW: tuple[str, ...] = (
    IssueStatus.RAISED,
    IssueStatus.ORGANIZED,
    IssueStatus.WORKING_GROUP,
    IssueStatus.PLENARY,
    IssueStatus.PROPOSED,
    IssueStatus.PLANNED,
    IssueStatus.DEVELOPING,
    IssueStatus.CLOSED,
)


class Priority(models.TextChoices):
    HIGH = "high", _("高")
    MEDIUM = "medium", _("中")
    LOW = "low", _("低")


class CommunityIssue(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="community_issues", verbose_name=_("圏域")
    )
    title = models.CharField(_("課題名"), max_length=200)
    description = models.TextField(_("課題の説明"), blank=True)
    category = models.ForeignKey(
        ListItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("課題分類")
    )
    viewpoint_diversity = models.TextField(_("問題の多様性"), blank=True)
    viewpoint_sociality = models.TextField(_("問題の社会性"), blank=True)
    viewpoint_commonality = models.TextField(_("問題の共通性"), blank=True)
    viewpoint_foresight = models.TextField(_("将来予測"), blank=True)
    priority = models.CharField(
        _("優先度"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    working_group = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issues",
        verbose_name=_("担当部会"),
    )
    status = models.CharField(
        _("段階"), max_length=20, choices=IssueStatus.choices, default=IssueStatus.RAISED
    )
    is_published = models.BooleanField(
        _("公開"),
        default=False,
        help_text=_("公開すると、ログインなしの公開ページに載ります（少数は秘匿）。"),
    )
    created_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提起者"),
    )
    created_at = models.DateTimeField(_("提起日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    lock_version = lock_version_field()  # tsunagu.core.locking

    class Meta:
        verbose_name = _("地域課題")
        verbose_name_plural = _("地域課題")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "status"], name="issue_region_status")]

    def __str__(self) -> str:
        return self.title


class IssueNeed(models.Model):
    """A need that evidences an issue. Who may read the need itself is decided by tsunagu.needs;
    through the issue only counts are shown."""

    issue = models.ForeignKey(
        CommunityIssue,
        on_delete=models.CASCADE,
        related_name="need_links",
        verbose_name=_("地域課題"),
    )
    need = models.ForeignKey(
        "needs.Need", on_delete=models.PROTECT, related_name="issue_links", verbose_name=_("ニーズ")
    )
    linked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("根拠ニーズ")
        verbose_name_plural = _("根拠ニーズ")
        constraints = [
            models.UniqueConstraint(fields=["issue", "need"], name="issueneed_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.issue_id}:{self.need_id}"


class Meeting(models.Model):
    class MinutesStatus(models.TextChoices):
        DRAFT = "draft", _("下書き")
        REVIEW = "review", _("出席者確認中")
        PUBLISHED = "published", _("確定・公開")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("圏域")
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("会議体")
    )
    title = models.CharField(_("会議名"), max_length=200)
    starts_at = models.DateTimeField(_("日時"))
    venue = models.CharField(_("会場"), max_length=200, blank=True)
    online_url = models.URLField(_("オンライン参加URL"), blank=True)
    attendees = models.ManyToManyField(
        BodyMember, blank=True, related_name="meetings", verbose_name=_("出席者")
    )
    other_attendees = models.CharField(_("その他の出席者"), max_length=500, blank=True)
    minutes = models.TextField(_("議事録"), blank=True)
    minutes_status = models.CharField(
        _("議事録の状態"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    minutes_published_at = models.DateTimeField(_("議事録確定日時"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会議")
        verbose_name_plural = _("会議")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("会議")
    )
    issue = models.ForeignKey(
        CommunityIssue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("地域課題"),
    )
    title = models.CharField(_("議題"), max_length=200)
    note = models.TextField(_("補足"), blank=True)
    order = models.PositiveSmallIntegerField(_("順番"), default=0)

    class Meta:
        verbose_name = _("議題")
        verbose_name_plural = _("議題")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class MinutesReview(models.Model):
    """An attendee's confirmation of the draft minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reviews")
    member = models.ForeignKey(BodyMember, on_delete=models.CASCADE, related_name="+")
    comment = models.TextField(_("意見"), blank=True)
    reviewed_at = models.DateTimeField(_("確認日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("議事録の確認")
        verbose_name_plural = _("議事録の確認")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="review_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.member_id}"


class Decision(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("会議")
    )
    issue = models.ForeignKey(
        CommunityIssue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("地域課題"),
    )
    text = models.TextField(_("決定事項"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("決定事項")
        verbose_name_plural = _("決定事項")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:40]


class ActionItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("会議")
    )
    issue = models.ForeignKey(
        CommunityIssue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("地域課題"),
    )
    description = models.CharField(_("内容"), max_length=300)
    owner = models.CharField(_("担当"), max_length=100)
    due_on = models.DateField(_("期限"), null=True, blank=True)
    done_at = models.DateTimeField(_("完了日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("宿題事項")
        verbose_name_plural = _("宿題事項")
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class IssueTransition(models.Model):
    """One step of an issue's life: who moved it, when, why, and at which meeting."""

    issue = models.ForeignKey(
        CommunityIssue,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("地域課題"),
    )
    from_status = models.CharField(
        _("前の段階"), max_length=20, choices=IssueStatus.choices, blank=True
    )
    to_status = models.CharField(_("次の段階"), max_length=20, choices=IssueStatus.choices)
    reason = models.TextField(_("理由・経過"))
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transitions",
        verbose_name=_("会議"),
    )
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録者"),
    )
    at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("段階の記録")
        verbose_name_plural = _("段階の記録")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status}->{self.to_status}"


class ResourceKind(models.TextChoices):
    NEW = "new", _("新規開発")
    IMPROVED = "improved", _("改善・拡充")


class IssueResource(models.Model):
    """A social resource made or improved in answer to an issue (社会資源の改善・開発).

    Registering one tells the workers of every person whose need fed the issue."""

    issue = models.ForeignKey(
        CommunityIssue,
        on_delete=models.PROTECT,
        related_name="resources",
        verbose_name=_("地域課題"),
    )
    kind = models.CharField(_("種類"), max_length=10, choices=ResourceKind.choices)
    name = models.CharField(_("社会資源の名称"), max_length=200)
    description = models.TextField(_("内容"), blank=True)
    organization_name = models.CharField(_("運営・実施主体"), max_length=200, blank=True)
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("対象市町村")
    )
    starts_on = models.DateField(_("開始日"), null=True, blank=True)
    registered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("社会資源（改善・開発）")
        verbose_name_plural = _("社会資源（改善・開発）")
        ordering = ["-registered_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class Proposal(models.Model):
    """提言書: a proposal to the municipalities, built from selected issues."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("圏域")
    )
    title = models.CharField(_("表題"), max_length=200)
    addressee = models.CharField(
        _("宛先"), max_length=200, blank=True, help_text=_("例: 山武郡市6市町 障害福祉担当課長 様")
    )
    preface = models.TextField(_("前文"), blank=True)
    issues = models.ManyToManyField(
        CommunityIssue, related_name="proposals", verbose_name=_("地域課題")
    )
    proposed_on = models.DateField(_("提言日"))
    is_published = models.BooleanField(_("公開"), default=False)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("提言書")
        verbose_name_plural = _("提言書")
        ordering = ["-proposed_on", "-pk"]

    def __str__(self) -> str:
        return self.title
