"""A region administrator manages the region's accounts."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from tsunagu.core.models import AuditAction, AuditEntry, User
from tsunagu.core.roles import Role


def test_admin_creates_provider_staff(client, admin, provider_org, login):
    login(client, admin)
    response = client.post(
        "/accounts/manage/new/",
        {
            "username": "new-provider",
            "display_name": "新しい 職員",
            "email": "",
            "role": Role.PROVIDER_STAFF,
            "organization": provider_org.pk,
            "municipality": "",
            "password": "a-strong-pass-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="new-provider")
    assert user.region == admin.region and user.organization == provider_org
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, target_type="core.user", target_id=str(user.pk), user=admin
    ).exists()


def test_provider_staff_needs_an_organization_and_weak_password_is_explained(client, admin, login):
    login(client, admin)
    response = client.post(
        "/accounts/manage/new/",
        {
            "username": "x",
            "display_name": "x",
            "role": Role.PROVIDER_STAFF,
            "password": "1234",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "事業所職員には所属を選んでください" in page
    assert not User.objects.filter(username="x").exists()


def test_admin_cannot_assign_an_organization_of_another_region(client, admin, other_region, login):
    from tsunagu.core.models import OrganizationKind
    from tsunagu.core.services import organization_upsert

    foreign = organization_upsert(
        actor="test", region=other_region, name="よその事業所", kind=OrganizationKind.CONSULTATION
    )
    login(client, admin)
    response = client.post(
        "/accounts/manage/new/",
        {
            "username": "y",
            "display_name": "y",
            "role": Role.PROVIDER_STAFF,
            "organization": foreign.pk,
            "password": "a-strong-pass-2026",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="y").exists()


def test_admin_resets_second_factor(client, admin, center_staff, login):
    TOTPDevice.objects.create(user=center_staff, name="app", confirmed=True)
    login(client, admin)
    response = client.post(f"/accounts/manage/{center_staff.pk}/reset-otp/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=center_staff).exists()


def test_admin_cannot_demote_themselves(client, admin, login):
    login(client, admin)
    response = client.post(
        f"/accounts/manage/{admin.pk}/",
        {
            "display_name": "a",
            "email": "",
            "role": Role.MEMBER,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN


def test_user_list_query_count_does_not_grow(
    client, admin, region, login, django_assert_max_num_queries
):
    from tsunagu.accounts.services import user_create

    login(client, admin)
    for i in range(15):
        user_create(
            actor="test",
            region=region,
            username=f"member-{i}",
            password="a-strong-pass-2026",
            role=Role.MEMBER,
        )
    with django_assert_max_num_queries(12):
        assert client.get("/accounts/manage/").status_code == 200
