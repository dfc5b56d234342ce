"""Consent (同意) and sharing a record with another organization (情報提供)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from tsunagu.core.dates import today_local, wareki
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.people.models import Consent, ConsentScope
from tsunagu.people.services import consent_record, consent_withdraw, person_share


def _consent_data(org, **overrides):
    data = {
        "consent-scope": ConsentScope.INFO_SHARING,
        "consent-organizations": [org.pk],
        "consent-given_on": "令和4年4月1日",
        "consent-note": "面談で口頭と書面で確認",
    }
    data.update(overrides)
    return data


def test_sharing_without_consent_is_refused_and_nothing_changes(
    client, center_staff, person, other_provider_org, login
):
    login(client, center_staff)
    before = set(person.assigned_organizations.all())
    entries = AuditEntry.objects.count()
    response = client.post(
        f"/people/{person.pk}/share/", {"share-organization": other_provider_org.pk}
    )
    assert response.status_code == 200
    assert "有効な同意がありません" in response.content.decode()
    assert set(person.assigned_organizations.all()) == before
    assert AuditEntry.objects.count() == entries


def test_record_consent_then_share(client, center_staff, person, other_provider_org, login):
    login(client, center_staff)
    response = client.post(f"/people/{person.pk}/consents/add/", _consent_data(other_provider_org))
    assert response.status_code == 302
    consent = person.consents.get()
    assert list(consent.organizations.all()) == [other_provider_org]
    assert consent.recorded_by == center_staff
    response = client.post(
        f"/people/{person.pk}/share/", {"share-organization": other_provider_org.pk}
    )
    assert response.status_code == 302
    assert other_provider_org in person.assigned_organizations.all()
    entry = AuditEntry.objects.filter(target_type="people.person", action=AuditAction.UPDATE).get()
    assert entry.summary == f"shared with organization {other_provider_org.pk}"
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "関係機関への情報提供" in page
    assert "有効" in page


def test_consent_for_another_organization_does_not_allow_sharing(
    region, person, provider_org, other_provider_org, center_staff
):
    from tsunagu.core.services import organization_upsert

    third = organization_upsert(actor="test", region=region, name="第三の機関", kind="other")
    consent_record(actor=center_staff, person=person, scope=ConsentScope.INFO_SHARING,
                   given_on=today_local(), organizations=[third])  # fmt: skip
    with pytest.raises(ValidationError, match="有効な同意がありません"):
        person_share(actor=center_staff, person=person, organization=other_provider_org)
    person_share(actor=center_staff, person=person, organization=third)
    assert third in person.assigned_organizations.all()


def test_expired_consent_does_not_allow_sharing(person, other_provider_org, center_staff):
    today = today_local()
    consent_record(actor=center_staff, person=person, scope=ConsentScope.INFO_SHARING,
                   given_on=today - timedelta(days=400), expires_on=today - timedelta(days=1),
                   organizations=[other_provider_org])  # fmt: skip
    with pytest.raises(ValidationError):
        person_share(actor=center_staff, person=person, organization=other_provider_org)


def test_withdrawal_ends_validity(client, center_staff, person, other_provider_org, login):
    consent = consent_record(actor=center_staff, person=person, scope=ConsentScope.INFO_SHARING,
                             given_on=today_local() - timedelta(days=30),
                             organizations=[other_provider_org])  # fmt: skip
    login(client, center_staff)
    url = f"/people/{person.pk}/consents/{consent.pk}/withdraw/"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == today_local()
    assert not consent.is_valid_on(today_local())
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "撤回済み" in page
    assert wareki(today_local()) in page
    response = client.post(
        f"/people/{person.pk}/share/", {"share-organization": other_provider_org.pk}
    )
    assert "有効な同意がありません" in response.content.decode()
    assert other_provider_org not in person.assigned_organizations.all()
    assert AuditEntry.objects.filter(target_type="people.consent", action=AuditAction.UPDATE,
                                     target_id=str(consent.pk)).exists()  # fmt: skip
    with pytest.raises(ValidationError, match="すでに撤回"):
        consent_withdraw(actor=center_staff, consent=consent)


def test_withdrawn_consent_flags_the_shared_organization(
    client, center_staff, person, other_provider_org, login
):
    consent = consent_record(actor=center_staff, person=person, scope=ConsentScope.INFO_SHARING,
                             given_on=today_local(), organizations=[other_provider_org])  # fmt: skip
    person_share(actor=center_staff, person=person, organization=other_provider_org)
    consent_withdraw(actor=center_staff, consent=consent)
    login(client, center_staff)
    assert "情報提供の同意が終了" in client.get(f"/people/{person.pk}/").content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"consent-organizations": []}, "organizations"),
        ({"consent-scope": ConsentScope.DISASTER_ROSTER}, "organizations"),
        ({"consent-given_on": "2999/1/1"}, "given_on"),
        ({"consent-given_on": "R4.4.1", "consent-expires_on": "R4.3.1"}, "expires_on"),
        ({"consent-scope": "everything"}, "scope"),
    ],
)
def test_consent_form_errors(client, center_staff, person, provider_org, login, overrides, field):
    login(client, center_staff)
    response = client.post(
        f"/people/{person.pk}/consents/add/", _consent_data(provider_org, **overrides)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Consent.objects.exists()


def test_council_consent_needs_no_organization(client, center_staff, person, login):
    login(client, center_staff)
    data = {"consent-scope": ConsentScope.COUNCIL_ANONYMOUS, "consent-given_on": "2022/4/1",
            "consent-expires_on": "2024/3/31"}  # fmt: skip
    assert client.post(f"/people/{person.pk}/consents/add/", data).status_code == 302
    assert "期限切れ" in client.get(f"/people/{person.pk}/").content.decode()


def test_provider_shares_their_person_with_consent(
    client, provider_staff, person, other_provider_org, login
):
    login(client, provider_staff)
    assert (
        client.post(
            f"/people/{person.pk}/consents/add/", _consent_data(other_provider_org)
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/people/{person.pk}/share/", {"share-organization": other_provider_org.pk}
        ).status_code
        == 302
    )
    assert other_provider_org in person.assigned_organizations.all()


@pytest.mark.parametrize("role", ["secretariat", "municipal_staff", "member"])
def test_roles_without_personal_data_cannot_record_or_share(
    client, personas, person, other_provider_org, login, role
):
    login(client, personas[role])
    assert (
        client.post(
            f"/people/{person.pk}/consents/add/", _consent_data(other_provider_org)
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/people/{person.pk}/share/", {"share-organization": other_provider_org.pk}
        ).status_code
        == 403
    )
    assert not Consent.objects.exists()


def test_outsider_cannot_withdraw_our_consent(
    client, outsider, center_staff, person, provider_org, login
):
    consent = consent_record(actor=center_staff, person=person, scope=ConsentScope.INFO_SHARING,
                             given_on=today_local(), organizations=[provider_org])  # fmt: skip
    login(client, outsider)
    assert client.post(f"/people/{person.pk}/consents/{consent.pk}/withdraw/").status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
