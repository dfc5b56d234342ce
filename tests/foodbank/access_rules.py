"""Access rules for the foodbank pages (see tests/test_access_matrix.py).

Columns: anonymous, admin, center_staff, provider_staff, secretariat, municipal_staff, member,
outsider (center staff of another region: FOODBANK, but 404 on our objects)."""

from tests.access import post
from tests.access import row as _row

LIST = _row(302, 200, 200, 403, 403, 403, 200, 200)
OBJECT = _row(302, 200, 200, 403, 403, 403, 200, 404)
OTHER = _row(302, 404, 404, 403, 403, 403, 404, 200)  # another region's object
POST_ONLY = _row(302, 405, 405, 403, 403, 403, 405, 405)
FIGURES = _row(302, 200, 200, 403, 200, 200, 200, 200)
PERSONAL = _row(302, 200, 200, 403, 403, 403, 403, 404)

RULES = {
    "foodbank:home": (lambda o: "/foodbank/", LIST),
    "foodbank:donation_list": (lambda o: "/foodbank/donations/", LIST),
    "foodbank:donation_new": (lambda o: "/foodbank/donations/new/", LIST),
    "foodbank:donation_detail": (
        lambda o: f"/foodbank/donations/{o['foodbank_donation'].pk}/", OBJECT),
    "foodbank:donation_detail(other region)": (
        lambda o: f"/foodbank/donations/{o['foodbank_donation_other'].pk}/", OTHER),
    "foodbank:donation_receipt": (
        lambda o: f"/foodbank/donations/{o['foodbank_donation'].pk}/receipt.pdf", OBJECT),
    "foodbank:donation_receipt(other region)": (
        lambda o: f"/foodbank/donations/{o['foodbank_donation_other'].pk}/receipt.pdf", OTHER),
    "foodbank:stock": (lambda o: "/foodbank/stock/", LIST),
    "foodbank:movement_list": (lambda o: "/foodbank/stock/history/", LIST),
    "foodbank:lot_detail": (lambda o: f"/foodbank/stock/{o['foodbank_lot'].pk}/", OBJECT),
    "foodbank:lot_detail(other region)": (
        lambda o: f"/foodbank/stock/{o['foodbank_lot_other'].pk}/", OTHER),
    "foodbank:lot_waste": (lambda o: f"/foodbank/stock/{o['foodbank_lot'].pk}/waste/", POST_ONLY),
    "foodbank:lot_count": (lambda o: f"/foodbank/stock/{o['foodbank_lot'].pk}/count/", POST_ONLY),
    "foodbank:household_list": (lambda o: "/foodbank/households/", LIST),
    "foodbank:household_new": (lambda o: "/foodbank/households/new/", LIST),
    "foodbank:household_detail": (
        lambda o: f"/foodbank/households/{o['foodbank_household'].pk}/", OBJECT),
    "foodbank:household_detail(other region)": (
        lambda o: f"/foodbank/households/{o['foodbank_household_other'].pk}/", OTHER),
    "foodbank:household_personal": (
        lambda o: f"/foodbank/households/{o['foodbank_household'].pk}/personal/", PERSONAL),
    "foodbank:household_personal(other region)": (
        lambda o: f"/foodbank/households/{o['foodbank_household_other'].pk}/personal/",
        _row(302, 404, 404, 403, 403, 403, 403, 200)),
    "foodbank:household_edit": (
        lambda o: f"/foodbank/households/{o['foodbank_household'].pk}/edit/", PERSONAL),
    "foodbank:household_edit(other region)": (
        lambda o: f"/foodbank/households/{o['foodbank_household_other'].pk}/edit/",
        _row(302, 404, 404, 403, 403, 403, 403, 200)),
    "foodbank:delivery_list": (lambda o: "/foodbank/deliveries/", LIST),
    "foodbank:delivery_new": (lambda o: "/foodbank/deliveries/new/", LIST),
    "foodbank:pantry_list": (lambda o: "/foodbank/pantry/", LIST),
    "foodbank:pantry_check_in": (
        lambda o: f"/foodbank/pantry/{o['foodbank_pantry'].pk}/", OBJECT),
    "foodbank:pantry_check_in(other region)": (
        lambda o: f"/foodbank/pantry/{o['foodbank_pantry_other'].pk}/", OTHER),
    "foodbank:pantry_food": (
        lambda o: f"/foodbank/pantry/{o['foodbank_pantry'].pk}/food/", POST_ONLY),
    "foodbank:pantry_count": (
        lambda o: f"/foodbank/pantry/{o['foodbank_pantry'].pk}/count.json", OBJECT),
    "foodbank:pantry_count(other region)": (
        lambda o: f"/foodbank/pantry/{o['foodbank_pantry_other'].pk}/count.json", OTHER),
    "foodbank:cafeteria_list": (lambda o: "/foodbank/cafeteria/", LIST),
    "foodbank:cafeteria_detail": (
        lambda o: f"/foodbank/cafeteria/{o['foodbank_session'].pk}/", OBJECT),
    "foodbank:cafeteria_detail(other region)": (
        lambda o: f"/foodbank/cafeteria/{o['foodbank_session_other'].pk}/", OTHER),
    "foodbank:appliance_list": (lambda o: "/foodbank/appliances/", LIST),
    "foodbank:appliance_new": (lambda o: "/foodbank/appliances/new/", LIST),
    "foodbank:appliance_detail": (
        lambda o: f"/foodbank/appliances/{o['foodbank_appliance'].pk}/", OBJECT),
    "foodbank:appliance_detail(other region)": (
        lambda o: f"/foodbank/appliances/{o['foodbank_appliance_other'].pk}/", OTHER),
    "foodbank:appliance_photo": (
        lambda o: f"/foodbank/appliances/{o['foodbank_appliance_photo'].pk}/photo/", OBJECT),
    "foodbank:appliance_photo(no photo)": (
        lambda o: f"/foodbank/appliances/{o['foodbank_appliance'].pk}/photo/",
        _row(302, 404, 404, 403, 403, 403, 404, 404)),
    "foodbank:figures": (lambda o: "/foodbank/figures/", FIGURES),
    "foodbank:figures_csv": (lambda o: "/foodbank/figures.csv?year=2022", FIGURES),
    "foodbank:figures_xlsx": (lambda o: "/foodbank/figures.xlsx?year=2022", FIGURES),
}

# POST-only: the food bank's roles (members volunteer there) act on a lot or a pantry of their
# region; another region's staff get 404.
POST = {
    name: post(rule[1], outsider=404) for name, rule in RULES.items() if 405 in rule[1].values()
}
