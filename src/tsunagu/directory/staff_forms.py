"""Forms of the staff and member pages: a Japanese form for a service's HSDS document
(``ServiceForm`` + the weekly rows of ``schedule_formset``; the mapping both ways is
tsunagu.directory.staff_documents), the decision on a proposal, and the referral."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core.fields import PhoneField, PostalCodeField
from tsunagu.core.models import Municipality
from tsunagu.core.text import normalize
from tsunagu.directory.models import (
    Offering,
    ResourceOrganization,
    ServiceStatus,
    TaxonomyTerm,
)

WEEKDAYS = [
    ("MO", _("月")),
    ("TU", _("火")),
    ("WE", _("水")),
    ("TH", _("木")),
    ("FR", _("金")),
    ("SA", _("土")),
    ("SU", _("日")),
]
SCHEDULE_ROWS = 4  # rows shown: the existing ones plus empty ones up to at least this


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=300)
    name_kana = forms.CharField(
        label=_("名称（ふりがな）"),
        max_length=300,
        required=False,
        help_text=_("並べ替えと検索に使います。ひらがなかカタカナで。"),
    )
    description = forms.CharField(
        label=_("説明"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    status = forms.ChoiceField(label=_("状態"), choices=ServiceStatus.choices)
    organization = forms.ModelChoiceField(
        label=_("運営団体"),
        required=False,
        queryset=ResourceOrganization.objects.none(),
        empty_label=_("（新しい団体を登録する）"),
    )
    new_organization = forms.CharField(
        label=_("新しい運営団体の名称"),
        max_length=300,
        required=False,
        help_text=_("一覧にない団体のときだけ入力します。"),
    )
    new_organization_kana = forms.CharField(
        label=_("新しい運営団体の名称（ふりがな）"), max_length=300, required=False
    )
    postal_code = PostalCodeField(label=_("郵便番号"), required=False)
    municipality = forms.ModelChoiceField(
        label=_("市町村"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("（圏域外・未定）"),
    )
    address_1 = forms.CharField(label=_("町域・番地"), max_length=200, required=False)
    address_2 = forms.CharField(label=_("建物名など"), max_length=200, required=False)
    latitude = forms.FloatField(
        label=_("緯度"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("地図に載せるときに入力します（例：35.5597）。"),
    )
    longitude = forms.FloatField(
        label=_("経度"),
        required=False,
        min_value=-180,
        max_value=180,
        help_text=_("例：140.3661"),
    )
    phone = PhoneField(label=_("電話番号"), max_length=30, required=False)
    phone_2 = PhoneField(label=_("電話番号（2つ目）"), max_length=30, required=False)
    fax = PhoneField(label=_("FAX"), max_length=30, required=False)
    email = forms.EmailField(label=_("メールアドレス"), required=False)
    url = forms.URLField(label=_("ホームページ"), required=False, assume_scheme="https")
    terms = forms.ModelMultipleChoiceField(
        label=_("分類"),
        required=False,
        queryset=TaxonomyTerm.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    is_hot_station = forms.BooleanField(label=_("ホッとステーション"), required=False)
    offerings = forms.MultipleChoiceField(
        label=_("ホッとステーションで提供すること"),
        required=False,
        choices=Offering.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    wheelchair = forms.BooleanField(label=_("車いすで利用できる"), required=False)
    parking = forms.BooleanField(label=_("駐車場あり"), required=False)
    public_transport = forms.BooleanField(label=_("公共交通で行ける"), required=False)
    assured_date = forms.DateField(
        label=_("最終確認日"),
        required=False,
        widget=_date_input(),
        help_text=_("掲載内容を運営団体に確認した日。"),
    )
    is_published = forms.BooleanField(label=_("公開ページに載せる"), required=False, initial=True)
    note = forms.CharField(label=_("変更の内容（履歴に残ります）"), max_length=300, required=False)

    FIELDSETS = [
        ("basic", _("基本情報"), ["name", "name_kana", "description", "status"]),
        (
            "organization",
            _("運営団体"),
            ["organization", "new_organization", "new_organization_kana"],
        ),
        (
            "place",
            _("所在地"),
            ["postal_code", "municipality", "address_1", "address_2", "latitude", "longitude"],
        ),
        ("contact", _("連絡先"), ["phone", "phone_2", "fax", "email", "url"]),
        ("terms", _("分類・ホッとステーション"), ["terms", "is_hot_station", "offerings"]),
        ("access", _("バリアフリー・アクセス"), ["wheelchair", "parking", "public_transport"]),
        ("review", _("確認と公開"), ["assured_date", "is_published", "note"]),
    ]

    def __init__(
        self,
        *args: Any,
        region: Any,
        terms: Any,
        member_mode: bool = False,
        organization: ResourceOrganization | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        self.fields["municipality"].queryset = Municipality.objects.filter(region=region)
        city = self.initial.pop("city", "")
        if city and not self.initial.get("municipality"):
            self.initial["municipality"] = next(
                (m.pk for m in self.fields["municipality"].queryset if city.endswith(m.name)),
                None,
            )
        self.fields["terms"].queryset = terms
        self.fields["terms"].label_from_instance = _term_label
        if member_mode or organization is not None:
            # A member proposes for its own organization; publishing stays the staff's call.
            for name in ("organization", "new_organization", "new_organization_kana"):
                del self.fields[name]
        else:
            self.fields["organization"].queryset = ResourceOrganization.objects.filter(
                region=region
            ).order_by("name_kana", "name")
        if member_mode:
            for name in ("is_published", "assured_date"):
                del self.fields[name]
            self.fields["note"].label = _("補足（センターへの連絡）")
        postal = self.fields["postal_code"].widget
        postal.attrs.update(
            {
                "data-municipality": self["municipality"].auto_id,
                "data-address": self["address_1"].auto_id,
                "data-msg-outside": _("（圏域外の住所です）"),
                "data-msg-failed": _("住所を調べられませんでした。手で入力してください。"),
            }
        )

    def set_postal_url(self, url: str) -> None:
        self.fields["postal_code"].widget.attrs["data-postal-url"] = url

    def fieldsets(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(key, legend, fields) of each group the form shows; the template puts the weekly
        hours after the group "contact"."""
        return [
            (key, legend, [self[name] for name in names if name in self.fields])
            for key, legend, names in self.FIELDSETS
            if any(name in self.fields for name in names)
        ]

    def clean_name_kana(self) -> str:
        return normalize(self.cleaned_data["name_kana"])

    def clean(self) -> dict:
        data = super().clean()
        if "organization" in self.fields and not data.get("organization"):
            if not (data.get("new_organization") or "").strip():
                self.add_error(
                    "new_organization",
                    _("運営団体を選ぶか、新しい団体の名称を入力してください。"),
                )
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("緯度と経度は両方入力してください。"))
        if data.get("offerings") and not data.get("is_hot_station"):
            self.add_error("offerings", _("提供内容はホッとステーションのときだけ選べます。"))
        return data


def _term_label(term: TaxonomyTerm) -> str:
    return term.name


class ScheduleRowForm(forms.Form):
    """One weekly row: days, opening and closing time, and optionally a season."""

    days = forms.MultipleChoiceField(
        label=_("曜日"), required=False, choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple
    )
    opens_at = forms.TimeField(label=_("開始"), required=False, widget=_time_input())
    closes_at = forms.TimeField(label=_("終了"), required=False, widget=_time_input())
    valid_from = forms.DateField(
        label=_("期間（から）"),
        required=False,
        widget=_date_input(),
        help_text=_("季節だけ開くとき（例：クールステーション 7月〜9月）。"),
    )
    valid_to = forms.DateField(label=_("期間（まで）"), required=False, widget=_date_input())
    open_on_holidays = forms.BooleanField(label=_("祝日・年末年始も開いている"), required=False)
    # The HSDS id of the schedule this row edits (empty for a new row).
    schedule_id = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict:
        data = super().clean()
        if not self.is_blank(data):
            if not data.get("days"):
                self.add_error("days", _("曜日を選んでください。"))
            if not data.get("opens_at") or not data.get("closes_at"):
                self.add_error("closes_at", _("開始と終了の時刻を入力してください。"))
            elif data["closes_at"] <= data["opens_at"]:
                self.add_error("closes_at", _("終了は開始より後にしてください。"))
        if (
            data.get("valid_from")
            and data.get("valid_to")
            and data["valid_to"] < data["valid_from"]
        ):
            self.add_error("valid_to", _("期間の終わりは始まりより後にしてください。"))
        return data

    @staticmethod
    def is_blank(data: dict) -> bool:
        return not any(
            data.get(k) for k in ("days", "opens_at", "closes_at", "valid_from", "valid_to")
        )


class _ScheduleFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        return [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not ScheduleRowForm.is_blank(f.cleaned_data)
        ]


ScheduleFormSet = forms.formset_factory(
    ScheduleRowForm, formset=_ScheduleFormSet, extra=0, max_num=14, absolute_max=14
)


def schedule_formset(data: Any = None, *, initial: list[dict]) -> _ScheduleFormSet:
    formset = ScheduleFormSet(data, initial=initial, prefix="hours")
    formset.extra = max(1, SCHEDULE_ROWS - len(initial))
    return formset


class DecisionForm(forms.Form):
    decision_note = forms.CharField(
        label=_("判断の理由・連絡事項"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReferralPickForm(forms.Form):
    """この資源につなぐ: which consultation of the person, and what to write on the referral."""

    consultation = forms.TypedChoiceField(
        label=_("つなぎを記録する相談"), coerce=int, widget=forms.RadioSelect
    )
    to_organization = forms.ModelChoiceField(
        label=_("つなぎ先の機関"),
        required=False,
        queryset=None,
        help_text=_("ネットワークの機関として登録されていれば選べます。"),
    )
    service = forms.CharField(label=_("サービス・内容"), max_length=200)
    due_on = forms.DateField(label=_("確認期限"), required=False, widget=_date_input())

    def __init__(self, *args: Any, consultations: list, organizations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from tsunagu.core.dates import wareki

        self.fields["consultation"].choices = [
            (
                c.pk,
                _("%(day)s %(method)s：%(record)s")
                % {
                    "day": wareki(c.occurred_at.date()),
                    "method": c.method.label if c.method_id else "",
                    "record": (c.record or "")[:40],
                },
            )
            for c in consultations
        ]
        self.fields["to_organization"].queryset = organizations
