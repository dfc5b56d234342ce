"""Tokens in links that work without a login.

Registration links (cancel, feedback) and invitation links carry a value signed with the
server's secret (``django.core.signing``, one salt per purpose), so they cannot be guessed or
forged and nothing secret is stored. Invitation links also expire (checked against the
invitation's own ``expires_at``). Feed tokens are random and stored as a SHA-256 hash, so
they can be revoked."""

from __future__ import annotations

import hashlib
import secrets

from django.core import signing

_CANCEL = "tsunagu.network.registration.cancel"
_FEEDBACK = "tsunagu.network.registration.feedback"
_INVITATION = "tsunagu.network.invitation"


def _dumps(pk: int, salt: str) -> str:
    return signing.dumps(pk, salt=salt, compress=False)


def _loads(token: str, salt: str) -> int | None:
    if not token or len(token) > 200:
        return None
    try:
        value = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def cancel_token(registration_pk: int) -> str:
    return _dumps(registration_pk, _CANCEL)


def cancel_token_pk(token: str) -> int | None:
    return _loads(token, _CANCEL)


def feedback_token(registration_pk: int) -> str:
    return _dumps(registration_pk, _FEEDBACK)


def feedback_token_pk(token: str) -> int | None:
    return _loads(token, _FEEDBACK)


def invitation_token(invitation_pk: int) -> str:
    return _dumps(invitation_pk, _INVITATION)


def invitation_token_pk(token: str) -> int | None:
    return _loads(token, _INVITATION)


def feed_token_new() -> tuple[str, str]:
    """A new feed token and its hash."""
    token = secrets.token_urlsafe(32)
    return token, feed_token_hash(token)


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
