"""Access rules for guardianship and emergency readiness (merged into access_rules.py).

Personal records: center staff and admin see the region's, provider staff those of persons
assigned to their organization (404 for others), the outsider (another region) 404 on ours;
roles without personal data 403. The quarterly figures are de-identified: AGGREGATES roles
(secretariat, municipality) and center staff, not provider staff nor members."""

from tests.access import post
from tests.access import row as _row

LIST = _row(302, 200, 200, 200, 403, 403, 403, 200)
RECORD = _row(302, 200, 200, 200, 403, 403, 403, 404)
UNASSIGNED = _row(302, 200, 200, 404, 403, 403, 403, 404)
POST_ONLY = _row(302, 405, 405, 405, 403, 403, 403, 405)
FIGURES = _row(302, 200, 200, 403, 200, 200, 403, 200)

RULES: dict = {
    # 成年後見制度利用支援
    "safeguarding:guardianship_list": (lambda o: "/safeguarding/guardianship/", LIST),
    "safeguarding:guardianship_new": (
        lambda o: f"/safeguarding/guardianship/new/?person={o['person'].pk}",
        RECORD,
    ),
    "safeguarding:guardianship_new(pick)": (
        lambda o: "/safeguarding/guardianship/new/?q=タカハシ",
        LIST,
    ),
    "safeguarding:guardianship_new(unassigned)": (
        lambda o: f"/safeguarding/guardianship/new/?person={o['unassigned_person'].pk}",
        UNASSIGNED,
    ),
    "safeguarding:guardianship_detail": (
        lambda o: f"/safeguarding/guardianship/{o['guardianship_case'].pk}/",
        RECORD,
    ),
    "safeguarding:guardianship_detail(unassigned)": (
        lambda o: f"/safeguarding/guardianship/{o['unassigned_guardianship_case'].pk}/",
        UNASSIGNED,
    ),
    # 日常生活自立支援事業
    "safeguarding:daily_life_list": (lambda o: "/safeguarding/daily-life/", LIST),
    "safeguarding:daily_life_new": (
        lambda o: f"/safeguarding/daily-life/new/?person={o['person'].pk}",
        RECORD,
    ),
    "safeguarding:daily_life_new(unassigned)": (
        lambda o: f"/safeguarding/daily-life/new/?person={o['unassigned_person'].pk}",
        UNASSIGNED,
    ),
    "safeguarding:daily_life_detail": (
        lambda o: f"/safeguarding/daily-life/{o['daily_life_referral'].pk}/",
        RECORD,
    ),
    "safeguarding:daily_life_detail(unassigned)": (
        lambda o: f"/safeguarding/daily-life/{o['unassigned_daily_life_referral'].pk}/",
        UNASSIGNED,
    ),
    # 地域生活支援拠点: the register and the sheet
    "safeguarding:emergency_list": (lambda o: "/safeguarding/emergency/", LIST),
    "safeguarding:emergency_register_pick": (
        lambda o: "/safeguarding/emergency/register/?q=タカハシ",
        LIST,
    ),
    "safeguarding:emergency_register": (
        lambda o: f"/safeguarding/emergency/register/{o['person'].pk}/",
        RECORD,
    ),
    "safeguarding:emergency_register(existing)": (
        lambda o: f"/safeguarding/emergency/register/{o['emergency_registration'].person_id}/",
        RECORD,
    ),
    "safeguarding:emergency_register(unassigned)": (
        lambda o: f"/safeguarding/emergency/register/{o['unassigned_person'].pk}/",
        UNASSIGNED,
    ),
    "safeguarding:emergency_detail": (
        lambda o: f"/safeguarding/emergency/{o['emergency_registration'].pk}/",
        RECORD,
    ),
    "safeguarding:emergency_detail(unassigned)": (
        lambda o: f"/safeguarding/emergency/{o['unassigned_emergency_registration'].pk}/",
        UNASSIGNED,
    ),
    "safeguarding:emergency_sheet": (
        lambda o: f"/safeguarding/emergency/{o['emergency_registration'].pk}/sheet/",
        RECORD,
    ),
    "safeguarding:emergency_sheet(unassigned)": (
        lambda o: f"/safeguarding/emergency/{o['unassigned_emergency_registration'].pk}/sheet/",
        UNASSIGNED,
    ),
    "safeguarding:emergency_remove": (
        lambda o: f"/safeguarding/emergency/{o['emergency_registration'].pk}/remove/",
        POST_ONLY,
    ),
    # events and trial stays
    "safeguarding:emergency_event_list": (lambda o: "/safeguarding/emergency/events/", LIST),
    "safeguarding:emergency_event_new": (
        lambda o: f"/safeguarding/emergency/events/new/?person={o['person'].pk}",
        RECORD,
    ),
    "safeguarding:emergency_event_new(unassigned)": (
        lambda o: f"/safeguarding/emergency/events/new/?person={o['unassigned_person'].pk}",
        UNASSIGNED,
    ),
    "safeguarding:emergency_event_detail": (
        lambda o: f"/safeguarding/emergency/events/{o['emergency_event'].pk}/",
        RECORD,
    ),
    "safeguarding:emergency_event_detail(unassigned)": (
        lambda o: f"/safeguarding/emergency/events/{o['unassigned_emergency_event'].pk}/",
        UNASSIGNED,
    ),
    # quarterly figures (de-identified)
    "safeguarding:emergency_figures": (
        lambda o: (o["emergency_event"], "/safeguarding/emergency/figures/?year=2024")[1],
        FIGURES,
    ),
    "safeguarding:emergency_figures_csv": (
        lambda o: "/safeguarding/emergency/figures.csv?year=2024",
        FIGURES,
    ),
}

POST = {
    name: post(rule[1], outsider=404) for name, rule in RULES.items() if 405 in rule[1].values()
}
