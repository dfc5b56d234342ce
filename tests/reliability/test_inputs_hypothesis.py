"""Property-based tests of form, search and API input: whatever is typed or sent, the answer
is a page or a refusal, never a server error; and JSON for the HSDS import that is malformed,
nested ten thousand deep or 100 MB is refused with a message, before it is read."""

import io

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.reliability.strategies import CELL, FUZZ

from tsunagu.directory.hsds.files import read_documents
from tsunagu.directory.models import Service
from tsunagu.people.models import Person

pytestmark = pytest.mark.django_db

PERSON_FIELDS = ["family_name", "given_name", "family_name_kana", "given_name_kana",
                 "birth_date", "gender", "postal_code", "municipality", "address", "phone",
                 "email", "contact_note", "support_category", "intractable_disease",
                 "school_leaving_year", "disabilities", "primary_disability", "staff",
                 "organizations", "confirm_distinct"]  # fmt: skip


@FUZZ
@given(values=st.fixed_dictionaries({}, optional={f: CELL for f in PERSON_FIELDS}))
def test_person_form_never_errors(client, center_staff, login, values):
    login(client, center_staff)
    before = Person.objects.count()
    response = client.post("/people/new/", {k: v.replace("\x00", "") for k, v in values.items()})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Person.objects.count() == before  # refused: nothing written


@FUZZ
@given(values=st.fixed_dictionaries({}, optional={f: CELL for f in PERSON_FIELDS}))
def test_person_form_with_nul_bytes_is_refused_not_crashed(client, center_staff, login, values):
    """A NUL typed or pasted (PostgreSQL refuses it in text) gives a form error."""
    login(client, center_staff)
    response = client.post("/people/new/", {k: v + "\x00" for k, v in values.items()})
    assert response.status_code in (200, 302)


@settings(FUZZ, max_examples=20)  # seven pages per example
@given(query=CELL, page=st.one_of(CELL, st.integers(-(10**20), 10**20).map(str)))
def test_searches_and_lists_never_error(client, center_staff, login, region, query, page):
    login(client, center_staff)
    for url in ("/people/", "/consultations/", "/directory/", "/needs/", "/council/issues/",
                f"/public/{region.code}/directory/", f"/public/{region.code}/council/"):  # fmt: skip
        response = client.get(url, {"q": query, "page": page, "year": page, "category": query})
        assert response.status_code < 500, url


@settings(FUZZ, max_examples=25)  # four endpoints per example
@given(params=st.dictionaries(st.sampled_from(["q", "page", "per_page", "taxonomy_term_id",
                                                "modified_after", "full", "sort"]), CELL))
def test_hsds_api_query_parameters_never_error(client, region, params):
    for path in ("services", "organizations", "taxonomies", "service_at_locations"):
        response = client.get(f"/api/{region.code}/hsds/{path}", params)
        assert response.status_code < 500, (path, params)


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, "[" * 100_000 + "]" * 100_000, '{"a":' * 5000 + "1" + "}" * 5000,
     '{"id": "x"', '{"id": "x"}\n{"id": ', "\ufeff", "null", "1e999999"],
)  # fmt: skip
def test_malformed_and_deep_json_is_an_error_not_a_crash(text):
    documents, errors = read_documents(text)
    assert errors or documents  # one or the other, never an exception
    for error in errors:
        assert str(error).strip()


def test_deep_json_file_is_refused_by_the_import_command(region, tmp_path):
    path = tmp_path / "deep.ndjson"
    path.write_text('{"id": "x", "name": ' + "[" * 50_000 + "]" * 50_000 + "}\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="何も書き込んでいません"):
        call_command("directory", "import", "--hsds", str(path), stdout=io.StringIO(), stderr=err)
    assert "入れ子が深すぎます" in err.getvalue()
    assert Service.objects.count() == 0


@pytest.mark.parametrize("option", ["--hsds", "--csv"])
def test_a_100_mb_file_is_refused_before_it_is_read(region, tmp_path, option):
    path = tmp_path / "huge.ndjson"
    with path.open("wb") as file:
        file.truncate(100 * 1024 * 1024)  # sparse: 100 MB as far as stat knows
    with pytest.raises(CommandError, match="大きすぎます"):
        call_command("directory", "import", option, str(path), stdout=io.StringIO())
