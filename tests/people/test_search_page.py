"""The person list's page: ids and the total in as few reads as the database allows."""

import pytest

from tsunagu.people.selectors import person_search_page
from tsunagu.people.services import person_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(region, center_org, provider_org):
    made = []
    for i in range(23):
        made.append(
            person_create(
                actor="test", region=region, family_name="高橋", given_name=f"{i:02d}",
                family_name_kana="タカハシ", given_name_kana=f"ア{i:02d}",
                organizations=[center_org] + ([provider_org] if i % 2 else []),
                is_fictional=True,
            )
        )
    return made


def test_pages_and_total(center_staff, many, django_assert_max_num_queries):
    # ids and total, the page's persons, their 担当職員 (issue 21: same names told apart)
    with django_assert_max_num_queries(4):
        page = person_search_page(user=center_staff, query="たかはし", page=2, per_page=10)
        names = [p.given_name for p in page.object_list]
    assert page.paginator.count == 23
    assert page.paginator.num_pages == 3
    assert names == [f"{i:02d}" for i in range(10, 20)]
    assert page.has_next() and page.has_previous()


def test_past_the_end_and_nonsense_give_a_real_page(center_staff, many):
    assert person_search_page(user=center_staff, query="高橋", page=99, per_page=10).number == 3
    assert person_search_page(user=center_staff, query="高橋", page="x", per_page=10).number == 1
    assert person_search_page(user=center_staff, query="高橋", page="9" * 40, per_page=10).number == 3
    empty = person_search_page(user=center_staff, query="存在しない", page=5)
    assert (empty.number, empty.paginator.count, list(empty.object_list)) == (1, 0, [])


def test_provider_staff_count_only_their_persons(provider_staff, many):
    page = person_search_page(user=provider_staff, query="高橋", per_page=50)
    assert page.paginator.count == 11
    assert all(int(p.given_name) % 2 for p in page.object_list)
