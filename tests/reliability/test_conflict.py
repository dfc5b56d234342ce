"""Optimistic locking (tsunagu.core.locking): two workers open the same edit form, both save;
the second save is refused with 「他の職員が先に保存しました」 and both versions shown, nothing
of the first is lost, and the second worker can merge and save again."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from tests.reliability.formdata import form_values, text_of

CONFLICT = "他の職員が先に保存しました"


@dataclass
class Case:
    fixture: str
    url: str  # with {pk}
    field: str  # a free-text field both workers change
    reload: Any  # the record -> the field's stored value


CASES = {
    "person": Case("person", "/people/{pk}/edit/", "contact_note", lambda o: o.contact_note),
    "consultation": Case(
        "consultation", "/consultations/{pk}/edit/", "next_action", lambda o: o.next_action
    ),
    "plan": Case("support_plan", "/plans/{pk}/edit/", "policy", lambda o: o.policy),
    "issue": Case("issue", "/council/issues/{pk}/edit/", "description", lambda o: o.description),
    "service": Case(
        "staff_service", "/directory/services/{pk}/edit/", "description", lambda o: o.description
    ),
}


def _post(client: Client, url: str, values: dict[str, list[str]]):
    return client.post(url, values)


@pytest.mark.parametrize("kind", list(CASES))
def test_second_save_is_refused_with_both_versions_and_nothing_is_lost(
    kind, request, admin, center_staff, login
):
    case = CASES[kind]
    record = request.getfixturevalue(case.fixture)
    url = case.url.format(pk=record.pk)
    first, second = login(Client(), admin), login(Client(), center_staff)
    form_first = form_values(first.get(url).content)
    form_second = form_values(second.get(url).content)
    assert form_first["lock_version"] == form_second["lock_version"]

    form_first[case.field] = ["一人目の職員が書いた内容"]
    saved = _post(first, url, form_first)
    assert saved.status_code == 302, text_of(saved.content)[:2000]

    form_second[case.field] = ["二人目の職員が書いた内容"]
    refused = _post(second, url, form_second)
    assert refused.status_code == 200
    page = text_of(refused.content)
    assert CONFLICT in page
    assert "一人目の職員が書いた内容" in page  # theirs, as saved now
    assert "二人目の職員が書いた内容" in page  # yours, as submitted
    assert "（違いあり）" in page
    record.refresh_from_db()
    assert case.reload(record) == "一人目の職員が書いた内容"  # the first save is kept

    # The page keeps the second worker's input and the new lock number: merge, save again.
    merged = form_values(refused.content)
    assert [v.strip() for v in merged[case.field]] == ["二人目の職員が書いた内容"]
    assert merged["lock_version"] == [str(record.lock_version)]
    merged[case.field] = ["一人目の職員が書いた内容／二人目の追記"]
    again = _post(second, url, merged)
    assert again.status_code == 302, text_of(again.content)[:2000]
    record.refresh_from_db()
    assert case.reload(record) == "一人目の職員が書いた内容／二人目の追記"


def test_a_stale_number_is_refused_even_for_the_same_worker(center_staff, login, person):
    """Two tabs of one worker: the older tab cannot overwrite the newer save silently."""
    client = login(Client(), center_staff)
    url = f"/people/{person.pk}/edit/"
    old_tab = form_values(client.get(url).content)
    new_tab = form_values(client.get(url).content)
    new_tab["phone"] = ["0475-11-2222"]
    assert client.post(url, new_tab).status_code == 302
    old_tab["address"] = ["東金1-1"]
    response = client.post(url, old_tab)
    assert CONFLICT in text_of(response.content)
    person.refresh_from_db()
    assert person.phone == "0475-11-2222"
    assert person.address != "東金1-1"


def test_an_import_between_opening_and_saving_is_a_conflict_too(center_staff, login, person):
    """Services called without a lock number (imports, commands) still raise it."""
    from tsunagu.people.services import person_update

    client = login(Client(), center_staff)
    url = f"/people/{person.pk}/edit/"
    form = form_values(client.get(url).content)
    person_update(actor="test", person=person, contact_note="取り込みで更新")
    form["contact_note"] = ["画面で更新"]
    response = client.post(url, form)
    assert CONFLICT in text_of(response.content)
    person.refresh_from_db()
    assert person.contact_note == "取り込みで更新"
