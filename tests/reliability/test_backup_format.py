"""The encrypted backup format on its own (no database): streams of any length round-trip,
and every way of changing a file — a chunk dropped, two swapped, the end cut, bytes added,
another key — is refused with its own message."""

import io
import secrets

import pytest

from tsunagu.core.backup import crypto

CHUNK = crypto.CHUNK_SIZE + crypto.TAG_SIZE


@pytest.fixture
def key():
    return secrets.token_bytes(32)


def _encrypt(data: bytes, key: bytes) -> bytes:
    out = io.BytesIO()
    crypto.encrypt_stream(io.BytesIO(data), out, key)
    return out.getvalue()


def _decrypt(blob: bytes, key: bytes) -> bytes:
    out = io.BytesIO()
    crypto.decrypt_stream(io.BytesIO(blob), out, key)
    return out.getvalue()


@pytest.mark.parametrize(
    "size", [0, 1, crypto.CHUNK_SIZE - 1, crypto.CHUNK_SIZE, 2 * crypto.CHUNK_SIZE + 5]
)
def test_any_length_round_trips(key, size):
    data = secrets.token_bytes(size)
    blob = _encrypt(data, key)
    chunks = max(1, -(-size // crypto.CHUNK_SIZE))
    assert len(blob) == crypto.HEADER_SIZE + size + chunks * crypto.TAG_SIZE
    assert _decrypt(blob, key) == data


def test_the_same_data_encrypts_differently_each_time(key):
    data = b"same" * 100
    assert _encrypt(data, key) != _encrypt(data, key)


def _three_chunks(key) -> tuple[bytes, bytes, list[bytes]]:
    blob = _encrypt(secrets.token_bytes(2 * crypto.CHUNK_SIZE + 10), key)
    header, body = blob[: crypto.HEADER_SIZE], blob[crypto.HEADER_SIZE :]
    return blob, header, [body[:CHUNK], body[CHUNK : 2 * CHUNK], body[2 * CHUNK :]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda h, c: h + c[0] + c[2], "改ざん"),  # a chunk dropped
        (lambda h, c: h + c[1] + c[0] + c[2], "改ざん"),  # two swapped
        (lambda h, c: h + c[0] + c[1], "途中で切れています"),  # cut at a chunk's end
        (lambda h, c: h + c[0] + c[1] + c[2][:-1], "改ざん"),  # cut inside the last chunk
        (lambda h, c: h + c[0] + c[1] + c[2] + b"\0", "改ざん"),  # bytes added
        (lambda h, c: h[:20], "途中で切れています"),  # cut inside the header
        (lambda h, c: h[:-1] + b"\x02" + b"".join(c), "改ざん"),  # chunk size changed
    ],
)
def test_a_changed_file_is_refused(key, change, message):
    _blob, header, chunks = _three_chunks(key)
    with pytest.raises(crypto.BackupCryptoError, match=message):
        _decrypt(change(header, chunks), key)


def test_another_key_is_named_as_such(key):
    blob = _encrypt(b"data", key)
    with pytest.raises(crypto.BackupCryptoError, match="別の鍵"):
        _decrypt(blob, secrets.token_bytes(32))


def test_a_newer_format_is_refused_clearly(key):
    blob = bytearray(_encrypt(b"data", key))
    blob[len(crypto.MAGIC)] = 9
    with pytest.raises(crypto.BackupCryptoError, match="形式 9"):
        _decrypt(bytes(blob), key)


def test_the_key_file_is_private_and_never_overwritten(tmp_path):
    path = tmp_path / "backup_key"
    key = crypto.key_create(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert crypto.key_load(path) == key
    with pytest.raises(FileExistsError):
        crypto.key_create(path)
    path.write_text("not a key")
    with pytest.raises(crypto.BackupCryptoError, match="形式が正しくありません"):
        crypto.key_load(path)
