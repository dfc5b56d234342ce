"""The person page: facts, records and the timeline of consultations and referrals."""

from datetime import date

from tsunagu.consultations.services import referral_create
from tsunagu.core.dates import today_local
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.people.models import Caregiver, Certificate


def test_person_page_shows_age_and_disabilities(client, center_staff, person, disability, login):
    person.disabilities.create(disability_type=disability("mental"), is_primary=True)
    person.disabilities.create(disability_type=disability("developmental"))
    login(client, center_staff)
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert f"{person.age_on(today_local())}歳" in page
    assert '精神障害 <span class="badge">主</span>' in page
    assert "発達障害" in page
    assert f'href="/consultations/new/?person={person.pk}"' in page
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, target_id=str(person.pk)).exists()


def test_timeline_lists_consultations_and_referrals_newest_first(
    client, center_staff, person, center_org, login, record_consultation
):
    old = record_consultation(person, day=1, staff=center_staff)
    new = record_consultation(person, day=20, staff=center_staff)
    referral_create(actor="test", consultation=new, to_organization=center_org,
                    due_on=date(2022, 5, 1))  # fmt: skip
    login(client, center_staff)
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert page.index(f'href="/consultations/{new.pk}/"') < page.index(
        f'href="/consultations/{old.pk}/"'
    )
    assert "相談記録 2 件・つなぎ 1 件" in page
    assert "依頼中" in page
    assert "令和4年5月1日" in page  # the referral's due date
    assert "期限切れ" in page  # open and past due


def test_person_page_query_count_does_not_grow(
    client, center_staff, person, login, record_consultation, django_assert_max_num_queries
):
    Certificate.objects.create(person=person, kind="ryoiku", grade="maru_a")
    Caregiver.objects.create(person=person, relation="父", birth_year=1960)
    record_consultation(person, day=1, staff=center_staff)
    login(client, center_staff)
    # with the 個別支援会議 section (issue 19) and whether the person may be brought to a
    # 合同事例検討会 (one statement, for the center only); the region's data version (issue 25:
    # one statement; the empty forms' fields are then kept under it, and their two queries
    # for the choices run only after a write)
    with django_assert_max_num_queries(28) as one:
        client.get(f"/people/{person.pk}/")
    for day in range(2, 31):
        record_consultation(person, day=day, staff=center_staff)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(f"/people/{person.pk}/")
    # the newest 20 at first (issue 25), and the same statements for all 30 on demand
    assert response.content.decode().count('href="/consultations/') >= 20
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(f"/people/{person.pk}/?history=70")
    assert response.content.decode().count('href="/consultations/') >= 30


def test_older_history_is_shown_on_demand(
    client, center_staff, person, login, record_consultation
):
    """The page opens with the newest 20 records; さらに表示 adds the older ones (issue 25)."""
    records = [record_consultation(person, day=day) for day in range(1, 26)]
    login(client, center_staff)
    page = client.get(f"/people/{person.pk}/").content.decode()
    newest_first = sorted(records, key=lambda c: (c.occurred_at, c.pk), reverse=True)
    shown = [c for c in records if f'href="/consultations/{c.pk}/"' in page]
    assert shown == sorted(newest_first[:20], key=lambda c: (c.occurred_at, c.pk))
    assert "相談記録 25 件・つなぎ 0 件（新しい 20 件を表示）" in page
    assert 'href="?history=25#timeline-older">さらに表示（古い記録 5 件）</a>' in page

    page = client.get(f"/people/{person.pk}/?history=25").content.decode()
    assert all(f'href="/consultations/{c.pk}/"' in page for c in records)
    older = page[page.index('<tbody id="timeline-older">') :]
    assert all(f'href="/consultations/{c.pk}/"' in older for c in newest_first[20:])
    assert all(f'href="/consultations/{c.pk}/"' not in older for c in newest_first[:20])
    assert "さらに表示" not in page
    assert "新しい 25 件を表示" not in page  # nothing left out


def test_history_size_from_any_input(client, center_staff, person, login, record_consultation):
    from tsunagu.people.selectors import TIMELINE_FIRST, TIMELINE_LIMIT, timeline_size

    assert timeline_size(None) == TIMELINE_FIRST
    assert timeline_size("abc") == TIMELINE_FIRST
    assert timeline_size("-5") == TIMELINE_FIRST
    assert timeline_size("70") == 70
    assert timeline_size("9" * 30) == TIMELINE_LIMIT
    record_consultation(person, day=1)
    login(client, center_staff)
    for value in ("abc", "-1", "9" * 30, "１０", ""):
        assert client.get(f"/people/{person.pk}/", {"history": value}).status_code == 200


def test_timeline_is_limited(client, center_staff, person, login, record_consultation, settings):
    from tsunagu.people import selectors

    for day in range(1, 6):
        record_consultation(person, day=day)
    timeline = selectors.person_timeline(user=center_staff, person=person, limit=3)
    assert len(timeline.entries) == 3
    assert timeline.counts == {"consultation": 5, "referral": 0}
    assert timeline.truncated


def test_provider_sees_the_timeline_of_their_person(
    client, provider_staff, person, login, record_consultation
):
    consultation = record_consultation(person)
    login(client, provider_staff)
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert f'href="/consultations/{consultation.pk}/"' in page
    assert "重複した記録を統合" not in page  # center staff only
