"""The import page, used the way a worker uses it: upload a file, read the answer."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.imports.conftest import CONSULTATION_HEADER, PERSON_HEADER, csv_bytes, xlsx_bytes

from tsunagu.consultations.models import Consultation
from tsunagu.core import tabular
from tsunagu.core.models import AuditEntry
from tsunagu.people.models import Person

URL = "/consultations/import/"


def upload(client, kind, data, name="data.csv", dry_run=False):
    payload = {"kind": kind, "file": SimpleUploadedFile(name, data)}
    if dry_run:
        payload["dry_run"] = "on"
    return client.post(URL, payload)


def test_page_has_the_form(client, center_staff, login):
    login(client, center_staff)
    page = client.get("/consultations/import/persons/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "確認のみ（書き込まない）" in page
    assert '<option value="persons" selected>' in page
    assert "利用者ID,相談日,相談方法,相談者,支援内容,対応時間(分),記録" in page
    assert client.get("/consultations/import/elephants/").status_code == 404


def test_persons_then_consultations_succeed(client, center_staff, login, region):
    login(client, center_staff)
    persons = csv_bytes(
        [PERSON_HEADER, ["A1", "山田 太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", "R2.1.1", "東金市", "精神"]], "cp932"
    )
    response = upload(client, "persons", persons)
    assert response.status_code == 200
    page = response.content.decode()
    assert "取り込みました" in page and "作成 1件・更新 0件・変更なし 0件" in page
    rows = [
        CONSULTATION_HEADER,
        ["A1", "2022/4/1", "電話", "本人", "就労", "20", "=cmd|' /C calc'!A0"],
    ]
    page = upload(client, "consultations", xlsx_bytes(rows), "c.xlsx").content.decode()
    assert "作成 1件" in page
    consultation = Consultation.objects.get()
    assert consultation.person == Person.objects.get(external_id="A1")
    assert consultation.record == "=cmd|' /C calc'!A0"
    entry = AuditEntry.objects.filter(target_type="consultations.consultation").get()
    assert (entry.user, entry.path) == (center_staff, URL)


def test_errors_are_listed_escaped_and_nothing_is_written(client, center_staff, login, region):
    login(client, center_staff)
    rows = [
        PERSON_HEADER,
        ["A1", "山田 太郎", "ヤマダ タロウ", "", "", ""],
        ["A2", "<b>x</b>", "エックス", "2022/13/1", "<script>alert(1)</script>", ""],
    ]
    page = upload(client, "persons", csv_bytes(rows)).content.decode()
    assert "取り込めませんでした" in page and "何も書き込んでいません" in page
    assert "<caption>" in page and '<th scope="col" class="num">行</th>' in page
    assert "存在しない日付です: 2022/13/1" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert not Person.objects.exists()


def test_dry_run_and_file_level_errors(client, center_staff, login, region, monkeypatch):
    login(client, center_staff)
    rows = [CONSULTATION_HEADER, ["", "2022/4/1", "電話", "本人", "就労", "", ""]]
    page = upload(client, "consultations", csv_bytes(rows), dry_run=True).content.decode()
    assert "確認の結果（書き込んでいません）" in page and "作成 1件" in page
    assert not Consultation.objects.exists()
    page = upload(client, "persons", csv_bytes(rows)).content.decode()  # the wrong kind
    assert (
        "見出しの行が違います" in page and "利用者ID,氏名,フリガナ,生年月日,市町村,障害種別" in page
    )
    page = upload(client, "persons", b"").content.decode()
    assert "空" in page
    monkeypatch.setattr(tabular, "MAX_FILE_BYTES", 10)
    page = upload(client, "consultations", csv_bytes(rows)).content.decode()
    assert "大きすぎます" in page
    assert not Consultation.objects.exists()


def test_import_goes_into_the_users_region(client, outsider, login, region, other_region):
    login(client, outsider)
    rows = [PERSON_HEADER, ["A1", "山田 太郎", "ヤマダ タロウ", "", "千葉市", ""]]
    assert "作成 1件" in upload(client, "persons", csv_bytes(rows)).content.decode()
    assert Person.objects.get().region == other_region


@pytest.mark.parametrize("persona", ["provider_staff", "secretariat", "municipal_staff", "member"])
def test_others_are_refused(client, login, persona, request, region):
    login(client, request.getfixturevalue(persona))
    rows = [PERSON_HEADER, ["A1", "山田 太郎", "ヤマダ タロウ", "", "", ""]]
    assert upload(client, "persons", csv_bytes(rows)).status_code == 403
    assert not Person.objects.exists()


def test_anonymous_is_sent_to_login(client, region):
    response = upload(client, "persons", b"x")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
