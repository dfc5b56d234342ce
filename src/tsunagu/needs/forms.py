from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core.fields import JapaneseDateField
from tsunagu.core.models import ListItem
from tsunagu.needs.selectors import need_categories


class NeedForm(forms.Form):
    text = forms.CharField(
        label=_("ニーズ・生活課題"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "data-suggest": "1"}),
        help_text=_(
            "ご本人の困りごとや、足りない支援を具体的に書きます。入力中に分類と同様のニーズが表示されます。"
        ),
    )
    category = forms.ModelChoiceField(
        label=_("課題分類"), queryset=ListItem.objects.none(), empty_label=_("（選んでください）")
    )
    municipality = forms.ModelChoiceField(
        label=_("市町村"),
        queryset=None,
        required=False,
        empty_label=_("（利用者の市町村）"),
    )
    resource_gap = forms.BooleanField(
        label=_("社会資源の不足によって満たされていない"),
        required=False,
        help_text=_("必要なサービスや場が地域にない、または足りない場合に選びます。"),
    )
    noted_on = JapaneseDateField(
        label=_("把握日"),
        required=False,
        allow_future=False,
        help_text=_("空欄なら相談日（相談記録がなければ今日）。"),
    )

    def __init__(self, *args: Any, region: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = need_categories(region)
        self.fields["municipality"].queryset = region.municipalities.all()


class MetForm(forms.Form):
    note = forms.CharField(label=_("どのように満たされたか"), max_length=300, required=False)
