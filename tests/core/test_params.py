"""Numbers and ids read from requests (core/params.py), and the pages that took odd ones to the
database: a crawl of every URL with odd query values gave server errors on these three."""

import pytest

from tsunagu.core.params import MAX_ID, id_param, id_params, int_param


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("１２", 12),  # full-width digits, as typed with a Japanese input method
        ("0", 0),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),  # the database cannot hold it
        ("99999999999999999999", None),
        ("-1", None),
        ("1e9", None),
        ("١٢", None),  # Arabic-Indic digits: isdigit() is true, they are not ours
        ("", None),
        (None, None),
        ("\x00", None),
        ("12a", None),
    ],
)
def test_int_param(value, expected):
    assert int_param(value) == expected


def test_ranges_and_ids():
    assert int_param("2024", low=2000, high=2100) == 2024
    assert int_param("1999", low=2000, high=2100) is None
    assert id_param("0") is None  # no row has id 0
    assert id_params(["3", "x", "3", "99999999999999999999", "１"]) == [3, 1]


@pytest.mark.parametrize(
    ("user", "url"),
    [
        ("center_staff", "/needs/?issue=99999999999999999999"),
        ("center_staff", "/community/?method=99999999999999999999&municipality=9223372036854775808"),
        ("secretariat", "/council/proposals/new/?issue=99999999999999999999&issue=1"),
        ("center_staff", "/safeguarding/abuse/?year=%C2%B2"),  # ² : isdigit() true, int() fails
        ("center_staff", "/reports/?year=99999999999999999999"),
    ],
)
def test_odd_numbers_in_the_query_are_no_server_error(db, client, login, request, user, url):
    login(client, request.getfixturevalue(user))
    response = client.get(url)
    assert response.status_code in (200, 400), (url, response.status_code)


def test_a_nul_in_the_query_is_taken_out(db, client, login, center_staff, person):
    """PostgreSQL refuses NUL in text: a search for it was a server error there."""
    login(client, center_staff)
    name = person.family_name
    with_nul = client.get("/people/", {"q": name[:1] + "\x00" + name[1:]})
    assert with_nul.status_code == 200
    assert with_nul.context["query"] == name
    assert f"/people/{person.pk}/" in with_nul.content.decode()
