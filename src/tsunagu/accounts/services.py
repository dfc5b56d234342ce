"""Account use cases. Each writes its audit entry inside the same transaction."""

import secrets
import unicodedata
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tsunagu.accounts.models import SecurityKey
from tsunagu.core.affiliations import affiliation_primary_sync
from tsunagu.core.audit import audit_record
from tsunagu.core.models import (
    AuditAction,
    Municipality,
    Organization,
    Region,
    User,
    _new_session_salt,
)
from tsunagu.core.roles import Role

DEVICE_NAME = "認証アプリ"
RECOVERY_DEVICE_NAME = "予備コード"
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: a code copied by hand from paper must not be misread.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 10  # about 49 bits each; the device is throttled after failures


@transaction.atomic
def user_create(
    *,
    actor: Any,
    region: Region,
    username: str,
    password: str,
    role: Role | str,
    display_name: str = "",
    email: str = "",
    organization: Organization | None = None,
    municipality: Municipality | None = None,
) -> User:
    """Create an account in ``region``. The password must pass the configured rules."""
    if organization is not None and organization.region_id != region.pk:
        raise ValueError("organization belongs to another region")
    if municipality is not None and municipality.region_id != region.pk:
        raise ValueError("municipality belongs to another region")
    user = User(
        username=username,
        region=region,
        role=Role(role),
        display_name=display_name,
        email=email,
        organization=organization,
        municipality=municipality,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    affiliation_primary_sync(user=user)
    audit_record(actor=actor, action=AuditAction.CREATE, target=user, summary=f"role={user.role}")
    return user


@transaction.atomic
def user_update(
    *,
    actor: Any,
    user: User,
    role: Role | str,
    display_name: str,
    email: str,
    organization: Organization | None,
    municipality: Municipality | None,
    is_active: bool,
) -> User:
    changed = []
    for field, value in (
        ("role", Role(role)),
        ("display_name", display_name),
        ("email", email),
        ("organization", organization),
        ("municipality", municipality),
        ("is_active", is_active),
    ):
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if not changed:
        return user
    if "role" in changed or "is_active" in changed:
        user.session_salt = _new_session_salt()  # a changed role starts afresh
    user.full_clean(exclude=["password"])
    user.save()
    affiliation_primary_sync(user=user)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=user, summary="changed: " + ",".join(changed)
    )
    return user


@transaction.atomic
def user_sign_out_everywhere(*, actor: Any, user: User) -> None:
    """End every session of ``user`` (including the current one) by rotating its salt."""
    user.session_salt = _new_session_salt()
    user.save(update_fields=["session_salt"])
    audit_record(
        actor=actor, action=AuditAction.SECURITY, target=user, summary="signed out of all sessions"
    )


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator for ``user``; replaces an earlier unconfirmed one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def totp_device_confirm(*, actor: Any, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        actor=actor,
        action=AuditAction.SECURITY,
        target=device.user,
        summary="two-factor device registered",
    )
    return True


@transaction.atomic
def totp_device_reset(*, actor: Any, user: User) -> None:
    """Remove the user's authenticators, security keys and recovery codes: at the next login they
    register a new authenticator."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    SecurityKey.objects.filter(user=user).delete()
    user.session_salt = _new_session_salt()
    user.save(update_fields=["session_salt"])
    audit_record(
        actor=actor, action=AuditAction.SECURITY, target=user, summary="two-factor device reset"
    )


@transaction.atomic
def login_failure_record(*, username: str) -> None:
    """Audit a failed password login for ``username`` as typed.

    When it names an account, the entry belongs to that account's region, so the region's
    administrator sees attempts on their users. A name that matches no account is kept
    without a region: shown to every region it would be noise from anyone on the internet,
    and it would tell one region's administrator which names exist in other regions. The
    answer on the login page is the same either way."""
    user = User._default_manager.filter(
        **{User.USERNAME_FIELD: username}
    ).select_related("region").first()
    if user is None:
        audit_record(actor=username, action=AuditAction.LOGIN_FAILED, target_type="core.user")
        return
    audit_record(
        actor=username,
        action=AuditAction.LOGIN_FAILED,
        target_type="core.user",
        target_id=user.pk,
        region=user.region,
    )


def recovery_code_normalize(code: str) -> str:
    """What a user types (full-width, upper case, with hyphens or spaces) as stored."""
    code = unicodedata.normalize("NFKC", code).lower()
    return "".join(ch for ch in code if ch not in " -\u30fc")


def recovery_code_display(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


@transaction.atomic
def recovery_codes_generate(*, actor: Any, user: User) -> list[str]:
    """A fresh set of one-time recovery codes for ``user``; earlier codes stop working.

    The codes are returned once, to be shown once; each is spent by its use."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    audit_record(
        actor=actor,
        action=AuditAction.SECURITY,
        target=user,
        summary=f"recovery codes generated ({len(codes)})",
    )
    return [recovery_code_display(code) for code in codes]


@transaction.atomic
def recovery_code_use(*, user: User, code: str) -> StaticDevice | None:
    """The user's recovery device if ``code`` is one of its unused codes; the code is spent."""
    device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None or not device.verify_token(recovery_code_normalize(code)):
        return None
    audit_record(
        actor=user,
        action=AuditAction.SECURITY,
        target=user,
        summary="signed in with a recovery code",
    )
    return device
