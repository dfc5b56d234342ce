"""Issue 16, item 1, in the browser: a consultation opened from 石川 和子's page, on which the
worker types another person's reading, is recorded on the person typed — or the form asks —
never silently on 石川 和子. The chosen person is shown with reading, birth date, age and ID."""

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

from tsunagu.consultations.models import Consultation
from tsunagu.people.services import person_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ishikawa(region, center_org):
    return person_create(
        actor="test", region=region, family_name="石川", given_name="和子",
        family_name_kana="イシカワ", given_name_kana="カズコ", birth_date=date(1952, 4, 5),
        external_id="S-0412", organizations=[center_org], is_fictional=True,
    )  # fmt: skip


@pytest.fixture
def inoue(region, center_org):
    return person_create(
        actor="test", region=region, family_name="井上", given_name="花子",
        family_name_kana="イノウエ", given_name_kana="ハナコ", birth_date=date(1980, 1, 20),
        organizations=[center_org], is_fictional=True,
    )  # fmt: skip


def _axe_blocking(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} {v['nodes'][0].get('target') if v['nodes'] else ''}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _open_from_person_page(page, person):
    page.goto(f"/people/{person.pk}/")
    page.get_by_role("link", name="相談を記録").click()
    page.wait_for_url(re.compile(r"/consultations/new/\?person=\d+$"))
    chosen = page.get_by_role("region", name="この相談の利用者")
    # the 利用者ID is the center's own number (Person.external_id, issue 21), not the row id
    for shown in ("石川 和子", "イシカワ カズコ", "昭和27年4月5日", "S-0412"):
        assert shown in chosen.inner_text()
    return chosen


def test_typing_another_reading_records_on_the_person_typed(
    page, sign_in, center_staff, ishikawa, inoue
):
    sign_in(center_staff)
    chosen = _open_from_person_page(page, ishikawa)
    assert _axe_blocking(page) == []
    box = page.get_by_label("別の利用者に変更（氏名・よみがな）")
    assert box.input_value() == ""
    box.fill("いのうえはなこ")
    # On screen (and to screen readers, role=status): the typed person replaces the choice.
    note = page.get_by_role("status").filter(has_text="置き換えます")
    assert note.is_visible()
    assert "chosen-person--replaced" in (chosen.get_attribute("class") or "")
    assert _axe_blocking(page) == []
    page.get_by_label("健康・医療に関する支援").check()
    page.get_by_role("button", name="記録する").press("Enter")
    page.wait_for_url(re.compile(r"/consultations/\d+/$"))

    assert Consultation.objects.get().person == inoue
    assert "井上 花子" in page.locator(".facts").first.inner_text()


def test_text_matching_nobody_asks_and_nothing_is_saved(
    page, sign_in, center_staff, ishikawa, inoue
):
    sign_in(center_staff)
    _open_from_person_page(page, ishikawa)
    page.get_by_label("別の利用者に変更（氏名・よみがな）").fill("いのうえたろう")
    page.get_by_label("健康・医療に関する支援").check()
    page.get_by_role("button", name="記録する").click()
    page.wait_for_load_state()

    assert "該当する利用者がいません" in page.content()
    assert not Consultation.objects.exists()
    assert _axe_blocking(page) == []

    # Several matches: the worker picks one explicitly, with everything typed kept.
    page.get_by_label("別の利用者に変更（氏名・よみがな）").fill("い")
    page.get_by_role("button", name="記録する").click()
    page.get_by_role("button", name="井上 花子（イノウエ ハナコ）を選ぶ").press("Enter")
    page.wait_for_url(re.compile(r"/consultations/\d+/$"))
    assert Consultation.objects.get().person == inoue
