"""The demo 地域移行・地域定着: one person in hospital, one who left and has 地域定着支援."""

from tsunagu.core.dates import fiscal_year, today_local
from tsunagu.people.services import person_create
from tsunagu.transition.demo import demo_transition_load
from tsunagu.transition.figures import transition_figures
from tsunagu.transition.models import EmergencyResponse, InstitutionStay, SettlementContact


def test_demo_loads_and_runs_twice(region, center_staff, person):
    person_create(
        actor="test", region=region, family_name="デモ", family_name_kana="デモ",
        is_fictional=True,
    )  # fmt: skip
    assert demo_transition_load(region=region) is True
    assert demo_transition_load(region=region) is False
    assert InstitutionStay.objects.filter(left_on__isnull=True).get().admission_type == (
        "medical_protection"
    )
    assert InstitutionStay.objects.filter(left_on__isnull=False).get().steps.count() == 5
    assert SettlementContact.objects.count() == 2
    assert EmergencyResponse.objects.count() == 2
    figures = transition_figures(region=region, fiscal_year=fiscal_year(today_local()))
    assert figures["settlement_persons"] == 1
