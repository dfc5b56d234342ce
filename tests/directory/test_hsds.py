"""HSDS 3.0 exchange: the official examples round-trip, exports validate, typed columns follow
the document, writes are all or nothing, audited, and keep history."""

import uuid

import pytest
from tests.directory.fixtures_api import hsds_example, japanese_service

from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.directory import taxonomy as tx
from tsunagu.directory.hsds.exports import (
    location_export,
    organization_export,
    service_at_location_export,
    service_export,
    taxonomy_export,
    taxonomy_term_export,
)
from tsunagu.directory.hsds.fields import extract_service_fields
from tsunagu.directory.hsds.files import import_documents, read_documents
from tsunagu.directory.hsds.services import (
    location_import,
    organization_import,
    service_at_location_import,
    service_create,
    service_import,
    service_save,
    taxonomy_import,
    taxonomy_term_import,
)
from tsunagu.directory.models import (
    Location,
    ResourceOrganization,
    Service,
    ServiceAtLocation,
    ServiceRevision,
    Taxonomy,
    TaxonomyTerm,
)
from tsunagu.directory.validation import HSDSError, validate

# ---- lossless round trips of the official examples ------------------------------------


def test_service_full_round_trips(region):
    document = hsds_example("service_full")
    service = service_import(actor="test", region=region, document=document)
    service = Service.objects.get(pk=service.pk)

    assert service_export(service) == document
    assert validate(service_export(service), "service") == []


def test_service_full_writes_the_objects_it_nests(region):
    document = hsds_example("service_full")
    service = service_import(actor="test", region=region, document=document)

    organization = ResourceOrganization.objects.get(pk=document["organization"]["id"])
    assert service.organization == organization
    assert organization.region == region
    assert organization.document == document["organization"]
    location = Location.objects.get(pk="3a19ff88-4620-4d17-9830-ac1d859eb5d5")
    assert location.organization == organization  # listed in the organization's locations
    assert location.latitude is None  # 100 is not a latitude: the document keeps it
    sal = ServiceAtLocation.objects.get(pk="e94c9f38-1e8f-4564-91d4-d53501ab1765")
    assert (sal.service, sal.location) == (service, location)
    assert "location" not in sal.document
    term = TaxonomyTerm.objects.get(pk="3f7b145d-84af-42d7-8fae-eaca714b02b2")
    assert term.taxonomy == Taxonomy.objects.get(pk="5c4d79d7-cc55-470e-9f1f-8cad074e4892")
    assert term.parent is None  # its parent_id names a term nobody has
    assert term.document["parent_id"] == "0bc248fa-dc27-4650-9ba4-8f1a24ef16a2"
    assert list(service.terms.all()) == [term]
    assert service.name_kana == ""  # "MyCity Counselling Services" is no kana


def test_importing_the_same_document_twice_changes_nothing(region):
    document = hsds_example("service_full")
    service_import(actor="test", region=region, document=document)
    service = service_import(actor="test", region=region, document=document)

    assert Service.objects.count() == 1
    assert service.revisions.count() == 0
    assert service_export(service) == document


def test_organization_full_round_trips(region):
    document = hsds_example("organization_full")
    organization = organization_import(actor="test", region=region, document=document)
    organization = ResourceOrganization.objects.get(pk=organization.pk)

    exported = organization_export(organization, full_service=True)
    assert exported == document
    assert validate(exported, "organization") == []
    service = organization.services.get()
    assert service_export(service)["organization"]["id"] == document["id"]
    assert validate(service_export(service), "service") == []


def test_organization_lists_its_services_by_their_one_to_one_fields(region):
    organization = organization_import(
        actor="test", region=region, document=hsds_example("organization_full")
    )
    listed = organization_export(organization)["services"]
    assert listed[0]["id"] == "ac148810-d857-441c-9679-408f346de14b"
    nested = {k for k, v in listed[0].items() if isinstance(v, list | dict)}
    assert nested == {"program"}  # as /services lists a service (its organization left out)


def test_location_round_trips(region):
    document = hsds_example("location")
    location = location_import(actor="test", region=region, document=document)

    assert location_export(Location.objects.get(pk=location.pk)) == document
    assert validate(location_export(location), "location") == []


def test_service_at_location_full_round_trips(region):
    document = hsds_example("service_at_location_full")
    sal = service_at_location_import(actor="test", region=region, document=document)
    sal = ServiceAtLocation.objects.select_related("service", "location").get(pk=sal.pk)

    exported = service_at_location_export(sal)
    assert exported == document
    assert validate(exported, "service_at_location") == []
    assert validate(exported["service"], "service") == []
    # The service now answers /services/{id} with this place nested.
    nested = service_export(sal.service)["service_at_locations"]
    assert [entry["id"] for entry in nested] == [document["id"]]


def test_service_at_location_keeps_the_services_other_places(region):
    service_import(actor="test", region=region, document=japanese_service())
    document = hsds_example("service_at_location_full")
    document["service"] = {
        k: v for k, v in japanese_service().items() if k != "service_at_locations"
    }
    service_at_location_import(actor="test", region=region, document=document)

    service = Service.objects.get(pk=japanese_service()["id"])
    assert service.at_locations.count() == 2
    assert len(service.document["service_at_locations"]) == 2


@pytest.mark.parametrize("name", ["taxonomy", "taxonomy_list"])
def test_taxonomies_round_trip(db, name):
    example = hsds_example(name)
    for document in example.get("contents", [example]):
        taxonomy = taxonomy_import(actor="test", document=document)
        assert taxonomy_export(Taxonomy.objects.get(pk=taxonomy.pk)) == document
        assert validate(taxonomy_export(taxonomy), "taxonomy") == []


@pytest.mark.parametrize("name", ["taxonomy_term", "taxonomy_term_list"])
def test_taxonomy_terms_round_trip(db, name):
    example = hsds_example(name)
    for document in example.get("contents", [example]):
        term = taxonomy_term_import(actor="test", document=document)
        assert taxonomy_term_export(TaxonomyTerm.objects.get(pk=term.pk)) == document
        assert validate(taxonomy_term_export(term), "taxonomy_term") == []


def test_the_japanese_service_round_trips_and_validates(region):
    document = japanese_service()
    service = service_import(actor="test", region=region, document=document)

    assert service_export(service) == document
    assert validate(service_export(service), "service") == []


# ---- typed columns ---------------------------------------------------------------------


def test_typed_columns_come_from_the_document(region):
    service = service_import(actor="test", region=region, document=japanese_service())
    service.refresh_from_db()

    assert service.name == "ふらっとカフェ東金"
    assert service.name_kana == "フラットカフェトウガネ"
    assert str(service.assured_date) == "2024-04-01"
    assert service.is_hot_station is True
    assert service.offerings == ["ibasho", "cool"]
    assert {t.code for t in service.terms.all()} == {
        "svc-ibasho",
        "kind-business",
        tx.HOT_STATION_MARK,
        "offering-ibasho",
        "offering-cool",
    }
    location = service.locations.get()
    assert location.municipality.name == "東金市"
    assert (location.wheelchair, location.parking, location.public_transport) == (
        True,
        True,
        False,
    )
    assert (location.latitude, location.longitude) == (35.5597, 140.3661)
    assert service.organization.name_kana == "カブシキガイシャフラット"


def test_search_text_is_kana_folded_and_holds_terms_and_municipality(region):
    service = service_import(actor="test", region=region, document=japanese_service())
    service.refresh_from_db()

    assert "ふらっとかふぇとうがね" in service.search_text  # katakana folded to hiragana
    assert "ほっとすてーしょん" in service.search_text  # a term's name
    assert "東金市" in service.search_text
    assert "生活関連産業" in service.search_text


def test_municipality_is_matched_with_the_prefecture_or_county_written(region):
    document = japanese_service(city="山武郡芝山町")
    service = service_import(actor="test", region=region, document=document)
    assert service.locations.get().municipality.name == "芝山町"


def test_a_municipality_outside_the_region_is_left_blank(region):
    document = japanese_service(city="千葉市")
    service = service_import(actor="test", region=region, document=document)
    assert service.locations.get().municipality is None


def test_alternate_name_in_hiragana_is_kept_as_kana(region):
    service = service_import(
        actor="test", region=region, document=japanese_service(kana="ふらっと かふぇ")
    )
    assert service.name_kana == "ふらっと かふぇ"


def test_extract_service_fields_sets_the_instance_and_does_not_save(region):
    service = service_import(actor="test", region=region, document=japanese_service())
    service.document["name"] = "別の名前"
    service.document["attributes"] = []

    fields = extract_service_fields(service)

    assert (fields["name"], service.name) == ("別の名前", "別の名前")
    assert (fields["offerings"], service.is_hot_station, fields["terms"]) == ([], False, [])
    assert service.search_text.startswith("別の名前|")
    assert Service.objects.get(pk=service.pk).name == "ふらっとカフェ東金"


# ---- checks before writing ----------------------------------------------------------------


def test_an_invalid_document_writes_nothing_and_names_path_and_reason(region):
    document = japanese_service()
    document["status"] = "open"
    document["phones"][0]["id"] = "not-a-uuid"
    del document["name"]

    with pytest.raises(HSDSError) as raised:
        service_import(actor="test", region=region, document=document)

    messages = {(e.path, e.reason) for e in raised.value.errors}
    assert ("$", "「name」がありません（必須です）。") in messages
    assert any(path == "$.status" and "active" in reason for path, reason in messages)
    assert any(path == "$.phones[0].id" and "uuid" in reason for path, reason in messages)
    assert not Service.objects.exists()
    assert not ResourceOrganization.objects.exists()


def test_a_service_needs_an_organization(region):
    document = japanese_service()
    del document["organization"]
    with pytest.raises(HSDSError, match="運営団体"):
        service_import(actor="test", region=region, document=document)


def test_ids_of_another_region_are_refused(region, other_region):
    service_import(actor="test", region=other_region, document=japanese_service())
    with pytest.raises(HSDSError) as raised:
        service_import(actor="test", region=region, document=japanese_service())

    paths = {e.path for e in raised.value.errors}
    assert {"$.id", "$.organization.id", "$.service_at_locations[0].location.id"} <= paths
    assert Service.objects.get().region == other_region


def test_the_same_place_twice_in_one_service_is_refused(region):
    document = japanese_service()
    twice = dict(document["service_at_locations"][0], id=str(uuid.uuid4()))
    document["service_at_locations"].append(twice)
    with pytest.raises(HSDSError, match="同じ所在地"):
        service_import(actor="test", region=region, document=document)


# ---- writes: history, audit, shared objects --------------------------------------------


def test_service_save_keeps_the_old_document_and_derives_again(region, center_staff):
    service = service_import(actor="test", region=region, document=japanese_service())
    old = service_export(service)
    document = service_export(service)
    document["name"] = "ふらっとカフェ"
    document["attributes"] = [
        a for a in document["attributes"] if a["taxonomy_term"]["code"] != "offering-cool"
    ]

    saved = service_save(actor=center_staff, service=service, document=document, note="名称変更")

    saved.refresh_from_db()
    assert saved.name == "ふらっとカフェ"
    assert saved.offerings == ["ibasho"]
    assert saved.updated_by == center_staff
    assert service_export(saved) == document
    revision = ServiceRevision.objects.get(service=saved)
    assert (revision.document, revision.note, revision.changed_by) == (
        old,
        "名称変更",
        center_staff,
    )
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, target_id=str(service.pk)).get()
    assert entry.user == center_staff
    assert "ふらっと" not in entry.summary


def test_service_save_keeps_history_when_the_instance_dict_was_edited_in_place(region):
    service = service_import(actor="test", region=region, document=japanese_service())
    document = service.document  # the same dict object: still a revision of the stored one
    document["name"] = "変えた名前"

    service_save(actor="test", service=service, document=document)

    assert service.revisions.get().document["name"] == "ふらっとカフェ東金"


def test_service_save_refuses_another_id(region):
    service = service_import(actor="test", region=region, document=japanese_service())
    document = service_export(service)
    document["id"] = str(uuid.uuid4())
    with pytest.raises(HSDSError, match="変えられません"):
        service_save(actor="test", service=service, document=document)


def test_service_create_nests_the_organization(region):
    first = service_import(actor="test", region=region, document=japanese_service())
    document = {"name": "土曜の居場所", "description": "毎週土曜に開いています。"}

    service = service_create(
        actor="test", region=region, organization=first.organization, document=document
    )

    assert service.organization == first.organization
    assert service.document["organization"] == first.organization.document
    assert service.document["status"] == "active"
    assert validate(service_export(service), "service") == []
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, target_id=str(service.pk), summary__contains="source=form"
    ).exists()


def test_service_create_refuses_another_regions_organization(region, other_region):
    other = service_import(actor="test", region=other_region, document=japanese_service())
    with pytest.raises(HSDSError):
        service_create(
            actor="test", region=region, organization=other.organization, document={"name": "x"}
        )


def test_import_is_audited_without_names(region):
    service = service_import(actor="test", region=region, document=japanese_service())
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, target_id=str(service.pk))
    assert entry.region == region
    assert entry.summary.startswith("source=hsds organization=")
    assert "ふらっと" not in entry.summary


def test_a_shared_location_is_the_same_in_every_document(region):
    """Two services at one place: importing one with a changed place updates the other."""
    first = service_import(actor="test", region=region, document=japanese_service())
    second_document = japanese_service(
        service_id=str(uuid.uuid4()), sal_id=str(uuid.uuid4()), name="夏のクールステーション"
    )
    second_document["service_at_locations"][0]["location"]["name"] = "ふらっとカフェ（新館）"
    second = service_import(actor="test", region=region, document=second_document)

    first.refresh_from_db()
    assert first.document["service_at_locations"][0]["location"]["name"] == "ふらっとカフェ（新館）"
    assert first.document["organization"] == second.document["organization"]
    assert Location.objects.get().name == "ふらっとカフェ（新館）"


def test_sals_left_out_of_a_new_document_are_removed(region):
    service = service_import(actor="test", region=region, document=japanese_service())
    document = service_export(service)
    document["service_at_locations"] = []
    service_save(actor="test", service=service, document=document)
    assert not service.at_locations.exists()


# ---- the taxonomy ---------------------------------------------------------------------


def test_taxonomy_ids_are_fixed():
    assert tx.term_uuid("hot-station") == uuid.uuid5(tx.NAMESPACE, "term:hot-station")
    assert str(tx.NAMESPACE) == "b581d4b8-cd15-5141-a697-0a3f21456db7"
    assert str(tx.HOT_STATION_MARK_ID) == "b2e0c534-0cbf-5bc7-acfb-bf1b7789578f"


def test_taxonomy_codes_are_unique_and_parents_come_first():
    codes = [t.code for t in tx.TERMS]
    assert len(codes) == len(set(codes))
    for i, term in enumerate(tx.TERMS):
        if term.parent:
            assert term.parent in codes[:i]
    assert {t.code for t in tx.TERMS if t.taxonomy == tx.KIND} == {
        "kind-government",
        "kind-health-welfare",
        "kind-community",
        "kind-volunteer-group",
        "kind-npo",
        "kind-self-help",
        "kind-business",
    }


def test_taxonomy_seed_is_idempotent_and_valid(db):
    # migrate already seeded it (directory.apps post_migrate): nothing more to create ...
    assert tx.taxonomy_seed() == 0
    assert TaxonomyTerm.objects.count() == len(tx.TERMS)
    # ... and a term changed in the database is brought back to ours.
    TaxonomyTerm.objects.filter(pk=tx.HOT_STATION_MARK_ID).update(name="x")
    tx.taxonomy_seed()
    assert TaxonomyTerm.objects.get(pk=tx.HOT_STATION_MARK_ID).name != "x"
    for term in TaxonomyTerm.objects.all():
        assert validate(taxonomy_term_export(term), "taxonomy_term") == []
    mark = TaxonomyTerm.objects.get(pk=tx.HOT_STATION_MARK_ID)
    assert [t.code for t in mark.children.order_by("code")] == [
        "offering-consultation",
        "offering-cool",
        "offering-ibasho",
        "offering-training",
    ]


def test_our_terms_are_not_overwritten_by_an_import(region):
    document = japanese_service()
    document["attributes"][0]["taxonomy_term"]["name"] = "いたずら"
    service_import(actor="test", region=region, document=document)
    term = TaxonomyTerm.objects.get(code="svc-ibasho")
    assert term.name == "居場所"


# ---- files of documents -----------------------------------------------------------------


def test_read_documents_reads_ndjson_and_single_documents():
    documents, errors = read_documents('{"id": 1}\n\n{"id": 2}\nnot json\n')
    assert [line for line, _d in documents] == [1, 3]
    assert [(e.line, e.path) for e in errors] == [(4, "$")]
    documents, errors = read_documents('{\n  "id": 1\n}\n')
    assert documents == [(None, {"id": 1})] and errors == []


def test_import_documents_is_all_or_nothing(region):
    good = japanese_service()
    bad = japanese_service(service_id=str(uuid.uuid4()), sal_id=str(uuid.uuid4()))
    bad["status"] = "closed"

    result = import_documents(actor="test", region=region, documents=[(1, good), (2, bad)])

    assert [str(e) for e in result.errors] == [
        '2 行目 $.status: 使える値は "active", "inactive", "defunct", "temporarily closed" です。'
    ]
    assert not Service.objects.exists()


def test_import_documents_rolls_back_on_a_later_problem(region, other_region):
    service_import(actor="test", region=other_region, document=japanese_service(city="千葉市"))
    first = japanese_service(
        service_id=str(uuid.uuid4()), organization_id=str(uuid.uuid4()),
        location_id=str(uuid.uuid4()), sal_id=str(uuid.uuid4()),
    )
    taken = japanese_service()  # its ids belong to the other region

    result = import_documents(actor="test", region=region, documents=[(1, first), (2, taken)])

    assert {e.line for e in result.errors} == {2}
    assert not Service.objects.filter(region=region).exists()


def test_import_documents_dry_run_counts_and_writes_nothing(region):
    result = import_documents(
        actor="test", region=region, documents=[(1, japanese_service())], dry_run=True
    )
    assert (result.created, result.updated, result.errors) == (1, 0, [])
    assert not Service.objects.exists()
    assert "確認のみ" in result.summary()


def test_the_same_service_twice_in_a_file_is_refused(region):
    result = import_documents(
        actor="test", region=region, documents=[(1, japanese_service()), (2, japanese_service())]
    )
    assert [e.line for e in result.errors] == [2]


def test_two_places_can_swap_their_service_at_locations(region):
    document = japanese_service()
    second = {
        "id": str(uuid.uuid4()),
        "location": dict(
            document["service_at_locations"][0]["location"], id=str(uuid.uuid4()), attributes=[]
        ),
    }
    second["location"]["addresses"] = []
    document["service_at_locations"].append(second)
    service = service_import(actor="test", region=region, document=document)
    first_id, second_id = (e["id"] for e in document["service_at_locations"])
    a, b = (e["location"] for e in document["service_at_locations"])
    document["service_at_locations"][0]["location"] = b
    document["service_at_locations"][1]["location"] = a

    service_save(actor="test", service=service, document=document)

    assert str(ServiceAtLocation.objects.get(pk=first_id).location_id) == b["id"]
    assert str(ServiceAtLocation.objects.get(pk=second_id).location_id) == a["id"]


def test_an_unchanged_document_writes_nothing(region):
    service_import(actor="test", region=region, document=japanese_service())
    result = import_documents(actor="test", region=region, documents=[(1, japanese_service())])
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()
    assert "変更なし 1件" in result.summary()


def test_a_location_listed_by_an_organization_refreshes_the_services_there(region):
    """A place written through an organization's locations reaches a service held there."""
    held_there = service_import(actor="test", region=region, document=japanese_service())
    place = japanese_service()["service_at_locations"][0]["location"]
    other = hsds_example("service_full")
    other["organization"]["locations"] = [dict(place, name="改装後のカフェ")]

    service_import(actor="test", region=region, document=other)

    held_there.refresh_from_db()
    assert held_there.document["service_at_locations"][0]["location"]["name"] == "改装後のカフェ"


def test_nul_characters_are_refused_before_writing(region):
    """PostgreSQL stores no NUL in text or jsonb: refused with its path, not a crash."""
    document = japanese_service()
    document["description"] = "a\x00b"
    document["organization"]["x-note\x00"] = "c"
    with pytest.raises(HSDSError) as raised:
        service_import(actor="test", region=region, document=document)
    assert {e.path for e in raised.value.errors} == {"$.description", "$.organization"}


def test_import_documents_refuses_addresses_outside_the_region(region):
    """The official HSDS example is Californian: refused, naming the line, path and city."""
    inside = japanese_service()
    elsewhere = hsds_example("service_full")
    nowhere = japanese_service(service_id=str(uuid.uuid4()), sal_id=str(uuid.uuid4()),
                               location_id=str(uuid.uuid4()))
    nowhere["service_at_locations"] = []

    result = import_documents(
        actor="test", region=region, documents=[(1, inside), (2, elsewhere), (3, nowhere)]
    )

    errors = [str(e) for e in result.errors]
    assert {e.line for e in result.errors} == {2, 3}
    assert any(e.startswith("2 行目 $.service_at_locations[0].location.addresses[0].city: 「")
               and "は圏域の市町村ではありません" in e for e in errors)
    assert any(e.startswith("3 行目 $: 圏域の市町村にある所在地がありません") for e in errors)
    assert not Service.objects.exists()
    nowhere["service_areas"] = [{"id": str(uuid.uuid4()), "name": "山武圏域全域"}]
    result = import_documents(actor="test", region=region, documents=[(1, inside), (3, nowhere)])
    assert result.errors == [] and result.created == 2
