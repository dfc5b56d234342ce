"""Forms of 発災時. Choice groups render as fieldsets (people/_field.html)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core import dates
from tsunagu.core.fields import JapaneseDateField
from tsunagu.disaster.models import (
    Acceptance,
    Damage,
    OpenStatus,
    ReachBy,
    ReportChannel,
    SafetyStatus,
)

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M"]


class ActivationForm(forms.Form):
    title = forms.CharField(
        label=_("災害名・事象"), max_length=200,
        help_text=_("例：千葉県東方沖地震（震度6弱）、台風15号による停電"),
    )
    note = forms.CharField(
        label=_("備考"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("通知メールには入りません。個人情報は書かないでください。"),
    )
    confirm = forms.BooleanField(
        label=_("圏域全体を災害モードに切り替え、職員と会員に通知することを確認しました"),
    )


class DeactivationForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("災害モードを終了し、まとめ（事後の集計）に切り替えることを確認しました"),
    )


class RegistrationForm(forms.Form):
    consent_on = JapaneseDateField(label=_("同意日"), allow_future=False,
                                   help_text=_("名簿への登録と、災害時に関係機関へ提供することに本人（または代理人）が同意した日。"))
    power_dependent = forms.BooleanField(
        label=_("電源を要する医療機器を使用（人工呼吸器・在宅酸素・吸引器など）"), required=False
    )
    medical_care = forms.BooleanField(label=_("医療的ケアが必要"), required=False)
    living_alone = forms.BooleanField(label=_("ひとり暮らし"), required=False)
    family_nearby = forms.BooleanField(label=_("近くに家族がいる"), required=False)
    notes = forms.CharField(
        label=_("配慮事項・連絡の注意"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例：耳が聞こえにくいのでFAXで、日中は作業所、など。"),
    )

    @classmethod
    def default_initial(cls) -> dict:
        return {"consent_on": dates.today_local()}


class CheckUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("状況"), choices=SafetyStatus.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("メモ"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("誰と連絡がついたか、必要な支援、次に確認すること。"),
    )
    checked_at = forms.DateTimeField(
        label=_("確認日時"), required=False, input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("空欄なら今の時刻。電話を受けた時刻などを後から入れるときに。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("担当職員"), queryset=None, required=False, empty_label=_("（担当なし）")
    )

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff


class BulkAssignForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("市町村"), queryset=None, required=False, empty_label=_("すべての市町村")
    )
    assignee = forms.ModelChoiceField(label=_("担当職員"), queryset=None)
    reassign = forms.BooleanField(
        label=_("ほかの職員が担当している安否確認も付け替える"), required=False
    )

    def __init__(self, *args, staff=None, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].widget.attrs["id"] = "bulk-municipality"
        self.fields["assignee"].widget.attrs["id"] = "bulk-assignee"
        self.fields["reassign"].widget.attrs["id"] = "bulk-reassign"


class StatusReportForm(forms.Form):
    damage = forms.ChoiceField(label=_("被害"), choices=Damage.choices, widget=forms.RadioSelect)
    open_status = forms.ChoiceField(
        label=_("開所状況"), choices=OpenStatus.choices, widget=forms.RadioSelect
    )
    acceptance = forms.ChoiceField(
        label=_("受け入れ可否"), choices=Acceptance.choices, widget=forms.RadioSelect,
        help_text=_("避難してきた利用者や、他の事業所の利用者の受け入れ。"),
    )
    reachable_by = forms.MultipleChoiceField(
        label=_("連絡がつく手段"), choices=ReachBy.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    supplies_needed = forms.CharField(
        label=_("必要な物資"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}), help_text=_("例：飲料水、紙おむつ、発電機"),
    )
    note = forms.CharField(
        label=_("その他"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("個人名は書かないでください（ほかの会員も見ます）。"),
    )


class StaffStatusReportForm(StatusReportForm):
    """Entered by staff from a phone call or a FAX."""

    organization = forms.ModelChoiceField(label=_("機関・団体"), queryset=None)
    channel = forms.ChoiceField(
        label=_("受付方法"),
        choices=[(ReportChannel.PHONE.value, ReportChannel.PHONE.label),
                 (ReportChannel.FAX.value, ReportChannel.FAX.label)],
        widget=forms.RadioSelect,
    )

    field_order = ["organization", "channel"]

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.order_fields(self.field_order)
