"""Password reset by mail (パスワードを忘れた場合).

The answer is the same whether or not an account has the address, and so is the work the
request does: it only records the request (tsunagu.accounts.password_reset, with limits per
address and per client); a background job looks the address up and queues the mail in the
outbox (tsunagu.core.mail). The link is built from TSUNAGU_BASE_URL, not from the request's
Host header. A reset changes the password only: a
role with personal data still needs its authenticator after it, and every other session of
the user ends (the session hash includes the password)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from tsunagu.accounts.password_reset import password_reset_request
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction


class PasswordResetView(auth_views.PasswordResetView):
    """Takes the address and answers; the mail, if any, is decided in the background
    (tsunagu.accounts.password_reset), so every address costs the same here."""

    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        password_reset_request(email=form.cleaned_data["email"])
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(
            actor=form.user, action=AuditAction.SECURITY, target=form.user,
            summary="password reset by mail link",
        )  # fmt: skip
        messages.success(
            self.request, _("パスワードを設定しました。新しいパスワードでログインしてください。")
        )
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
