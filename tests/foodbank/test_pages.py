"""The foodbank pages through the client: donation and receipt, no personal data for
volunteers, pantry check-in, appliances, cafeteria, figures, bad input."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from pypdf import PdfReader
from tests.foodbank.fixtures import PNG_BYTES, lot_input, make_donation, make_household

from tsunagu.consultations.models import Consultation
from tsunagu.core import dates
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.foodbank import appliance_services, services
from tsunagu.foodbank.models import (
    Appliance,
    CafeteriaSession,
    Distribution,
    Donation,
    Household,
    Lot,
    MovementKind,
)


def _donation_post(**extra):
    data = {
        "received_on": "R8.11.1", "donor_kind": "company", "donor_name": "株式会社みどり食品",
        "note": "",
        "items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "20",
        "items-0-name": "お米", "items-0-category": "staple", "items-0-quantity": "4",
        "items-0-unit": "bag", "items-0-unit_weight_kg": "5", "items-0-expiry_kind": "none",
        "items-0-expiry_date": "", "items-0-storage_place": "倉庫A",
        "items-1-name": "ツナ缶", "items-1-category": "canned", "items-1-quantity": "12",
        "items-1-unit": "can", "items-1-unit_weight_kg": "0.1",
        "items-1-expiry_kind": "best_before", "items-1-expiry_date": "2027/3/31",
        "items-1-storage_place": "倉庫A",
    }
    for i in (2,):
        data.update({f"items-{i}-name": "", f"items-{i}-category": "other",
                     f"items-{i}-unit": "piece", f"items-{i}-expiry_kind": "none"})
    data.update(extra)
    return data


def test_member_records_a_donation_and_downloads_the_receipt(client, login, member, region):
    login(client, member)
    response = client.post("/foodbank/donations/new/", _donation_post())
    donation = Donation.objects.get(region=region)
    assert response.status_code == 302
    assert response["Location"] == f"/foodbank/donations/{donation.pk}/"
    assert sorted(donation.lots.values_list("name", "quantity")) == [("お米", 4), ("ツナ缶", 12)]
    response = client.get(f"/foodbank/donations/{donation.pk}/receipt.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "寄付受領書" in text and "株式会社みどり食品" in text
    assert "お米" in text and "ツナ缶" in text
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT,
                                     target_type="foodbank.donation").exists()


def test_anonymous_donor_is_shown_as_anonymous(client, login, member, region):
    login(client, member)
    client.post("/foodbank/donations/new/", _donation_post(donor_kind="anonymous",
                                                           donor_name="書いてしまった名前"))
    donation = Donation.objects.get()
    assert donation.donor_name == ""
    page = client.get(f"/foodbank/donations/{donation.pk}/").content.decode()
    assert "書いてしまった名前" not in page and "匿名" in page


@pytest.mark.parametrize("field,value,message", [
    ("items-0-quantity", "-3", "1 以上"),
    ("items-0-quantity", "99999999999", "以下"),
    ("items-0-quantity", "abc", "整数"),
    ("items-1-expiry_date", "", "期限の日付を入力してください"),
    ("items-1-expiry_date", "2027/13/45", ""),
    ("donor_name", "", "寄付者名を入力してください"),
    ("received_on", "きのう", ""),
])
def test_bad_donation_input_gives_a_message(client, login, member, field, value, message):
    login(client, member)
    response = client.post("/foodbank/donations/new/", _donation_post(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Donation.objects.exists()


def test_bad_query_strings_are_not_errors(client, login, member, foodbank_lot):
    login(client, member)
    for path in ["/foodbank/donations/?page=abc", "/foodbank/stock/?page=99999&days=abc",
                 "/foodbank/stock/?days=-5", "/foodbank/stock/history/?page=x"]:
        assert client.get(path).status_code == 200, path
    assert client.get("/foodbank/figures/?year=abc").status_code == 400
    assert client.get("/foodbank/figures.xlsx?year=99999999999999").status_code == 400


def test_lists_have_a_fixed_query_count(client, login, member, region,
                                        django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            make_donation(region, items=[lot_input(name=f"品{i}"), lot_input(name="米")])
            household = make_household(region)
            services.delivery_record(actor="test", region=region, household=household,
                                     given_on=dates.today_local(), items=[("米", 1)])
            appliance_services.appliance_register(actor="test", region=region, kind="冷蔵庫")

    login(client, member)
    paths = ["/foodbank/", "/foodbank/donations/", "/foodbank/stock/",
             "/foodbank/stock/history/", "/foodbank/households/", "/foodbank/deliveries/",
             "/foodbank/pantry/", "/foodbank/cafeteria/", "/foodbank/appliances/",
             "/foodbank/figures/"]
    add(2)
    counts = {}
    for path in paths:
        with django_assert_max_num_queries(30) as captured:
            assert client.get(path).status_code == 200
        counts[path] = len(captured)
    add(8)
    for path in paths:
        with django_assert_max_num_queries(counts[path]):
            assert client.get(path).status_code == 200, path


def test_volunteers_never_see_a_households_name(client, login, member, foodbank_household):
    login(client, member)
    for path in ["/foodbank/households/", f"/foodbank/households/{foodbank_household.pk}/",
                 "/foodbank/households/new/"]:
        html = client.get(path).content.decode()
        assert "佐藤花子" not in html and "0475-00-0000" not in html
        assert "代表者氏名" not in html
    assert client.get(f"/foodbank/households/{foodbank_household.pk}/personal/").status_code == 403


def test_center_staff_sees_the_name_and_the_view_is_audited(client, login, center_staff,
                                                            foodbank_household):
    login(client, center_staff)
    html = client.get(f"/foodbank/households/{foodbank_household.pk}/personal/").content.decode()
    assert "佐藤花子" in html
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, target_type="foodbank.household",
                                     target_id=str(foodbank_household.pk)).exists()


def test_household_registration_by_a_member_has_no_personal_fields(client, login, member,
                                                                    region):
    login(client, member)
    response = client.post("/foodbank/households/new/", {
        "size": "4", "children": "2", "municipality": region.municipalities.first().pk,
        "referred_by": "社協", "name": "入れても保存されない",
    })
    assert response.status_code == 302
    household = Household.objects.get()
    assert household.name == "" and household.number == 1
    response = client.post("/foodbank/households/new/", {"size": "2", "children": "3"})
    assert "子どもの数は世帯人数以下" in response.content.decode()


def test_consultation_opens_from_a_distribution_with_consent(client, login, center_staff,
                                                             region, person,
                                                             foodbank_household):
    services.delivery_record(actor="test", region=region, household=foodbank_household,
                             given_on=dates.today_local(), items=[])
    login(client, center_staff)
    response = client.post(f"/foodbank/households/{foodbank_household.pk}/personal/",
                           {"person": "タカハシ", "record": "食料支援から相談へ"})
    consultation = Consultation.objects.get()
    assert response["Location"] == f"/consultations/{consultation.pk}/"
    assert consultation.person == person
    assert Distribution.objects.get().consultation == consultation
    foodbank_household.refresh_from_db()
    assert foodbank_household.person == person


def test_no_consultation_without_consent(region, person, center_staff):
    household = make_household(region, consent_consultation=False)
    distribution = services.delivery_record(actor="test", region=region, household=household,
                                            given_on=dates.today_local(), items=[])
    with pytest.raises(Exception, match="同意"):
        services.distribution_open_consultation(
            actor=center_staff, distribution=distribution, person=person, method=None,
            caller_type=None, topics=[])


def test_pantry_check_in(client, login, member, region, foodbank_pantry, settings):
    settings.TSUNAGU_FOODBANK_REPEAT_DAYS = 30
    household = make_household(region, number=7, size=4)
    services.delivery_record(actor="test", region=region, household=household,
                             given_on=foodbank_pantry.held_on - timedelta(days=3), items=[])
    login(client, member)
    path = f"/foodbank/pantry/{foodbank_pantry.pk}/"
    response = client.post(path, {"number": "7"})
    assert response.status_code == 409
    assert "受け取っています" in response.content.decode()
    assert client.post(path, {"number": "7", "acknowledge_repeat": "on"}).status_code == 302
    assert client.post(path, {"anonymous": "1"}).status_code == 302
    response = client.post(path, {"number": "999"})
    assert response.status_code == 400 and "999" in response.content.decode()
    assert client.post(path, {"number": "-1"}).status_code == 400
    assert client.post(path, {}).status_code == 400
    assert client.get(f"/foodbank/pantry/{foodbank_pantry.pk}/count.json").json() == {
        "people": 5, "households": 1}


def test_cafeteria_session_uses_food_from_stock(client, login, member, region):
    make_donation(region, items=[lot_input(name="カレールウ", quantity=3, weight="0.2")])
    login(client, member)
    response = client.post("/foodbank/cafeteria/", {
        "held_on": "R8.10.3", "venue_type": "school", "venue_name": "高校の調理室",
        "children": "40", "adults": "5", "volunteers": "6",
    })
    session = CafeteriaSession.objects.get()
    assert response["Location"] == f"/foodbank/cafeteria/{session.pk}/"
    response = client.post(f"/foodbank/cafeteria/{session.pk}/",
                           {"name": "カレールウ", "quantity": "5"})
    assert "在庫が足りません" in response.content.decode()
    client.post(f"/foodbank/cafeteria/{session.pk}/", {"name": "カレールウ", "quantity": "2"})
    assert Lot.objects.get().quantity == 1
    assert session.movements.get().kind == MovementKind.CAFETERIA


def test_appliance_photo_is_checked_and_served_only_to_the_region(
    client, login, member, outsider, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    login(client, member)
    response = client.post("/foodbank/appliances/new/", {
        "kind": "洗濯機", "photo": SimpleUploadedFile("x.png", b"GIF89a....", "image/png"),
    })
    assert "PNGかJPEG" in response.content.decode()
    html = SimpleUploadedFile("x.jpg", b"<html><script>alert(1)</script>", "image/jpeg")
    response = client.post("/foodbank/appliances/new/", {"kind": "洗濯機", "photo": html})
    assert "PNGかJPEG" in response.content.decode()
    response = client.post("/foodbank/appliances/new/", {
        "kind": "洗濯機", "year": "20000",
    })
    assert response.status_code == 200 and not Appliance.objects.exists()
    client.post("/foodbank/appliances/new/", {
        "kind": "洗濯機", "photo": SimpleUploadedFile("x.png", PNG_BYTES, "image/png"),
    })
    appliance = Appliance.objects.get()
    assert str(tmp_path) in appliance.photo.path
    response = client.get(f"/foodbank/appliances/{appliance.pk}/photo/")
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG_BYTES
    login(client, outsider)
    assert client.get(f"/foodbank/appliances/{appliance.pk}/photo/").status_code == 404


def test_appliance_cannot_be_delivered_without_a_safety_check(region, foodbank_household):
    appliance = appliance_services.appliance_register(actor="test", region=region, kind="冷蔵庫")
    request = appliance_services.appliance_request_create(actor="test", region=region,
                                                household=foodbank_household, kind="冷蔵庫",
                                                requested_on=date(2026, 11, 1))
    appliance = appliance_services.appliance_advance(actor="test", appliance=appliance, status="matched",
                                           request=request)
    with pytest.raises(Exception, match="安全点検"):
        appliance_services.appliance_advance(actor="test", appliance=appliance, status="delivered",
                                   on=date(2026, 11, 2))
    with pytest.raises(Exception, match="変更できません"):
        appliance_services.appliance_advance(actor="test", appliance=appliance, status="collected",
                                   on=date(2026, 11, 2))


def _figures_fixture(region):
    make_donation(region, items=[lot_input(name="米", quantity=10, unit="bag", weight="5")])
    first = make_household(region, number=1, size=2)
    second = make_household(region, number=2, size=5)
    fy_day = date(2026, 5, 1)
    services.delivery_record(actor="test", region=region, household=first, given_on=fy_day,
                             items=[("米", 2)])
    services.delivery_record(actor="test", region=region, household=first,
                             given_on=fy_day + timedelta(days=60), items=[("米", 1)])
    event = services.pantry_event_create(actor="test", region=region, held_on=fy_day,
                                         title="パントリー")
    services.pantry_check_in(actor="test", event=event, household=second)
    services.pantry_check_in(actor="test", event=event, anonymous_count=3)


def test_figures_csv_and_xlsx_read_back(client, login, member, region):
    _figures_fixture(region)
    login(client, member)
    response = client.get("/foodbank/figures.csv?year=2026")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    table = {(r[0], r[1]): r[-1] for r in rows[1:]}
    assert rows[0][:3] == ["区分", "項目", "東金市"]
    assert table[("物資支援", "物資支援の回数")] == "2"
    assert table[("物資支援", "支援世帯数（物資支援・パントリーの受付番号）")] == "2"
    assert table[("フードパントリー", "提供人数")] == "8"
    assert table[("食品（圏域全体）", "配布（kg）")] == "15.0"
    assert table[("食品（圏域全体）", "フードロス削減量（kg）")] == "15.0"
    response = client.get("/foodbank/figures.csv?year=2026&encoding=cp932")
    assert "提供人数" in response.content.decode("cp932")
    response = client.get("/foodbank/figures.xlsx?year=2026")
    sheet = load_workbook(io.BytesIO(response.content)).active
    found = {(r[0], r[1]): r[-1] for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert found[("フードパントリー", "開催回数")] == 1
    assert found[("物資支援", "物資支援の回数")] == 2
    assert AuditEntry.objects.filter(target_type="foodbank.figures").count() == 3
    html = client.get("/foodbank/figures/?year=2026").content.decode()
    assert "令和8年度" in html


def test_pantry_food_is_taken_from_stock_and_counted(client, login, member, region,
                                                    foodbank_pantry):
    make_donation(region, items=[lot_input(name="米", quantity=4, unit="bag", weight="5")])
    login(client, member)
    path = f"/foodbank/pantry/{foodbank_pantry.pk}/food/"
    response = client.post(path, {"name": "米", "quantity": "9"})
    assert response.status_code == 400 and "在庫が足りません" in response.content.decode()
    assert client.post(path, {"name": "米", "quantity": "3"}).status_code == 302
    assert Lot.objects.get().quantity == 1
    # shown as given out: 3袋 and 15 kg (not "-3 15.000")
    page = client.get(f"/foodbank/pantry/{foodbank_pantry.pk}/").content.decode()
    assert '<td>米</td><td class="num">3袋</td><td class="num">15</td>' in page
    figures = client.get("/foodbank/figures.csv?year=2026").content.decode("utf-8-sig")
    assert "配布（kg）" in figures and ",15.0" in figures


def test_center_staff_edits_consent_and_contact(client, login, center_staff, region):
    household = make_household(region, number=9, size=2, children=0)
    login(client, center_staff)
    response = client.post(f"/foodbank/households/{household.pk}/edit/", {
        "size": "3", "children": "1", "municipality": "", "referred_by": "市役所",
        "name": "鈴木一郎", "phone": "0475-11-2222", "address": "",
        "consent_consultation": "on",
    })
    assert response.status_code == 302
    household.refresh_from_db()
    assert (household.size, household.name, household.consent_consultation) == (
        3, "鈴木一郎", True)
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE,
                                     target_type="foodbank.household").exists()
    response = client.post(f"/foodbank/households/{household.pk}/edit/",
                           {"size": "abc", "children": "1"})
    assert response.status_code == 200 and "整数" in response.content.decode()


def test_cafeteria_session_links_a_network_event(client, login, member, region, other_region):
    from datetime import datetime

    from tsunagu.network.models import EventKind
    from tsunagu.network.services import EventFields, event_create

    def event(reg, title):
        starts = datetime(2026, 10, 3, 11, 0, tzinfo=dates.TOKYO)
        return event_create(actor="test", region=reg, title=title, fields=EventFields(
            kind=EventKind.CAFETERIA, starts_at=starts, ends_at=starts + timedelta(hours=3),
            venue_type="school"))

    ours, theirs = event(region, "高校で子ども食堂"), event(other_region, "よその食堂")
    login(client, member)
    base = {"held_on": "R8.10.3", "venue_type": "school", "children": "10", "adults": "2",
            "volunteers": "3"}
    response = client.post("/foodbank/cafeteria/", {**base, "event": theirs.pk})
    assert response.status_code == 200 and not CafeteriaSession.objects.exists()
    client.post("/foodbank/cafeteria/", {**base, "event": ours.pk})
    session = CafeteriaSession.objects.get()
    assert session.event == ours
    assert "高校で子ども食堂" in client.get(f"/foodbank/cafeteria/{session.pk}/").content.decode()


def test_outside_readers_get_small_counts_suppressed(client, login, secretariat, region):
    _figures_fixture(region)
    login(client, secretariat)
    rows = list(csv.reader(io.StringIO(
        client.get("/foodbank/figures.csv?year=2026").content.decode("utf-8-sig"))))
    table = {(r[0], r[1]): r[2:] for r in rows[1:]}
    assert table[("物資支援", "物資支援の回数")][0] == "＊"
    assert table[("物資支援", "物資支援の回数")][-1] == "＊"  # 2 of 2 in one town: total too
    assert table[("フードパントリー", "開催回数")][-1] == "1"  # events are not persons
    html = client.get("/foodbank/figures/?year=2026").content.decode()
    assert "秘匿" in html and "株式会社" not in html


def test_suppression_keeps_hidden_cells_unreadable():
    from tsunagu.foodbank.figures import SUPPRESSED, _suppress_row

    row = {"values": [1, 0, 7, 9], "total": 17}
    _suppress_row(row)
    assert row["values"] == [SUPPRESSED, 0, SUPPRESSED, 9] and row["total"] == 17
    row = {"values": [1, 1, 30], "total": 32}
    _suppress_row(row)  # 1+1 = 2 = k: one more cell, then total − visible reveals nothing
    assert row["values"] == [SUPPRESSED, SUPPRESSED, SUPPRESSED]
    row = {"values": [0, 5, 8], "total": 13}
    _suppress_row(row)
    assert row["values"] == [0, 5, 8]


def test_delivery_page_refuses_over_picking_and_unknown_numbers(client, login, member, region):
    make_donation(region, items=[lot_input(name="米", quantity=2)])
    make_household(region, number=3)
    login(client, member)
    form = {"number": "3", "given_on": "R8.11.1", "items-TOTAL_FORMS": "3",
            "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "20",
            "items-0-name": "米", "items-0-quantity": "5"}
    response = client.post("/foodbank/deliveries/new/", form)
    assert "在庫が足りません（在庫 2、必要 5）" in response.content.decode()
    assert not Distribution.objects.exists() and Lot.objects.get().quantity == 2
    response = client.post("/foodbank/deliveries/new/", {**form, "number": "77"})
    assert "この受付番号の世帯はありません" in response.content.decode()
    assert client.post("/foodbank/deliveries/new/", {**form, "items-0-quantity": "2"}).status_code == 302
    assert Lot.objects.get().quantity == 0
    assert Distribution.objects.get().movements.get().quantity == -2
