"""Forms of 地域支援. Choices are scoped to the user's region by the view (``region=``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.community.models import ObservationSource, PartnerKind, ProviderSupportKind
from tsunagu.community.textcheck import personal_data_findings
from tsunagu.core.models import ListItem, ListKind, Municipality, Organization, User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonalDataCheckMixin:
    """Warn when a name, phone number or address seems typed into ``checked_fields``; the
    writer confirms (``confirm_no_personal_data``) or rewrites. Only a warning: the check is
    best effort and would otherwise refuse 「東金市の自治会」-like text it misreads."""

    checked_fields: tuple[str, ...] = ()
    findings: list[str]

    def check_personal_data(self, cleaned: dict[str, Any]) -> None:
        self.findings = personal_data_findings(*(cleaned.get(f, "") for f in self.checked_fields))
        if self.findings and not cleaned.get("confirm_no_personal_data"):
            self.add_error(  # type: ignore[attr-defined]
                "confirm_no_personal_data",
                _(
                    "個人を特定できる情報（%(kinds)s）が書かれているようです。書き直すか、"
                    "個人情報ではないことを確かめてチェックを入れてください。"
                )
                % {"kinds": "・".join(self.findings)},
            )


def _confirm_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("個人を特定できる情報が含まれていないことを確認しました"),
        required=False,
        help_text=_("氏名・住所・電話番号などが書かれているように見えるときだけ必要です。"),
    )


def _list(region: Any, kind: str):
    return ListItem.objects.of(region, kind).active()


class ActivityForm(PersonalDataCheckMixin, forms.Form):
    checked_fields = ("title", "what_happened", "outcome")

    held_on = forms.DateField(label=_("実施日"), widget=DATE)
    title = forms.CharField(label=_("件名"), max_length=200)
    minutes = forms.IntegerField(label=_("所要時間（分）"), min_value=1, max_value=24 * 60)
    staff = forms.ModelMultipleChoiceField(label=_("担当職員"), queryset=User.objects.none())
    municipalities = forms.ModelMultipleChoiceField(
        label=_("市町村"),
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    method = forms.ModelChoiceField(label=_("方法"), queryset=ListItem.objects.none())
    functions = forms.ModelMultipleChoiceField(
        label=_("機能"),
        queryset=ListItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partner_organizations = forms.ModelMultipleChoiceField(
        label=_("連携した機関（機関・団体の一覧から）"),
        queryset=Organization.objects.none(),
        required=False,
    )
    participants = forms.IntegerField(label=_("参加者数"), min_value=0, required=False)
    what_happened = forms.CharField(label=_("実施内容"), widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.CharField(
        label=_("成果・その後"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    community_issue = forms.ModelChoiceField(
        label=_("関連する地域課題"), required=False, queryset=ListItem.objects.none()
    )
    resource = forms.ModelChoiceField(
        label=_("関連する社会資源"), required=False, queryset=ListItem.objects.none()
    )
    event = forms.ModelChoiceField(
        label=_("関連する行事"), required=False, queryset=ListItem.objects.none()
    )
    hot_station = forms.ModelChoiceField(
        label=_("ホッとステーション"), required=False, queryset=ListItem.objects.none()
    )
    confirm_no_personal_data = _confirm_field()

    def __init__(self, *args: Any, region: Any, choices: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = choices["staff"]
        self.fields["municipalities"].queryset = region.municipalities.order_by("code")
        self.fields["method"].queryset = _list(region, ListKind.COMMUNITY_METHOD)
        self.fields["functions"].queryset = _list(region, ListKind.COMMUNITY_FUNCTION)
        self.fields["partner_organizations"].queryset = choices["organizations"]
        for name in ("community_issue", "resource", "event", "hot_station"):
            self.fields[name].queryset = choices[name]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.check_personal_data(cleaned)
        return cleaned


class PartnerForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("連携先の種別"), choices=PartnerKind.choices, initial=PartnerKind.NEIGHBORHOOD
    )
    name = forms.CharField(label=_("連携先の名称"), max_length=200, required=False)


PartnerFormSet = forms.formset_factory(PartnerForm, extra=3, max_num=20)


class ProviderSupportForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("支援した事業所"), queryset=Organization.objects.none()
    )
    kind = forms.ChoiceField(label=_("種類"), choices=ProviderSupportKind.choices)
    held_on = forms.DateField(label=_("実施日"), widget=DATE)
    minutes = forms.IntegerField(label=_("所要時間（分）"), min_value=1, max_value=24 * 60)
    staff = forms.ModelMultipleChoiceField(label=_("担当職員"), queryset=User.objects.none())
    municipality = forms.ModelChoiceField(
        label=_("市町村"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("空欄なら事業所の所在市町村で数えます。"),
    )
    person_id = forms.IntegerField(
        label=_("関わる利用者の番号（任意）"),
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_(
            "本人の同意（関係機関への情報提供、この事業所あて）があるときだけ結び付けられます。"
        ),
    )
    notes = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, region: Any, choices: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = choices["organizations"]
        self.fields["staff"].queryset = choices["staff"]
        self.fields["municipality"].queryset = region.municipalities.order_by("code")


class CaseMeetingForm(forms.Form):
    held_on = forms.DateField(label=_("開催日"), widget=DATE)
    decisions = forms.CharField(label=_("決まったこと"), widget=forms.Textarea(attrs={"rows": 4}))
    needs = forms.ModelMultipleChoiceField(
        label=_("この会議で出されたニーズ"),
        queryset=ListItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("新しいニーズは、会議を記録した後に会議のページから記録できます。"),
    )

    def __init__(self, *args: Any, needs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = needs


class AttendeeForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("出席した機関"), required=False, queryset=Organization.objects.none()
    )
    role = forms.CharField(label=_("役割・立場"), max_length=200, required=False)

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations


class ActionForm(forms.Form):
    who = forms.CharField(label=_("誰が"), max_length=200, required=False)
    what = forms.CharField(label=_("何を"), max_length=300, required=False)
    due_on = forms.DateField(label=_("いつまでに"), required=False, widget=DATE)


AttendeeFormSet = forms.formset_factory(AttendeeForm, extra=4, max_num=30)
ActionFormSet = forms.formset_factory(ActionForm, extra=3, max_num=30)


class ObservationForm(PersonalDataCheckMixin, forms.Form):
    checked_fields = ("text",)

    noted_on = forms.DateField(label=_("把握日"), widget=DATE)
    source = forms.ChoiceField(label=_("出どころ"), choices=ObservationSource.choices)
    municipality = forms.ModelChoiceField(
        label=_("市町村"), required=False, queryset=Municipality.objects.none()
    )
    category = forms.ModelChoiceField(label=_("課題分類"), queryset=ListItem.objects.none())
    text = forms.CharField(
        label=_("地域の声"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "気づいたこと・聞いた声。個人が分かること（氏名・住所・電話番号）は書かないでください。"
        ),
    )
    rating = forms.IntegerField(
        label=_("評価（1〜5、アンケート・学習カードのみ）"),
        required=False,
        min_value=1,
        max_value=5,
    )
    confirm_no_personal_data = _confirm_field()

    def __init__(
        self, *args: Any, region: Any, sources: list[tuple[str, Any]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = region.municipalities.order_by("code")
        self.fields["category"].queryset = _list(region, ListKind.NEED_CATEGORY)
        if sources is not None:
            self.fields["source"].choices = sources

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.check_personal_data(cleaned)
        return cleaned


class NewNeedForm(forms.Form):
    """A need raised at a 個別支援会議, recorded as the person's need (needs app)."""

    text = forms.CharField(
        label=_("新しく出されたニーズ"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    category = forms.ModelChoiceField(
        label=_("そのニーズの課題分類"), required=False, queryset=ListItem.objects.none()
    )

    def __init__(self, *args: Any, region: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _list(region, ListKind.NEED_CATEGORY)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("text", "").strip() and not cleaned.get("category"):
            self.add_error("category", _("課題分類を選んでください。"))
        return cleaned

    def pairs(self) -> list[tuple[str, Any]]:
        text = self.cleaned_data.get("text", "").strip()
        return [(text, self.cleaned_data["category"])] if text else []


class CaseConferenceForm(forms.Form):
    """The case of a 合同事例検討会: the event and the person are chosen once (new only)."""

    event = forms.ModelChoiceField(label=_("合同事例検討会"), queryset=Organization.objects.none())
    person = forms.ModelChoiceField(
        label=_("事例の利用者"),
        queryset=Organization.objects.none(),
        help_text=_("「協議会での匿名事例検討」に同意している利用者だけが選べます。"),
    )
    case_summary = forms.CharField(
        label=_("事例の概要（匿名化）"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "出席した機関が読みます。氏名・住所・電話番号・生年月日など、"
            "個人を特定できることは書かないでください（Aさん、40代男性、など）。"
        ),
    )
    discussion = forms.CharField(
        label=_("検討の結果"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self, *args: Any, events: Any = None, persons: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if events is None:  # editing: the event and the person stay
            del self.fields["event"]
            del self.fields["person"]
        else:
            self.fields["event"].queryset = events
            self.fields["person"].queryset = persons
            self.fields["person"].label_from_instance = lambda p: p.full_name


class ConferenceAttendanceForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("出席した機関"), required=False, queryset=Organization.objects.none()
    )
    count = forms.IntegerField(label=_("出席人数"), required=False, min_value=1, max_value=999)

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("organization") and not data.get("count"):
            self.add_error("count", _("出席人数を入力してください。"))
        if data.get("count") and not data.get("organization"):
            self.add_error("organization", _("機関を選んでください。"))
        return data


ConferenceAttendanceFormSet = forms.formset_factory(
    ConferenceAttendanceForm, extra=5, max_num=60
)
