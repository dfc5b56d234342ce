"""Whose record a consultation is: the person chosen, always shown, never a silent fallback.

Issue 16, item 1: opened from 石川 和子's page, typing いのうえはなこ and saving stored the
record on 石川 和子. The typed text replaces the choice; text that matches nobody or several
people, or a chosen id the worker may not see, asks instead of saving."""

from datetime import date

import pytest
from tests.consultations.fixtures import item
from tests.consultations.test_consultations import _form

from tsunagu.consultations.models import Consultation
from tsunagu.core import dates
from tsunagu.core.models import ListKind
from tsunagu.people.services import person_create


@pytest.fixture
def ishikawa(region, center_org):
    return person_create(
        actor="test", region=region, family_name="石川", given_name="和子",
        family_name_kana="イシカワ", given_name_kana="カズコ", birth_date=date(1952, 4, 5),
        organizations=[center_org], is_fictional=True,
    )  # fmt: skip


@pytest.fixture
def inoue(region, center_org):
    return person_create(
        actor="test", region=region, family_name="井上", given_name="花子",
        family_name_kana="イノウエ", given_name_kana="ハナコ", birth_date=date(1980, 1, 20),
        organizations=[center_org], is_fictional=True,
    )  # fmt: skip


def test_the_preselected_person_is_shown_as_the_chosen_value(client, center_staff, ishikawa, login):
    login(client, center_staff)
    page = client.get(f"/consultations/new/?person={ishikawa.pk}").content.decode()
    assert "この相談の利用者" in page
    age = ishikawa.age_on(dates.today_local())
    for shown in ("石川 和子", "イシカワ カズコ", "昭和27年4月5日", f"{age}歳", str(ishikawa.pk)):
        assert shown in page
    # The text box no longer claims that leaving it empty records an anonymous caller.
    assert "空欄なら匿名" not in page
    assert "別の利用者に変更" in page
    assert f'name="person" value="{ishikawa.pk}"' in page


def test_typing_another_persons_reading_records_on_that_person(
    client, center_staff, region, ishikawa, inoue, login
):
    login(client, center_staff)
    response = client.post(
        f"/consultations/new/?person={ishikawa.pk}",
        _form(region, person=str(ishikawa.pk), person_query="いのうえはなこ"),
    )
    assert response.status_code == 302
    assert Consultation.objects.get().person == inoue


@pytest.mark.parametrize("typed", ["やまだたろう", "い"])
def test_text_matching_nobody_or_several_asks_instead_of_saving(
    client, center_staff, region, ishikawa, inoue, login, typed
):
    login(client, center_staff)
    response = client.post(
        f"/consultations/new/?person={ishikawa.pk}",
        _form(region, person=str(ishikawa.pk), person_query=typed),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert not Consultation.objects.exists()
    if typed == "い":  # いしかわ and いのうえ: both offered, each chosen explicitly
        assert "複数の利用者が該当します" in page
        assert f'name="person" value="{inoue.pk}"' in page
        assert f'name="person" value="{ishikawa.pk}"' in page
    else:
        assert "該当する利用者がいません" in page


def test_keeping_the_preselected_person_records_on_them(
    client, center_staff, region, ishikawa, login
):
    login(client, center_staff)
    response = client.post(
        "/consultations/new/", _form(region, person=str(ishikawa.pk), person_query="")
    )
    assert response.status_code == 302
    assert Consultation.objects.get().person == ishikawa


def test_a_chosen_id_the_worker_may_not_see_is_refused_not_dropped(
    client, provider_staff, region, person, unassigned_person, login
):
    login(client, provider_staff)
    page = client.get(f"/consultations/new/?person={unassigned_person.pk}").content.decode()
    assert "山﨑" not in page and "この相談の利用者" not in page
    response = client.post(
        "/consultations/new/", _form(region, person=str(unassigned_person.pk), person_query="")
    )
    assert response.status_code == 200
    assert "利用者を選び直してください" in response.content.decode()
    assert "山﨑" not in response.content.decode()
    assert not Consultation.objects.exists()


def test_candidates_are_only_persons_the_worker_may_see(
    client, provider_staff, region, person, unassigned_person, login
):
    login(client, provider_staff)
    response = client.post("/consultations/new/", _form(region, person_query="ヤマザキ"))
    page = response.content.decode()
    assert "該当する利用者がいません" in page and "山﨑" not in page
    assert not Consultation.objects.exists()


def test_editing_moves_the_record_to_the_person_typed(
    client, center_staff, region, consultation, inoue, login
):
    login(client, center_staff)
    page = client.get(f"/consultations/{consultation.pk}/edit/").content.decode()
    assert "この相談の利用者" in page and "髙橋 美咲" in page
    response = client.post(
        f"/consultations/{consultation.pk}/edit/",
        _form(region, person=str(consultation.person_id), person_query="イノウエ"),
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.person == inoue


def test_choosing_from_the_candidates_keeps_what_was_typed(
    client, center_staff, region, ishikawa, inoue, login
):
    login(client, center_staff)
    client.post(
        "/consultations/new/",
        _form(region, person=str(ishikawa.pk), person_query="い", record="選び直した記録"),
    )
    response = client.post(
        "/consultations/new/",
        _form(region, person=str(inoue.pk), person_query="", record="選び直した記録"),
    )
    assert response.status_code == 302
    saved = Consultation.objects.get()
    assert saved.person == inoue and saved.record == "選び直した記録"
    assert saved.method == item(region, ListKind.CONTACT_METHOD, "phone")
