"""Forms of the emergency register and of emergency events and trial stays."""

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core import dates
from tsunagu.core.fields import JapaneseDateField
from tsunagu.safeguarding.models import EmergencyEventKind

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M"]


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _datetime_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.Field:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class EmergencyRegistrationForm(forms.Form):
    emergency_contacts = forms.CharField(
        label=_("緊急連絡先"),
        max_length=5000,
        widget=_textarea(4),
        help_text=_("氏名・続柄（関係）・電話番号を1行に1件。夜間・休日につながる番号を先に。"),
    )
    support_policy = forms.CharField(
        label=_("緊急時の支援方針"),
        max_length=10000,
        widget=_textarea(5),
        help_text=_("介護者が急に不在になったときなど、誰が何をするか。本人が落ち着ける関わり方。"),
    )
    candidate_places = forms.CharField(
        label=_("受け入れ先の候補"),
        max_length=5000,
        required=False,
        widget=_textarea(3),
        help_text=_("短期入所・グループホームなど、順番に。連絡先も。"),
    )
    medical_notes = forms.CharField(
        label=_("医療・服薬・配慮事項"),
        max_length=10000,
        required=False,
        widget=_textarea(4),
        help_text=_("かかりつけ医、服薬、アレルギー、食事・コミュニケーション上の配慮など。"),
    )
    registered_on = JapaneseDateField(label=_("登録日"), allow_future=False)
    reviewed_on = JapaneseDateField(
        label=_("見直し日"),
        required=False,
        allow_future=False,
        help_text=_("本人・家族と内容を見直した日。1年たつと「見直し時期」と表示されます。"),
    )

    @staticmethod
    def default_initial() -> dict[str, Any]:
        return {"registered_on": dates.today_local()}


class EmergencyEventForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("種類"), choices=EmergencyEventKind.choices, widget=forms.RadioSelect
    )
    started_at = _datetime_field(_("開始日時"))
    ended_at = _datetime_field(
        _("終了日時"), required=False, help_text=_("続いている間は空欄にし、終わったら入力します。")
    )
    reason = forms.CharField(
        label=_("理由"),
        max_length=5000,
        widget=_textarea(3),
        help_text=_("介護者の急病・入院、本人の状態の変化、体験の目的など。"),
    )
    place = forms.CharField(
        label=_("受け入れ先・場所"),
        max_length=200,
        help_text=_("事業所名や場所（本人が過ごした先）。"),
    )
    note = forms.CharField(label=_("経過"), max_length=20000, required=False, widget=_textarea(4))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        started: datetime | None = data.get("started_at")
        ended: datetime | None = data.get("ended_at")
        if started and ended and ended < started:
            self.add_error("ended_at", _("終了日時は開始日時より後にしてください。"))
        return data

    @staticmethod
    def default_initial() -> dict[str, Any]:
        now = timezone.localtime(timezone.now(), dates.TOKYO).replace(second=0, microsecond=0)
        return {"kind": EmergencyEventKind.EMERGENCY, "started_at": now}
