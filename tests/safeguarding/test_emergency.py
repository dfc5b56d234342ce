"""Emergency readiness (地域生活支援拠点): the register, the printable sheet, emergency events
and trial stays, and the quarterly figures for the council."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from tests.safeguarding.fixtures_rights import make_event, make_guardianship_case, make_registration

from tsunagu.core import dates
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.people.models import Consent, ConsentScope
from tsunagu.people.services import person_create, person_merge
from tsunagu.reports.suppression import SUPPRESSED
from tsunagu.safeguarding.emergency.selectors import (
    emergency_figures,
    quarter_of,
    stay_label,
    suppress_kind,
)
from tsunagu.safeguarding.emergency.services import (
    emergency_event_record,
    emergency_registration_create,
)
from tsunagu.safeguarding.models import (
    EmergencyEvent,
    EmergencyEventKind,
    EmergencyRegistration,
    GuardianshipStatus,
)

TOKYO = dates.TOKYO
Q1, Q2, Q3, Q4 = (
    "第1四半期（4〜6月）",
    "第2四半期（7〜9月）",
    "第3四半期（10〜12月）",
    "第4四半期（1〜3月）",
)


def _registration_form(**overrides):
    data = {
        "emergency_contacts": "母 090-1111-2222（夜間可）\n叔父 0475-00-0000",
        "support_policy": "母が入院したら短期入所へ。大きな音が苦手",
        "candidate_places": "短期入所 さくら",
        "medical_notes": "抗てんかん薬 朝夕",
        "registered_on": "R6.4.15",
        "reviewed_on": "",
    }
    data.update(overrides)
    return data


def _event_form(**overrides):
    data = {
        "kind": EmergencyEventKind.EMERGENCY,
        "started_at": "2024-06-01T20:00",
        "ended_at": "",
        "reason": "介護者の急な入院",
        "place": "短期入所 さくら",
        "note": "",
    }
    data.update(overrides)
    return data


def _audits(action, target):
    return AuditEntry.objects.filter(
        action=action, target_type=target._meta.label_lower, target_id=str(target.pk)
    )


# --- the register ------------------------------------------------------------------------------


def test_center_staff_register_a_person_and_review_the_registration(
    client, center_staff, center_org, person, login
):
    login(client, center_staff)
    form = client.get(f"/safeguarding/emergency/register/{person.pk}/")
    assert form.status_code == 200 and person.full_name in form.content.decode()
    response = client.post(f"/safeguarding/emergency/register/{person.pk}/", _registration_form())
    assert response.status_code == 302
    registration = EmergencyRegistration.objects.get()
    assert registration.person == person and registration.organization == center_org
    assert registration.registered_on == date(2024, 4, 15)
    created = _audits(AuditAction.CREATE, registration).get()
    assert "090" not in created.summary and "てんかん" not in created.summary

    # Opening the form again shows what is registered: a 閲覧, audited.
    again = client.get(f"/safeguarding/emergency/register/{person.pk}/")
    assert "抗てんかん薬" in again.content.decode()
    assert _audits(AuditAction.VIEW, registration).count() == 1
    response = client.post(
        f"/safeguarding/emergency/register/{person.pk}/",
        _registration_form(reviewed_on="R7.4.10", candidate_places="GH ひまわり"),
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.reviewed_on == date(2025, 4, 10)
    assert registration.candidate_places == "GH ひまわり"
    assert "candidate_places" in _audits(AuditAction.UPDATE, registration).get().summary


def test_a_review_cannot_come_before_the_registration(client, center_staff, person, login):
    login(client, center_staff)
    response = client.post(
        f"/safeguarding/emergency/register/{person.pk}/",
        _registration_form(reviewed_on="R6.4.1"),
    )
    assert response.status_code == 400
    assert "見直し日は登録日より後" in response.content.decode()
    assert not EmergencyRegistration.objects.exists()


def test_a_person_is_registered_once(person, center_staff, emergency_registration):
    with pytest.raises(ValidationError):
        make_registration(person, center_staff)


def test_every_view_of_a_registration_is_audited(
    client, center_staff, provider_staff, emergency_registration, login
):
    login(client, center_staff)
    assert client.get(f"/safeguarding/emergency/{emergency_registration.pk}/").status_code == 200
    assert (
        client.get(f"/safeguarding/emergency/{emergency_registration.pk}/sheet/").status_code
        == 200
    )
    client.logout()
    login(client, provider_staff)
    assert client.get(f"/safeguarding/emergency/{emergency_registration.pk}/").status_code == 200
    views = _audits(AuditAction.VIEW, emergency_registration)
    assert [(e.user, "sheet" in e.summary) for e in views.order_by("pk")] == [
        (center_staff, False),
        (center_staff, True),
        (provider_staff, False),
    ]


def test_the_register_shows_registrations_due_for_review(
    client, center_staff, person, unassigned_person, login
):
    today = dates.today_local()
    make_registration(person, center_staff, registered_on=today - timedelta(days=30))
    make_registration(unassigned_person, center_staff, registered_on=today - timedelta(days=400))
    login(client, center_staff)
    page = client.get("/safeguarding/emergency/")
    rows = [(r.person, due) for r, due in page.context["rows"]]
    assert rows == [(unassigned_person, True), (person, False)]  # oldest review first
    due = client.get("/safeguarding/emergency/?due=1")
    assert [r.person for r, _due in due.context["rows"]] == [unassigned_person]
    found = client.get("/safeguarding/emergency/?q=たかはし")
    assert [r.person for r, _due in found.context["rows"]] == [person]


def test_the_register_takes_a_fixed_number_of_queries(
    client, center_staff, region, center_org, login, django_assert_max_num_queries
):
    for i in range(30):
        someone = person_create(
            actor="test",
            region=region,
            family_name=f"試験{i}",
            family_name_kana="シケン",
            municipality=region.municipalities.get(code="12237"),
            organizations=[center_org],
        )
        make_registration(someone, center_staff)
    login(client, center_staff)
    with django_assert_max_num_queries(11):  # audit entry and disaster banner
        response = client.get("/safeguarding/emergency/")
    assert len(response.context["rows"]) == 30


def test_provider_staff_register_their_clients_only(
    client, provider_staff, provider_org, person, unassigned_person, login
):
    login(client, provider_staff)
    picker = client.get("/safeguarding/emergency/register/?q=ヤ").content.decode()
    assert unassigned_person.full_name not in picker
    assert (
        client.post(
            f"/safeguarding/emergency/register/{unassigned_person.pk}/", _registration_form()
        ).status_code
        == 404
    )
    response = client.post(f"/safeguarding/emergency/register/{person.pk}/", _registration_form())
    assert response.status_code == 302
    assert EmergencyRegistration.objects.get().organization == provider_org


@pytest.mark.parametrize("role", ["secretariat", "municipal_staff", "member"])
def test_roles_without_personal_data_cannot_open_the_register(
    client, personas, emergency_registration, emergency_event, person, role, login
):
    login(client, personas[role])
    for path in (
        "/safeguarding/emergency/",
        "/safeguarding/emergency/register/",
        f"/safeguarding/emergency/register/{person.pk}/",
        f"/safeguarding/emergency/{emergency_registration.pk}/",
        f"/safeguarding/emergency/{emergency_registration.pk}/sheet/",
        "/safeguarding/emergency/events/",
        "/safeguarding/emergency/events/new/",
        f"/safeguarding/emergency/events/{emergency_event.pk}/",
    ):
        assert client.get(path).status_code == 403, path
    remove = client.post(f"/safeguarding/emergency/{emergency_registration.pk}/remove/")
    assert remove.status_code == 403
    assert EmergencyRegistration.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


def test_another_regions_staff_cannot_reach_the_sheet(
    client, outsider, emergency_registration, person, login
):
    login(client, outsider)
    assert (
        client.get(f"/safeguarding/emergency/{emergency_registration.pk}/sheet/").status_code
        == 404
    )
    assert client.get(f"/safeguarding/emergency/register/{person.pk}/").status_code == 404
    assert person.full_name not in client.get("/safeguarding/emergency/").content.decode()
    response = client.post(
        f"/safeguarding/emergency/{emergency_registration.pk}/remove/", {"confirm": "1"}
    )
    assert response.status_code == 404
    assert EmergencyRegistration.objects.exists()


def test_removing_a_registration_keeps_the_events(
    client, center_staff, emergency_registration, emergency_event, person, login
):
    login(client, center_staff)
    path = f"/safeguarding/emergency/{emergency_registration.pk}/remove/"
    client.post(path)  # not confirmed: nothing happens
    assert EmergencyRegistration.objects.exists()
    response = client.post(path, {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/"
    assert not EmergencyRegistration.objects.exists()
    assert EmergencyEvent.objects.filter(pk=emergency_event.pk).exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.DELETE,
        target_type="safeguarding.emergencyregistration",
        target_id=str(emergency_registration.pk),
    ).exists()


# --- the emergency sheet ----------------------------------------------------------------------


def test_the_sheet_has_what_is_needed_when_the_network_is_down(
    client, center_staff, person, emergency_registration, emergency_event, login
):
    make_guardianship_case(
        person,
        center_staff,
        status=GuardianshipStatus.DECIDED,
        kind="curator",
        guardian_type="professional",
        filed_on=date(2023, 1, 5),
        decided_on=date(2023, 4, 1),
    )
    Consent.objects.create(
        person=person, scope=ConsentScope.DISASTER_ROSTER, given_on=date(2024, 4, 1)
    )
    person.caregivers.create(relation="母", name="髙橋 花子", birth_year=1960, is_key=True)
    login(client, center_staff)
    response = client.get(f"/safeguarding/emergency/{emergency_registration.pk}/sheet/")
    page = response.content.decode()
    for text in (
        "緊急時対応シート",
        "取扱注意",
        person.full_name,
        "平成11年11月3日",
        "母 090-0000-0000（夜間も可）",
        "母の入院時は短期入所を調整する",
        "てんかん：朝夕に服薬",
        "短期入所 さくら",
        "保佐",
        "髙橋 花子",
        "3泊4日",
    ):
        assert text in page, text
    assert "災害時の名簿提供の同意" in page and "記録なし" not in page
    # Laid out for paper by its own stylesheet; no inline style or script (CSP).
    assert "safeguarding/emergency_sheet.css" in page
    assert "style=" not in page and "<script>" not in page


def test_provider_staff_get_404_for_the_sheet_of_someone_elses_client(
    client, provider_staff, unassigned_emergency_registration, login
):
    login(client, provider_staff)
    path = f"/safeguarding/emergency/{unassigned_emergency_registration.pk}/sheet/"
    assert client.get(path).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


# --- events and trial stays ------------------------------------------------------------------


def test_an_emergency_is_recorded_and_closed_with_how_long_it_lasted(
    client, center_staff, person, login
):
    login(client, center_staff)
    form = client.get(f"/safeguarding/emergency/events/new/?person={person.pk}")
    assert "事前登録されていません" in form.content.decode()
    response = client.post(
        f"/safeguarding/emergency/events/new/?person={person.pk}", _event_form()
    )
    assert response.status_code == 302
    event = EmergencyEvent.objects.get()
    assert event.started_at == datetime(2024, 6, 1, 20, 0, tzinfo=TOKYO)
    assert event.fiscal_year == 2024 and event.ended_at is None
    assert "継続中" in client.get(response["Location"]).content.decode()
    response = client.post(
        f"/safeguarding/emergency/events/{event.pk}/",
        _event_form(ended_at="2024-06-04T10:00", note="母の退院で自宅へ"),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.ended_at == datetime(2024, 6, 4, 10, 0, tzinfo=TOKYO)
    assert "3泊4日" in client.get(response["Location"]).content.decode()
    assert _audits(AuditAction.CREATE, event).exists()
    assert _audits(AuditAction.UPDATE, event).exists()
    assert _audits(AuditAction.VIEW, event).count() == 2


def test_the_fiscal_year_is_that_of_the_start_in_tokyo(client, center_staff, person, login):
    login(client, center_staff)
    path = f"/safeguarding/emergency/events/new/?person={person.pk}"
    client.post(path, _event_form(started_at="2024-03-31T23:30"))
    client.post(path, _event_form(started_at="2024-04-01T00:10"))  # 2024-03-31 15:10 UTC
    years = list(EmergencyEvent.objects.order_by("started_at").values_list("fiscal_year", flat=True))
    assert years == [2023, 2024]


def test_an_emergency_cannot_start_in_the_future_but_a_trial_can_be_planned(person, center_staff):
    later = dates.now_local() + timedelta(days=10)
    with pytest.raises(ValidationError):
        make_event(person, center_staff, started_at=later)
    trial = make_event(person, center_staff, started_at=later, kind=EmergencyEventKind.TRIAL)
    assert trial.fiscal_year == dates.fiscal_year(later)


def test_an_event_cannot_end_before_it_starts(client, center_staff, person, login):
    login(client, center_staff)
    response = client.post(
        f"/safeguarding/emergency/events/new/?person={person.pk}",
        _event_form(ended_at="2024-06-01T08:00"),
    )
    assert response.status_code == 200
    assert "終了日時は開始日時より後" in response.content.decode()
    with pytest.raises(ValidationError):
        make_event(
            person,
            center_staff,
            ended_at=datetime(2024, 5, 1, tzinfo=TOKYO),
        )


def test_provider_staff_see_events_of_their_clients_only(
    client, provider_staff, emergency_event, unassigned_emergency_event, unassigned_person, login
):
    login(client, provider_staff)
    listing = client.get("/safeguarding/emergency/events/")
    assert [e.pk for e, _stay in listing.context["rows"]] == [emergency_event.pk]
    assert client.get(f"/safeguarding/emergency/events/{emergency_event.pk}/").status_code == 200
    path = f"/safeguarding/emergency/events/{unassigned_emergency_event.pk}/"
    assert client.get(path).status_code == 404
    new = f"/safeguarding/emergency/events/new/?person={unassigned_person.pk}"
    assert client.post(new, _event_form()).status_code == 404


def test_the_event_list_filters_by_year_and_kind_in_fixed_queries(
    client, center_staff, person, login, django_assert_max_num_queries
):
    for day in range(1, 21):
        make_event(person, center_staff, started_at=datetime(2024, 7, day, 9, tzinfo=TOKYO))
    make_event(
        person,
        center_staff,
        started_at=datetime(2023, 7, 1, 9, tzinfo=TOKYO),
        kind=EmergencyEventKind.TRIAL,
    )
    login(client, center_staff)
    with django_assert_max_num_queries(12):  # audit entry and disaster banner
        response = client.get("/safeguarding/emergency/events/?year=2024&kind=emergency")
    assert len(response.context["rows"]) == 20
    trials = client.get("/safeguarding/emergency/events/?kind=trial").context["rows"]
    assert [e.fiscal_year for e, _stay in trials] == [2023]
    assert client.get("/safeguarding/emergency/events/?year=abc").status_code == 400


def test_stay_length_is_told_in_nights_or_hours():
    start = datetime(2024, 6, 1, 20, 0, tzinfo=TOKYO)
    assert stay_label(start, None) == "継続中"
    assert stay_label(start, start + timedelta(hours=2, minutes=10)) == "日帰り（3時間）"
    assert stay_label(start, datetime(2024, 6, 2, 9, 0, tzinfo=TOKYO)) == "1泊2日"
    assert stay_label(start, datetime(2024, 6, 4, 10, 0, tzinfo=TOKYO)) == "3泊4日"


def test_merging_persons_moves_events_and_the_registration(person, unassigned_person, center_staff):
    make_event(unassigned_person, center_staff)
    registration = make_registration(unassigned_person, center_staff)
    person_merge(actor="test", keep=person, merge=unassigned_person)
    registration.refresh_from_db()
    assert registration.person == person
    assert EmergencyEvent.objects.get().person == person


def test_no_emergency_record_for_a_person_of_another_region(person, other_region):
    with pytest.raises(ValidationError):
        emergency_registration_create(
            actor="test",
            region=other_region,
            person=person,
            emergency_contacts="x",
            support_policy="y",
            registered_on=date(2024, 4, 1),
        )
    with pytest.raises(ValidationError):
        emergency_event_record(
            actor="test",
            region=other_region,
            person=person,
            kind=EmergencyEventKind.TRIAL,
            started_at=datetime(2024, 5, 1, tzinfo=TOKYO),
            reason="r",
            place="p",
        )


# --- quarterly figures --------------------------------------------------------------------------


def test_quarters_of_the_fiscal_year_in_tokyo():
    assert quarter_of(datetime(2024, 4, 1, 0, 0, tzinfo=TOKYO)) == 1
    assert quarter_of(datetime(2024, 6, 30, 23, 59, tzinfo=TOKYO)) == 1
    assert quarter_of(datetime(2024, 6, 30, 15, 30, tzinfo=dates.ZoneInfo("UTC"))) == 2
    assert quarter_of(datetime(2024, 12, 31, 23, 59, tzinfo=TOKYO)) == 3
    assert quarter_of(datetime(2025, 1, 1, 0, 0, tzinfo=TOKYO)) == 4
    assert quarter_of(datetime(2025, 3, 31, 23, 59, tzinfo=TOKYO)) == 4


@pytest.fixture
def figures_data(region, center_org, center_staff, person):
    """令和6年度: person (山武市) and a second person (東金市).

    緊急時: Q1 1 (on 4/1 at 00:10 Tokyo), Q2 8, Q3 4 → 13; 山武市 6, 東金市 7; 2 persons.
    体験: Q4 1 (3/31 23:30 Tokyo), 東金市. Outside the 年度: one on 2024-03-31 23:30 and one
    on 2025-04-01 00:05 Tokyo."""
    other = person_create(
        actor="test",
        region=region,
        family_name="佐藤",
        given_name="次郎",
        family_name_kana="サトウ",
        given_name_kana="ジロウ",
        municipality=region.municipalities.get(code="12213"),
        organizations=[center_org],
    )

    def at(*args):
        return datetime(*args, tzinfo=TOKYO)

    make_event(person, center_staff, started_at=at(2024, 4, 1, 0, 10))
    for day in range(1, 6):
        make_event(person, center_staff, started_at=at(2024, 8, day, 9))
    for day in range(1, 4):
        make_event(other, center_staff, started_at=at(2024, 9, day, 9))
    for day in range(1, 5):
        make_event(other, center_staff, started_at=at(2024, 11, day, 9))
    trial = EmergencyEventKind.TRIAL
    make_event(other, center_staff, started_at=at(2025, 3, 31, 23, 30), kind=trial)
    make_event(person, center_staff, started_at=at(2024, 3, 31, 23, 30))
    make_event(person, center_staff, started_at=at(2025, 4, 1, 0, 5), kind=trial)
    return other


def _kind(figures, kind):
    return next(k for k in figures["kinds"] if k["kind"] == kind)


def test_figures_count_events_by_quarter_and_municipality(region, figures_data):
    figures = emergency_figures(region_id=region.pk, fiscal_year=2024)
    emergency = _kind(figures, "emergency")
    assert emergency["events_total"] == 13 and emergency["persons_total"] == 2
    assert emergency["by_quarter"] == {Q1: 1, Q2: 8, Q3: 4, Q4: 0}
    assert emergency["by_municipality"]["山武市"] == 6
    assert emergency["by_municipality"]["東金市"] == 7
    assert sum(emergency["by_municipality"].values()) == 13
    assert emergency["cross"]["東金市"] == [0, 3, 4, 0]
    trial = _kind(figures, "trial")
    assert (trial["events_total"], trial["by_quarter"][Q4]) == (1, 1)
    assert _kind(emergency_figures(region_id=region.pk, fiscal_year=2023), "emergency")[
        "events_total"
    ] == 1


def test_readers_outside_the_center_see_small_counts_suppressed(region, figures_data):
    figures = emergency_figures(region_id=region.pk, fiscal_year=2024)
    emergency = suppress_kind(_kind(figures, "emergency"))
    # Q1 (1) is hidden, and Q3 with it, so that 13 − 8 cannot give Q1 back.
    assert emergency["by_quarter"] == {Q1: SUPPRESSED, Q2: 8, Q3: SUPPRESSED, Q4: 0}
    assert emergency["events_total"] == 13 and emergency["persons_total"] == SUPPRESSED
    assert emergency["by_municipality"]["山武市"] == 6 and emergency["cross"] is None
    trial = suppress_kind(_kind(figures, "trial"))
    assert trial["events_total"] == SUPPRESSED and trial["by_quarter"][Q4] == SUPPRESSED
    assert trial["by_municipality"]["東金市"] == SUPPRESSED
    assert trial["by_municipality"]["山武市"] == 0  # zeros are shown


@pytest.mark.parametrize(
    ("role", "suppressed"),
    [("admin", False), ("center_staff", False), ("secretariat", True), ("municipal_staff", True)],
)
def test_the_figures_page_per_reader(client, personas, figures_data, role, suppressed, login):
    login(client, personas[role])
    response = client.get("/safeguarding/emergency/figures/?year=2024")
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["suppressed"] is suppressed
    assert (_kind(figures, "trial")["events_total"] == SUPPRESSED) is suppressed
    page = response.content.decode()
    assert "令和6年度 地域生活支援拠点の実績" in page
    assert figures_data.full_name not in page and "髙橋" not in page
    assert ("市町村×四半期" in page) is not suppressed


@pytest.mark.parametrize("role", ["provider_staff", "member"])
def test_the_figures_are_refused_to_roles_without_aggregates(client, personas, role, login):
    login(client, personas[role])
    assert client.get("/safeguarding/emergency/figures/").status_code == 403
    assert client.get("/safeguarding/emergency/figures.csv").status_code == 403


def test_another_region_sees_its_own_figures_only(client, outsider, figures_data, login):
    login(client, outsider)
    figures = client.get("/safeguarding/emergency/figures/?year=2024").context["figures"]
    assert all(k["events_total"] == 0 for k in figures["kinds"])


def test_the_figures_page_takes_a_fixed_number_of_queries(
    client, center_staff, person, figures_data, login, django_assert_max_num_queries
):
    login(client, center_staff)
    with django_assert_max_num_queries(11) as few:
        client.get("/safeguarding/emergency/figures/?year=2024")
    for day in range(1, 29):
        make_event(person, center_staff, started_at=datetime(2024, 10, day, 9, tzinfo=TOKYO))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/safeguarding/emergency/figures/?year=2024")
    assert _kind(response.context["figures"], "emergency")["events_total"] == 41


def test_the_figures_as_csv_are_suppressed_and_audited(client, secretariat, figures_data, login):
    login(client, secretariat)
    response = client.get("/safeguarding/emergency/figures.csv?year=2024")
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert "令和6年度,緊急時の受け入れ,四半期別,第1四半期（4〜6月）,＊,件" in text
    assert "市町村×四半期" not in text
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.summary == "fy=2024 format=csv-utf8 suppressed"
    cp932 = client.get("/safeguarding/emergency/figures.csv?year=2024&encoding=cp932")
    assert "第2四半期" in cp932.content.decode("cp932")
    assert client.get("/safeguarding/emergency/figures.csv?year=1").status_code == 400


def test_the_registered_count_is_suppressed_when_small(
    client, secretariat, center_staff, emergency_registration, login
):
    login(client, secretariat)
    assert client.get("/safeguarding/emergency/figures/").context["registered"] == SUPPRESSED
    client.logout()
    login(client, center_staff)
    assert client.get("/safeguarding/emergency/figures/").context["registered"] == 1
