"""Files users bring, and what they may hide: a zip bomb behind an .xlsx, a 100 MB upload
(refused from its Content-Length, before the body is read: by the app and by waitress),
formula-like cells (read as text, exported neutralized), path traversal in file names."""

import csv
import io
import re
import socket
import subprocess
import sys
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from tests.imports.conftest import PERSON_HEADER, xlsx_bytes
from tests.reliability.strategies import CELL, FUZZ

from tsunagu.core.csvutil import csv_bytes
from tsunagu.core.tabular import TabularError, read_table

ROW = ["A1", "山田 太郎", "ヤマダ タロウ", "2000-01-01", "", ""]
HUNDRED_MB = 100 * 1024 * 1024


def _bomb(unpacked_mb: int) -> bytes:
    """A valid-looking .xlsx whose first sheet unpacks to ``unpacked_mb`` MB of blank XML."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([PERSON_HEADER, ROW])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(info, source.read(info))
                continue
            with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
                entry.write(b'<?xml version="1.0"?>')
                chunk = b" " * (1024 * 1024)
                for _ in range(unpacked_mb):
                    entry.write(chunk)
    return out.getvalue()


@pytest.mark.parametrize("unpacked_mb", [150, 250])
def test_zip_bomb_is_refused_before_anything_is_unpacked(unpacked_mb):
    """150 MB: under the total limit, caught by the ratio; 250 MB: over the total."""
    data = _bomb(unpacked_mb)
    assert len(data) < 1024 * 1024  # small on disk
    tracemalloc.start()
    try:
        with pytest.raises(TabularError, match="展開|圧縮率"):
            read_table(data, "bomb.xlsx", PERSON_HEADER)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024  # never expanded into memory


def test_formula_cells_are_read_as_text_never_evaluated():
    rows = [PERSON_HEADER, ["A1", "=1+2", "=HYPERLINK(\"http://x\")", "", "", "@SUM(A1)"]]
    table = read_table(xlsx_bytes(rows), "f.xlsx", PERSON_HEADER)
    assert table.rows[0][1][1:3] == ["=1+2", '=HYPERLINK("http://x")']


@FUZZ
@given(cells=CELL.map(lambda c: [c, "＝" + c, "=" + c, "-" + c, "\t=" + c]))
def test_csv_export_never_starts_a_cell_like_a_formula(cells):
    data = csv_bytes(["h"] * len(cells), [cells])
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    for cell in parsed[1]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"))


def _send_headers_only(port: int, path: str, length: int) -> bytes:
    """POST with a declared body of ``length`` bytes, send 1 KB of it, read the answer.
    An answer at all proves the server decided without reading (the rest is never sent)."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {length}\r\n\r\n".encode()
            + b"--x\r\n" + b"a" * 1024
        )
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer) < 200:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        return answer


@pytest.mark.django_db(transaction=True)
def test_100_mb_upload_is_refused_by_the_app_before_the_body_is_read(live_server):
    port = int(live_server.url.rsplit(":", 1)[1])
    answer = _send_headers_only(port, "/consultations/import/", HUNDRED_MB)
    assert answer.startswith(b"HTTP/1.1 413")
    assert "大きすぎます".encode() in answer


def test_100_mb_upload_is_refused_by_waitress_before_buffering(tmp_path):
    """`tsunagu serve` gives waitress the same limit: it answers 413 from the header."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"TSUNAGU_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "tsunagu", "serve", "--listen", f"127.0.0.1:{port}"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        server.stdout.readline()  # "tsunagu: http://..." once it is about to listen
        for _attempt in range(600):  # a refused connection returns at once: wait between tries
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(server.stdout.read().decode())
                time.sleep(0.1)
        answer = _send_headers_only(port, "/consultations/import/", HUNDRED_MB)
        assert answer.startswith(b"HTTP/1.1 413")
    finally:
        server.kill()
        server.wait()


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.pdf", "..\\..\\windows\\system.ini.txt", "/etc/cron.d/x.txt",
     "a\x00b.pdf", "....//....//x.png", "con.txt", "ｘ" * 300 + ".pdf"],
)  # fmt: skip
def test_uploaded_names_never_reach_the_file_system(
    client, center_staff, consultation, settings, tmp_path, login, name
):
    settings.MEDIA_ROOT = tmp_path / "media"
    login(client, center_staff)
    upload = SimpleUploadedFile(name, b"%PDF-1.4 hello")
    response = client.post(f"/consultations/{consultation.pk}/attachments/new/", {"file": upload})
    assert response.status_code in (200, 302)
    for attachment in consultation.attachments.all():
        stored = (settings.MEDIA_ROOT / attachment.file.name).resolve()
        assert settings.MEDIA_ROOT.resolve() in stored.parents
        assert stored.is_file()
        assert re.fullmatch(r"attachments/\d+/\d+/[0-9a-f]{32}\.[a-z]+", attachment.file.name)
    assert not any(p.is_file() for p in tmp_path.iterdir())  # nothing beside media/
