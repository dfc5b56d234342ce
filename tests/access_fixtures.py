"""Objects that only POST-only URLs of the access matrix name (so that a POST reaches a real
row, not a 404); shared with every test that walks the matrix (tests/production)."""

import pytest


@pytest.fixture
def person_certificate(person):
    from tsunagu.people.detail_services import certificate_add

    return certificate_add(actor="test", person=person, kind="ryoiku", grade="b1")


@pytest.fixture
def person_caregiver(person):
    from tsunagu.people.detail_services import caregiver_add

    return caregiver_add(actor="test", person=person, relation="母", birth_year=1960)


@pytest.fixture
def person_consent(person):
    from tsunagu.core.dates import today_local
    from tsunagu.people.detail_services import consent_record

    return consent_record(actor="test", person=person, scope="council_anonymous", given_on=today_local())


@pytest.fixture
def population_dataset(region):
    from tsunagu.assessment.models import PopulationDataset

    return PopulationDataset.objects.create(
        region=region, kind="census", source_name="テスト", layout="test", is_fictional=True
    )
