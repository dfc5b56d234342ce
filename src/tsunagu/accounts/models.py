from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device


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


class SecurityKey(Device):
    """A security key (WebAuthn/FIDO2) registered as a second factor beside the authenticator
    app and the recovery codes. A django-otp device, so that a login with it marks the session
    verified the same way; it has no typed token (verify_token is always False)."""

    credential_id = models.BinaryField(_("認証情報ID"), unique=True)
    public_key = models.BinaryField(_("公開鍵"))
    sign_count = models.PositiveBigIntegerField(_("署名回数"), default=0)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最終使用日時"), null=True, blank=True)

    class Meta(Device.Meta):
        verbose_name = _("セキュリティキー")
        verbose_name_plural = _("セキュリティキー")

    def verify_token(self, token) -> bool:
        return False
