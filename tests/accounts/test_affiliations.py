"""One person, several hats: a provider's worker seconded (出向) to the 基幹 center holds two
affiliations, switches explicitly, and sees what the active one may see."""

from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection
from tests.conftest import PASSWORD

from tsunagu.accounts.services import user_create
from tsunagu.core.affiliations import affiliation_add
from tsunagu.core.models import Affiliation, AuditAction, AuditEntry, User
from tsunagu.core.roles import Role


@pytest.fixture
def seconded(region, other_provider_org, center_org):
    """Home: staff of 別の事業所 (not assigned to ``person``); seconded to the center."""
    user = user_create(
        actor="test",
        region=region,
        username="shukko",
        password=PASSWORD,
        role=Role.PROVIDER_STAFF,
        organization=other_provider_org,
    )
    affiliation_add(actor="test", user=user, role=Role.CENTER_STAFF, organization=center_org)
    return user


def _hat(user, role):
    return Affiliation.objects.get(user=user, role=role, primary=False)


def test_creating_an_account_records_its_primary_affiliation(seconded, other_provider_org):
    primary = Affiliation.objects.get(user=seconded, primary=True)
    assert (primary.role, primary.organization) == (Role.PROVIDER_STAFF, other_provider_org)


def test_scope_follows_the_active_affiliation(client, login, seconded, person):
    login(client, seconded)
    assert client.get(f"/people/{person.pk}/").status_code == 404
    response = client.post(
        "/accounts/affiliation/", {"affiliation": _hat(seconded, Role.CENTER_STAFF).pk}
    )
    assert response["Location"] == "/dashboard/"
    assert client.get(f"/people/{person.pk}/").status_code == 200
    assert client.get("/accounts/affiliation/").context["active"].role == Role.CENTER_STAFF
    # The hat never becomes the account's own role.
    seconded.refresh_from_db()
    assert seconded.role == Role.PROVIDER_STAFF
    client.post("/accounts/affiliation/", {"affiliation": "primary"})
    assert client.get(f"/people/{person.pk}/").status_code == 404
    summaries = list(
        AuditEntry.objects.filter(user=seconded, action=AuditAction.SECURITY)
        .order_by("pk")
        .values_list("summary", flat=True)
    )
    assert (
        summaries[-2].startswith("affiliation switched to ")
        and "role=center_staff" in (summaries[-2])
    )
    assert summaries[-1] == "affiliation switched to primary"


def test_someone_elses_affiliation_cannot_be_worn(client, login, seconded, provider_staff, person):
    login(client, provider_staff)
    for choice in (str(_hat(seconded, Role.CENTER_STAFF).pk), "x", ""):
        response = client.post("/accounts/affiliation/", {"affiliation": choice})
        assert response["Location"] == "/accounts/affiliation/"
    assert "tsunagu_affiliation" not in client.session
    assert client.get("/audit/").status_code == 403


def test_saving_the_user_while_wearing_a_hat_keeps_the_home_role(seconded, center_org):
    user = User.objects.get(pk=seconded.pk)
    user.wear(_hat(seconded, Role.CENTER_STAFF))
    user.display_name = "出向 太郎"
    user.save()
    assert user.role == Role.CENTER_STAFF  # still worn in this request
    stored = User.objects.get(pk=seconded.pk)
    assert stored.role == Role.PROVIDER_STAFF and stored.display_name == "出向 太郎"
    assert stored.organization != center_org


def test_changing_the_role_of_a_user_wearing_a_hat_is_refused_not_dropped(seconded, center_org):
    user = User.objects.get(pk=seconded.pk)
    user.wear(_hat(seconded, Role.CENTER_STAFF))
    user.role = Role.ADMIN
    with pytest.raises(ValueError):
        user.save()
    assert User.objects.get(pk=seconded.pk).role == Role.PROVIDER_STAFF


def test_saving_named_fields_while_wearing_a_hat_never_writes_the_hat(seconded, center_org):
    user = User.objects.get(pk=seconded.pk)
    user.wear(_hat(seconded, Role.CENTER_STAFF))
    user.display_name = "出向 花子"
    user.save(update_fields=["display_name", "role", "organization"])
    assert user.organization == center_org  # the worn organization stays on this request's user
    stored = User.objects.get(pk=seconded.pk)
    assert stored.role == Role.PROVIDER_STAFF and stored.display_name == "出向 花子"
    assert stored.organization != center_org


def test_a_withdrawn_hat_falls_back_to_the_home_one(client, login, seconded, person):
    login(client, seconded)
    hat = _hat(seconded, Role.CENTER_STAFF)
    client.post("/accounts/affiliation/", {"affiliation": hat.pk})
    hat.delete()
    assert client.get(f"/people/{person.pk}/").status_code == 404
    assert "tsunagu_affiliation" not in client.session


def test_login_offers_the_switch_and_starts_in_the_home_hat(client, seconded):
    response = client.post(
        "/accounts/login/", {"username": seconded.username, "password": PASSWORD}
    )
    assert client.session["tsunagu_has_hats"] is True
    assert "tsunagu_affiliation" not in client.session
    assert response.status_code == 302


def test_backfill_makes_each_role_the_first_affiliation(center_staff, secretariat):
    from importlib import import_module

    migration = import_module("tsunagu.core.migrations.0014_user_affiliations")
    Affiliation.objects.all().delete()
    # the migration works on the schema editor's database (as `migrate` passes it)
    migration.backfill_primary_affiliations(django_apps, SimpleNamespace(connection=connection))
    rows = {a.user_id: a for a in Affiliation.objects.all()}
    assert rows[center_staff.pk].primary and rows[center_staff.pk].role == Role.CENTER_STAFF
    assert rows[center_staff.pk].organization_id == center_staff.organization_id
    assert rows[secretariat.pk].role == Role.SECRETARIAT


def test_administrator_adds_and_removes_a_hat(
    client, login, admin, provider_staff, center_org, outsider
):
    login(client, admin)
    page = client.get(f"/accounts/manage/{provider_staff.pk}/").content.decode()
    assert "兼務・出向の所属" in page
    url = f"/accounts/manage/{provider_staff.pk}/affiliations/"
    response = client.post(url, {"hat-role": Role.CENTER_STAFF})  # no organization
    assert response.status_code == 302 and not Affiliation.objects.filter(primary=False).exists()
    client.post(url, {"hat-role": Role.CENTER_STAFF, "hat-organization": center_org.pk})
    hat = Affiliation.objects.get(user=provider_staff, primary=False)
    assert hat.organization == center_org
    assert AuditEntry.objects.filter(
        user=admin, action=AuditAction.CREATE, summary__startswith="affiliation added"
    ).exists()
    # Another region's account is not ours to change.
    assert client.post(f"/accounts/manage/{outsider.pk}/affiliations/", {}).status_code == 404
    client.post(f"/accounts/manage/{provider_staff.pk}/affiliations/{hat.pk}/remove/")
    assert not Affiliation.objects.filter(pk=hat.pk).exists()
    assert AuditEntry.objects.filter(
        user=admin, action=AuditAction.DELETE, summary__startswith="affiliation removed"
    ).exists()


def test_a_hat_is_refused_outside_the_users_region(seconded, other_region):
    from tsunagu.core.services import organization_upsert

    elsewhere = organization_upsert(
        actor="test", region=other_region, name="よその事業所", kind="consultation"
    )
    with pytest.raises(ValueError):
        affiliation_add(actor="test", user=seconded, role=Role.CENTER_STAFF, organization=elsewhere)
