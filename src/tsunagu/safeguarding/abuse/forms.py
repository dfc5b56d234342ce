"""Forms of abuse reports: intake (fast, keyboard only, at any hour), the next step, the
handover to the municipality, linking the person, who is on duty, and the figures' filter."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core import dates
from tsunagu.core.fields import JapaneseDateField
from tsunagu.core.models import Municipality, User
from tsunagu.safeguarding.abuse.services import type_choices
from tsunagu.safeguarding.models import (
    AbuseFinding,
    AbuseOutcome,
    AbuserCategory,
    AbuseReport,
    AbuserRelationship,
    AbuseStatus,
    IntakeChannel,
    ReporterKind,
    RoutingDestination,
    Urgency,
)

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M"]


def _now_minute() -> datetime:
    return timezone.localtime(timezone.now(), dates.TOKYO).replace(second=0, microsecond=0)


def _datetime_field(label, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        **kwargs,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class FirstFocusedRadioSelect(forms.RadioSelect):
    """Radio buttons whose first button has the focus when the page opens (one element with
    ``autofocus``, not one per button)."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        if str(option["index"]) == "0":
            option["attrs"]["autofocus"] = True
        return option


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Municipality) -> str:
        return obj.name


class AbuseIntakeForm(forms.Form):
    """In the order a call goes: when and how, who calls, about whom, what was seen."""

    received_at = _datetime_field(_("受付日時"))
    channel = forms.ChoiceField(
        label=_("通報の経路"), choices=IntakeChannel.choices, widget=FirstFocusedRadioSelect
    )
    reporter_kind = forms.ChoiceField(
        label=_("通報者の種別"), choices=ReporterKind.choices, widget=forms.RadioSelect
    )
    reporter_name = forms.CharField(
        label=_("通報者の氏名"),
        required=False,
        max_length=100,
        help_text=_("通報者を特定させるものは漏らしてはなりません（法第8条）。暗号化して保存し、"
                    "表示できるのは担当の職員だけで、表示のたびに記録が残ります。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    reporter_contact = forms.CharField(
        label=_("通報者の連絡先"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    person_description = forms.CharField(
        label=_("本人の特定につながる情報"),
        required=False,
        max_length=300,
        help_text=_("氏名・住所・通所先など。利用者として登録済みなら、後で結び付けられます。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    municipality = MunicipalityChoiceField(
        label=_("担当市町村"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("不明・未定"),
    )
    abuser_category = forms.ChoiceField(
        label=_("虐待者の種別"), choices=AbuserCategory.choices, widget=forms.RadioSelect
    )
    abuser_relationship = forms.ChoiceField(
        label=_("虐待者の続柄"),
        required=False,
        choices=[("", _("不明・未記入")), *AbuserRelationship.choices],
    )
    types = forms.MultipleChoiceField(
        label=_("虐待の種別（複数選択可）"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("虐待の種別を1つ以上選んでください。")},
    )
    urgency = forms.ChoiceField(
        label=_("緊急性"), choices=Urgency.choices, widget=forms.RadioSelect
    )
    observed = forms.CharField(
        label=_("通報の内容（見聞きしたこと）"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, region, municipality: Municipality | None = None, **kwargs):
        """``municipality``: a municipal officer receives for their own municipality only."""
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        field.queryset = Municipality.objects.filter(region=region).order_by("code")
        if municipality is not None:
            field.queryset = field.queryset.filter(pk=municipality.pk)
            field.required = True
            field.empty_label = None
            field.initial = municipality.pk
        self.fields["types"].choices = type_choices()

    @staticmethod
    def default_initial() -> dict:
        return {"received_at": _now_minute(), "channel": IntakeChannel.PHONE}


def _step_choices(report: AbuseReport, options: list[str]) -> list[tuple[str, str]]:
    choices = []
    for status in options:
        label = AbuseStatus(status).label
        if status == report.status:
            label = _("%(status)s のまま（経過を記録）") % {"status": label}
        choices.append((status, label))
    return choices


class AbuseAdvanceForm(forms.Form):
    to_status = forms.ChoiceField(label=_("段階"), choices=(), widget=forms.RadioSelect)
    at = _datetime_field(_("日時"), required=False, help_text=_("空欄なら現在の日時で記録します。"))
    note = forms.CharField(
        label=_("経過・判断"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )
    safety_confirmed = forms.BooleanField(
        label=_("この日時に本人の安全を確認した"), required=False
    )
    finding = forms.ChoiceField(
        label=_("判断"),
        required=False,
        choices=[("", _("（変更しない）")), *AbuseFinding.choices],
    )
    outcome = forms.ChoiceField(
        label=_("対応の結果"),
        required=False,
        choices=[("", _("（変更しない）")), *AbuseOutcome.choices],
    )
    abuser_relationship = forms.ChoiceField(
        label=_("虐待者の続柄"),
        required=False,
        choices=[("", _("（変更しない）")), *AbuserRelationship.choices],
    )

    def __init__(self, *args, report: AbuseReport, options: list[str], **kwargs):
        kwargs.setdefault("initial", {"at": _now_minute()})
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = _step_choices(report, options)
        following = [s for s in options if s != report.status]
        self.fields["to_status"].initial = following[0] if following else report.status
        if report.safety_confirmed_at is not None:
            del self.fields["safety_confirmed"]


class AbuseHandoverForm(forms.Form):
    handed_over_at = _datetime_field(_("引継ぎ日時"))
    handed_over_to = forms.CharField(
        label=_("引継ぎ先（担当者）"),
        max_length=200,
        help_text=_("例：東金市 障害福祉課 担当者名"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"handed_over_at": _now_minute()})
        super().__init__(*args, **kwargs)


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("利用者（氏名・よみがな）"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}),
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class OnDutyForm(forms.Form):
    day = JapaneseDateField(label=_("日付"))
    user = UserChoiceField(label=_("当番"), queryset=User.objects.none())

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class FiguresForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=())
    municipality = forms.ChoiceField(label=_("市町村"), required=False, choices=())

    def __init__(self, *args, years: list[int], municipalities: list[Municipality], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, dates.fiscal_year_label(y)) for y in years]
        self.fields["municipality"].choices = [("", _("すべて（市町村別）"))] + [
            (m.code, m.name) for m in municipalities
        ]


class AbuseRoutingForm(forms.Form):
    """A report of the case to the 都道府県 or the 労働局 (the choices the law allows)."""

    destination = forms.ChoiceField(label=_("報告先"), choices=())
    sent_on = JapaneseDateField(label=_("報告日"))
    addressee = forms.CharField(
        label=_("宛先（部署）"), max_length=200, required=False,
        help_text=_("例：千葉県 健康福祉部 障害者福祉推進課"),
    )
    note = forms.CharField(label=_("報告の内容・特記事項"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, destinations: tuple[str, ...], **kwargs):
        kwargs.setdefault("initial", {"sent_on": dates.today_local()})
        super().__init__(*args, **kwargs)
        self.fields["destination"].choices = [
            (d, RoutingDestination(d).label) for d in destinations
        ]
