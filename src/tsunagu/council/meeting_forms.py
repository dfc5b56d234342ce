"""Forms of council bodies, meetings and proposals. They only read and check input; the
writes are tsunagu.council.services."""

from datetime import datetime, time

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core import dates
from tsunagu.core.fields import JapaneseDateField
from tsunagu.core.models import Organization, User
from tsunagu.core.roles import Capability, Role, capabilities_of
from tsunagu.council.models import (
    Body,
    BodyKind,
    BodyMember,
    CommunityIssue,
    IssueStatus,
)

# Accounts that may open a council meeting page and so confirm its minutes.
REVIEWER_ROLES = [
    role
    for role in Role.values
    if capabilities_of(role) & {Capability.DEIDENTIFIED, Capability.AGGREGATES}
]


class IssueChoiceField(forms.ModelMultipleChoiceField):
    """Community issues as checkboxes: title and where the issue stands."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: CommunityIssue) -> str:
        return _("%(title)s（%(status)s）") % {
            "title": obj.title,
            "status": obj.get_status_display(),
        }


class BodyForm(forms.Form):
    kind = forms.ChoiceField(label=_("種類"), choices=BodyKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("名称"), max_length=100)
    description = forms.CharField(
        label=_("説明"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_active = forms.BooleanField(label=_("活動中"), required=False, initial=True)

    def __init__(self, *args, region, body: Body | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.body = body

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        others = Body.objects.filter(region=self.region, name=name)
        if self.body is not None:
            others = others.exclude(pk=self.body.pk)
        if others.exists():
            raise forms.ValidationError(_("同じ名称の会議体があります。"))
        return name


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return _("%(name)s（%(role)s）") % {
            "name": obj.display_name or obj.username,
            "role": obj.get_role_display(),
        }


class MemberForm(forms.Form):
    name = forms.CharField(label=_("氏名"), max_length=100)
    organization = forms.ModelChoiceField(
        label=_("所属"), required=False, queryset=Organization.objects.none()
    )
    role = forms.CharField(
        label=_("役割"), required=False, max_length=50, help_text=_("部会長、委員など")
    )
    user = UserChoiceField(
        label=_("アカウント"),
        required=False,
        queryset=User.objects.none(),
        help_text=_(
            "議事録の確認をこのシステムで行う委員のアカウント。"
            "協議会の画面を開ける職員（管理者・センター相談員・事務局・市町村職員）から選べます。"
        ),
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, prefix="member", **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(region=region)
        self.fields["user"].queryset = User.objects.filter(
            region=region, is_active=True, role__in=REVIEWER_ROLES
        ).order_by("display_name", "username")


class MeetingForm(forms.Form):
    body = forms.ModelChoiceField(label=_("会議体"), queryset=Body.objects.none())
    title = forms.CharField(
        label=_("会議名"), max_length=200, help_text=_("例: 第3回 地域移行部会")
    )
    day = JapaneseDateField(label=_("開催日"))
    start_time = forms.TimeField(
        label=_("開始時刻"),
        input_formats=["%H:%M"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    venue = forms.CharField(label=_("会場"), required=False, max_length=200)
    online_url = forms.URLField(label=_("オンライン参加URL"), required=False, assume_scheme="https")
    issues = IssueChoiceField(
        label=_("議題にする地域課題"),
        required=False,
        queryset=CommunityIssue.objects.none(),
        help_text=_("選んだ順ではなく、一覧の順に議題になります。議題は後から足せます。"),
    )

    def __init__(self, *args, region, issues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(region=region, is_active=True)
        self.fields["issues"].queryset = issues

    def clean(self):
        data = super().clean()
        if not (data.get("venue") or "").strip() and not data.get("online_url"):
            if "venue" not in self.errors and "online_url" not in self.errors:
                raise forms.ValidationError(_("会場かオンライン参加URLを入力してください。"))
        return data

    def starts_at(self) -> datetime:
        day = self.cleaned_data["day"]
        start: time = self.cleaned_data["start_time"]
        return datetime.combine(day, start, tzinfo=dates.TOKYO)


class AgendaForm(forms.Form):
    issue = forms.ModelChoiceField(
        label=_("地域課題"), required=False, queryset=CommunityIssue.objects.none()
    )
    title = forms.CharField(
        label=_("議題"),
        required=False,
        max_length=200,
        help_text=_("地域課題を選べば空欄で構いません（課題名が議題になります）。"),
    )

    def __init__(self, *args, issues, **kwargs):
        super().__init__(*args, prefix="agenda", **kwargs)
        self.fields["issue"].queryset = issues

    def clean(self):
        data = super().clean()
        if not data.get("issue") and not (data.get("title") or "").strip():
            raise forms.ValidationError(_("地域課題を選ぶか、議題を入力してください。"))
        return data


class AttendeeChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: BodyMember) -> str:
        if obj.organization_id:
            return _("%(name)s（%(organization)s）") % {
                "name": obj.name,
                "organization": obj.organization,
            }
        return obj.name


class MinutesForm(forms.Form):
    attendees = AttendeeChoiceField(
        label=_("出席者"),
        required=False,
        queryset=BodyMember.objects.none(),
        help_text=_("アカウントのある出席者に、議事録の確認をお願いします。"),
    )
    other_attendees = forms.CharField(
        label=_("その他の出席者"),
        required=False,
        max_length=500,
        help_text=_("オブザーバー、事務局など（個人名は必要な範囲で）"),
    )
    minutes = forms.CharField(
        label=_("議事録"),
        required=False,
        max_length=100000,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("利用者の氏名など、個人が分かることは書かないでください。"),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("意見（任意）"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="review", **kwargs)


def _agenda_issue_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("関係する地域課題"),
        required=False,
        queryset=CommunityIssue.objects.none(),
        empty_label=_("（なし）"),
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("決定事項"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    issue = _agenda_issue_field()

    def __init__(self, *args, issues, **kwargs):
        super().__init__(*args, prefix="decision", **kwargs)
        self.fields["issue"].queryset = issues


class ActionItemForm(forms.Form):
    description = forms.CharField(label=_("内容"), max_length=300)
    owner = forms.CharField(label=_("担当"), max_length=100)
    due_on = JapaneseDateField(label=_("期限"), required=False)
    issue = _agenda_issue_field()

    def __init__(self, *args, issues, **kwargs):
        super().__init__(*args, prefix="action", **kwargs)
        self.fields["issue"].queryset = issues


class AdvanceForm(forms.Form):
    """Move one agenda issue to its next step at this meeting (choices from
    services.issue_next_statuses)."""

    to_status = forms.ChoiceField(label=_("次の段階"), choices=())
    reason = forms.CharField(
        label=_("理由・経過"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, issue: CommunityIssue, next_statuses: list[str], **kwargs):
        super().__init__(*args, prefix=f"advance-{issue.pk}", **kwargs)
        self.issue = issue
        self.fields["to_status"].choices = [(s, IssueStatus(s).label) for s in next_statuses]


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("表題"), max_length=200)
    addressee = forms.CharField(
        label=_("宛先"),
        required=False,
        max_length=200,
        help_text=_("例: 山武郡市6市町 障害福祉担当課長 様"),
    )
    proposed_on = JapaneseDateField(label=_("提言日"))
    preface = forms.CharField(
        label=_("前文"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    issues = IssueChoiceField(label=_("提言する地域課題"), queryset=CommunityIssue.objects.none())
    is_published = forms.BooleanField(
        label=_("公開する"),
        required=False,
        help_text=_("公開すると、ログインなしの公開ページに載ります（少数は秘匿）。"),
    )

    def __init__(self, *args, issues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issues"].queryset = issues
