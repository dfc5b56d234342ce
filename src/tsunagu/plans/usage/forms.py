"""Forms of the 受給者証, the サービス等利用計画 (rows by 優先順位, the 週間計画表), its steps
(支給決定, 本計画) and the モニタリング報告書."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core.dates import wareki
from tsunagu.core.fields import JapaneseDateField
from tsunagu.plans.models import MonitoringInterval
from tsunagu.plans.usage.models import Achievement, SupportCategory, UsagePlanItem, Weekday
from tsunagu.plans.usage.services import ITEM_FIELDS, ItemInput, MonitoringItemInput, WeeklyInput

BLANK_ITEMS = 2
BLANK_WEEKLY = 4


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class CertificateForm(forms.Form):
    number = forms.CharField(label=_("受給者証番号"), max_length=10, help_text=_("10桁の数字"))
    decided_from = JapaneseDateField(label=_("支給決定期間（開始）"))
    decided_until = JapaneseDateField(label=_("支給決定期間（終了）"))
    support_category = forms.ChoiceField(label=_("障害支援区分"), choices=SupportCategory.choices)
    services = forms.CharField(
        label=_("サービス種類と支給量"),
        max_length=2000,
        widget=_text(3),
        help_text=_("1行に1つ。例：生活介護 22日/月"),
    )
    copay_limit = forms.IntegerField(label=_("利用者負担上限月額（円）"), min_value=0)
    monitoring_interval = forms.TypedChoiceField(
        label=_("モニタリング期間"),
        choices=MonitoringInterval.choices,
        coerce=int,
        widget=forms.RadioSelect,
        initial=MonitoringInterval.QUARTERLY,
    )


class UsagePlanForm(forms.Form):
    for_child = forms.BooleanField(label=_("障害児支援利用計画（18歳未満）"), required=False)
    written_on = JapaneseDateField(label=_("計画作成日"))
    wishes = forms.CharField(
        label=_("利用者及びその家族の生活に対する意向（希望する生活）"),
        max_length=5000,
        widget=_text(4),
    )
    policy = forms.CharField(label=_("総合的な援助の方針"), max_length=5000, widget=_text(3))
    long_goal = forms.CharField(label=_("長期目標"), max_length=2000, widget=_text(2))
    short_goal = forms.CharField(label=_("短期目標"), max_length=2000, widget=_text(2))
    life_overview = forms.CharField(
        label=_("サービス提供によって実現する生活の全体像"),
        max_length=3000,
        required=False,
        widget=_text(3),
    )
    daily_activities = forms.CharField(
        label=_("主な日常生活上の活動"), max_length=2000, required=False, widget=_text(2)
    )
    non_weekly_services = forms.CharField(
        label=_("週単位以外のサービス"), max_length=2000, required=False, widget=_text(2)
    )


class ItemForm(forms.Form):
    """One row by 優先順位. A row left without 課題 and 目標 is not saved."""

    issue = forms.CharField(
        label=_("解決すべき課題（本人のニーズ）"), max_length=2000, required=False, widget=_text(2)
    )
    goal = forms.CharField(label=_("支援目標"), max_length=2000, required=False, widget=_text(2))
    achieve_by = forms.CharField(
        label=_("達成時期"), max_length=50, required=False, help_text=_("例：6か月後")
    )
    services = forms.CharField(
        label=_("福祉サービス等（種類・内容・量（頻度・時間））"),
        max_length=2000,
        required=False,
        widget=_text(2),
    )
    role = forms.CharField(
        label=_("課題解決のための本人の役割"), max_length=2000, required=False, widget=_text(2)
    )
    evaluate_at = forms.CharField(
        label=_("評価時期"), max_length=50, required=False, help_text=_("例：3か月後")
    )
    notes = forms.CharField(
        label=_("その他留意事項"), max_length=2000, required=False, widget=_text(2)
    )

    def as_input(self) -> ItemInput | None:
        data = getattr(self, "cleaned_data", None) or {}
        if not (data.get("issue") or "").strip() and not (data.get("goal") or "").strip():
            return None
        return ItemInput(**{f: data.get(f) or "" for f in ITEM_FIELDS})


class WeeklyForm(forms.Form):
    """One box of the 週間計画表. Left without 内容: not saved."""

    weekday = forms.TypedChoiceField(label=_("曜日"), choices=Weekday.choices, coerce=int)
    starts_at = forms.TimeField(
        label=_("開始"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label=_("終了"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    activity = forms.CharField(label=_("内容"), max_length=100, required=False)

    def clean(self) -> dict:
        data = super().clean()
        if (data.get("activity") or "").strip():
            for name in ("starts_at", "ends_at"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("時刻を入力してください。"))
        return data

    def as_input(self) -> WeeklyInput | None:
        data = getattr(self, "cleaned_data", None) or {}
        if not (data.get("activity") or "").strip():
            return None
        return WeeklyInput(data["weekday"], data["starts_at"], data["ends_at"], data["activity"])


ItemFormSet = forms.formset_factory(ItemForm, extra=0)
WeeklyFormSet = forms.formset_factory(WeeklyForm, extra=0)


def item_formset(data=None, *, items=()):
    initial = [{f: getattr(i, f) for f in ITEM_FIELDS} for i in items]
    initial += [{}] * (BLANK_ITEMS if initial else 3)
    return ItemFormSet(data, initial=initial, prefix="items")


def weekly_formset(data=None, *, weekly=()):
    initial = [
        {
            "weekday": w.weekday,
            "starts_at": w.starts_at,
            "ends_at": w.ends_at,
            "activity": w.activity,
        }
        for w in weekly
    ]
    initial += [{}] * BLANK_WEEKLY
    return WeeklyFormSet(data, initial=initial, prefix="weekly")


class DecideForm(forms.Form):
    decided_on = JapaneseDateField(label=_("支給決定日"))
    certificate = forms.ModelChoiceField(label=_("受給者証"), queryset=None)

    def __init__(self, *args: Any, certificates, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["certificate"].queryset = certificates
        self.fields["certificate"].label_from_instance = lambda c: (
            _("%(number)s（%(start)s〜%(end)s）")
            % {"number": c.number, "start": wareki(c.decided_from), "end": wareki(c.decided_until)}
        )


class FinalizeForm(forms.Form):
    written_on = JapaneseDateField(label=_("計画作成日"))
    consented_on = JapaneseDateField(label=_("同意日"), help_text=_("本人が計画に同意した日"))
    starts_on = JapaneseDateField(
        label=_("計画開始"), help_text=_("モニタリングはここから支給決定の期間ごと。")
    )


class MonitoringForm(forms.Form):
    monitored_on = JapaneseDateField(label=_("モニタリング実施日"), allow_future=False)
    overall = forms.CharField(label=_("全体の状況"), max_length=5000, widget=_text(4))
    consented_on = JapaneseDateField(label=_("同意日"), required=False)


class MonitoringItemForm(forms.Form):
    """One goal of the plan as the report finds it."""

    service_status = forms.CharField(
        label=_("サービス提供状況（事業者からの聞き取り）"),
        max_length=2000,
        required=False,
        widget=_text(2),
    )
    satisfaction = forms.CharField(
        label=_("本人の感想・満足度"), max_length=2000, required=False, widget=_text(2)
    )
    achievement = forms.ChoiceField(
        label=_("支援目標の達成度（ニーズの充足度）"),
        choices=Achievement.choices,
        widget=forms.RadioSelect,
    )
    next_steps = forms.CharField(
        label=_("今後の課題・解決方法"), max_length=2000, required=False, widget=_text(2)
    )
    change_kind = forms.BooleanField(label=_("サービス種類の変更が必要"), required=False)
    change_amount = forms.BooleanField(label=_("サービス量の変更が必要"), required=False)
    change_weekly = forms.BooleanField(label=_("週間計画の変更が必要"), required=False)
    notes = forms.CharField(
        label=_("その他留意事項"), max_length=2000, required=False, widget=_text(2)
    )

    def __init__(self, *args: Any, item: UsagePlanItem, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"item{item.pk}", **kwargs)
        self.item = item

    def as_input(self) -> MonitoringItemInput:
        return MonitoringItemInput(plan_item=self.item, **self.cleaned_data)
