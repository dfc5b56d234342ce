from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core.fields import JapaneseDateField
from tsunagu.privacy.models import Requester


class DataRequestForm(forms.Form):
    requested_on = JapaneseDateField(label=_("請求日"), allow_future=False)
    requester = forms.ChoiceField(label=_("請求者"), choices=Requester.choices)
    reason = forms.CharField(
        label=_("請求の内容・理由、本人確認の方法"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例：本人が窓口で請求。運転免許証で本人確認。"),
    )


class DisclosureRequestForm(DataRequestForm):
    include_safeguarding = forms.BooleanField(
        label=_("虐待通報の記録を含める"),
        required=False,
        help_text=_(
            "通報者を特定できる情報は含めません（障害者虐待防止法第8条）。"
            "開示により本人や第三者の生命・身体・権利を害するおそれがある場合は含めないでください。"
        ),
    )


class DeletionRequestForm(DataRequestForm):
    confirm = forms.BooleanField(
        label=_("元に戻せないことを確認しました"),
        help_text=_("氏名・連絡先・記録の本文・添付ファイルは復元できません。"),
    )
