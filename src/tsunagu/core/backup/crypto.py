"""Encrypted backup files: AES-256-GCM in chunks, so that a backup of any size is encrypted
and decrypted as a stream, never held in memory whole.

File layout (version 1)::

    MAGIC (15 bytes) | version (1) | key id (8) | salt (16) | chunk size (4, big-endian)
    chunk 0 | chunk 1 | ... | last chunk         each chunk: ciphertext + 16-byte GCM tag

Each file has its own key, derived from the backup key and the file's random salt (HKDF).
Chunk i is sealed with the nonce ``i (11 bytes) | last (1 byte)`` and the header as associated
data, so a chunk cannot be changed, dropped, reordered or moved to another file, a cut-off
file lacks its "last" chunk, and a changed header breaks every chunk. The key id (an HMAC of
a constant under the backup key) tells "another key" apart from "damaged or tampered".

The backup key is a file of its own (settings.BACKUP_KEY_FILE), created with mode 0600 and
never inside the folder the backups go to."""

import base64
import hashlib
import hmac
import os
import secrets
import struct
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.utils.translation import gettext as _

MAGIC = b"TSUNAGU-BACKUP\n"
VERSION = 1
CHUNK_SIZE = 1024 * 1024
TAG_SIZE = 16
_HEADER = struct.Struct(f">{len(MAGIC)}sB8s16sI")
HEADER_SIZE = _HEADER.size
KEY_PREFIX = "tsunagu-backup-key-1:"


class BackupCryptoError(Exception):
    """A backup that cannot be decrypted (message in Japanese, for the operator)."""


# -- the key ---------------------------------------------------------------------------------


def key_id(key: bytes) -> bytes:
    return hmac.new(key, b"tsunagu backup key id", hashlib.sha256).digest()[:8]


def key_create(path: Path) -> bytes:
    """Write a new random key to ``path`` (mode 0600; never overwrites a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(KEY_PREFIX + base64.urlsafe_b64encode(key).decode() + "\n")
        file.flush()
        os.fsync(file.fileno())
    return key


def key_load(path: Path) -> bytes:
    try:
        text = path.read_text().strip()
    except FileNotFoundError:
        raise BackupCryptoError(
            _("バックアップの鍵ファイルがありません: %(path)s（TSUNAGU_BACKUP_KEY_FILE）")
            % {"path": path}
        ) from None
    try:
        if not text.startswith(KEY_PREFIX):
            raise ValueError
        key = base64.urlsafe_b64decode(text.removeprefix(KEY_PREFIX))
        if len(key) != 32:
            raise ValueError
    except ValueError:
        raise BackupCryptoError(
            _("バックアップの鍵ファイルの形式が正しくありません: %(path)s") % {"path": path}
        ) from None
    return key


def key_fingerprint(key: bytes) -> str:
    """What the operator compares with the copy in the safe (shown, never secret)."""
    return key_id(key).hex()


# -- streams ---------------------------------------------------------------------------------


def _file_key(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"tsunagu-backup-v1"
    ).derive(key)
    return AESGCM(derived)


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _read_exactly(source: BinaryIO, size: int) -> bytes:
    parts, remaining = [], size
    while remaining:
        part = source.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


class EncryptingWriter:
    """A file-like object: what is written to it goes to ``target`` encrypted, chunk by
    chunk; ``close()`` seals the last chunk (without it the file reads as cut short)."""

    def __init__(self, target: BinaryIO, key: bytes) -> None:
        salt = secrets.token_bytes(16)
        self._header = _HEADER.pack(MAGIC, VERSION, key_id(key), salt, CHUNK_SIZE)
        self._aead = _file_key(key, salt)
        self._target = target
        self._buffer = bytearray()
        self._index = 0
        self._closed = False
        target.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        # Keep at least one byte back: the last chunk must be sealed as the last.
        while len(self._buffer) > CHUNK_SIZE:
            self._seal(bytes(self._buffer[:CHUNK_SIZE]), last=False)
            del self._buffer[:CHUNK_SIZE]
        return len(data)

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        self._target.write(self._aead.encrypt(_nonce(self._index, last), chunk, self._header))
        self._index += 1

    def close(self) -> None:
        if not self._closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True


def encrypt_stream(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    writer = EncryptingWriter(target, key)
    while chunk := source.read(CHUNK_SIZE):
        writer.write(chunk)
    writer.close()


def is_encrypted(path: Path) -> bool:
    """Whether ``path`` is (or starts like) an encrypted backup; a file cut short inside the
    header still counts, so that it is refused as cut short, not read as something else."""
    with open(path, "rb") as file:
        start = file.read(len(MAGIC))
    return len(start) > 0 and MAGIC.startswith(start)


def decrypt_stream(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    """Decrypt ``source`` into ``target``. Raises BackupCryptoError before returning if any
    part of the file is wrong; the caller must then discard what was written to ``target``."""
    header = _read_exactly(source, HEADER_SIZE)
    if len(header) < HEADER_SIZE:
        raise BackupCryptoError(_("バックアップファイルが途中で切れています。"))
    magic, version, file_key_id, salt, chunk_size = _HEADER.unpack(header)
    if magic != MAGIC:
        raise BackupCryptoError(_("暗号化されたバックアップではありません。"))
    if version != VERSION:
        raise BackupCryptoError(
            _("このバージョンの tsunagu では読めない形式です（形式 %(version)s）。")
            % {"version": version}
        )
    if not hmac.compare_digest(file_key_id, key_id(key)):
        raise BackupCryptoError(
            _(
                "このバックアップは別の鍵で暗号化されています（バックアップの鍵 %(file)s、"
                "設定された鍵 %(current)s）。作成時の鍵ファイルを TSUNAGU_BACKUP_KEY_FILE "
                "で指定してください。"
            )
            % {"file": file_key_id.hex(), "current": key_fingerprint(key)}
        )
    if not 0 < chunk_size <= 64 * CHUNK_SIZE:
        raise BackupCryptoError(
            _("バックアップファイルが壊れているか、途中で切れているか、改ざんされています。")
        )
    aead = _file_key(key, salt)
    index = 0
    sealed = _read_exactly(source, chunk_size + TAG_SIZE)
    while True:
        following = _read_exactly(source, chunk_size + TAG_SIZE)
        last = not following
        if len(sealed) < TAG_SIZE:
            raise BackupCryptoError(_("バックアップファイルが途中で切れています。"))
        try:
            target.write(aead.decrypt(_nonce(index, last), sealed, header))
        except InvalidTag:
            if last:  # a full file's last chunk carries the "last" flag; a cut one does not
                try:
                    aead.decrypt(_nonce(index, False), sealed, header)
                except InvalidTag:
                    pass
                else:
                    raise BackupCryptoError(
                        _("バックアップファイルが途中で切れています。")
                    ) from None
            raise BackupCryptoError(
                _("バックアップファイルが壊れているか、途中で切れているか、改ざんされています。")
            ) from None
        if last:
            return
        sealed, index = following, index + 1
