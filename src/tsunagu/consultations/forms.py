from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.consultations.models import ReferralStatus
from tsunagu.consultations.selectors import default_kind
from tsunagu.core import dates
from tsunagu.core.fields import JapaneseDateField
from tsunagu.core.models import ListItem, ListKind, Municipality, Organization


class ListChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ListItem) -> str:
        return obj.label


class ListMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ListItem) -> str:
        return obj.label


# Said by the server and, before submitting, by the page itself (fast_entry.js).
TOPICS_REQUIRED = _("支援内容を1つ以上選んでください（あてはまる相談の内容）。")


class ConsultationForm(forms.Form):
    """The fast-entry form: laid out in the order a phone call goes, defaults filled in."""

    occurred_at = forms.DateTimeField(
        label=_("日時"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    person_query = forms.CharField(
        label=_("利用者（氏名・よみがな）"),
        required=False,
        max_length=100,
        help_text=_("空欄なら匿名・未特定の相談として記録します。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    method = ListChoiceField(
        label=_("相談方法"),
        queryset=ListItem.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    caller_type = ListChoiceField(
        label=_("相談者"),
        queryset=ListItem.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    caller_name = forms.CharField(label=_("相談者の氏名・機関名"), required=False, max_length=200)
    topics = ListMultipleChoiceField(
        label=_("支援内容"),
        queryset=ListItem.objects.none(),
        widget=forms.CheckboxSelectMultiple(
            attrs={
                "data-topic-picker": "1",
                "data-required-message": TOPICS_REQUIRED,
                "data-filter-label": _("支援内容を文字で探す（Enter で選ぶ）"),
                "data-picked": _("「%s」を選びました。"),
                "data-unpicked": _("「%s」を外しました。"),
                "data-no-match": _("あてはまる支援内容がありません。"),
            }
        ),
        error_messages={"required": TOPICS_REQUIRED},
        help_text=_("1つ以上選びます。文字を入れて Enter で選ぶか、番号キー（1〜9）で選べます。"),
    )
    duration_minutes = forms.IntegerField(
        label=_("対応時間（分）"), required=False, min_value=0, max_value=24 * 60
    )
    record = forms.CharField(
        label=_("記録"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )
    next_action = forms.CharField(
        label=_("次の対応"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    # Issue 18, defaulted (the worker's organization, the person's 市町村): last, since
    # rarely changed.
    kind = ListChoiceField(
        label=_("相談の種類"),
        required=False,  # none chosen: the organization's default (selectors.default_kind)
        queryset=ListItem.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    municipality = forms.ModelChoiceField(
        label=_("市町村"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("利用者の市町村（匿名なら不明）"),
        help_text=_(
            "実績報告でこの相談を数える市町村。利用者が転居しても過去の記録は変わりません。"
        ),
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        items = ListItem.objects.filter(region=region, is_active=True).order_by("sort_order")
        self.fields["method"].queryset = items.filter(kind=ListKind.CONTACT_METHOD)
        self.fields["caller_type"].queryset = items.filter(kind=ListKind.CALLER_TYPE)
        self.fields["topics"].queryset = items.filter(kind=ListKind.SUPPORT_TOPIC)
        self.fields["kind"].queryset = items.filter(kind=ListKind.CONSULTATION_KIND)
        self.fields["municipality"].queryset = Municipality.objects.filter(region=region).order_by(
            "code"
        )

    def show_chosen_person(self) -> None:
        """A person is already chosen (shown above the form): the text box now replaces
        that choice, and an empty box keeps it (it no longer means an anonymous caller).
        The cursor does not start in it."""
        field = self.fields["person_query"]
        field.label = _("別の利用者に変更（氏名・よみがな）")
        field.help_text = _(
            "空欄のままなら、上に表示した利用者の記録になります。"
            "別の人の氏名・よみがなを入力すると、その人に置き換えます。"
        )
        field.widget.attrs.pop("autofocus", None)

    def clean_occurred_at(self) -> datetime:
        value = self.cleaned_data["occurred_at"]
        if value > timezone.now() + timezone.timedelta(hours=1):
            raise forms.ValidationError(_("未来の日時は記録できません。"))
        return value

    @staticmethod
    def default_initial(region, organization: Organization | None = None) -> dict:
        """Now, 電話, 本人, and the 相談の種類 of the worker's organization."""

        items = ListItem.objects.filter(region=region, is_active=True)
        phone = items.filter(kind=ListKind.CONTACT_METHOD, code="phone").first()
        self_caller = items.filter(kind=ListKind.CALLER_TYPE, code="self").first()
        now = timezone.localtime(timezone.now(), dates.TOKYO).replace(second=0, microsecond=0)
        return {
            "occurred_at": now,
            "method": phone,
            "caller_type": self_caller,
            "kind": default_kind(region=region, organization=organization),
        }


class ReferralForm(forms.Form):
    to_organization = forms.ModelChoiceField(
        label=_("つなぎ先の機関"), required=False, queryset=Organization.objects.none()
    )
    service = forms.CharField(label=_("サービス・内容"), required=False, max_length=200)
    due_on = JapaneseDateField(label=_("確認期限"), required=False)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organization"].queryset = Organization.objects.filter(region=region)

    def clean(self):
        data = super().clean()
        if not data.get("to_organization") and not (data.get("service") or "").strip():
            raise forms.ValidationError(_("つなぎ先の機関かサービスを入力してください。"))
        return data


class ReferralAdvanceForm(forms.Form):
    status = forms.ChoiceField(
        label=_("新しい状況"),
        choices=[(s.value, s.label) for s in ReferralStatus if s != ReferralStatus.REQUESTED],
        widget=forms.RadioSelect,
    )
    failure_reason = forms.CharField(label=_("不成立の理由"), required=False, max_length=300)


class ConsultationFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    method = forms.ModelChoiceField(
        label=_("相談方法"),
        required=False,
        queryset=ListItem.objects.none(),
        empty_label=_("すべて"),
    )
    mine = forms.BooleanField(label=_("自分の担当のみ"), required=False)
    anonymous = forms.BooleanField(label=_("匿名・未特定のみ"), required=False)

    def __init__(self, *args, region, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("すべて"))] + [
            (y, dates.fiscal_year_label(y)) for y in years
        ]
        self.fields["method"].queryset = ListItem.objects.filter(
            region=region, kind=ListKind.CONTACT_METHOD
        ).order_by("sort_order")
