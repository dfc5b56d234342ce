"""Finding people, and who may see whom."""

import pytest

from tsunagu.people.services import person_create


@pytest.mark.parametrize(
    "query",
    ["髙橋", "高橋", "たかはし", "タカハシ", "ﾀｶﾊｼ", "高橋 美咲", "髙橋　美咲", "みさき", "ミサ"],
)
def test_search_is_kana_width_space_and_variant_insensitive(
    client, center_staff, person, login, query
):
    login(client, center_staff)
    response = client.get("/people/", {"q": query})
    assert person.full_name in response.content.decode(), query


def test_search_without_match(client, center_staff, person, login):
    login(client, center_staff)
    page = client.get("/people/", {"q": "存在しない名前"}).content.decode()
    assert "該当する利用者はいません" in page


def test_provider_staff_see_only_their_assigned_persons(
    client, provider_staff, person, unassigned_person, login
):
    login(client, provider_staff)
    page = client.get("/people/").content.decode()
    assert person.full_name in page
    assert unassigned_person.full_name not in page


def test_other_region_sees_nobody_of_ours(client, outsider, person, login):
    login(client, outsider)
    assert person.full_name not in client.get("/people/").content.decode()
    assert client.get(f"/people/{person.pk}/").status_code == 404


def test_person_page_shows_wareki_birth_date(client, center_staff, person, login):
    login(client, center_staff)
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "平成11年11月3日" in page
    assert "架空の人物" in page


def test_person_list_query_count_does_not_grow(
    client, center_staff, region, center_org, login, django_assert_max_num_queries
):
    login(client, center_staff)
    for i in range(40):
        person_create(
            actor="test",
            region=region,
            family_name=f"試験{i}",
            family_name_kana="シケン",
            organizations=[center_org],
            is_fictional=True,
        )
    with django_assert_max_num_queries(13):  # audit entry, disaster banner, 担当職員 (issue 21)
        assert client.get("/people/").status_code == 200
    with django_assert_max_num_queries(13):  # audit entry, disaster banner, 担当職員 (issue 21)
        assert client.get("/people/", {"q": "しけん"}).status_code == 200


def test_person_in_another_regions_municipality_is_refused(region, other_region):
    with pytest.raises(ValueError):
        person_create(
            actor="test",
            region=region,
            family_name="x",
            family_name_kana="x",
            municipality=other_region.municipalities.first(),
        )


def test_search_follows_a_rename(client, center_staff, person, login):
    from tsunagu.people.services import person_update

    login(client, center_staff)
    person_update(actor=center_staff, person=person, family_name="鵜澤", family_name_kana="ウザワ")
    assert person.full_name not in client.get("/people/", {"q": "たかはし"}).content.decode()
    page = client.get("/people/", {"q": "うざわ"}).content.decode()
    assert "鵜澤 美咲" in page


@pytest.mark.parametrize(
    ("query", "found"),
    [("林", True), ("は", True), ("りん", False), ("はやし", True), ("はし", False)],
)
def test_one_and_two_character_queries(
    client, center_staff, region, center_org, login, query, found
):
    person_create(
        actor="test",
        region=region,
        family_name="林",
        given_name="花",
        family_name_kana="ハヤシ",
        given_name_kana="ハナ",
        organizations=[center_org],
    )
    login(client, center_staff)
    page = client.get("/people/", {"q": query}).content.decode()
    assert ("林 花" in page) is found
