from django.db import models
from django.utils.translation import gettext_lazy as _


class PasswordResetRequest(models.Model):
    """A password reset asked for on the public page, waiting for the background job.

    The page writes one of these for any address, known or not, and answers at once; the job
    (``tsunagu password_reset``, also run by ``tsunagu serve``) looks the address up, and
    mails a link if an account has it. The row is deleted when it is handled, so unknown
    addresses are not kept."""

    email = models.EmailField(_("メールアドレス"), max_length=254)
    created_at = models.DateTimeField(_("受付日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("パスワード再設定の申込み")
        verbose_name_plural = _("パスワード再設定の申込み")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"password reset request {self.pk}"
