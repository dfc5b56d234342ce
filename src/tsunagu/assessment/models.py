"""地域診断 (community assessment): what the region is (profile, population), what residents
need (surveys, hearings) and what it has (the directory), brought together per municipality.

De-identified throughout: population figures come from official tables, survey answers are
anonymous (no personal data is asked), hearing notes are written as summaries, and needs from
the records of the center are only ever counts of distinct persons (tsunagu.assessment.gaps).
Every imported figure keeps its source and date (``PopulationDataset``)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core.models import ListItem, Municipality, Region, User


class RegionProfile(models.Model):
    """Narrative of the region (municipality empty) or of one municipality (① 地域特性)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("市町村"),
    )
    history = models.TextField(_("歴史"), blank=True)
    industries = models.TextField(_("主な産業"), blank=True)
    character = models.TextField(_("風土・地域の特徴"), blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("地域の概要")
        verbose_name_plural = _("地域の概要")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "municipality"], name="assessment_profile_unique"
            ),
            models.UniqueConstraint(
                fields=["region"],
                condition=models.Q(municipality__isnull=True),
                name="assessment_profile_region_unique",
            ),
        ]

    def __str__(self) -> str:
        return str(self.municipality or self.region)


class DatasetKind(models.TextChoices):
    CENSUS = "census", _("国勢調査")
    REGISTRY = "registry", _("住民基本台帳")
    PROJECTION = "projection", _("将来推計人口")
    OFFICIAL = "official", _("公表統計")


class PopulationDataset(models.Model):
    """One imported table: where the figures come from and as of when. Shown under every
    chart and table that uses them."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("種類"), max_length=20, choices=DatasetKind.choices)
    source_name = models.CharField(_("出典"), max_length=300)
    source_date = models.CharField(
        _("調査年・基準日・公表日"), max_length=100,
        help_text=_("例: 2020年10月1日現在、令和5年12月公表"),
    )
    layout = models.CharField(_("ファイルの形式"), max_length=40)
    filename = models.CharField(_("ファイル名"), max_length=200, blank=True)
    is_fictional = models.BooleanField(_("架空のデータ"), default=False)
    imported_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("取り込み日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("人口データ")
        verbose_name_plural = _("人口データ")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        return f"{self.source_name}（{self.source_date}）"


class Sex(models.TextChoices):
    TOTAL = "T", _("男女計")
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class PopulationFigure(models.Model):
    """A count of persons: municipality × 基準日 × age group × sex. ``age_from`` empty = all
    ages (総数), or 年齢不詳 with ``age_unknown``; ``age_to`` empty with ``age_from`` set = the
    open top group (85歳以上). ``year`` is the year of ``on_date`` (the charts read by year:
    the latest 基準日 of each year)."""

    dataset = models.ForeignKey(
        PopulationDataset, on_delete=models.CASCADE, related_name="figures"
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年"))
    on_date = models.DateField(_("基準日"))
    age_unknown = models.BooleanField(_("年齢不詳"), default=False)
    age_from = models.PositiveSmallIntegerField(null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.TOTAL)
    value = models.PositiveIntegerField(_("人数"))

    class Meta:
        verbose_name = _("人口")
        verbose_name_plural = _("人口")
        indexes = [models.Index(fields=["dataset", "municipality"], name="assess_fig_ds_muni")]

    def __str__(self) -> str:
        return f"{self.municipality_id}:{self.year}:{self.sex}:{self.age_from}-{self.age_to}"


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("単一選択")
    MULTIPLE = "multiple", _("複数選択")
    SCALE = "scale", _("段階評価（1〜5）")
    TEXT = "text", _("自由記述")


class Survey(models.Model):
    """A needs survey (住民ニーズ調査). Answers are anonymous: no question asks for a name."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("調査名"), max_length=200)
    description = models.TextField(_("説明（回答する方へ）"), blank=True)
    token = models.SlugField(max_length=32, unique=True, editable=False)
    is_open = models.BooleanField(
        _("ウェブで回答を受け付ける"), default=False,
        help_text=_("受け付け中は、ログインなしの公開ページで回答できます。"),
    )
    ask_municipality = models.BooleanField(_("お住まいの市町村をたずねる"), default=True)
    is_fictional = models.BooleanField(_("架空の調査（デモ）"), default=False)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("ニーズ調査")
        verbose_name_plural = _("ニーズ調査")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(12)


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(_("番号"))
    text = models.CharField(_("質問"), max_length=300)
    kind = models.CharField(_("回答の形式"), max_length=10, choices=QuestionKind.choices)
    choices = models.JSONField(_("選択肢"), default=list, blank=True)
    required = models.BooleanField(_("回答必須"), default=False)

    class Meta:
        verbose_name = _("質問")
        verbose_name_plural = _("質問")
        ordering = ["survey", "number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="assess_question_number")
        ]

    def __str__(self) -> str:
        return f"Q{self.number}. {self.text}"

    @property
    def is_choice(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class ResponseSource(models.TextChoices):
    WEB = "web", _("ウェブ")
    IMPORT = "import", _("取り込み")


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("お住まいの市町村"),
    )
    source = models.CharField(max_length=10, choices=ResponseSource.choices)
    # The one-time number of the form a web answer came from: the same form is not
    # counted twice (double click, reload). Empty for imported answers.
    nonce = models.CharField(max_length=40, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("回答")
        verbose_name_plural = _("回答")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "nonce"], condition=~models.Q(nonce=""),
                name="assess_response_nonce",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # single/multiple: the chosen choices; scale: [n]; text: [].
    values = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)
    tags = models.ManyToManyField(
        ListItem, blank=True, related_name="+", verbose_name=_("課題分類")
    )

    class Meta:
        verbose_name = _("回答内容")
        verbose_name_plural = _("回答内容")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="assess_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_id}"


class HearingKind(models.TextChoices):
    HEARING = "hearing", _("ヒアリング")
    ZADANKAI = "zadankai", _("住民座談会")


class Hearing(models.Model):
    """Notes of a hearing or a 住民座談会, written as a summary (no names), tagged."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("種類"), max_length=10, choices=HearingKind.choices)
    title = models.CharField(_("テーマ・相手先"), max_length=200)
    held_on = models.DateField(_("実施日"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("市町村"),
    )
    participants = models.PositiveIntegerField(_("参加人数"), null=True, blank=True)
    notes = models.TextField(_("記録（要旨）"))
    categories = models.ManyToManyField(
        ListItem, blank=True, related_name="+", verbose_name=_("課題分類")
    )
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ヒアリング・座談会")
        verbose_name_plural = _("ヒアリング・座談会")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class GapNote(models.Model):
    """The council's reading of one gap (municipality × need category): highlighted or not,
    and the four viewpoints. When linked to a community issue, the issue's viewpoints are
    used wherever these are empty."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(ListItem, on_delete=models.PROTECT, related_name="+")
    highlighted = models.BooleanField(_("重点課題として示す"), default=True)
    issue = models.ForeignKey(
        "council.CommunityIssue", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("関連する地域課題"),
    )
    viewpoint_diversity = models.TextField(_("問題の多様性"), blank=True)
    viewpoint_sociality = models.TextField(_("問題の社会性"), blank=True)
    viewpoint_commonality = models.TextField(_("問題の共通性"), blank=True)
    viewpoint_foresight = models.TextField(_("将来予測"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ギャップの所見")
        verbose_name_plural = _("ギャップの所見")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "municipality", "category"], name="assess_gapnote_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}:{self.category_id}"


class Boundary(models.Model):
    """Municipality boundaries (GeoJSON, e.g. 国土数値情報 N03) for the choropleth."""

    region = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="+")
    source_name = models.CharField(_("出典"), max_length=300)
    # code -> list of rings [[lon, lat], ...] (outer rings only), simplified on import.
    shapes = models.JSONField(default=dict)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("市町村境界")
        verbose_name_plural = _("市町村境界")

    def __str__(self) -> str:
        return str(self.source_name)
