"""Issue 16, item 4: the duplicate check of the person form speaks only of records the user
may see. A possible duplicate outside the user's scope is not mentioned (not even as a
count: that would tell a provider that a neighbour is a client of the center); the pair goes
to center staff's review list (/people/duplicates/review/) and the attempt is audited."""

import re
from datetime import date

import pytest

from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.people.models import DuplicateReview, DuplicateReviewOutcome, Person
from tsunagu.people.review_services import duplicate_review_open
from tsunagu.people.services import person_create

REVIEW = "/people/duplicates/review/"


@pytest.fixture
def hidden(unassigned_person):
    """山﨑 健一, assigned to the center only: provider staff may not see him."""
    unassigned_person.birth_date = date(1980, 1, 2)
    unassigned_person.save()
    return unassigned_person


def _yamazaki(person_form_data, birth_date):
    return person_form_data(family_name="山崎", given_name="健一", family_name_kana="やまざき",
                            given_name_kana="けんいち", birth_date=birth_date)  # fmt: skip


def _answer(client, data) -> tuple[int, str, str]:
    """Status, where it leads, and the page shown there, with the new record's id and the
    (per-request masked) CSRF token blanked."""
    response = client.post("/people/new/", data)
    location = response.get("Location", "")
    shown = client.get(location).content.decode() if location else response.content.decode()
    new_id = re.search(r"/people/(\d+)/", location)
    if new_id:
        shown = shown.replace(f"/{new_id.group(1)}/", "/N/").replace(f"={new_id.group(1)}", "=N")
        location = location.replace(new_id.group(1), "N")
    shown = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", shown)
    return response.status_code, location, shown


def test_provider_gets_the_same_answer_whether_or_not_a_hidden_record_matches(
    client, provider_staff, hidden, login, person_form_data
):
    login(client, provider_staff)
    # Another birth date: nobody matches.
    hidden.birth_date = date(1980, 1, 3)
    hidden.save()
    without = _answer(client, _yamazaki(person_form_data, "S55.1.2"))
    Person.objects.exclude(pk=hidden.pk).delete()
    assert not DuplicateReview.objects.exists()

    # The same reading and birth date as a record the provider may not see.
    hidden.birth_date = date(1980, 1, 2)
    hidden.save()
    with_hidden = _answer(client, _yamazaki(person_form_data, "S55.1.2"))

    assert with_hidden == without
    assert with_hidden[0] == 302
    assert "閲覧できない" not in with_hidden[2]
    assert f"/people/{hidden.pk}/" not in with_hidden[2]
    assert Person.objects.filter(family_name="山崎").count() == 1


def test_a_hidden_match_goes_to_center_review_and_is_audited(
    client, provider_staff, provider_org, center_staff, hidden, login, person_form_data
):
    login(client, provider_staff)
    client.post("/people/new/", _yamazaki(person_form_data, "S55.1.2"))
    created = Person.objects.get(family_name="山崎")
    review = DuplicateReview.objects.get()
    assert (review.person, review.existing) == (created, hidden)
    assert review.registered_by == provider_staff and review.organization == provider_org
    entry = AuditEntry.objects.get(target_type="people.duplicatereview", action=AuditAction.CREATE)
    assert entry.user == provider_staff
    assert f"person={created.pk}" in entry.summary and f"existing={hidden.pk}" in entry.summary
    assert "山" not in entry.summary  # ids only, never names
    assert client.get(REVIEW).status_code == 403

    login(client, center_staff)
    page = client.get(REVIEW).content.decode()
    assert "山崎 健一" in page and "山﨑 健一" in page and "昭和55年1月2日" in page
    assert f'href="/people/{hidden.pk}/merge/?other={created.pk}"' in page
    assert AuditEntry.objects.filter(
        user=center_staff,
        action=AuditAction.VIEW,
        target_type="people.duplicatereview",
        summary=f"list ids={review.pk}",
    ).exists()
    # The merge flow opens from the list with both records side by side.
    confirm = client.get(f"/people/{hidden.pk}/merge/?other={created.pk}")
    assert confirm.status_code == 200


def test_center_closes_a_pair_of_different_people(client, center_staff, hidden, login, region):
    newcomer = person_create(actor="test", region=region, family_name="山崎", given_name="健一",
                             family_name_kana="ヤマザキ", given_name_kana="ケンイチ",
                             birth_date=date(1980, 1, 2))  # fmt: skip
    (review,) = duplicate_review_open(actor="test", person=newcomer, others=[hidden])
    login(client, center_staff)
    response = client.post(f"{REVIEW}{review.pk}/close/")
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.closed_by == center_staff and review.outcome == DuplicateReviewOutcome.DISTINCT
    assert AuditEntry.objects.filter(
        target_type="people.duplicatereview", target_id=str(review.pk), action=AuditAction.UPDATE
    ).exists()
    assert "確認が必要な組み合わせはありません" in client.get(REVIEW).content.decode()
    assert client.post(f"{REVIEW}{review.pk}/close/").status_code == 404  # already closed


def test_a_merged_pair_leaves_the_list(client, center_staff, hidden, login, region):
    newcomer = person_create(actor="test", region=region, family_name="山崎", given_name="健一",
                             family_name_kana="ヤマザキ", given_name_kana="ケンイチ",
                             birth_date=date(1980, 1, 2))  # fmt: skip
    duplicate_review_open(actor="test", person=newcomer, others=[hidden])
    login(client, center_staff)
    assert "山崎 健一" in client.get(REVIEW).content.decode()
    response = client.post(f"/people/{hidden.pk}/merge/", {"other": newcomer.pk})
    assert response.status_code == 302
    assert "確認が必要な組み合わせはありません" in client.get(REVIEW).content.decode()


def test_provider_is_still_warned_of_their_own_duplicates_only(
    client, provider_staff, person, hidden, login, person_form_data, region, provider_org
):
    """A provider's own client with the same reading is named; the hidden one is not."""
    own = person_create(actor="test", region=region, family_name="山崎", given_name="健一",
                        family_name_kana="ヤマザキ", given_name_kana="ケンイチ",
                        birth_date=date(1980, 1, 2), organizations=[provider_org])  # fmt: skip
    login(client, provider_staff)
    data = _yamazaki(person_form_data, "S55.1.2")
    page = client.post("/people/new/", data).content.decode()
    assert "同じフリガナ・生年月日の利用者" in page
    assert f'href="/people/{own.pk}/"' in page
    assert f"/people/{hidden.pk}/" not in page and "閲覧できない" not in page
    assert not DuplicateReview.objects.exists()

    assert client.post("/people/new/", {**data, "confirm_distinct": "on"}).status_code == 302
    assert list(DuplicateReview.objects.values_list("existing", flat=True)) == [hidden.pk]


def test_other_regions_center_staff_see_no_pair_of_ours(client, outsider, hidden, login, region):
    newcomer = person_create(actor="test", region=region, family_name="山崎",
                             family_name_kana="ヤマザキ", birth_date=date(1980, 1, 2))  # fmt: skip
    (review,) = duplicate_review_open(actor="test", person=newcomer, others=[hidden])
    login(client, outsider)
    assert "山崎" not in client.get(REVIEW).content.decode()
    assert client.post(f"{REVIEW}{review.pk}/close/").status_code == 404


def test_review_list_query_count_does_not_grow(
    client, center_staff, hidden, login, region, center_org, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            newcomer = person_create(actor="test", region=region, family_name=f"山崎{i}",
                                     family_name_kana="ヤマザキ", birth_date=date(1980, 1, 2),
                                     organizations=[center_org])  # fmt: skip
            duplicate_review_open(actor=center_staff, person=newcomer, others=[hidden])

    login(client, center_staff)
    add(2)
    client.get(REVIEW)
    with django_assert_max_num_queries(12) as few:
        assert client.get(REVIEW).status_code == 200
    add(20)
    with django_assert_max_num_queries(len(few)) as many:
        page = client.get(REVIEW).content.decode()
    assert page.count("別人として確認済みにする") == 22
    assert len(many) == len(few)
