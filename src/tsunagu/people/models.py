"""People on record (利用者). Personal data: 要配慮個人情報.

Reach these only through tsunagu.people.selectors, which scope by role and region and
write the audit entry for every view."""

from datetime import date

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tsunagu.core.dates import today_local
from tsunagu.core.locking import lock_version_field
from tsunagu.core.models import ListItem, Municipality, Organization, Region, User


class Gender(models.TextChoices):
    FEMALE = "female", _("女性")
    MALE = "male", _("男性")
    OTHER = "other", _("その他")


class SupportCategory(models.TextChoices):
    """障害支援区分 (children have none)."""

    NOT_APPLICABLE = "none", _("非該当")
    C1 = "1", _("区分1")
    C2 = "2", _("区分2")
    C3 = "3", _("区分3")
    C4 = "4", _("区分4")
    C5 = "5", _("区分5")
    C6 = "6", _("区分6")


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
    gender = models.CharField(_("性別"), max_length=10, choices=Gender.choices, blank=True)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("住所（町域・番地・建物）"), max_length=300, blank=True)
    phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    contact_note = models.CharField(_("連絡先の備考"), max_length=300, blank=True)
    support_category = models.CharField(_("障害支援区分"), max_length=4,
                                        choices=SupportCategory.choices, blank=True)
    intractable_disease = models.CharField(_("難病（疾病名）"), max_length=200, blank=True)
    school_leaving_year = models.PositiveSmallIntegerField(
        _("特別支援学校の卒業予定年度"), null=True, blank=True,
        help_text=_("卒業する年度（例: 2026 = 令和8年度、翌年3月卒業）。卒業後の進路の将来予測に使います。"),
    )
    external_id = models.CharField(
        _("旧システムの利用者ID"), max_length=64, blank=True,
        help_text=_("取り込み元の利用者ID。同じIDの再取り込みは更新になります。"),
    )
    assigned_staff = models.ManyToManyField(User, blank=True, related_name="assigned_persons",
                                            verbose_name=_("担当職員"))
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from",
        verbose_name=_("統合先"), help_text=_("重複として統合された記録は、統合先を指します。"),
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

    lock_version = lock_version_field()  # tsunagu.core.locking

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")
        ordering = ["family_name_kana", "given_name_kana", "pk"]
        indexes = [
            # Covers the person search: filter by region, scan search_key in list order and
            # stop at the first page, without touching the table (see docs/benchmarks.md).
            models.Index(
                fields=["region", "family_name_kana", "given_name_kana", "id", "search_key",
                        "merged_into"],
                name="person_search",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "external_id"], condition=~models.Q(external_id=""),
                name="person_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana} {self.given_name_kana}".strip()

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    @property
    def age_today(self) -> int | None:
        """Age in full years today (local date), for lists that tell same-name persons apart."""
        return self.age_on(today_local())

    def age_on(self, day: date) -> int | None:
        """Age in full years on ``day`` (None without a birth date)."""
        if self.birth_date is None:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class PersonDisability(models.Model):
    """A person's 障害種別; a person may have several, one of them 主たる障害."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    disability_type = models.ForeignKey(ListItem, on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("障害種別"))
    is_primary = models.BooleanField(_("主たる障害"), default=False)

    class Meta:
        verbose_name = _("障害種別")
        verbose_name_plural = _("障害種別")
        constraints = [
            models.UniqueConstraint(fields=["person", "disability_type"],
                                    name="persondisability_unique"),
        ]

    def __str__(self) -> str:
        return str(self.disability_type)


class CertificateKind(models.TextChoices):
    PHYSICAL = "physical", _("身体障害者手帳")
    RYOIKU = "ryoiku", _("療育手帳")
    MENTAL = "mental", _("精神障害者保健福祉手帳")


def _grade_text(grade: int) -> str:
    return gettext("%(grade)d級") % {"grade": grade}


_grade = lazy(_grade_text, str)  # translated when shown, like gettext_lazy

# Grades by certificate. 療育手帳 uses Chiba's grades, stored as codes: Ⓐ cannot be written in
# CP932, so files show ○A (see tsunagu.core.text.to_cp932) while pages show Ⓐ.
CERTIFICATE_GRADES: dict[str, list[tuple[str, str]]] = {
    CertificateKind.PHYSICAL: [(str(g), _grade(g)) for g in range(1, 7)],
    CertificateKind.RYOIKU: [
        ("maru_a1", _("Ⓐの1")), ("maru_a2", _("Ⓐの2")), ("maru_a", _("Ⓐ")),
        ("a1", _("Aの1")), ("a2", _("Aの2")), ("b1", _("Bの1")), ("b2", _("Bの2")),
    ],
    CertificateKind.MENTAL: [(str(g), _grade(g)) for g in range(1, 4)],
}

BODY_PARTS = [("visual", _("視覚")), ("hearing", _("聴覚")), ("speech", _("言語")),
              ("limb", _("肢体")), ("internal", _("内部"))]


class Certificate(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("手帳の種類"), max_length=20, choices=CertificateKind.choices)
    grade = models.CharField(_("等級・程度"), max_length=20)
    body_parts = models.CharField(_("障害部位"), max_length=100, blank=True,
                                  help_text=_("身体障害者手帳のみ。コードをカンマ区切り。"))
    expires_on = models.DateField(_("有効期限"), null=True, blank=True)

    class Meta:
        verbose_name = _("障害者手帳")
        verbose_name_plural = _("障害者手帳")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.grade_label}"

    @property
    def grade_label(self) -> str:
        return str(dict(CERTIFICATE_GRADES.get(self.kind, [])).get(self.grade, self.grade))

    @property
    def body_part_labels(self) -> list[str]:
        labels = dict(BODY_PARTS)
        return [str(labels.get(code, code)) for code in self.body_parts.split(",") if code]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.grade not in dict(CERTIFICATE_GRADES.get(self.kind, [])):
            raise ValidationError({"grade": _("この手帳にない等級です。")})
        parts = [p for p in self.body_parts.split(",") if p]
        if parts and self.kind != CertificateKind.PHYSICAL:
            raise ValidationError({"body_parts": _("障害部位は身体障害者手帳だけに記録します。")})
        if any(p not in dict(BODY_PARTS) for p in parts):
            raise ValidationError({"body_parts": _("障害部位が正しくありません。")})


class Caregiver(models.Model):
    """A household member or key caregiver; the birth year serves 親亡き後 foresight."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="caregivers")
    relation = models.CharField(_("続柄"), max_length=30)
    name = models.CharField(_("氏名"), max_length=100, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("生まれ年"), null=True, blank=True)
    lives_together = models.BooleanField(_("同居"), default=True)
    is_key = models.BooleanField(_("主な介護者"), default=False)
    note = models.CharField(_("備考"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("家族・介護者")
        verbose_name_plural = _("家族・介護者")
        ordering = ["-is_key", "pk"]

    def __str__(self) -> str:
        return f"{self.relation} {self.name}".strip()

    def age_in(self, year: int) -> int | None:
        """The age reached in ``year`` (only the birth year is known)."""
        return None if self.birth_year is None else year - self.birth_year


class ConsentScope(models.TextChoices):
    INFO_SHARING = "info_sharing", _("関係機関への情報提供")
    COUNCIL_ANONYMOUS = "council_anonymous", _("協議会での匿名事例検討")
    DISASTER_ROSTER = "disaster_roster", _("災害時の名簿提供")


class ConsentStatus(models.TextChoices):
    """A consent's state on a given day (computed, not stored)."""

    VALID = "valid", _("有効")
    EXPIRED = "expired", _("期限切れ")
    WITHDRAWN = "withdrawn", _("撤回済み")
    PENDING = "pending", _("開始前")


class Consent(models.Model):
    """同意: what the person agreed to share, with whom, from when until when."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("同意の範囲"), max_length=30, choices=ConsentScope.choices)
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="+", verbose_name=_("提供先の機関"),
        help_text=_("関係機関への情報提供の場合、提供してよい機関。"),
    )
    given_on = models.DateField(_("同意日"))
    expires_on = models.DateField(_("有効期限"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤回日"), null=True, blank=True)
    note = models.CharField(_("備考"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("記録者"))

    class Meta:
        verbose_name = _("同意")
        verbose_name_plural = _("同意")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.given_on:%Y-%m-%d}"

    def is_valid_on(self, day) -> bool:
        if self.given_on > day:
            return False
        if self.expires_on and self.expires_on < day:
            return False
        return not (self.withdrawn_on and self.withdrawn_on <= day)

    def status_on(self, day: date) -> str:
        """One of ConsentStatus: withdrawn, expired, not yet in force, or valid."""
        if self.withdrawn_on and self.withdrawn_on <= day:
            return ConsentStatus.WITHDRAWN
        if self.expires_on and self.expires_on < day:
            return ConsentStatus.EXPIRED
        if self.given_on > day:
            return ConsentStatus.PENDING
        return ConsentStatus.VALID


class DuplicateReviewOutcome(models.TextChoices):
    DISTINCT = "distinct", _("別人と確認")
    MERGED = "merged", _("統合済み")


class DuplicateReview(models.Model):
    """A possible duplicate that could not be shown to the user who registered ``person``:
    ``existing`` has the same reading and birth date but lies outside that user's scope
    (another organization's client). The registrant is told nothing (telling would reveal
    that ``existing`` is a client of the center); center staff review the pair instead and
    merge the two records or confirm they are different people."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("圏域"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("登録された記録"))
    existing = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("既存の記録"))
    registered_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("登録した職員"))
    organization = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+", verbose_name=_("登録した機関"))
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    closed_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    closed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("確認した職員"))
    outcome = models.CharField(_("確認の結果"), max_length=10, blank=True,
                               choices=DuplicateReviewOutcome.choices)

    class Meta:
        verbose_name = _("重複の可能性（要確認）")
        verbose_name_plural = _("重複の可能性（要確認）")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["region", "person", "existing"],
                                    name="duplicate_review_unique_pair"),
        ]
        indexes = [models.Index(fields=["region", "closed_at"], name="duplicate_review_open")]

    def __str__(self) -> str:
        return f"{self.person_id} / {self.existing_id}"
