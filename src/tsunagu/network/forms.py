from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core.dates import TOKYO
from tsunagu.core.models import Municipality, Organization, OrganizationKind
from tsunagu.network.models import AttendanceMode, EventKind, VenueType
from tsunagu.network.registration_services import MAX_PARTY_SIZE
from tsunagu.network.selectors import network_recipients
from tsunagu.network.services import (
    MAX_ATTACHMENTS,
    EventFields,
    attachment_check,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("添付は5件までです。"))
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            attachment_check(upload)
        return cleaned


class PostForm(forms.Form):
    title = forms.CharField(label=_("件名"), max_length=200)
    body = forms.CharField(
        label=_("本文"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    link = forms.URLField(label=_("リンク"), required=False, assume_scheme="https")
    municipalities = forms.ModelMultipleChoiceField(
        label=_("市町村"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_urgent = forms.BooleanField(label=_("緊急（すぐに全員へメールします）"), required=False)
    attachments = MultipleFileField(
        label=_("画像・PDF（5件・各5MBまで）"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/png,image/jpeg,application/pdf"}),
    )

    def __init__(self, *args: Any, region: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = Municipality.objects.filter(
            region=region
        ).order_by("code")
        self.fields["is_urgent"].label = _("緊急（すぐに全員（%(n)d 人）へメールします）") % {
            "n": len(network_recipients(region))
        }


class UrgentConfirmForm(forms.Form):
    """The second step before mailing every member: the number is in the label."""

    confirm = forms.BooleanField(required=True)

    def __init__(self, *args: Any, recipients: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["confirm"]
        field.label = _("全員（%(n)d 人）へメールすることを確認しました") % {"n": recipients}
        field.error_messages["required"] = _(
            "送る前に、確認の欄にチェックを入れてください。まだ誰にも送っていません。"
        )


class EventPostForm(PostForm):
    kind = forms.ChoiceField(label=_("種類"), choices=EventKind.choices)
    venue_type = forms.ChoiceField(
        label=_("開催形態"), choices=VenueType.choices, initial=VenueType.OTHER
    )
    day = forms.DateField(label=_("日付"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("開始時刻"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(label=_("終了時刻"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("会場"), max_length=200, required=False)
    municipality = forms.ModelChoiceField(
        label=_("開催する市町村"), queryset=Municipality.objects.none(), required=False
    )
    has_venue = forms.BooleanField(label=_("会場で参加できる"), required=False, initial=True)
    venue_capacity = forms.IntegerField(
        label=_("会場の定員（空欄: 制限なし）"), min_value=0, max_value=100000, required=False
    )
    has_online = forms.BooleanField(label=_("オンラインで参加できる"), required=False)
    online_capacity = forms.IntegerField(
        label=_("オンラインの定員（空欄: 制限なし）"),
        min_value=0,
        max_value=100000,
        required=False,
    )
    online_url = forms.URLField(
        label=_("オンライン参加のURL（オンラインの申込者だけにメールで送ります）"),
        required=False,
        assume_scheme="https",
    )
    is_public = forms.BooleanField(label=_("公開ページに載せる"), required=False)
    accepts_registrations = forms.BooleanField(
        label=_("公開ページで参加申込みを受け付ける"), required=False
    )
    lecturer = forms.CharField(label=_("講師（研修会）"), max_length=300, required=False)
    audience = forms.CharField(label=_("対象"), max_length=300, required=False)
    fee = forms.CharField(label=_("参加費"), max_length=100, required=False,
                          help_text=_("例：無料、500円（資料代）"))

    def __init__(self, *args: Any, region: Any, **kwargs: Any) -> None:
        super().__init__(*args, region=region, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(region=region).order_by(
            "code"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("終了時刻は開始時刻より後にしてください。"))
        if not data.get("has_venue") and not data.get("has_online"):
            self.add_error("has_venue", _("会場かオンラインの少なくとも一方を選んでください。"))
        if data.get("accepts_registrations") and not data.get("is_public"):
            self.add_error(
                "accepts_registrations", _("申込みを受け付けるには公開ページに載せてください。")
            )
        return data

    def event_fields(self) -> EventFields:
        data = self.cleaned_data
        return EventFields(
            kind=data["kind"],
            venue_type=data["venue_type"],
            starts_at=datetime.combine(data["day"], data["start_time"], tzinfo=TOKYO),
            ends_at=datetime.combine(data["day"], data["end_time"], tzinfo=TOKYO),
            place=data["place"],
            municipality=data["municipality"],
            has_venue=data["has_venue"],
            venue_capacity=data["venue_capacity"],
            has_online=data["has_online"],
            online_capacity=data["online_capacity"],
            online_url=data["online_url"],
            is_public=data["is_public"],
            accepts_registrations=data["accepts_registrations"],
            lecturer=data["lecturer"],
            audience=data["audience"],
            fee=data["fee"],
        )


class EventEditForm(forms.Form):
    title = forms.CharField(label=_("行事名"), max_length=200)
    description = forms.CharField(
        label=_("内容"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    place = forms.CharField(label=_("会場"), max_length=200, required=False)
    venue_capacity = forms.IntegerField(
        label=_("会場の定員（空欄: 制限なし）"), min_value=0, max_value=100000, required=False
    )
    online_capacity = forms.IntegerField(
        label=_("オンラインの定員（空欄: 制限なし）"),
        min_value=0,
        max_value=100000,
        required=False,
    )
    online_url = forms.URLField(
        label=_("オンライン参加のURL（オンラインの申込者だけにメールで送ります）"),
        required=False,
        assume_scheme="https",
    )
    is_public = forms.BooleanField(label=_("公開ページに載せる"), required=False)
    accepts_registrations = forms.BooleanField(
        label=_("公開ページで参加申込みを受け付ける"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("accepts_registrations") and not data.get("is_public"):
            self.add_error(
                "accepts_registrations", _("申込みを受け付けるには公開ページに載せてください。")
            )
        return data


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("コメント"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("お名前"), max_length=100)
    email = forms.EmailField(
        label=_("メールアドレス"), required=False,
        help_text=_("メールアドレスか電話番号の、どちらかを入力してください。"),
    )
    phone = forms.CharField(
        label=_("電話番号"), max_length=30, required=False,
        help_text=_("メールをお使いでない方は、電話番号だけで申し込めます（主催者から電話で連絡します）。"),
    )
    mode = forms.ChoiceField(
        label=_("参加方法"), choices=AttendanceMode.choices, widget=forms.RadioSelect
    )
    party_size = forms.IntegerField(
        label=_("人数"), min_value=1, max_value=MAX_PARTY_SIZE, initial=1
    )
    consent = forms.BooleanField(
        label=_("お名前と連絡先を、この行事の連絡と受付のためだけに主催者が使うことに同意します。")
    )

    def __init__(self, *args: Any, event: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(m.value, m.label) for m in AttendanceMode if event.offers(m.value)]
        self.fields["mode"].choices = choices
        if len(choices) == 1:
            self.fields["mode"].initial = choices[0][0]

    def clean(self) -> dict:
        data = super().clean()
        email, phone = data.get("email", ""), data.get("phone", "").strip()
        if not email and not phone and "email" not in self.errors:
            self.add_error("email", _("メールアドレスか電話番号のどちらかを入力してください。"))
            self.add_error("phone", _("メールアドレスか電話番号のどちらかを入力してください。"))
        elif data.get("mode") == AttendanceMode.ONLINE and not email and "email" not in self.errors:
            self.add_error("email", _("オンライン参加の案内はメールでお送りします。メールアドレスを入力してください。"))
        return data


RATINGS = [(n, str(n)) for n in range(5, 0, -1)]


class FeedbackForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("満足度（5: とても満足 〜 1: 不満）"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label=_("役に立ったか（5: とても 〜 1: まったく）"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("感想・気づいたこと（自由記述）"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class HeadcountForm(forms.Form):
    participants = forms.IntegerField(
        label=_("参加者数"), min_value=0, max_value=1000000, required=False
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("招待するメールアドレス"))
    organization = forms.ModelChoiceField(
        label=_("所属する機関"), queryset=Organization.objects.none(), required=False
    )
    new_organization = forms.CharField(
        label=_("一覧にない機関の名称（新しく登録）"), max_length=200, required=False
    )
    new_organization_kind = forms.ChoiceField(
        label=_("新しい機関の種別"), choices=OrganizationKind.choices, required=False
    )

    def __init__(self, *args: Any, region: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(region=region).order_by(
            "name"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("organization") and not data.get("new_organization", "").strip():
            self.add_error("organization", _("機関を選ぶか、新しい機関の名称を入力してください。"))
        if data.get("new_organization", "").strip() and not data.get("new_organization_kind"):
            self.add_error("new_organization_kind", _("新しい機関の種別を選んでください。"))
        return data


class InvitationAcceptForm(forms.Form):
    username = forms.RegexField(
        label=_("ユーザー名（半角英数字・記号 @.+-_）"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
    )
    display_name = forms.CharField(label=_("表示名"), max_length=100)
    password = forms.CharField(label=_("パスワード"), widget=forms.PasswordInput)
    password_again = forms.CharField(label=_("パスワード（確認）"), widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("パスワードが一致しません。"))
        return data
