"""Encrypting a few fields at rest (Fernet: AES-128-CBC + HMAC-SHA256, from `cryptography`).

Used where the law forbids disclosure even to people who can read the database: the identity
of a person who reported suspected abuse (障害者虐待防止法 §8). The key is
settings.FIELD_ENCRYPTION_KEY; rotating it means re-encrypting (MultiFernet), not done yet."""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@cache
def _fernet(key: str) -> Fernet:
    return Fernet(key.encode())


def encrypt_text(text: str) -> str:
    """An opaque token for ``text``; the empty string stays empty."""
    if not text:
        return ""
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(text.encode()).decode()


def decrypt_text(token: str) -> str:
    """The text of ``token``. Raises ValueError when the key does not match."""
    if not token:
        return ""
    try:
        return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("encrypted field cannot be read with the configured key") from error
