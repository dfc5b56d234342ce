"""Login with a second factor, sign-out, and the user's own account page."""

import base64
import json

import segno
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from tsunagu.accounts import security_keys, selectors, services
from tsunagu.accounts.forms import LoginForm, RecoveryCodeForm, TokenForm
from tsunagu.core import affiliations
from tsunagu.core.access import needs_two_factor
from tsunagu.core.audit import audit_record
from tsunagu.core.models import Affiliation, AuditAction, User
from tsunagu.core.params import id_param

_NEXT = "tsunagu_next"
_HATS = "tsunagu_has_hats"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("portal:dashboard")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = False

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        audit_record(actor=user, action=AuditAction.LOGIN, target=user)
        # Each login starts in the account's own hat; the menu offers the others.
        self.request.session.pop(affiliations.SESSION_KEY, None)
        self.request.session[_HATS] = affiliations.affiliation_others(user=user).exists()
        if needs_two_factor(user):
            self.request.session[_NEXT] = self.get_redirect_url()
            return redirect(
                "accounts:otp_verify" if _has_second_factor(user) else "accounts:otp_setup"
            )
        return response

    def form_invalid(self, form):
        username = (form.data.get("username") or "")[:150]
        if username:
            services.login_failure_record(username=username)
        return super().form_invalid(form)


def _has_second_factor(user) -> bool:
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or selectors.recovery_codes_remaining(user=user) > 0
        or security_keys.security_keys(user=user).exists()
    )


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not needs_two_factor(user) or user.is_verified():
        return redirect(_safe_next(request, request.session.get(_NEXT)))
    if not _has_second_factor(user):
        return redirect("accounts:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request, request.session.pop(_NEXT, None)))
        audit_record(actor=user, action=AuditAction.OTP_FAILED, target=user)
        form.add_error("token", _("確認コードが正しくないか、期限が切れています。"))
    has_key = security_keys.security_keys(user=user).exists()
    return render(request, "accounts/otp_verify.html", {"form": form, "has_key": has_key})


@login_required
def otp_recovery(request: HttpRequest) -> HttpResponse:
    """The second factor for a worker without the phone: one of their recovery codes."""
    user = request.user
    if not needs_two_factor(user) or user.is_verified():
        return redirect(_safe_next(request, request.session.get(_NEXT)))
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.recovery_code_use(user=user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            remaining = selectors.recovery_codes_remaining(user=user)
            messages.warning(
                request,
                _("予備コードでログインしました。残りの予備コードは%(count)d個です。")
                % {"count": remaining},
            )
            return redirect(_safe_next(request, request.session.pop(_NEXT, None)))
        audit_record(
            actor=user, action=AuditAction.OTP_FAILED, target=user, summary="recovery code"
        )
        form.add_error("code", _("予備コードが正しくないか、すでに使われています。"))
    return render(request, "accounts/otp_recovery.html", {"form": form})


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Generate (or replace) the user's recovery codes, after a login with the second
    factor. The codes appear on this response only and are not shown again."""
    user = request.user
    if not needs_two_factor(user) or not user.is_verified():
        return redirect("accounts:account")
    codes: list[str] = []
    if request.method == "POST":
        codes = services.recovery_codes_generate(actor=user, user=user)
    context = {"codes": codes, "remaining": selectors.recovery_codes_remaining(user=user)}
    return render(request, "accounts/recovery_codes.html", context)


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """First login: register an authenticator app. Only while none is registered —
    replacing one needs an administrator's reset."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:otp_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = services.totp_device_start(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(
            actor=user, device=device, token=form.cleaned_data["token"]
        ):
            otp_login(request, device)
            messages.success(request, _("二要素認証を設定しました。"))
            return redirect(_safe_next(request, request.session.pop(_NEXT, None)))
        form.add_error("token", _("確認コードが正しくありません。もう一度入力してください。"))
    secret = base64.b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "qr_data_uri": qr.svg_data_uri(scale=5, border=2),
    }
    return render(request, "accounts/otp_setup.html", context)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_record(actor=request.user, action=AuditAction.LOGOUT, target=request.user)
    auth_logout(request)
    messages.info(request, _("ログアウトしました。"))
    return redirect("accounts:login")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    devices = TOTPDevice.objects.filter(user=request.user, confirmed=True)
    context = {
        "devices": devices,
        "two_factor": needs_two_factor(request.user),
        "recovery_remaining": selectors.recovery_codes_remaining(user=request.user),
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    services.user_sign_out_everywhere(actor=request.user, user=request.user)
    auth_logout(request)
    messages.info(request, _("すべての端末からログアウトしました。もう一度ログインしてください。"))
    return redirect("accounts:login")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(
            actor=self.request.user,
            action=AuditAction.SECURITY,
            target=self.request.user,
            summary="password changed",
        )
        messages.success(self.request, _("パスワードを変更しました。"))
        return response


@login_required
def affiliation_switch(request: HttpRequest) -> HttpResponse:
    """Choose the hat worn: the account's own, or one of its other affiliations."""
    user = request.user
    others = list(affiliations.affiliation_others(user=user))
    if request.method == "POST":
        choice = request.POST.get("affiliation", "")
        try:
            affiliation = affiliations.affiliation_switch(
                user=user,
                session=request.session,
                affiliation_id=None if choice == "primary" else int(choice),
            )
        except (ValueError, Affiliation.DoesNotExist):
            messages.error(request, _("選んだ所属に切り替えられませんでした。"))
            return redirect("accounts:affiliation_switch")
        place = str(affiliation) if affiliation else _("本務")
        messages.success(request, _("所属を切り替えました：%(place)s") % {"place": place})
        return redirect("portal:dashboard")
    active = getattr(user, "active_affiliation", None)
    home = User.objects.select_related("organization", "municipality").get(pk=user.pk)
    primary = Affiliation(
        role=home.role, organization=home.organization, municipality=home.municipality
    )
    context = {"others": others, "active": active, "primary": primary}
    return render(request, "accounts/affiliation_switch.html", context)


# ---- security keys (WebAuthn) --------------------------------------------------------------


def _json_body(request: HttpRequest) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


@never_cache
@login_required
def security_key_list(request: HttpRequest) -> HttpResponse:
    """Register and remove security keys, after a login with the second factor."""
    user = request.user
    if not needs_two_factor(user) or not user.is_verified():
        return redirect("accounts:account")
    if request.method == "POST":
        key = security_keys.security_keys(user=user).filter(
            pk=id_param(request.POST.get("remove"))
        ).first()
        if key is not None:
            security_keys.security_key_remove(actor=user, key=key)
            messages.success(request, _("セキュリティキーを削除しました。"))
        return redirect("accounts:security_keys")
    return render(request, "accounts/security_keys.html",
                  {"keys": list(security_keys.security_keys(user=user))})


@login_required
@require_POST
def security_key_register_options(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not needs_two_factor(user) or not user.is_verified():
        return JsonResponse({"error": "forbidden"}, status=403)
    options = security_keys.registration_options(request=request, user=user)
    return HttpResponse(options, content_type="application/json")


@login_required
@require_POST
def security_key_register(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not needs_two_factor(user) or not user.is_verified():
        return JsonResponse({"error": "forbidden"}, status=403)
    data = _json_body(request)
    try:
        security_keys.security_key_register(
            request=request, user=user, credential=json.dumps(data.get("credential", {})),
            name=str(data.get("name", "")),
        )
    except security_keys.SecurityKeyError:
        return JsonResponse({"error": str(_("セキュリティキーを登録できませんでした。"))}, status=400)
    messages.success(request, _("セキュリティキーを登録しました。"))
    return JsonResponse({"redirect": reverse("accounts:security_keys")})


@login_required
@require_POST
def otp_security_key_options(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not security_keys.security_keys(user=user).exists():
        return JsonResponse({"error": "no keys"}, status=400)
    options = security_keys.authentication_options(request=request, user=user)
    return HttpResponse(options, content_type="application/json")


@login_required
@require_POST
def otp_security_key(request: HttpRequest) -> HttpResponse:
    """The second factor by a security key: the signed challenge, verified."""
    user = request.user
    if not needs_two_factor(user) or user.is_verified():
        return JsonResponse({"redirect": _safe_next(request, request.session.get(_NEXT))})
    data = _json_body(request)
    try:
        key = security_keys.security_key_use(
            request=request, user=user, credential=json.dumps(data.get("credential", {}))
        )
    except security_keys.SecurityKeyError:
        audit_record(actor=user, action=AuditAction.OTP_FAILED, target=user,
                     summary="security key")
        return JsonResponse({"error": str(_("セキュリティキーを確認できませんでした。"))}, status=400)
    otp_login(request, key)
    return JsonResponse({"redirect": _safe_next(request, request.session.pop(_NEXT, None))})
