"""地域移行・地域定着: the steps up to 退院・退所, the 24-hour contacts and 緊急時の対応, counts per
年度 in the annual report (suppressed for readers outside the center), merge, audit."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.people.services import person_create
from tsunagu.reports.sections import extra_tables, suppress_person_counts
from tsunagu.transition import services
from tsunagu.transition.figures import transition_figures


def _step(stay, kind, on):
    return services.step_record(actor="test", stay=stay, kind=kind, on=on)


def test_the_steps_lead_to_leaving_and_a_stay_left_takes_no_more(institution_stay):
    for kind, on in (("interview", date(2024, 5, 1)), ("outing", date(2024, 6, 1)),
                     ("stay", date(2024, 7, 1)), ("housing", date(2024, 8, 1))):  # fmt: skip
        _step(institution_stay, kind, on)
    institution_stay.refresh_from_db()
    assert institution_stay.left_on is None
    _step(institution_stay, "leave", date(2024, 9, 30))
    institution_stay.refresh_from_db()
    assert institution_stay.left_on == date(2024, 9, 30)
    assert [s.get_kind_display() for s in institution_stay.steps.all()] == [
        "面接", "体験外出", "体験宿泊", "住まい探し", "退院・退所",
    ]  # fmt: skip
    with pytest.raises(ValidationError):
        _step(institution_stay, "outing", date(2024, 10, 5))
    with pytest.raises(ValidationError):  # before the stay began
        services.step_record(
            actor="test",
            stay=services.stay_create(
                actor="test", person=institution_stay.person, kind="facility", place="施設",
                since=date(2024, 1, 1), admission_type="facility",
            ),
            kind="interview",
            on=date(2023, 1, 1),
        )  # fmt: skip


def test_counted_per_fiscal_year(region, institution_stay, settlement_support, person):
    _step(institution_stay, "interview", date(2024, 5, 1))
    _step(institution_stay, "leave", date(2025, 3, 31))  # last day of 令和6年度
    figures = transition_figures(region=region, fiscal_year=2024)
    assert figures["transition_persons_supported"] == 1
    assert figures["transition_persons_left"] == 1
    assert figures["transition_steps_by_kind"]["面接"] == 1
    assert figures["settlement_persons"] == 1
    assert figures["settlement_responses"] == 1
    next_year = transition_figures(region=region, fiscal_year=2025)
    assert next_year["transition_persons_left"] == 0
    assert next_year["settlement_persons"] == 1  # still running
    assert next_year["settlement_responses"] == 0
    # by municipality: the person lives in 山武市 (12237)
    assert (
        transition_figures(region=region, fiscal_year=2024, municipality="12237")[
            "transition_persons_left"
        ]
        == 1
    )
    assert (
        transition_figures(region=region, fiscal_year=2024, municipality="12213")[
            "transition_persons_left"
        ]
        == 0
    )
    # the section is in the report's tables, and its persons are suppressed for outsiders
    tables = {t["key"]: t for t in extra_tables(figures)}
    assert ("移行者数（退院・退所した人）（人）", 1) in tables["transition_summary"]["rows"]
    hidden = suppress_person_counts(figures)
    assert hidden["transition_persons_left"] == "＊"
    assert hidden["settlement_responses"] == 1  # 件, not persons


def test_steps_per_kind_are_suppressed_with_the_persons_they_belong_to(
    region, institution_stay
):
    """One 退院・退所 step shown as 1 would give back 移行者数 = 1 behind its ＊."""
    from tsunagu.reports.sections import extra_figures

    _step(institution_stay, "interview", date(2024, 5, 1))
    _step(institution_stay, "leave", date(2024, 9, 30))
    exact = extra_figures(region=region, fiscal_year=2024)
    assert exact["transition_steps_by_kind"]["退院・退所"] == 1
    outside = extra_figures(region=region, fiscal_year=2024, exact=False)
    assert outside["transition_persons_left"] == "＊"
    assert outside["transition_steps_by_kind"]["退院・退所"] == "＊"
    assert outside["transition_steps_by_kind"]["面接"] == "＊"
    assert outside["transition_steps_by_kind"]["住まい探し"] == 0  # zeros stay visible


def test_the_annual_report_page_shows_the_section_exact_to_the_center_only(
    client, login, center_staff, secretariat, institution_stay
):
    _step(institution_stay, "leave", date(2024, 9, 30))
    row = '<th scope="row">移行者数（退院・退所した人）（人）</th><td class="num">%s</td>'
    login(client, center_staff)
    page = client.get("/reports/?year=2024").content.decode()
    assert row % "1" in page
    login(client, secretariat)  # the council's secretariat: the report suppressed
    page = client.get("/reports/?year=2024").content.decode()
    assert row % "＊" in page
    step_row = '<th scope="row">退院・退所</th><td class="num">%s</td>'
    assert step_row % "＊" in page and step_row % "1" not in page


def test_pages_record_steps_contacts_and_responses_and_are_audited(
    client, login, center_staff, person, provider_staff
):
    login(client, center_staff)
    response = client.post(
        f"/transition/person/{person.pk}/stays/new/",
        {"kind": "hospital", "place": "さんぶ病院", "since": "R5.6.1",
         "admission_type": "medical_protection"},
    )  # fmt: skip
    assert response.status_code == 302
    stay = person.institution_stays.get()
    assert (
        client.post(
            f"/transition/stays/{stay.pk}/steps/new/", {"kind": "interview", "on": "R6.5.1"}
        ).status_code
        == 302
    )
    page = client.get(f"/transition/stays/{stay.pk}/").content.decode()
    assert "面接" in page and "医療保護入院" in page
    assert AuditEntry.objects.filter(
        user=center_staff, action=AuditAction.VIEW, target_type="transition.institutionstay"
    ).exists()

    response = client.post(
        f"/transition/person/{person.pk}/settlement/new/", {"starts_on": "R6.10.1"}
    )
    support = person.settlement_supports.get()
    assert (
        client.post(
            f"/transition/settlement/{support.pk}/contacts/new/",
            {"name": "兄", "phone": "0475-00-0002", "sort_order": "1"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/transition/settlement/{support.pk}/responses/new/",
            {"occurred_at": "2024-11-03T22:00", "method": "visit", "content": "訪問して対応"},
        ).status_code
        == 302
    )
    page = client.get(f"/transition/settlement/{support.pk}/").content.decode()
    assert "0475-00-0002" in page and "24時間" in page and "訪問して対応" in page
    # bad input: errors on the page, never a server error
    response = client.post(
        f"/transition/settlement/{support.pk}/responses/new/",
        {"occurred_at": "yesterday", "method": "x", "content": ""},
    )
    assert response.status_code == 200

    login(client, provider_staff)
    assert client.get(f"/transition/settlement/{support.pk}/").status_code == 403


def test_a_merge_moves_the_records(region, person, institution_stay, settlement_support, admin):
    from tsunagu.people.services import person_merge

    duplicate = person_create(
        actor="test", region=region, family_name="髙橋", given_name="美咲",
        family_name_kana="タカハシ", given_name_kana="ミサキ", is_fictional=True,
    )  # fmt: skip
    person_merge(actor=admin, keep=duplicate, merge=person)
    institution_stay.refresh_from_db()
    settlement_support.refresh_from_db()
    assert institution_stay.person_id == duplicate.pk
    assert settlement_support.person_id == duplicate.pk
