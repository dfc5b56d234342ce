"""The FAX sheets: フェイスシート, 情報提供書 (only to an organization a valid consent covers)
and 相談受付票 — each opened with pypdf and read, each audited as an export, the letterhead
the sender's organization, and nothing printed in colour."""

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader

from tsunagu.core import dates
from tsunagu.core.models import AuditAction, AuditEntry, Organization
from tsunagu.people.detail_services import caregiver_add, consent_record
from tsunagu.people.models import ConsentScope

_COLOUR = re.compile(rb"([\d.]+) ([\d.]+) ([\d.]+) (rg|RG)\b")


def _colours(reader) -> set[tuple[float, float, float]]:
    """Every RGB colour the pages paint or stroke with."""
    found = set()
    for page in reader.pages:
        data = page.get_contents().get_data()
        found |= {tuple(float(v) for v in m.groups()[:3]) for m in _COLOUR.finditer(data)}
    return found


def _read(response) -> tuple[str, bytes]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    colours = _colours(reader)
    assert colours and all(r == g == b for r, g, b in colours), colours  # greys only
    return "".join(page.extract_text() for page in reader.pages), response.content


def _exports(user, kind):
    return AuditEntry.objects.filter(user=user, action=AuditAction.EXPORT,
                                     summary__startswith=f"sheet={kind}")


def test_face_sheet(client, login, center_staff, person):
    caregiver_add(actor=center_staff, person=person, relation="母", is_key=True)
    login(client, center_staff)
    text, _raw = _read(client.get(f"/sheets/person/{person.pk}/face.pdf"))
    assert "フェイスシート" in text
    assert person.full_name in text and person.full_name_kana in text
    assert dates.wareki(person.birth_date) in text and "山武市" in text
    assert center_staff.organization.name in text  # letterhead
    assert "母" in text and "主な介護者" in text
    entry = _exports(center_staff, "face").get()
    assert entry.target_id == str(person.pk)


@pytest.fixture
def partner(region):
    return Organization.objects.create(region=region, name="さんむ訪問看護ステーション",
                                       kind="service_provider")


@pytest.fixture
def stranger(region):
    return Organization.objects.create(region=region, name="同意のない事業所",
                                       kind="service_provider")


def test_referral_only_to_an_organization_the_consent_covers(
    client, login, center_staff, person, partner, stranger
):
    login(client, center_staff)
    page = client.get(f"/sheets/person/{person.pk}/referral/").content.decode()
    assert "情報提供に同意した機関がありません" in page
    consent_record(actor=center_staff, person=person, scope=ConsentScope.INFO_SHARING,
                   given_on=dates.today_local() - timedelta(days=10), organizations=[partner])
    page = client.get(f"/sheets/person/{person.pk}/referral/").content.decode()
    assert partner.name in page and stranger.name not in page
    data = {"purpose": "訪問看護の開始にあたり", "body": "服薬の状況を共有します。"}
    refused = client.post(f"/sheets/person/{person.pk}/referral/",
                          {**data, "organization": stranger.pk})
    assert refused.status_code == 400 and not _exports(center_staff, "referral").exists()
    text, _raw = _read(client.post(f"/sheets/person/{person.pk}/referral/",
                                   {**data, "organization": partner.pk}))
    assert "情報提供書" in text and f"{partner.name} 御中" in text
    assert person.full_name in text and "服薬の状況を共有します。" in text
    entry = _exports(center_staff, "referral").get()
    assert entry.summary == f"sheet=referral organization={partner.pk} format=pdf"


def test_a_withdrawn_consent_covers_no_one(client, login, center_staff, person, partner):
    consent = consent_record(actor=center_staff, person=person, scope=ConsentScope.INFO_SHARING,
                             given_on=dates.today_local() - timedelta(days=10),
                             organizations=[partner])
    consent.withdrawn_on = dates.today_local()
    consent.save(update_fields=["withdrawn_on"])
    login(client, center_staff)
    response = client.post(f"/sheets/person/{person.pk}/referral/",
                           {"organization": partner.pk, "purpose": "x", "body": "y"})
    assert response.status_code == 400 and not _exports(center_staff, "referral").exists()


def test_consultation_sheet(client, login, center_staff, consultation):
    login(client, center_staff)
    text, _raw = _read(client.get(f"/sheets/consultation/{consultation.pk}.pdf"))
    assert "相談受付票" in text and consultation.record in text
    assert consultation.person.full_name in text
    assert _exports(center_staff, "consultation").get().target_id == str(consultation.pk)


def test_person_page_offers_the_sheets(client, login, center_staff, person):
    login(client, center_staff)
    body = client.get(f"/people/{person.pk}/").content.decode()
    assert f"/sheets/person/{person.pk}/face.pdf" in body
    assert f"/sheets/person/{person.pk}/referral/" in body
