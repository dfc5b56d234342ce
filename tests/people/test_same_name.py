"""Same-name persons told apart (issue 21 item 1): birth date in 和暦 with the age, the
利用者ID and the responsible workers wherever a person is listed or chosen; the 利用者ID
seen and set in the form."""

from datetime import date

import pytest
from tests.consultations.test_consultations import _form

from tsunagu.core.dates import today_local
from tsunagu.people.models import Person
from tsunagu.people.services import person_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_kazuko(region, center_org, center_staff):
    sammu = region.municipalities.get(code="12237")
    first = person_create(
        actor="test", region=region, family_name="石川", given_name="和子",
        family_name_kana="イシカワ", given_name_kana="カズコ", birth_date=date(1948, 3, 9),
        municipality=sammu, organizations=[center_org], staff=[center_staff],
        external_id="A-101", is_fictional=True,
    )
    second = person_create(
        actor="test", region=region, family_name="石川", given_name="和子",
        family_name_kana="イシカワ", given_name_kana="カズコ", birth_date=date(1961, 10, 2),
        municipality=sammu, organizations=[center_org], is_fictional=True,
    )
    return first, second


def _age(born: date) -> int:
    today = today_local()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def test_the_list_tells_two_same_name_persons_apart(client, center_staff, two_kazuko, login):
    first, second = two_kazuko
    login(client, center_staff)
    page = client.get("/people/?q=いしかわ").content.decode()
    assert f"昭和23年3月9日（{_age(first.birth_date)}歳）" in page
    assert f"昭和36年10月2日（{_age(second.birth_date)}歳）" in page
    assert "A-101" in page
    assert str(center_staff) in page  # the responsible worker of the first


def test_the_consultation_picker_shows_who_is_who(
    client, center_staff, region, two_kazuko, login
):
    first, _second = two_kazuko
    login(client, center_staff)
    response = client.post("/consultations/new/", _form(region, person_query="いしかわ かずこ"))
    page = response.content.decode()
    assert "複数の利用者が該当します" in page
    assert f"昭和23年3月9日生（{_age(first.birth_date)}歳）" in page
    assert "利用者ID A-101" in page and f"担当 {center_staff}" in page
    assert "担当なし" in page  # the second has no worker yet


def test_the_id_is_set_in_the_form_and_shown(
    client, center_staff, two_kazuko, login, person_form_data
):
    first, second = two_kazuko
    login(client, center_staff)
    assert 'value="A-101"' in client.get(f"/people/{first.pk}/edit/").content.decode()
    data = person_form_data(family_name="石川", given_name="和子", family_name_kana="イシカワ",
                            given_name_kana="カズコ", birth_date="昭和36年10月2日",
                            external_id="Ａ－２０２")  # fmt: skip
    assert client.post(f"/people/{second.pk}/edit/", data).status_code == 302
    second.refresh_from_db()
    assert second.external_id == "A-202"  # full-width typed, kept as the import keeps it
    assert "A-202" in client.get(f"/people/{second.pk}/").content.decode()


def test_an_id_in_use_is_refused_in_words(
    client, center_staff, two_kazuko, login, person_form_data
):
    _first, second = two_kazuko
    login(client, center_staff)
    data = person_form_data(family_name="石川", given_name="和子", family_name_kana="イシカワ",
                            given_name_kana="カズコ", birth_date="昭和36年10月2日",
                            external_id="A-101")  # fmt: skip
    response = client.post(f"/people/{second.pk}/edit/", data)
    assert response.status_code == 200
    assert "利用者ID「A-101」は別の利用者に使われています。" in response.content.decode()
    assert Person.objects.get(pk=second.pk).external_id == ""
