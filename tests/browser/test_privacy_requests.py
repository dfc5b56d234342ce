"""In a real browser: a 開示請求 recorded on the confirm page and both files downloaded; a
削除請求 refused without the confirmation box, then carried out, with axe on each page."""

import io
import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.people.models import Person
from tsunagu.privacy.models import DataRequest, RequestStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_serious_violations(page):
    results = Axe().run(page)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    assert serious == [], serious


def test_disclosure_from_the_person_page_to_both_downloads(
    page, sign_in, center_staff, consultation
):
    person = consultation.person
    sign_in(center_staff)
    page.goto(f"/people/{person.pk}/")
    page.get_by_role("link", name="開示請求").click()
    page.wait_for_url(f"**/privacy/persons/{person.pk}/disclosure/")
    _no_serious_violations(page)
    page.get_by_label("請求日").fill("R8.11.2")
    page.get_by_label("請求者").select_option("self")
    page.get_by_label("請求の内容・理由、本人確認の方法").fill("窓口で本人確認（運転免許証）")
    page.get_by_role("button", name="請求を記録して開示の準備をする").click()
    page.wait_for_url(re.compile(r"/privacy/requests/\d+/$"))
    _no_serious_violations(page)

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF（読みやすい形式）").click()
    with open(pdf_download.value.path(), "rb") as f:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages)
    assert "保有個人データの開示" in text and "就労について相談" in text

    with page.expect_download() as json_download:
        page.get_by_role("link", name="JSON（機械で読める形式）").click()
    with open(json_download.value.path(), encoding="utf-8") as f:
        data = json.load(f)
    assert data["person_id"] == person.pk

    request = DataRequest.objects.get()
    assert request.status == RequestStatus.COMPLETED and request.handled_by == center_staff
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, user=center_staff).count() == 2


def test_deletion_needs_the_confirmation_then_anonymizes(page, sign_in, admin, person):
    sign_in(admin)
    page.goto(f"/people/{person.pk}/")
    page.get_by_role("link", name="削除請求").click()
    page.wait_for_url(f"**/privacy/persons/{person.pk}/deletion/")
    _no_serious_violations(page)
    page.get_by_label("請求日").fill("R8.11.2")
    page.get_by_label("請求者").select_option("self")
    page.get_by_label("請求の内容・理由、本人確認の方法").fill("本人からの削除請求")
    # the browser itself refuses without the box (required), nothing is sent
    page.get_by_role("button", name="削除（匿名化）する").click()
    assert page.url.endswith(f"/privacy/persons/{person.pk}/deletion/")
    assert Person.objects.get(pk=person.pk).family_name == "髙橋"

    page.get_by_label("元に戻せないことを確認しました").check()
    page.get_by_role("button", name="削除（匿名化）する").click()
    page.wait_for_url(re.compile(r"/privacy/requests/\d+/$"))
    assert page.get_by_text("個人データを削除（匿名化）しました。").is_visible()
    _no_serious_violations(page)
    assert Person.objects.get(pk=person.pk).family_name == "（削除済み）"
