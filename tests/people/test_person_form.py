"""Registering and editing a person through the form, as a worker does."""

from datetime import date

import pytest

from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.people.models import Person


def _created(family_name="佐藤") -> Person:
    return Person.objects.get(family_name=family_name)


def test_create_reads_messy_date_and_hiragana_reading(
    client, center_staff, center_org, region, login, person_form_data, disability
):
    login(client, center_staff)
    tokyo = region.municipalities.get(code="12213")
    response = client.post(
        "/people/new/",
        person_form_data(
            family_name_kana="さとう",
            given_name_kana="ﾊﾅｺ",
            birth_date="Ｒ４．４．１",
            postal_code="〒２８３－００６６",
            municipality=tokyo.pk,
            address="南上宿1-2",
            phone="０４７５－１２－３４５６",
            disabilities=[disability("intellectual").pk, disability("mental").pk],
            primary_disability=disability("mental").pk,
            organizations=[center_org.pk],
            staff=[center_staff.pk],
        ),
    )
    person = _created()
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"
    assert person.family_name_kana == "サトウ"
    assert person.given_name_kana == "ハナコ"
    assert person.birth_date == date(2022, 4, 1)
    assert person.postal_code == "283-0066"
    assert person.phone == "0475-12-3456"
    assert person.municipality == tokyo
    assert list(person.assigned_organizations.all()) == [center_org]
    assert list(person.assigned_staff.all()) == [center_staff]
    primary = person.disabilities.get(is_primary=True)
    assert primary.disability_type.code == "mental"
    assert person.disabilities.count() == 2
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, target_type="people.person", target_id=str(person.pk)
    )
    assert entry.username == center_staff.username
    page = client.get(response["Location"]).content.decode()
    assert "令和4年4月1日" in page
    assert "佐藤 花子" in page


@pytest.mark.parametrize("typed", ["令和4年4月1日", "2022/4/1", "20220401", " r4 . 4 . 1 "])
def test_create_accepts_the_ways_people_write_dates(
    client, center_staff, login, person_form_data, typed
):
    login(client, center_staff)
    assert client.post("/people/new/", person_form_data(birth_date=typed)).status_code == 302
    assert _created().birth_date == date(2022, 4, 1)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_date", "2023/2/30", "存在しない日付です"),
        ("birth_date", "きのう", "日付として読めません"),
        ("birth_date", "2999/1/1", "未来の日付"),
        ("postal_code", "abc", "郵便番号は7桁"),
        ("family_name_kana", "佐藤", "カタカナかひらがな"),
        ("family_name", "", "必須"),
        ("phone", "電話なし", "電話番号は数字"),
    ],
)
def test_bad_input_is_a_form_error_not_a_500(
    client, center_staff, login, person_form_data, field, value, message
):
    login(client, center_staff)
    response = client.post("/people/new/", person_form_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode() or field == "family_name"
    assert response.context["form"].errors[field]
    assert not Person.objects.filter(family_name="佐藤").exists()


def test_municipality_of_another_region_is_refused(
    client, center_staff, other_region, login, person_form_data
):
    login(client, center_staff)
    elsewhere = other_region.municipalities.get()
    response = client.post("/people/new/", person_form_data(municipality=elsewhere.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["municipality"]
    assert not Person.objects.filter(family_name="佐藤").exists()


def test_disability_of_another_region_is_refused(
    client, center_staff, other_region, login, person_form_data
):
    login(client, center_staff)
    theirs = other_region.list_items.filter(kind="disability_type").first()
    response = client.post("/people/new/", person_form_data(disabilities=[theirs.pk]))
    assert response.context["form"].errors["disabilities"]


def test_duplicate_warning_then_confirm(client, center_staff, person, login, person_form_data):
    """Same reading (in hiragana, half width, with a space) and the same birth date."""
    login(client, center_staff)
    data = person_form_data(
        family_name="高橋",
        given_name="みさき",
        family_name_kana="たかはし",
        given_name_kana="ﾐｻｷ",
        birth_date="H11.11.3",
    )
    response = client.post("/people/new/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "同じフリガナ・生年月日の利用者" in page
    assert f'href="/people/{person.pk}/"' in page
    assert "別人として登録する" in page
    assert 'value="平成11年11月3日"' in page  # the date as read, shown back in 和暦
    assert 'value="タカハシ"' in page  # the reading as stored
    assert Person.objects.count() == 1

    response = client.post("/people/new/", {**data, "confirm_distinct": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_no_warning_for_a_different_birth_date(
    client, center_staff, person, login, person_form_data
):
    login(client, center_staff)
    data = person_form_data(family_name_kana="タカハシ", given_name_kana="ミサキ",
                            birth_date="1999/11/4")  # fmt: skip
    assert client.post("/people/new/", data).status_code == 302


def test_provider_creates_a_person_of_their_own_organization(
    client, provider_staff, provider_org, center_org, login, person_form_data
):
    login(client, provider_staff)
    data = person_form_data(organizations=[center_org.pk])  # not offered; ignored
    assert client.post("/people/new/", data).status_code == 302
    person = _created()
    assert list(person.assigned_organizations.all()) == [provider_org]
    assert client.get(f"/people/{person.pk}/").status_code == 200


def test_edit_changes_fields_and_keeps_wareki_in_the_form(
    client, center_staff, person, login, person_form_data
):
    login(client, center_staff)
    page = client.get(f"/people/{person.pk}/edit/").content.decode()
    assert 'value="平成11年11月3日"' in page
    data = person_form_data(family_name="髙橋", given_name="美咲", family_name_kana="たかはし",
                            given_name_kana="みさき", birth_date="平成11年11月3日",
                            phone="090-1111-2222",
                            organizations=[o.pk for o in person.assigned_organizations.all()])  # fmt: skip
    response = client.post(f"/people/{person.pk}/edit/", data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "090-1111-2222"
    assert person.family_name_kana == "タカハシ"
    entry = AuditEntry.objects.get(
        action=AuditAction.UPDATE, target_type="people.person", target_id=str(person.pk)
    )
    assert "phone" in entry.summary


def test_edit_cannot_add_another_organization_without_consent(
    client, center_staff, person, other_provider_org, login, person_form_data
):
    login(client, center_staff)
    orgs = [o.pk for o in person.assigned_organizations.all()]
    data = person_form_data(family_name="髙橋", family_name_kana="タカハシ",
                            organizations=[*orgs, other_provider_org.pk])  # fmt: skip
    response = client.post(f"/people/{person.pk}/edit/", data)
    assert response.status_code == 200
    assert "有効な同意がありません" in response.content.decode()
    assert other_provider_org not in person.assigned_organizations.all()
    person.refresh_from_db()
    assert person.family_name_kana == "タカハシ"


def test_provider_edit_keeps_other_organizations_staff(
    client, provider_staff, center_staff, person, login, person_form_data
):
    person.assigned_staff.set([center_staff])
    login(client, provider_staff)
    data = person_form_data(family_name="髙橋", family_name_kana="タカハシ",
                            staff=[provider_staff.pk])  # fmt: skip
    assert client.post(f"/people/{person.pk}/edit/", data).status_code == 302
    assert set(person.assigned_staff.all()) == {center_staff, provider_staff}
    assert person.assigned_organizations.count() == 2


@pytest.mark.parametrize("role", ["secretariat", "municipal_staff", "member"])
def test_roles_without_personal_data_cannot_create_or_edit(
    client, personas, person, login, person_form_data, role
):
    login(client, personas[role])
    assert client.post("/people/new/", person_form_data()).status_code == 403
    assert client.post(f"/people/{person.pk}/edit/", person_form_data()).status_code == 403
    assert Person.objects.count() == 1


def test_outsider_and_unassigned_provider_get_404_on_edit(
    client, outsider, provider_staff, person, unassigned_person, login, person_form_data
):
    login(client, outsider)
    assert client.post(f"/people/{person.pk}/edit/", person_form_data()).status_code == 404
    client.logout()
    login(client, provider_staff)
    url = f"/people/{unassigned_person.pk}/edit/"
    assert client.post(url, person_form_data()).status_code == 404
    unassigned_person.refresh_from_db()
    assert unassigned_person.family_name == "山﨑"


def test_person_list_has_a_register_button(client, center_staff, login):
    login(client, center_staff)
    assert 'href="/people/new/"' in client.get("/people/").content.decode()
