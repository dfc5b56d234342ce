"""Forms of 成年後見制度利用支援 and 日常生活自立支援事業 referrals. They only read input; the
rules (a filed petition has a petitioner and a day, …) live in rights.services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core import dates
from tsunagu.core.fields import JapaneseDateField
from tsunagu.core.models import User
from tsunagu.safeguarding.models import (
    DailyLifeSupportStatus,
    GuardianshipKind,
    GuardianshipStatus,
    GuardianType,
    Petitioner,
)

UNDECIDED = ("", _("（未定）"))


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj}（{obj.organization}）" if obj.organization_id else str(obj)


class GuardianshipCaseForm(forms.Form):
    need = forms.CharField(
        label=_("必要としている理由"),
        max_length=5000,
        widget=_textarea(4),
        help_text=_("金銭管理・契約・財産の管理など、後見等が必要と考える理由。"),
    )
    status = forms.ChoiceField(
        label=_("状況"),
        choices=GuardianshipStatus.choices,
        initial=GuardianshipStatus.CONSIDERING,
        widget=forms.RadioSelect,
    )
    petitioner = forms.ChoiceField(
        label=_("申立人"), choices=[UNDECIDED, *Petitioner.choices], required=False
    )
    filed_on = JapaneseDateField(label=_("申立日"), required=False, allow_future=False)
    kind = forms.ChoiceField(
        label=_("類型"), choices=[UNDECIDED, *GuardianshipKind.choices], required=False
    )
    guardian_type = forms.ChoiceField(
        label=_("後見人等の種類"), choices=[UNDECIDED, *GuardianType.choices], required=False
    )
    decided_on = JapaneseDateField(label=_("審判日"), required=False, allow_future=False)
    note = forms.CharField(label=_("経過"), max_length=20000, required=False, widget=_textarea(5))
    staff = StaffChoiceField(
        label=_("担当者"), queryset=User.objects.none(), required=False, empty_label=_("（なし）")
    )

    def __init__(self, *args: Any, staff_choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_choices


class DailyLifeReferralForm(forms.Form):
    referred_on = JapaneseDateField(label=_("つないだ日"), allow_future=False)
    to_organization = forms.CharField(
        label=_("つないだ先"), max_length=200, initial=_("社会福祉協議会")
    )
    services = forms.CharField(
        label=_("必要な支援"),
        max_length=300,
        required=False,
        help_text=_("金銭管理、書類の預かり、福祉サービスの利用援助など"),
    )
    status = forms.ChoiceField(
        label=_("状況"),
        choices=DailyLifeSupportStatus.choices,
        initial=DailyLifeSupportStatus.REFERRED,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("経過"), max_length=20000, required=False, widget=_textarea(4))

    @staticmethod
    def default_initial() -> dict[str, Any]:
        return {"referred_on": dates.today_local()}
