"""What an encrypted backup holds: a tar stream, encrypted as it is written, of

- ``database.sqlite3`` (SQLite's online backup) or ``database.pgdump`` (pg_dump -Fc);
- ``media/...``: the attached files (consultation and network attachments, photos) under
  settings.MEDIA_ROOT, which the database only names;
- ``manifest.json`` last: the database engine, the time, how many files were attached.

Restoring the files: they are unpacked beside MEDIA_ROOT first (a full disk fails there,
before anything is replaced), then swapped in whole for the old folder."""

import datetime
import io
import json
import os
import shutil
import tarfile
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from tsunagu.core.backup import crypto

DATABASE_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MANIFEST = "manifest.json"
MEDIA = "media/"
FORMAT = 1


class ArchiveError(Exception):
    pass


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())


def archive_write(
    target: BinaryIO, key: bytes, *, vendor: str, database: Path, media_root: Path
) -> int:
    """Write the encrypted archive to ``target``; the number of attached files stored."""
    writer = crypto.EncryptingWriter(target, key)
    stored = 0
    with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        tar.add(database, arcname=DATABASE_NAMES[vendor], recursive=False)
        for path in _media_files(media_root):
            try:
                tar.add(path, arcname=MEDIA + path.relative_to(media_root).as_posix())
            except FileNotFoundError:  # deleted while the backup ran: it is gone anyway
                continue
            stored += 1
        manifest = json.dumps(
            {
                "format": FORMAT,
                "vendor": vendor,
                "created": datetime.datetime.now(datetime.UTC).isoformat(),
                "media_files": stored,
            }
        ).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    writer.close()
    return stored


class Archive:
    """A decrypted archive, opened for restoring or verifying."""

    def __init__(self, path: Path) -> None:
        try:
            self.tar = tarfile.open(path, mode="r:")  # noqa: SIM115 — closed by close()
            member = self.tar.getmember(MANIFEST)
            self.manifest = json.loads(self.tar.extractfile(member).read())
        except (tarfile.TarError, KeyError, ValueError, AttributeError) as error:
            raise ArchiveError(
                _("バックアップの中身が読めません: %(error)s") % {"error": error}
            ) from None
        if self.manifest.get("format") != FORMAT:
            raise ArchiveError(_("このバージョンの tsunagu では読めない形式です。"))

    def close(self) -> None:
        self.tar.close()

    @property
    def vendor(self) -> str:
        return str(self.manifest.get("vendor"))

    def media_members(self) -> list[tarfile.TarInfo]:
        return [m for m in self.tar.getmembers() if m.isfile() and m.name.startswith(MEDIA)]

    def extract_database(self, into: Path) -> Path:
        name = DATABASE_NAMES.get(self.vendor)
        if name is None:
            raise ArchiveError(_("バックアップの中身が読めません: %(error)s") % {"error": name})
        self.tar.extract(name, into, filter="data")
        return into / name

    def extract_media(self, into: Path) -> int:
        """Unpack the attached files into the new folder ``into``; how many."""
        into.mkdir(mode=0o700, parents=True)
        members = self.media_members()
        for member in members:
            member.name = member.name.removeprefix(MEDIA)
            self.tar.extract(member, into, filter="data")
        return len(members)


def media_staging(media_root: Path) -> Path:
    return media_root.with_name(f".{media_root.name}.restoring-{os.getpid()}")


def media_replace(staged: Path, media_root: Path) -> None:
    """Put ``staged`` in place of ``media_root`` (the old folder is removed)."""
    old = media_root.with_name(f".{media_root.name}.replaced-{os.getpid()}")
    if media_root.exists():
        os.replace(media_root, old)
    os.replace(staged, media_root)
    shutil.rmtree(old, ignore_errors=True)
