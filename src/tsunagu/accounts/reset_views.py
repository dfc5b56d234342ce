"""Password reset by mail (パスワードを忘れた場合).

The answer is the same whether or not an account has the address — the page and the
redirect do not tell anyone which addresses are registered. The mail leaves
through the outbox (tsunagu.core.mail), never from the request, and its link is built from
TSUNAGU_BASE_URL, not from the request's Host header. A reset changes the password only: a
role with personal data still needs its authenticator after it, and every other session of
the user ends (the session hash includes the password)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.template import loader
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from tsunagu.core.audit import audit_record
from tsunagu.core.mail import mail_queue
from tsunagu.core.models import AuditAction


class QueuedPasswordResetForm(auth_forms.PasswordResetForm):
    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        mail_queue(to=[to_email], subject=subject, body=body)
        user = context["user"]
        audit_record(
            actor=user, action=AuditAction.SECURITY, target=user, summary="password reset mailed"
        )


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = QueuedPasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {"base_url": settings.TSUNAGU_BASE_URL}
        return super().form_valid(form)


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
