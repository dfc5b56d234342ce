"""The read-only HSDS API: paging envelope, filters, published services of the region only,
JSON errors, answers valid against the HSDS schemas, and a fixed number of queries."""

import uuid

import pytest
from tests.directory.fixtures_api import hsds_example, japanese_service

from tsunagu.directory import taxonomy as tx
from tsunagu.directory.hsds.services import service_import
from tsunagu.directory.models import Service
from tsunagu.directory.validation import validate

API = "/api/sanbu/hsds"
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def _get(client, path, **params):
    response = client.get(f"{API}{path}", params)
    assert response["Content-Type"] == "application/json"
    return response


def _more_services(region, count, **kwargs):
    for i in range(count):
        service_import(
            actor="test",
            region=region,
            document=japanese_service(
                service_id=str(uuid.uuid4()),
                sal_id=str(uuid.uuid4()),
                location_id=str(uuid.uuid4()),
                name=f"居場所{i:02d}",
                kana=f"イバショ{i:02d}",
                **kwargs,
            ),
        )


def test_root_tells_the_version_and_the_openapi_document(client, region):
    body = _get(client, "/").json()
    assert body["version"] == "3.0"
    assert body["openapi_url"] == "http://testserver/api/sanbu/hsds/openapi.json"
    assert body["profile"].startswith(body["openapi_url"])


def test_openapi_document_has_our_server_and_endpoints(client, region):
    document = _get(client, "/openapi.json").json()
    assert document["servers"] == [{"url": "http://testserver/api/sanbu/hsds"}]
    assert set(document["paths"]) == {
        "/",
        "/services",
        "/services/{id}",
        "/organizations",
        "/organizations/{id}",
        "/service_at_locations",
        "/service_at_locations/{id}",
        "/taxonomies",
        "/taxonomies/{id}",
        "/taxonomy_terms",
        "/taxonomy_terms/{id}",
    }
    assert "raw.githubusercontent.com" not in str(document["paths"])
    assert document["info"]["x-profile"]["address"]["country"] == "JP"


def test_services_are_paged_as_hsds_says(client, hsds_service, hsds_japanese_service):
    body = _get(client, "/services", per_page=1).json()
    assert set(body) == PAGE_KEYS
    assert (body["total_items"], body["total_pages"], body["page_number"], body["size"]) == (
        2,
        2,
        1,
        1,
    )
    assert (body["first_page"], body["last_page"], body["empty"]) == (True, False, False)
    second = _get(client, "/services", per_page=1, page=2).json()
    assert (second["first_page"], second["last_page"]) == (False, True)
    assert {body["contents"][0]["id"], second["contents"][0]["id"]} == {
        str(hsds_service.pk),
        str(hsds_japanese_service.pk),
    }
    beyond = _get(client, "/services", page=9).json()
    assert (beyond["contents"], beyond["empty"], beyond["last_page"]) == ([], True, True)


def test_services_list_one_to_one_fields_and_full_on_request(client, hsds_service):
    listed = _get(client, "/services").json()["contents"][0]
    assert "phones" not in listed and "service_at_locations" not in listed
    assert listed["organization"]["name"] == "Example Organization Inc."
    assert "locations" not in listed["organization"]
    full = _get(client, "/services", full_service="true").json()["contents"][0]
    assert full == hsds_example("service_full")
    assert _get(client, "/services", full="1").json()["contents"][0] == full


def test_service_detail_is_the_fully_nested_document(client, hsds_service):
    body = _get(client, f"/services/{hsds_service.pk}").json()
    assert body == hsds_example("service_full")
    assert validate(body, "service") == []


def test_search_is_kana_insensitive(client, hsds_japanese_service, hsds_service):
    for query in ("ふらっと", "フラット", "ﾌﾗｯﾄ", "とうがね", "東金市", "ほっとすてーしょん"):
        ids = [s["id"] for s in _get(client, "/services", search=query).json()["contents"]]
        assert ids == [str(hsds_japanese_service.pk)], query
    assert _get(client, "/services", search="counselling").json()["total_items"] == 1
    assert _get(client, "/services", search="存在しない").json()["empty"] is True
    assert _get(client, "/services", search="ふらっと\x00").json()["total_items"] == 1
    assert _get(client, "/organizations", search="\x00").status_code == 200


def test_filters_by_term_taxonomy_organization_and_time(
    client, hsds_japanese_service, hsds_service
):
    mark = str(tx.HOT_STATION_MARK_ID)
    hot = str(tx.TAXONOMY_BY_CODE[tx.HOT_STATION].id)

    def ids(**params):
        return [s["id"] for s in _get(client, "/services", **params).json()["contents"]]

    assert ids(taxonomy_term_id=mark) == [str(hsds_japanese_service.pk)]
    assert ids(taxonomy_id=hot) == [str(hsds_japanese_service.pk)]
    assert ids(organization_id=str(hsds_service.organization_id)) == [str(hsds_service.pk)]
    assert len(ids(modified_after="2000-01-01")) == 2
    assert ids(modified_after="2999-01-01T00:00:00+09:00") == []
    # Python allows offsets PostgreSQL refuses; a '+' sent unencoded arrives as a space.
    assert ids(modified_after="5245-11-12T20:59:12+16:36") == []
    assert len(ids(modified_after="2000-01-01T09:00:00 09:00")) == 2
    assert len(ids(modified_after="0001-01-01T00:00:00+09:00")) == 2  # before year 1 in UTC
    assert ids(modified_after="9999-12-31T23:00:00-05:00") == []  # after 9999 in UTC


def test_only_published_services_of_the_region(client, region, other_region, hsds_service):
    service_import(actor="test", region=other_region, document=japanese_service())
    hidden = service_import(
        actor="test",
        region=region,
        document=japanese_service(
            service_id=str(uuid.uuid4()),
            sal_id=str(uuid.uuid4()),
            location_id=str(uuid.uuid4()),
            organization_id=str(uuid.uuid4()),
        ),
    )
    Service.objects.filter(pk=hidden.pk).update(is_published=False)

    assert [s["id"] for s in _get(client, "/services").json()["contents"]] == [str(hsds_service.pk)]
    assert _get(client, f"/services/{hidden.pk}").status_code == 404
    other = Service.objects.get(region=other_region)
    assert _get(client, f"/services/{other.pk}").status_code == 404
    assert client.get(f"/api/other/hsds/services/{other.pk}").status_code == 200
    sals = _get(client, "/service_at_locations").json()["contents"]
    assert [s["service_id"] for s in sals] == [str(hsds_service.pk)]
    organizations = _get(client, "/organizations").json()["contents"]
    assert [o["id"] for o in organizations] == [str(hsds_service.organization_id)]


def test_organizations(client, hsds_service):
    organization_id = str(hsds_service.organization_id)
    listed = _get(client, "/organizations").json()["contents"][0]
    assert listed["id"] == organization_id and "locations" not in listed
    full = _get(client, "/organizations", full_service="true").json()["contents"][0]
    assert full == hsds_example("organization_full")
    detail = _get(client, f"/organizations/{organization_id}").json()
    assert [s["id"] for s in detail["services"]] == [str(hsds_service.pk)]
    assert "service_at_locations" not in detail["services"][0]
    assert _get(client, f"/organizations/{organization_id}", full_service="true").json() == (
        hsds_example("organization_full")
    )
    assert _get(client, "/organizations", search="example org").json()["total_items"] == 1


def test_organization_search_by_kana(client, hsds_japanese_service):
    for query in ("かぶしきがいしゃ", "カブシキ", "ふらっと"):
        assert _get(client, "/organizations", search=query).json()["total_items"] == 1, query


def test_service_at_locations(client, hsds_service, hsds_service_at_location):
    listed = _get(client, "/service_at_locations").json()["contents"][0]
    assert listed["id"] == str(hsds_service_at_location.pk)
    assert listed["location"]["name"] == "MyCity Civic Center"
    assert listed["service"]["id"] == str(hsds_service.pk)
    assert "contacts" not in listed
    detail = _get(client, f"/service_at_locations/{hsds_service_at_location.pk}").json()
    assert detail["location"]["addresses"][0]["city"] == "MyCity"
    assert detail["service"]["id"] == str(hsds_service.pk)
    assert "service_at_locations" not in detail["service"]
    assert validate(detail, "service_at_location") == []
    full = _get(client, "/service_at_locations", full="true").json()["contents"][0]
    assert full == detail


def test_taxonomies_and_terms(client, hsds_service, hsds_japanese_service):
    taxonomies = _get(client, "/taxonomies", per_page=100).json()
    ids = {t["id"] for t in taxonomies["contents"]}
    assert {str(t.id) for t in tx.TAXONOMIES} | {"5c4d79d7-cc55-470e-9f1f-8cad074e4892"} == ids
    for taxonomy in taxonomies["contents"]:
        assert validate(taxonomy, "taxonomy") == []
    mark = _get(client, f"/taxonomy_terms/{tx.HOT_STATION_MARK_ID}").json()
    assert mark["name"] == "ホッとステーション"
    children = _get(client, "/taxonomy_terms", parent_id=str(tx.HOT_STATION_MARK_ID)).json()
    assert children["total_items"] == 4
    hot = str(tx.TAXONOMY_BY_CODE[tx.HOT_STATION].id)
    assert (
        _get(client, "/taxonomy_terms", taxonomy_id=hot, top_only="true").json()["total_items"] == 1
    )
    assert _get(client, f"/taxonomies/{hot}").json()["name"] == "ホッとステーション"
    searched = _get(client, "/taxonomy_terms", search="車いす").json()["contents"]
    assert [t["code"] for t in searched] == [tx.ACCESS_WHEELCHAIR]


def test_terms_of_another_region_are_not_shown(client, region, other_region):
    service_import(actor="test", region=other_region, document=hsds_example("service_full"))
    tx.taxonomy_seed()
    assert _get(client, "/taxonomy_terms/3f7b145d-84af-42d7-8fae-eaca714b02b2").status_code == 404
    assert _get(client, "/taxonomies/5c4d79d7-cc55-470e-9f1f-8cad074e4892").status_code == 404
    assert _get(client, "/taxonomy_terms", per_page=100).json()["total_items"] == len(tx.TERMS)


@pytest.mark.parametrize(
    "path",
    [
        "/services/not-a-uuid",
        f"/services/{uuid.UUID(int=1)}",
        f"/organizations/{uuid.UUID(int=2)}",
        f"/service_at_locations/{uuid.UUID(int=3)}",
        f"/taxonomies/{uuid.UUID(int=4)}",
        f"/taxonomy_terms/{uuid.UUID(int=5)}",
        "/no-such-endpoint",
    ],
)
def test_unknown_ids_are_json_404(client, region, path):
    response = _get(client, path)
    assert response.status_code == 404
    assert response.json()["message"]


def test_unknown_region_is_json_404(client, region):
    response = client.get("/api/nowhere/hsds/services")
    assert response.status_code == 404
    assert response.json() == {"message": "この圏域はありません。"}


@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page": "x"},
        {"page": ""},
        {"page": "٣"},
        {"per_page": "-1"},
        {"per_page": "1.5"},
        {"taxonomy_term_id": "abc"},
        {"taxonomy_term_id": ""},
        {"taxonomy_id": "abc"},
        {"organization_id": "1"},
        {"modified_after": "yesterday"},
        {"full_service": "maybe"},
        {"full": "true", "full_service": "-1"},
    ],
)
def test_invalid_parameters_are_json_400(client, region, params):
    response = _get(client, "/services", **params)
    assert response.status_code == 400
    assert any(name in response.json()["message"] for name in params)


def test_per_page_is_at_most_100(client, region):
    _more_services(region, 3)
    body = _get(client, "/services", per_page=1000).json()
    assert body["size"] == 3 and body["total_pages"] == 1


def test_a_page_far_past_the_end_is_empty(client, region):
    _more_services(region, 1)
    body = _get(client, "/services", page="9" * 5000, per_page="0001").json()
    assert (body["empty"], body["size"], body["total_items"]) == (True, 0, 1)


def test_writes_are_refused(client, region):
    response = client.post(f"{API}/services", {})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_the_api_is_public_and_open_to_other_sites(client, hsds_service):
    response = _get(client, "/services")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "path",
    [
        "/services",
        "/services?full_service=true",
        "/service_at_locations",
        "/service_at_locations?full=true",
        "/organizations?full_service=true",
        "/taxonomy_terms",
        "/taxonomies",
    ],
)
def test_query_count_does_not_grow_with_the_page(
    client, region, path, django_assert_max_num_queries
):
    url = f"{API}{path}{'&' if '?' in path else '?'}per_page=100"
    _more_services(region, 2)
    with django_assert_max_num_queries(5) as few:
        assert client.get(url).status_code == 200
    _more_services(region, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
