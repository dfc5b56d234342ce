"""A record whose file is gone from the disk (a restore without the media directory, a disk
cleaned by hand) answers a Japanese "file not found" page, 404, naming whom to tell — never a
server error — and the operator gets a warning naming the record (tsunagu.core.files).

Every view that serves a stored file is here: the consultation attachment, the foodbank
appliance photo, the network post attachment. Each test stores the file the way a user does
(uploading it through the page), removes it on disk, and fetches it as the user would."""

import logging
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.foodbank.fixtures import PNG_BYTES

from tsunagu.foodbank.models import Appliance
from tsunagu.network.models import Post

PDF = b"%PDF-1.4 \xe8\xa8\x98\xe9\x8c\xb2"


def _assert_missing_page(response, caplog, label, pk):
    assert response.status_code == 404
    page = response.content.decode()
    assert "ファイルが見つかりません" in page
    assert "管理者に連絡" in page
    assert f"{label}:{pk}" in page  # the number the user reads out to the administrator
    [warning] = [r for r in caplog.records if r.name == "tsunagu.core.files"]
    assert warning.levelno == logging.WARNING
    assert f"{label}:{pk}" in warning.getMessage()


def _remove(path, how):
    if how == "deleted":
        path.unlink()
    else:  # unreadable as a file: a directory where the file was (root reads any mode bits)
        path.unlink()
        path.mkdir()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize("how", ["deleted", "a directory"])
def test_consultation_attachment_whose_file_is_gone(
    client, center_staff, consultation, media, login, caplog, how
):
    login(client, center_staff)
    upload = SimpleUploadedFile("紹介状.pdf", PDF)
    client.post(f"/consultations/{consultation.pk}/attachments/new/", {"file": upload})
    attachment = consultation.attachments.get()
    url = f"/consultations/attachments/{attachment.pk}/"
    assert b"".join(client.get(url).streaming_content) == PDF
    _remove(media / attachment.file.name, how)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="tsunagu.core.files"):
        response = client.get(url)
    _assert_missing_page(response, caplog, "consultations.attachment", attachment.pk)
    assert "紹介状" not in caplog.text  # the original name may carry personal data
    # the consultation page that links to it still opens
    assert client.get(f"/consultations/{consultation.pk}/").status_code == 200


def test_appliance_photo_whose_file_is_gone(client, member, media, login, caplog):
    login(client, member)
    client.post("/foodbank/appliances/new/", {
        "kind": "洗濯機", "photo": SimpleUploadedFile("x.png", PNG_BYTES, "image/png"),
    })
    appliance = Appliance.objects.get()
    url = f"/foodbank/appliances/{appliance.pk}/photo/"
    assert client.get(url)["Content-Type"] == "image/png"
    _remove(media / appliance.photo.name, "deleted")
    with caplog.at_level(logging.WARNING, logger="tsunagu.core.files"):
        response = client.get(url)
    _assert_missing_page(response, caplog, "foodbank.appliance", appliance.pk)
    assert client.get(f"/foodbank/appliances/{appliance.pk}/").status_code == 200


def test_network_attachment_whose_file_is_gone(client, member, media, login, caplog):
    login(client, member)
    png = SimpleUploadedFile("チラシ.png", PNG_BYTES, "image/png")
    pdf = SimpleUploadedFile("案内.pdf", PDF, "application/pdf")
    client.post("/network/posts/new/", {"title": "資料", "attachments": [png, pdf]})
    post = Post.objects.get(title="資料")
    image, document = post.attachments.order_by("pk")
    for item in (image, document):
        assert client.get(f"/network/attachments/{item.pk}/").status_code == 200
    shutil.rmtree(media / "network")  # the whole folder gone, as after a partial restore
    for item in (image, document):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="tsunagu.core.files"):
            response = client.get(f"/network/attachments/{item.pk}/")
        _assert_missing_page(response, caplog, "network.postattachment", item.pk)
    # the post that shows the image inline still opens
    assert client.get(f"/network/posts/{post.pk}/").status_code == 200


def test_a_record_of_another_region_stays_an_ordinary_404(
    client, center_staff, outsider, consultation, media, login, caplog
):
    """Access is decided before the file is looked at: an outsider learns nothing, not even
    that the file is missing, and nothing is logged about it."""
    login(client, center_staff)
    client.post(f"/consultations/{consultation.pk}/attachments/new/",
                {"file": SimpleUploadedFile("a.pdf", PDF)})
    attachment = consultation.attachments.get()
    (media / attachment.file.name).unlink()
    client.logout()
    login(client, outsider)
    with caplog.at_level(logging.WARNING, logger="tsunagu.core.files"):
        response = client.get(f"/consultations/attachments/{attachment.pk}/")
    assert response.status_code in (403, 404)
    assert "ファイルが見つかりません" not in response.content.decode()
    assert not [r for r in caplog.records if r.name == "tsunagu.core.files"]
