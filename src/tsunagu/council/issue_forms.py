from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core.fields import JapaneseDateField
from tsunagu.council.models import Body, BodyKind, IssueStatus, Meeting, Priority, ResourceKind
from tsunagu.needs.selectors import need_categories


class IssueForm(forms.Form):
    title = forms.CharField(label=_("課題名"), max_length=200)
    category = forms.ModelChoiceField(label=_("課題分類"), queryset=None)
    description = forms.CharField(label=_("課題の説明"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    viewpoint_diversity = forms.CharField(
        label=_("問題の多様性"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("どのような方々に、どのような形で現れているか。"))
    viewpoint_sociality = forms.CharField(
        label=_("問題の社会性"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("個人の努力では解決できない、地域や制度の問題であること。"))
    viewpoint_commonality = forms.CharField(
        label=_("問題の共通性"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("複数の方・複数の市町村に共通していること。"))
    viewpoint_foresight = forms.CharField(
        label=_("将来予測"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("このままだと今後どうなるか（親の高齢化、卒業など）。"))
    priority = forms.ChoiceField(label=_("優先度"), choices=Priority.choices)
    working_group = forms.ModelChoiceField(label=_("担当部会"), queryset=None, required=False,
                                           empty_label=_("（未定）"))
    is_published = forms.BooleanField(
        label=_("公開ページに載せる"), required=False,
        help_text=_("ログインなしで見られる公開ページに、課題と件数（少数は秘匿）を載せます。"))

    def __init__(self, *args: Any, region: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = need_categories(region)
        self.fields["working_group"].queryset = Body.objects.filter(
            region=region, kind=BodyKind.WORKING_GROUP, is_active=True
        )


class AdvanceForm(forms.Form):
    to_status = forms.ChoiceField(label=_("次の段階"))
    reason = forms.CharField(label=_("理由・経過"), widget=forms.Textarea(attrs={"rows": 2}))
    meeting = forms.ModelChoiceField(label=_("会議"), queryset=None, required=False,
                                     empty_label=_("（会議外）"))

    def __init__(self, *args: Any, issue: Any, options: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, IssueStatus(s).label) for s in options]
        self.fields["meeting"].queryset = Meeting.objects.filter(region=issue.region).order_by(
            "-starts_at"
        )


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("種類"), choices=ResourceKind.choices)
    name = forms.CharField(label=_("社会資源の名称"), max_length=200)
    description = forms.CharField(label=_("内容"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    organization_name = forms.CharField(label=_("運営・実施主体"), max_length=200, required=False)
    municipalities = forms.ModelMultipleChoiceField(
        label=_("対象市町村"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    starts_on = JapaneseDateField(label=_("開始日"), required=False)

    def __init__(self, *args: Any, region: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = region.municipalities.all()
