"""What an uploaded file really is, from its content, never from its name alone.

An attachment named ``report.pdf`` must be a PDF: a browser or a viewer that opens it trusts
the content, and HTML named ``.pdf`` is a page with scripts. ``content_matches`` says whether
the bytes are of the kind the name's suffix declares; ``kind_of`` names the kind the bytes
prove, among those :data:`SIGNATURES` knows. Text kinds (CSV, plain text) must decode as
UTF-8 or CP932 and must not start like markup (the WHATWG sniffing patterns for HTML, XML
and SVG), so a page cannot pass as text either."""

from __future__ import annotations

import io
import zipfile
from typing import Any

# suffix -> the bytes a file of that kind starts with
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
}
# Office Open XML: a zip whose parts name the application
_OOXML_PART = {".xlsx": "xl/workbook.xml", ".docx": "word/document.xml"}
_TEXT = {".txt", ".csv"}
_ZIP_MAGIC = b"PK\x03\x04"
_TEXT_SAMPLE = 64 * 1024
# What browsers take for a page when it starts a file (WHATWG MIME sniffing, "HTML" row),
# with XML and SVG, which carry scripts too.
_MARKUP_STARTS = (
    b"<!doctype html", b"<html", b"<head", b"<script", b"<iframe", b"<h1", b"<div",
    b"<font", b"<table", b"<a", b"<style", b"<title", b"<b", b"<body", b"<br", b"<p",
    b"<!--", b"<?xml", b"<svg", b"<meta", b"<link", b"<object", b"<embed", b"<form",
)  # fmt: skip


def _read_head(upload: Any, size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return bytes(head)


def _is_webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _is_ooxml(upload: Any, part: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and part in names


def looks_like_markup(head: bytes) -> bool:
    """True when the text starts like HTML, XML or SVG (after a BOM and white space)."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n\x0c").lower()
    for start in _MARKUP_STARTS:
        if text.startswith(start):
            following = text[len(start) : len(start) + 1]
            # "<b" must be the tag <b> or <b ...>, not "<bento>"; "<!--" and "<?xml" stand alone
            if start in (b"<!--", b"<?xml") or following in (b"", b" ", b">", b"\t", b"\n", b"\r", b"/"):
                return True
    return False


def _is_text(upload: Any) -> bool:
    head = _read_head(upload, _TEXT_SAMPLE)
    if b"\x00" in head or looks_like_markup(head):
        return False
    sample = head.removeprefix(b"\xef\xbb\xbf")
    for encoding in ("utf-8", "cp932"):
        try:
            sample.decode(encoding)
        except UnicodeDecodeError as error:
            # a multi-byte character cut at the end of the sample is fine
            if error.start >= len(sample) - 3 and len(head) == _TEXT_SAMPLE:
                return True
            continue
        return True
    return False


def content_matches(upload: Any, suffix: str) -> bool:
    """Whether ``upload`` (a file object) is of the kind its name's ``suffix`` declares.
    Unknown suffixes never match."""
    suffix = suffix.lower()
    if suffix in SIGNATURES:
        head = _read_head(upload, 16)
        return any(head.startswith(magic) for magic in SIGNATURES[suffix])
    if suffix == ".webp":
        return _is_webp(_read_head(upload, 16))
    if suffix in _OOXML_PART:
        return _read_head(upload, 4) == _ZIP_MAGIC and _is_ooxml(upload, _OOXML_PART[suffix])
    if suffix in _TEXT:
        return _is_text(upload)
    return False


def kind_of(data: bytes | io.BytesIO | Any) -> str | None:
    """The suffix the first bytes prove (".pdf", ".png", ".jpg", ".gif", ".webp"), or None."""
    head = data[:16] if isinstance(data, bytes | bytearray) else _read_head(data, 16)
    for suffix, magics in SIGNATURES.items():
        if any(head.startswith(magic) for magic in magics):
            return ".jpg" if suffix == ".jpeg" else suffix
    return ".webp" if _is_webp(head) else None
