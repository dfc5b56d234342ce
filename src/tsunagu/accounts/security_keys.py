"""Security keys (WebAuthn/FIDO2) as a second factor, with py_webauthn (duo-labs
``webauthn``): registration after a verified login, and use at the second-factor step.

The relying party is the host the user reached (``request.get_host()``, which Django checks
against ALLOWED_HOSTS); the challenge of each ceremony lives in the session and is used once.
Every registration, use, failure and removal is audited."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.translation import gettext as _
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    PublicKeyCredentialDescriptor,
    UserVerificationRequirement,
)

from tsunagu.accounts.models import SecurityKey
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction, User

SESSION_REGISTER = "tsunagu_webauthn_register"
SESSION_LOGIN = "tsunagu_webauthn_login"
RP_NAME = "tsunagu"
MAX_KEYS = 5


class SecurityKeyError(Exception):
    pass


def _rp_id(request: HttpRequest) -> str:
    domain, _port = split_domain_port(request.get_host())
    return domain


def _origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def security_keys(*, user: User):
    return SecurityKey.objects.filter(user=user, confirmed=True).order_by("pk")


def registration_options(*, request: HttpRequest, user: User) -> str:
    options = generate_registration_options(
        rp_id=_rp_id(request),
        rp_name=RP_NAME,
        user_id=str(user.pk).encode(),
        user_name=user.get_username(),
        user_display_name=user.display_name or user.get_username(),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=bytes(k.credential_id))
            for k in security_keys(user=user)
        ],
    )
    request.session[SESSION_REGISTER] = options.challenge.hex()
    return options_to_json(options)


@transaction.atomic
def security_key_register(
    *, request: HttpRequest, user: User, credential: str, name: str
) -> SecurityKey:
    challenge = request.session.pop(SESSION_REGISTER, None)
    if not challenge:
        raise SecurityKeyError("no registration in progress")
    if security_keys(user=user).count() >= MAX_KEYS:
        raise SecurityKeyError("too many keys")
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=bytes.fromhex(challenge),
            expected_rp_id=_rp_id(request),
            expected_origin=_origin(request),
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise SecurityKeyError(str(error)) from None
    if SecurityKey.objects.filter(credential_id=verified.credential_id).exists():
        raise SecurityKeyError("key already registered")
    key = SecurityKey.objects.create(
        user=user,
        name=(name.strip() or str(_("セキュリティキー")))[:64],
        confirmed=True,
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )
    audit_record(actor=user, action=AuditAction.SECURITY, target=user,
                 summary=f"security key registered ({key.pk})")
    return key


def authentication_options(*, request: HttpRequest, user: User) -> str:
    options = generate_authentication_options(
        rp_id=_rp_id(request),
        allow_credentials=[
            PublicKeyCredentialDescriptor(id=bytes(k.credential_id))
            for k in security_keys(user=user)
        ],
        user_verification=UserVerificationRequirement.DISCOURAGED,
    )
    request.session[SESSION_LOGIN] = options.challenge.hex()
    return options_to_json(options)


@transaction.atomic
def security_key_use(*, request: HttpRequest, user: User, credential: str) -> SecurityKey:
    """The user's key that signed this login's challenge; raises SecurityKeyError (audited
    as a failed second factor by the caller) otherwise."""
    challenge = request.session.pop(SESSION_LOGIN, None)
    if not challenge:
        raise SecurityKeyError("no login in progress")
    try:
        data: dict[str, Any] = json.loads(credential)
        credential_id = base64url_to_bytes(data["rawId"])
    except (ValueError, KeyError, TypeError) as error:
        raise SecurityKeyError(str(error)) from None
    key = (
        security_keys(user=user).select_for_update().filter(credential_id=credential_id).first()
    )
    if key is None:
        raise SecurityKeyError("not this user's key")
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=bytes.fromhex(challenge),
            expected_rp_id=_rp_id(request),
            expected_origin=_origin(request),
            credential_public_key=bytes(key.public_key),
            credential_current_sign_count=key.sign_count,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise SecurityKeyError(str(error)) from None
    key.sign_count = verified.new_sign_count
    key.last_used_at = timezone.now()
    key.save(update_fields=["sign_count", "last_used_at"])
    audit_record(actor=user, action=AuditAction.SECURITY, target=user,
                 summary=f"signed in with a security key ({key.pk})")
    return key


@transaction.atomic
def security_key_remove(*, actor: Any, key: SecurityKey) -> None:
    user, pk = key.user, key.pk
    key.delete()
    audit_record(actor=actor, action=AuditAction.SECURITY, target=user,
                 summary=f"security key removed ({pk})")
