from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.assessment.models import DatasetKind, Hearing, HearingKind, QuestionKind
from tsunagu.core.fields import JapaneseDateField
from tsunagu.needs.selectors import need_categories

AUTO = ""


class PopulationImportForm(forms.Form):
    file = forms.FileField(
        label=_("ファイル（CSV・XLSX）"),
        help_text=_("e-Stat からダウンロードした国勢調査・住民基本台帳の CSV、社人研の将来推計人口の XLSX。"),
    )
    kind = forms.ChoiceField(
        label=_("種類"),
        choices=[(AUTO, _("ファイルから判別する")), *DatasetKind.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    source_name = forms.CharField(
        label=_("出典"), max_length=300, required=False,
        help_text=_("空欄ならファイルに書かれた統計名・表題を使います。"),
    )
    source_date = forms.CharField(
        label=_("調査年・基準日・公表日"), max_length=100, required=False,
        help_text=_("空欄ならファイルに書かれた調査年月・公開日を使います。"),
    )
    year = forms.IntegerField(
        label=_("調査年（ファイルに年がないとき）"), required=False, min_value=1950, max_value=2100,
    )


class ProfileForm(forms.Form):
    history = forms.CharField(label=_("歴史"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    industries = forms.CharField(label=_("主な産業"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    character = forms.CharField(label=_("風土・地域の特徴"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}))


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("調査名"), max_length=200)
    description = forms.CharField(label=_("説明（回答する方へ）"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    ask_municipality = forms.BooleanField(label=_("お住まいの市町村をたずねる"), required=False,
                                          initial=True)
    is_open = forms.BooleanField(
        label=_("ウェブで回答を受け付ける"), required=False,
        help_text=_("受け付け中は、ログインなしの公開ページで回答できます。"),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("質問"), max_length=300)
    kind = forms.ChoiceField(label=_("回答の形式"), choices=QuestionKind.choices,
                             widget=forms.RadioSelect)
    choices = forms.CharField(
        label=_("選択肢"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("単一選択・複数選択のとき、1行に1つ。"),
    )
    required = forms.BooleanField(label=_("回答必須"), required=False)

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class AnswerSheetForm(forms.Form):
    file = forms.FileField(label=_("回答のファイル（CSV・XLSX）"))


class TagForm(forms.Form):
    categories = forms.ModelMultipleChoiceField(
        label=_("課題分類"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, region: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = need_categories(region)


class HearingForm(forms.ModelForm):
    held_on = JapaneseDateField(label=_("実施日"))
    categories = forms.ModelMultipleChoiceField(
        label=_("課題分類"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Hearing
        fields = ["kind", "title", "held_on", "municipality", "participants", "notes"]
        widgets = {"kind": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"notes": _("要旨を書いてください。参加者の氏名は書きません。")}

    def __init__(self, *args: Any, region: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = HearingKind.choices
        self.fields["municipality"].queryset = region.municipalities.order_by("code")
        self.fields["municipality"].empty_label = _("（圏域全体）")
        self.fields["categories"].queryset = need_categories(region)


class GapNoteForm(forms.Form):
    highlighted = forms.BooleanField(label=_("重点課題として地域診断シートに載せる"), required=False)
    issue = forms.ModelChoiceField(label=_("関連する地域課題"), queryset=None, required=False,
                                   empty_label=_("（なし）"),
                                   help_text=_("空欄の視点は、地域課題の4つの視点を使います。"))
    viewpoint_diversity = forms.CharField(label=_("問題の多様性"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))
    viewpoint_sociality = forms.CharField(label=_("問題の社会性"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))
    viewpoint_commonality = forms.CharField(label=_("問題の共通性"), required=False,
                                            widget=forms.Textarea(attrs={"rows": 2}))
    viewpoint_foresight = forms.CharField(label=_("将来予測"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, region: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from tsunagu.council.models import CommunityIssue

        self.fields["issue"].queryset = CommunityIssue.objects.filter(region=region)


class BoundaryForm(forms.Form):
    file = forms.FileField(label=_("境界のファイル（GeoJSON・TopoJSON）"),
                           help_text=_("国土数値情報 行政区域データ（N03）など。市町村コードは N03_007。"))
    source_name = forms.CharField(label=_("出典"), max_length=300,
                                  initial=_("国土交通省 国土数値情報（行政区域データ）"))
