"""Retention: persons whose last contact is more than TSUNAGU_RETENTION_YEARS ago are listed
(dry run, admin page) and anonymized by `tsunagu privacy retention`. The clock is set with
time_machine."""

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from tests.council.fixtures import need_category
from tests.reports.builders import at, consult, make_person

from tsunagu.core import dates
from tsunagu.core.models import AuditEntry
from tsunagu.needs.services import need_record
from tsunagu.people.models import Person
from tsunagu.privacy.models import Anonymization, AnonymizationBasis
from tsunagu.privacy.retention import cutoff, last_contacts, retention_candidates

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=dates.TOKYO)


@pytest.fixture
def old_and_new(region, time_machine):
    """old: registered 2017, last consultation 2019-06-01. new: last consultation 2023-02-01.
    noted: last consultation 2018, but a need noted 2024-04-10."""
    time_machine.move_to(datetime(2017, 5, 1, 9, 0, tzinfo=dates.TOKYO), tick=False)
    old = make_person(region, 1, municipality="12213")
    new = make_person(region, 2, municipality="12237")
    noted = make_person(region, 3)
    consult(region, at(2019, 6, 1), person=old)
    consult(region, at(2018, 1, 5), person=new)
    consult(region, at(2023, 2, 1), person=new)
    consult(region, at(2018, 3, 1), person=noted)
    need_record(
        actor="test",
        region=region,
        person=noted,
        text="通院の足がない",
        category=need_category(region, "mobility"),
        noted_on=date(2024, 4, 10),
    )
    time_machine.move_to(NOW, tick=False)
    return old, new, noted


def test_last_contact_is_the_latest_dated_record(region, old_and_new):
    old, new, noted = old_and_new
    contacts = last_contacts(region)
    assert contacts[old.pk] == date(2019, 6, 1)
    assert contacts[new.pk] == date(2023, 2, 1)
    assert contacts[noted.pk] == date(2024, 4, 10)


def test_only_persons_past_retention_are_candidates(region, old_and_new, settings):
    old, new, noted = old_and_new
    assert cutoff() == date(2021, 11, 26)
    assert [c.person for c in retention_candidates(region)] == [old]
    settings.RETENTION_YEARS = 2  # configurable: everyone before 2024-11-26
    assert [c.person for c in retention_candidates(region)] == [old, new, noted]
    settings.RETENTION_YEARS = 10
    assert retention_candidates(region) == []


def test_dry_run_lists_and_changes_nothing(region, old_and_new):
    old, *_ = old_and_new
    entries = AuditEntry.objects.count()
    out = StringIO()
    call_command("privacy", "retention", "--dry-run", "--region", "sanbu", stdout=out)
    text = out.getvalue()
    assert f"利用者 #{old.pk} 最後の関わり 2019-06-01" in text
    assert "過ぎた 1 人" in text and "何も変更していません" in text
    assert Person.objects.get(pk=old.pk).family_name == "試験1"
    assert AuditEntry.objects.count() == entries


def test_command_anonymizes_and_a_second_run_finds_nobody(region, old_and_new):
    old, new, noted = old_and_new
    out = StringIO()
    call_command("privacy", "retention", stdout=out)
    assert f"利用者 #{old.pk} を匿名化しました" in out.getvalue()
    assert Person.objects.get(pk=old.pk).family_name == "（削除済み）"
    assert Person.objects.get(pk=new.pk).family_name == "試験2"
    assert Anonymization.objects.get().basis == AnonymizationBasis.RETENTION
    entry = AuditEntry.objects.get(action="delete", target_id=str(old.pk))
    assert entry.username == "command:privacy" and entry.path == "command:privacy"
    out = StringIO()
    call_command("privacy", "retention", stdout=out)
    assert "0 人を匿名化" in out.getvalue()


def test_open_abuse_case_is_postponed(region, old_and_new, center_staff, time_machine):
    from tests.safeguarding.fixtures_abuse import receive

    old, *_ = old_and_new
    time_machine.move_to(datetime(2019, 7, 1, 9, 0, tzinfo=dates.TOKYO), tick=False)
    receive(region, center_staff, person=old)
    time_machine.move_to(NOW, tick=False)
    candidate = retention_candidates(region)[0]
    assert candidate.person == old and candidate.postponed
    out = StringIO()
    call_command("privacy", "retention", stdout=out)
    assert f"利用者 #{old.pk} は保留しました" in out.getvalue()
    assert Person.objects.get(pk=old.pk).family_name == "試験1"


def test_admin_page_lists_what_would_go(client, admin, region, old_and_new, login):
    old, new, _ = old_and_new
    login(client, admin)
    page = client.get("/privacy/retention/").content.decode()
    assert "試験1" in page and "令和元年6月1日" in page
    assert "試験2" not in page
    assert Person.objects.get(pk=old.pk).family_name == "試験1"


def test_retention_page_query_count_does_not_grow(
    client, admin, region, time_machine, login, django_assert_max_num_queries
):
    time_machine.move_to(datetime(2015, 5, 1, 9, 0, tzinfo=dates.TOKYO), tick=False)
    for n in range(15):
        consult(region, at(2016, 4, 1 + n), person=make_person(region, n))
    time_machine.move_to(NOW, tick=False)
    login(client, admin)
    with django_assert_max_num_queries(20):
        page = client.get("/privacy/retention/").content.decode()
    assert page.count("試験") == 15
