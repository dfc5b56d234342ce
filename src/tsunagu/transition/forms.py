"""Forms of 地域移行・地域定着."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core.fields import JapaneseDateField
from tsunagu.transition.models import AdmissionType, ResponseMethod, StayKind, StepKind


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class StayForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("入院・入所"), choices=StayKind.choices, widget=forms.RadioSelect
    )
    place = forms.CharField(label=_("病院・施設名"), max_length=200)
    since = JapaneseDateField(label=_("入院・入所日"), allow_future=False)
    admission_type = forms.ChoiceField(label=_("入院形態など"), choices=AdmissionType.choices)
    notes = forms.CharField(label=_("備考"), max_length=3000, required=False, widget=_text())


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=_("支援の内容"), choices=StepKind.choices)
    on = JapaneseDateField(label=_("実施日"))
    note = forms.CharField(label=_("記録"), max_length=3000, required=False, widget=_text())


class SettlementForm(forms.Form):
    starts_on = JapaneseDateField(label=_("支援開始日"))
    notes = forms.CharField(
        label=_("緊急時に備えて把握していること"),
        max_length=3000,
        required=False,
        widget=_text(),
        help_text=_("服薬、かかりつけ医、不調のサイン、落ち着ける方法など。"),
    )


class ContactForm(forms.Form):
    name = forms.CharField(label=_("連絡先（人・機関）"), max_length=200)
    relation = forms.CharField(label=_("続柄・役割"), max_length=100, required=False)
    phone = forms.CharField(label=_("電話番号"), max_length=30)
    hours = forms.CharField(
        label=_("連絡できる時間"), max_length=100, required=False, help_text=_("空欄なら24時間")
    )
    sort_order = forms.IntegerField(label=_("連絡する順"), min_value=1, max_value=99, initial=1)


class ResponseForm(forms.Form):
    occurred_at = forms.DateTimeField(
        label=_("日時"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    method = forms.ChoiceField(label=_("対応方法"), choices=ResponseMethod.choices)
    content = forms.CharField(label=_("状況と対応"), max_length=5000, widget=_text(4))
    outcome = forms.CharField(
        label=_("結果・その後"), max_length=3000, required=False, widget=_text()
    )
