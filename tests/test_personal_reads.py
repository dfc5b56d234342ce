"""Every page that shows personal data leaves a trace and is not kept by the browser
(issue 16, items 5 and 6): one audit entry per request naming what was asked and the ids
shown (core.audit.audit_list_view), and `Cache-Control: no-store`
(core.middleware.PersonalDataNoStoreMiddleware)."""

import re

import pytest
from tests.council.fixtures import need_category

from tsunagu.core.audit import audit_list_view, audit_record
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.needs.services import need_record


@pytest.fixture
def need(region, person, center_staff):
    return need_record(
        actor="test", region=region, person=person, text="通院の送迎がない。",
        category=need_category(region, "mobility"),
    )  # fmt: skip


# url, the object whose id the page shows, the words of the query the entry must name,
# the audited type
LISTS = {
    "people": ("/people/?q=タカハシ", "person", ["q=タカハシ"], "people.person"),
    "consultations": (
        "/consultations/?page=1", "consultation", ["page=1"], "consultations.consultation"
    ),
    "needs": ("/needs/?person={person.pk}", "need", ["person={person.pk}"], "needs.need"),
    "guardianship": (
        "/safeguarding/guardianship/?person={person.pk}", "guardianship_case",
        ["person={person.pk}"], "safeguarding.guardianshipcase",
    ),
    "daily_life": (
        "/safeguarding/daily-life/?person={person.pk}", "daily_life_referral",
        ["person={person.pk}"], "safeguarding.dailylifesupportreferral",
    ),
    "emergency": (
        "/safeguarding/emergency/?q=タカハシ", "emergency_registration", ["q=タカハシ"],
        "safeguarding.emergencyregistration",
    ),
    "emergency_events": (
        "/safeguarding/emergency/events/?person={person.pk}", "emergency_event",
        ["person={person.pk}"], "safeguarding.emergencyevent",
    ),
    "emergency_pick": (
        "/safeguarding/emergency/register/?q=タカハシ", "person", ["pick", "q=タカハシ"],
        "people.person",
    ),
    "directory_refer": (
        "/directory/services/{staff_service.pk}/refer/?q=タカハシ", "person", ["pick", "q=タカハシ"],
        "people.person",
    ),
    "abuse_person": (
        "/safeguarding/abuse/{abuse_report.pk}/person/?q=タカハシ", "person",
        ["pick", "q=タカハシ"], "people.person",
    ),
    "plans": ("/plans/?status=all", "support_plan", ["status=all"], "plans.supportplan"),
    "plans_due": ("/plans/due/?all=1", "support_plan", ["all=1"], "plans.supportplan"),
    "privacy_requests": (
        "/privacy/requests/", "disclosure_request", ["list"], "privacy.datarequest"
    ),
    "referrals": (
        "/consultations/referrals/?all=1", "referral", ["all=1"], "consultations.referral"
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_of_personal_records_writes_one_entry_with_the_query_and_the_ids(
    name, client, center_staff, login, person, request
):
    path, fixture, words, target_type = LISTS[name]
    shown = request.getfixturevalue(fixture)
    objects = {n: request.getfixturevalue(n) for n in re.findall(r"\{(\w+)\.pk\}", path)}
    path = path.format(**objects)
    login(client, center_staff)
    before = AuditEntry.objects.count()
    response = client.get(path)
    assert response.status_code == 200
    entries = list(AuditEntry.objects.order_by("pk")[before:])
    if name == "abuse_person":  # the report the person is looked up for is a read of its own
        assert entries[0].target_type == "safeguarding.abusereport"
        entries = entries[1:]
    assert [(e.action, e.target_type) for e in entries] == [(AuditAction.VIEW, target_type)]
    summary = entries[0].summary
    assert summary.startswith("list") or summary.startswith("pick")
    for word in words:
        assert word.format(**objects) in summary.split()
    assert str(shown.pk) in summary.split("ids=")[1].split(",")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        "/people/{person.pk}/",
        "/consultations/{consultation.pk}/",
        "/safeguarding/emergency/{emergency_registration.pk}/sheet/",
        "/safeguarding/emergency/{emergency_registration.pk}/",
        "/privacy/persons/{person.pk}/disclosure/",
        "/privacy/requests/{disclosure_request.pk}/",
        "/plans/{support_plan.pk}/",
        "/people/{person.pk}/edit/",
    ],
)
def test_a_personal_page_is_not_stored_by_the_browser(
    path, client, center_staff, login, person, consultation, emergency_registration,
    disclosure_request, support_plan,
):  # fmt: skip
    login(client, center_staff)
    path = path.format(
        person=person, consultation=consultation, emergency_registration=emergency_registration,
        disclosure_request=disclosure_request, support_plan=support_plan,
    )  # fmt: skip
    before = AuditEntry.objects.count()
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    if "/edit/" not in path:  # the edit form is audited when it is saved
        assert AuditEntry.objects.count() > before


def test_a_page_without_personal_data_may_be_cached(client, secretariat, login):
    login(client, secretariat)
    response = client.get("/council/issues/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_disclosure_page_is_audited_on_the_person(client, center_staff, login, person):
    login(client, center_staff)
    client.get(f"/privacy/persons/{person.pk}/disclosure/")
    entry = AuditEntry.objects.get(action=AuditAction.VIEW, target_id=str(person.pk))
    assert (entry.target_type, entry.summary) == ("people.person", "disclosure")


def test_a_long_list_is_kept_whole_in_the_detail(rf, center_staff):
    request = rf.get("/people/", {"q": "すずき"})
    request.user = center_staff
    ids = range(100_000, 100_080)
    entry = audit_list_view(request, target_type="people.person", ids=ids)
    assert len(entry.summary) == 300 and entry.summary.endswith("…")
    assert entry.detail == "list q=すずき ids=" + ",".join(str(pk) for pk in ids)
    short = audit_record(actor=center_staff, action=AuditAction.VIEW, summary="list ids=1")
    assert (short.summary, short.detail) == ("list ids=1", None)


def test_the_administrator_reads_the_whole_list_in_the_log_and_its_export(
    rf, client, admin, center_staff, login
):
    request = rf.get("/people/")
    request.user = center_staff
    ids = ",".join(str(pk) for pk in range(200_000, 200_060))
    audit_list_view(request, target_type="people.person", ids=range(200_000, 200_060))
    login(client, admin)
    assert ids in client.get("/audit/").content.decode()
    export = client.get("/audit/export.csv").content.decode("utf-8-sig")
    assert export.splitlines()[0].endswith("詳細")
    assert ids in export
