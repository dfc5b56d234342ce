from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from tsunagu.core.models import Municipality, Organization, User
from tsunagu.core.roles import Role


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("ユーザー名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("パスワード"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("ユーザー名またはパスワードが正しくありません。"),
        "inactive": _("このアカウントは利用停止中です。"),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("確認コード（6桁）"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
            }
        ),
        help_text=_("認証アプリに表示されている6桁の数字を入力してください。"),
    )

    def clean_token(self) -> str:
        token = (
            self.cleaned_data["token"]
            .strip()
            .translate(str.maketrans("０１２３４５６７８９", "0123456789"))
            .replace(" ", "")
        )
        if not token.isdigit():
            raise forms.ValidationError(_("数字だけを入力してください。"))
        return token


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_("予備コード"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
        help_text=_("印刷または書き留めた予備コードを1つ入力してください（例：abcde-fghjk）。"),
    )


class UserForm(forms.Form):
    """Create or edit an account of the administrator's own region."""

    username = forms.RegexField(
        label=_("ユーザー名"),
        max_length=150,
        regex=r"^[A-Za-z0-9_.@+-]+$",
        help_text=_("半角英数字と _ . @ + - が使えます。"),
    )
    display_name = forms.CharField(label=_("表示名"), max_length=100)
    email = forms.EmailField(label=_("メールアドレス"), required=False)
    role = forms.ChoiceField(label=_("役割"), choices=Role.choices)
    organization = forms.ModelChoiceField(
        label=_("所属"), queryset=Organization.objects.none(), required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("担当市町村"), queryset=Municipality.objects.none(), required=False
    )
    password = forms.CharField(
        label=_("初期パスワード"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    is_active = forms.BooleanField(label=_("利用中"), required=False, initial=True)

    def __init__(self, *args, region, instance: User | None = None, **kwargs):
        self.region = region
        self.instance = instance
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(region=region)
        self.fields["municipality"].queryset = Municipality.objects.filter(region=region)
        if instance is None:
            self.fields["password"].required = True
            del self.fields["is_active"]
        else:
            self.fields["username"].disabled = True
            del self.fields["password"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if self.instance is None and User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("このユーザー名はすでに使われています。"))
        return username

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.PROVIDER_STAFF and not data.get("organization"):
            self.add_error("organization", _("事業所職員には所属を選んでください。"))
        if role == Role.MUNICIPALITY and not data.get("municipality"):
            self.add_error("municipality", _("市町村職員には担当市町村を選んでください。"))
        return data


class AffiliationForm(forms.Form):
    """Another hat for an account: a role at an organization (or, for 市町村職員, a municipality)
    of the administrator's own region."""

    role = forms.ChoiceField(label=_("役割"), choices=Role.choices)
    organization = forms.ModelChoiceField(
        label=_("所属"), queryset=Organization.objects.none(), required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("担当市町村"), queryset=Municipality.objects.none(), required=False
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(region=region)
        self.fields["municipality"].queryset = Municipality.objects.filter(region=region)

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.MUNICIPALITY and not data.get("municipality"):
            self.add_error("municipality", _("市町村職員には担当市町村を選んでください。"))
        elif role and role != Role.MUNICIPALITY and not data.get("organization"):
            self.add_error("organization", _("所属を選んでください。"))
        return data
