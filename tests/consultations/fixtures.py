from datetime import datetime

import pytest

from tsunagu.consultations.services import consultation_record, referral_create
from tsunagu.core import dates
from tsunagu.core.models import ListItem, ListKind


def item(region, kind, code):
    return ListItem.objects.get(region=region, kind=kind, code=code)


@pytest.fixture
def consultation(region, person, center_staff, center_org):
    return consultation_record(
        actor=center_staff,
        region=region,
        occurred_at=datetime(2022, 6, 1, 10, 30, tzinfo=dates.TOKYO),
        method=item(region, ListKind.CONTACT_METHOD, "phone"),
        caller_type=item(region, ListKind.CALLER_TYPE, "family"),
        topics=[
            item(region, ListKind.SUPPORT_TOPIC, "welfare_services"),
            item(region, ListKind.SUPPORT_TOPIC, "employment"),
        ],
        person=person,
        caller_name="母",
        duration_minutes=20,
        record="就労について相談",
        staff=center_staff,
        organization=center_org,
    )


@pytest.fixture
def unassigned_consultation(region, unassigned_person, center_staff, center_org):
    return consultation_record(
        actor=center_staff,
        region=region,
        occurred_at=datetime(2022, 7, 1, 9, 0, tzinfo=dates.TOKYO),
        method=item(region, ListKind.CONTACT_METHOD, "visit_in"),
        caller_type=item(region, ListKind.CALLER_TYPE, "self"),
        topics=[item(region, ListKind.SUPPORT_TOPIC, "health")],
        person=unassigned_person,
        staff=center_staff,
        organization=center_org,
    )


@pytest.fixture
def referral(consultation, provider_org, center_staff):
    return referral_create(
        actor=center_staff,
        consultation=consultation,
        to_organization=provider_org,
        service="計画相談",
        staff=center_staff,
    )


@pytest.fixture
def attachment(consultation, center_staff, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tsunagu.consultations.services import attachment_add

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("紹介状.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    return attachment_add(actor=center_staff, consultation=consultation, upload=upload)
