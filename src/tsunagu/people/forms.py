"""Forms of the people pages. They only read and check input; writes go through services."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tsunagu.core.access import user_can
from tsunagu.core.dates import today_local
from tsunagu.core.fields import (
    BirthYearField,
    JapaneseDateField,
    KatakanaField,
    PhoneField,
    PostalCodeField,
)
from tsunagu.core.models import ListItem, ListKind, Municipality, Organization, User
from tsunagu.core.roles import Capability
from tsunagu.core.text import normalize
from tsunagu.people import selectors
from tsunagu.people.models import (
    BODY_PARTS,
    CERTIFICATE_GRADES,
    CertificateKind,
    ConsentScope,
    Gender,
    Person,
    SupportCategory,
)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj}（{obj.organization}）" if obj.organization else str(obj)


PERSON_FIELDSETS = [
    (_("氏名"), ["family_name", "given_name", "family_name_kana", "given_name_kana"]),
    (_("基本情報"), ["birth_date", "gender", "external_id"]),
    (_("住所・連絡先"),
     ["postal_code", "municipality", "address", "phone", "email", "contact_note"]),
    (_("障害"),
     ["disabilities", "primary_disability", "support_category", "intractable_disease",
      "school_leaving_year"]),
    (_("担当"), ["organizations", "staff"]),
]  # fmt: skip


class PersonForm(forms.Form):
    family_name = forms.CharField(label=_("姓"), max_length=50)
    given_name = forms.CharField(label=_("名"), max_length=50, required=False)
    family_name_kana = KatakanaField(
        label=_("セイ（フリガナ）"), max_length=100, help_text=_("ひらがなでも入力できます。")
    )
    given_name_kana = KatakanaField(label=_("メイ（フリガナ）"), max_length=100, required=False)
    birth_date = JapaneseDateField(label=_("生年月日"), required=False, allow_future=False)
    gender = forms.ChoiceField(
        label=_("性別"), required=False, choices=[("", _("記入しない")), *Gender.choices]
    )
    external_id = forms.CharField(
        label=_("利用者ID"), max_length=64, required=False,
        help_text=_("旧システムや台帳の利用者ID。取り込みで同じIDの記録は更新されます。"),
    )
    postal_code = PostalCodeField(
        label=_("郵便番号"), required=False, help_text=_("7桁で入力すると市町村と住所を補います。")
    )
    municipality = forms.ModelChoiceField(
        label=_("市町村"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("（圏域外・不明）"),
    )
    address = forms.CharField(label=_("住所（町域・番地・建物）"), max_length=300, required=False)
    phone = PhoneField(label=_("電話番号"), max_length=30, required=False)
    email = forms.EmailField(label=_("メールアドレス"), required=False)
    contact_note = forms.CharField(label=_("連絡先の備考"), max_length=300, required=False)
    disabilities = forms.ModelMultipleChoiceField(
        label=_("障害種別"),
        queryset=ListItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("当てはまるものをすべて選びます。"),
    )
    primary_disability = forms.ModelChoiceField(
        label=_("主たる障害"),
        queryset=ListItem.objects.none(),
        required=False,
        empty_label=_("（選んだ最初の種別）"),
    )
    support_category = forms.ChoiceField(
        label=_("障害支援区分"),
        required=False,
        choices=[("", _("未判定・不明")), *SupportCategory.choices],
    )
    intractable_disease = forms.CharField(label=_("難病（疾病名）"), max_length=200, required=False)
    school_leaving_year = forms.IntegerField(
        label=_("特別支援学校の卒業予定年度"), required=False, min_value=2000, max_value=2100,
        help_text=_("西暦の年度（例: 2026 = 令和8年度、翌年3月卒業）。在学中の方だけ。"),
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("担当機関"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    staff = StaffChoiceField(
        label=_("担当職員"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirm_distinct = forms.BooleanField(label=_("別人として登録する"), required=False)

    def __init__(self, *args: Any, user: Any, person: Person | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.person = person
        region = user.region
        self.fields["municipality"].queryset = region.municipalities.all()
        current = (
            list(person.disabilities.values_list("disability_type_id", flat=True)) if person else []
        )
        types = ListItem.objects.filter(region=region, kind=ListKind.DISABILITY_TYPE).filter(
            Q(is_active=True) | Q(pk__in=current)
        )
        self.fields["disabilities"].queryset = types
        self.fields["primary_disability"].queryset = types
        if user_can(user, Capability.PERSONAL_ALL):
            self.fields["organizations"].queryset = selectors.organization_choices(user=user)
            if person is not None:
                self.fields["organizations"].help_text = _(
                    "自分の機関以外を新たに加えるには、その機関への情報提供の同意が必要です。"
                )
        else:
            del self.fields["organizations"]  # provider staff: fixed to their own
        self.fields["staff"].queryset = selectors.staff_choices(user=user)
        self.fields["postal_code"].widget.attrs.update({
            "data-postal-url": reverse("people:postal", args=["0000000"]),
            "data-municipality": self["municipality"].auto_id,
            "data-address": self["address"].auto_id,
            "data-msg-outside": _("（圏域外の住所です）"),
            "data-msg-failed": _("住所を検索できませんでした。市町村と住所を入力してください。"),
        })  # fmt: skip
        if person is not None:
            del self.fields["confirm_distinct"]

    def clean_external_id(self) -> str:
        value = normalize(self.cleaned_data.get("external_id") or "")  # as the import keeps it
        if value:
            taken = Person.objects.filter(region=self.user.region, external_id=value)
            if self.person is not None:
                taken = taken.exclude(pk=self.person.pk)
            if taken.exists():
                raise forms.ValidationError(
                    _("利用者ID「%(id)s」は別の利用者に使われています。") % {"id": value}
                )
        return value

    def clean(self) -> dict:
        data = super().clean()
        primary = data.get("primary_disability")
        chosen = list(data.get("disabilities") or [])
        if primary is not None and primary not in chosen:
            data["disabilities"] = [primary, *chosen]
        return data

    def show_cleaned(self) -> None:
        """After validation, show what was read (katakana, 和暦, 283-0066) instead of what
        was typed, so the user sees how their input was understood."""
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return
        data = self.data.copy()
        for name in ("family_name_kana", "given_name_kana", "birth_date", "postal_code", "phone"):
            if name in self.cleaned_data and name not in self.errors:
                value = self.fields[name].prepare_value(self.cleaned_data[name])
                data[self.add_prefix(name)] = value or ""
        self.data = data

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in PERSON_FIELDSETS
        ]

    @property
    def birth_date_shown(self) -> str:
        """The birth date as read, in 和暦 and western form (after validation)."""
        day = getattr(self, "cleaned_data", {}).get("birth_date")
        if not day:
            return ""
        from tsunagu.core.dates import wareki

        return _("%(wareki)s（%(year)d年%(month)d月%(day)d日）") % {
            "wareki": wareki(day),
            "year": day.year,
            "month": day.month,
            "day": day.day,
        }


def person_initial(person: Person) -> dict:
    primary = next((d.disability_type_id for d in person.disabilities.all() if d.is_primary), None)
    return {
        "family_name": person.family_name, "given_name": person.given_name,
        "family_name_kana": person.family_name_kana, "given_name_kana": person.given_name_kana,
        "birth_date": person.birth_date, "gender": person.gender,
        "external_id": person.external_id,
        "postal_code": person.postal_code, "municipality": person.municipality_id,
        "address": person.address, "phone": person.phone, "email": person.email,
        "contact_note": person.contact_note,
        "disabilities": [d.disability_type_id for d in person.disabilities.all()],
        "primary_disability": primary, "support_category": person.support_category,
        "intractable_disease": person.intractable_disease,
        "school_leaving_year": person.school_leaving_year,
        "organizations": [o.pk for o in person.assigned_organizations.all()],
        "staff": [u.pk for u in person.assigned_staff.all()],
    }  # fmt: skip


def _grade_choices() -> list:
    return [
        (CertificateKind(kind).label, [(f"{kind}:{code}", label) for code, label in grades])
        for kind, grades in CERTIFICATE_GRADES.items()
    ]


class CertificateForm(forms.Form):
    prefix = "cert"
    grade = forms.ChoiceField(label=_("手帳・等級"), choices=_grade_choices)
    body_parts = forms.MultipleChoiceField(
        label=_("障害部位"),
        choices=BODY_PARTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("身体障害者手帳のみ。"),
    )
    expires_on = JapaneseDateField(
        label=_("有効期限"), required=False, help_text=_("精神障害者保健福祉手帳は必須です。")
    )

    def clean_grade(self) -> tuple[str, str]:
        kind, _sep, grade = self.cleaned_data["grade"].partition(":")
        return kind, grade


class CaregiverForm(forms.Form):
    prefix = "carer"
    relation = forms.CharField(
        label=_("続柄"), max_length=30, help_text=_("例：母、父、姉、配偶者")
    )
    name = forms.CharField(label=_("氏名"), max_length=100, required=False)
    birth_year = BirthYearField(label=_("生まれ年"), required=False)
    lives_together = forms.BooleanField(label=_("同居"), required=False, initial=True)
    is_key = forms.BooleanField(label=_("主な介護者"), required=False)
    note = forms.CharField(label=_("備考"), max_length=300, required=False)


class ConsentForm(forms.Form):
    prefix = "consent"
    scope = forms.ChoiceField(
        label=_("同意の範囲"), choices=ConsentScope.choices, widget=forms.RadioSelect
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("提供先の機関"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("「関係機関への情報提供」の場合、提供してよい機関をすべて選びます。"),
    )
    given_on = JapaneseDateField(label=_("同意日"), allow_future=False)
    expires_on = JapaneseDateField(label=_("有効期限"), required=False)
    note = forms.CharField(label=_("備考"), max_length=300, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        kwargs.setdefault("initial", {"given_on": today_local()})
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = selectors.organization_choices(user=user)


class ShareForm(forms.Form):
    prefix = "share"
    organization = forms.ModelChoiceField(
        label=_("情報を提供する機関"),
        queryset=Organization.objects.none(),
        help_text=_("この機関への情報提供に有効な同意が必要です。"),
    )

    def __init__(self, *args: Any, user: Any, person: Person, **kwargs: Any):
        super().__init__(*args, **kwargs)
        assigned = [o.pk for o in person.assigned_organizations.all()]
        self.fields["organization"].queryset = selectors.organization_choices(user=user).exclude(
            pk__in=assigned
        )
