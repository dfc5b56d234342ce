"""Forms of the material-support pages. Quantities are bounded integers: bad input gives a
message, never an error page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core import dates
from tsunagu.core.fields import JapaneseDateField
from tsunagu.foodbank.models import (
    ApplianceStatus,
    Category,
    DonorKind,
    ExpiryKind,
    Unit,
    VenueType,
    WasteReason,
)
from tsunagu.foodbank.services import MAX_QUANTITY

SHORT_DATE_HELP = _("例：2026/12/1、R8.12.1")


def _date(label, **kwargs):
    kwargs.setdefault("help_text", SHORT_DATE_HELP)
    return JapaneseDateField(label=label, **kwargs)


def _count(label, *, required=True, min_value=1, max_value=MAX_QUANTITY, initial=None):
    return forms.IntegerField(label=label, required=required, min_value=min_value,
                              max_value=max_value, initial=initial)


class DonationForm(forms.Form):
    received_on = _date(_("受領日"), allow_future=False)
    donor_kind = forms.ChoiceField(label=_("寄付者の区分"), choices=DonorKind.choices,
                                   widget=forms.RadioSelect, initial=DonorKind.PERSON)
    donor_name = forms.CharField(label=_("寄付者名"), max_length=200, required=False,
                                 help_text=_("匿名の場合は空欄にします。"))
    note = forms.CharField(label=_("備考"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("received_on", dates.today_local())


class LotForm(forms.Form):
    name = forms.CharField(label=_("品名"), max_length=100, required=False)
    category = forms.ChoiceField(label=_("分類"), choices=Category.choices, initial=Category.OTHER)
    quantity = _count(_("数量"), required=False)
    unit = forms.ChoiceField(label=_("単位"), choices=Unit.choices)
    unit_weight_kg = forms.DecimalField(label=_("1単位の重さ（kg）"), required=False,
                                        min_value=0, max_value=10000, decimal_places=3,
                                        max_digits=8)
    expiry_kind = forms.ChoiceField(label=_("期限の種類"), choices=ExpiryKind.choices,
                                    initial=ExpiryKind.BEST_BEFORE)
    expiry_date = _date(_("期限"), required=False)
    storage_place = forms.CharField(label=_("保管場所"), max_length=100, required=False,
                                    widget=forms.TextInput(attrs={"list": "storage-places"}))

    def clean(self):
        data = super().clean()
        if not data.get("name"):
            return data
        if not data.get("quantity"):
            self.add_error("quantity", _("数量を入力してください。"))
        if data.get("expiry_kind") != ExpiryKind.NONE and not data.get("expiry_date") \
                and "expiry_date" not in self.errors:
            self.add_error("expiry_date", _("期限の日付を入力してください。"))
        if not data.get("storage_place"):
            self.add_error("storage_place", _("保管場所を入力してください。"))
        return data


LotFormSet = forms.formset_factory(LotForm, extra=3, max_num=20, absolute_max=20)


class PickForm(forms.Form):
    name = forms.ChoiceField(label=_("品名"))
    quantity = _count(_("数量"))

    def __init__(self, *args, names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].choices = [("", "---------")] + [(n, n) for n in names]


class WasteForm(forms.Form):
    quantity = _count(_("廃棄する数"))
    reason = forms.ChoiceField(label=_("廃棄の理由"), choices=WasteReason.choices)
    note = forms.CharField(label=_("メモ"), max_length=200, required=False)


class CountForm(forms.Form):
    counted = _count(_("数えた数"), min_value=0)
    note = forms.CharField(label=_("メモ"), max_length=200, required=False)


class HouseholdForm(forms.Form):
    size = _count(_("世帯人数"), max_value=30)
    children = _count(_("うち子ども"), min_value=0, max_value=30, initial=0)
    municipality = forms.ModelChoiceField(label=_("市町村"), queryset=None, required=False)
    referred_by = forms.CharField(label=_("紹介元"), max_length=100, required=False,
                                  help_text=_("例：市役所、社協、学校、本人から"))

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = region.municipalities.order_by("code")

    def clean(self):
        data = super().clean()
        if (data.get("children") or 0) > (data.get("size") or 0) and "size" not in self.errors:
            self.add_error("children", _("子どもの数は世帯人数以下で入力してください。"))
        return data


class HouseholdPersonalForm(forms.Form):
    """Name and contact: only on the pages of PERSONAL_ALL users."""

    name = forms.CharField(label=_("代表者氏名"), max_length=100, required=False)
    phone = forms.CharField(label=_("電話番号"), max_length=30, required=False)
    address = forms.CharField(label=_("住所"), max_length=200, required=False)
    consent_consultation = forms.BooleanField(label=_("相談につなぐことに同意"), required=False)


class DeliveryForm(forms.Form):
    number = _count(_("受付番号"), max_value=10_000_000)
    given_on = _date(_("実施日"))
    acknowledge_repeat = forms.BooleanField(
        label=_("最近の受け取りを確認したうえで記録する"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("given_on", dates.today_local())


class DeliveryItemForm(forms.Form):
    name = forms.ChoiceField(label=_("品名"), required=False)
    quantity = _count(_("数量"), required=False)

    def __init__(self, *args, names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].choices = [("", "---------")] + [(n, n) for n in names]

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("quantity"):
            self.add_error("quantity", _("数量を入力してください。"))
        return data


DeliveryItemFormSet = forms.formset_factory(DeliveryItemForm, extra=3, max_num=20,
                                            absolute_max=20)


class PantryEventForm(forms.Form):
    held_on = _date(_("開催日"))
    title = forms.CharField(label=_("名称・会場"), max_length=100)
    municipality = forms.ModelChoiceField(label=_("市町村"), queryset=None, required=False)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = region.municipalities.order_by("code")
        self.initial.setdefault("held_on", dates.today_local())


class CheckInForm(forms.Form):
    number = forms.IntegerField(label=_("受付番号"), required=False, min_value=1,
                                max_value=10_000_000)
    anonymous = forms.IntegerField(required=False, min_value=1, max_value=1000)
    acknowledge_repeat = forms.BooleanField(required=False)


class CafeteriaSessionForm(forms.Form):
    held_on = _date(_("開催日"))
    venue_type = forms.ChoiceField(label=_("開催の形"), choices=VenueType.choices,
                                   widget=forms.RadioSelect)
    venue_name = forms.CharField(label=_("会場"), max_length=100, required=False)
    municipality = forms.ModelChoiceField(label=_("市町村"), queryset=None, required=False)
    children = _count(_("子ども"), min_value=0, initial=0)
    adults = _count(_("大人"), min_value=0, initial=0)
    volunteers = _count(_("ボランティア"), min_value=0, initial=0)
    event = forms.ModelChoiceField(label=_("ネットワークの行事（子ども食堂）"), queryset=None,
                                   required=False)

    def __init__(self, *args, region, **kwargs):
        from tsunagu.network.models import Event, EventKind

        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = region.municipalities.order_by("code")
        since = dates.fiscal_year(dates.today_local()) - 1
        self.fields["event"].queryset = Event.objects.filter(
            region=region, kind=EventKind.CAFETERIA, fiscal_year__gte=since
        ).order_by("-starts_at")
        self.fields["event"].label_from_instance = (
            lambda e: f"{dates.wareki(e.starts_at)} {e.title}"
        )
        self.initial.setdefault("held_on", dates.today_local())


class ApplianceForm(forms.Form):
    kind = forms.CharField(label=_("品目"), max_length=50, help_text=_("例：冷蔵庫、洗濯機、電子レンジ"))
    maker = forms.CharField(label=_("メーカー"), max_length=50, required=False)
    model_number = forms.CharField(label=_("型番"), max_length=50, required=False)
    year = forms.IntegerField(label=_("製造年"), required=False, min_value=1950, max_value=2100)
    condition = forms.CharField(label=_("状態"), max_length=200, required=False)
    safety_checked_by = forms.CharField(label=_("安全点検をした人"), max_length=100,
                                        required=False)
    safety_checked_on = _date(_("安全点検日"), required=False)
    photo = forms.FileField(label=_("写真（PNG・JPEG、5MBまで）"), required=False)


class ApplianceRequestForm(forms.Form):
    number = _count(_("受付番号"), max_value=10_000_000)
    kind = forms.CharField(label=_("希望の品目"), max_length=50)
    requested_on = _date(_("依頼日"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("requested_on", dates.today_local())


class ApplianceAdvanceForm(forms.Form):
    status = forms.ChoiceField(label=_("次の状況"), choices=ApplianceStatus.choices)
    request = forms.ModelChoiceField(label=_("マッチングする依頼"), queryset=None, required=False)
    on = _date(_("日付（お届け日・回収日）"), required=False)

    def __init__(self, *args, requests, allowed=None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed is not None:
            self.fields["status"].choices = [
                (value, label) for value, label in ApplianceStatus.choices if value in allowed
            ]
        self.fields["request"].queryset = requests
        self.fields["request"].label_from_instance = lambda r: _(
            "受付番号 %(number)s：%(kind)s"
        ) % {"number": r.household.number, "kind": r.kind}


class FiguresForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, dates.fiscal_year_label(y)) for y in years]


class ConsultationOpenForm(forms.Form):
    person = forms.CharField(label=_("利用者（氏名・ふりがな、または利用者番号）"), max_length=100,
                             help_text=_("1人に絞り込める言葉を入力してください。"))
    record = forms.CharField(label=_("記録"), widget=forms.Textarea(attrs={"rows": 3}),
                             required=False)
