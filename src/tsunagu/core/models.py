"""What every part of tsunagu shares: the region (tenant), its municipalities and
organizations, the user with a role, and the append-only audit log."""

import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core.roles import Role


class Region(models.Model):
    """圏域: the tenant. Every record belongs to exactly one region."""

    code = models.SlugField(_("圏域コード"), max_length=40, unique=True)
    name = models.CharField(_("圏域名"), max_length=100)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("圏域")
        verbose_name_plural = _("圏域")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """市町村, with the official 5-digit local government code (e.g. 12213 東金市)."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("圏域")
    )
    code = models.CharField(_("市町村コード"), max_length=5)
    name = models.CharField(_("市町村名"), max_length=50)

    class Meta:
        verbose_name = _("市町村")
        verbose_name_plural = _("市町村")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="municipality_unique_code"),
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{5}$"), name="municipality_code_5_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganizationKind(models.TextChoices):
    CORE_CENTER = "core_center", _("基幹相談支援センター")
    CONSULTATION = "consultation", _("相談支援事業所")
    SERVICE_PROVIDER = "service_provider", _("障害福祉サービス事業所")
    GOVERNMENT = "government", _("行政")
    COUNCIL = "council", _("協議会")
    NETWORK_MEMBER = "network_member", _("協力機関")
    OTHER = "other", _("その他")


class Organization(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("圏域")
    )
    name = models.CharField(_("名称"), max_length=200)
    kana = models.CharField(_("よみがな"), max_length=200, blank=True)
    short_name = models.CharField(_("略称・愛称"), max_length=100, blank=True)
    kind = models.CharField(_("種別"), max_length=30, choices=OrganizationKind.choices)
    operator = models.CharField(_("運営法人"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("所在市町村")
    )
    address = models.CharField(_("所在地"), max_length=300, blank=True)
    phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    note = models.TextField(_("備考"), blank=True)

    class Meta:
        verbose_name = _("機関・団体")
        verbose_name_plural = _("機関・団体")
        ordering = ["kind", "kana", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="organization_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ListKind(models.TextChoices):
    CONTACT_METHOD = "contact_method", _("相談方法")
    CALLER_TYPE = "caller_type", _("相談者")
    DISABILITY_TYPE = "disability_type", _("障害種別")
    SUPPORT_TOPIC = "support_topic", _("支援内容")
    NEED_CATEGORY = "need_category", _("課題分類")
    CONSULTATION_KIND = "consultation_kind", _("相談の種類")
    COMMUNITY_METHOD = "community_method", _("地域支援の方法")
    COMMUNITY_FUNCTION = "community_function", _("地域支援の機能")


class ListItemQuerySet(models.QuerySet):
    def of(self, region, kind: str):
        return self.filter(region=region, kind=kind)

    def active(self):
        return self.filter(is_active=True)


class ListItem(models.Model):
    """An item of a master-data list (相談方法, 相談者, 障害種別, 支援内容) of one region.

    The code is stable: reports, imports and exports use it; the label is what users read
    and an administrator may change it. Retired items stay for old records."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="list_items",
                               verbose_name=_("圏域"))
    kind = models.CharField(_("一覧"), max_length=30, choices=ListKind.choices)
    code = models.SlugField(_("コード"), max_length=40)
    label = models.CharField(_("表示名"), max_length=100)
    aliases = models.CharField(
        _("別名"), max_length=300, blank=True,
        help_text=_("取り込みで同じ項目として読む別の書き方。「、」区切り。"),
    )
    sort_order = models.PositiveIntegerField(_("並び順"), default=0)
    is_active = models.BooleanField(_("使用中"), default=True)
    # The item of the national survey's list this item is counted in (tsunagu.core.lists.
    # NATIONAL_CATEGORIES); blank: its own code when that is a national item, else その他.
    national_code = models.SlugField(
        _("国の分類"), max_length=40, blank=True,
        help_text=_("国の調査の表で、この項目を数える分類。独自の項目（FAX など）をまとめる先。"),
    )

    objects = ListItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("マスタ項目")
        verbose_name_plural = _("マスタ項目")
        ordering = ["kind", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["region", "kind", "code"], name="listitem_unique_code"),
            models.UniqueConstraint(fields=["region", "kind", "label"],
                                    name="listitem_unique_label"),
        ]

    def __str__(self) -> str:
        return self.label

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.replace(",", "、").split("、") if a.strip()]


def _new_session_salt() -> str:
    return secrets.token_hex(16)


class User(AbstractUser):
    """A staff or member account. Its role decides what it may see (tsunagu.core.access)."""

    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("圏域"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("所属"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("担当市町村"),
    )
    role = models.CharField(_("役割"), max_length=30, choices=Role.choices, blank=True)
    display_name = models.CharField(_("表示名"), max_length=100, blank=True)
    # Rotating this value signs the user out of every session (see get_session_auth_hash).
    session_salt = models.CharField(max_length=32, default=_new_session_salt, editable=False)

    class Meta:
        verbose_name = _("利用者アカウント")
        verbose_name_plural = _("利用者アカウント")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="") | models.Q(region__isnull=False),
                name="user_with_role_has_region",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    # The hat worn for this request (tsunagu.core.affiliations.AffiliationMiddleware puts
    # the active affiliation's role and organization on the user). The hat lives only in
    # memory: saving a user who wears one writes every field but the three the hat covers,
    # and a change to those three while a hat is worn is refused rather than dropped.
    _worn: tuple | None = None
    HAT_FIELDS = ("role", "organization", "municipality")

    def wear(self, affiliation: "Affiliation") -> None:
        self.role = affiliation.role
        self.organization = affiliation.organization
        self.municipality = affiliation.municipality
        self.active_affiliation = affiliation
        self._worn = (self.role, self.organization_id, self.municipality_id)

    def save(self, *args, **kwargs):
        if self._worn is None:
            return super().save(*args, **kwargs)
        if (self.role, self.organization_id, self.municipality_id) != self._worn:
            raise ValueError(
                "the account's own role cannot be changed on a user wearing another hat; "
                "change it on the account fetched afresh"
            )
        fields = kwargs.pop("update_fields", None)
        if fields is None:
            fields = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.HAT_FIELDS
            ]
        else:
            hat = {*self.HAT_FIELDS, "organization_id", "municipality_id"}
            fields = [f for f in fields if f not in hat]
        return super().save(*args, update_fields=fields, **kwargs)

    def get_session_auth_hash(self) -> str:
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "tsunagu.core.User.get_session_auth_hash",
            f"{self.password}:{self.session_salt}",
            algorithm="sha256",
        ).hexdigest()


class Affiliation(models.Model):
    """One hat a user wears: an organization (or municipality) and a role. A worker seconded
    (出向) from a 相談支援事業所 to the 基幹 center holds two and switches between them; the
    active one decides what they see (tsunagu.core.affiliations). The primary affiliation
    mirrors the role and organization kept on the user."""

    user = models.ForeignKey(
        "User", on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("利用者")
    )
    role = models.CharField(_("役割"), max_length=30, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="affiliations",
        verbose_name=_("所属"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="affiliations",
        verbose_name=_("担当市町村"),
    )
    primary = models.BooleanField(_("本務"), default=False)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("所属（兼務）")
        verbose_name_plural = _("所属（兼務）")
        ordering = ["-primary", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(primary=True),
                name="affiliation_one_primary_per_user",
            ),
        ]

    def __str__(self) -> str:
        place = self.organization or self.municipality
        role = self.get_role_display()
        return f"{place}（{role}）" if place else str(role)


class AuditAction(models.TextChoices):
    CREATE = "create", _("作成")
    UPDATE = "update", _("更新")
    DELETE = "delete", _("削除")
    VIEW = "view", _("閲覧")
    EXPORT = "export", _("出力")
    LOGIN = "login", _("ログイン")
    LOGIN_FAILED = "login_failed", _("ログイン失敗")
    LOGOUT = "logout", _("ログアウト")
    OTP_FAILED = "otp_failed", _("二要素認証失敗")
    SECURITY = "security", _("セキュリティ設定")


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise PermissionError("The audit log is append-only.")

    def delete(self):  # type: ignore[override]
        raise PermissionError("The audit log is append-only.")

    def bulk_update(self, objs, fields, batch_size=None):  # type: ignore[override]
        raise PermissionError("The audit log is append-only.")

    def update_or_create(self, *args, **kwargs):  # type: ignore[override]
        raise PermissionError("The audit log is append-only.")


class AuditEntry(models.Model):
    """One line of the append-only audit log: who did what to which record, when, from where.

    It holds ids and labels, never personal data itself. Updates and deletes are refused by
    the ORM here and by database triggers (see the migration)."""

    at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("圏域"),
    )
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("利用者"),
    )
    username = models.CharField(_("ユーザー名"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=AuditAction.choices)
    target_type = models.CharField(_("対象の種類"), max_length=60, blank=True)
    target_id = models.CharField(_("対象ID"), max_length=64, blank=True)
    summary = models.CharField(_("内容"), max_length=300, blank=True)
    # The whole line when ``summary`` had to be cut: the query and every id a list showed.
    # Nullable so that adding it is a plain ALTER TABLE ADD COLUMN (the table keeps its
    # append-only triggers; SQLite would otherwise rebuild it).
    detail = models.TextField(_("詳細"), null=True, blank=True)  # noqa: DJ001
    ip_address = models.GenericIPAddressField(_("接続元"), null=True, blank=True)
    path = models.CharField(_("画面・コマンド"), max_length=300, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("監査ログ")
        verbose_name_plural = _("監査ログ")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["region", "-at"], name="audit_region_at"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.target_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


class Notification(models.Model):
    """A message to one user inside tsunagu (お知らせ), e.g. that a resource now exists for a
    need they recorded. Written by the service that has something to say; shown on the
    dashboard and at /notifications/; also mailed when the user has an address."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("宛先")
    )
    subject = models.CharField(_("件名"), max_length=200)
    body = models.TextField(_("本文"), blank=True)
    url = models.CharField(_("リンク"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)
    read_at = models.DateTimeField(_("既読日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.subject


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("送信待ち")
    SENT = "sent", _("送信済み")
    FAILED = "failed", _("送信失敗")


class OutboxMail(models.Model):
    """A mail waiting to leave. Services queue mail here (``core.mail.mail_queue``) inside
    their transaction; a background worker (``tsunagu mail send``, also run by ``tsunagu
    serve``) delivers it — never the request. A mail that fails is retried a few times and
    then kept as failed, so nothing is lost silently."""

    to = models.JSONField(_("宛先"), default=list)
    subject = models.CharField(_("件名"), max_length=300)
    body = models.TextField(_("本文"))
    # [{"filename": ..., "content_type": ..., "content": base64}] — small files only
    attachments = models.JSONField(_("添付"), default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("状態"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("試行回数"), default=0)
    last_error = models.CharField(_("最後のエラー"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("次の試行"), null=True, blank=True)
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("送信待ちメール")
        verbose_name_plural = _("送信待ちメール")
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return self.subject


class JobRun(models.Model):
    """One row per background job (``tsunagu.core.jobs``): who holds it now and when it last
    ran. A runner claims a job with one conditional update on this row, so two runners — two
    `tsunagu jobs` by mistake, or `tsunagu serve` beside one — never run the same job at the
    same time, on SQLite as on PostgreSQL. ``/healthz`` reads it to say whether jobs run."""

    name = models.CharField(max_length=50, unique=True)
    holder = models.CharField(max_length=100, blank=True)  # host:pid of the runner holding it
    lease_until = models.DateTimeField(null=True, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_ok = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("定期処理")
        verbose_name_plural = _("定期処理")

    def __str__(self) -> str:
        return self.name
