"""Issue 16, item 4, in the browser: provider staff register a person who matches a record
they may not see and learn nothing of it; center staff find the pair on their review list
and open the merge confirmation from it with the keyboard. axe on both pages."""

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

from tsunagu.people.models import DuplicateReview, Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _axe_blocking(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} {v['nodes'][0].get('target') if v['nodes'] else ''}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_hidden_match_goes_to_the_center_and_opens_the_merge(
    page, sign_in, provider_staff, center_staff, unassigned_person
):
    unassigned_person.birth_date = date(1980, 1, 2)
    unassigned_person.save()

    sign_in(provider_staff)
    page.goto("/people/new/")
    page.locator("#id_family_name").fill("山崎")
    page.locator("#id_given_name").fill("健一")
    page.locator("#id_family_name_kana").fill("やまざき")
    page.locator("#id_given_name_kana").fill("けんいち")
    page.locator("#id_birth_date").fill("S55.1.2")
    page.locator("#id_birth_date").press("Enter")
    page.wait_for_url(re.compile(r"/people/\d+/$"))
    assert "利用者を登録しました" in page.content()
    assert "閲覧できない" not in page.content() and "山﨑" not in page.content()
    created = Person.objects.get(family_name="山崎")
    assert DuplicateReview.objects.filter(person=created, existing=unassigned_person).exists()

    sign_in(center_staff)
    page.goto("/people/")
    page.get_by_role("link", name="重複の可能性（要確認）").click()
    page.wait_for_url(re.compile(r"/people/duplicates/review/$"))
    row = page.get_by_role("row").filter(has_text="山崎 健一")
    assert "山﨑 健一" in row.inner_text()
    assert _axe_blocking(page) == []

    row.get_by_role("link", name=re.compile("統合を確認する")).press("Enter")
    page.wait_for_url(re.compile(rf"/people/{unassigned_person.pk}/merge/\?other={created.pk}$"))
    assert _axe_blocking(page) == []
