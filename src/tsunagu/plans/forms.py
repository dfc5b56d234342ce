"""Forms of assessments, plans (with rows of goals and of supports) and monitoring."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core.dates import today_local, wareki
from tsunagu.core.fields import JapaneseDateField
from tsunagu.plans.models import (
    Assessment,
    GoalResult,
    GoalTerm,
    MonitoringInterval,
    PlanGoal,
    SupportKind,
)
from tsunagu.plans.services import ASSESSMENT_FIELDS, GoalInput, ServiceInput


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class AssessmentForm(forms.ModelForm):
    assessed_on = JapaneseDateField(label=_("実施日"), allow_future=False)

    class Meta:
        model = Assessment
        fields = list(ASSESSMENT_FIELDS)
        widgets = {name: _text() for name in ASSESSMENT_FIELDS if name != "assessed_on"}


class PlanForm(forms.Form):
    """The plan itself; its goals and supports are the two formsets below."""

    staff = forms.ModelChoiceField(label=_("相談支援専門員"), queryset=None)
    assessment = forms.ModelChoiceField(
        label=_("もとにしたアセスメント"),
        queryset=None,
        required=False,
        empty_label=_("（なし）"),
    )
    wished_life = forms.CharField(
        label=_("本人の望む暮らし"),
        max_length=5000,
        widget=_text(4),
        help_text=_("ご本人が望む生活を、できるだけご本人の言葉で書きます。"),
    )
    family_wishes = forms.CharField(
        label=_("家族の意向"), max_length=5000, required=False, widget=_text(2)
    )
    policy = forms.CharField(
        label=_("総合的な援助の方針"), max_length=5000, required=False, widget=_text(3)
    )
    starts_on = JapaneseDateField(label=_("計画開始日"))
    monitoring_interval = forms.TypedChoiceField(
        label=_("モニタリングの頻度"),
        choices=MonitoringInterval.choices,
        coerce=int,
        widget=forms.RadioSelect,
        initial=MonitoringInterval.QUARTERLY,
    )
    next_monitoring_on = JapaneseDateField(
        label=_("次回モニタリング予定日"),
        required=False,
        help_text=_("空欄なら、計画開始日から頻度に応じた日になります。例：R6.7.1"),
    )

    def __init__(self, *args: Any, staff_choices, assessments, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_choices
        self.fields["assessment"].queryset = assessments
        self.fields["assessment"].label_from_instance = lambda a: (
            _("%(date)s のアセスメント") % {"date": wareki(a.assessed_on)}
        )


class GoalForm(forms.Form):
    """One goal row. A row left without text is not saved (that is how a goal is removed)."""

    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    term = forms.ChoiceField(label=_("種類"), choices=GoalTerm.choices, initial=GoalTerm.SHORT)
    text = forms.CharField(label=_("目標"), max_length=1000, required=False, widget=_text(2))
    achieve_by = JapaneseDateField(label=_("達成時期"), required=False, help_text=_("例：R7.3.31"))

    def as_input(self) -> GoalInput | None:
        data = getattr(self, "cleaned_data", None) or {}
        if not (data.get("text") or "").strip():
            return None
        return GoalInput(
            term=data["term"],
            text=data["text"],
            achieve_by=data.get("achieve_by"),
            pk=data.get("pk"),
        )


class ServiceForm(forms.Form):
    """Who does what: one support row, formal or informal. Left without content: not saved."""

    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("区分"), choices=SupportKind.choices)
    content = forms.CharField(label=_("支援の内容"), max_length=300, required=False)
    provider = forms.CharField(label=_("誰が（担当）"), max_length=200, required=False)
    frequency = forms.CharField(label=_("頻度・時間"), max_length=100, required=False)

    def clean(self) -> dict:
        data = super().clean()
        if (data.get("content") or "").strip() and not (data.get("provider") or "").strip():
            self.add_error("provider", _("誰が担当するかを入力してください。"))
        return data

    def as_input(self) -> ServiceInput | None:
        data = getattr(self, "cleaned_data", None) or {}
        if not (data.get("content") or "").strip():
            return None
        return ServiceInput(
            kind=data["kind"],
            content=data["content"],
            provider=data["provider"],
            frequency=data.get("frequency") or "",
            pk=data.get("pk"),
        )


GoalFormSet = forms.formset_factory(GoalForm, extra=0)
ServiceFormSet = forms.formset_factory(ServiceForm, extra=0)
BLANK_GOALS = 2
BLANK_SERVICES = 3


def goal_formset(data=None, *, goals=(), blank: int = BLANK_GOALS, keep_pk: bool = True):
    """Rows for ``goals`` (existing PlanGoal or GoalInput) and ``blank`` empty ones. A new
    plan starts with one long-term and three short-term rows."""
    initial = [
        {
            "pk": g.pk if keep_pk else None,
            "term": g.term,
            "text": g.text,
            "achieve_by": g.achieve_by,
        }
        for g in goals
    ]
    if not initial:
        initial = [{"term": GoalTerm.LONG}] + [{"term": GoalTerm.SHORT}] * 3
        blank = 0
    initial += [{"term": GoalTerm.SHORT}] * blank
    return GoalFormSet(data, initial=initial, prefix="goals")


def service_formset(data=None, *, services=(), blank: int = BLANK_SERVICES, keep_pk: bool = True):
    initial = [
        {
            "pk": s.pk if keep_pk else None,
            "kind": s.kind,
            "content": s.content,
            "provider": s.provider,
            "frequency": s.frequency,
        }
        for s in services
    ]
    if not initial:
        initial = [{"kind": SupportKind.FORMAL}] * 3 + [{"kind": SupportKind.INFORMAL}] * 2
        blank = 0
    initial += [{"kind": SupportKind.FORMAL}] * blank
    return ServiceFormSet(data, initial=initial, prefix="services")


class PlanEndForm(forms.Form):
    ended_on = JapaneseDateField(label=_("終了日"), allow_future=False)
    reason = forms.CharField(label=_("終了の理由"), max_length=300, required=False)


class MonitoringForm(forms.Form):
    monitored_on = JapaneseDateField(label=_("実施日"), allow_future=False)
    person_words = forms.CharField(
        label=_("本人の言葉"),
        max_length=5000,
        required=False,
        widget=_text(3),
        help_text=_("計画や暮らしについて、ご本人が話したこと。"),
    )
    summary = forms.CharField(
        label=_("全体の所見"), max_length=5000, required=False, widget=_text(3)
    )
    next_due_on = JapaneseDateField(label=_("次回モニタリング予定日"), required=False)

    def __init__(self, *args: Any, interval_label: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"monitored_on": today_local()})
        super().__init__(*args, **kwargs)
        self.fields["next_due_on"].help_text = _(
            "空欄なら実施日から計画の頻度（%(interval)s）に応じた日になります。"
        ) % {"interval": interval_label}


class GoalReviewForm(forms.Form):
    """The review of one goal: prefix ``goal-<pk>``."""

    result = forms.ChoiceField(
        label=_("評価"), choices=GoalResult.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("コメント"), max_length=2000, required=False, widget=_text(2))

    def __init__(self, *args: Any, goal: PlanGoal, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"goal-{goal.pk}", **kwargs)
        self.goal = goal
